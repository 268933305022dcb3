import json

from rag.count_lookup import count_of_the_counted_thing, count_reply, counted_word
from rag.question import profile_question
from tests.evidence import numbered as evidence

SHOPS = "적립된 코인은 공공시설과 약 300개의 탄소제로샵에서 결제시 사용하거나 기부가 가능하다."
GUESTS = "이번 총회에는 서울시를 포함해 모스크바·마드리드 등 110개 도시(42개 회원도시와 68개 비회원도시) 시장 등 총 350여명이 참석한다."
MEMBERS = "WeGO는 2010년 창립 당시 50여개 회원도시에서 출발해 7년만에 120여개 도시와 기관이 회원으로 참여하고 있다."


def counted(question: str, *texts: str):
    return count_of_the_counted_thing(profile_question(question), evidence(*texts))


def test_the_counted_word_is_read_after_or_before_the_counter():
    assert counted_word("착한 서초코인은 대략 몇 곳의 탄소제로샵에서 쓸 수 있나요?") == "탄소제로샵"
    assert counted_word("WeGO 총회에 몇 개 도시가 참가해?") == "도시"
    assert counted_word("탄소제로샵은 몇 곳이야?") == "탄소제로샵"
    assert counted_word("WeGO 총회는 언제 열려?") == ""
    assert counted_word("조례안은 몇 회 정례회 본회의에서 통과됐나요?") == "정례회"


def test_the_count_read_is_the_number_written_onto_the_counted_thing():
    found = counted("착한 서초코인은 대략 몇 곳의 탄소제로샵에서 쓸 수 있나요?", GUESTS, SHOPS)
    assert (found.n, found.count, found.value) == (2, "약 300개의 탄소제로샵", "300")
    assert json.loads(count_reply(found)) == {"answer": "약 300개의 탄소제로샵", "citations": [2]}
    # 42개 회원도시 counts member cities, not 도시: the 110 cities attending are the count
    assert counted("WeGO 총회에 몇 개 도시가 참석해?", GUESTS, SHOPS).value == "110"


def test_two_counts_of_the_thing_are_told_apart_by_the_question_else_none():
    # 110 cities attend, 120 cities and bodies are members: the question says which
    assert counted("WeGO 총회에 몇 개 도시가 참석해?", GUESTS, MEMBERS).value == "110"
    assert counted("몇 개 도시가 있어?", GUESTS, MEMBERS) is None


def test_english_questions_and_questions_counting_nothing_named_are_not_read():
    assert counted("How many carbon-zero shops take Seocho Coin?", SHOPS) is None
    assert counted("총회에 몇 명이 참석해?", GUESTS) is None


def test_a_numbered_session_is_read_with_its_number():
    """"몇 회 정례회" asks the session's number: 제333회 정례회, not the 2018 of the same sentence."""
    passed = "서울시의회는 2018년 12월 14일 제333회 정례회 본회의에서 조례안을 통과시켰다."
    found = counted("김혜영 시의원이 발의한 조례안은 몇 회 정례회 본회의에서 통과됐나요?", SHOPS, passed)
    assert (found.n, found.count, found.value) == (2, "제333회 정례회", "333")
    assert counted("조례안은 몇 회 정례회에서 통과됐어?", SHOPS) is None
    # a session number answers no count of people, nor a count a session
    assert counted("WeGO 총회에는 몇 명이 참석했나요?", "제5회 총회에는 350여 명이 참석했다.") is None
    assert counted("총회는 몇 회 총회야?", "110개 총회가 열렸다.") is None
