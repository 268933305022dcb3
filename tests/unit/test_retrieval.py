"""Tokenizer, rank fusion, query validation, and the Retriever over a fake index."""

from __future__ import annotations

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
