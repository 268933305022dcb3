"""The ONNX Runtime adapter on a tiny real ONNX graph and a real (word-level) tokenizer.

The graph sums the embedding-table rows of the unmasked tokens, as the exported EmbeddingGemma
pools over its attention mask: so padding, prompts and normalisation are tested for real.
(tests/integration/test_embeddings_onnx_real.py compares the real export with PyTorch.)
"""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import onnx
import pytest
from onnx import TensorProto, helper
from tokenizers import Tokenizer
from tokenizers.models import WordLevel
from tokenizers.pre_tokenizers import Whitespace

from rag.config import load_settings
from rag.embeddings import OnnxEmbedder, SentenceTransformerEmbedder, _cached_embedder, load_embedder
from rag.embeddings_onnx import (EXPORT_FORMAT, GRAPH_NAME, PROVENANCE_NAME, source_digest,
                                 usable_export)
from rag.errors import RagError

WORDS = ["[PAD]", "[UNK]", "query", "text", "seoul", "zurich", "mayor", "population", "tashkent"]
DIMENSION = 6


def _tiny_model(folder):
    """A model folder (tokenizer and prompts) and, beside it, an ONNX graph of the exported shape."""
    folder.mkdir()
    tokenizer = Tokenizer(WordLevel({w: i for i, w in enumerate(WORDS)}, unk_token="[UNK]"))
    tokenizer.pre_tokenizer = Whitespace()
    tokenizer.save(str(folder / "tokenizer.json"))
    (folder / "config_sentence_transformers.json").write_text(
        json.dumps({"prompts": {"query": "query ", "document": "text "}}), encoding="utf-8")
    table = np.random.default_rng(0).normal(size=(len(WORDS), DIMENSION)).astype(np.float32)
    graph = helper.make_graph(
        [helper.make_node("Gather", ["table", "ids"], ["rows"]),
         helper.make_node("Cast", ["mask"], ["weights"], to=TensorProto.FLOAT),
         helper.make_node("Unsqueeze", ["weights", "axis2"], ["weights3"]),
         helper.make_node("Mul", ["rows", "weights3"], ["kept"]),
         helper.make_node("ReduceSum", ["kept", "axis1"], ["sentence_vector"], keepdims=0)],
        "tiny",
        [helper.make_tensor_value_info("ids", TensorProto.INT64, ["batch", "length"]),
         helper.make_tensor_value_info("mask", TensorProto.INT64, ["batch", "length"])],
        [helper.make_tensor_value_info("sentence_vector", TensorProto.FLOAT, ["batch", DIMENSION])],
        [helper.make_tensor("table", TensorProto.FLOAT, table.shape, table.flatten()),
         helper.make_tensor("axis2", TensorProto.INT64, [1], [2]),
         helper.make_tensor("axis1", TensorProto.INT64, [1], [1])])
    export = folder.parent / "export"
    export.mkdir()
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18)]), str(export / GRAPH_NAME))
    (export / PROVENANCE_NAME).write_text(json.dumps({"format": EXPORT_FORMAT, "source_sha256": source_digest(folder)}),
                                          encoding="utf-8")
    return folder, export, table


def test_vectors_are_the_graphs_pooled_rows_with_the_kinds_prompt_at_unit_length(tmp_path):
    folder, export, table = _tiny_model(tmp_path / "model")
    embedder = OnnxEmbedder(str(folder), export)
    vector = embedder.embed_batch(["seoul mayor"], "query")[0]
    expected = table[[2, 4, 6]].sum(axis=0)  # "query" is the query prompt
    np.testing.assert_allclose(vector, expected / np.linalg.norm(expected), rtol=1e-5)
    document = embedder.embed_batch(["seoul mayor"], "document")[0]
    assert not np.allclose(vector, document)  # the document prompt, not the query one
    assert embedder.dimension == DIMENSION and embedder.model_id == str(folder)


def test_a_padded_batch_gives_each_text_its_own_vector(tmp_path):
    folder, export, _ = _tiny_model(tmp_path / "model")
    embedder = OnnxEmbedder(str(folder), export, batch_size=2)
    texts = ["seoul", "zurich mayor population tashkent", "tashkent mayor"]
    together = embedder.embed_batch(texts, "document")
    alone = np.vstack([embedder.embed_batch([t], "document") for t in texts])
    np.testing.assert_allclose(together, alone, rtol=1e-5)
    assert embedder.embed_batch([], "query").shape == (0, DIMENSION)


def test_an_export_of_other_weights_or_another_format_is_not_used(tmp_path):
    folder, export, _ = _tiny_model(tmp_path / "model")
    assert usable_export(folder, export)
    provenance = json.loads((export / PROVENANCE_NAME).read_text(encoding="utf-8"))
    (export / PROVENANCE_NAME).write_text(json.dumps(provenance | {"source_sha256": "0" * 64}), encoding="utf-8")
    assert not usable_export(folder, export)
    (export / PROVENANCE_NAME).write_text(json.dumps(provenance | {"format": EXPORT_FORMAT + 1}), encoding="utf-8")
    assert not usable_export(folder, export)
    (export / PROVENANCE_NAME).unlink()
    assert not usable_export(folder, export)


def test_a_damaged_graph_is_a_one_line_error_naming_the_fix(tmp_path):
    folder, export, _ = _tiny_model(tmp_path / "model")
    (export / GRAPH_NAME).write_bytes(b"not a graph")
    with pytest.raises(RagError, match="export-onnx"):
        OnnxEmbedder(str(folder), export).embed_batch(["seoul"], "query")


def test_the_runtime_setting_picks_the_adapter(tmp_path):
    folder, export, _ = _tiny_model(tmp_path / "model")
    _cached_embedder.cache_clear()
    assert isinstance(_cached_embedder(str(folder), "fp32", 16, "auto", str(export)), OnnxEmbedder)
    assert isinstance(_cached_embedder(str(folder), "fp32", 16, "torch", str(export)), SentenceTransformerEmbedder)
    assert isinstance(_cached_embedder(str(folder), "fp32", 16, "auto", str(tmp_path / "none")),
                      SentenceTransformerEmbedder)  # no export: PyTorch, as before
    with pytest.raises(RagError, match="export-onnx"):
        _cached_embedder(str(folder), "fp32", 16, "onnx", str(tmp_path / "none"))
    _cached_embedder.cache_clear()


def test_the_fake_embedder_ignores_the_runtime():
    settings = dataclasses.replace(load_settings(), embedding_model="fake", embedding_runtime="onnx")
    assert load_embedder(settings).model_id == "fake"
