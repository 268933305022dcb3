from dataclasses import replace

from rag.kind_lookup import asked_place_kind, kind_reply, place_of_the_asked_kind
from rag.question import profile_question
from tests.evidence import numbered as evidence

STATION = "한편, 오 시장은 이날 충칭시의 대중교통 시스템을 살펴보기 위해 지상철이 건물을 통과해 지나가는 것으로 유명한 리즈바역에서 열차를 탔다."
NIGHT = "야간에는 장강역 절벽 군사요새를 개조한 홍야동을 비롯해 치안시먼·동수이먼 대교 일대를 둘러봤다."
REGION = "북촌 IoT 실증지역은 2020년까지 50곳으로 늘어난다."


def found(question: str, *texts: str):
    return place_of_the_asked_kind(profile_question(question), evidence(*texts))


def test_which_station_is_asked_in_either_language_and_a_count_of_stations_is_not():
    for question in ("At which Chongqing station, famous for trains running through a building, did Oh board a train?",
                     "Oh Se-hoon rode Chongqing's elevated train at a well-known station, which one was it?",
                     "what station did oh ride the train at in chongqing?", "오 시장이 열차 탄 역 이름이 뭐야?",
                     "충칭에서 어느 역에서 열차를 탔어?"):
        assert asked_place_kind(question).english == "Station", question
    for question in ("Oh gave a figure for yearly deaths at Seoul subway stations before screen doors went in. What was it?",
                     "북촌 사물인터넷 실증지역은 어디야?", "Which city did Oh visit?"):
        assert asked_place_kind(question) is None, question


def test_the_one_station_the_evidence_names_is_read_with_its_sentence():
    place = found("At which Chongqing station did Oh Se-hoon board a train?", REGION, STATION)
    assert (place.n, place.word) == (2, "리즈바역")  # 에서 is cut; 실증지역 is an area, not a station
    assert kind_reply(place, "ko") == '{"answer": "리즈바역", "citations": [2]}'
    assert kind_reply(place, "en") == '{"answer": "Lijeuba Station (리즈바역)", "citations": [2]}'


def test_of_two_stations_the_one_whose_sentence_says_most_of_the_question_else_none():
    assert found("오 시장이 대중교통 시스템을 살펴보려고 열차를 탄 역 이름이 뭐야?", NIGHT, STATION).word == "리즈바역"
    assert found("어느 역이야?", NIGHT, STATION) is None  # the question says nothing either sentence says more of
    assert found("리즈바역 말고 어느 역?", STATION) is None  # the question's own station is no answer
    assert found("Which station did he board at?", REGION) is None


def test_stations_that_tie_on_the_questions_words_are_told_apart_by_retrieval_rank():
    """An English question's words match no Korean sentence: 리즈바역 and the night tour's 장강역 tie on
    words, and the sentence retrieval ranked first decides; with equal ranks, no station is read."""
    question = profile_question("At which Chongqing station did Oh Se-hoon board a train?")
    shown = evidence(NIGHT, STATION)
    assert place_of_the_asked_kind(question, shown) is None
    ranked = [replace(shown[0], score=0.4), replace(shown[1], score=0.7)]
    assert place_of_the_asked_kind(question, ranked).word == "리즈바역"
