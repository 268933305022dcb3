"""Where chunk vectors and keyword weights are searched: FAISS (embedded, default) or Milvus.

`build_store` makes the store a new index uses (from Settings); `open_store`
reopens the one a saved index's manifest names. Both return a VectorStore
(rag/store/base.py); nothing outside this package knows which one it got.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from rag.config import Settings
from rag.errors import RagError
from rag.store.base import StoreHit, VectorStore
from rag.store.keywords import KeywordWeights

__all__ = ["StoreHit", "VectorStore", "KeywordWeights", "check_store", "build_store", "open_store", "release_replaced", "wanted_store",
           "store_mismatch"]


def wanted_store(settings: Settings) -> dict:
    """The store settings an index built now would record (compared with the manifest's)."""
    if settings.vector_store == "milvus":
        from rag.store.milvus import milvus_target

        return {"kind": "milvus", "uri": milvus_target(settings)}
    return {"kind": "faiss", "index": settings.faiss_index}


def store_mismatch(built: dict | None, wanted: dict) -> str:
    """One line when the saved index used another store than the settings ask for ("" if not)."""
    built = built or {"kind": "faiss", "index": "flat"}  # indexes from before stores were recorded
    if built.get("kind") != wanted["kind"]:
        return f"vector store {built.get('kind')} but settings say {wanted['kind']}"
    if wanted["kind"] == "milvus" and built.get("uri") != wanted["uri"]:
        return f"Milvus at {built.get('uri')} but settings say {wanted['uri']}"
    if wanted["kind"] == "faiss" and wanted["index"] != "auto" and built.get("index") != wanted["index"]:
        return f"FAISS index {built.get('index')} but settings say {wanted['index']}"
    return ""


def check_store(settings: Settings) -> None:
    """Before a long build: a Milvus server that cannot be reached fails now, not after the embedding."""
    if settings.vector_store == "milvus" and settings.milvus_uri:
        from rag.store.milvus import check_server

        check_server(settings.milvus_uri)


def build_store(settings: Settings, vectors: np.ndarray, bm25: Any) -> VectorStore:
    """A new store over these chunk vectors (rows = chunk rows) and the BM25 index beside them."""
    if settings.vector_store == "milvus":
        from rag.store.milvus import MilvusStore

        return MilvusStore.build(settings, vectors, KeywordWeights.from_bm25(bm25))
    from rag.store.faiss import FaissStore

    return FaissStore.build(vectors, bm25, settings)


def open_store(folder: Path, description: dict | None, vectors: np.ndarray, bm25: Any) -> VectorStore:
    """The store a saved index names in its manifest (`description`, from VectorStore.describe())."""
    description = description or {"kind": "faiss", "index": "flat"}
    if description.get("kind") == "milvus":
        from rag.store.milvus import MilvusStore

        return MilvusStore.open(folder, description, KeywordWeights.from_bm25(bm25))
    if description.get("kind") == "faiss":
        from rag.store.faiss import FaissStore

        return FaissStore.open(folder, description, vectors, bm25)
    raise RagError(f"index at {folder} names an unknown vector store {description.get('kind')!r}; run `rag index`")


def release_replaced(previous: dict | None, current: dict) -> None:
    """Once a new index is in place: free what the replaced one held outside its folder."""
    if previous and previous.get("kind") == "milvus":
        from rag.store.milvus import release_replaced as release_milvus

        release_milvus(previous, current)
