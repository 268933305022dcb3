"""Retrieval with the real EmbeddingGemma index (runs in CI; never skipped)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from rag.config import PROJECT_ROOT

pytestmark = pytest.mark.integration

ZURICH = "000_522c43292490633e"
CHONGQING = "001_f7f4b121435f6b6b"
WEGO = "002_d32cad0dd2ba4f1c"
KUALA_LUMPUR = "003_80a5da383ee30811"
SEOCHO = "004_1863467b96dbbb65"

# (question, the article that answers it): 13 Korean, 13 English, every article.
QUESTIONS: list[tuple[str, str]] = [
    ("취리히주의 인구는 몇 명인가요?", ZURICH),
    ("코린 마우흐 취리히 시장은 언제 당선되었나요?", ZURICH),
    ("트러스트 스퀘어는 어떤 곳인가요?", ZURICH),
    ("후헝화 충칭시장은 언제 취임했나요?", CHONGQING),
    ("서울바이오허브와 업무협약을 맺은 곳은 어디인가요?", CHONGQING),
    ("오세훈 시장이 리즈바역에서 타 본 것은 무엇인가요?", CHONGQING),
    ("WeGO 총회에는 몇 명이 참석했나요?", WEGO),
    ("디지털 시민시장실은 무엇인가요?", WEGO),
    ("스마트 쓰레기통을 선보인 스타트업은 어디인가요?", WEGO),
    ("쿠알라룸푸르의 인구는 얼마인가요?", KUALA_LUMPUR),
    ("타슈켄트와 서울시는 언제 친선도시가 되었나요?", KUALA_LUMPUR),
    ("서초코인은 어디에서 사용할 수 있나요?", SEOCHO),
    ("2023 스마트시티 엑스포 월드 콩그레스에는 몇 개국이 참가했나요?", SEOCHO),
    ("Which university's students did Park Won-soon meet in Zurich?", ZURICH),
    ("What is the area of the canton of Zurich?", ZURICH),
    ("Who is the mayor of Chongqing that Oh Se-hoon met?", CHONGQING),
    ("How many people died at Seoul subway stations each year before screen doors were installed?", CHONGQING),
    ("What did the Seoul Bio Hub agree on with the Chongqing life science park?", CHONGQING),
    ("How many cities took part in the WeGO general assembly in Ulyanovsk?", WEGO),
    ("Which startup showed a smart trash bin at the WeGO assembly?", WEGO),
    ("Who signed the friendship city agreement with Seoul in Kuala Lumpur?", KUALA_LUMPUR),
    ("What share of Uzbekistan's GDP does Tashkent produce?", KUALA_LUMPUR),
    ("In which city was the online transport policy sharing forum held?", KUALA_LUMPUR),
    ("Where can the Seocho Coin be spent?", SEOCHO),
    ("Which certification grade did Seocho-gu get from the British Standards Institution?", SEOCHO),
    ("Where was the 2023 Smart City Expo World Congress held?", SEOCHO),
]


def rag_search_json(settings, query: str) -> dict:
    """The real CLI in a subprocess over the session's real index, one JSON object back."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAG_")}
    env.update(RAG_INDEX_DIR=str(settings.index_dir), RAG_MODELS_DIR=str(settings.models_dir))
    result = subprocess.run(
        [sys.executable, "-m", "rag.cli", "search", query, "--json"],
        cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_done_when_korean_wego_attendance(real_index_settings):
    top = rag_search_json(real_index_settings, "WeGO 총회에는 몇 명이 참석했나요?")["hits"][0]
    assert top["doc_id"] == WEGO and "350" in top["text"], top


def test_done_when_english_zurich_university(real_index_settings):
    top = rag_search_json(real_index_settings, "Which university's students did Park Won-soon meet in Zurich?")["hits"][0]
    assert top["doc_id"] == ZURICH and "연방공과대학" in top["text"], top


def test_question_list_is_balanced_and_covers_every_article(real_index):
    korean = [q for q, _ in QUESTIONS if any("가" <= ch <= "힣" for ch in q)]
    assert len(QUESTIONS) >= 20 and abs(len(korean) - (len(QUESTIONS) - len(korean))) <= 1
    assert {doc for _, doc in QUESTIONS} == set(real_index.documents)


def test_hybrid_finds_every_source_in_top5_and_most_at_top1(real_index, real_embedder, real_index_settings):
    from rag.retrieval import Retriever

    retriever = Retriever(real_index, real_embedder, real_index_settings)
    ranks = {q: _source_rank(retriever.search(q, k=5, mode="hybrid"), doc) for q, doc in QUESTIONS}
    missed = [q for q, rank in ranks.items() if rank is None]
    assert not missed, f"source not in top 5: {missed}"
    at_top = sum(rank == 1 for rank in ranks.values())
    assert at_top / len(QUESTIONS) >= 0.85, {q: r for q, r in ranks.items() if r != 1}


def _source_rank(hits, doc_id: str) -> int | None:
    return next((h.rank for h in hits if h.chunk.doc_id == doc_id), None)
