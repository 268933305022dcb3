"""BM25 over Kiwi morphemes as sparse vectors: one row of term weights per chunk.

The weights are bm25s's own precomputed scores (term -> idf x saturated tf,
Lucene's variant), so a store that ranks rows by the inner product of a
chunk's weights with the query's term counts gives exactly bm25s's BM25
scores: the same ranking on FAISS (bm25s) and on Milvus (sparse vectors).
Korean stays tokenized by rag/retrieval.py's tokenize (content morphemes:
"서울은" matches "서울"), which no analyzer of Milvus-lite offers.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np


@dataclass(frozen=True)
class KeywordWeights:
    vocabulary: dict[str, int]  # term -> term id (bm25s's ids)
    rows: Any  # scipy.sparse.csr_matrix, chunks x terms, BM25 weight of each term in each chunk

    @classmethod
    def from_bm25(cls, bm25: Any) -> "KeywordWeights":
        from scipy.sparse import csc_matrix

        scores = bm25.scores
        shape = (int(scores["num_docs"]), len(scores["indptr"]) - 1)
        columns = csc_matrix((scores["data"], scores["indices"], scores["indptr"]), shape=shape)
        return cls(dict(bm25.vocab_dict), columns.tocsr())

    def query(self, terms: Sequence[str]) -> dict[int, float]:
        """Term id -> how often the query says it (a repeated term counts again, as in bm25s)."""
        counts = Counter(self.vocabulary[t] for t in terms if t in self.vocabulary)
        return {term: float(n) for term, n in counts.items()}

    def scores(self, terms: Sequence[str]) -> np.ndarray:
        """BM25 score of every chunk for these terms (0 where none occurs)."""
        query = np.zeros(self.rows.shape[1], dtype=np.float32)
        for term, count in self.query(terms).items():
            query[term] = count
        return np.asarray(self.rows @ query).ravel()

    def row(self, index: int) -> dict[int, float]:
        """One chunk's weights as {term id: weight}."""
        start, end = self.rows.indptr[index], self.rows.indptr[index + 1]
        return {int(t): float(w) for t, w in zip(self.rows.indices[start:end], self.rows.data[start:end])}
