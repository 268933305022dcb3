"""The vector cache: checkpoints are per model, written whole, and a damaged one is re-embedded, not trusted."""

from __future__ import annotations

import numpy as np

from rag.embeddings import FakeEmbedder
from rag.ingest.vectors import VectorCache, embed_missing

TEXTS = [f"sentence number {i} about the river" for i in range(40)]


class CountingEmbedder(FakeEmbedder):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def embed_batch(self, texts, kind):
        self.count += len(texts)
        return super().embed_batch(texts, kind)


def test_checkpoints_are_read_back_for_the_same_model_only(tmp_path):
    first = VectorCache(tmp_path, "model-a", checkpoint_texts=16)
    assert embed_missing(FakeEmbedder(), first, TEXTS, False, 8, "x") == 40
    assert len(list(tmp_path.glob("*.npz"))) == 3  # 16 + 16 + the last 8
    again = VectorCache(tmp_path, "model-a", 16)
    again.load_checkpoints()
    embedder = CountingEmbedder()
    assert again.resumed == 40 and embed_missing(embedder, again, TEXTS, False, 8, "x") == 0 and embedder.count == 0
    assert np.allclose(again.vectors_for(TEXTS, 64), FakeEmbedder().embed_batch(TEXTS, "document"))
    other = VectorCache(tmp_path, "model-b", 16)
    other.load_checkpoints()
    assert other.resumed == 0 and len(other.missing(TEXTS)) == 40


def test_a_damaged_checkpoint_is_embedded_again(tmp_path):
    embed_missing(FakeEmbedder(), VectorCache(tmp_path, "m", 16), TEXTS, False, 8, "x")
    damaged = sorted(tmp_path.glob("*.npz"))[0]
    damaged.write_bytes(damaged.read_bytes()[:100])
    cache = VectorCache(tmp_path, "m", 16)
    cache.load_checkpoints()
    embedder = CountingEmbedder()
    assert embed_missing(embedder, cache, TEXTS, False, 8, "x") == 16 == embedder.count


def test_repeated_texts_are_embedded_once(tmp_path):
    embedder = CountingEmbedder()
    embed_missing(embedder, VectorCache(tmp_path, "m", 16), TEXTS[:5] * 3, False, 8, "x")
    assert embedder.count == 5
