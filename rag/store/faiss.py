"""The embedded store: a FAISS index for dense search, bm25s for keywords.

Which FAISS index is chosen by collection size (Settings.faiss_index="auto"):
exact inner product (flat) while a query scans few enough vectors to stay
fast, an inverted file (IVF, exact distances inside the probed lists) above
`faiss_flat_max` chunks. HNSW is there on request; on 2 cores its build is
the slow part at a million chunks (see README, "Scale").
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from rag.config import Settings
from rag.errors import RagError
from rag.store.base import StoreHit, top_rows

# The saved approximate index (a flat one is rebuilt from chunk_vectors.npy: no second copy on disk).
FAISS_FILE = "faiss.index"
# IVF: lists of about sqrt(N) x 4 (the FAISS guidelines' range), trained on this many points per list.
IVF_LISTS_PER_SQRT = 4
IVF_TRAINING_PER_LIST = 40
# HNSW graph degree and build-time search depth (FAISS defaults that index well for 768-d text vectors).
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 40
TRAINING_SEED = 1234


def choose_index(count: int, settings: Settings) -> str:
    """The FAISS index type for a collection of `count` chunks."""
    if settings.faiss_index != "auto":
        return settings.faiss_index
    return "flat" if count <= settings.faiss_flat_max else "ivf"


def ivf_lists(count: int) -> int:
    """Inverted lists for `count` vectors: ~4 sqrt(N), each trained on enough points."""
    return max(1, min(int(IVF_LISTS_PER_SQRT * math.sqrt(count)), count // IVF_TRAINING_PER_LIST))


class FaissStore:
    kind = "faiss"

    def __init__(self, index: Any, bm25: Any, params: dict) -> None:
        self.index = index
        self.bm25 = bm25
        self.params = params  # {"index": "flat"|"hnsw"|"ivf", and its search parameters}

    @classmethod
    def build(cls, vectors: np.ndarray, bm25: Any, settings: Settings) -> "FaissStore":
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        kind = choose_index(len(vectors), settings)
        builders = {"flat": _flat, "hnsw": _hnsw, "ivf": _ivf}
        index, params = builders[kind](vectors, settings)
        return cls(index, bm25, {"index": kind, **params})

    @classmethod
    def open(cls, folder: Path, description: dict, vectors: np.ndarray, bm25: Any) -> "FaissStore":
        import faiss

        params = {k: v for k, v in description.items() if k != "kind"}
        if params.get("index", "flat") == "flat":
            index, _ = _flat(np.ascontiguousarray(vectors, dtype=np.float32), None)
            return cls(index, bm25, {"index": "flat"})
        path = Path(folder) / FAISS_FILE
        if not path.is_file():
            raise RagError(f"index at {folder} has no {FAISS_FILE}; run `rag index`")
        try:
            index = faiss.read_index(str(path))
        except RuntimeError as exc:  # FAISS reports a damaged file this way
            raise RagError(f"index at {folder} is corrupt ({FAISS_FILE}: {str(exc).splitlines()[0][:120]}); run `rag index`") from None
        if index.ntotal != len(vectors):
            raise RagError(f"index at {folder} is corrupt ({FAISS_FILE} holds {index.ntotal} vectors, not {len(vectors)}); run `rag index`")
        _apply_search_params(index, params)
        return cls(index, bm25, params)

    def search(self, vector: np.ndarray, k: int) -> list[StoreHit]:
        k = min(k, self.index.ntotal)
        if k <= 0:
            return []
        scores, rows = self.index.search(np.asarray(vector, dtype=np.float32).reshape(1, -1), k)
        return [StoreHit(int(r), float(s)) for s, r in zip(scores[0], rows[0]) if r >= 0]

    def search_keywords(self, terms: Sequence[str], k: int) -> list[StoreHit]:
        terms = [t for t in terms if t in self.bm25.vocab_dict]
        if not terms:
            return []
        # A chunk sharing no query term is not a BM25 match at all.
        return top_rows(np.asarray(self.bm25.get_scores(terms)), k, positive_only=True)

    def save(self, folder: Path) -> dict:
        import faiss

        if self.params["index"] != "flat":
            faiss.write_index(self.index, str(Path(folder) / FAISS_FILE))
        return self.describe()

    def describe(self) -> dict:
        return {"kind": self.kind, **self.params}

    def close(self) -> None:
        pass


def _flat(vectors: np.ndarray, settings: Settings | None) -> tuple[Any, dict]:
    import faiss

    index = faiss.IndexFlatIP(vectors.shape[1])
    index.add(vectors)
    return index, {}


def _hnsw(vectors: np.ndarray, settings: Settings) -> tuple[Any, dict]:
    import faiss

    index = faiss.IndexHNSWFlat(vectors.shape[1], HNSW_M, faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
    index.add(vectors)
    params = {"M": HNSW_M, "ef_search": settings.faiss_hnsw_ef}
    _apply_search_params(index, params)
    return index, params


def _ivf(vectors: np.ndarray, settings: Settings) -> tuple[Any, dict]:
    import faiss

    lists = ivf_lists(len(vectors))
    quantizer = faiss.IndexFlatIP(vectors.shape[1])
    index = faiss.IndexIVFFlat(quantizer, vectors.shape[1], lists, faiss.METRIC_INNER_PRODUCT)
    sample = min(len(vectors), lists * IVF_TRAINING_PER_LIST)
    rows = np.random.default_rng(TRAINING_SEED).choice(len(vectors), size=sample, replace=False)
    index.train(vectors[np.sort(rows)])
    index.add(vectors)
    params = {"lists": lists, "nprobe": min(settings.faiss_nprobe, lists)}
    _apply_search_params(index, params)
    return index, params


def _apply_search_params(index: Any, params: dict) -> None:
    import faiss

    if "nprobe" in params:
        faiss.extract_index_ivf(index).nprobe = int(params["nprobe"])
    if "ef_search" in params:
        index.hnsw.efSearch = int(params["ef_search"])
