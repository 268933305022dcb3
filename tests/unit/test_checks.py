"""Each named check on worked examples: evidence checks and claim checks."""

from dataclasses import replace

import pytest

from rag.checks import (described_subject, counts_those_met, the_asked_place_not_where_it_lies, of_the_earlier_one, the_name_not_its_kind, a_city_of_the_asked_country, with_spelt_out_names, speaks_of_the_asked_thing, a_party_not_the_venue, of_the_asked_official, listed_with_the_asked, stated_as_settled, the_company_the_text_names, knows_the_one_referred_to, names_a_place, names_the_asked_kind, 
    names_as_many_as_asked,
    names_a_city,
    found_outside_the_byline, counts_where_the_text_counts,
    found_where_the_text_names_a_place,
    found_where_the_text_names_someone, found_where_the_text_speaks_of_companies,
    names_the_asked_body,
    names_more_than_the_asked_person, names_more_than_the_one_referred_to, within_the_earlier_count, placed_by_the_asked_action,
    names_one_item, is_statement,
    subject_nouns, counts_the_asked_thing, document_names_every_asked_name, about_the_asked_subject, about_the_asked_unit, ClaimContext, gives_the_asked_role, EvidenceContext, adds_a_fact, document_names_the_asked, fits_question_kind, holds_the_asked_time,
    holds_the_asked_year, holds_the_asked_other_year, times_of_day, PlacementContext, holds_the_asked_title, holds_the_asked_award, about_the_one_referred_to, about_the_person_referred_to, the_asked_winners_award, names_an_award, stated_as_now, stated_as_to_come, dated_by_the_asked_action, avoids_what_is_ruled_out, names_more_than_the_country, names_what_is_asked, says_what_it_became, names_a_person, names_a_body, names_someone,
    mentions_asked_names, names_the_place_unit, on_the_asked_side, speaks_of_them_together, names_the_possessor, says_little_it_cannot_check,
    says_more_than_every_document, says_what_they_do, states_the_range_in_one_sentence,
    shares_question_nouns, holds_the_asked_measure, measures_what_is_asked, narrowed_to_the_place, stated_as_done,
)
from rag.collection_terms import CollectionTerms
from rag.config import VerifyPolicy
from rag.facts import Fact, facts_of, locate
from rag.question import named_officials, names_in, profile_question
from rag.roles import title_of

POLICY = VerifyPolicy()
CITY = "취리히시는 2014년 뉴욕, 2016년 런던에서 교류행사를 개최했다."
CANTON = "취리히주는 넓이는 1,729㎢, 인구는 115만 8천 명이다."
CITY_POPULATION = "취리히시는 취리히주의 주도로 넓이는 87.88㎢, 인구는 39만 7천 명이다."
TASHKENT = "타슈켄트시는 국가 GDP의 약 19%를 창출하는 인구 약 247만명의 도시다."
KL = "쿠알라룸푸르는 인구 약 207만명, 11개구로 이뤄진 도시다."


def evidence(question: str, *windows: str, n: int = 1) -> EvidenceContext:
    return EvidenceContext(profile_question(question), n, dict(enumerate(windows, 1)), POLICY)


def found_in(question: str, sentence: str, found: str, answer: str = "") -> PlacementContext:
    """The first fact of `answer` (`found` itself by default) at the first place of `found` in
    `sentence`, whose document is the sentence alone."""
    profile = profile_question(question)
    start = sentence.index(found)
    return PlacementContext(profile, facts_of(answer or found, profile)[0], sentence, start, start + len(found), sentence, POLICY)


def claim(question: str, text: str) -> ClaimContext:
    profile = profile_question(question)
    return ClaimContext(profile, text, tuple(facts_of(text, profile)), POLICY)


def test_an_english_question_needs_a_sentence_naming_what_it_asks_about():
    question = "What is the population of Tashkent?"
    assert mentions_asked_names(evidence(question, TASHKENT, KL, n=1)).passed
    verdict = mentions_asked_names(evidence(question, TASHKENT, KL, n=2))
    assert not verdict.passed and "Tashkent" in verdict.reason


def test_a_region_written_as_an_adjective_is_found_by_its_korean_name():
    """"Which Central Asian city …": the text writes 중앙아시아, which the sound of "Central Asian" never finds."""
    question = "Which Central Asian city held a 'Seoul Day' event?"
    assert mentions_asked_names(evidence(question, "중앙아시아 최대 공업도시인 " + TASHKENT)).passed
    assert not mentions_asked_names(evidence(question, KL)).passed


def test_a_question_about_a_place_no_sentence_names_finds_no_support():
    question = "What is the population of Busan?"
    assert not any(mentions_asked_names(evidence(question, TASHKENT, KL, n=n)).passed for n in (1, 2))


def test_a_place_typed_in_lowercase_is_still_a_name():
    """"what's the population of chongqing" must not be answered from Tashkent's population."""
    verdict = mentions_asked_names(evidence("what's the population of chongqing", TASHKENT))
    assert not verdict.passed and "Chongqing" in verdict.reason
    assert mentions_asked_names(evidence("how many people live in tashkent", TASHKENT)).passed
    # a question typed with capitals keeps its own reading: "nice" is a word, not Nice
    assert profile_question("Is the Tashkent policy forum nice?").names == ("Tashkent",)
    assert profile_question("is the forum nice").names == ()


def test_korean_questions_and_questions_without_names_skip_the_name_check():
    assert mentions_asked_names(evidence("타슈켄트의 인구는?", TASHKENT)) is None
    assert mentions_asked_names(evidence("how many people live there?", TASHKENT)) is None


def test_the_verb_of_an_informal_question_is_not_its_topic():
    question = "취리히시는 2016년에 어느 도시에서 교류행사를 열었어?"
    verdict = shares_question_nouns(evidence(question, CITY, CANTON, n=1))
    assert verdict.passed
    assert not shares_question_nouns(evidence(question, CITY, CANTON, n=2)).passed


def test_a_sentence_giving_the_asked_count_may_name_its_topic_only_in_the_one_before():
    question = "2023 스마트시티 엑스포 월드 콩그레스엔 몇 개국에서 몇 명이나 참가했어?"
    lead = "서초구는 7일부터 9일까지 스페인 바르셀로나에서 열린 2023 스마트시티 엑스포 월드 콩그레스에 참가했다."
    definition = "SCEWC는 세계 최대규모 스마트시티 국제행사다."
    count = "올해는 140개국, 700여개 도시, 2만여명이 참가했다."
    ambassadors = "서울시는 주한 대사 40여 명 등 총 60개국 대사관 관계자가 참석한 가운데 신년간담회를 개최했다."
    sentences = {1: lead, 2: definition, 3: count, 4: ambassadors}
    windows = {1: lead, 2: f"{lead} {definition}", 3: f"{definition} {count}", 4: ambassadors}

    def judged(n):
        return shares_question_nouns(EvidenceContext(profile_question(question), n, windows, POLICY, sentences))
    assert judged(3).passed  # 140개국 counts what 몇 개국 asks, and the window shares a noun
    question = "2023 스마트시티 엑스포 월드 콩그레스에는 몇 개 나라가 참가했습니까?"
    assert judged(3).passed  # "몇 개 나라" asks it too
    assert not judged(4).passed  # 60개국 too, but nothing of the question's topic
    other = "올해는 700여개 도시가 참가했다."
    sentences[3] = other
    assert not judged(3).passed  # cities are not what it counts
    # a count of people that shares only the asked action is another event's attendance
    attendance = "WeGO 총회에는 몇 명이 참석했나요?"
    wego = "이번 총회에는 110개 도시 시장 등 총 350여명이 참석한다."
    reception = "서울시는 주한 대사 40여 명 등 총 60개국 대사관 관계자가 참석한 가운데 신년간담회를 개최했다."
    shown = {1: "WeGO 총회에서 박 시장이 연설한다.", 2: wego, 3: reception}
    assert not shares_question_nouns(EvidenceContext(profile_question(attendance), 3, shown, POLICY, shown)).passed
    # "몇 년도" counts years, but a duration ("3년 만에") is no year
    year = "WeGO 다음 총회는 몇 년도에 열린대?"
    founded = {1: "WeGO 총회는 3년마다 열린다.", 2: "WeGO는 2010년 창립 당시 50여개 회원도시에서 출발해 7년만에 성장했다."}
    assert not shares_question_nouns(EvidenceContext(profile_question(year), 2, founded, POLICY, founded)).passed


def test_a_latin_acronym_of_a_korean_question_is_one_of_its_nouns():
    question = "타슈켄트가 우즈베키스탄 GDP에서 차지하는 비중이 어느 정도야?"
    places = "서울시가 말레이시아 쿠알라룸푸르, 우즈베키스탄 타슈켄트와 도시 협력에 나선다."
    share = "중앙아시아 최대 공업도시인 타슈켄트시는 국가 GDP의 약 19%를 창출하는 인구 약 247만명의 도시다."
    assert shares_question_nouns(evidence(question, places, share, n=2)).passed


def test_the_possessor_must_be_named_when_a_sentence_names_it():
    question = "취리히시의 인구는 몇 명인가요?"
    assert names_the_possessor(evidence(question, CITY_POPULATION, CANTON, n=1)).passed
    assert not names_the_possessor(evidence(question, CITY_POPULATION, CANTON, n=2)).passed
    assert names_the_possessor(evidence("부산시의 인구는?", CANTON)) is None  # named nowhere: not required


def test_what_two_people_have_in_common_comes_from_a_sentence_that_says_what_they_share():
    met = "박원순 시장은 토마스 하이니거 취리히 주지사와 청사에서 만나 '서울시-취리히주 간 우호도시협약'을 체결했다."
    shared = "두 사람은 변호사 출신이라는 공통점이 있다."
    shown = {1: met, 2: shared}
    for question in ("서울시장이랑 취리히 주지사, 두 사람한테 어떤 공통점이 있대요?",
                     "What do Mayor Park and Governor Heiniger have in common?",
                     "Park Won-soon and the Zurich governor apparently share a professional background. What is it?"):
        ctx = EvidenceContext(profile_question(question), 1, shown, POLICY, shown)
        verdict = speaks_of_them_together(ctx)
        assert not verdict.passed and "in common" in verdict.reason
        assert speaks_of_them_together(replace(ctx, n=2)).passed
    assert speaks_of_them_together(EvidenceContext(profile_question("취리히 주지사는 누구야?"), 1, shown, POLICY, shown)) is None
    # what two things share may come from one sentence about each; a second question needs its own sentence
    for things in ("착한 서초코인과 취리히의 트러스트 스퀘어가 공통으로 기반을 둔 기술은 무엇인가요?",
                   "Which technology do Seocho Coin and Trust Square share?"):
        assert speaks_of_them_together(EvidenceContext(profile_question(things), 1, shown, POLICY, shown)) is None
    two_part = "박원순 시장이랑 하이니거 주지사는 어떤 공통점이 있고, 두 사람이 만난 건 이번이 몇 번째였어요?"
    assert speaks_of_them_together(EvidenceContext(profile_question(two_part), 1, shown, POLICY, shown)) is None


def test_a_claim_must_state_the_kind_of_answer_asked_for():
    assert not fits_question_kind(claim("How old is Hu Henghua?", "He won an award in 2003.")).passed
    assert fits_question_kind(claim("How old is Hu Henghua?", "He is 62 years old.")).passed
    assert not fits_question_kind(claim("쿠알라룸푸르의 면적은 얼마인가요?", "인구는 207만명입니다.")).passed
    assert fits_question_kind(claim("WeGO 총회에는 몇 명이 참석했나요?", "350여 명이 참석했습니다.")).passed
    assert not fits_question_kind(claim("은상 받은 도시는 상금을 얼마나 받아?", "각각 18개 우수도시에 직접 시상받았으며")).passed
    assert fits_question_kind(claim("은상 받은 도시는 상금을 얼마나 받아?", "1,800만 원을 받았습니다.")).passed
    assert fits_question_kind(claim("누가 참석했나요?", "시장이 참석했습니다.")) is None


def test_a_which_session_question_is_answered_by_a_session_number():
    question = "At which session of the Seoul Metropolitan Council was the Basic Arts Promotion ordinance finally passed?"
    verdict = fits_question_kind(claim(question, "On December 23, the Seoul Metropolitan Council passed it. [1]"))
    assert not verdict.passed and "session number" in verdict.reason
    assert fits_question_kind(claim(question, "At the 333rd regular session (제333회 정례회) [1]")).passed
    assert fits_question_kind(claim("조례안은 몇 회 정례회에서 통과됐어?", "제333회 정례회 본회의에서 통과됐습니다 [1].")).passed
    assert not fits_question_kind(claim("조례안은 몇 회 정례회에서 통과됐어?", "12월 23일에 통과됐습니다 [1].")).passed


def test_a_how_many_days_question_is_answered_by_days():
    question = "How many days was Oh Se-hoon's official trip to China scheduled to last?"
    verdict = fits_question_kind(claim(question, "5 years [1]"))
    assert not verdict.passed and "number of days" in verdict.reason
    assert fits_question_kind(claim(question, "Five days, from July 22 to 27 [1]")).passed
    assert fits_question_kind(claim(question, "From July 22 to 27 [1]")).passed
    assert fits_question_kind(claim("김 부시장은 며칠 동안 쿠알라룸푸르에 머물렀어?", "22일부터 27일까지입니다 [1]")).passed
    assert fits_question_kind(claim("김 부시장은 며칠 동안 쿠알라룸푸르에 머물렀어?", "사흘간 머물렀습니다 [1]")).passed
    assert not fits_question_kind(claim("김 부시장은 며칠 동안 쿠알라룸푸르에 머물렀어?", "5년째입니다 [1]")).passed


def test_an_echo_adds_no_fact():
    assert not adds_a_fact(claim("오세훈 시장이 면담한 충칭시장은 누구인가요?", "충칭시장입니다.")).passed
    assert adds_a_fact(claim("오세훈 시장이 면담한 충칭시장은 누구인가요?", "후헝화 시장입니다.")).passed
    # an occupation is checked as the Korean word for it (facts._occupation_facts); a post the question names is no news
    assert adds_a_fact(claim("What did both men work as?", "They both worked as lawyers.")).passed
    english = adds_a_fact(claim("What did both men work as?", "They both worked for their cities."))
    assert not english.passed and "checkable" not in english.reason and "name, number or Korean term" in english.reason


def test_a_which_question_is_not_answered_by_a_number_alone():
    question = "At Seoul's New Year meeting, which countries' ambassadors does the article name?"
    verdict = names_what_is_asked(claim(question, "60개국 [1]"))
    assert not verdict.passed and "only a number" in verdict.reason
    assert not names_what_is_asked(claim("신년 인사회에 온 대사는 어느 나라 사람들이야?", "60개국입니다.")).passed
    assert not names_what_is_asked(claim("Where did Park sign the agreement?", "On the 3rd [1]")).passed
    assert names_what_is_asked(claim(question, "Tanzania (탄자니아) and New Zealand (뉴질랜드) [1]")).passed
    # a question that asks for a number, or for two things, is left to the number checks
    assert names_what_is_asked(claim("몇 개국 외교사절이 참석했어?", "60개국입니다.")) is None
    assert names_what_is_asked(claim("Where was it held, and in what year?", "2019 [1]")) is None
    assert names_what_is_asked(claim("Where did ETH Zurich rank in 2015?", "9th [1]")) is None  # a rank
    assert names_what_is_asked(claim("Where did the university place in The Times world rankings?", "9th [1]")) is None
    assert not names_what_is_asked(claim("Which cities applied to join WeGO's executive committee?", "6개 [1]")).passed


def test_english_function_words_that_start_an_answer_are_no_names():
    profile = profile_question("How often must the city draw up a basic plan?")
    assert [f.kind for f in facts_of("Every 5 years [1]", profile)] == ["number"]
    assert [f.kind for f in facts_of("Once, in Seoul (서울) [1]", profile)] == ["name"]


def test_korean_glued_to_a_number_is_its_counter_not_a_quoted_name():
    profile = profile_question("Which countries' ambassadors attended?")
    assert [(f.kind, f.text) for f in facts_of("60개국 [1]", profile)] == [("number", "60")]
    assert ("name", "탄소제로샵") in [(f.kind, f.text) for f in facts_of("300개의 탄소제로샵 [1]", profile)]


def test_an_english_question_is_answered_by_a_sentence_of_an_article_whose_lead_names_it():
    lead = ("【울랴놉스크=뉴시스】박대로 기자 = 박원순 서울시장은 28~29일 양일간 러시아 울랴놉스크에서 열리는 "
            "세계도시전자정부협의체(WeGO) 총회를 주재하는 등 서울시의 전자정부 분야 정책을 홍보한다.")
    award = "박 시장은 이어 열리는 세션2 시상식에서 56개 후보도시 가운데 고양시(금상)에 직접 시상한다."
    article = "컨텐츠 바로가기\n\n06.28 (금)\n\n" + lead + "\n\n" + award

    def mentions(question, document):
        return mentions_asked_names(EvidenceContext(profile_question(question), 1, {1: award}, POLICY, {1: award},
                                                    {1: document}))
    assert mentions("Which Korean city took gold at the WeGO awards?", article).passed
    verdict = mentions("Which Korean city took gold at the WeGO awards?", article.replace("(WeGO) ", ""))
    assert not verdict.passed and "lead" in verdict.reason
    # the lead stands for the whole article, so it must sound exactly like the name: not 정책 for Chongqing
    assert not mentions("What's the population of Chongqing?", article).passed


def test_a_question_set_in_a_year_needs_a_sentence_of_that_year():
    question = "취리히시가 2014년에 처음으로 교류행사를 개최한 도시는 어디인가요?"
    later = "마우흐 시장은 내년 9월 서울에서 처음 열리는 행사에 협조를 요청했다."
    assert holds_the_asked_year(evidence(question, CITY, later, n=1)).passed
    verdict = holds_the_asked_year(evidence(question, CITY, later, n=2))
    assert not verdict.passed and "2014" in verdict.reason
    assert holds_the_asked_year(evidence("취리히시 교류행사 2030년에는 어디서 열려?", CITY, later)) is not None


def test_a_year_no_sentence_names_is_answered_by_none():
    """2015 is between the events the text dates (2014, 2016): no sentence is about it."""
    question = "취리히시 교류행사 2015년에는 어느 도시에서 열렸어?"
    # spoken Korean contracts 에는 to 엔: "2015년엔" sets the question in 2015 too
    assert not holds_the_asked_year(evidence("취리히시는 2015년엔 어느 도시에서 교류행사 열었어?", CITY)).passed
    verdicts = [holds_the_asked_year(evidence(question, CITY, CANTON, n=n)) for n in (1, 2)]
    assert all(not v.passed and "2015" in v.reason for v in verdicts)
    assert holds_the_asked_year(evidence("취리히시 교류행사는 어디서 열렸어?", CITY)) is None


def test_a_year_that_names_the_asked_thing_sets_the_time_and_a_span_year_does_not():
    ranked = "취리히 연방공대는 2015년 세계대학순위에서 9위를 차지했다."
    for question in ("취리히 연방공대 2018년 세계대학순위는 몇 위였나요?", "What did ETH Zurich rank in the 2018 world ranking?",
                     "In which month of 2018 was ETH Zurich ranked?"):
        verdict = holds_the_asked_year(evidence(question, ranked))
        assert not verdict.passed and "2018" in verdict.reason, question
    assert holds_the_asked_year(evidence("취리히 연방공대 2015년 세계대학순위는 몇 위였나요?", ranked)).passed
    for span in ("북촌 실증지역은 2020년까지 몇 곳을 조성해?", "2006년 이후로 몇 개 도시를 지원했어?",
                 "Since 2006, how many cities has Seoul supported?"):
        assert holds_the_asked_year(evidence(span, ranked)) is None, span


