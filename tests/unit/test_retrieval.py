"""Tokenizer, rank fusion, query validation, and the Retriever over a fake index."""

from __future__ import annotations

import time

import pytest

from rag.config import Settings
from rag.errors import RagError
from rag.retrieval import prepare_query, rrf_fuse, tokenize


def test_tokenize_keeps_content_morphemes_and_drops_particles():
    tokens = tokenize("WeGO 총회에는 350여명이 참석했나요?")
    assert tokens[:2] == ["wego", "총회"]
    assert "350" in tokens and "참석" in tokens
    assert not {"에", "는", "이", "었", "나요", "?"} & set(tokens)


def test_tokenize_lowercases_english_drops_stopwords_keeps_hanja():
    tokens = tokenize("Which university did Park meet in Zurich? 110개市")
    assert {"university", "park", "meet", "zurich", "110", "市"} <= set(tokens)
    assert not {"which", "did", "in", "Zurich"} & set(tokens)


def test_rrf_fuse_sums_reciprocal_ranks():
    fused = rrf_fuse([["a", "b", "c"], ["b", "d"]], k=60)
    assert [item for item, _ in fused] == ["b", "a", "d", "c"]
    assert fused[0][1] == pytest.approx(1 / 62 + 1 / 61)
    assert fused[1][1] == pytest.approx(1 / 61)


def test_rrf_fuse_breaks_ties_by_first_ranking_and_handles_empty():
    assert [i for i, _ in rrf_fuse([["x", "y"], ["y", "x"]], k=1)] == ["x", "y"]
    assert rrf_fuse([[], []], k=60) == []


@pytest.mark.parametrize("query", ["", "   ", "\n\t"])
def test_empty_query_is_refused(query):
    with pytest.raises(RagError, match="the question is empty"):
        prepare_query(query, Settings())


def test_long_query_is_truncated_with_a_notice():
    query, notes = prepare_query("가" * 20_000, Settings(max_question_chars=1000))
    assert len(query) == 1000
    assert notes and "truncated" in notes[0] and "20000" in notes[0]
    assert prepare_query("  짧은 질문 ", Settings()) == ("짧은 질문", [])


# ---------------------------------------------------------------- Retriever over a fake index

WEGO = "002_d32cad0dd2ba4f1c"
ZURICH = "000_522c43292490633e"
SEOCHO = "004_1863467b96dbbb65"


@pytest.fixture
def retriever(fake_index, fake_settings):
    from rag.embeddings import FakeEmbedder
    from rag.retrieval import Retriever

    return Retriever(fake_index, FakeEmbedder(), fake_settings)


@pytest.mark.parametrize("mode", ["hybrid", "dense", "bm25"])
def test_search_ranks_the_source_article_first(retriever, mode):
    for query, doc_id in [("WeGO 총회 참석 인원 350여명", WEGO), ("착한 서초코인 탄소제로샵", SEOCHO)]:
        hits = retriever.search(query, k=3, mode=mode)
        assert hits[0].chunk.doc_id == doc_id, (mode, query, [h.chunk.chunk_id for h in hits])


def test_hits_are_ranked_titled_and_carry_both_ranks(retriever):
    hits = retriever.search("WeGO 총회 350여명", k=4, mode="hybrid")
    assert [h.rank for h in hits] == [1, 2, 3, 4]
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert hits[0].title == retriever.index.document(hits[0].chunk.doc_id).title != ""
    assert hits[0].dense_rank is not None and hits[0].bm25_rank is not None


def test_bm25_mode_ignores_chunks_sharing_no_term(retriever):
    assert retriever.search("zzzqqq", mode="bm25") == []
    assert all(h.bm25_rank is None for h in retriever.search("zzzqqq", mode="hybrid"))


def test_query_vector_is_cached(retriever):
    assert retriever.query_vector("서초코인") is retriever.query_vector("서초코인")


def test_a_20000_character_query_is_truncated_not_fatal(retriever, fake_settings):
    started = time.perf_counter()
    hits = retriever.search("서초코인 " * 4000)
    assert hits and hits[0].chunk.doc_id == SEOCHO
    assert time.perf_counter() - started < 10


def test_search_refuses_an_empty_query(retriever):
    with pytest.raises(RagError, match="the question is empty"):
        retriever.search("  ")


def test_rrf_tie_is_broken_by_how_far_ahead_each_item_was():
    from rag.retrieval import relative_score_sum

    dense = [("a", 0.56), ("b", 0.42)]  # a barely ahead
    bm25 = [("b", 3.4), ("a", 1.9)]  # b far ahead
    rankings = [[c for c, _ in dense], [c for c, _ in bm25]]
    assert [c for c, _ in rrf_fuse(rankings, 60)] == ["a", "b"]
    tiebreak = relative_score_sum([dense, bm25])
    assert tiebreak["b"] > tiebreak["a"]
    assert [c for c, _ in rrf_fuse(rankings, 60, tiebreak)] == ["b", "a"]
