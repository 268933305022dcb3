import json

from rag.listed_lookup import listed_reply, place_listed_with_the_asked_year
from rag.question import profile_question
from tests.evidence import numbered as evidence

EVENTS = "취리히시는 '14년 뉴욕을 시작으로 '16년 런던, '17년 홍콩, '18년 샌프란시스코에서 교류행사를 개최한 바 있다."
ONE_YEAR = "충칭시는 지난 2019년 5월 서울시와 우호 협약을 맺었다."


def listed(question: str, *texts: str):
    return place_listed_with_the_asked_year(profile_question(question), evidence(*texts))


def test_the_place_read_is_the_one_listed_with_the_asked_year():
    found = listed("In which city did the city of Zurich hold its exchange event in 2017?", ONE_YEAR, EVENTS)
    assert (found.n, found.place) == (2, "홍콩")
    assert json.loads(listed_reply(found, "en")) == {"answer": "Hong Kong (홍콩)", "citations": [2]}
    assert listed("취리히시는 2016년에 어느 도시에서 교류행사를 열었어?", EVENTS).place == "런던"
    assert listed("2018년 교류행사는 어디서 열렸어?", EVENTS).place == "샌프란시스코"  # its particle cut
    assert json.loads(listed_reply(listed("2014년에는 어디서 했어?", EVENTS), "ko"))["answer"] == "뉴욕"


def test_a_year_the_list_lacks_a_sentence_of_one_year_and_when_questions_are_not_read():
    assert listed("2015년 행사는 어디서 했어?", EVENTS) is None
    assert listed("2019년에 어디랑 협약을 맺었어?", ONE_YEAR) is None  # no list
    assert listed("When was the Hong Kong event?", EVENTS) is None
