"""Facts an answer states beyond the question, and where a sentence states them."""

from dataclasses import astuple

import pytest

from rag.facts import Fact, Place, facts_of, loanword_facts, locate, source_spelling, spelled_as_written, to_the_word_end
from rag.question import profile_question

THRESHOLDS = (0.75, 0.6)
CANTON = "취리히주는 넓이는 1,729㎢, 인구는 115만 8천 명이다."
KL = "김 부시장은 23일 쿠알라룸푸르에서 이스마디 빈 사키린 쿠알라룸푸르 부시장과 우호도시 협정(MOU)을 체결했다."


def facts(claim: str, question: str) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in facts_of(claim, profile_question(question))]


def test_a_korean_answer_states_its_new_nouns_and_numbers():
    assert facts("2016년 런던에서 열었습니다.", "취리히시는 2016년에 어느 도시에서 교류행사를 열었어?") == [("word", "런던")]
    assert facts("총회에는 350여 명이 참석합니다.", "WeGO 총회에는 몇 명이 참석했나요?") == [("number", "350")]


def test_an_echo_states_nothing():
    # the working-title note the text brackets after the name is no fact about where it is held
    assert facts("취리히 서울과 만나다(가칭) 행사는 서울에서 열려. [1]",
                 "내년 9월 '취리히 서울과 만나다' 행사는 서울 어느 장소에서 열려?") == []
    assert facts("충칭시장입니다.", "오세훈 시장이 면담한 충칭시장은 누구인가요?") == []
    claim = "Kim Tae-gyun signed the Kuala Lumpur agreement with Kuala Lumpur ( Kuala Lumpur) and Kuala Lumpur (Kuala Lumpur)"
    assert facts(claim, "Who did Kim Tae-gyun sign the Kuala Lumpur agreement with?") == []


def test_the_initials_of_the_asked_name_are_an_echo():
    question = "Which organisation hosts the Smart City Expo World Congress?"
    assert facts("SCEWC [1]", question) == []
    # an abbreviation's Korean gloss spells out the asked name: an echo too
    assert facts("SCEWC (스마트시티 세계콘서스) [1]", question) == []
    assert facts("SCEWC (스마트시티 국제행사) [1]", question) == []
    # so is the asked name sounded out in Hangul; a gloss that says more is checked
    assert facts("Seoul Bio Hub (서울 바이오허브) operates in Seoul. [1]", "Which two institutions operate the Seoul Bio Hub?") == []
    assert ("name", "서울시 행정1부") in facts("Seoul City Hall (서울시 행정1부) [1]",
                                         "What's Kim Tae-gyun's job title at Seoul city hall?")
    assert facts("Barcelona City Hall (바르셀로나 시청) [1]", question) == [("name", "Barcelona Hall")]
    # initials the question does not spell are a fact; two letters are too often something else
    assert facts("SCEWC [1]", "Which event did Seocho-gu attend in Barcelona?") == [("name", "SCEWC")]
    assert {"sbh"} <= profile_question("Where is the Seoul Bio Hub?").initialisms
    assert "sb" not in profile_question("Where is the Seoul Bio Hub?").initialisms


def test_an_english_answer_states_names_and_the_korean_it_quotes():
    found = facts_of("He signed it with Ismadi bin Sakirin (이스마디 빈 사키린), the deputy mayor of Kuala Lumpur.",
                     profile_question("Who did Kim Tae-gyun sign the Kuala Lumpur agreement with?"))
    assert [(f.kind, f.text, f.korean) for f in found] == [("name", "Ismadi bin Sakirin", "이스마디 빈 사키린")]


def test_english_common_words_are_not_checkable_facts():
    assert facts("Both of them were pleased.", "What profession did Park Won-soon and Thomas Heiniger share?") == []
    # an occupation is the exception, for a question about one: it is found as its Korean word (below)
    assert facts("Both of them were lawyers.", "What profession did Park Won-soon and Thomas Heiniger share?") == [
        ("name", "lawyers")]
    assert facts("Both were lawyers (변호사).", "What profession did Park Won-soon and Thomas Heiniger share?") == [
        ("name", "변호사")]  # the Korean term it quotes is checked verbatim


