"""The Milvus store, for real (Milvus-lite embedded, and a Milvus gRPC server on loopback), with the fake embedder.

The same questions must rank the same chunks as on FAISS: both stores score
dense rows by inner product and keywords by the same BM25 weights.
"""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys

import pytest
from pymilvus import MilvusClient

from rag.embeddings import FakeEmbedder
from rag.errors import RagError
from rag.index import ensure_index, load_index
from rag.retrieval import Retriever
from rag.store.milvus import LITE_DIR
from tests.milvus_server import milvus_server

QUESTIONS = ["WeGO 총회에는 몇 명이 참석했나요?", "서초코인은 어디에서 사용할 수 있나요?",
             "What share of Uzbekistan's GDP does Tashkent produce?", "후헝화 충칭시장은 언제 취임했나요?"]


def rankings(settings) -> dict:
    index = load_index(settings)
    retriever = Retriever(index, FakeEmbedder(), settings)
    result = {(q, mode): [(h.chunk.chunk_id, h.dense_rank, h.bm25_rank) for h in retriever.search(q, k=8, mode=mode)]
              for q in QUESTIONS for mode in ("dense", "bm25", "hybrid")}
    index.store.close()
    return result


def test_milvus_lite_store_lives_in_the_index_folder_and_ranks_like_faiss(fake_settings, tmp_path):
    ensure_index(fake_settings, FakeEmbedder())
    on_faiss = rankings(fake_settings)
    milvus = dataclasses.replace(fake_settings, vector_store="milvus")
    status = ensure_index(milvus, FakeEmbedder())
    assert status.rebuilt and status.reasons == ["vector store faiss but settings say milvus"]
    assert not [p for p in milvus.index_dir.parent.iterdir() if ".building-" in p.name]  # staging moved in, none left
    store = load_index(milvus).manifest["store"]
    assert store == {"kind": "milvus", "uri": "index folder", "database": store["database"], "collection": "seoul_rag_chunks",
                     "index": "FLAT"}
    assert (milvus.index_dir / LITE_DIR / store["database"]).is_dir()
    assert rankings(milvus) == on_faiss


def test_a_rebuilt_milvus_lite_index_is_searched_in_the_same_process(fake_settings):
    """The app reloads after `rag index`: it must search the new database, not the old one it had open."""
    milvus = dataclasses.replace(fake_settings, vector_store="milvus")
    ensure_index(milvus, FakeEmbedder())
    before = load_index(milvus)
    assert before.store.search_keywords(["쿼카"], 5) == []
    (milvus.seeds_dir / "zz_quokka.txt").write_text("쿼카는 로트네스트 섬에 산다. 쿼카는 웃는 얼굴로 유명하다.", encoding="utf-8")
    ensure_index(milvus, FakeEmbedder())
    after = load_index(milvus)
    found = after.store.search_keywords(["쿼카"], 5)
    assert found and after.chunks[found[0].row].doc_id == "zz_quokka"


def test_a_second_process_on_the_same_milvus_lite_folder_gets_one_line(fake_env):
    settings = dataclasses.replace(fake_env, vector_store="milvus")
    ensure_index(settings, FakeEmbedder())
    index = load_index(settings)  # this process holds Milvus-lite's lock now
    try:
        env = dict(os.environ, RAG_VECTOR_STORE="milvus")
        out = subprocess.run([sys.executable, "-m", "rag.cli", "search", "WeGO 총회"], capture_output=True, text=True,
                             env=env, timeout=120)
    finally:
        index.store.close()
    assert out.returncode == 1
    assert out.stderr.strip().count("\n") == 0 and "Traceback" not in out.stderr
    assert "another process has it open" in out.stderr and "RAG_MILVUS_URI" in out.stderr


def test_a_milvus_server_holds_one_collection_per_build_and_drops_the_replaced_one(fake_settings, tmp_path):
    ensure_index(fake_settings, FakeEmbedder())
    on_faiss = rankings(fake_settings)
    with milvus_server(tmp_path / "server-data") as url:
        remote = dataclasses.replace(fake_settings, vector_store="milvus", milvus_uri=url)
        ensure_index(remote, FakeEmbedder())
        first = load_index(remote).manifest["store"]
        assert first["uri"] == url and first["collection"].startswith("seoul_rag_chunks_")
        assert not (remote.index_dir / LITE_DIR).exists()
        assert rankings(remote) == on_faiss
        ensure_index(remote, FakeEmbedder(), force=True)
        second = load_index(remote).manifest["store"]
        client = MilvusClient(uri=url)
        try:
            assert client.list_collections() == [second["collection"]] != [first["collection"]]
            client.drop_collection(second["collection"])  # someone drops it: a clear line, not a crash
        finally:
            client.close()
        with pytest.raises(RagError, match="has no collection .* run `rag index`"):
            load_index(remote)


class ExplodingEmbedder(FakeEmbedder):
    def embed_batch(self, texts, kind):
        raise AssertionError("an unreachable store must fail before the embedding")


def test_an_unreachable_milvus_server_is_one_line_before_any_embedding(fake_settings):
    from tests.ollama_server import free_port

    remote = dataclasses.replace(fake_settings, vector_store="milvus", milvus_uri=f"http://127.0.0.1:{free_port()}")
    with pytest.raises(RagError, match="Milvus failed connecting to http://127.0.0.1"):
        ensure_index(remote, ExplodingEmbedder())
    assert not remote.index_dir.exists()
