"""The Milvus store: dense vectors and BM25 keyword weights in one Milvus collection.

Locally it is Milvus-lite, an embedded database folder inside the index
folder (`milvus/<build id>.db`), written with the rest of the index and swapped in with
it. With RAG_MILVUS_URI set to a server's URL the same code talks to a Milvus
server or cluster; each build then writes a new collection named in the
manifest, and the collection it replaced is dropped once the new index is in
place, so a failed build leaves the previous one searchable.

Keywords are sparse vectors we compute (rag/store/keywords.py: BM25 weights
over Kiwi morphemes) searched by inner product, so Korean retrieval is the
same as with bm25s; fusion with the dense ranking stays in rag/retrieval.py.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import tempfile
import uuid
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from rag.config import Settings
from rag.errors import RagError
from rag.store.base import StoreHit
from rag.store.keywords import KeywordWeights

# The folder inside the index folder that holds the Milvus-lite database, one per build
# (`<build id>.db`): Milvus-lite keeps one server per path for the life of a process, so
# an app that reloads a rebuilt index must open a new path, not the old one's server.
LITE_DIR = "milvus"
# Rows sent per insert call: bounded request size (768 floats x 2,000 = 6 MB).
INSERT_BATCH = 2000
# A chunk with no keyword still needs a non-empty sparse row: one weight on a term id no query uses.
NO_TERMS = {2**32 - 2: 1e-6}
# HNSW graph degree and build depth, as in the FAISS store.
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 40
# Secrets stay out of Settings (which is shown and recorded): the server's token, if it needs one.
TOKEN_VARIABLE = "RAG_MILVUS_TOKEN"
LITE = "index folder"  # what the manifest records as the place of a Milvus-lite store

# Milvus-lite logs a traceback when its folder is locked; we report that as one line instead.
logging.getLogger("milvus_lite").addHandler(logging.NullHandler())
logging.getLogger("milvus_lite").propagate = False


def is_server(uri: str) -> bool:
    return uri.startswith(("http://", "https://", "tcp://", "grpc://"))


def milvus_target(settings: Settings) -> str:
    """Where the store lives: a server URL, or (Milvus-lite) the index folder."""
    return settings.milvus_uri or LITE


class MilvusStore:
    kind = "milvus"

    def __init__(self, client: Any, collection: str, keywords: KeywordWeights, uri: str, params: dict,
                 staging: Path | None = None) -> None:
        self.client = client
        self.collection = collection
        self.keywords = keywords
        self.uri = uri  # a server URL, or the Milvus-lite folder
        self.params = params
        self.staging = staging  # a Milvus-lite build not yet saved into an index folder

    # ------------------------------------------------------------ build / open

    @classmethod
    def build(cls, settings: Settings, vectors: np.ndarray, keywords: KeywordWeights) -> "MilvusStore":
        staging = None
        if settings.milvus_uri:
            uri, collection = settings.milvus_uri, f"{settings.milvus_collection}_{uuid.uuid4().hex[:12]}"
        else:
            staging = _lite_staging(Path(settings.index_dir))
            uri, collection = str(staging / LITE_DIR / f"{uuid.uuid4().hex[:12]}.db"), settings.milvus_collection
        client = _connect(uri)
        try:
            params = _create_collection(client, collection, vectors.shape[1], len(vectors), settings)
            insert_rows(client, collection, vectors, keywords)
            _index_and_load(client, collection, params)
        except Exception as exc:
            if staging:
                client.close()
                _stop_lite(uri)
                shutil.rmtree(staging, ignore_errors=True)
            else:  # a half-written server collection is ours and useless
                with contextlib.suppress(Exception):
                    client.drop_collection(collection)
                client.close()
            raise _failure(exc, uri, "building") from None
        return cls(client, collection, keywords, uri, params, staging)

    @classmethod
    def open(cls, folder: Path, description: dict, keywords: KeywordWeights) -> "MilvusStore":
        uri = description.get("uri", LITE)
        if uri == LITE:
            uri = str(Path(folder) / LITE_DIR / Path(description.get("database", "")).name)
            if not description.get("database") or not Path(uri).is_dir():
                raise RagError(f"index at {folder} has no Milvus-lite database {LITE_DIR}/{description.get('database')}; run `rag index`")
        collection = description.get("collection", "")
        client = _connect(uri)
        try:
            if not client.has_collection(collection):
                raise RagError(f"Milvus at {_place(uri)} has no collection {collection!r} (dropped?); run `rag index`")
            client.load_collection(collection)
        except RagError:
            client.close()
            raise
        except Exception as exc:
            client.close()
            raise _failure(exc, uri, "opening") from None
        params = {k: v for k, v in description.items() if k not in ("kind", "uri", "collection", "database")}
        return cls(client, collection, keywords, uri, params)

    # ------------------------------------------------------------ search

    def search(self, vector: np.ndarray, k: int) -> list[StoreHit]:
        search_params = {"metric_type": "IP", "params": {"ef": max(k, self.params.get("ef_search", k))}}
        data = [np.asarray(vector, dtype=np.float32).tolist()]
        return self._search(data, "dense", k, search_params)

    def search_keywords(self, terms: Sequence[str], k: int) -> list[StoreHit]:
        query = self.keywords.query(terms)
        if not query:
            return []
        hits = self._search([query], "sparse", k, {"metric_type": "IP"})
        return [h for h in hits if h.score > 0]

    def _search(self, data: list, field: str, k: int, params: dict) -> list[StoreHit]:
        if self.client is None:
            raise RagError("this index was saved and its Milvus store moved with it; load the index again")
        try:
            result = self.client.search(self.collection, data=data, anns_field=field, limit=k, output_fields=["row"],
                                        search_params=params)
        except Exception as exc:
            raise _failure(exc, self.uri, "searching") from None
        return [StoreHit(int(hit["row"]), float(hit["distance"])) for hit in result[0]]

    # ------------------------------------------------------------ save / describe

    def save(self, folder: Path) -> dict:
        """Milvus-lite: move the built database into the new index folder (the store closes).

        A server collection is already in place; the manifest names it.
        """
        if self.staging is not None:
            self.close()
            os.rename(self.staging / LITE_DIR, Path(folder) / LITE_DIR)
            shutil.rmtree(self.staging, ignore_errors=True)
            self.staging = None
            self.uri = str(Path(folder) / LITE_DIR / Path(self.uri).name)
        return self.describe()

    def describe(self) -> dict:
        if is_server(self.uri):
            return {"kind": self.kind, "uri": self.uri, "collection": self.collection, **self.params}
        return {"kind": self.kind, "uri": LITE, "database": Path(self.uri).name, "collection": self.collection, **self.params}

    def close(self) -> None:
        if self.client is not None:
            self.client.close()
            self.client = None
            if not is_server(self.uri):
                _stop_lite(self.uri)


def _stop_lite(path: str) -> None:
    """Stop this process's Milvus-lite server for `path`: it holds the folder's lock until then."""
    from milvus_lite.server_manager import server_manager_instance

    server_manager_instance.release_server(path)


def check_server(uri: str) -> None:
    client = _connect(uri)
    try:
        client.list_collections()
    except Exception as exc:
        raise _failure(exc, uri, "answering") from None
    finally:
        client.close()


def release_replaced(previous: dict | None, current: dict) -> None:
    """After a new index is in place: drop the server collection the old one used (ours, named in its manifest)."""
    if not previous or previous.get("kind") != "milvus" or not is_server(previous.get("uri", "")):
        return
    if previous == current or previous.get("collection") == current.get("collection"):
        return
    try:
        client = _connect(previous["uri"])
        try:
            client.drop_collection(previous["collection"])
        finally:
            client.close()
    except Exception:  # noqa: BLE001 - the new index works; a leftover collection is only disk on the server
        pass


# ---------------------------------------------------------------- helpers


def _lite_staging(index_dir: Path) -> Path:
    """A folder beside the index for a Milvus-lite build until save() moves it in.

    Named like save_index's temp folders, so an abandoned one is removed the same way.
    """
    index_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{index_dir.name}.building-{os.getpid()}-milvus-", dir=index_dir.parent))
    (staging / LITE_DIR).mkdir()
    return staging


def _connect(uri: str) -> Any:
    from pymilvus import MilvusClient

    try:
        return MilvusClient(uri=uri, token=os.environ.get(TOKEN_VARIABLE, ""))
    except Exception as exc:
        raise _failure(exc, uri, "connecting to") from None


def _create_collection(client: Any, collection: str, dimension: int, count: int, settings: Settings) -> dict:
    from pymilvus import DataType, MilvusClient

    schema = MilvusClient.create_schema(auto_id=False)
    schema.add_field("row", DataType.INT64, is_primary=True)
    schema.add_field("dense", DataType.FLOAT_VECTOR, dim=dimension)
    schema.add_field("sparse", DataType.SPARSE_FLOAT_VECTOR)
    if client.has_collection(collection):  # Milvus-lite: a fresh folder, so only a server could have one
        raise RagError(f"Milvus collection {collection!r} already exists; set RAG_MILVUS_COLLECTION to another name")
    client.create_collection(collection, schema=schema)
    if count <= settings.faiss_flat_max:
        return {"index": "FLAT"}
    return {"index": "HNSW", "M": HNSW_M, "ef_search": settings.faiss_hnsw_ef}


def insert_rows(client: Any, collection: str, vectors: np.ndarray, keywords: KeywordWeights | None) -> None:
    for start in range(0, len(vectors), INSERT_BATCH):
        rows = []
        for row in range(start, min(start + INSERT_BATCH, len(vectors))):
            sparse = keywords.row(row) if keywords is not None else {}
            rows.append({"row": row, "dense": vectors[row], "sparse": sparse or NO_TERMS})
        client.insert(collection, rows)


def _index_and_load(client: Any, collection: str, params: dict) -> None:
    indexes = client.prepare_index_params()
    if params["index"] == "HNSW":
        indexes.add_index(field_name="dense", index_type="HNSW", metric_type="IP",
                          params={"M": params["M"], "efConstruction": HNSW_EF_CONSTRUCTION})
    else:
        indexes.add_index(field_name="dense", index_type="FLAT", metric_type="IP")
    indexes.add_index(field_name="sparse", index_type="SPARSE_INVERTED_INDEX", metric_type="IP")
    client.create_index(collection, indexes)
    client.load_collection(collection)


def _place(uri: str) -> str:
    return uri if is_server(uri) else f"Milvus-lite {uri}"


def _failure(exc: BaseException, uri: str, doing: str) -> RagError:
    if isinstance(exc, RagError):
        return exc
    text = " ".join(str(getattr(exc, "message", "") or exc).split())[:200]
    if not is_server(uri) and "Open local milvus failed" in text:
        return RagError(f"cannot open {_place(uri)}: another process has it open (Milvus-lite allows one); "
                        "stop it, or run a Milvus server and set RAG_MILVUS_URI")
    return RagError(f"Milvus failed {doing} {_place(uri)}: {text or type(exc).__name__}")