def test_korean_an_english_answer_quotes_is_checked_verbatim():
    found = facts_of("He invited Chongqing to '제1회 서울 스마트 라이프 위크' in October.",
                     profile_question("To which October event in Seoul did Oh Se-hoon invite Chongqing?"))
    assert [f.korean for f in found if f.korean] == ["제1회 서울 스마트 라이프 위크"]
    sentence = "오 시장은 10월 열리는 '제1회 서울 스마트 라이프 위크'에 충칭시를 초청했다."
    quoted = next(f for f in found if f.korean)
    place = locate(quoted, sentence, THRESHOLDS)
    assert sentence[place.start : place.end] == "제1회 서울 스마트 라이프 위크"


def test_a_korean_name_is_found_before_a_particle_of_source():
    """"영국표준협회로부터" names the institute: 로부터 (from) is a particle like 에서, not more of the word.
    Missed, the certifier of "which organization gave …, and at what level?" was dropped and its
    level kept alone, re-cited to the "4차 산업" of another sentence."""
    question = profile_question("Which organization gave Seocho its certification, and at what level?")
    body, = [f for f in facts_of("영국표준협회 gave Seocho its certification at level 4.", question) if f.korean]
    assert locate(body, "특히 영국표준협회로부터 '4등급'으로 국제표준 인증을 획득했다.", THRESHOLDS) is not None
    assert locate(body, "영국표준협회장단은 회의를 열었다.", THRESHOLDS) is None  # a longer word is another name


def test_korean_an_english_answer_quotes_must_end_where_the_word_ends():
    """"(서울시 행정1부)" is the office, and 행정1부시장 its deputy mayor: the same letters, another word."""
    question = profile_question("What's Kim Tae-gyun's job title at Seoul city hall?")
    office, = [f for f in facts_of("He is the head of Seoul City Hall (서울시 행정1부).", question) if f.korean]
    assert locate(office, "김태균 서울시 행정1부시장은 타슈켄트를 방문했다.", THRESHOLDS) is None
    held = "서울시 행정1부는 타슈켄트 방문단을 꾸렸다."  # a particle, or a place suffix, may follow
    assert held[slice(*vars(locate(office, held, THRESHOLDS)).values())] == "서울시 행정1부"
    startup, = [f for f in facts_of("It is 이큐브랩.", profile_question("Which startup showed a smart bin?")) if f.korean]
    assert locate(startup, "스타트업 이큐브랩은 '스마트 쓰레기통'을 선보인다.", THRESHOLDS) is not None


@pytest.mark.parametrize("claim, question, expected", [
    ("The area is 1,729 km².", "What is the area of the canton of Zurich?", "1,729"),
    ("면적은 1729㎢입니다.", "취리히주의 면적은?", "1,729"),  # the unit sign attached is still 1729
    ("About 1.158 million people.", "How many people live in the canton of Zurich?", "115만 8천"),
])
def test_a_number_is_found_as_the_same_value(claim, question, expected):
    fact = facts_of(claim, profile_question(question))[0]
    place = locate(fact, CANTON, THRESHOLDS)
    assert place and CANTON[place.start : place.end].strip() == expected


def test_a_changed_number_is_not_found():
    fact = facts_of("About 1.6 million people.", profile_question("How many people live in the canton of Zurich?"))[0]
    assert locate(fact, CANTON, THRESHOLDS) is None


def test_an_ordinal_the_model_adds_is_the_number_in_the_korean_ordinal():
    fact = facts_of("It was the 1st policy forum.", profile_question("Which forum did they hold?"))[0]
    sentence = "제1회 정책공유 포럼을 열었다."
    place = locate(fact, sentence, THRESHOLDS)
    assert place and sentence[place.start : place.end] == "1"


def test_words_and_names_are_found_verbatim_or_by_sound():
    word = facts_of("협정을 체결했습니다 우호도시", profile_question("무엇을 체결했어?"))
    assert all(locate(f, KL, THRESHOLDS) for f in word)
    name = facts_of("Ismadi bin Sakirin signed it.", profile_question("Who signed it?"))[0]
    place = locate(name, KL, THRESHOLDS)
    assert KL[place.start : place.end] == "이스마디 빈 사키린"
    other = facts_of("Maimunah Mohd Sharif signed it.", profile_question("Who signed it?"))[0]
    assert locate(other, KL, THRESHOLDS) is None


