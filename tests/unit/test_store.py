"""The VectorStore interface: exact in-memory store, FAISS (flat, IVF, HNSW), keyword weights, manifest checks."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from rag.config import ConfigError, Settings, load_settings
from rag.embeddings import FakeEmbedder
from rag.errors import RagError
from rag.index import build_bm25, ensure_index, load_index, rebuild_reasons
from rag.loaders import load_seeds
from rag.retrieval import Retriever, tokenize
from rag.store import KeywordWeights, open_store, store_mismatch, wanted_store
from rag.store.base import MemoryStore
from rag.store.faiss import FAISS_FILE, FaissStore, choose_index, ivf_lists

TEXTS = [
    "서울시는 WeGO 총회를 열었다. 총회에는 60개 도시가 참석했다.",
    "서초구는 서초코인을 발행했다. 서초코인은 관내 가맹점에서 쓸 수 있다.",
    "Tashkent produces a large share of Uzbekistan's GDP.",
    "서울은 스마트시티 엑스포에 참가했다.",
    "",  # a chunk with no keyword at all
]


def clustered(count: int, dimension: int = 32, seed: int = 7) -> np.ndarray:
    """Unit rows around a few centres: structure an approximate index can use."""
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((20, dimension))
    rows = centres[rng.integers(0, 20, count)] + 0.1 * rng.standard_normal((count, dimension))
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


def test_keyword_weights_give_exactly_the_bm25s_scores():
    bm25 = build_bm25(TEXTS)
    weights = KeywordWeights.from_bm25(bm25)
    for query in ["WeGO 총회에 몇 도시가 참석했나요?", "서초코인은 어디서 쓰나요", "서울 총회 총회", "GDP of Tashkent"]:
        terms = [t for t in tokenize(query) if t in bm25.vocab_dict]
        assert terms, query
        np.testing.assert_allclose(weights.scores(terms), np.asarray(bm25.get_scores(terms)), rtol=1e-6)
    assert weights.row(4) == {}  # the empty chunk has no weights
    assert set(weights.query(["서울", "서울", "unknown-term"]).values()) == {2.0}  # repeats count, unknowns vanish


def test_memory_and_flat_faiss_rank_the_same_rows_with_the_same_scores():
    vectors = clustered(300)
    bm25 = build_bm25([f"문서 {i}" for i in range(300)])
    memory = MemoryStore(vectors, KeywordWeights.from_bm25(bm25))
    flat = FaissStore.build(vectors, bm25, Settings(faiss_index="flat"))
    for query in vectors[:5] + 0.05:
        expected = [(h.row, round(h.score, 4)) for h in memory.search(query, 10)]
        assert [(h.row, round(h.score, 4)) for h in flat.search(query, 10)] == expected
        assert expected == sorted(expected, key=lambda pair: -pair[1])


def test_keyword_search_is_the_same_on_memory_and_faiss_and_returns_only_matches():
    bm25 = build_bm25(TEXTS)
    vectors = clustered(len(TEXTS))
    memory = MemoryStore(vectors, KeywordWeights.from_bm25(bm25))
    faiss_store = FaissStore.build(vectors, bm25, Settings())
    terms = tokenize("서초코인은 어디서 쓰나요?")
    assert [h.row for h in memory.search_keywords(terms, 5)] == [h.row for h in faiss_store.search_keywords(terms, 5)] == [1]
    assert memory.search_keywords(tokenize("완전히 없는 낱말"), 5) == [] == faiss_store.search_keywords(["없는말"], 5)


def test_index_type_follows_collection_size():
    settings = Settings(faiss_flat_max=1000)
    assert choose_index(1000, settings) == "flat"
    assert choose_index(1001, settings) == "ivf"
    assert choose_index(10, dataclasses.replace(settings, faiss_index="hnsw")) == "hnsw"
    assert ivf_lists(1_000_000) == 4000  # ~4 sqrt(N)
    assert ivf_lists(2000) == 50  # each list trained on >= 40 points


@pytest.mark.parametrize("kind", ["ivf", "ivfpq", "hnsw"])
def test_approximate_index_finds_most_true_neighbours_and_reopens_from_its_file(kind, tmp_path):
    vectors = clustered(4000)
    settings = Settings(faiss_index=kind, faiss_nprobe=8, faiss_hnsw_ef=64)
    store = FaissStore.build(vectors, None, settings)
    exact = MemoryStore(vectors, None)
    noise = np.random.default_rng(99).standard_normal((50, vectors.shape[1])).astype(np.float32)
    queries = vectors[:50] + 0.1 * noise  # near the data, as questions are near their passages
    found = sum(len({h.row for h in store.search(q, 10)} & {h.row for h in exact.search(q, 10)}) for q in queries)
    assert found / 500 >= 0.9
    description = store.save(tmp_path)
    assert description["kind"] == "faiss" and description["index"] == kind and (tmp_path / FAISS_FILE).is_file()
    reopened = open_store(tmp_path, description, vectors, None)
    assert [h.row for h in reopened.search(queries[0], 10)] == [h.row for h in store.search(queries[0], 10)]


def test_nprobe_is_tuned_to_the_recall_target_unless_set():
    vectors = clustered(6000)
    tuned = FaissStore.build(vectors, None, Settings(faiss_index="ivf", faiss_recall_target=0.97)).describe()
    assert tuned["lists"] == ivf_lists(6000) and tuned["tuned_recall"] >= 0.97
    assert 1 <= tuned["nprobe"] < tuned["lists"]  # fewer lists than all: a real approximation
    looser = FaissStore.build(vectors, None, Settings(faiss_index="ivf", faiss_recall_target=0.5)).describe()
    assert looser["nprobe"] <= tuned["nprobe"]
    fixed = FaissStore.build(vectors, None, Settings(faiss_index="ivf", faiss_nprobe=3)).describe()
    assert fixed["nprobe"] == 3 and "tuned_recall" not in fixed


def test_exact_top_matches_a_full_sort_across_blocks():
    from rag.store.faiss import exact_top

    vectors, queries = clustered(1000), clustered(7, seed=3)
    expected = np.argsort(-(queries @ vectors.T), axis=1, kind="stable")[:, :10]
    np.testing.assert_array_equal(exact_top(vectors, queries, 10, block=128), expected)


def test_flat_store_writes_no_second_copy_of_the_vectors(tmp_path):
    description = FaissStore.build(clustered(50), None, Settings()).save(tmp_path)
    assert description == {"kind": "faiss", "index": "flat"} and not any(tmp_path.iterdir())


def test_missing_or_damaged_faiss_file_is_one_line_asking_for_rag_index(tmp_path):
    vectors = clustered(100)
    with pytest.raises(RagError, match="no faiss.index; run `rag index`"):
        open_store(tmp_path, {"kind": "faiss", "index": "ivf", "lists": 2, "nprobe": 1}, vectors, None)
    (tmp_path / FAISS_FILE).write_bytes(b"not a faiss index")
    with pytest.raises(RagError, match="corrupt"):
        open_store(tmp_path, {"kind": "faiss", "index": "ivf", "lists": 2, "nprobe": 1}, vectors, None)
    with pytest.raises(RagError, match="unknown vector store 'qdrant'"):
        open_store(tmp_path, {"kind": "qdrant"}, vectors, None)


def test_store_mismatch_lines():
    assert store_mismatch(None, {"kind": "faiss", "index": "auto"}) == ""  # old manifests: exact FAISS
    assert store_mismatch({"kind": "faiss", "index": "ivf"}, {"kind": "faiss", "index": "auto"}) == ""
    assert store_mismatch({"kind": "faiss", "index": "flat"}, {"kind": "faiss", "index": "hnsw"}) == \
        "FAISS index flat but settings say hnsw"
    assert store_mismatch({"kind": "faiss", "index": "flat"}, {"kind": "milvus", "uri": "index folder"}) == \
        "vector store faiss but settings say milvus"
    assert "Milvus at index folder but settings say http://db:19530" == store_mismatch(
        {"kind": "milvus", "uri": "index folder"}, wanted_store(Settings(vector_store="milvus", milvus_uri="http://db:19530")))


def test_switching_the_store_asks_for_a_rebuild_and_loading_refuses_the_old_one(fake_settings):
    ensure_index(fake_settings, FakeEmbedder())
    assert load_index(fake_settings).manifest["store"] == {"kind": "faiss", "index": "flat"}
    milvus = dataclasses.replace(fake_settings, vector_store="milvus")
    assert rebuild_reasons(milvus, load_seeds(milvus).documents) == ["vector store faiss but settings say milvus"]
    with pytest.raises(RagError, match="vector store faiss but settings say milvus; run `rag index`"):
        load_index(milvus)


def test_retriever_ranks_the_same_through_any_store(fake_index, fake_settings):
    memory_index = dataclasses.replace(fake_index, store=MemoryStore(fake_index.chunk_vectors, KeywordWeights.from_bm25(fake_index.bm25)))
    for question in ["WeGO 총회에는 몇 명이 참석했나요?", "서초코인은 어디에서 사용할 수 있나요?", "What share of GDP does Tashkent produce?"]:
        for mode in ("dense", "bm25", "hybrid"):
            through_faiss = Retriever(fake_index, FakeEmbedder(), fake_settings).search(question, mode=mode)
            through_memory = Retriever(memory_index, FakeEmbedder(), fake_settings).search(question, mode=mode)
            assert [h.chunk.chunk_id for h in through_memory] == [h.chunk.chunk_id for h in through_faiss], (question, mode)


def test_store_settings_are_validated():
    assert load_settings({"RAG_VECTOR_STORE": "milvus", "RAG_MILVUS_URI": "http://127.0.0.1:19530"}).vector_store == "milvus"
    for environ, message in [
        ({"RAG_VECTOR_STORE": "qdrant"}, "vector_store"),
        ({"RAG_FAISS_INDEX": "pq"}, "faiss_index"),
        ({"RAG_FAISS_NPROBE": "-1"}, "faiss_nprobe"),
        ({"RAG_MILVUS_URI": "ftp://x"}, "RAG_MILVUS_URI"),
        ({"RAG_MILVUS_COLLECTION": "1bad-name"}, "milvus_collection"),
    ]:
        with pytest.raises(ConfigError, match=message):
            load_settings(environ)
