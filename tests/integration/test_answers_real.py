"""The grounded answer pipeline with the real embedding model and the embedded LLM.

Questions are our own (Korean and English, every article) and visible here:
the answer must contain the expected fact and cite the right article; the
unanswerable ones must be abstained on.
"""

import json
import os
import subprocess
import sys

import pytest

from rag.config import load_settings
from rag.pipeline import Pipeline

pytestmark = pytest.mark.integration

WEGO, ZURICH, CHONGQING, KL, SEOCHO = (
    "002_d32cad0dd2ba4f1c", "000_522c43292490633e", "001_f7f4b121435f6b6b",
    "003_80a5da383ee30811", "004_1863467b96dbbb65",
)

ANSWERABLE = [
    ("WeGO 총회에는 몇 명이 참석했나요?", ["350"], WEGO),
    ("WeGO는 언제 창립되었나요?", ["2010"], WEGO),
    ("How many cities took part in the WeGO general assembly?", ["110"], WEGO),
    ("취리히주의 인구는 얼마인가요?", ["115만 8천", "1158000"], ZURICH),
    ("취리히주의 면적은 얼마인가요?", ["1,729", "1729"], ZURICH),
    ("How many Nobel Prize winners has ETH Zurich produced?", ["21"], ZURICH),
    ("When did Chongqing's mayor Hu Henghua take office?", ["2022"], CHONGQING),
    ("서울시와 충칭시는 언제 우호 협약을 맺었나요?", ["2019"], CHONGQING),
    ("충칭시장의 이름은 무엇인가요?", ["후헝화"], CHONGQING),
    ("쿠알라룸푸르의 인구는 얼마인가요?", ["207만", "2070000", "2.07"], KL),
    ("What is the population of Tashkent?", ["247만", "2.47", "2470000"], KL),
    ("서울시와 타슈켄트는 언제 우호도시 협정을 처음 체결했나요?", ["2006"], KL),
    ("How many countries took part in the 2023 Smart City Expo World Congress?", ["140"], SEOCHO),
    ("착한 서초코인은 약 몇 개의 탄소제로샵에서 사용할 수 있나요?", ["300"], SEOCHO),
    ("서초구가 참가한 스마트시티 엑스포는 어느 도시에서 열렸나요?", ["바르셀로나", "Barcelona"], SEOCHO),
    ("In which city was the 2023 Smart City Expo World Congress held?", ["Barcelona", "바르셀로나"], SEOCHO),
    ("취리히시의 인구는 몇 명인가요?", ["39만 7천", "397000"], ZURICH),
    ("서울시와 타슈켄트는 언제 친선도시로 격상했나요?", ["2010"], KL),
    ("착한 서초코인이 우수 기관상을 받은 국제 환경상의 이름은 무엇인가요?", ["그린애플"], SEOCHO),
    ("WeGO 총회는 어느 도시에서 열렸나요?", ["울랴놉스크"], WEGO),
]
# Right answers with a citation of the right article among these 20 of our own questions.
# Measured 2026-12-01 with whole-document answers and the span checks (greedy, so repeatable on
# one machine): 14/20 (16/20 with the round-one verifier, which also passed wrong answers);
# the floor allows one more miss.
MIN_RIGHT = 13

UNANSWERABLE = [
    "What is the GDP of Kuala Lumpur?",
    "WeGO 사무국은 어느 도시에 있나요?",
    "How old is Mayor Hu Henghua?",
    "서초코인의 발행 총량은 얼마인가요?",
    "What is the annual budget of the Seoul Bio Hub?",
]


def _normal(text: str) -> str:
    return "".join(text.split()).replace(",", "").casefold()


@pytest.fixture(scope="module")
def pipeline(real_index, real_embedder):
    settings = load_settings().with_overrides(llm="embedded")
    return Pipeline(settings, index=real_index, embedder=real_embedder)


def _quote_matches(answer, index):
    for c in answer.citations:
        assert c.quote == index.documents[c.doc_id].text[c.start : c.end]


def test_answers_with_the_fact_and_a_citation_of_the_right_article(pipeline, real_index):
    right, report = 0, []
    for question, facts, source in ANSWERABLE:
        answer = pipeline.answer(question)
        _quote_matches(answer, real_index)
        ok = (
            not answer.abstained
            and any(_normal(f) in _normal(answer.text) for f in facts)
            and any(c.doc_id == source for c in answer.citations)
            and answer.language == ("en" if question.isascii() else "ko")
        )
        right += ok
        report.append(f"{'OK ' if ok else 'BAD'} {question} -> {answer.text} {[c.doc_id[:3] for c in answer.citations]}")
    print("\n".join(report))
    assert right >= MIN_RIGHT, "\n".join(report)


def test_abstains_on_questions_the_articles_do_not_answer(pipeline):
    answers = [pipeline.answer(q) for q in UNANSWERABLE]
    report = "\n".join(f"{a.abstained} {a.question} -> {a.text}" for a in answers)
    print(report)
    assert sum(a.abstained for a in answers) >= 4, report


