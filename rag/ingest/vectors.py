"""Vectors we already have, so a build embeds only what is new.

Two sources, both keyed by the embedding model and the text's hash:
- the current index (unchanged documents keep their chunk and sentence vectors);
- checkpoints: each embedded batch is saved under the index folder as it is
  made, so a killed build continues where it stopped. The checkpoint folder
  lives inside the index folder, which a finished build replaces whole: the
  checkpoints of a good build are gone with the old folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
import uuid
import zipfile
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from rag.embeddings import Embedder, Progress

# Inside the index folder (rag/index.py lists it among its own names).
CHECKPOINT_DIR = "checkpoints"


def text_key(text: str) -> str:
    """The digest a vector is filed under (hex: numpy's byte strings drop trailing NULs)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def model_key(identity: dict, dtype: str) -> str:
    """Vectors are only reused for the same model files and dtype."""
    blob = json.dumps({"identity": identity, "dtype": dtype}, sort_keys=True)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]


class VectorCache:
    """text digest -> vector, from the previous index and this model's checkpoints."""

    def __init__(self, checkpoint_folder: Path, model: str, checkpoint_texts: int) -> None:
        self.folder = Path(checkpoint_folder)
        self.model = model
        self.checkpoint_texts = checkpoint_texts
        self.known: dict[str, np.ndarray] = {}
        self.resumed = 0  # vectors read back from checkpoints

    def add_index(self, texts: Sequence[str], vectors: np.ndarray) -> None:
        for text, vector in zip(texts, vectors):
            self.known.setdefault(text_key(text), vector)

    def load_checkpoints(self) -> None:
        """Vectors a killed build of this model saved; a damaged file is ignored (re-embedded)."""
        for path in sorted(self.folder.glob(f"{self.model}-*.npz")):
            try:
                with np.load(path, allow_pickle=False) as saved:
                    keys, vectors = saved["keys"], saved["vectors"]
            except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
                continue
            for key, vector in zip(keys.tolist(), vectors):
                if key not in self.known:
                    self.known[key] = vector
                    self.resumed += 1

    def missing(self, texts: Sequence[str]) -> list[str]:
        """Texts without a vector, each once, in first-seen order."""
        seen: set[str] = set()
        out = []
        for text in texts:
            key = text_key(text)
            if key not in self.known and key not in seen:
                seen.add(key)
                out.append(text)
        return out

    def vectors_for(self, texts: Sequence[str], dimension: int) -> np.ndarray:
        if not texts:
            return np.zeros((0, dimension), dtype=np.float32)
        return np.vstack([self.known[text_key(t)] for t in texts]).astype(np.float32)

    def save(self, texts: Sequence[str], vectors: np.ndarray) -> None:
        """One checkpoint file, written whole or not at all."""
        self.folder.mkdir(parents=True, exist_ok=True)
        keys = np.array([text_key(t) for t in texts], dtype="U64")
        name = f"{self.model}-{time.time_ns()}-{uuid.uuid4().hex[:6]}"
        temp = self.folder / f".{name}.tmp"
        with open(temp, "wb") as handle:
            np.savez(handle, keys=keys, vectors=np.asarray(vectors, dtype=np.float32))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, self.folder / f"{name}.npz")
        for key, vector in zip(keys.tolist(), vectors):
            self.known[key] = vector


def embed_missing(embedder: Embedder, cache: VectorCache, texts: Sequence[str], progress: Progress,
                  batch_size: int, label: str) -> int:
    """Embed the texts the cache lacks, checkpointing every `cache.checkpoint_texts`; returns how many."""
    todo = sorted(cache.missing(texts), key=len)  # length-sorted batches: less padding
    if not todo:
        return 0
    report = _progress_reporter(progress, label, len(todo))
    pending: list[str] = []
    rows: list[np.ndarray] = []
    for start in range(0, len(todo), batch_size):
        batch = todo[start : start + batch_size]
        rows.append(embedder.embed_batch(batch, "document"))
        pending += batch
        if len(pending) >= cache.checkpoint_texts or start + batch_size >= len(todo):
            cache.save(pending, np.vstack(rows))
            pending, rows = [], []
        report(start + len(batch))
    report.close()
    return len(todo)


class _Reporter:
    def __init__(self, update: Callable[[int], None], close: Callable[[], None] = lambda: None) -> None:
        self._update, self.close = update, close

    def __call__(self, done: int) -> None:
        self._update(done)


def _progress_reporter(progress: Progress, label: str, total: int) -> _Reporter:
    """A tqdm bar with its ETA (terminals, the app), a callback, or nothing."""
    if progress is True:
        from tqdm import tqdm

        bar = tqdm(total=total, desc=label, unit="text", file=sys.stderr)
        return _Reporter(lambda done: bar.update(done - bar.n), bar.close)
    if callable(progress):
        return _Reporter(lambda done: progress(label, done, total))
    return _Reporter(lambda done: None)