@pytest.mark.parametrize("claim, question, sentence", [
    ("그는 30살입니다.", "하이니거 주지사는 몇 살이야?", "박원순 시장은 3일(수) 15시30분 주지사를 만났다."),
    ("4회 연속입니다.", "몇 회 연속 의장도시야?", "3회 연속 의장도시를 맡고 있는 서울시가 4번째 연임에 도전한다."),
    # a bare number takes what the question counts: 140 countries are not 140 companies
    ("140", "How many companies exhibited at SCEWC 2023 in total?", "올해는 140개국, 700여개 도시, 2만여명이 참가했다."),
    # 12 votes are not the 12th month
    ("12표", "조례안 본회의에서 찬성표 몇 표 나왔어?", "조례안이 지난해 12월 23일 열린 본회의에서 최종 통과됐다."),
])
def test_the_same_number_counting_something_else_is_not_the_fact(claim, question, sentence):
    fact = facts_of(claim, profile_question(question))[0]
    assert fact.counts and locate(fact, sentence, THRESHOLDS) is None


def test_an_ordinal_matches_the_korean_ordinal_and_a_count_its_count():
    rank = facts_of("It ranked 9th.", profile_question("What rank did ETH reach?"))[0]
    assert locate(rank, "ETH는 2015년 세계 대학 순위 9위에 올랐다.", THRESHOLDS)
    times = facts_of("3회 연속입니다.", profile_question("몇 회 연속 의장도시야?"))[0]
    assert locate(times, "3회 연속 의장도시를 맡고 있는 서울시가 4번째 연임에 도전한다.", THRESHOLDS)


def test_a_counter_is_read_as_the_question_reads_it():
    # after "몇 회 정례회" a bare "333회" names the session, as the question's own 회 does
    session = facts_of("333회", profile_question("조례안은 서울시의회 몇 회 정례회에서 통과됐어?"))[0]
    assert session.counts == "ordinal"
    assert locate(session, "서울시의회 제333회 정례회 본회의에서 최종 통과됐다.", THRESHOLDS)
    assert not locate(session, "위원회는 333회 열렸다.", THRESHOLDS)
    assert facts_of("333회", profile_question("위원회는 몇 회 열렸어?"))[0].counts == "times"


@pytest.mark.parametrize("claim, question, sentence", [
    ("46", "How many countries has the program reached?", "46개국 139개 도시에 서울의 정책을 전수했다."),
    ("250", "How many companies will do research there?", "완공 시에는 250개 이상의 기업이 이곳에서 연구하게 된다."),
    ("350", "WeGO 총회에는 몇 명이 참석했나요?", "총 350여명이 참석한다."),
])
def test_a_number_counting_what_the_question_asked_is_found(claim, question, sentence):
    fact = facts_of(claim, profile_question(question))[0]
    assert locate(fact, sentence, THRESHOLDS)


def test_a_name_found_by_its_latin_sound_must_also_sound_like_the_korean_the_answer_gives():
    sentence = "박원순 시장은 이날 오후 17시엔<현지시간> 취리히시 소재 블록체인센터를 방문했다."
    invented = facts_of("Airblack's CEO is Lee Sang-hoon (이상호).", profile_question("Who heads Airblack?"))
    assert [f.korean for f in invented] == ["이상호"]
    assert all(locate(f, sentence, THRESHOLDS) is None for f in invented)  # "Lee Sang-hoon" ~ 이날 오후 by sound alone

    misspelled = facts_of("Thomas Heiniger (토마스 하이니커).", profile_question("Who met the mayor?"))[0]
    place = locate(misspelled, "토마스 하이니거 취리히 주지사와 면담했다.", THRESHOLDS)
    assert place is not None  # the model's Hangul is off by a sound, but it is the same name


def test_a_romanized_korean_name_must_be_the_person_its_hangul_names():
    sentence = "김태균 서울시 행정1부시장은 7월 22일부터 27일까지 쿠알라룸푸르를 방문했다."
    question = profile_question("Who is the mayor of Tashkent?")
    someone_else = facts_of("Kim Jae-in (김태균)", question)[0]
    assert locate(someone_else, sentence, THRESHOLDS) is None  # 김태균 is there, but he is Kim Tae-gyun
    same = facts_of("Kim Tae-gyun (김태균)", question)[0]
    assert locate(same, sentence, THRESHOLDS) is not None


def test_a_name_the_sentence_spells_in_latin_letters_needs_no_korean_agreement():
    sentence = "세르게이 모로조프(Sergey Ivanovich Morozov) 러시아 울랴놉스크 주지사를 만난다."
    fact = facts_of("Sergey Ivanovich Morozov (서게이 모로조프)", profile_question("Who is the governor of Ulyanovsk?"))[0]
    assert locate(fact, sentence, THRESHOLDS) is not None


