"""The resume check with real EmbeddingGemma: a killed `rag index` over two articles continues from its checkpoints."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import numpy as np
import pytest

from rag.config import PROJECT_ROOT
from rag.ingest.vectors import CHECKPOINT_DIR
from tests.killing import index_killed_after_batches, run_and_kill_at_marker

pytestmark = pytest.mark.integration

SEEDS = ["002_d32cad0dd2ba4f1c", "003_80a5da383ee30811"]
BATCH, CHECKPOINT, BATCHES_BEFORE_KILL = 8, 16, 5

# The runtime users get on this CPU (ONNX Runtime; rag/embeddings_onnx.py), insisted on so the
# patched class is the one that embeds.
KILLED_INDEX = index_killed_after_batches("OnnxEmbedder", kind="document")


def test_a_killed_real_index_resumes_and_its_vectors_match_a_clean_build(tmp_path, real_embedder, monkeypatch):
    seeds, index = tmp_path / "seeds", tmp_path / "index"
    seeds.mkdir()
    for doc in SEEDS:
        shutil.copy(PROJECT_ROOT / "seeds" / f"{doc}.txt", seeds)
    for name, value in {"SEEDS_DIR": seeds, "INDEX_DIR": index, "LIBRARY_DIR": tmp_path / "lib",
                        "ANSWER_CONTEXT": "sentences", "EMBEDDING_RUNTIME": "onnx", "EMBEDDING_BATCH_SIZE": BATCH,
                        "CHECKPOINT_TEXTS": CHECKPOINT,
                        "LOG_DIR": tmp_path / "logs"}.items():
        monkeypatch.setenv(f"RAG_{name}", str(value))
    marker = tmp_path / "killed-here"
    run_and_kill_at_marker(KILLED_INDEX, [str(marker), str(BATCHES_BEFORE_KILL)], marker)
    saved = checkpointed(index / CHECKPOINT_DIR)  # the chunks' last checkpoint is short: counted, not computed
    assert 0 < saved < BATCHES_BEFORE_KILL * BATCH
    rerun = subprocess.run([sys.executable, "-m", "rag.cli", "index"], cwd=PROJECT_ROOT, capture_output=True, text=True,
                           timeout=900)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    build = json.loads((index / "manifest.json").read_text(encoding="utf-8"))["build"]
    documents = {d["doc_id"]: d["text"] for d in json.loads((index / "documents.json").read_text(encoding="utf-8"))}
    chunk_texts = [documents[doc][start:end] for _, doc, start, end in _rows(index / "chunks.json")]
    sentence_texts = [documents[doc][start:end] for _, _, doc, start, end in _rows(index / "sentences.json")]
    assert build["resumed_texts"] == saved  # read back from the killed run's checkpoints
    assert build["embedded_texts"] == len(set(chunk_texts) | set(sentence_texts)) - saved  # only the rest
    # Resumed and fresh vectors alike are the model's: the same as embedding the chunks now.
    vectors = np.load(index / "chunk_vectors.npy")
    fresh = real_embedder.embed_batch(chunk_texts, "document")
    assert np.min(np.sum(vectors * fresh, axis=1)) > 0.999
    assert not (index / CHECKPOINT_DIR).exists()


def checkpointed(folder) -> int:
    """Texts whose vectors the killed build saved."""
    total = 0
    for path in folder.glob("*.npz"):
        with np.load(path, allow_pickle=False) as saved:
            total += len(saved["keys"])
    return total


def _rows(path):
    return json.loads(path.read_text(encoding="utf-8"))