def test_a_question_set_last_year_is_not_answered_by_this_years_sentence():
    this_year = "올해는 140개국, 700여개 도시, 2만여명이 참가했다."
    last_year = "지난해 엑스포에는 120개국이 참가했다."
    dated = "2022년 엑스포에는 120개국이 참가했다."
    undated = "엑스포에는 120개국이 참가했다."
    for question in ("작년 스마트시티 엑스포에는 몇 개국이 참가했었어?", "How many countries came to the expo last year?"):
        verdicts = [holds_the_asked_other_year(evidence(question, this_year, last_year, dated, undated, n=n))
                    for n in (1, 2, 3, 4)]
        assert [v.passed for v in verdicts] == [False, True, True, False], question
        assert "this year" in verdicts[0].reason
    # a sentence that says nothing of its year is read with the one before it
    assert holds_the_asked_other_year(evidence("작년 엑스포에는 몇 개국이 왔어?", "지난해 엑스포가 열렸다. " + undated)).passed
    assert holds_the_asked_other_year(evidence("내년 총회는 어디서 열려?", "내년 총회는 서울에서 열린다.")).passed
    assert holds_the_asked_other_year(evidence("엑스포에는 몇 개국이 참가했어?", this_year)) is None


def test_this_year_is_the_year_its_article_names():
    question = "roughly how many people showed up to the Smart City Expo World Congress in 2023?"
    sentence = "올해는 140개국, 700여개 도시, 2만여명이 참가했다."
    article = "입력 2023.11.09 서초구는 2023 스마트시티 엑스포 월드 콩그레스에 참가했다. " + sentence

    def year_of(document):
        return holds_the_asked_year(EvidenceContext(profile_question(question), 1, {1: sentence}, POLICY, {1: sentence},
                                                    {1: document}))
    assert year_of(article).passed
    # an article that never names 2023 does not make its 올해 2023
    assert not year_of(article.replace("2023", "2022")).passed


ARTICLES = CollectionTerms.of([
    "서울시는 취리히주와 우호도시협약을 체결했다. 취리히시는 2014년 뉴욕에서 행사를 열었다.",
    "오세훈 서울시장은 충칭시를 방문했다.",
    "김태균 서울시 행정1부시장은 타슈켄트를 방문해 고등교육부 장관과 유학생 유치를 논의했다.",
])


def test_an_answer_of_only_what_every_document_says_is_no_answer():
    question = "쿠알라룸푸르에서 기념 식수 행사가 열린 장소는 어디인가요?"
    profile = profile_question(question)

    def judged(text):
        return says_more_than_every_document(ClaimContext(profile, text, tuple(facts_of(text, profile)), POLICY, ARTICLES))

    verdict = judged("서울시")
    assert not verdict.passed and "서울" in verdict.reason
    assert judged("페르다나 식물원") .passed
    assert judged("서울 페르다나 식물원").passed  # one specific term is enough
    assert judged("2014년") is None  # a number is judged by its value, not here
    english = profile_question("Which Korean city applied to host the 5th WeGO general assembly?")
    for text in ("Seoul (서울)", "Seoul"):  # an exonym is judged by its Korean form
        assert not says_more_than_every_document(
            ClaimContext(english, text, tuple(facts_of(text, english)), POLICY, ARTICLES)).passed
    text = "Tashkent"
    assert says_more_than_every_document(ClaimContext(english, text, tuple(facts_of(text, english)), POLICY, ARTICLES)).passed


def test_what_the_question_rules_out_is_no_answer():
    def judged(question, text):
        profile = profile_question(question)
        return avoids_what_is_ruled_out(ClaimContext(profile, text, tuple(facts_of(text, profile)), POLICY, ARTICLES))

    mayor = "쿠알라룸푸르 시장(부시장 말고) 이름이 뭐예요?"
    verdict = judged(mayor, "이스마디 빈 사키린 쿠알라룸푸르 부시장 [1]")
    assert not verdict.passed and "부시장" in verdict.reason
    assert judged(mayor, "마이무나 모드 샤리프 시장 [1]").passed
    canton = "What is the population of the city of Zurich itself, not the canton?"
    assert not judged(canton, "The canton of Zurich has 1.16 million people.").passed
    assert judged(canton, "397,000 people").passed
    assert not judged("WeGO 총회 참가 도시로 서울 말고 어디어디 이름이 나와?", "서울, 모스크바").passed
    # 시장 is not said by 부시장; a question ruling nothing out is not judged
    assert judged("시장 말고 부시장은 누구야?", "김태균 행정1부시장").passed
    assert judged("쿠알라룸푸르 시장은 누구야?", "이스마디 빈 사키린 쿠알라룸푸르 부시장") is None


def test_a_who_question_is_not_answered_by_a_role_alone():
    question = "오세훈 시장이 충칭 가서 만난 충칭 시장 누구야?"
    profile = profile_question(question)

    def judged(text):
        return names_a_person(ClaimContext(profile, text, tuple(facts_of(text, profile)), POLICY, ARTICLES))

    verdict = judged("오세훈 서울시장")  # the question's own person, and the office of a city every document names
    assert not verdict.passed and "서울시장" in verdict.reason
    assert judged("후헝화 충칭시장") is None
    assert judged("후헝화시장") is None  # a role with a name of its own before it
    assert names_a_person(ClaimContext(profile_question("충칭은 어디야?"), "서울시장", (), POLICY, ARTICLES)) is None
    # the country a role is of is no name either
    uzbek = profile_question("우즈벡 고등교육부 장관 이름이 뭐야?")
    text = "우즈베키스탄 고등교육부 장관"
    assert not names_a_person(ClaimContext(uzbek, text, tuple(facts_of(text, uzbek)), POLICY, ARTICLES)).passed
    text = "콩그라트바이 샤리포프 장관"
    assert names_a_person(ClaimContext(uzbek, text, tuple(facts_of(text, uzbek)), POLICY, ARTICLES)) is None


ECUBE_ARTICLE = ("북촌 사업에 참여한 스타트업 이큐브랩은 '스마트 쓰레기통'을 선보인다. 스타트업 이큐브랩의 권순범 대표는 "
                 "말했다. 김태균 행정1부시장은 쿠알라룸푸르와 우호도시 협정을 체결했다. 쿠알라룸푸르와 우호도시 협정 체결")


def someone(question: str, text: str):
    profile = profile_question(question)
    return names_someone(ClaimContext(profile, text, tuple(facts_of(text, profile)), POLICY, documents=(ECUBE_ARTICLE,)))


def test_a_who_question_is_answered_by_someone():
    # a kind of company, whose 대표 is 이큐브랩's in the text, is no one
    verdict = someone("스마트 쓰레기통 만든 이큐브랩 대표는 누구야?", "이큐브랩의 대표는 스타트업 이큐브랩입니다.")
    assert not verdict.passed and "스타트업" in verdict.reason
    assert someone("스마트 쓰레기통 만든 이큐브랩 대표는 누구야?", "권순범 대표입니다.").passed
    # an event is no one; a person or, when no role is asked, a named place is
    question = "김태균 부시장과 쿠알라룸푸르에서 우호도시 협정에 서명한 부시장은 누구인가요?"  # asks for a 부시장
    assert not someone(question, "우호도시 협정 체결").passed
    assert not someone(question, "말레이시아입니다.").passed  # a place is no 부시장
    question = "쿠알라룸푸르에서 우호도시 협정에 서명한 상대방은 누구인가요?"  # no role asked
    assert not someone(question, "우호도시 협정 체결").passed
    assert someone(question, "말레이시아입니다.").passed  # a proper noun (Kiwi NNP)
    # a name Kiwi reads as one only in the claim ("마릭" alone is a common noun), with its title before it
    assert someone("서초구 부스를 찾은 세르비아 정부 관계자는 누구입니까?", "서비아 정부 관계자 올자 스태닉 마릭").passed
    # a name Kiwi splits when it stands alone ("문헌규" as 문헌 + 규) is judged as the claim writes it
    airblack = "서울시 앱비즈니스센터에 입주한 '에어블랙'의 문헌규 대표가 직접 참여해 협력체계 구축에 나선다."
    profile = profile_question("아프리카 진출 창업 플랫폼을 만든 에어블랙의 대표는 누구야?")
    assert names_someone(ClaimContext(profile, "문헌규 [1]", tuple(facts_of("문헌규 [1]", profile)), POLICY,
                                      documents=(airblack,))).passed
    assert not names_someone(ClaimContext(profile, "협력체계 [1]", tuple(facts_of("협력체계 [1]", profile)), POLICY,
                                          documents=(airblack,))).passed
    # not a who-question, or an English name the claim gives no Korean for: not judged here
    assert someone("이큐브랩은 무엇을 선보였어?", "스타트업입니다.") is None
    assert someone("Who is the CEO of Ecube Labs?", "Kwon Soon-beom.") is None


def test_a_post_the_documents_name_answers_who_attends():
    """Seoul sends offices, not named people: "국제협력담당관, 미래첨단교통과장" is who attends."""
    profile = profile_question("비슈케크 포럼에 서울시에서는 누가 참석하나요?")
    article = "서울시에서는 국제협력담당관, 미래첨단교통과장, 교통운영과장이 참석해 정책을 알릴 방침이다."

    def judged(text):
        return names_someone(ClaimContext(profile, text, tuple(facts_of(text, profile)), POLICY, documents=(article,)))
    assert judged("서울시의 국제협력담당관, 미래첨단교통과장, 교통운영과장").passed
    assert not judged("서울시의 스마트 교통 및 교통안전 정책과 우수사례를 알릴 방침의 참석자").passed
    assert not judged("과장").passed  # a title alone is anyone's
    assert not judged("서울시의 도시계획과장").passed  # a post the documents do not write


def test_a_question_for_a_company_is_not_answered_by_a_person():
    sentence = "박원순 시장은 홍보관에서 디지털 시민시장실을 시연하고, 스타트업 이큐브랩은 스마트 쓰레기통을 선보인다."
    question = "what's the startup showing off a smart trash can at the WeGO event?"
    verdict = names_a_body(placed_at(question, "Park Won-soon (박원순)", sentence, "박원순"))
    assert not verdict.passed and "시장" in verdict.reason
    assert names_a_body(placed_at(question, "ECube Labs (이큐브랩)", sentence, "이큐브랩")) is None
    assert names_a_body(placed_at("Who showed the digital mayor's office?", "Park Won-soon (박원순)", sentence, "박원순")) is None
    # a hub is a body too: the governor met in Zurich is no blockchain hub
    met = "박원순 시장은 취리히에서 토마스 하이니거(Thomas Heiniger) 취리히 주지사와 청사에서 만나 협약을 체결했다."
    hub = names_a_body(placed_at("what blockchain hub did the seoul mayor drop by while he was in zurich?",
                                 "Thomas Heiniger (토마스 하이니거)", met, "토마스 하이니거"))
    assert not hub.passed and "주지사" in hub.reason


def test_with_too_few_documents_nothing_is_common_to_all():
    two = CollectionTerms.of(["서울시는 ...", "서울시장은 ..."])
    assert not two.everywhere("서울")
    assert ARTICLES.everywhere("서울시") and ARTICLES.everywhere("서울") and not ARTICLES.everywhere("취리히")


def test_a_sentence_from_a_document_that_never_names_the_asked_place_cannot_answer():
    question = "타슈켄트에서 고등교육부 장관 만났을 때 서울시가 소개한 정책은 뭐야?"
    diplomats = "서울시가 60개국 외교사절을 초청해 서울 거주 외국인 지원정책을 소개했다."
    tashkent_doc = ARTICLES.texts[2]
    ctx = EvidenceContext(profile_question(question), 1, {1: diplomats}, POLICY, {1: diplomats},
                          {1: "오세훈 서울시장은 충칭시를 방문했다. " + diplomats}, ARTICLES)
    verdict = document_names_the_asked(ctx)
    assert not verdict.passed and "타슈켄트" in verdict.reason and "서울" not in verdict.reason
    ctx = EvidenceContext(profile_question(question), 1, {1: diplomats}, POLICY, {1: diplomats}, {1: tashkent_doc}, ARTICLES)
    assert document_names_the_asked(ctx).passed
    assert document_names_the_asked(evidence("서울시는 무엇을 소개했어?", diplomats)) is None  # names only what all say


def test_a_korean_city_is_not_asked_of_an_article_that_never_says_korea():
    """Korean news leaves its own country unsaid: "한국 도시" asks for a city, not for the word 한국."""
    awards = "박 시장은 고양시(스마트 폐기물 수거·관리 서비스, 금상) 등 18개 우수도시에 직접 시상한다."
    ctx = EvidenceContext(profile_question("WeGO 시상식에서 금상 받은 한국 도시가 어디야?"), 1, {1: awards}, POLICY,
                          {1: awards}, {1: "WeGO 총회가 열린다. " + awards}, ARTICLES)
    assert document_names_the_asked(ctx) is None


def test_which_year_wants_a_year_not_a_duration():
    question = "서울시와 타슈켄트는 몇 년에 친선도시로 격상되었나요?"
    assert not fits_question_kind(claim(question, "15년입니다.")).passed
    assert fits_question_kind(claim(question, "2010년에 격상되었습니다.")).passed
    assert fits_question_kind(claim("In what year was WeGO founded?", "It was founded in '10.")).passed
    # "맺은 건 몇 년이야" asks for a year too; "교류한 지 몇 년이야" asks how long.
    assert not fits_question_kind(claim("타슈켄트랑 처음 협정 맺은 건 몇 년이야?", "15년")).passed
    assert fits_question_kind(claim("타슈켄트랑 처음 협정 맺은 건 몇 년이야?", "2006년")).passed
    # "몇 년에 한 번" asks how often: "5년마다" answers it
    assert fits_question_kind(claim("기본계획은 몇 년에 한 번씩 세워야 돼?", "5년마다 세워야 합니다.")).passed


def test_since_when_asks_for_a_date_not_a_length_of_time():
    question = "Since when have Seoul and Chongqing had a friendship agreement?"
    assert not fits_question_kind(claim(question, "5 years [1]")).passed
    assert fits_question_kind(claim(question, "Since 2014 [1]")).passed


def test_a_two_digit_year_is_a_year_where_the_document_writes_it_so():
    """'13년~'14년 in an evidence sentence: the model's "13년~14년" answers "몇 년도에"; a "15년"
    no evidence sentence writes as a year stays a length of time."""
    question = "하이니거 주지사는 예전에 몇 년도에 주지사 했었어?"
    evidence = ("토마스 하이니거 취리히 주지사는 '13년~'14년 주지사 역임 후 취리히 주지사직을 재임하고 있다.",)
    profile = profile_question(question)

    def fits(text: str, sentences: tuple[str, ...]) -> bool:
        return fits_question_kind(ClaimContext(profile, text, tuple(facts_of(text, profile)), POLICY,
                                               sentences=sentences)).passed

    assert fits("13년~14년", evidence)
    assert not fits("13년~14년", ())
    assert not fits("15년", evidence)
    assert fits_question_kind(claim("타슈켄트랑 교류한 지 몇 년이야?", "15년")).passed


def test_the_city_of_a_place_is_not_its_canton():
    question = "Who is the mayor of the city of Zurich?"
    governor = "박원순 시장과 토마스 하이니거 취리히 주지사의 만남은 이번이 처음이다."
    mayor = "박 시장은 코리네 마우흐 취리히시 시장을 만났다."
    assert names_the_place_unit(evidence(question, mayor, governor, n=1)).passed
    verdict = names_the_place_unit(evidence(question, mayor, governor, n=2))
    assert not verdict.passed and "Zurich" in verdict.reason
    assert names_the_place_unit(evidence("Who is the mayor of the city of Busan?", mayor)) is None


def test_the_title_of_a_units_head_names_the_unit():
    # "취리히 시장" (the mayor, written apart) is of the city of Zurich; "취리히 주지사" of the canton
    question = "In what year was the mayor of the city of Zurich first elected?"
    mayor = "코리네 마우흐 취리히 시장은 2009년 처음 당선됐다."
    governor = "토마스 하이니거 취리히 주지사는 2007년 취임했다."
    named = "박 시장은 코리네 마우흐 취리히시 시장을 만났다."
    assert names_the_place_unit(evidence(question, mayor, named, n=1)).passed
    assert not names_the_place_unit(evidence(question, governor, named, n=1)).passed
    # a market (시장) of another place is not the city of Zurich
    assert not names_the_place_unit(evidence(question, "서울 시장에서 취리히 제품이 팔린다.", named, n=1)).passed


def test_a_sentence_with_its_own_subject_is_not_about_the_place_named_before_it():
    question = "What is the GDP of Kuala Lumpur?"
    before = "말레이시아의 수도인 쿠알라룸푸르는 인구 약 207만명의 도시다."
    tashkent = "중앙아시아 최대 공업도시인 타슈켄트시는 국가 GDP의 약 19%를 창출한다."
    ctx = EvidenceContext(profile_question(question), 1, {1: f"{before} {tashkent}"}, POLICY, {1: tashkent})
    assert not mentions_asked_names(ctx).passed
    no_subject = "넓이는 243㎢, 인구는 207만 명이다."
    ctx = EvidenceContext(profile_question(question), 1, {1: f"{before} {no_subject}"}, POLICY, {1: no_subject})
    assert mentions_asked_names(ctx).passed  # "넓이는 ..." is about the city the sentence before names


def test_an_english_claim_of_many_unchecked_words_asserts_more_than_its_facts():
    question = "Besides paying with them, what else can you do with your Seocho Coins?"
    verdict = says_little_it_cannot_check(claim(question,
        "You can use your Seocho Coins to pay for public facilities and 300 carbon reduction stores."))
    assert not verdict.passed and "facilities" in verdict.reason
    assert says_little_it_cannot_check(claim(question, "You can donate them (기부).")).passed
    assert says_little_it_cannot_check(claim("Who is the governor of Zurich?", "Thomas Heiniger (토마스 하이니거)")).passed
    assert says_little_it_cannot_check(claim("서초코인으로 뭘 해?", "기부가 가능하다.")) is None  # Korean is checked word by word


def test_a_question_set_at_a_time_of_day_needs_a_sentence_of_that_time():
    question = "Who did Park Won-soon meet with at 6:30 pm local time in Zurich?"
    earlier = "박원순 시장은 3일(수) 15시30분<현지시간> 토마스 하이니거 취리히 주지사와 만났다."
    students = "이어 18시30분<현지시간>에는 취리히 연방공과대학에서 교민 학생들과 간담회를 가졌다."
    verdict = holds_the_asked_time(evidence(question, earlier, students, n=1))
    assert not verdict.passed and "18:30" in verdict.reason
    assert holds_the_asked_time(evidence(question, earlier, students, n=2)).passed
    assert holds_the_asked_time(evidence("Who did Park meet in Zurich?", earlier)) is None


def test_times_of_day_read_both_clocks():
    assert times_of_day("at 6:30 pm") == times_of_day("18시30분") == times_of_day("오후 6시 30분") == {(18, 30)}
    assert times_of_day("10:05 a.m.") == {(10, 5)} and times_of_day("12:00 am") == {(0, 0)}


HEINIGER = "박원순 시장은 토마스 하이니거(Thomas Heiniger) 취리히 주지사와 청사에서 만나 협약을 체결했다."