def test_an_english_month_is_the_number_of_its_month():
    question = "In which month is the Smart City Expo World Congress held every year?"
    month, = facts_of("It is held every November [1].", profile_question(question))
    assert (month.kind, month.values, month.counts) == ("number", frozenset({11.0}), "month")
    assert locate(month, "SCEWC는 매년 11월 바르셀로나에서 열린다.", THRESHOLDS) is not None
    assert locate(month, "SCEWC는 매년 10월 바르셀로나에서 열린다.", THRESHOLDS) is None
    # a date is checked by its month too, not by its day alone
    date = facts_of("They signed it on October 3 [1].", profile_question("When did Seoul and Zurich sign it?"))
    assert sorted(f.text for f in date) == ["3", "October"]
    assert all(locate(f, "서울시는 11월 3일 협약을 체결했다.", THRESHOLDS) for f in date if f.text == "3")
    assert not all(locate(f, "서울시는 11월 3일 협약을 체결했다.", THRESHOLDS) for f in date)
    # an English document writes the month as a word
    assert locate(month, "The expo is held in Barcelona every November.", THRESHOLDS) is not None
    assert locate(month, "The expo is held in Barcelona every October.", THRESHOLDS) is None
    # the verb "may" and a month the question says are no facts
    assert facts("It may be held in Barcelona [1].", "Where is it held?") == [("name", "Barcelona")]
    assert facts("In November [1].", "Which month, November or December?") == []


def test_the_source_spelling_of_a_name_found_by_sound_is_the_whole_korean_word():
    profile = profile_question("Which station did Oh Se-hoon ride from?")
    station = "오 시장은 건물을 통과해 지나가는 것으로 유명한 리즈바역에서 열차를 탔다."
    fact = facts_of("Rezba Station", profile)[0]
    assert source_spelling(fact, station, locate(fact, station, THRESHOLDS)) == "리즈바역"
    # part of a longer word is no spelling of the name; a name the claim gives in Korean needs none
    garden = "양 도시는 페르다나 보태니컬 가든에서 기념 식수 행사를 가졌다."
    perdana = facts_of("Perdana", profile)[0]
    at = garden.index("보태니컬")
    assert source_spelling(perdana, garden, Place(at, at + 3)) == ""  # 보태니 of 보태니컬
    assert source_spelling(perdana, garden, Place(garden.index("페르다나"), garden.index("페르다나") + 4)) == "페르다나"
    given = facts_of("Rezba (리즈바역)", profile)[0]
    assert source_spelling(given, station, locate(given, station, THRESHOLDS)) == ""


def test_a_university_is_found_by_the_short_name_news_writes():
    hub = "서울바이오허브는 서울시가 조성하고 한국과학기술연구원·고려대가 운영하는 창업 플랫폼이다."
    question = "서울바이오허브를 운영하는 대학은 어디야?"
    assert locate(facts_of("고려대학교", profile_question(question))[0], hub, THRESHOLDS) is not None
    english = facts_of("Korea University (고려대학교)", profile_question("Which university runs the Seoul Bio Hub?"))[0]
    assert locate(english, hub, THRESHOLDS) is not None
    assert locate(facts_of("연세대학교", profile_question(question))[0], hub, THRESHOLDS) is None


def test_a_name_the_claim_spells_right_in_korean_is_not_found_by_sound_in_another_word():
    profile = profile_question("Who is the mayor of Tashkent?")
    name = next(f for f in facts_of("Kim Tae-gyun (김태균) [1]", profile) if f.kind == "name")
    named = "김태균 서울시 행정1부시장은 타슈켄트를 방문했다."
    other = "박 시장은 검사관 출신이다."  # 검사관's sound key is one letter from Kim Tae-gyun's
    assert spelled_as_written(name, [named, other]) and not spelled_as_written(name, [other])
    assert locate(name, other, THRESHOLDS) is not None  # the sound fallback alone would take it
    assert locate(name, other, THRESHOLDS, by_sound=False) is None
    assert locate(name, named, THRESHOLDS, by_sound=False) is not None


def test_an_award_grade_is_a_fact_where_kiwi_reads_it_as_a_particle():
    profile = profile_question("WeGO 시상식에서 고양시는 무슨 상 받았어요?")
    claim = "고양시는 세종 스마트시티-세계도시들의 미래, 은상 우수도시에 직접 시상했다. [1]"
    assert "은상" in [f.text for f in facts_of(claim, profile)]
    assert [f.text for f in facts_of("고양시는 금상을 받았습니다.", profile)] == ["금상"]


