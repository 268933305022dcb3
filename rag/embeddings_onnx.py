"""EmbeddingGemma through ONNX Runtime: the same vectors as PyTorch, without loading PyTorch.

Measured on this 2-core AVX2 machine (round thirteen): a query embedded in about a third of
PyTorch's time, cosine 1.000000 against PyTorch's vector for the same text; a new process reads
its tokenizer and the ONNX graph in about 2 s, where importing torch and sentence-transformers
and loading the model took most of `rag search`'s 12 s cold start.

The ONNX graph is made once from the verified model folder (`rag models fetch`, or `rag models
export-onnx`): the sentence-transformers pipeline (transformer, mean pooling, both dense layers,
normalisation) exported whole with torch.onnx, written into a temporary folder and renamed into
place, with a provenance file that names the source weights' SHA-256. A graph whose provenance
does not match the folder's weights is not used.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from rag.config import ONNX_FOLDER_NAME
from rag.errors import RagError
from rag.models import MODELS_OWNER, embedding_fingerprint
from rag.paths import require_ours

GRAPH_NAME = "model.onnx"
PROVENANCE_NAME = "provenance.json"
# Bumped when the exported graph's inputs, outputs or pipeline change.
EXPORT_FORMAT = 1


def onnx_folder(models_dir: Path) -> Path:
    return Path(models_dir) / ONNX_FOLDER_NAME


def source_digest(model_folder: Path) -> str:
    """What identifies the source model's bytes: a digest of its fingerprint (rag/models.py: the
    pinned SHA-256s of a verified folder, else names and sizes). Cheap: nothing is hashed."""
    fingerprint = json.dumps(embedding_fingerprint(Path(model_folder)), sort_keys=True)
    return hashlib.sha256(fingerprint.encode("utf-8")).hexdigest()


def usable_export(model_folder: Path, folder: Path, digest: str | None = None) -> bool:
    """True when `folder` holds a graph exported from these weights in this format."""
    try:
        provenance = json.loads((folder / PROVENANCE_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if provenance.get("format") != EXPORT_FORMAT or not (folder / GRAPH_NAME).is_file():
        return False
    return provenance.get("source_sha256") == (digest or source_digest(model_folder))


class OnnxEmbedder:
    """The Embedder interface (rag/embeddings.py, which picks it) over an exported EmbeddingGemma graph.

    Its model_id is the source folder's, as for SentenceTransformerEmbedder: the vectors are the
    same, so an index built with either is read by both.
    """

    def __init__(self, model_folder: str, folder: Path, batch_size: int = 16, threads: int | None = None) -> None:
        self.model_id = model_folder
        self.dtype = "fp32"
        self.batch_size = batch_size
        self._folder = Path(folder)
        self._threads = threads
        self._session: Any = None
        self._tokenizer: Any = None
        self._prompts: dict[str, str] = {}
        self._dimension = 0

    @property
    def dimension(self) -> int:
        self._loaded()
        return self._dimension

    def embed_batch(self, texts: Sequence[str], kind: str) -> np.ndarray:
        session, tokenizer = self._loaded()
        prompt = self._prompts.get(kind, "")
        rows = []
        for start in range(0, len(texts), self.batch_size):
            encoded = tokenizer.encode_batch([prompt + t for t in texts[start : start + self.batch_size]])
            ids, mask = _padded(encoded)
            rows.append(session.run(None, {"ids": ids, "mask": mask})[0])
        if not rows:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = np.vstack(rows).astype(np.float32)
        return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)

    def _loaded(self) -> tuple[Any, Any]:
        if self._session is None:
            self._session, self._tokenizer, self._prompts, self._dimension = _load(Path(self.model_id), self._folder,
                                                                                  self._threads)
        return self._session, self._tokenizer


def _padded(encoded: Sequence[Any]) -> tuple[np.ndarray, np.ndarray]:
    """Right-padded ids and attention mask (the graph pools over the mask, so padding changes nothing)."""
    width = max(len(e.ids) for e in encoded)
    ids = np.zeros((len(encoded), width), dtype=np.int64)
    mask = np.zeros((len(encoded), width), dtype=np.int64)
    for row, e in enumerate(encoded):
        ids[row, : len(e.ids)] = e.ids
        mask[row, : len(e.ids)] = e.attention_mask
    return ids, mask


def _load(model_folder: Path, folder: Path, threads: int | None) -> tuple[Any, Any, dict[str, str], int]:
    import onnxruntime  # deferred: only a process that embeds pays for loading it
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(model_folder / "tokenizer.json"))
    tokenizer.enable_truncation(_max_length(model_folder))
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads or os.cpu_count() or 1
    options.log_severity_level = 3  # warnings about unused initializers are noise on every CLI call
    try:
        session = onnxruntime.InferenceSession(str(folder / GRAPH_NAME), options, providers=["CPUExecutionProvider"])
    except Exception as exc:  # onnxruntime raises its own types for a damaged or partial file
        raise RagError(f"cannot load the ONNX embedding graph in {folder}: {str(exc).splitlines()[0]}; "
                       f"run `rag models export-onnx`") from exc
    config = json.loads((model_folder / "config_sentence_transformers.json").read_text(encoding="utf-8"))
    prompts = {kind: config.get("prompts", {}).get(kind, "") for kind in ("query", "document")}
    dimension = int(session.get_outputs()[0].shape[-1])
    return session, tokenizer, prompts, dimension


def _max_length(model_folder: Path) -> int:
    """The sequence length sentence-transformers truncates to (sentence_bert_config.json)."""
    try:
        config = json.loads((model_folder / "sentence_bert_config.json").read_text(encoding="utf-8"))
        return int(config.get("max_seq_length") or 2048)
    except (OSError, ValueError):
        return 2048


# ---------------------------------------------------------------- export


def export(model_folder: Path, models_dir: Path, say=print) -> Path:
    """Export the verified model folder to models_dir/embeddinggemma-onnx, unless a usable export
    of the same weights is there. Written beside it first and renamed into place: a crash leaves
    the previous export (or none), never half of one."""
    model_folder, target = Path(model_folder), onnx_folder(models_dir)
    require_ours(Path(models_dir), MODELS_OWNER)  # the export replaces a folder in it: only in a folder of ours
    digest = source_digest(model_folder)
    if usable_export(model_folder, target, digest):
        return target
    say(f"exporting the embedding model to ONNX ({target}); about two minutes, once")
    started = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix=".fetch-onnx-", dir=models_dir))
    work.chmod(0o755)  # mkdtemp's 0700 would keep the export from other users of the models folder
    try:
        _export_graph(model_folder, work / GRAPH_NAME)
        import torch

        (work / PROVENANCE_NAME).write_text(json.dumps(
            {"format": EXPORT_FORMAT, "source_sha256": digest, "torch": torch.__version__}, indent=2), encoding="utf-8")
        if target.exists():
            shutil.rmtree(target)  # ours: only an export of other weights or format gets here
        work.rename(target)
    finally:
        if work.exists():
            shutil.rmtree(work, ignore_errors=True)
    say(f"ONNX export ready in {time.monotonic() - started:.0f} s")
    return target


def _export_graph(model_folder: Path, out: Path) -> None:
    import torch
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(model_folder), device="cpu")
    model[0].auto_model.config._attn_implementation = "eager"  # sdpa's mask code does not export

    class Pipeline(torch.nn.Module):
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, ids, mask):
            return self.inner({"input_ids": ids, "attention_mask": mask})["sentence_embedding"]

    sample = model.tokenizer(["task: search result | query: 서울시 인구는?", "title: none | text: 짧은 글"],
                             return_tensors="pt", padding=True)
    with torch.no_grad():
        torch.onnx.export(Pipeline(model).eval(), (sample["input_ids"], sample["attention_mask"]), str(out),
                          input_names=["ids", "mask"], output_names=["sentence_vector"],
                          dynamic_axes={"ids": {0: "batch", 1: "length"}, "mask": {0: "batch", 1: "length"}},
                          opset_version=18, dynamo=True, external_data=True)
