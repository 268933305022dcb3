"""A killed `rag index` over 10,000 documents resumes: the rerun embeds only what was not checkpointed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np

from rag.embeddings import FakeEmbedder
from rag.index import load_index
from rag.ingest.vectors import CHECKPOINT_DIR
from tests.killing import PROJECT_ROOT, index_killed_after_batches, run_and_kill_at_marker

DOCUMENTS = 10_000
# The child embeds this many batches, then stops at the marker and is killed (kill -9).
BATCHES_BEFORE_KILL = 40
BATCH, CHECKPOINT = 16, 256

KILLED_INDEX = index_killed_after_batches("FakeEmbedder")


def synthetic_collection(folder: Path) -> None:
    folder.mkdir()
    for i in range(DOCUMENTS):
        (folder / f"doc{i:05d}.txt").write_text(
            f"Bulletin {i}\n\nDistrict office {i} opened a library on street {i % 97}. "
            f"구청 {i}호 도서관은 주민 {i * 7}명이 이용했다.\n", encoding="utf-8")


def test_a_killed_index_over_10k_documents_resumes_without_re_embedding(tmp_path, monkeypatch):
    seeds, index_dir = tmp_path / "seeds", tmp_path / "index"
    synthetic_collection(seeds)
    for name, value in {"SEEDS_DIR": seeds, "INDEX_DIR": index_dir, "LIBRARY_DIR": tmp_path / "library",
                        "EMBEDDING_MODEL": "fake", "LOG_DIR": tmp_path / "logs", "ANSWER_CONTEXT": "sentences",
                        "EMBEDDING_BATCH_SIZE": BATCH, "CHECKPOINT_TEXTS": CHECKPOINT}.items():
        monkeypatch.setenv(f"RAG_{name}", str(value))

    marker = tmp_path / "killed-here"
    run_and_kill_at_marker(KILLED_INDEX, [str(marker), str(BATCHES_BEFORE_KILL)], marker)
    assert not (index_dir / "manifest.json").exists(), "the killed build must not have finished"
    checkpoints = list((index_dir / CHECKPOINT_DIR).glob("*.npz"))
    saved = BATCHES_BEFORE_KILL * BATCH // CHECKPOINT * CHECKPOINT
    assert len(checkpoints) == saved // CHECKPOINT

    rerun = subprocess.run([sys.executable, "-m", "rag.cli", "index"], cwd=PROJECT_ROOT, capture_output=True,
                           text=True, timeout=900)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    build = json.loads((index_dir / "manifest.json").read_text(encoding="utf-8"))["build"]
    index = load_index(_settings())
    unique = len({c.text for c in index.chunks} | {s.text for s in index.sentences})
    assert build["resumed_texts"] == saved  # read back, not embedded again
    assert build["embedded_texts"] == unique - saved  # the rest, each once
    assert len(index.documents) == DOCUMENTS
    # The vectors are the model's, whether resumed or embedded now.
    sample = [0, 1, len(index.chunks) // 2, len(index.chunks) - 1]
    expected = FakeEmbedder().embed_batch([index.chunks[i].text for i in sample], "document")
    assert np.allclose(index.chunk_vectors[sample], expected)
    assert not (index_dir / CHECKPOINT_DIR).exists(), "a good build leaves no checkpoints behind"
    assert "embedding sentences:" in rerun.stderr and "left" in rerun.stderr  # progress with the time left


def _settings():
    from rag.config import load_settings

    return load_settings()