def placed(question: str, answer: str, sentence: str) -> PlacementContext:
    profile = profile_question(question)
    fact = facts_of(answer, profile)[0]
    start = sentence.index("토마스")
    return PlacementContext(profile, fact, sentence, start, start + len("토마스 하이니거"))


def test_a_name_answers_a_who_question_only_with_the_role_asked():
    verdict = holds_the_asked_title(placed("Who is the president of ETH Zurich?", "Thomas Heiniger (토마스 하이니거)", HEINIGER))
    assert not verdict.passed and "주지사" in verdict.reason
    assert holds_the_asked_title(placed("서울시와 협약을 맺은 취리히 주지사는 누구인가요?", "토마스 하이니거입니다.", HEINIGER)).passed
    assert holds_the_asked_title(placed("Who did Park Won-soon meet?", "Thomas Heiniger (토마스 하이니거)", HEINIGER)) is None
    # "which mayor of …" asks for a person by role, as "who is the mayor of …" does
    verdict = holds_the_asked_title(placed("Which mayor of Zurich did Park meet?", "Thomas Heiniger (토마스 하이니거)", HEINIGER))
    assert not verdict.passed and "주지사" in verdict.reason
    assert holds_the_asked_title(placed("Which city did Park visit?", "Thomas Heiniger (토마스 하이니거)", HEINIGER)) is None
    # "… 이름이 뭐야" asks for a person as 누구 does
    verdict = holds_the_asked_title(placed("ETH 취리히 총장 이름이 뭐야?", "토마스 하이니거", HEINIGER))
    assert not verdict.passed and "주지사" in verdict.reason
    assert holds_the_asked_title(placed("취리히 주지사 이름은 뭔가요?", "토마스 하이니거", HEINIGER)).passed


def test_a_sentence_about_another_named_subject_does_not_answer_for_the_asked_one():
    def judged(question, sentence):
        ctx = EvidenceContext(profile_question(question), 1, {1: sentence}, POLICY, {1: sentence}, {}, ARTICLES)
        return about_the_asked_subject(ctx)

    verdict = judged("비슈케크 인구는 얼마나 되나요?", TASHKENT)
    assert not verdict.passed and "타슈켄트" in verdict.reason
    assert judged("타슈켄트 인구는 얼마나 되나요?", TASHKENT) is None  # the asked subject itself
    assert judged("비슈케크와 타슈켄트 중 인구가 많은 곳은?", TASHKENT) is None  # the question names it too
    assert judged("비슈케크 인구는 얼마나 되나요?", "인구 약 247만명의 도시다.") is None  # no subject of its own
    # a subject every document says (서울시) is not another place
    assert judged("비슈케크에서 무엇을 했나요?", "서울시는 정책공유 포럼을 열었다.") is None


def test_a_claim_that_calls_its_person_by_another_role_names_someone_else():
    question = "서울시랑 협정 맺은 취리히 주지사 이름이 뭐였지?"
    verdict = gives_the_asked_role(claim(question, "박원순 시장"))
    assert not verdict.passed and "시장" in verdict.reason
    assert gives_the_asked_role(claim(question, "토마스 하이니거 주지사")) is None  # the asked role
    assert gives_the_asked_role(claim(question, "토마스 하이니거")) is None  # no role given: judged by its place
    assert gives_the_asked_role(claim("취리히 주지사랑 무슨 협정 맺었어?", "우호도시협정")) is None  # not a who-question


KL_DOCUMENT = (
    "김태균 서울시 행정1부시장은 7월 22일부터 쿠알라룸푸르를 방문해 우호도시 협정을 체결했다. "
    "김태균 행정1부시장(우)은 23일 쿠알라룸푸르에서 이스마디 빈 사키린 쿠알라룸푸르 부시장과 협정(MOU)을 체결했다. "
    "이어 타슈켄트시를 찾아 라히모바 두르도나 타슈켄트 부시장과의 면담을 가졌다."
)
SIGNING = "김태균 행정1부시장(우)은 23일 쿠알라룸푸르에서 이스마디 빈 사키린 쿠알라룸푸르 부시장과 협정(MOU)을 체결했다."


def sided(question: str, answer: str, found: str) -> PlacementContext:
    profile = profile_question(question)
    start = SIGNING.index(found)
    return PlacementContext(profile, facts_of(answer, profile)[0], SIGNING, start, start + len(found), KL_DOCUMENT, POLICY)


def test_a_person_of_the_other_side_does_not_answer_for_the_asked_side():
    """The sentence names 김태균 without his side; the document calls him 서울시 행정1부시장."""
    question = "쿠알라룸푸르 쪽에서 우호도시 협정에 서명한 부시장 이름이 뭐야?"
    verdict = on_the_asked_side(sided(question, "김태균", "김태균"))
    assert not verdict.passed and "서울시" in verdict.reason
    assert on_the_asked_side(sided(question, "이스마디 빈 사키린", "이스마디 빈 사키린")).passed
    english = "Which Tashkent vice mayor did Kim Tae-gyun hold official talks with?"
    found = "이스마디 빈 사키린 쿠알라룸푸르 부시장"
    assert not on_the_asked_side(sided(english, f"Ismadi Bin Sakirin ({found})", found)).passed
    assert on_the_asked_side(sided("Who signed on Seoul's side?", "Kim Tae-gyun (김태균)", "김태균")).passed
    # no side asked, or a side the document never names: not judged
    assert on_the_asked_side(sided("Who did Kim Tae-gyun sign with?", "Ismadi (이스마디)", "이스마디")) is None
    assert on_the_asked_side(sided("WeGO 사무총장 이름이 뭐야?", "김태균", "김태균")) is None
    assert on_the_asked_side(sided("Which Russian vice mayor signed?", "Ismadi (이스마디)", "이스마디")) is None


def test_the_local_side_is_the_place_the_question_names():
    """"현지 쪽 인사" and "the local signatory" ask for the named place's person, not Seoul's visitor."""
    question = "쿠알라룸푸르랑 우호도시 협정에 서명한 현지 쪽 인사는 누구야?"
    verdict = on_the_asked_side(sided(question, "김태균", "김태균"))
    assert not verdict.passed and "서울시" in verdict.reason
    assert on_the_asked_side(sided(question, "이스마디 빈 사키린", "이스마디 빈 사키린")).passed
    assert not on_the_asked_side(sided("쿠알라룸푸르에서 협정 맺을 때 상대측 대표는 누구였어?", "김태균", "김태균")).passed
    english = "Who signed the Kuala Lumpur agreement on the local side?"
    assert not on_the_asked_side(sided(english, "Kim Tae-gyun (김태균)", "김태균")).passed
    assert on_the_asked_side(sided(english, "Ismadi Bin Sakirin (이스마디 빈 사키린)", "이스마디 빈 사키린")).passed
    assert on_the_asked_side(sided("현지에서 누가 서명했어?", "김태균", "김태균")) is None  # no place named: not judged


def test_a_side_the_document_only_lists_still_has_no_other_sides_person():
    """Hanoi is only among the listed cities: the document gives no one its title, yet Tshwane's mayor is not Hanoi's."""
    document = ("총회에는 모스크바·마드리드·피츠버그·하노이 등 110개 도시 시장이 참석한다. "
                "트세피소 솔리 미시만가(Tshepiso Solly Msimanga) 남아공 츠와네 시장 등과 면담한다.")
    sentence = document.split(". ")[1]
    profile = profile_question("What's the name of the Hanoi mayor Park Won-soon meets in Ulyanovsk?")
    start = sentence.index("트세피소")
    ctx = PlacementContext(profile, facts_of("Tshepiso Solly Msimanga (트세피소 솔리 미시만가)", profile)[0], sentence,
                           start, start + len("트세피소 솔리 미시만가"), document, POLICY)
    verdict = on_the_asked_side(ctx)
    assert not verdict.passed and "츠와네" in verdict.reason
    # the country the text puts before his city is his side too
    south_african = profile_question("Which South African mayor was Park Won-soon lined up to meet?")
    assert on_the_asked_side(PlacementContext(south_african, ctx.fact, sentence, ctx.start, ctx.end, document, POLICY)).passed


def test_a_follow_up_naming_only_a_role_and_its_place_asks_for_that_places_person():
    """"And the mayor from South Africa?" after a question about the Russian governor: not Morozov."""
    sentence = ("세르게이 모로조프(Sergey Ivanovich Morozov) 러시아 울랴놉스크 주지사, 트세피소 솔리 미시만가"
                "(Tshepiso Solly Msimanga) 남아공 츠와네 시장 등을 만난다.")
    profile = profile_question("And the mayor from South Africa?")

    def placed(answer: str, found: str) -> PlacementContext:
        start = sentence.index(found)
        return PlacementContext(profile, facts_of(answer, profile)[0], sentence, start, start + len(found), sentence, POLICY)

    verdict = on_the_asked_side(placed("Sergey Ivanovich Morozov (세르게이 모로조프)", "세르게이 모로조프"))
    assert not verdict.passed and "울랴놉스크" in verdict.reason
    assert on_the_asked_side(placed("Tshepiso Solly Msimanga (트세피소 솔리 미시만가)", "트세피소 솔리 미시만가")).passed


def test_a_sentence_about_the_city_does_not_answer_for_the_canton():
    """The city's sentence names the canton too ("취리히주의 주도로"); its subject is the city."""
    before = "취리히시는 취리히주의 주도로 금융 중심지다."
    figures = "넓이는 87.88㎢, 인구는 39만 7천 명이다."

    def judged(question, sentence, window):
        return about_the_asked_unit(EvidenceContext(profile_question(question), 1, {1: window}, POLICY, {1: sentence}))

    verdict = judged("What is the population of the canton of Zurich?", figures, before + " " + figures)
    assert not verdict.passed and "취리히시" in verdict.reason
    assert not judged("취리히주 인구가 얼마나 돼?", figures, before + " " + figures).passed
    assert judged("취리히시 인구가 얼마나 돼?", figures, before + " " + figures) is None
    assert judged("취리히주 인구가 얼마나 돼?", CANTON, CANTON) is None  # its subject is the canton
    assert judged("타슈켄트 인구는?", figures, before + " " + figures) is None  # another place: not this check's


def test_a_byline_is_no_official():
    byline = "【울랴놉스크=뉴시스】박대로 기자 = 박원순 서울시장은 울랴놉스크에서 열리는 총회를 주재한다."
    profile = profile_question("박 시장이 만나기로 한 울랴놉스크 주지사는 누구예요?")
    fact = facts_of("박대로 기자", profile)[0]
    start = byline.index("박대로")
    verdict = holds_the_asked_title(PlacementContext(profile, fact, byline, start, start + 3))
    assert not verdict.passed and "기자" in verdict.reason


def test_the_byline_states_nothing_the_article_reports():
    lead = "[영등포신문=이천용 기자] 중국을 공식 방문 중인 오세훈 서울시장은 지난 29일 충칭시장을 만났다."

    verdict = found_outside_the_byline(found_in("그 사람 시장 되기 전엔 뭐 하던 사람이야?", lead, "이천용 기자"))
    assert not verdict.passed and "byline" in verdict.reason
    assert found_outside_the_byline(found_in("오 시장은 누구를 만났어?", lead, "충칭시장")).passed
    assert found_outside_the_byline(found_in("이 기사 누가 쓴 거야?", lead, "이천용 기자")) is None  # asked for


def test_a_byline_is_found_in_each_way_the_press_writes_it():
    for byline, reporter in (("【울랴놉스크=뉴시스】박대로 기자 = 박원순 시장은", "박대로"), ("배경환 기자 khbae@asiae.co.kr", "배경환"),
                             ("[서울시정일보 김동길 대기자] 서울 서초구는", "김동길")):
        profile = profile_question("Who did the mayor meet?")
        start = byline.index(reporter)
        fact = Fact("word", reporter, frozenset())
        assert not found_outside_the_byline(PlacementContext(profile, fact, byline, start, start + 3)).passed, byline
    said = "김 부시장은 기자회견에서 스마트시티 협력을 약속했다."  # 기자회견 ("press conference") is no byline
    profile = profile_question("무엇을 약속했어?")
    start = said.index("스마트시티")
    fact = facts_of("스마트시티", profile)[0]
    assert found_outside_the_byline(PlacementContext(profile, fact, said, start, start + 5)).passed


def test_a_question_about_a_budget_wants_a_sum_of_money():
    question = "기초예술 활성화 조례에 따라 배정된 연간 예산은 얼마인가요?"
    assert not fits_question_kind(claim(question, "조례안은 5년 마다 기본계획 수립을 의무화한다.")).passed
    assert fits_question_kind(claim(question, "연간 예산은 30억 원입니다.")).passed
    assert fits_question_kind(claim("How much capital does the company have?", "2 trillion won")).passed


def test_when_asks_for_a_date_only_where_a_question_starts():
    assert fits_question_kind(claim("Who did Park Won-soon sign the agreement with when he was in Zurich?",
                                    "Thomas Heiniger (토마스 하이니거)")) is None
    assert not fits_question_kind(claim("When did WeGO start?", "WeGO started with Seoul.")).passed
    assert fits_question_kind(claim("When did WeGO start?", "It started in 2010.")).passed


@pytest.mark.parametrize("question, wrong, kind, right", [
    # a count of years dates nothing
    ("서울이랑 충칭이 우호 협약 맺은 게 언제예요?", "올해는 서울시와 충칭시가 우호 협력관계를 맺은 지 5년째 되는 해", "a date",
     "2019년 5월입니다."),
    # a year alone is half of "month and year"
    ("When did Seoul and Chongqing sign their friendship agreement? month and year please", "2019 [1]", "a month",
     "December 2019 [1]"),
    ("서울과 충칭은 몇 월에 우호도시가 됐어?", "2019년 [1]", "a month", "2019년 12월 [1]"),
])
def test_a_question_for_a_date_or_month_is_not_answered_by_less(question, wrong, kind, right):
    verdict = fits_question_kind(claim(question, wrong))
    assert not verdict.passed and kind in verdict.reason
    assert fits_question_kind(claim(question, right)).passed


def test_a_day_and_time_answer_when():
    assert fits_question_kind(claim("박 시장은 취리히 시장을 언제 만났어?", "3일 14시30분")).passed


def test_a_two_part_question_may_be_answered_one_part_at_a_time():
    question = "What's the name of the Zurich city mayor Park met, and what year did she first get elected?"
    assert profile_question(question).two_part
    assert fits_question_kind(claim(question, "Corine Mauch (코린 마우흐)")) is None
    assert not profile_question("What year did Corine Mauch first get elected?").two_part


def test_a_proper_noun_the_analyser_glued_a_particle_to_is_still_found():
    question = "서울이랑 충칭이 우호 협약 맺은 게 언제예요?"
    sentence = "충칭시는 지난 2019년 5월 서울시와 우호 협약을 맺었다."
    ctx = EvidenceContext(profile_question(question), 1, {1: sentence}, POLICY, {1: sentence}, {1: sentence}, ARTICLES)
    assert document_names_the_asked(ctx).passed


DADI = "완공(100만㎡) 시에는 250개 이상의 기업이 이곳에서 연구하게 된다."
NOW_AND_PLAN = "현재 100개 기업이 입주해 있으며, 250개로 늘릴 계획이다."


def placed_at(question: str, answer: str, sentence: str, value: str) -> PlacementContext:
    start = sentence.index(value)
    return PlacementContext(profile_question(question), facts_of(answer, profile_question(question))[0],
                            sentence, start, start + len(value))


def test_a_question_about_now_is_not_answered_by_a_plan():
    verdict = stated_as_now(placed_at("How many companies are doing research in the Dadi park right now?", "250", DADI, "250"))
    assert not verdict.passed and "게 된다" in verdict.reason
    assert not stated_as_now(placed_at("다디 단지에 지금 입주해 있는 기업은 몇 개야?", "250개", DADI, "250")).passed
    # the value's own clause decides: 100 is stated as now, 250 as a plan
    assert stated_as_now(placed_at("지금 입주한 기업은 몇 개야?", "100개", NOW_AND_PLAN, "100")).passed
    assert not stated_as_now(placed_at("지금 입주한 기업은 몇 개야?", "250개", NOW_AND_PLAN, "250")).passed
    # a question that does not ask about now is not judged: "how many will research there" is answered by the plan
    assert stated_as_now(placed_at("How many companies will do research there?", "250", DADI, "250")) is None
    # a user's "today" is now
    assert not stated_as_now(placed_at("How many companies are doing research at the Dadi park today?", "250", DADI, "250")).passed


def test_a_question_about_one_winners_award_is_not_answered_by_the_next_winners_grade():
    prizes = "시상식에서 고양시(스마트 폐기물 수거·관리 서비스, 금상), 세종시(세종 스마트시티, 은상) 등에 시상한다."
    question = "WeGO 시상식에서 고양시는 무슨 상 받았어요?"
    verdict = the_asked_winners_award(placed_at(question, "은상입니다.", prizes, "은상"))
    assert not verdict.passed and "세종시" in verdict.reason
    assert the_asked_winners_award(placed_at(question, "금상", prizes, "금상")).passed
    # a question naming no listed winner is not judged
    assert the_asked_winners_award(placed_at("은상 받은 도시는?", "세종시 은상", prizes, "은상")) is None


def test_a_question_asking_which_award_is_answered_by_an_award():
    question = "WeGO 시상식에서 고양시는 무슨 상 받았어요?"
    verdict = names_an_award(claim(question, "고양시는 스마트 폐기물 수거·관리 서비스 우수도시에 직접 시상했다. [1]"))
    assert not verdict.passed and "names no award" in verdict.reason
    assert names_an_award(claim(question, "금상을 받았습니다. [1]")).passed
    assert names_an_award(claim("What award did Goyang win at the WeGO ceremony?", "Gold (금상) [1]")).passed
    assert names_an_award(claim("고양시가 받은 상은 뭐야?", "대통령상을 받았다. [1]")).passed
    assert names_an_award(claim("Seocho Coin won an excellence award at one of the four major environmental awards. "
                                "Which award?", "Green Apple Awards [1]")).passed  # a plural names one too
    # questions that ask no award, or whose words only contain 상, are not judged
    assert names_an_award(claim("무슨 상황이야?", "회의가 열렸다. [1]")) is None
    assert names_an_award(claim("이 현상은 뭐야?", "회의가 열렸다. [1]")) is None


def test_a_question_about_one_award_grade_is_not_answered_by_another_grades_winner():
    prizes = "시상식에서 고양시(스마트 폐기물 수거·관리 서비스, 금상), 세종시(세종 스마트시티, 은상) 등에 시상한다."
    verdict = holds_the_asked_award(placed_at("WeGO 시상식에서 동상은 어느 도시가 탔어?", "고양시", prizes, "고양시"))
    assert not verdict.passed and "금상" in verdict.reason and "동상" in verdict.reason
    assert holds_the_asked_award(placed_at("Which Korean city took gold at the WeGO awards?", "Goyang (고양시)", prizes, "고양시")).passed
    assert not holds_the_asked_award(placed_at("Which city won silver?", "Goyang (고양시)", prizes, "고양시")).passed
    assert holds_the_asked_award(placed_at("은상 받은 도시는?", "세종시", prizes, "세종시")).passed
    # no grade asked, or none given right after the winner: not judged
    assert holds_the_asked_award(placed_at("Name a Korean city that received an award.", "고양시", prizes, "고양시")) is None
    assert holds_the_asked_award(placed_at("동상은 어느 도시가 탔어?", "시상식", prizes, "시상식")) is None


