"""EmbeddingGemma through ONNX Runtime against PyTorch, with the real model and its real export
(made by `make setup`'s `rag models fetch`; runs in CI, never skipped)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from rag.config import load_settings
from rag.embeddings import OnnxEmbedder, SentenceTransformerEmbedder, cpu_has_bf16, load_embedder
from rag.embeddings_onnx import onnx_folder, usable_export

pytestmark = pytest.mark.integration

TEXTS = ["서울시와 우호도시협약을 체결한 취리히 주지사는 누구인가요?", "What is the population of Tashkent?",
         "짧은 글",
         "바르셀로나 시청이 주최하는 SCEWC는 매년 11월 열리는 세계 최대규모 스마트시티 국제행사로 세계 도시와 "
         "기업들이 미래 도시 설계를 위한 기술을 공유하는 박람회다."]


def test_the_export_gives_pytorchs_vectors_and_is_the_default_without_bf16():
    settings = load_settings()
    folder = settings.resolved_embedding_model()
    assert usable_export(folder, onnx_folder(settings.models_dir)), "make setup exports the model"
    onnx = OnnxEmbedder(folder, onnx_folder(settings.models_dir))
    torch = SentenceTransformerEmbedder(folder, dtype="fp32")
    for kind in ("query", "document"):
        together = onnx.embed_batch(TEXTS, kind)  # one padded batch
        cosines = np.sum(together * torch.embed_batch(TEXTS, kind), axis=1)
        assert cosines.min() > 0.9999, (kind, cosines)
    chosen = load_embedder(dataclasses.replace(settings, embedding_runtime="auto"))
    assert isinstance(chosen, SentenceTransformerEmbedder if cpu_has_bf16() else OnnxEmbedder)
    assert chosen.model_id == folder  # the same id: an index built by either is read by both