def test_follow_up_uses_the_conversation(pipeline):
    """A follow-up is retrieved with the previous question; the answer passages come from
    the article the conversation is about. (Whether the 1.5B model then answers the
    follow-up correctly is measured by the eval set's follow-up pairs, not asserted here.)"""
    from rag.types import Turn

    first = pipeline.answer("서울시와 우호도시 협정을 맺은 말레이시아 도시는 어디인가요?")
    follow = pipeline.answer("그 도시의 인구는 얼마인가요?", [Turn(first.question, first.text)])
    assert "말레이시아" in follow.retrieval_query
    assert follow.passages[0].chunk.doc_id == KL
    assert follow.question == "그 도시의 인구는 얼마인가요?" and follow.language == "ko"


def _ask(question: str) -> dict:
    env = dict(os.environ, RAG_LLM="embedded")
    out = subprocess.run([sys.executable, "-m", "rag.cli", "ask", question, "--json"], capture_output=True,
                         text=True, env=env, timeout=600)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def _check_quotes(result: dict, documents) -> None:
    for c in result["citations"]:
        text = documents[c["doc_id"]].text
        assert c["quote"] == text[c["start"] : c["end"]]
        assert c["start"] <= c["span_start"] < c["span_end"] <= c["end"]  # the fact's span, inside its sentence
        assert c["span"] == text[c["span_start"] : c["span_end"]]


def test_cli_done_when_questions(real_index):
    """The issue's three `rag ask --json` checks, through the real CLI (project index)."""
    wego = _ask("WeGO 총회에는 몇 명이 참석했나요?")
    assert wego["language"] == "ko" and "350" in wego["answer"] and not wego["abstained"]
    assert any(c["doc_id"] == WEGO and "350" in c["span"] for c in wego["citations"])

    hu = _ask("When did Chongqing's mayor Hu Henghua take office?")
    assert hu["language"] == "en" and "2022" in hu["answer"]
    assert any(c["doc_id"] == CHONGQING and "2022" in c["span"] for c in hu["citations"])

    gdp = _ask("What is the GDP of Kuala Lumpur?")
    assert gdp["abstained"] is True
    for result in (wego, hu, gdp):
        _check_quotes(result, real_index.documents)


class _FirstReplyScripted:
    """The real model, except that its first reply is given: an echo the checks must reject.
    Everything after it (the narrowed prompt, the JSON schema, the second reply) is the real model's."""

    def __init__(self, real, first: str):
        self.real, self.first, self.calls = real, first, []
        self.backend, self.model = real.backend, real.model

    def stream(self, messages, **options):
        self.calls.append(messages)
        if len(self.calls) == 1:
            yield self.first
            return
        yield from self.real.stream(messages, **options)


def test_a_rejected_reply_gets_one_second_ask_of_the_real_model(pipeline, real_index, real_embedder):
    chat = _FirstReplyScripted(pipeline.chat, json.dumps({"answer": "WeGO 총회", "citations": [1]}, ensure_ascii=False))
    asked = Pipeline(pipeline.settings.with_overrides(second_ask=True), index=real_index, embedder=real_embedder, chat=chat)
    answer = asked.answer("WeGO 총회에는 몇 명이 참석했나요?")
    assert len(chat.calls) == 2
    first, second = (call[-1]["content"].count("\n[") for call in chat.calls)
    assert 0 < second < first  # only the sentences that pass the evidence checks
    assert any(note.startswith("asked again") for note in answer.notes), answer.notes
    # The second reply is the real model's, verified like any: here it states the number, cited to its span.
    assert not answer.abstained and "350" in answer.text, (answer.text, answer.raw_reply)
    assert any(c.doc_id == WEGO and "350" in c.span for c in answer.citations)
    _quote_matches(answer, real_index)


def test_an_echo_of_a_role_question_is_answered_by_the_role_holder_the_text_names(pipeline, real_index, real_embedder):
    # The real model answered this question (fresh4) with "충칭시장", an echo; the first reply is
    # scripted so that the test does not hang on what the model happens to write.
    chat = _FirstReplyScripted(pipeline.chat, json.dumps({"answer": "충칭시장", "citations": [1]}, ensure_ascii=False))
    asked = Pipeline(pipeline.settings.with_overrides(second_ask=True), index=real_index, embedder=real_embedder, chat=chat)
    answer = asked.answer("오세훈 시장이 충칭 가서 만난 충칭 시장은 누구예요?")
    assert len(chat.calls) == 1  # read from the text: the model is not asked again
    assert not answer.abstained and "후헝화" in answer.text and "오세훈" not in answer.text, (answer.text, answer.notes)
    assert any(c.doc_id == CHONGQING and c.span == "후헝화" for c in answer.citations), answer.citations
    _quote_matches(answer, real_index)