def test_a_question_about_what_is_to_come_is_not_answered_by_what_was_done():
    built = "중국은 2011년부터 '건강한 중국' 전략 차원에서 60만㎡ 규모의 충칭 다디 생명과학단지를 건립했."
    verdict = stated_as_to_come(placed_at("What year is the Dadi park supposed to be finished?", "2011", built, "2011"))
    assert not verdict.passed and "was done" in verdict.reason
    assert not stated_as_to_come(placed_at("다디 단지는 몇 년에 완공될 예정이야?", "2011년", built, "2011")).passed
    # the first verb after the value decides: the event is to come (열리는), the request was made (요청했다)
    event = "마우흐 시장은 내년 9월 서울에서 처음 열리는 '취리히 서울과 만나다' 행사에 협조해 줄 것을 요청했다."
    assert stated_as_to_come(placed_at("그 행사는 언제 열릴 예정이야?", "내년 9월", event, "9월")).passed
    # a plan, even told in the past, is to come; a question not about what is to come is not judged
    plan = "다디 단지는 2025년에 완공할 계획이었다."
    assert stated_as_to_come(placed_at("When is the park expected to be finished?", "2025", plan, "2025")).passed
    assert stated_as_to_come(placed_at("When was the Dadi park built?", "2011", built, "2011")) is None


def test_a_when_question_is_answered_by_the_date_of_the_asked_action():
    hu = "후헝화 시장은 기업인 출신으로 2003년 후난성 10대 경제인으로 선정되기도 했으며, 부시장과 시장 대행을 거쳐 2022년 취임했다."
    verdict = dated_by_the_asked_action(placed_at("When did he take office?", "2003", hu, "2003"))
    assert not verdict.passed and "취임" in verdict.reason
    assert dated_by_the_asked_action(placed_at("When did he take office?", "2022", hu, "2022")).passed
    assert not dated_by_the_asked_action(placed_at("후헝화 시장은 언제 취임했어?", "2003년", hu, "2003")).passed
    assert dated_by_the_asked_action(placed_at("후헝화 시장은 언제 취임했어?", "2022년", hu, "2022")).passed
    assert dated_by_the_asked_action(placed_at("후헝화는 몇 년에 경제인으로 선정됐어?", "2003년", hu, "2003")).passed
    # a value whose clause ends in another action the check knows dates that one: taking office is no election
    assert not dated_by_the_asked_action(placed_at("When was he elected?", "2022", hu, "2022")).passed
    signed = "충칭시는 중국 4개 직할시 중 하나로 지난 2019년 5월 서울시와 우호 협약을 맺었다."
    assert not dated_by_the_asked_action(placed_at("What year did he take office as mayor?", "2019", signed, "2019")).passed
    assert dated_by_the_asked_action(placed_at("When did Chongqing sign its agreement with Seoul?", "2019", signed, "2019")).passed
    # an asked action the check cannot name may be worded as any, and a question that asks no date is not judged
    assert dated_by_the_asked_action(placed_at("그 사람은 언제 시장 자리에 올랐어?", "2019년", signed, "2019")) is None
    assert dated_by_the_asked_action(placed_at("후헝화 시장은 몇 살이야?", "2003년", hu, "2003")) is None
    # one action told for two values ("2014년 …을, 2019년 …을 체결했다") dates both
    both = "서울시는 2014년 우호도시 협약을, 2019년 친선도시 협약을 체결했다."
    assert dated_by_the_asked_action(placed_at("When did Seoul sign the friendship agreement?", "2014", both, "2014")).passed


def test_a_what_day_question_is_not_answered_by_the_period_of_a_visit():
    visit = "김태균 부시장은 7월 22일부터 27일까지 쿠알라룸푸르를 방문해 우호도시 협정을 체결하고 '서울의 날' 행사를 열었다."
    question = "쿠알라룸푸르랑 우호도시 협정은 며칠에 체결했어?"  # 며칠에 asks a date
    verdict = dated_by_the_asked_action(placed_at(question, "7월 22일부터 27일까지", visit, "22일"))
    assert not verdict.passed and "체결" in verdict.reason
    signed = "김 부시장은 23일 쿠알라룸푸르에서 이스마디 빈 사키린 부시장과 우호도시 협정을 체결했다."
    assert dated_by_the_asked_action(placed_at(question, "23일", signed, "23일")).passed
    assert dated_by_the_asked_action(placed_at("며칠 동안 쿠알라룸푸르를 방문했어?", "6일", visit, "22일")) is None


def test_what_someone_became_is_answered_from_a_sentence_that_says_it():
    governor = "토마스 하이니거 취리히 주지사는 '13년~'14년 주지사 역임 후 취리히 주지사직을 재임하고 있다."
    became = says_what_it_became(placed_at("하이니거는 몇 년도에 처음 변호사가 됐나요?", "'13년", governor, "'13"))
    assert not became.passed and "변호사" in became.reason
    hu = "후헝화 시장은 부시장과 시장 대행을 거쳐 2022년 취임했다."
    assert says_what_it_became(placed_at("후헝화는 언제 시장이 되었어?", "2022년", hu, "2022")).passed
    # a guest of the assembly, or a candidate for vice-chair, was not chosen as its chair city
    question = "울랴놉스크 총회에서 4기 의장도시로 최종 뽑힌 곳은 어디야?"
    guests = "이번 총회에는 서울시를 포함해 모스크바·마드리드·피츠버그·하노이 등 110개 도시 시장이 참석한다."
    assert not says_what_it_became(placed_at(question, "모스크바", guests, "모스크바")).passed
    vice = "부의장도시로는 모스크바·멕시코시티·하노이·아디스아바바 등이 거론되고 있다."
    assert not says_what_it_became(placed_at(question, "모스크바", vice, "모스크바")).passed
    assert says_what_it_became(placed_at("부의장도시로 거론된 곳은?", "모스크바", vice, "모스크바")) is None
    assert says_what_it_became(placed_at("WeGO 부의장도시로 뽑힌 곳은?", "모스크바", vice, "모스크바")).passed


def test_a_how_many_question_is_answered_by_a_number_of_what_it_counts():
    verdict = counts_the_asked_thing(claim("How many cities took part in the 2023 Smart City Expo?", "140 countries took part [1]."))
    assert not verdict.passed and "countries" in verdict.reason and "cities" in verdict.reason
    assert not counts_the_asked_thing(claim("How many startups are based at Trust Square?", "20 students [1].")).passed
    assert not counts_the_asked_thing(claim("엑스포에 몇 개 도시가 참가했어?", "140개국이 참가했다 [1].")).passed
    # the counted thing, a bare 개, or a number the claim leaves uncounted: judged where it is found
    assert counts_the_asked_thing(claim("How many cities took part?", "About 700 cities took part [1].")).passed
    assert counts_the_asked_thing(claim("엑스포에 몇 개 도시가 참가했어?", "700여개 도시가 참가했다 [1].")).passed
    assert counts_the_asked_thing(claim("몇 개 기업이 입주해?", "250개 [1].")).passed
    assert counts_the_asked_thing(claim("How many cities took part?", "700 [1].")).passed
    # "몇 회 정례회" asks which numbered session (제333회), not how many times
    question = "기초예술 활성화 조례는 몇 회 정례회 본회의에서 통과됐나요?"
    assert counts_the_asked_thing(claim(question, "제333회 정례회 본회의에서 통과됐습니다 [1].")).passed
    assert counts_the_asked_thing(claim(question, "333회 [1]")).passed  # the question's 회 names the session too
    assert not counts_the_asked_thing(claim("조례안 심사는 몇 회 열렸어?", "제333회 정례회에서 [1].")).passed
    # a question that names no counted thing, or asks two things, is not judged here
    assert counts_the_asked_thing(claim("How many took part?", "140 countries [1].")) is None
    assert counts_the_asked_thing(claim("How many cities took part, and how many countries?", "140 countries [1].")) is None


def test_an_english_question_is_not_answered_from_an_article_missing_one_of_its_names():
    question = "Which South African mayor is Park Won-soon meeting on the sidelines of the WeGO assembly?"
    zurich = "박원순 시장은 코린 마우흐 취리히 시장을 만났다."
    wego = "박원순 시장은 WeGO 총회에서 트세피소 솔리 미시만가(Tshepiso Solly Msimanga) 남아공 츠와네 시장 등을 만난다."
    documents = {1: "서울시 박원순 시장이 취리히를 방문했다. " + zurich, 2: "서울시 박원순 시장이 울리야노프스크를 방문했다. " + wego}
    ctx = EvidenceContext(profile_question(question), 1, {1: zurich, 2: wego}, POLICY, {1: zurich, 2: wego}, documents)
    verdict = document_names_every_asked_name(ctx)
    assert not verdict.passed and "WeGO" in verdict.reason and "Park" not in verdict.reason
    # the WeGO article names both; "South African" (남아공) is named by no document shown, so asks nothing
    assert document_names_every_asked_name(EvidenceContext(profile_question(question), 2, ctx.windows, POLICY, ctx.sentences,
                                                           documents)).passed
    # one name, or a Korean question: not judged here
    assert document_names_every_asked_name(EvidenceContext(profile_question("Who did Park Won-soon meet?"), 1, ctx.windows,
                                                           POLICY, ctx.sentences, documents)) is None


def test_a_name_spelt_out_is_named_by_its_bracketed_short_form():
    question = "In what year was the World e-Governments Organization of Cities and Local Governments (WeGO) founded?"
    wego = "WeGO는 2010년 창립된 세계도시전자정부협의체다."
    expo = "서초구는 스마트시티 엑스포 월드 콩그레스에 참가했다."  # names "World" (월드), never WeGO
    documents = {1: "박원순 시장이 울리야노프스크를 방문했다. " + wego, 2: "서초구 소식. " + expo}
    sentences = {1: wego, 2: expo}
    verdict = document_names_every_asked_name(EvidenceContext(profile_question(question), 1, sentences, POLICY, sentences,
                                                              documents))
    assert verdict.passed, verdict.reason
    verdict = document_names_every_asked_name(EvidenceContext(profile_question(question), 2, sentences, POLICY, sentences,
                                                              documents))
    assert not verdict.passed and "WeGO" in verdict.reason
    # a bracketed word that is no abbreviation of what comes before is a name of its own
    assert profile_question("When did Seoul and Zurich (Switzerland) sign?").short_forms == ()


def every_name(question: str, sentence: str, document: str):
    """document_names_every_asked_name for one evidence sentence of one document."""
    return document_names_every_asked_name(EvidenceContext(profile_question(question), 1, {1: sentence}, POLICY,
                                                           {1: sentence}, {1: document}))


def test_a_city_no_document_names_is_asked_of_every_document():
    # Tokyo is named by no document shown, but GeoNames knows 도쿄: the New York event does not answer
    question = "In which year did Zurich city hold its cultural and economic exchange event in Tokyo?"
    events = "취리히시는 2014년 뉴욕, 2016년 런던, 2017년 싱가포르에서 교류행사를 열었다."
    document = "서울시 박원순 시장이 취리히를 방문했다. " + events
    verdict = every_name(question, events, document)
    assert not verdict.passed and "Tokyo" in verdict.reason and "Zurich" not in verdict.reason
    # the same question about a city the document names passes
    assert every_name(question.replace("Tokyo", "London"), events, document).passed


def test_a_short_city_name_the_gazetteer_knows_is_named_only_as_written():
    # "Hanoi" sounds like 위한 ("for"); an article about Kuala Lumpur never names Hanoi
    question = "When did Seoul sign its friendship agreement with Hanoi?"
    kl = "김태균 서울시 행정1부시장은 7월 22일부터 27일까지 쿠알라룸푸르를 방문해 우호도시 협정을 체결했다."
    verdict = every_name(question, kl, "서울시는 양 도시 간 협력을 위한 협정을 맺었다. " + kl)
    assert not verdict.passed and "Hanoi" in verdict.reason
    assert every_name(question, kl, "서울시는 하노이와 협정을 맺었다. " + kl).passed


def test_the_subject_of_a_modifying_clause_is_not_the_sentences():
    einstein = "물리학자 알베르트 아인슈타인이 수학한 대학이자 21명의 노벨상 수상자를 배출한 세계적 명문 공과대학이다."
    before = "박원순 시장은 이어 취리히 연방공과대학에 재학 중인 교민 학생 20여 명과 간담회를 가졌다."
    assert subject_nouns(einstein) == []
    assert subject_nouns("후헝화 시장이 방문한 충칭시는 인구가 많다.") == ["충칭시"]
    assert subject_nouns("김태균 부시장이 협약을 체결했다.") == ["김태균"]
    # so the sentence is read with the one before, which names what the question asks about
    question = "Which famous physicist studied at the Zurich university where Park met Korean students?"
    ctx = EvidenceContext(profile_question(question), 1, {1: before + " " + einstein}, POLICY, {1: einstein})
    assert mentions_asked_names(ctx).passed


def test_a_day_of_a_month_is_a_day_not_a_rank():
    sentence = "김태균 행정1부시장(우)은 23일 쿠알라룸푸르에서 이스마디 빈 사키린 부시장과 협정(MOU)을 체결했다."
    question = "What day in July was the Seoul-Kuala Lumpur friendship MOU signed?"
    for answer in ("23rd July", "July 23rd", "the 23rd of July"):
        fact = facts_of(answer, profile_question(question))[0]
        assert fact.counts == "day" and locate(fact, sentence, (POLICY.name_similarity, POLICY.short_name_spelling))
    # a rank stays a rank: "the 1st" is not 1일
    assert facts_of("the 1st forum", profile_question("Which forum was it?"))[0].counts == "ordinal"


def test_one_item_asked_for_is_not_answered_by_a_copied_statement():
    question = "서울이랑 취리히주 협약 맺고 어떤 분야에서 협력하기로 했어? 하나만 말해줘"
    verdict = names_one_item(claim(question, "서울은 바이오산업 발전 잠재력이 충분한 도시"))
    assert not verdict.passed and "one item" in verdict.reason
    assert names_one_item(claim(question, "블록체인 분야에서 협력하기로 했습니다")) is None  # names its item
    assert names_one_item(claim(question, "대한민국 지방자치단체 행정대상 바이오산업 발전 잠재력")).passed  # a phrase
    assert profile_question("이번 박람회에 서초구와 같이 나간 지역 기업 중 한 곳만 알려 주세요.").asks_one_item
    # a question for no single item is not judged
    assert names_one_item(claim("서울이랑 취리히주 협약 내용 알려줘", "서울은 바이오산업 발전 잠재력이 충분한 도시")) is None


def test_a_statement_has_a_subject_and_a_predicate_after_it():
    assert is_statement("착한 서초코인이 올해 받은 상은 홍보관 운영 등을 통해 소개했다.")
    assert is_statement("친선협정 15주년을 기념하는 행사를 통해 협력을 확대하는 계기를 마련했다.")  # a verb ends it
    assert not is_statement("대한민국 지방자치단체 행정대상") and not is_statement("블록체인 분야입니다")


def test_a_where_question_is_not_answered_by_the_country_alone_where_the_text_names_the_city():
    expo = "서울 서초구는 지난 7일부터 9일까지 스페인 바르셀로나에서 열린 2023 스마트시티 엑스포에 참가했다."
    assembly = "박원순 서울시장이 러시아 울랴놉스크에서 열린 WeGO 총회에 참석했다."

    def judged(question, text, sentence):
        profile = profile_question(question)
        return names_more_than_the_country(ClaimContext(profile, text, tuple(facts_of(text, profile)), POLICY,
                                                        sentences=(sentence,)))

    verdict = judged("Where was the 2023 Smart City Expo World Congress?", "Spain (스페인) [1]", expo)
    assert not verdict.passed and "바르셀로나" in verdict.reason
    assert not judged("2023 스마트시티 엑스포는 어디서 열렸어?", "스페인에서 열렸습니다.", expo).passed
    assert not judged("Where did Park attend the WeGO assembly?", "Russia (러시아)", assembly).passed
    # the city named too, or asked about by the question itself, or a question that is no where-question
    assert judged("2023 스마트시티 엑스포는 어디서 열렸어?", "스페인 바르셀로나에서 열렸습니다.", expo) is None
    assert judged("Where is Ulyanovsk?", "Russia (러시아)", assembly).passed
    assert judged("Which country hosted the WeGO assembly?", "Russia (러시아)", assembly) is None


def test_an_institutions_translated_name_is_found_by_its_place():
    # 서울시의회 sounds like no part of "Seoul Metropolitan Council" but Seoul
    question = "At which session of the Seoul Metropolitan Council did the basic-arts ordinance pass?"
    session = "조례안이 지난해 12월 23일 열린 서울시의회 제333회 정례회 본회의에서 최종 통과됐다."
    assert mentions_asked_names(evidence(question, session)).passed
    assert not mentions_asked_names(evidence(question, "취리히주는 넓이는 1,729㎢이다.")).passed


ULYANOVSK_DOC = "【울랴놉스크=뉴시스】 박원순 서울시장은 28~29일 러시아 울랴놉스크에서 열리는 WeGO 총회를 주재한다."


def test_a_foreign_name_read_as_a_common_noun_in_a_short_question_is_still_asked():
    """Kiwi reads 울랴놉스크 alone in a short question as a common noun, and in the article as a name:
    the Kuala Lumpur sentence does not answer for it (a question about Ulyanovsk's population was
    answered with Kuala Lumpur's)."""
    question = "울랴놉스크 인구는 얼마나 돼?"
    assert "울랴놉스크" not in profile_question(question).proper_nouns  # what the analyser gives alone
    documents = {1: "서울시 대표단이 쿠알라룸푸르를 찾았다. " + KL, 2: ULYANOVSK_DOC}
    ctx = EvidenceContext(profile_question(question), 1, {1: KL, 2: ULYANOVSK_DOC}, POLICY,
                          {1: KL, 2: ULYANOVSK_DOC}, documents, ARTICLES)
    verdict = document_names_the_asked(ctx)
    assert not verdict.passed and "울랴놉스크" in verdict.reason
    verdict = about_the_asked_subject(ctx)
    assert not verdict.passed and "쿠알라룸푸르" in verdict.reason


def test_an_english_question_about_a_place_is_not_answered_by_a_sentence_about_another():
    def judged(question, sentence):
        ctx = EvidenceContext(profile_question(question), 1, {1: sentence}, POLICY, {1: sentence}, {}, ARTICLES)
        return about_the_asked_subject(ctx)

    verdict = judged("How many people live in Bishkek?", TASHKENT)
    assert not verdict.passed and "타슈켄트" in verdict.reason and "Bishkek" in verdict.reason
    assert judged("How many people live in Tashkent?", TASHKENT) is None  # the asked place itself
    assert judged("Which is bigger, Bishkek or Tashkent?", TASHKENT) is None  # the question names it too
    # a person's name is not judged here: 박 시장 may be the Park Won-soon asked about
    assert judged("How old is Park Won-soon?", TASHKENT) is None


