"""Embedders: the fake ranks by shared words; the real adapter fails helpfully."""

from __future__ import annotations

import numpy as np
import pytest

from rag import embeddings
from rag.config import Settings
from rag.embeddings import FakeEmbedder, embed_documents, embed_query, load_embedder, resolved_dtype
from rag.errors import RagError

DOCS = [
    "WeGO 총회에는 350여명이 참석한다",
    "취리히 연방공과대학 학생들과 간담회",
    "서초코인 탄소제로샵 결제",
]


def test_fake_rows_are_float32_unit_length_and_deterministic():
    vectors = FakeEmbedder().embed_batch(DOCS, "document")
    assert vectors.dtype == np.float32 and vectors.shape == (3, 64)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-5)
    np.testing.assert_array_equal(vectors, FakeEmbedder().embed_batch(DOCS, "document"))


def test_fake_ranks_text_sharing_words_first():
    embedder = FakeEmbedder(dimension=256)
    docs = embed_documents(embedder, DOCS)
    for i, query in enumerate(["WeGO 총회 참석", "연방공과대학 학생", "서초코인 결제"]):
        scores = docs @ embed_query(embedder, query)
        assert int(np.argmax(scores)) == i, (query, scores)


def test_embed_documents_batches_and_handles_empty_input():
    embedder = FakeEmbedder()
    batched = embed_documents(embedder, DOCS * 5, batch_size=4, progress=True)
    assert batched.shape == (15, 64)
    np.testing.assert_array_equal(batched[:3], embedder.embed_batch(DOCS, "document"))
    assert embed_documents(embedder, []).shape == (0, 64)


def test_load_embedder_selects_fake_by_model_id_and_caches_it():
    settings = Settings(embedding_model="fake")
    first = load_embedder(settings)
    assert isinstance(first, FakeEmbedder) and first.model_id == "fake"
    assert load_embedder(settings) is first


def test_missing_model_folder_is_an_actionable_error(tmp_path):
    missing = tmp_path / "no-such-model"
    with pytest.raises(RagError, match=r"embedding model folder missing: .*no-such-model.*rag models fetch"):
        load_embedder(Settings(embedding_model=str(missing)))


def test_bf16_only_where_the_cpu_supports_it(monkeypatch):
    monkeypatch.setattr(embeddings, "cpu_has_bf16", lambda: True)
    assert resolved_dtype("auto") == "bf16" and resolved_dtype("bf16") == "bf16"
    assert resolved_dtype("fp32") == "fp32"
    monkeypatch.setattr(embeddings, "cpu_has_bf16", lambda: False)
    assert resolved_dtype("auto") == "fp32" and resolved_dtype("bf16") == "fp32"
    with pytest.raises(RagError, match="embedding_dtype"):
        resolved_dtype("int8")
