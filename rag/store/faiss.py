"""The embedded store: a FAISS index for dense search, bm25s for keywords.

Which FAISS index is chosen by collection size (Settings.faiss_index="auto"):
exact inner product (flat) while a query scans few enough vectors to stay
fast, an inverted file above `faiss_flat_max` chunks. How many lists a query
probes is tuned at build time to reach `faiss_recall_target` (recall@10
against exact search on sample queries), unless `faiss_nprobe` fixes it.
IVF-PQ (codes, then the best candidates re-scored exactly) and HNSW are
there on request; see README, "Scale", for what each costs here.
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
# IVF-PQ: candidates re-scored on the full vectors per result wanted.
PQ_REFINE = 8
# nprobe tuning (faiss_nprobe=0): recall@10 measured against exact search on sample queries.
TUNING_K = 10
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 40
TRAINING_SEED = 1234
# k-means rounds for the lists (FAISS's default is 25): training is most of a 1M build on 2 cores,
# and the lists' quality past 10 rounds is paid back by nprobe tuning anyway.
KMEANS_ITERATIONS = 10


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
        builders = {"flat": _flat, "hnsw": _hnsw, "ivf": _ivf, "ivfpq": _ivfpq}
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
    """Inverted lists holding the full vectors: exact scores inside the probed lists."""
    import faiss

    lists = ivf_lists(len(vectors))
    index = faiss.IndexIVFFlat(faiss.IndexFlatIP(vectors.shape[1]), vectors.shape[1], lists, faiss.METRIC_INNER_PRODUCT)
    index.cp.niter = KMEANS_ITERATIONS
    index.train(_training_sample(vectors, lists))
    index.add(vectors)
    return index, {"lists": lists, **_probes(index, vectors, settings)}


def _ivfpq(vectors: np.ndarray, settings: Settings) -> tuple[Any, dict]:
    """Inverted lists of product-quantized codes (1 byte per 8 dimensions: a probe reads 32x less),
    the best `refine` x k candidates then re-scored on the full vectors."""
    import faiss

    lists, dimension = ivf_lists(len(vectors)), vectors.shape[1]
    subquantizers = next(m for m in (dimension // 8, dimension // 4, dimension // 2, dimension) if dimension % m == 0)
    coarse = faiss.IndexIVFPQ(faiss.IndexFlatIP(dimension), dimension, lists, subquantizers, 8, faiss.METRIC_INNER_PRODUCT)
    coarse.cp.niter = KMEANS_ITERATIONS
    coarse.train(_training_sample(vectors, lists))
    index = faiss.IndexRefineFlat(coarse)
    index.k_factor = PQ_REFINE
    index.add(vectors)
    return index, {"lists": lists, "codes": subquantizers, "refine": PQ_REFINE, **_probes(index, vectors, settings)}


def _training_sample(vectors: np.ndarray, lists: int) -> np.ndarray:
    sample = min(len(vectors), lists * IVF_TRAINING_PER_LIST)
    rows = np.random.default_rng(TRAINING_SEED).choice(len(vectors), size=sample, replace=False)
    return vectors[np.sort(rows)]


def _probes(index: Any, vectors: np.ndarray, settings: Settings) -> dict:
    """nprobe: the setting, or (0) the fewest lists that reach faiss_recall_target on sample queries."""
    import faiss

    ivf = faiss.extract_index_ivf(index)
    if settings.faiss_nprobe:
        ivf.nprobe = min(settings.faiss_nprobe, ivf.nlist)
        return {"nprobe": ivf.nprobe}
    queries = tuning_queries(vectors)
    truth = exact_top(vectors, queries, TUNING_K)
    nprobe, recall = 1, 0.0
    while True:
        ivf.nprobe = nprobe
        _, rows = index.search(queries, TUNING_K)
        recall = float(np.mean([len(set(found) & set(true)) / TUNING_K for found, true in zip(rows, truth)]))
        if recall >= settings.faiss_recall_target or nprobe >= ivf.nlist:
            return {"nprobe": nprobe, "tuned_recall": round(recall, 4)}
        nprobe = min(nprobe * 2, ivf.nlist)


def tuning_queries(vectors: np.ndarray, count: int = 200) -> np.ndarray:
    """Queries that fall between the collection's own rows: the mean of two random rows, normalised."""
    rng = np.random.default_rng(TRAINING_SEED + 1)
    mixed = vectors[rng.integers(0, len(vectors), count)] + vectors[rng.integers(0, len(vectors), count)]
    return (mixed / np.maximum(np.linalg.norm(mixed, axis=1, keepdims=True), 1e-12)).astype(np.float32)


def exact_top(vectors: np.ndarray, queries: np.ndarray, k: int, block: int = 100_000) -> np.ndarray:
    """Row ids of the k highest inner products per query, best first, scanning `block` rows at a time."""
    best_rows = np.zeros((len(queries), 0), dtype=np.int64)
    best_scores = np.zeros((len(queries), 0), dtype=np.float32)
    for start in range(0, len(vectors), block):
        scores = np.concatenate([best_scores, queries @ vectors[start : start + block].T], axis=1)
        rows = np.concatenate([best_rows, np.broadcast_to(np.arange(start, start + min(block, len(vectors) - start)),
                                                          (len(queries), min(block, len(vectors) - start)))], axis=1)
        keep = np.argsort(-scores, axis=1, kind="stable")[:, :k]
        best_scores, best_rows = np.take_along_axis(scores, keep, axis=1), np.take_along_axis(rows, keep, axis=1)
    return best_rows


def _apply_search_params(index: Any, params: dict) -> None:
    import faiss

    if "refine" in params:
        index.k_factor = int(params["refine"])
    if "nprobe" in params:
        faiss.extract_index_ivf(index).nprobe = int(params["nprobe"])
    if "ef_search" in params:
        index.hnsw.efSearch = int(params["ef_search"])
