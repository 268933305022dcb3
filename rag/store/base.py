"""The VectorStore interface, and an in-memory store for unit tests.

A store answers two questions about the chunks of one index, by row (the
chunk's position in the index): which rows are nearest a query vector
(dense), and which rows score best for a bag of query terms (BM25 keywords).
Fusion of the two stays in rag/retrieval.py, the same for every store.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, Sequence

import numpy as np

from rag.store.keywords import KeywordWeights


@dataclass(frozen=True)
class StoreHit:
    row: int  # the chunk's row in the index (Index.chunks[row])
    score: float  # inner product (dense) or BM25 score (keywords); higher is better


class VectorStore(Protocol):
    kind: str  # "faiss", "milvus", "memory"

    def search(self, vector: np.ndarray, k: int) -> list[StoreHit]:
        """The k rows with the highest inner product with `vector`, best first."""

    def search_keywords(self, terms: Sequence[str], k: int) -> list[StoreHit]:
        """Up to k rows sharing a term with `terms` (BM25 over the index's tokens), best first."""

    def save(self, folder: Path) -> dict:
        """Persist into a new index folder; return describe() for the manifest."""

    def describe(self) -> dict:
        """What the manifest records: kind and what it takes to reopen the store."""

    def close(self) -> None: ...


def top_rows(scores: np.ndarray, k: int, positive_only: bool = False) -> list[StoreHit]:
    """The k best rows of a score array (stable: equal scores keep row order)."""
    rows = np.argsort(-scores, kind="stable")[:k]
    return [StoreHit(int(r), float(scores[r])) for r in rows if not positive_only or scores[r] > 0]


class MemoryStore:
    """Exact search in numpy: the reference the real stores are tested against."""

    kind = "memory"

    def __init__(self, vectors: np.ndarray, keywords: KeywordWeights) -> None:
        self.vectors = np.asarray(vectors, dtype=np.float32)
        self.keywords = keywords

    def search(self, vector: np.ndarray, k: int) -> list[StoreHit]:
        return top_rows(self.vectors @ np.asarray(vector, dtype=np.float32), k)

    def search_keywords(self, terms: Sequence[str], k: int) -> list[StoreHit]:
        return top_rows(self.keywords.scores(terms), k, positive_only=True)

    def save(self, folder: Path) -> dict:
        return self.describe()

    def describe(self) -> dict:
        return {"kind": self.kind}

    def close(self) -> None:
        pass