def test_an_english_word_the_text_writes_as_a_loanword_is_a_fact():
    profile = profile_question("In what format is the policy-sharing forum with Bishkek being held?")
    sentences = ["비슈케크시와는 스마트 교통정보 시스템을 주제로 정책공유 포럼을 온라인으로 개최한다."]
    claim = "online [1]"
    assert [f.text for f in loanword_facts(claim, facts_of(claim, profile), profile, sentences, (0.75, 0.6))] == ["online"]
    # a word Korean translates (관광) is no loanword, and one the question says is not new
    claim = "It is held online, with tourism and a forum [1]"
    assert [f.text for f in loanword_facts(claim, facts_of(claim, profile), profile, sentences, (0.75, 0.6))] == ["online"]
    # a word that only sounds near a Hangul word is not taken: "systems" is 시스템 by a near sound
    claim = "smart systems [1]"
    assert [f.text for f in loanword_facts(claim, facts_of(claim, profile), profile, sentences, (0.75, 0.6))] == ["smart"]


def test_korean_the_claim_glosses_with_the_questions_own_words_is_an_echo():
    profile = profile_question("Why did Park Won-soon stop by Trust Square while he was in Zurich?")
    echo = "Park Won-soon stopped by Trust Square because he visited the '트러스트 스퀘어' (Trust Square) in Zurich. [1]"
    assert facts_of(echo, profile) == []
    reason = "He came to see the blockchain startup ecosystem '블록체인 창업 생태계' (blockchain startups) there. [1]"
    assert [f.text for f in facts_of(reason, profile)] == ["블록체인 창업 생태계"]  # glossed with words the question never says


def test_the_reason_word_frames_an_answer_and_states_nothing():
    profile = profile_question("오 시장은 왜 리즈바역에서 열차를 타 본 거야?")
    claim = "오 시장이 리즈바역에서 열차를 타 본 이유는 충칭시의 대중교통 시스템을 살펴보기 위해서다."
    texts = [f.text for f in facts_of(claim, profile)]
    assert "이유" not in texts and "대중교통" in texts


def test_a_count_of_people_is_not_found_in_a_number_that_counts_something_unnamed():
    """Asked how many died a year, "18" copied from "18제 전통풍모지구" (a place's name) states no count of people."""
    profile = profile_question("오세훈 시장 말로는 스크린도어 설치 전에 한 해에 몇 명 정도 죽었대?")
    fact = facts_of("18제 전통풍모지구를 방문했다", profile)[0]
    assert fact.kind == "number" and fact.counts == "people"
    assert locate(fact, "18제 전통풍모지구, 호광회관도 방문했다.", (0.8, 0.9)) is None
    assert locate(facts_of("18명", profile)[0], "연평균 사망자가 18명 정도였다.", (0.8, 0.9)) is not None


def test_a_korean_amount_in_brackets_is_a_number_not_a_name():
    """"about 2.07 million (207만) people": 207만 is found in "207만명", as a number; as a name it had to stand alone."""
    profile = profile_question("How many people live in Kuala Lumpur?")
    facts = facts_of("Kuala Lumpur has about 2.07 million (207만) people.", profile)
    assert all(f.kind == "number" for f in facts if "207" in f.text)
    assert all(locate(f, "쿠알라룸푸르는 인구 약 207만명, 11개구로 이뤄진 도시다.", (0.8, 0.9)) for f in facts if f.kind == "number")


def test_words_in_another_script_are_facts_found_only_verbatim():
    profile = profile_question("Who is the governor of Ulyanovsk?")
    facts = [f for f in facts_of("He is Сергей Морозов.", profile) if f.text == "Сергей Морозов"]
    assert facts and facts[0].kind == "word"
    assert locate(facts[0], "세르게이 모로조프 주지사", (0.8, 0.6)) is None
    assert locate(facts[0], "Сергей Морозов 주지사", (0.8, 0.6)) is not None
    korean = profile_question("충칭시장은 누구야?")
    assert any(f.text == "重慶" for f in facts_of("후헝화 重慶 시장", korean))