def test_a_measure_of_a_place_is_answered_by_a_sentence_that_says_it():
    attendance = "이번 총회에는 110개 도시 시장 등 총 350여명이 참석한다."
    verdict = holds_the_asked_measure(evidence("울랴놉스크 인구는 얼마나 돼?", attendance, KL, n=1))
    assert not verdict.passed and "population" in verdict.reason
    assert holds_the_asked_measure(evidence("울랴놉스크 인구는 얼마나 돼?", attendance, KL, n=2)).passed
    assert holds_the_asked_measure(evidence("How many people live in Kuala Lumpur?", KL)).passed
    assert not holds_the_asked_measure(evidence("What is the GDP of Kuala Lumpur?", KL)).passed
    assert holds_the_asked_measure(evidence("타슈켄트는 우즈베키스탄 GDP의 몇 퍼센트를 만들어?", TASHKENT)).passed
    assert not holds_the_asked_measure(evidence("How big is the canton of Zurich?", TASHKENT)).passed
    assert holds_the_asked_measure(evidence("How big is the canton of Zurich?", CANTON)).passed
    # attendance is no measure of a place: nothing is asked of the sentence
    assert holds_the_asked_measure(evidence("How many people attended the assembly?", attendance)) is None
    # a delegation's size is answered where the text speaks of the delegation, not by an assembly's attendance
    delegation = "How many officials were in Seoul's delegation to Ulyanovsk?"
    assert not holds_the_asked_measure(evidence(delegation, attendance)).passed
    assert holds_the_asked_measure(evidence(delegation, "서울시 대표단 12명은 울랴놉스크를 찾았다.")).passed
    assert holds_the_asked_measure(evidence("Which minister did the Seoul delegation meet?", attendance)) is None
    # the visitors to a booth are answered where the text speaks of visitors, not by an expo's participants
    expo = "올해는 140개국, 700여개 도시, 2만여명이 참가했다."
    for visitors in ("Roughly how many visitors stopped by the Seocho booth in Barcelona?", "서초구 부스에 몇 명이 다녀갔어?"):
        assert not holds_the_asked_measure(evidence(visitors, expo)).passed
        assert holds_the_asked_measure(evidence(visitors, "서초구 부스를 찾은 방문객은 3천여명에 달했다.")).passed
    assert holds_the_asked_measure(evidence("How many cities did Kim Tae-gyun visit?", expo)) is None  # counts cities


def test_a_population_does_not_answer_another_how_many_question():
    """"How many districts is Tashkent divided into?" and "how many people attended" were answered
    with Tashkent's population once its misread amount was mended."""
    def measured(question, sentence, value):
        return measures_what_is_asked(placed_at(question, "2.47 million", sentence, value))

    verdict = measured("How many people attended Seoul Day in Tashkent?", TASHKENT, "247만")
    assert not verdict.passed and "population" in verdict.reason
    assert not measured("How many districts is Tashkent divided into?", TASHKENT, "247만").passed
    assert measured("How many people live in Tashkent?", TASHKENT, "247만").passed
    assert measured("What is the population of Tashkent?", TASHKENT, "247만").passed
    assert not measured("What is the GDP of Kuala Lumpur?", KL, "207만").passed  # a measure, but another
    assert measured("And what about Tashkent?", TASHKENT, "247만") is None  # asks neither
    # the nearest measure word in the amount's clause: 넓이 for 1,729, 인구 for 115만
    assert not measures_what_is_asked(placed_at("How many people live in the canton?", "1,729", CANTON, "1,729")).passed
    assert measures_what_is_asked(placed_at("How many people live in the canton?", "1,158,000", CANTON, "115만")).passed
    # an amount no measure word leads is not judged
    assert measures_what_is_asked(placed_at("How many districts does KL have?", "11", KL, "11")) is None
    # a claim of several amounts (the sentence copied) answers with one of them: 19% for the GDP share
    question = "타슈켄트는 우즈베키스탄 GDP의 몇 퍼센트 정도를 만들어내나요?"
    facts = tuple(facts_of(TASHKENT, profile_question(question)))
    population = next(f for f in facts if f.text == "247만")
    start = TASHKENT.index("247만")
    alone = PlacementContext(profile_question(question), population, TASHKENT, start, start + 4, "", POLICY, (population,))
    assert not measures_what_is_asked(alone).passed
    copied = PlacementContext(profile_question(question), population, TASHKENT, start, start + 4, "", POLICY, facts)
    assert measures_what_is_asked(copied) is None


def test_a_question_that_writes_its_unit_is_answered_by_a_bare_number():
    assert fits_question_kind(claim("취리히주 면적은 몇 ㎢인가요?", "1,729")).passed
    assert not fits_question_kind(claim("취리히주 면적은 얼마인가요?", "1,729")).passed  # the unit is unsaid
    # a birth year's 년생 is no unit: "2003년" (an award's year) does not answer "몇 년생"
    assert not fits_question_kind(claim("후헝화 충칭시장은 몇 년생이야?", "2003년")).passed


EXPO = "서울 서초구는 지난 7일부터 9일까지 스페인 바르셀로나에서 열린 2023 스마트시티 엑스포에 참가했다."


def test_a_where_answer_naming_only_the_country_is_narrowed_to_the_place_the_sentence_writes():
    def narrowed(question, text, *sentences):
        profile = profile_question(question)
        return narrowed_to_the_place(text, facts_of(text, profile), profile, sentences, POLICY)

    assert narrowed("2023 스마트시티 엑스포는 어디서 열렸어?", "스페인", EXPO) == "스페인 바르셀로나"
    english = narrowed("Where did the 2023 Smart City Expo World Congress take place?", "Spain (스페인)", EXPO)
    assert english == "Barcelona (바르셀로나), Spain"
    # nothing to narrow: a place is named, the question asks no place, or the country is written alone
    assert narrowed("엑스포는 어디서 열렸어?", "바르셀로나", EXPO) == "바르셀로나"
    assert narrowed("Which country hosted the expo?", "Spain (스페인)", EXPO) == "Spain (스페인)"
    assert narrowed("엑스포는 어디서 열렸어?", "스페인", "엑스포는 스페인에서 열렸다.") == "스페인"
    # two places after the country: which one is not the mend's to say
    two = "박람회는 2022년 스페인 바르셀로나에서, 2023년 스페인 마드리드에서 열렸다."
    assert narrowed("박람회는 어디서 열렸어?", "스페인", two) == "스페인"


MAUCH_REQUEST = "특히, 마우흐 취리히 시장은 내년 9월 서울에서 양 도시 주최로 처음 열리는 행사에 서울시가 협조해 줄 것을 요청했다."


def test_a_question_about_what_was_done_is_not_answered_by_next_years_date():
    verdict = stated_as_done(placed_at("서울시가 취리히주랑 우호도시협약 맺은 게 언제야?", "내년 9월", MAUCH_REQUEST, "9"))
    assert not verdict.passed and "내년" in verdict.reason
    assert not stated_as_done(placed_at("When did Seoul sign the agreement with Zurich?", "September", MAUCH_REQUEST, "9")).passed
    # a question about what is to come is answered by it
    assert stated_as_done(placed_at("그 행사는 언제 열릴 예정이야?", "내년 9월", MAUCH_REQUEST, "9")) is None
    # the question's last verb decides: 요청한 is past, 열릴 예정 is not
    assert stated_as_done(placed_at("마우흐 시장이 협조 요청한 행사는 언제 열릴 예정이야?", "내년 9월", MAUCH_REQUEST, "9")) is None
    # a date of this year or the last is not judged
    assert stated_as_done(placed_at("조례안은 언제 통과됐어?", "12월 23일", "조례안은 지난해 12월 23일 통과됐다.", "12")) is None


def test_what_someone_does_is_not_answered_by_places_alone():
    doc = ("서울시 박원순 시장은 스위스 제1의 경제도시 취리히에서 토마스 하이니거 취리히 주지사와 만났다. "
           "박 시장과 하이니거 주지사는 모두 변호사 출신이다.")

    def verdict(question, answer):
        profile = profile_question(question)
        return says_what_they_do(ClaimContext(profile, answer, tuple(facts_of(answer, profile)), POLICY,
                                              documents=(doc,), sentences=(doc,)))

    question = "What professional background do Mayor Park Won-soon and Governor Heiniger have in common?"
    places = verdict(question, "Both are former mayor of Seoul (서울) and governors of Switzerland (스위스). [1]")
    assert not places.passed and "Seoul" in places.reason
    assert verdict(question, "Both are lawyers (변호사). [1]").passed
    assert not verdict("두 사람 직업이 뭐야?", "서울과 스위스입니다.").passed
    assert verdict("두 사람 직업이 뭐야?", "변호사입니다.").passed
    # a copied statement that names no occupation, nor a post the question does not name
    question = "박원순 시장과 하이니거 주지사는 둘 다 어떤 직업 출신인가요?"
    copied = "하이니거 주지사는 스위스 제1의 경제도시 취리히에서 토마스 하이니거 취리히 주지사와 청사에서 만나 면담했다. [1]"
    assert not verdict(question, copied).passed
    assert verdict(question, "두 사람은 변호사 출신이라는 공통점이 있다. [1]").passed
    assert verdict(question, "둘 다 변호사 출신입니다. [1]").passed
    assert verdict("What line of work were they both in?", "They both worked as human rights lawyers (인권변호사). [1]").passed
    # what someone did before a post: the year he took it, or a copied meeting, says nothing he did
    assert not verdict("What did he do before becoming mayor?", "He became mayor in 2022. [1]").passed
    # "the job" of a when-question is the post taken: its year answers it
    took = verdict("When did he take the job?", "He took the job in 2022. [1]")
    assert took is None or took.passed
    meeting = "오 시장은 이날 오후 후헝화 충칭시장과의 비공개 면담에서 협력 확대 방안을 논의했다. [1]"
    assert not verdict("그 사람 시장 되기 전엔 뭐 하던 사람이야?", meeting).passed
    assert verdict("그 사람 시장 되기 전엔 뭐 하던 사람이야?", "부시장과 시장 대행을 거쳐 2022년 취임했다. [1]").passed
    # a question that asks no occupation is not judged here
    assert verdict("Where did Park meet Heiniger?", "Zurich (취리히) [1]") is None
    assert verdict("What did he do in Zurich?", "He signed an agreement. [1]") is None


def test_the_full_name_of_the_person_asked_about_is_no_answer():
    """The documents gloss 하이니거 as "토마스 하이니거(Thomas Heiniger)": giving that back is an echo,
    unless the question asks for the name."""
    document = "박원순 시장은 토마스 하이니거(Thomas Heiniger) 취리히 주지사와 만나 협약을 체결했다."

    def judged(question: str, answer: str):
        profile = profile_question(question)
        return names_more_than_the_asked_person(ClaimContext(profile, answer, tuple(facts_of(answer, profile)), POLICY,
                                                             documents=(document,)))

    for question in ("하이니거 주지사는 어느 정당 사람이에요?", "Which party does Governor Heiniger belong to?"):
        for answer in ("Thomas Heiniger", "토마스 하이니거"):
            verdict = judged(question, answer)
            assert not verdict.passed and "asks about" in verdict.reason
    assert judged("하이니거 주지사는 어느 정당 사람이에요?", "토마스 하이니거, 자유민주당").passed
    assert judged("하이니거 주지사 풀네임이 뭐야?", "토마스 하이니거") is None
    assert judged("박원순 시장은 누구를 만났어?", "토마스 하이니거") is None  # not named by the question


def test_a_question_for_a_company_is_answered_by_a_name():
    """A copied sentence describing the product names no startup; the startup's name does."""
    question = "센서 달린 쓰레기통을 들고 나간 스타트업이 어디였지?"
    copied = "스마트 쓰레기통은 센서가 장착된 쓰레기통을 길가에 설치하고 쓰레기 수준을 실시간으로 파악하는 제품입니다."
    verdict = names_the_asked_body(claim(question, copied))
    assert not verdict.passed and "names no company" in verdict.reason
    english = "Which startup showed a smart trash can?"
    assert names_the_asked_body(claim(question, "스타트업 이큐브랩은 센서가 장착된 쓰레기통을 길가에 설치하는 제품을 선보였다")).passed
    assert names_the_asked_body(claim(question, "양강생명과기성")) is None  # a short claim is a name
    english = "Which startup showed a smart trash can?"
    assert not names_the_asked_body(claim(english, "The smart bin (스마트 쓰레기통) with sensors (센서) on the roadside (길가) "
                                                   "raises collection (수거) efficiency (효율)")).passed
    assert names_the_asked_body(claim(english, "Ecube Labs (이큐브랩)")) is None
    assert names_the_asked_body(claim("이큐브랩 대표는 누구야?", copied)) is None  # asks for a person


def test_a_name_given_for_a_role_and_found_only_by_sound_must_be_someone_the_text_titles():
    """"Li Qiang", invented, sounds like 흐르는 강 ("the flowing river"); 후헝화 is "후헝화 충칭시장"."""
    document = ("오 시장은 이날 오후 후헝화 충칭시장과의 비공개 면담에서 협력 확대를 논의했다. "
                "오 시장은 \"도심을 흐르는 강과 수려한 녹지가 있다\"고 말했다.")
    river = document.split(". ")[1]
    profile = profile_question("Who's the Chongqing mayor that Oh Se-hoon sat down with?")
    assert profile.titles == {"시장"}

    def placed(answer: str, sentence: str, found: str):
        start = sentence.index(found)
        return found_where_the_text_names_someone(PlacementContext(profile, facts_of(answer, profile)[0], sentence, start,
                                                                   start + len(found), document, POLICY))

    verdict = placed("Li Qiang", river, "흐르는 강")
    assert not verdict.passed and "흐르는 강" in verdict.reason
    assert placed("Hu Henghua", document, "후헝화").passed
    assert placed("Hu Henghua (후헝화)", document, "후헝화") is None  # found as written, not by sound


def test_a_which_question_for_two_or_three_counts_the_items_of_the_answer():
    two = profile_question("Which two organisations signed the biotech MOU during Oh's Chongqing trip?")
    verdict = names_as_many_as_asked(two, "Seoul Biotech Hub (서울 바이오허브) [1]")
    assert not verdict.passed and "names 1 of the 2" in verdict.reason
    assert names_as_many_as_asked(two, "Seoul Biotech Hub (서울 바이오허브), Liangjiang (양강생명과기성) [1]").passed
    three = profile_question("서초구랑 같이 간 세 업체 이름 알려줘")
    assert not names_as_many_as_asked(three, "트리플렛과 피아스페이스").passed
    assert names_as_many_as_asked(three, "트리플렛, 피아스페이스, 씨티아이랩").passed
    assert names_as_many_as_asked(profile_question("Which organisation signed the MOU?"), "Seoul Biotech Hub") is None
    assert names_as_many_as_asked(profile_question("두 사람의 공통점은?"), "변호사") is None  # no items asked
    assert names_as_many_as_asked(profile_question("바르셀로나 박람회에 서초구랑 같이 간 기업 세 곳 어디야?"), "트리플렛") is not None
    # one thing of two cities, or a two-day event, asks for one item
    assert names_as_many_as_asked(profile_question("두 도시가 맺은 협약은 뭐야?"), "우호도시 협약") is None
    assert names_as_many_as_asked(profile_question("Which two-day event did Seocho attend?"), "SCEWC") is None


def test_a_country_adjective_typed_in_lower_case_names_the_side_of_an_official():
    """"the serbian government official" is Serbia's: not Seocho's head of district."""
    document = ("이번 행사에서 구는 전성수 서초구청장의 기조연설과 홍보관 운영 등을 통해 서초코인을 소개했다. "
                "서초구 부스를 방문한 세르비아 정부 관계자 올자 스태닉 마릭은 “놀라운 경험”이라고 말했다.")
    profile = profile_question("who was the serbian government official who praised the coin at seocho's booth?")
    assert profile.sides == ("serbian",)

    def placed(answer: str, found: str):
        start = document.index(found)
        return on_the_asked_side(PlacementContext(profile, facts_of(answer, profile)[0], document, start,
                                                  start + len(found), document, POLICY))

    assert not placed("전성수 서초구청장 (전성수)", "전성수").passed
    olja = placed("Olja Stanić Marić (올자 스태닉 마릭)", "올자 스태닉 마릭")
    assert olja is None or olja.passed  # the text gives her no title, but no other side either
    assert profile_question("Who was the local official?").sides == ()  # no country


WEGO = ("박 시장은 \"WeGO는 2010년 창립 당시 50여개 회원도시에서 출발해 7년만에 120여개 도시와 기관이 회원으로 참여하고 "
        "유엔·세계은행 등과 파트너십을 맺고 있는 전자정부 분야 대표 국제기구로 성장했다\"고 평했다. "
        "세종시는 제5회 총회 개최지 유치를 위해 신청한 상태다. "
        "집행위원도시로는 청두·울란바타르·헤브론·나이로비·피츠버그 등이 신청했다.")
ZURICH = ("박원순 시장은 \"이번 협정 체결을 통해 블록체인 강국 취리히와 교류협력의 물꼬를 트는 계기를 마련하게 됐다\"고 말했다. "
          "취리히시는 '14년 뉴욕을 시작으로 '16년 런던, '18년 샌프란시스코에서 교류행사를 개최한 바 있다.")


def test_a_which_city_question_takes_a_claim_that_names_a_place():
    def judged(question: str, text: str, document: str = WEGO):
        profile = profile_question(question)
        return names_a_city(ClaimContext(profile, text, tuple(facts_of(text, profile)), POLICY, documents=(document,)))

    copied = ("WeGO 총회는 2010년 창립 당시 50여개 회원도시에서 출발해 7년만에 120여개 도시와 기관이 회원으로 참여하고 "
              "유엔·세계은행 등과 파트너십을 맺고 있는 전자정부 분야 대표 국제기구로 성장했다")
    verdict = judged("WeGO 총회 개최 도시 및 기간", copied)
    assert not verdict.passed and "names no place" in verdict.reason
    assert judged("WeGO 총회 개최 도시 및 기간", "세종시 [1]").passed
    assert judged("어느 도시가 집행위원도시를 신청했어?", "청두, 울란바타르 [1]").passed  # cities GeoNames knows
    assert judged("Which city has applied to host WeGO's fifth general assembly?", "Sejong (세종시) [1]").passed
    assert judged("Which city has applied to host WeGO's fifth general assembly?", "Sejong [1]") is None  # Latin: judged where found
    assert judged("WeGO 총회는 무엇을 논의했어?", copied) is None  # asks no city
    # a proper noun listed among cities names one; one listed with a bank does not
    assert judged("어느 도시가 신청했어?", "피츠버그 [1]", "모스크바·마드리드·피츠버그·하노이 등 110개 도시").passed
    assert not judged("어느 도시가 신청했어?", "유엔 [1]", "유엔·세계은행 등과 파트너십을 맺고 있다").passed


def test_a_name_given_for_a_city_is_found_where_the_text_names_a_place():
    profile = profile_question("Which cities hosted Zurich's city-exchange events in the years before the Seoul one?")

    def placed(answer: str, found: str):
        start = ZURICH.index(found)
        fact = facts_of(answer, profile)[0]
        return found_where_the_text_names_a_place(PlacementContext(profile, fact, ZURICH, start, start + len(found), ZURICH, POLICY))

    verdict = placed("Mauruque (물꼬)", "물꼬")
    assert not verdict.passed and "물꼬" in verdict.reason
    assert placed("San Francisco (샌프란시스코)", "샌프란시스코").passed
    assert placed("London (런던)", "런던").passed
    assert placed("2016", "16") is None  # a number is no name


def test_the_questions_own_year_states_no_date_it_asks_for():
    question = "서초구가 참가했던 2023 스마트시티 엑스포는 어디서 언제 열렸어요?"
    copied = "서초구는 2023 스마트시티 엑스포 월드 콩그레스에 참가해 구의 우수 스마트 도시 정책을 전 세계에 알렸다."
    verdict = fits_question_kind(claim(question, copied))
    assert not verdict.passed and "a date" in verdict.reason
    assert fits_question_kind(claim(question, "2023년 11월 7일부터 9일까지 스페인 바르셀로나에서 열렸다")).passed


