"""Question -> ranked chunks: dense and BM25 (Korean morphemes) from the index's store (rag/store), and RRF fusion."""

from __future__ import annotations

import json
import sys
from functools import lru_cache
from typing import TYPE_CHECKING, Mapping, Sequence

import numpy as np

from rag.config import Settings
from rag.errors import RagError
from rag.inputs import checked_text
from rag.morph import CONTENT_TAGS, morphemes
from rag.types import Hit

if TYPE_CHECKING:
    from rag.embeddings import Embedder
    from rag.index import Index

# Bumped whenever tokenize() changes what it keeps: the index records it.
TOKENIZER_NAME = "kiwi-content-morphemes-v1"

@lru_cache(maxsize=1)
def _english_stopwords() -> frozenset[str]:
    # "it", "in", "did" would otherwise match acronyms and noise in the articles.
    from bm25s.stopwords import STOPWORDS_EN_PLUS

    return frozenset(STOPWORDS_EN_PLUS)


def tokenize(text: str) -> list[str]:
    """Content morphemes of `text`; English lower-cased, English stopwords dropped."""
    tokens = []
    for token in morphemes(text):
        if token.tag in CONTENT_TAGS or token.tag.startswith("W_"):
            form = token.form.lower()
            if form not in _english_stopwords():
                tokens.append(form)
    return tokens


def tokenizer_version() -> str:
    import kiwipiepy

    return kiwipiepy.__version__


def rrf_fuse(
    rankings: Sequence[Sequence[str]], k: int, tiebreak: Mapping[str, float] | None = None
) -> list[tuple[str, float]]:
    """Reciprocal rank fusion: score(id) = sum over rankings of 1 / (k + rank).

    Equal scores are ordered by `tiebreak` (higher first), then by the order in
    which ids were first seen (first ranking first).
    """
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank)
    order = {item: i for i, item in enumerate(scores)}
    tiebreak = tiebreak or {}
    return sorted(scores.items(), key=lambda pair: (-round(pair[1], 12), -tiebreak.get(pair[0], 0.0), order[pair[0]]))


def relative_score_sum(scored_lists: Sequence[Sequence[tuple[str, float]]]) -> dict[str, float]:
    """Each list's scores divided by its best score, summed per id.

    RRF throws the raw scores away; when two chunks swap ranks 1 and 2 between
    the lists they tie exactly, and this breaks the tie by how far ahead each was.
    """
    total: dict[str, float] = {}
    for scored in scored_lists:
        best = max((score for _, score in scored), default=0.0)
        for item, score in scored:
            total[item] = total.get(item, 0.0) + (score / best if best > 0 else 0.0)
    return total


def prepare_query(query: str, settings: Settings) -> tuple[str, list[str]]:
    """The query to search with, and user notices (e.g. truncation)."""
    query = checked_text(query).strip()
    if not query:
        raise RagError("the question is empty; type a question (for example: rag search \"WeGO 총회\")")
    if len(query) <= settings.max_question_chars:
        return query, []
    notice = f"question truncated to its first {settings.max_question_chars} characters (it had {len(query)})"
    return query[: settings.max_question_chars], [notice]


class Retriever:
    """Searches one loaded index with one embedder."""

    def __init__(self, index: Index, embedder: Embedder, settings: Settings) -> None:
        self.index = index
        self.embedder = embedder
        self.settings = settings
        # Cached so evidence selection reuses the vector without a second model call.
        self.query_vector = lru_cache(maxsize=256)(self._embed_query)

    def search(self, query: str, k: int | None = None, mode: str | None = None) -> list[Hit]:
        query, _ = prepare_query(query, self.settings)
        k = k or self.settings.top_k
        mode = mode or self.settings.mode
        if mode not in ("hybrid", "dense", "bm25"):
            raise RagError(f"mode must be hybrid, dense or bm25, not {mode!r}")
        depth = max(self.settings.candidates, k)
        dense = self.dense_ranking(query, depth) if mode != "bm25" else []
        bm25 = self.bm25_ranking(query, depth) if mode != "dense" else []
        if mode == "hybrid":
            rankings = [[c for c, _ in dense], [c for c, _ in bm25]]
            fused = rrf_fuse(rankings, self.settings.rrf_k, relative_score_sum([dense, bm25]))
        else:
            fused = dense or bm25
        return self._hits(fused[:k], dense, bm25)

    def dense_ranking(self, query: str, depth: int) -> list[tuple[str, float]]:
        vector = self.query_vector(query)
        hits = self.index.store.search(vector, min(depth, len(self.index.chunks)))
        return [(self.index.chunks[h.row].chunk_id, h.score) for h in hits]

    def bm25_ranking(self, query: str, depth: int) -> list[tuple[str, float]]:
        # Only chunks sharing a query term come back: one sharing none is no BM25 match at all.
        hits = self.index.store.search_keywords(tokenize(query), depth)
        return [(self.index.chunks[h.row].chunk_id, h.score) for h in hits]

    def _embed_query(self, query: str) -> np.ndarray:
        from rag.embeddings import embed_query

        vector = embed_query(self.embedder, query).astype(np.float32)
        if vector.shape[0] != self.index.chunk_vectors.shape[1]:
            raise RagError(
                f"index vectors have {self.index.chunk_vectors.shape[1]} dimensions but the embedding model "
                f"gives {vector.shape[0]}; run `rag index`"
            )
        return vector

    def _hits(self, fused, dense, bm25) -> list[Hit]:
        dense_rank = {c: i for i, (c, _) in enumerate(dense, start=1)}
        bm25_rank = {c: i for i, (c, _) in enumerate(bm25, start=1)}
        hits = []
        for rank, (chunk_id, score) in enumerate(fused, start=1):
            chunk = self.index.chunk(chunk_id)
            title = self.index.document(chunk.doc_id).title
            hits.append(Hit(chunk, score, rank, title, dense_rank.get(chunk_id), bm25_rank.get(chunk_id)))
        return hits


def hits_to_json(query: str, mode: str, hits: Sequence[Hit]) -> dict:
    """The `rag search --json` object."""
    return {
        "query": query,
        "mode": mode,
        "hits": [
            {
                "rank": h.rank,
                "score": round(h.score, 6),
                "doc_id": h.chunk.doc_id,
                "chunk_id": h.chunk.chunk_id,
                "title": h.title,
                "start": h.chunk.start,
                "end": h.chunk.end,
                "text": h.chunk.text,
            }
            for h in hits
        ],
    }


def snippet(text: str, width: int = 160) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def format_hits(hits: Sequence[Hit]) -> str:
    lines = []
    for h in hits:
        title = h.title or "(untitled)"
        lines.append(f"{h.rank}. [{h.score:.4f}] {title}  ({h.chunk.chunk_id})")
        lines.append(f"   {snippet(h.chunk.text)}")
    return "\n".join(lines)


def run_search_command(settings: Settings, query: str, as_json: bool) -> int:
    """`rag search`: refuse a missing or stale index, then print the hits."""
    from rag.embeddings import load_embedder
    from rag.index import load_current_index

    query, notices = prepare_query(query, settings)
    index = load_current_index(settings)
    retriever = Retriever(index, load_embedder(settings), settings)
    hits = retriever.search(query)
    for notice in notices:
        print(f"note: {notice}", file=sys.stderr)
    if as_json:
        print(json.dumps(hits_to_json(query, settings.mode, hits), ensure_ascii=False))
    else:
        print(format_hits(hits) if hits else "no matching passages")
    return 0