def test_an_ordinal_heading_a_title_is_no_name():
    profile = profile_question("What's his position at Seoul city hall?")
    facts = facts_of("He is the First Vice Mayor for Administration (행정1부시장).", profile)
    assert "First" not in [f.text for f in facts] and any(f.korean == "행정1부시장" for f in facts)


def test_a_language_is_found_by_its_korean_name():
    question = profile_question("In what language did Seocho's district head deliver the keynote?")
    language = facts_of("English", question)[0]
    keynote = "특히 지난 8일에는 전 구청장이 서울 정책 포럼에서 영어로 기조연설을 했다."
    assert keynote[slice(*astuple(locate(language, keynote, THRESHOLDS)))] == "영어"
    assert not locate(facts_of("Russian", question)[0], keynote, THRESHOLDS)


def test_an_english_occupation_is_a_fact_found_as_the_korean_word_for_it():
    """"They were both lawyers" answers what the mayor and the governor have in common where the text
    says 변호사; asked nothing about careers, the word is not checked as a fact."""
    profile = profile_question("What did Park Won-soon and the Zurich canton governor have in common in terms of their careers?")
    facts = facts_of("They were both lawyers.", profile)
    assert [(f.text, f.korean) for f in facts] == [("lawyers", "변호사")]
    assert locate(facts[0], "두 사람은 변호사 출신이라는 공통점이 있다.", (0.75, 0.6)) is not None
    assert locate(facts_of("They were both doctors.", profile)[0], "두 사람은 변호사 출신이라는 공통점이 있다.", (0.75, 0.6)) is None
    assert [f.korean for f in facts_of("Both were lawyers (변호사).", profile)] == ["변호사"]  # once
    assert facts_of("He was a lawyer.", profile_question("Who did Park meet in Zurich?")) == []


def test_a_span_never_ends_inside_a_korean_word():
    """Kiwi reads "두르도나" as 두르도 + the particle 나: the highlight must still hold the whole name."""
    sentence = "이어 라히모바 두르도나 타슈켄트 부시장과의 공식 면담을 통해"
    cut = sentence.index("두르도") + len("두르도")
    assert sentence[: to_the_word_end(sentence, cut)].endswith("두르도나")
    # up to the word's end, not through its particle: "부시장과의" highlights 부시장
    inside = sentence.index("부시") + len("부시")
    assert sentence[: to_the_word_end(sentence, inside)].endswith("타슈켄트 부시장")
    # a span already at a word's end, or ending in digits ("350여 명"), is left as it is
    end = sentence.index("타슈켄트") + len("타슈켄트")
    assert to_the_word_end(sentence, end) == end
    assert to_the_word_end("총회에는 350여 명이", 8) == 8


def test_a_latin_name_glossed_with_one_syllable_that_does_not_sound_like_it_is_not_found():
    """"No, Chengdu (총) did not win anything" passed on the 총 of "총 350여명이 참석한다" ("in all")."""
    sentence = "이번 총회에는 서울시를 포함해 110개 도시 시장 등 총 350여명이 참석한다."
    assert locate(Fact("name", "Chengdu", korean="총"), sentence, (0.75, 0.6)) is None
    # a syllable that sounds like the name stays found: "Kim (김)"
    assert locate(Fact("name", "Kim", korean="김"), "김 부시장은 23일 협정을 체결했다.", (0.75, 0.6)) is not None
    # nor found there by sound, when the model wrote no Korean: 총 is a partial sound match
    assert locate(Fact("name", "Chengdu"), sentence, (0.75, 0.6)) is None


def test_korean_in_brackets_that_is_a_piece_of_a_clause_does_not_vouch_for_the_name():
    """"Seoul Baronghub (서울은 바이오산업)" copies words of the cited sentence, a topic particle among
    them, as the organisation's name: the Latin name is checked alone, and the sentence lacks it."""
    profile = profile_question("Which Seoul-run organisation signed the bio-industry MOU in Chongqing?")
    facts = facts_of("Seoul Baronghub (서울은 바이오산업)", profile)
    assert [(f.text, f.korean) for f in facts] == [("Seoul Baronghub", "")]
    said = '오 시장은 "서울은 바이오산업 발전 잠재력이 충분한 도시"라며 말했다.'
    assert locate(facts[0], said, (0.75, 0.75)) is None
    # a name glossed as the text writes it keeps its Korean
    named = facts_of("Seoul Bio Hub (서울바이오허브)", profile)
    assert [(f.text, f.korean) for f in named] == [("Seoul Bio Hub", "서울바이오허브")]