def test_a_keyword_query_asks_by_its_last_nouns():
    keywords = profile_question("WeGO 총회 개최 도시 및 기간")
    assert keywords.asks_when and keywords.asks_where and keywords.asks_which_city
    assert profile_question("협약 체결일 알려줘").asks_when
    assert not profile_question("행사 기간에 뭘 했어?").asks_when  # 기간에: when something was done, not asked


def test_the_secretary_general_and_a_shared_career_are_read_as_asked():
    assert profile_question("Who's the secretary general of WeGO?").titles == {"사무총장"}
    assert profile_question("박원순 시장과 취리히주 주지사는 어떤 공통된 경력을 가지고 있습니까?").asks_in_common
    assert not profile_question("서초코인과 트러스트 스퀘어가 공통으로 기반을 둔 기술은?").asks_in_common  # things, not people


def test_a_follow_up_asking_for_the_role_there_asks_for_its_holder():
    """"And who is the governor there?" after the host city was answered: the city again, found by
    sound, names no governor."""
    assert profile_question("And who is the governor there?").titles == {"주지사"}
    assert profile_question("Who is the mayor?").titles == {"시장"}
    assert profile_question("who is heiniger?").titles == frozenset()
    dateline = "박원순 서울시장은 28~29일 양일간 러시아 울랴놉스크에서 열리는 WeGO 총회를 주재한다."
    question = "And who is the governor there?"
    answer = "Ullyanobseukeu (울라노브스케우) [1]"
    profile = profile_question(question)
    verdict = names_someone(ClaimContext(profile, answer, tuple(facts_of(answer, profile)), POLICY, documents=(dateline,)))
    assert not verdict.passed and "no title" in verdict.reason


def test_a_second_question_may_open_with_a_preposition():
    assert profile_question("Is the Bishkek forum happening in person, and on what date?").two_part
    assert profile_question("What did Goyang win at the WeGO awards, and for which service?").two_part
    assert not profile_question("Which city did Seoul sign with in 2019?").two_part


def test_a_preposition_or_the_home_country_starts_no_name():
    question = "Through Seoul's medical interpretation support team, in how many languages can patients get interpreting?"
    assert names_in(question) == ["Seoul"]
    assert names_in("Which Korean city has applied to host the 5th WeGO General Assembly?") == ["WeGO General Assembly"]
    assert names_in("Who is the South Korean ambassador?") == []
    assert names_in("the Tshwane mayor from South Africa") == ["Tshwane", "South Africa"]


def test_a_spoken_contraction_is_its_question_word_not_a_name():
    assert names_in("Where'd they do the tree planting in KL?") == ["KL"]  # Where'd is none; KL is Kuala Lumpur
    assert names_in("How'd Oh get to Rezba station?") == ["Oh", "Rezba"]
    assert names_in("O'Neill met Park") == ["O'Neill", "Park"]  # an apostrophe inside a name stays


def test_a_noun_counts_in_its_other_form():
    """"처음" (first) is written 첫 before a noun: the sentence that says when she was first elected holds it."""
    question = "그분은 몇 년도에 처음 시장으로 뽑혔어요?"
    elected = "코린 마우흐 취리히 시장은 취리히 시의원을 거쳐 2009년 스위스 첫 여성시장으로 당선된 인물이다."
    first_meeting = "박원순 시장과 토마스 하이니거 취리히 주지사의 만남은 이번이 처음이다."
    assert shares_question_nouns(evidence(question, elected, first_meeting, n=1)).passed
    assert not shares_question_nouns(evidence(question, "마우흐 시장은 서울시에 협조를 요청했다.", first_meeting, n=1)).passed
    # the "다음 총회" a user asks about is the text's "차기 총회"
    next_one = "이 자리에서 차기(4기) 의장도시와 부의장도시를 선출하고 2020년 열리는 차기 총회 개최도시를 승인한다."
    this_one = "3년 만에 열리는 이번 WeGO 총회에는 110개 도시 시장 등 총 350여명이 참석한다."
    assert shares_question_nouns(evidence("WeGO 다음 총회는 몇 년에 열려요?", next_one, this_one, n=1)).passed


def test_only_the_questions_years_are_set_aside():
    assert fits_question_kind(claim("제5차 총회는 언제 열려?", "5월에 열린다 [1]")).passed  # the 5 of 5차 is no year


def test_a_range_is_stated_in_one_sentence():
    trip = "김태균 서울시 행정1부시장은 7월 22일부터 27일까지 쿠알라룸푸르를 방문해 우호도시 협정을 체결했다."
    signing = "김태균 행정1부시장은 23일 쿠알라룸푸르에서 이스마디 빈 사키린 부시장과 우호도시 협정을 체결했다."

    def judged(question: str, text: str):
        return states_the_range_in_one_sentence(replace(claim(question, text), sentences=(trip, signing)))

    verdict = judged("김 부시장 출장 일정이 며칠부터 며칠까지였어요?", "7월 23일부터 27일까지")
    assert not verdict.passed and "23–27" in verdict.reason  # 23 is the signing's day, 27 the trip's end
    assert judged("김 부시장 출장 일정이 며칠부터 며칠까지였어요?", "7월 22일부터 27일까지").passed
    assert judged("When was the deputy mayor's trip?", "From July 22 to 27").passed
    assert not judged("When was the deputy mayor's trip?", "July 23–27").passed
    assert judged("언제 협정을 체결했어?", "7월 23일") is None  # no range: left to the other checks


def test_a_noun_ending_in_ui_is_no_possessor():
    assert profile_question("조례 누가 대표발의했고, 본회의 통과는 언제였어?").possessors == ()  # 본회의, not 본회's
    assert profile_question("서울시의 인구는 얼마야?").possessors == ("서울시",)


def test_a_count_is_not_found_in_a_date():
    passed = "김혜영 의원은 지난해 10월 대표발의한 조례안이 12월 23일 본회의에서 통과됐다고 밝혔다. 의원 10명이 찬성했다."

    def placed(question: str, found: str, nth: int = 0) -> PlacementContext:
        profile = profile_question(question)
        start = [i for i in range(len(passed)) if passed.startswith(found, i)][nth]
        return PlacementContext(profile, facts_of(found, profile)[0], passed, start, start + len(found), passed, POLICY)

    verdict = counts_where_the_text_counts(placed("How many council members voted for the ordinance?", "10"))
    assert not verdict.passed and "month" in verdict.reason
    assert counts_where_the_text_counts(placed("How many council members voted for the ordinance?", "10", 1)) is None  # 10명
    assert counts_where_the_text_counts(placed("조례안은 언제 발의됐어?", "10")) is None  # no how-many
    # a number written onto the word before it is part of a name: the constituency 광진4
    seat = "김혜영 의원(국민의힘·광진4)은 조례안이 통과됐다고 밝혔다."
    start = seat.index("4")
    profile = profile_question("How many council members voted for the ordinance?")
    verdict = counts_where_the_text_counts(PlacementContext(profile, facts_of("4", profile)[0], seat, start, start + 1, seat, POLICY))
    assert not verdict.passed and "name" in verdict.reason


def test_an_official_may_hold_any_title():
    trip = "김태균 서울시 행정1부시장은 7월 22일부터 27일까지 쿠알라룸푸르를 방문했다."
    profile = profile_question("Which Seoul official led the trip to Kuala Lumpur?")
    assert profile.titles == {"관계자"} and not profile.specific_titles
    fact = facts_of("Kim Tae-gyun (김태균)", profile)[0]
    assert holds_the_asked_title(PlacementContext(profile, fact, trip, 0, 3, trip, POLICY)) is None  # a 부시장 is an official
    mayor = profile_question("Which Seoul mayor led the trip to Kuala Lumpur?")
    assert not holds_the_asked_title(PlacementContext(mayor, facts_of("Kim Tae-gyun (김태균)", mayor)[0], trip, 0, 3, trip, POLICY)).passed


def test_a_follow_up_about_a_person_named_by_title_is_answered_from_that_persons_sentence():
    """"그 주지사랑은 무슨 협약 맺었어?" after the answer named the Ulyanovsk governor asks about him:
    the Zurich governor's agreement is another governor's."""
    from dataclasses import replace
    profile = replace(profile_question("그 주지사랑은 무슨 협약 맺었어?"),
                      referred_words=frozenset({"세르게이", "모로조프", "울랴놉스크", "주지사"}))
    zurich = "박원순 시장은 취리히에서 토마스 하이니거(Thomas Heiniger) 취리히 주지사와 만나 '서울시-취리히주 간 우호도시협약'을 체결했다."
    ulyanovsk = "세르게이 모로조프(Sergey Ivanovich Morozov) 러시아 울랴놉스크 주지사와 우호협력 의향서를 체결한다."

    def judged(sentence, answer="우호도시협약"):
        fact = [f for f in facts_of(answer, profile)][0]
        start = sentence.index(fact.text[:3]) if fact.text[:3] in sentence else 0
        return about_the_one_referred_to(PlacementContext(profile, fact, sentence, start, start + len(fact.text), sentence))
    assert not judged(zurich).passed and "토마스 하이니거" in judged(zurich).reason
    assert judged(ulyanovsk, "우호협력 의향서").passed
    assert judged("그는 이날 의향서를 체결했다.", "의향서") is None  # names no governor: not judged
    assert about_the_one_referred_to(PlacementContext(profile_question("그 주지사랑은 무슨 협약 맺었어?"),
                                                      facts_of("우호도시협약", profile)[0], zurich, 0, 3)) is None


def test_companies_are_named_where_the_text_speaks_of_companies():
    """"Name the local tech companies": the programmes a paragraph lists are no companies; the names
    after "참여 기업은" are. A question for an institution is not judged here."""
    document = ("전국 최초의 ‘서초SMART유스센터’를 비롯해 ‘서초AI칼리지’ 등도 소개했다.\n"
                "이번 행사는 지역 내 스마트 기술을 보유한 기업 3곳도 참여했다. 참여 기업은 트리플렛 피아스페이스 씨티아이랩이다.")
    programmes, companies = document.split("\n")
    profile = profile_question("Name the local tech companies that went to the Barcelona expo with Seocho.")
    assert profile.asks_for_a_body and profile.asks_for_companies
    also = profile_question("트리플렛, 피아스페이스 말고 서초구랑 같이 박람회에 나간 지역 기업은 또 어디야?")
    assert also.asks_for_a_body and also.asks_for_companies  # "기업은 또 어디야" asks it too
    # a count or a plural between the body and 어디 asks for bodies all the same, not a place
    for counted in ("서초구랑 같이 바르셀로나 간 기업 세 곳 어디야?", "서초구랑 같이 박람회 나간 지역 기업들 어디야?",
                    "이번 박람회에 서초구와 함께 참가한 관내 기업 세 곳은 어디입니까?"):
        assert profile_question(counted).asks_for_companies, counted
    assert not profile_question("WeGO 총회 열린 도시 어디야?").asks_for_a_body
    one_of = profile_question("Name one of the local tech firms that came along with Seocho to the expo.")
    assert one_of.asks_for_a_body and one_of.asks_for_companies

    def placed(found: str, sentence: str, question=profile) -> PlacementContext:
        start = sentence.index(found)
        return PlacementContext(question, Fact("word", found), sentence, start, start + len(found), document, POLICY)

    verdict = found_where_the_text_speaks_of_companies(placed("서초AI칼리지", programmes))
    assert not verdict.passed and "no company" in verdict.reason
    assert found_where_the_text_speaks_of_companies(placed("트리플렛", "참여 기업은 트리플렛 피아스페이스 씨티아이랩이다.")).passed
    institution = profile_question("Which institution runs the programme?")
    assert not institution.asks_for_companies
    assert found_where_the_text_speaks_of_companies(placed("서초AI칼리지", programmes, institution)) is None


def test_a_follow_up_about_him_is_answered_where_the_text_names_him():
    """"How long has he been in that post?" after Morozov: "3년 만에 열리는 이번 총회" is the assembly's
    first in three years, in a paragraph that never names him; a paragraph naming him answers, his
    "그는" in the sentence after the name included."""
    document = ("3년 만에 열리는 이번 총회에는 110개 도시 시장이 참석한다.\n"
                "박 시장은 세르게이 모로조프 러시아 울랴놉스크 주지사를 만난다. 그는 2005년부터 주지사를 맡고 있다.")
    assembly, governor = document.split("\n")
    profile = replace(profile_question("According to the article, how long has he been in that post?"),
                      referred_words=frozenset({"세르게이", "모로조프"}))
    assert profile.refers_to_someone

    def placed(found: str, sentence: str, question=profile) -> PlacementContext:
        start = sentence.index(found)
        return PlacementContext(question, Fact("number", found, frozenset({float(found)})), sentence, start,
                                start + len(found), document, POLICY)

    verdict = about_the_person_referred_to(placed("3", assembly))
    assert not verdict.passed and "모로조프" in verdict.reason
    assert about_the_person_referred_to(placed("2005", "그는 2005년부터 주지사를 맡고 있다.")).passed
    # news calls a three-syllable name by its family name and title after the first time: 전성수 is "전 구청장"
    speech = "끝으로 전 구청장은 영어로 기조연설을 마무리했다."
    keynote = replace(profile_question("그 사람 기조연설은 무슨 언어로 했어?"), referred_words=frozenset({"전성수", "서초구청장"}))
    start = speech.index("영어")
    found = PlacementContext(keynote, Fact("word", "영어"), speech, start, start + 2, "구는 홍보관을 운영했다.\n" + speech, POLICY)
    assert about_the_person_referred_to(found).passed
    other = replace(keynote, referred_words=frozenset({"김태균"}))
    assert not about_the_person_referred_to(replace(found, profile=other)).passed
    # the answer's title is no name: Chongqing's mayor took office in 2022, not "그분", Kuala Lumpur's mayor
    took_office = "후헝화 시장은 부시장과 시장 대행을 거쳐 2022년 취임했다."
    mayor = replace(profile_question("그분은 언제 시장으로 취임했나요?"),
                    referred_words=frozenset({"마이무나", "모드", "샤리프", "쿠알라룸푸르", "시장"}))
    verdict = about_the_person_referred_to(placed("2022", took_office, mayor))
    assert not verdict.passed and "시장" not in verdict.reason
    only_a_title = replace(mayor, referred_words=frozenset({"행정1부시장"}))
    assert about_the_person_referred_to(placed("2022", took_office, only_a_title)) is None
    # no pronoun, or nothing said before: not judged
    city = replace(profile_question("그 도시 인구는 얼마나 돼?"), referred_words=frozenset({"모로조프"}))
    assert about_the_person_referred_to(placed("3", assembly, city)) is None
    assert about_the_person_referred_to(placed("3", assembly, profile_question("How long has he been in that post?"))) is None


def test_a_part_of_what_was_just_counted_is_answered_where_the_text_gives_that_count():
    """"그 중에 회원도시는 몇 개야?" after "110개 도시": the sentence holding 110 gives its parts;
    WeGO's whole membership ("120여개 도시와 기관이 회원으로") is another count."""
    profile = profile_question("그 중에 회원도시는 몇 개야?")
    assert profile.asks_among_the_earlier and profile_question("How many of those were members?").asks_among_the_earlier
    assert not profile_question("그 중심지는 어디야?").asks_among_the_earlier
    asked = replace(profile, earlier_amounts=frozenset({110.0}))
    parts = "이번 총회에는 110개 도시(42개 회원도시와 68개 비회원도시) 시장이 참석한다."
    members = "WeGO는 7년만에 120여개 도시와 기관이 회원으로 참여하는 국제기구로 성장했다."

    def placed(value: str, sentence: str, question=asked) -> PlacementContext:
        start = sentence.index(value)
        return PlacementContext(question, Fact("number", value, frozenset({float(value)})), sentence, start,
                                start + len(value), sentence, POLICY)

    assert within_the_earlier_count(placed("42", parts)).passed
    verdict = within_the_earlier_count(placed("120", members))
    assert not verdict.passed and "110" in verdict.reason
    assert within_the_earlier_count(placed("120", members, profile)) is None  # nothing counted before


def test_the_person_a_follow_up_refers_to_is_no_answer_to_it():
    """"What's his position at Seoul city hall?" after "Kim Tae-gyun (김태균)": his name again answers nothing."""
    profile = replace(profile_question("What's his position at Seoul city hall?"), referred_words=frozenset({"김태균"}))
    echo = ClaimContext(profile, "Kim Tae-gyun (김태균)", tuple(facts_of("Kim Tae-gyun (김태균)", profile)), POLICY)
    verdict = names_more_than_the_one_referred_to(echo)
    assert not verdict.passed and "Kim Tae-gyun" in verdict.reason
    # his name in Latin letters only, with a wrong post the facts do not check
    latin = "Kim Tae-gyun is the mayor of Seoul City Hall."
    verdict = names_more_than_the_one_referred_to(ClaimContext(profile, latin, tuple(facts_of(latin, profile)), POLICY))
    assert not verdict.passed and "Kim Tae-gyun" in verdict.reason
    post = "He is a Vice Mayor of Seoul (서울시 부시장)."
    assert names_more_than_the_one_referred_to(ClaimContext(profile, post, tuple(facts_of(post, profile)), POLICY)).passed
    # the title the answer before gave may be the very answer ("김태균 서울시 부시장")
    titled = replace(profile, referred_words=frozenset({"김태균", "서울시", "부시장"}))
    korean = "He is a Vice Mayor of Seoul (서울시 부시장)."
    assert names_more_than_the_one_referred_to(ClaimContext(titled, korean, tuple(facts_of(korean, titled)), POLICY)).passed
    # no pronoun: not judged
    plain = replace(profile_question("Who signed the agreement?"), referred_words=frozenset({"김태균"}))
    assert names_more_than_the_one_referred_to(ClaimContext(plain, "Kim Tae-gyun (김태균)",
                                                            tuple(facts_of("Kim Tae-gyun (김태균)", plain)), POLICY)) is None


def test_a_sentence_that_dates_itself_is_not_set_in_the_year_of_the_one_before():
    """"'17년 홍콩 … 개최한 바 있다" then "이날 오후 17시엔 … 트러스트 스퀘어를 방문했다": the visit is of
    its own day, not of 2017; a sentence that names no time of its own ("넓이는 …") still is."""
    events = "취리히시는 '14년 뉴욕을 시작으로 '16년 런던, '17년 홍콩에서 교류행사를 개최한 바 있다."
    visit = "박원순 시장은 이날 오후 17시엔 취리히시 소재 블록체인센터인 ‘트러스트 스퀘어’를 방문했다."
    question = "Where did Zurich hold its city exchange event in 2017?"
    windows = {1: events, 2: f"{events} {visit}"}
    ctx = EvidenceContext(profile_question(question), 2, windows, POLICY, {1: events, 2: visit})
    verdict = holds_the_asked_year(ctx)
    assert not verdict.passed and "2017" in verdict.reason
    assert holds_the_asked_year(replace(ctx, n=1)).passed
    undated = "행사에는 3천 명이 참석했다."
    ctx = EvidenceContext(profile_question(question), 2, {1: events, 2: f"{events} {undated}"}, POLICY,
                          {1: events, 2: undated})
    assert holds_the_asked_year(ctx).passed


def test_a_speech_is_dated_by_the_day_of_the_speech_not_of_the_expo_around_it():
    expo = "서초구는 지난 7일부터 9일까지 스페인 바르셀로나에서 열린 스마트시티 엑스포에 참가했다."
    speech = "특히 지난 8일에는 전 구청장이 포럼에서 영어로 기조연설을 했다."
    for question in ("On which day did Seocho mayor Jeon Seong-su give his keynote speech?", "전 구청장이 기조연설을 한 날은 며칠이야?"):
        assert not dated_by_the_asked_action(placed_at(question, "7일", expo, "7")).passed
        assert dated_by_the_asked_action(placed_at(question, "8일", speech, "8")).passed


def test_a_how_long_question_is_answered_by_a_length_of_time():
    """"How long was that speech?" is not answered by "the 7th (7일)", a day of the month."""
    assert not fits_question_kind(claim("How long was that speech?", "the 7th (7일)")).passed
    for answer in ("about 20 minutes", "3 years", "since 2005 (2005년부터)", "July 22 to 27 (7월 22일부터 27일까지)"):
        assert fits_question_kind(claim("How long was the trip?", answer)).passed, answer
    assert fits_question_kind(claim("회의는 얼마나 오래 걸렸어?", "3시간")).passed


def test_city_before_another_noun_asks_for_no_city():
    """"Which Seoul city council member proposed …" asks for a person: 김혜영 had been dropped as
    naming no place."""
    assert not profile_question("Which Seoul city council member proposed the ordinance?").asks_which_city
    assert not profile_question("Which Seoul city council member proposed the ordinance?").asks_where
    assert not profile_question("Which city official met Oh?").asks_which_city
    assert profile_question("Which Seoul city did he visit?").asks_which_city
    assert profile_question("Which cities took part?").asks_which_city


def test_a_where_question_is_answered_by_the_place_of_the_asked_action():
    """"Which Russian city hosted the WeGO general assembly?": 울랴놉스크 where it is held, not 모스크바,
    a guest city of "총회에는 … 참석한다"."""
    question = "Which Russian city hosted the WeGO general assembly that Park Won-soon chaired?"
    assert profile_question(question).asks_where and profile_question(question).asks_which_city
    held = "박원순 서울시장은 28~29일 러시아 울랴놉스크에서 열리는 WeGO 총회를 주재한다."
    guests = "3년 만에 열리는 이번 총회에는 모스크바·마드리드 등 110개 도시 시장이 참석한다."
    assert placed_by_the_asked_action(placed_at(question, "Ulyanovsk (울랴놉스크)", held, "울랴놉스크")).passed
    verdict = placed_by_the_asked_action(placed_at(question, "Moscow (모스크바)", guests, "모스크바"))
    assert not verdict.passed and "열리" in verdict.reason
    # attending is an action of its own: a guest city is no city Park visited
    visited = placed_by_the_asked_action(placed_at("Which city did Park visit?", "Moscow (모스크바)", guests, "모스크바"))
    assert not visited.passed and "방문" in visited.reason
    # an action the check cannot name is not judged
    assert placed_by_the_asked_action(placed_at("Which city did Park praise?", "Moscow (모스크바)", guests, "모스크바")) is None


def test_a_count_written_with_the_questions_own_counter_is_a_count():
    """"몇 등급이에요?" is answered by "‘4등급’": a number with a word after it the check does not know
    is no name; only a number written onto the word before it is ("광진4")."""
    grade = "영국표준협회로부터 최고등급인 ‘4등급’으로 스마트도시 국제표준 인증을 획득했다."
    start = grade.index("4")
    profile = profile_question("서초구가 받은 스마트도시 국제표준 인증은 몇 등급이에요?")
    fact = Fact("number", "4", frozenset({4.0}))
    assert counts_where_the_text_counts(PlacementContext(profile, fact, grade, start, start + 1, grade, POLICY)) is None


def test_a_subject_a_clause_describes_is_named_by_its_own_nouns():
    assert described_subject("박원순 시장이 들른 트러스트 스퀘어는 언제 세워진 곳이에요?") == ("트러스트", "스퀘어")
    # a clause with no subject of its own, and a possessive Kiwi reads into the name ("에어블랙의")
    assert described_subject("아프리카 진출 창업 플랫폼을 만든 에어블랙의 대표는 누구야?") == ("에어블랙", "대표")
    assert described_subject("협약을 맺은 도시의 인구는 얼마야?") == ()  # names nothing in particular
    assert described_subject("타슈켄트 인구는 몇 명이야?") == ()  # no clause describes it


def test_a_sentence_naming_the_described_subject_shares_the_question_nouns():
    question = "아프리카 진출 창업 플랫폼을 만든 에어블랙의 대표는 누구야?"
    platform = "에어블랙은 민간이 아프리카 시장에 진출할 수 있도록 도와주는 창업플랫폼을 개설한 업체다."
    head = "이외에도 '에어블랙'의 문헌규 대표가 직접 참여해 잠재 수출시장인 아프리카와의 협력체계 구축에 나선다."
    other = "스타트업 이큐브랩의 권순범 대표는 스마트 쓰레기통을 선보인다."
    shown = {1: platform, 2: head, 3: other}

    def judged(n):
        return shares_question_nouns(EvidenceContext(profile_question(question), n, shown, POLICY, shown))
    assert judged(2).passed  # names 에어블랙 and its 대표, though few of the clause's nouns
    assert not judged(3).passed


def test_a_question_for_a_university_or_a_ministry_is_answered_by_one():
    def judged(question, answer):
        profile = profile_question(question)
        return names_the_asked_kind(ClaimContext(profile, answer, tuple(facts_of(answer, profile)), POLICY))
    question = "Which university helps run the Seoul Bio Hub?"
    assert not judged(question, "한국과학기술연구원 [1]").passed  # an institute
    assert judged(question, "Korea University (고려대) [1]").passed
    assert judged("서울바이오허브는 어느 대학이 운영해?", "고려대가 운영합니다 [1]").passed
    assert judged("Which ministry does the Uzbek minister head?", "Ministry of Higher Education (고등교육부) [1]").passed
    assert not judged("우즈베키스탄 장관은 어느 부처 소속이야?", "샤리포프 장관 [1]").passed
    assert judged("우즈베키스탄 장관은 어느 부처 소속이야?", "고등교육부 [1]").passed
    assert judged("Who runs the Seoul Bio Hub?", "한국과학기술연구원 [1]") is None  # no kind asked
    assert judged("Which university is Trust Square's partner?", "ETH Zurich [1]") is None  # Latin only
    # a graduate school is one: "어느 대학원을 졸업했어?" is answered by "스위스 행정대학원"
    assert judged("그 사람은 어느 대학원을 졸업했어?", "스위스 행정대학원 [1]").passed


def test_a_where_question_is_answered_by_a_place():
    talks = "이어 마이무나 모드 샤리프 쿠알라룸푸르 시장과의 면담을 통해 도시교통 개선, 디지털 전환 등 협력 방향을 논의했다."
    garden = "김 부시장은 협약식에 앞서 페르다나 보태니컬 가든에서 기념 식수를 했다."
    pavilion = "구는 박람회 내 ‘전시장’에 별도의 서초구 홍보관도 꾸렸다."
    shown = (talks, garden, pavilion)

    def judged(question, answer):
        profile = profile_question(question)
        return names_a_place(ClaimContext(profile, answer, tuple(facts_of(answer, profile)), POLICY,
                                          documents=(" ".join(shown),), sentences=shown))
    question = "쿠알라룸푸르 협약식 전에 기념 식수는 어디서 했어?"
    verdict = judged(question, "디지털 [1]")
    assert not verdict.passed and "no place" in verdict.reason
    assert judged(question, "페르다나 보태니컬 가든에서 [1]").passed  # the phrase ends in 가든에서
    assert judged("서초구 홍보관은 어디에 꾸렸어?", "전시장 [1]").passed  # "‘전시장’에"
    assert judged(question, "말레이시아 [1]").passed  # a named place
    shops = "서초코인은 공공시설과 약 300개의 탄소제로샵에서 결제시 사용하거나 기부가 가능하다."
    shown = (shops,)
    assert judged("Where can you spend Seocho Coins?", "공공시설과 약 300개의 탄소제로샵에서 결제시 사용하거나 기부가 가능하다. [1]").passed
    # not judged: no where-question, a question for a body, a time asked too
    assert judged("쿠알라룸푸르 시장과 무엇을 논의했어?", "디지털 [1]") is None
    assert judged("박람회 주최 기관은 어디야?", "디지털 [1]") is None
    assert judged("간담회는 어디서, 몇 시에 열렸어?", "디지털 [1]") is None


def test_a_place_before_a_title_is_no_ones_name():
    """"러시아 울랴놉스크 주지사" names the governor's places and his title, not him."""
    article = "세르게이 모로조프(Sergey Ivanovich Morozov) 러시아 울랴놉스크 주지사 등을 만난다."
    profile = profile_question("울랴놉스크 주지사는 누구예요?")

    def judged(text):
        return names_someone(ClaimContext(profile, text, tuple(facts_of(text, profile)), POLICY, documents=(article,)))
    assert not judged("러시아 울랴놉스크 주지사 [1]").passed
    assert judged("세르게이 모로조프 [1]").passed


def test_a_follow_up_about_the_place_pointed_back_at_is_answered_by_a_sentence_about_it():
    question = profile_question("그 도시가 우즈베키스탄 전체 GDP에서 차지하는 비중은 어느 정도예요?")
    tashkent = "중앙아시아 최대 공업도시인 타슈켄트시는 국가 GDP의 약 19%를 창출하는 인구 약 247만명의 도시다."
    shown = {1: tashkent}

    def judged(profile):
        return about_the_asked_subject(EvidenceContext(profile, 1, shown, POLICY, shown))
    assert not judged(question).passed  # alone, the question asks about 우즈베키스탄
    assert judged(replace(question, referred_places=frozenset({"타슈켄트"}))) is None


def test_no_sentence_is_about_a_person_no_answer_named():
    shown = {1: "[우리 구청장은] 전성수 서초구청장, 세계 무대서 서초코인 우수성 전 세계 알려"}
    question = profile_question("그 사람 정확한 직책은 뭐야?")
    unfound = replace(question, refers_to_no_one_found=True)
    verdict = knows_the_one_referred_to(EvidenceContext(unfound, 1, shown, POLICY, shown))
    assert not verdict.passed and "no answer named" in verdict.reason
    assert knows_the_one_referred_to(EvidenceContext(question, 1, shown, POLICY, shown)) is None


def test_a_year_in_a_list_answers_for_the_place_listed_with_it():
    """"'17년 홍콩, '18년 샌프란시스코": Hong Kong's year is '17; and 2016's city is 런던."""
    events = "취리히시는 '14년 뉴욕을 시작으로 '16년 런던, '17년 홍콩, '18년 샌프란시스코에서 교류행사를 개최한 바 있다."

    hong_kong = "In which year did Zurich hold its exchange event in Hong Kong?"
    verdict = listed_with_the_asked(found_in(hong_kong, events, "'18", "2018"))
    assert not verdict.passed and "another place" in verdict.reason
    assert listed_with_the_asked(found_in(hong_kong, events, "'17", "2017")).passed
    assert listed_with_the_asked(found_in("취리히시가 홍콩에서 교류행사 연 게 몇 년이야?", events, "'17", "'17년")).passed
    assert not listed_with_the_asked(found_in("취리히시가 홍콩에서 교류행사 연 게 몇 년이야?", events, "'16", "'16년")).passed
    in_2016 = "취리히시는 2016년에 어느 도시에서 교류행사를 열었어?"
    assert listed_with_the_asked(found_in(in_2016, events, "런던")).passed
    assert not listed_with_the_asked(found_in(in_2016, events, "홍콩")).passed
    # a place before the first year belongs to no item; a question naming none of the listed places is not judged
    assert listed_with_the_asked(found_in("When did Zurich first hold an exchange event abroad?", events, "'14", "2014")) is None
    one_year = "서울시는 2019년 5월 충칭시와 우호도시 협정을 체결했다."
    profile = profile_question("When did Seoul sign with Chongqing?")
    start = one_year.index("2019")
    assert listed_with_the_asked(PlacementContext(profile, facts_of("2019", profile)[0], one_year, start, start + 4)) is None


def test_what_was_chosen_is_not_answered_by_what_the_text_only_proposes():
    candidates = "부의장도시로는 모스크바·멕시코시티·하노이·아디스아바바 등이 거론되고 있다."
    applicant = "세종시는 제5회 총회 개최지 유치를 위해 신청한 상태다."
    chosen = "이 자리에서 모스크바가 부의장도시로 선출됐다."

    verdict = stated_as_settled(found_in("WeGO 부의장도시로 최종 뽑힌 데가 어디야?", candidates, "모스크바"))
    assert not verdict.passed and "거론" in verdict.reason
    assert not stated_as_settled(found_in("Which city was chosen to host the fifth general assembly?", applicant, "세종시")).passed
    assert stated_as_settled(found_in("WeGO 부의장도시로 최종 뽑힌 데가 어디야?", chosen, "모스크바")).passed
    # a question that asks who applied, or is being considered, is not judged
    assert stated_as_settled(found_in("Which city has applied to host the fifth general assembly?", applicant, "세종시")) is None
    assert stated_as_settled(found_in("부의장도시 후보로 거론되는 곳은 어디야?", candidates, "모스크바")) is None


def test_a_company_question_is_answered_by_the_name_the_text_calls_a_company():
    bin_ = "북촌 사물인터넷 실증지역 사업에 참여한 스타트업 이큐브랩은 '스마트 쓰레기통'을 선보인다."

    question = "Which startup is showing off the smart trash bin at the WeGO assembly?"
    verdict = the_company_the_text_names(found_in(question, bin_, "스마트 쓰레기통"))
    assert not verdict.passed and "이큐브랩" in verdict.reason
    assert the_company_the_text_names(found_in(question, bin_, "이큐브랩")).passed
    # "혁신기업 발굴" labels no name: nothing is judged
    assert the_company_the_text_names(found_in("어느 기업이 협력을 약속했어?", "바이오 분야 혁신기업 발굴, 기업 간 교류를 약속했다.", "교류")) is None
    assert the_company_the_text_names(found_in("Who showed off the smart trash bin?", bin_, "이큐브랩")) is None  # no company asked
    # the text's word holds where the claim cites the product elsewhere
    product = "스마트 쓰레기통은 센서가 장착된 쓰레기통을 길가에 설치하고 쓰레기 수준을 실시간으로 파악하는 제품이다."
    article = bin_ + " " + product
    profile = profile_question(question)
    start = product.index("스마트 쓰레기통")
    elsewhere = PlacementContext(profile, facts_of("스마트 쓰레기통", profile)[0], product, start, start + 8, article, POLICY)
    verdict = the_company_the_text_names(elsewhere)
    assert not verdict.passed and "beside" in verdict.reason
    assert the_company_the_text_names(replace(elsewhere, document=product)) is None  # labelled nowhere
    # every name of a run after the company word is labelled
    listed = "서초구는 지역 기업 트리플렛, 피아스페이스, 씨티아이랩과 함께 참가했다."
    for name in ("트리플렛", "피아스페이스", "씨티아이랩"):
        assert the_company_the_text_names(found_in("서초구랑 같이 나간 기업은 어디야?", listed, name)).passed, name


def test_a_question_about_a_places_official_is_not_answered_by_a_sentence_about_its_other_official():
    governor = ("유럽을 순방 중인 박원순 시장은 3일(수) 15시30분<현지시간> 취리히에서 토마스 하이니거(Thomas Heiniger) "
                "취리히 주지사와 청사에서 만나 협약을 체결했다.")
    mayor = "협정 체결에 앞서 박원순 시장은 14시30분<현지시간> 취리히시청에서 코린 마우흐(Corine Mauch) 취리히 시장과도 처음으로 만나 면담했다."
    article = governor + " " + mayor

    def judged(question: str, sentence: str, document: str = article):
        context = EvidenceContext(profile_question(question), 1, {1: sentence}, POLICY, {1: sentence}, {1: document})
        return of_the_asked_official(context)

    for question in ("박원순이 취리히 시장이랑 만난 게 현지시간으로 몇 시였어?", "What time did Park Won-soon meet the Zurich mayor?",
                     "When did Park meet the mayor of Zurich?"):
        verdict = judged(question, governor)
        assert not verdict.passed and "주지사" in verdict.reason, question
        assert judged(question, mayor) is None  # the asked official's sentence is not judged
    # a title the document never gives the place is a question's mistake, left to the other checks
    assert judged("박원순이 취리히 시장이랑 만난 게 몇 시였어?", governor, governor) is None
    assert judged("박원순 시장은 몇 시에 주지사를 만났어?", governor) is None  # 박원순 is no place given another title


def test_a_question_names_officials_by_place_and_role():
    assert named_officials("박원순이 취리히 시장이랑 만난 게 몇 시였어?", "ko") == (("취리히", frozenset({"시장"})),)
    assert named_officials("충칭시장은 누구야?", "ko") == (("충칭", frozenset({"시장"})),)
    assert named_officials("When did Park meet Zurich's governor?", "en") == (("Zurich", frozenset({"주지사"})),)
    assert named_officials("When did the mayor meet them?", "en") == ()
    assert named_officials("What gift did Kim present to the mayor of Kuala Lumpur?", "en") == (("Kuala Lumpur", frozenset({"시장"})),)
    assert title_of("시장과도") == "시장" and title_of("시청에서") == ""


def test_a_body_question_is_not_answered_by_the_venue():
    signed = "두 기관은 이날 충칭다디생명과학단지에서 열린 협약식에서 바이오 분야 혁신기업 발굴을 약속했다."
    runs = "서울바이오허브는 고려대에서 운영하는 시설이다."

    verdict = a_party_not_the_venue(found_in("서울바이오허브랑 MOU 맺은 중국 쪽 기관 이름이 뭐야?", signed, "충칭다디생명과학단지"))
    assert not verdict.passed and "where the event was held" in verdict.reason
    assert a_party_not_the_venue(found_in("Which university runs the Seoul Bio Hub?", runs, "고려대")) is None
    assert a_party_not_the_venue(found_in("협약식은 어디서 열렸어?", signed, "충칭다디생명과학단지")) is None  # the venue is asked


def test_a_question_for_a_kind_of_thing_is_answered_where_the_text_speaks_of_it():
    visit = ("김태균 서울시 행정1부시장은 쿠알라룸푸르를 방문해 우호도시 협정을 체결하고 타슈켄트와의 친선협정 15주년을 "
             "기념하는 '서울의 날' 행사를 통해 협력을 확대했다.")
    gift = "김 부시장은 쿠알라룸푸르 시장에게 자개 기념품을 전달했다."
    question = "According to the article, what gift did Kim Tae-gyun present to the mayor of Kuala Lumpur?"
    verdict = speaks_of_the_asked_thing(evidence(question, visit))
    assert not verdict.passed and "gift" in verdict.reason
    assert speaks_of_the_asked_thing(evidence(question, gift)).passed
    assert speaks_of_the_asked_thing(evidence("김태균 부시장이 선물한 게 뭐야?", gift)).passed
    assert speaks_of_the_asked_thing(evidence("What did Kim Tae-gyun sign in Kuala Lumpur?", visit)) is None


def test_a_citys_initials_are_a_name_and_a_party_is_named_by_what_it_did():
    assert names_in("OK, and who was the signatory from KL?") == ["KL"]  # the exonym table knows KL
    assert names_in("What did the MOU say?") == []  # a short acronym is still no name
    assert profile_question("OK, and who was the signatory from KL?").sides == ("KL",)
    assert profile_question("Who signed for Kuala Lumpur?").sides == ("Kuala Lumpur",)


def test_a_bare_list_of_names_answers_a_question_for_several_companies():
    """Kiwi reads none of 트리플렛, 피아스페이스, 씨티아이랩 as a proper noun; a row of words with no
    particle or verb between them is still a list of names when several companies are asked for."""
    for question in ("서초구랑 같이 바르셀로나 간 기업 세 곳 어디야?", "서초구랑 같이 박람회 나간 지역 기업들 어디야?"):
        assert names_the_asked_body(claim(question, "트리플렛 피아스페이스 씨티아이랩 [1]")) is None, question
    statement = "스마트 쓰레기통은 센서가 장착된 쓰레기통을 길가에 설치하는 제품입니다 [1]"
    assert not names_the_asked_body(claim("서초구랑 같이 박람회 나간 지역 기업들 어디야?", statement)).passed


def test_a_short_form_names_the_spelt_out_name_its_document_defines():
    """"WeGO는 2010년 창립 당시 …" names 세계도시전자정부협의체: the article spelt it out once, with
    WeGO in brackets. "서울시(Seoul)" is a gloss, no short form."""
    document = ("박원순 시장은 세계도시전자정부협의체(WeGO) 총회를 주재한다. 최고정보책임자(CIO) 등이 참석한다. "
                "서울시(Seoul)는 의장도시다.")
    assert "세계도시전자정부협의체" in with_spelt_out_names("WeGO는 2010년 창립 당시 50여개 회원도시에서 출발했다.", document)
    assert with_spelt_out_names("서울시는 WeGO 의장도시다.", "서울시(Seoul)는 의장도시다.") == "서울시는 WeGO 의장도시다."
    assert with_spelt_out_names("WeGOV는 다른 단체다.", document) == "WeGOV는 다른 단체다."  # a whole word only
    question = "세계도시전자정부협의체는 언제 만들어졌어요?"
    lead = "박원순 시장은 세계도시전자정부협의체(WeGO) 총회를 주재한다."
    founding = "박 시장은 \"WeGO는 2010년 창립 당시 50여개 회원도시에서 출발했다\"고 평했다."
    shown = {1: lead, 2: founding}
    documents = {1: document + " " + founding, 2: document + " " + founding}

    def judged(n, documents):
        return shares_question_nouns(EvidenceContext(profile_question(question), n, shown, POLICY, shown, documents))
    assert judged(2, documents).passed
    assert not judged(2, {1: founding, 2: founding}).passed  # no document defines WeGO: half the nouns


def test_a_question_about_a_body_when_founded_is_answered_where_the_text_speaks_of_its_founding():
    """"처음 만들어질 때 회원도시는 몇 개" is not answered by the member cities at this year's assembly."""
    assembly = "이번 총회에는 110개 도시(42개 회원도시와 68개 비회원도시) 시장 등 총 350여명이 참석한다."
    founding = "WeGO는 2010년 창립 당시 50여개 회원도시에서 출발했다."
    for question in ("그럼 처음 만들어질 때 회원도시는 몇 개였어요?", "WeGO 창립 당시 회원도시는 몇 개였어?",
                     "How many member cities did WeGO have when it was founded?"):
        verdict = speaks_of_the_asked_thing(evidence(question, assembly))
        assert not verdict.passed and "founding" in verdict.reason, question
        assert speaks_of_the_asked_thing(evidence(question, founding)).passed, question
    assert speaks_of_the_asked_thing(evidence("WeGO 회원도시는 몇 개야?", assembly)) is None
    assert speaks_of_the_asked_thing(evidence("박원순 시장을 처음 만난 게 언제야?", assembly)) is None


def test_a_person_this_document_gives_no_place_is_of_the_place_another_document_gives_him():
    """The Zurich article writes only "박원순 시장"; the WeGO article "박원순 서울시장". He is not the
    mayor of Zurich."""
    zurich = ("협정 체결에 앞서 박원순 시장은 14시30분 취리히시청에서 코린 마우흐(Corine Mauch) 취리히 시장과도 처음으로 만나 면담했다.")
    wego = "유라시아를 순방중인 박원순 서울시장은 28~29일 울랴놉스크에서 열리는 총회에서 서울시의 정책을 홍보한다."
    def judged(answer, found, library, question="Who was the mayor of Zurich before Corine Mauch took office?"):
        profile = profile_question(question)
        start = zurich.index(found)
        document = "취리히시는 취리히주의 가장 큰 도시다. " + zurich
        return on_the_asked_side(PlacementContext(profile, facts_of(answer, profile)[0], zurich, start, start + len(found),
                                                  document, POLICY, library=library))
    verdict = judged("Park Won-soon (박원순)", "박원순", (zurich, wego))
    assert not verdict.passed and "서울" in verdict.reason
    assert judged("Park Won-soon (박원순)", "박원순", (zurich,)) is None  # no document gives him a place
    assert judged("Corine Mauch (코린 마우흐)", "코린 마우흐", (zurich, wego), "Who is the mayor of Zurich?").passed


def test_who_acted_on_behalf_of_a_place_is_asked_of_that_side():
    """"Who signed … with Kim on behalf of Kuala Lumpur?" is not answered by Kim (김태균), Seoul's."""
    question = "Who signed the friendship agreement with Kim on behalf of Kuala Lumpur?"
    assert profile_question(question).sides == ("Kuala Lumpur",)
    verdict = on_the_asked_side(sided(question, "Kim Tae-gyun (김태균)", "김태균"))
    assert not verdict.passed and "서울시" in verdict.reason
    assert on_the_asked_side(sided(question, "Ismadi Bin Sakirin (이스마디 빈 사키린)", "이스마디 빈 사키린")).passed
    assert profile_question("Who did Kim meet on behalf of Seoul?").sides == ()  # Kim acted for Seoul


def test_a_question_for_money_a_time_of_day_or_a_party_is_answered_by_one():
    ordinance = "How much annual funding does the Seoul basic arts ordinance set aside?"
    assert not fits_question_kind(claim(ordinance, "It sets aside 5 years of funding annually. [1]")).passed
    assert fits_question_kind(claim(ordinance, "10억원 [1]")).passed
    when = "쿠알라룸푸르 우호도시 협약식은 몇 시에 열렸어?"
    verdict = fits_question_kind(claim(when, "7월 22일부터 27일까지 [1]"))
    assert not verdict.passed and "time of day" in verdict.reason
    assert fits_question_kind(claim(when, "오후 3시 [1]")).passed
    assert fits_question_kind(claim("What time did Park meet Mauch?", "At 2:30 pm (14시30분) [1]")).passed
    assert "a time of day" not in [k for k, _ in profile_question("회의는 몇 시간 걸렸어?").kinds]

    def kind(question, answer):
        profile = profile_question(question)
        return names_the_asked_kind(ClaimContext(profile, answer, tuple(facts_of(answer, profile)), POLICY))
    party = "하이니거 주지사는 어느 정당 소속인가요?"
    verdict = kind(party, "유럽을 순방 중인 박원순 시장 [1]")
    assert not verdict.passed and "party" in verdict.reason
    assert kind(party, "자유민주당 [1]").passed


def test_a_question_for_a_city_of_one_country_is_not_answered_by_another_countrys():
    """"신청한 한국 도시는 어디야?" is not answered by 모스크바, among the assembly's cities."""
    question = "제5회 WeGO 총회를 유치하겠다고 신청한 한국 도시는 어디야?"
    verdict = a_city_of_the_asked_country(claim(question, "모스크바 [1]"))
    assert not verdict.passed and "모스크바" in verdict.reason
    assert a_city_of_the_asked_country(claim(question, "세종시 [1]")).passed
    assert not a_city_of_the_asked_country(claim("Which Korean city applied to host it?", "Moscow (모스크바) [1]")).passed
    assert a_city_of_the_asked_country(claim(question, "서초코인 [1]")) is None  # no city GeoNames knows
    assert a_city_of_the_asked_country(claim("WeGO 총회를 유치하겠다고 신청한 도시는 어디야?", "모스크바 [1]")) is None


def test_a_time_the_text_calls_then_is_not_what_is_to_come():
    """"2010년 창립 당시 … 출발해 … 성장했다" is past, though its first verb carries no tense."""
    founding = "박 시장은 \"WeGO는 2010년 창립 당시 50여개 회원도시에서 출발해 120여개 도시가 참여하는 기구로 성장했다\"고 평했다."
    next_one = "차기 총회는 2020년 열릴 예정이다."
    question = "In which year is the following WeGO general assembly supposed to take place?"
    verdict = stated_as_to_come(placed_at(question, "2010", founding, "2010"))
    assert not verdict.passed and "to come" in verdict.reason
    assert stated_as_to_come(placed_at(question, "2020", next_one, "2020")).passed


def test_a_count_is_not_found_in_a_press_short_year():
    """"How many blockchain start-ups are housed at Trust Square?" is not answered 18 from "설립('18.4)됐다"."""
    founded = "○ ‘트러스트 스퀘어’는 국제 블록체인의 중심지로, 취리히 중심부에 설립('18.4)됐다."
    verdict = counts_where_the_text_counts(found_in("How many blockchain start-ups are housed at Trust Square?",
                                                    founded, "18", "There are 18 blockchain start-ups."))
    assert not verdict.passed and "short year" in verdict.reason


def test_a_which_question_takes_the_name_not_the_kind_the_text_calls_it():
    """"블록체인센터인 ‘트러스트 스퀘어’" names the center: 블록체인센터 is no answer to which hub he
    visited, even where cited in the subtitle that names no center; asked what Trust Square is, it is."""
    subtitle = "취리히 중심지 소재 ‘블록체인센터’ 방문해 블록체인 창업생태계 활성화 방안 모색"
    visit = "이날 오후 17시엔 취리히시 소재 블록체인센터인 ‘트러스트 스퀘어’를 방문했다."
    document = subtitle + "\n" + visit

    def judged(question, answer, sentence, found):
        profile = profile_question(question)
        start = sentence.index(found)
        facts = tuple(facts_of(answer, profile))
        return the_name_not_its_kind(PlacementContext(profile, facts[0], sentence, start, start + len(found), document,
                                                      POLICY, facts))
    which = "What blockchain hub did the Seoul mayor drop by while he was in Zurich?"
    verdict = judged(which, "the '블록체인센터' in Zurich", subtitle, "블록체인센터")
    assert not verdict.passed and "트러스트 스퀘어" in verdict.reason
    assert not judged(which, "the '블록체인센터' in Zurich", visit, "블록체인센터").passed
    assert judged("What kind of place is Trust Square?", "a center (블록체인센터)", visit, "블록체인센터") is None
    assert judged("트러스트 스퀘어는 어떤 곳이야?", "블록체인센터", visit, "블록체인센터") is None
    assert judged(which, "Trust Square (트러스트 스퀘어)", visit, "트러스트 스퀘어") is None  # the name itself


def test_a_question_about_the_previous_time_needs_a_sentence_of_an_earlier_time():
    """"3년 전에 열렸던 지난 WeGO 총회" is not this year's assembly "울랴놉스크에서 열리는"; "지난 박람회"
    alone may mean the recent one, the article's own, and is not judged."""
    this_time = "박원순 서울시장은 28~29일 양일간 러시아 울랴놉스크에서 열리는 WeGO 총회를 주재한다."
    earlier = "직전 총회는 2014년 성도에서 열렸다."
    for question in ("3년 전에 열렸던 지난 WeGO 총회는 어느 도시에서 했나요?", "Where was the previous WeGO general assembly held?",
                     "바로 전 WeGO 총회는 어느 도시에서 열렸어?", "저번 총회는 어디서 했어?"):
        verdict = of_the_earlier_one(evidence(question, this_time))
        assert not verdict.passed and "previous" in verdict.reason, question
        assert of_the_earlier_one(evidence(question, earlier)).passed, question
    assert of_the_earlier_one(evidence("지난 박람회에서 서초구는 뭘 전시했어?", this_time)) is None
    assert of_the_earlier_one(evidence("부스 바로 앞에서 열린 행사는 뭐야?", this_time)) is None
    assert of_the_earlier_one(evidence("What was the last event of the trip?", this_time)) is None


def test_a_question_about_now_is_not_answered_by_a_post_held_before():
    """"'13년~'14년 주지사 역임 후 … 재임하고 있다": '14 ends a past term, not his term now."""
    sentence = "토마스 하이니거 취리히 주지사는 '13년~'14년 주지사 역임 후 취리히 주지사직을 재임하고 있다."
    verdict = stated_as_now(placed_at("하이니거 주지사 지금 임기는 언제 끝나?", "14년", sentence, "14"))
    assert not verdict.passed and "역임" in verdict.reason
    assert stated_as_now(placed_at("지금 입주해 있는 기업은 몇 개야?", "100개", "현재 100개 기업이 입주해 있다.", "100")).passed


def test_the_country_written_before_the_asked_place_is_no_answer_but_to_where():
    """"Who did Kim Tae-gyun sign the Kuala Lumpur friendship agreement with?" had been answered
    "Kuala Lumpur and Malaysia (말레이시아)": the text writes the country before the city."""
    lead = "서울시가 말레이시아 쿠알라룸푸르, 우즈베키스탄 타슈켄트와 도시 협력에 나선다."
    question = "Who did Kim Tae-gyun sign the Kuala Lumpur friendship agreement with?"
    verdict = the_asked_place_not_where_it_lies(placed_at(question, "Malaysia (말레이시아)", lead, "말레이시아"))
    assert not verdict.passed and "쿠알라룸푸르" in verdict.reason
    korean = the_asked_place_not_where_it_lies(placed_at("쿠알라룸푸르랑 협정 맺은 사람은 누구야?", "말레이시아", lead, "말레이시아"))
    assert korean is not None and not korean.passed
    # a where-question, or one for a country, is answered so; a place the question does not name is not judged
    assert the_asked_place_not_where_it_lies(placed_at("Where is Kuala Lumpur?", "Malaysia (말레이시아)", lead, "말레이시아")) is None
    assert the_asked_place_not_where_it_lies(placed_at("Which country is Kuala Lumpur in?", "Malaysia (말레이시아)", lead,
                                                       "말레이시아")) is None
    assert the_asked_place_not_where_it_lies(placed_at("Who did Kim meet in Tashkent?", "Malaysia (말레이시아)", lead,
                                                       "말레이시아")) is None
    assert the_asked_place_not_where_it_lies(placed_at("쿠알라룸푸르는 어디에 있어?", "말레이시아", lead, "말레이시아")) is None
    # where something was done in the named place is not where the place lies
    planted = placed_at("Where did the Seoul and Kuala Lumpur delegations plant a commemorative tree?",
                        "In the park of the city of Kuala Lumpur, Malaysia (말레이시아)", lead, "말레이시아")
    assert not the_asked_place_not_where_it_lies(planted).passed
    held = placed_at("Where was the Kuala Lumpur signing ceremony held?", "Malaysia (말레이시아)", lead, "말레이시아")
    assert not the_asked_place_not_where_it_lies(held).passed
    assert the_asked_place_not_where_it_lies(placed_at("Where is Kuala Lumpur located?", "Malaysia (말레이시아)", lead,
                                                       "말레이시아")) is None
    # the country of a person's title describes the person named: "러시아 울랴놉스크 주지사"
    governor = "세르게이 모로조프 러시아 울랴놉스크 주지사 등을 만난다."
    ask = "박원순이 울랴놉스크에서 따로 만나는 울랴놉스크 주지사 누구임?"
    profile = profile_question(ask)
    facts = facts_of("세르게이 모로조프 러시아 울랴놉스크 주지사", profile)
    start = governor.index("러시아")
    country = next(f for f in facts if f.text == "러시아")
    described = PlacementContext(profile, country, governor, start, start + 3, claim_facts=tuple(facts))
    assert the_asked_place_not_where_it_lies(described) is None
    alone = PlacementContext(profile, country, governor, start, start + 3, claim_facts=(country,))
    assert not the_asked_place_not_where_it_lies(alone).passed


def test_a_count_of_those_met_answers_only_a_question_about_the_meeting():
    """"How many students are enrolled at ETH Zurich in total?" had been answered "20 (20여 명)"."""
    eth = "박원순 시장은 이어 취리히 연방공과대학에 재학 중인 IT분야 차세대 리더 교민 학생 20여 명과 간담회를 가졌다."
    verdict = counts_those_met(placed_at("How many students are enrolled at ETH Zurich in total?", "20", eth, "20"))
    assert not verdict.passed and "met with" in verdict.reason
    assert not counts_those_met(placed_at("취리히 연방공대 재학생은 모두 몇 명이야?", "20여 명", eth, "20")).passed
    for asked in ("How many students did Park meet at ETH?", "박 시장이 간담회에서 만난 학생은 몇 명이야?",
                  "How many students attended the session?"):
        assert counts_those_met(placed_at(asked, "20", eth, "20")) is None, asked
    # a count not of those met with is not judged
    plain = "취리히 연방공과대학에는 학생 2만여 명이 재학 중이다."
    assert counts_those_met(placed_at("How many students are enrolled at ETH Zurich?", "2", plain, "2")) is None


def test_a_question_where_a_body_sits_is_answered_by_a_sentence_about_its_seat():
    """"WeGO 사무국은 어느 도시에 있나요?" is not answered by the city its assembly met in."""
    dateline = "박원순 서울시장은 28~29일 러시아 울랴놉스크에서 열리는 세계도시전자정부협의체(WeGO) 총회를 주재한다."
    seat = "WeGO 사무국은 서울에 있다."
    verdict = speaks_of_the_asked_thing(evidence("WeGO 사무국은 어느 도시에 있나요?", dateline))
    assert not verdict.passed and "headquarters" in verdict.reason
    assert speaks_of_the_asked_thing(evidence("Where is WeGO headquartered?", seat)).passed
    assert speaks_of_the_asked_thing(evidence("Where was the WeGO assembly held?", dateline)) is None


def test_a_date_the_text_gives_the_passing_of_a_law_is_not_when_it_takes_effect():
    passed = "김혜영 의원은 지난해 10월 대표발의한 조례안이 지난해 12월 23일 열린 본회의에서 최종 통과됐다고 밝혔다."
    verdict = dated_by_the_asked_action(placed_at("서울시 기초예술 활성화 조례는 언제부터 시행되나요?", "12월 23일", passed, "23일"))
    assert not verdict.passed and "시행" in verdict.reason
    assert dated_by_the_asked_action(placed_at("조례안은 언제 본회의를 통과했어?", "12월 23일", passed, "23일")).passed
    assert not dated_by_the_asked_action(placed_at("When does the basic arts ordinance take effect?", "December 23", passed,
                                                   "23일")).passed


def test_a_city_named_among_the_guests_was_not_elected():
    """"Which city was actually elected as WeGO's vice-chair city?": 모스크바 among the assembly's guests
    was elected nothing, and among the names "거론되고 있다" only proposed."""
    question = "Which city was actually elected as WeGO's vice-chair city at the Ulyanovsk assembly?"
    assert profile_question(question).asks_settled
    guests = "이번 총회에는 서울시를 포함해 모스크바·마드리드 등 110개 도시 시장 등 총 350여명이 참석한다."
    verdict = placed_by_the_asked_action(placed_at(question, "Moscow (모스크바)", guests, "모스크바"))
    assert not verdict.passed and "선출" in verdict.reason
    proposed = "부의장도시로는 모스크바·멕시코시티·하노이 등이 거론되고 있다."
    assert not stated_as_settled(placed_at(question, "Moscow (모스크바)", proposed, "모스크바")).passed
