"""The verifier end to end on small visible evidence: every fact kept is a span of the sentence it cites."""

import json

import pytest

from rag.config import VerifyPolicy
from rag.facts import Fact, Place
from rag.question import profile_question
from rag.types import Document, Evidence, Sentence
from rag.verify import AnswerVerifier, _as_written, with_source_spellings

ZURICH_TEXT = (
    "박원순 시장은 토마스 하이니거 취리히 주지사와 우호도시협약을 체결했다. "
    "취리히주는 넓이는 1,729㎢, 인구는 115만 8천 명이다. "
    "취리히시는 2014년 뉴욕, 2016년 런던에서 교류행사를 개최했다."
)
KL_TEXT = (
    "김 부시장은 23일 쿠알라룸푸르에서 이스마디 빈 사키린 쿠알라룸푸르 부시장과 우호도시 협정(MOU)을 체결했다. "
    "말레이시아의 수도인 쿠알라룸푸르는 인구 약 207만명, 11개구로 이뤄진 도시다."
)
PRIZES_TEXT = (
    "박 시장은 WeGO 시상식에서 고양시(스마트 폐기물 수거·관리 서비스, 금상), "
    "세종시(세종 스마트시티-세계도시들의 미래, 은상) 등 18개 우수도시에 직접 시상한다."
)
FORUM_TEXT = "비슈케크시와는 스마트 교통정보 시스템을 주제로 정책공유 포럼을 온라인으로 개최한다."
DOCS = {
    "forum": Document("forum", "forum.txt", FORUM_TEXT, "f", title="Bishkek"),
    "prizes": Document("prizes", "prizes.txt", PRIZES_TEXT, "z", title="WeGO"),
    "zurich": Document("zurich", "zurich.txt", ZURICH_TEXT, "x", title="Zurich", date="2018-10-04"),
    "kl": Document("kl", "kl.txt", KL_TEXT, "y", title="KL"),
}


def evidence_of(*doc_ids: str) -> list[Evidence]:
    shown = []
    for doc_id in doc_ids:
        text, start = DOCS[doc_id].text, 0
        for part in text.split(". "):
            part = part if part.endswith(".") else part + "."
            begin = text.index(part, start)
            sentence = Sentence(len(shown), f"{doc_id}#0", doc_id, begin, begin + len(part), part)
            shown.append(Evidence(len(shown) + 1, sentence, 1.0, DOCS[doc_id].title))
            start = begin + len(part)
    return shown


def verify(question: str, answer: str, cites: list[int], *doc_ids: str):
    evidence = evidence_of(*doc_ids)
    windows = {e.n: e.sentence.text for e in evidence}
    verifier = AnswerVerifier(profile_question(question), evidence, windows, DOCS, (), VerifyPolicy())
    return verifier.finish(json.dumps({"answer": answer, "citations": cites}, ensure_ascii=False))


def assert_spans_hold(answer, *facts: str):
    for c in answer.citations:
        assert c.start <= c.span_start < c.span_end <= c.end
        assert DOCS[c.doc_id].text[c.start : c.end] == c.quote
    spans = " ".join(c.span for c in answer.citations)
    for fact in facts:
        assert fact in spans, (fact, spans)


def test_a_stated_fact_is_kept_with_its_span():
    answer = verify("취리히주의 인구는 몇 명인가요?", "취리히주의 인구는 115만 8천 명입니다.", [2], "zurich")
    assert not answer.abstained and answer.text.endswith("[1]")
    assert_spans_hold(answer, "115만 8천")
    assert answer.citations[0].span == "115만 8천"


def test_another_city_in_the_answer_is_dropped():
    answer = verify("취리히시는 2016년에 어느 도시에서 교류행사를 열었어?", "2016년 서울에서 열었습니다.", [3], "zurich")
    assert answer.abstained
    assert any(v.check == "facts_in_cited_text" and not v.passed and "서울" in v.reason for v in answer.verdicts)


def test_the_right_city_is_kept_and_the_informal_verb_does_not_matter():
    answer = verify("취리히시는 2016년에 어느 도시에서 교류행사를 열었어?", "2016년 런던에서 열었어요.", [3], "zurich")
    assert not answer.abstained
    assert_spans_hold(answer, "런던")


def test_a_paraphrase_that_changes_a_number_is_dropped():
    answer = verify("What is the population of the canton of Zurich?", "About 1.6 million people live there.", [2], "zurich")
    assert answer.abstained


def test_an_invented_person_is_dropped():
    question = "Who did Kim Tae-gyun sign the Kuala Lumpur agreement with?"
    answer = verify(question, "He signed it with Maimunah Mohd Sharif, the mayor.", [1], "kl")
    assert answer.abstained
    right = verify(question, "He signed it with Ismadi bin Sakirin, the deputy mayor.", [1], "kl")
    assert not right.abstained
    assert_spans_hold(right, "이스마디 빈 사키린")


def test_an_echo_of_the_question_is_no_answer():
    question = "Who did Kim Tae-gyun sign the Kuala Lumpur agreement with?"
    echo = "Kim Tae-gyun signed the Kuala Lumpur agreement with Kuala Lumpur (Kuala Lumpur)."
    answer = verify(question, echo, [1], "kl")
    assert answer.abstained
    assert any(v.check == "adds_a_fact" and not v.passed for v in answer.verdicts)


def test_a_wrongly_cited_fact_is_re_cited_to_the_sentence_that_states_it():
    answer = verify("쿠알라룸푸르의 인구는 얼마인가요?", "약 207만명입니다.", [1], "kl")
    assert not answer.abstained
    assert answer.citations[0].quote.startswith("말레이시아의 수도인")
    assert_spans_hold(answer, "207만")


def test_a_fact_found_nowhere_is_not_re_cited_to_a_similar_sentence():
    answer = verify("쿠알라룸푸르의 인구는 얼마인가요?", "약 270만명입니다.", [2], "kl")
    assert answer.abstained and answer.citations == ()


def test_a_list_keeps_its_supported_items_and_drops_an_invented_one():
    answer = verify("취리히시는 어느 도시들에서 교류행사를 열었어?", "뉴욕, 런던, 파리에서 열었습니다.", [3], "zurich")
    assert not answer.abstained
    assert "뉴욕" in answer.text and "런던" in answer.text and "파리" not in answer.text
    assert any("파리" in note for note in answer.notes)


def test_a_claim_asserting_what_nothing_checks_is_not_cut_down_to_its_checked_part():
    question = "Besides counting people, what else does the text say about the canton of Zurich?"
    answer = verify(question, "The canton hosts a big annual blockchain festival for startups, founders and 1,729 investors.",
                    [2], "zurich")
    assert answer.abstained, answer.text
    assert any("no sentence can be checked for" in note for note in answer.notes)


def test_a_claim_giving_the_asked_winner_the_next_winners_grade_is_not_cut_down_to_a_clause():
    question = "WeGO 시상식에서 고양시는 무슨 상 받았어요?"
    answer = verify(question, "고양시는 세종 스마트시티-세계도시들의 미래, 은상 우수도시에 직접 시상했다.", [1], "prizes")
    assert answer.abstained, answer.text
    assert any("the grade of 세종시" in note for note in answer.notes)
    assert "금상" in verify(question, "고양시는 금상을 받았습니다.", [1], "prizes").text


def test_an_english_answer_of_a_loanword_is_checked_by_its_sound():
    answer = verify("In what format is the policy-sharing forum with Bishkek being held?", "online", [1], "forum")
    assert not answer.abstained, answer.notes
    assert_spans_hold(answer, "온라인")
    # a translated word is still no checkable fact
    assert verify("In what format is the policy-sharing forum with Bishkek being held?", "by video", [1], "forum").abstained


def test_a_name_holding_another_role_does_not_answer_who_holds_the_asked_one():
    answer = verify("Who is the president of ETH Zurich?", "Thomas Heiniger (토마스 하이니거)", [1], "zurich")
    assert answer.abstained
    assert any(v.check == "holds_the_asked_title" and not v.passed for v in answer.verdicts)
    kept = verify("취리히 주지사는 누구인가요?", "토마스 하이니거입니다.", [1], "zurich")
    assert not kept.abstained and "하이니거" in kept.citations[0].span


def test_a_person_of_the_other_side_is_not_accepted_from_a_sentence_that_omits_his_side():
    """김태균 is named without a side where he signs; his document calls him 서울시 행정1부시장."""
    docs = dict(DOCS, kl=Document("kl", "kl.txt", "김태균 서울시 행정1부시장은 쿠알라룸푸르를 방문했다. " + KL_TEXT.replace(
        "김 부시장은", "김태균 행정1부시장은"), "y", title="KL"))
    text = docs["kl"].text
    signing = text.split(". ")[1] + "."
    start = text.index(signing)
    evidence = [Evidence(1, Sentence(0, "kl#0", "kl", start, start + len(signing), signing), 1.0, "KL")]
    question = "쿠알라룸푸르 쪽에서 우호도시 협정에 서명한 부시장 이름이 뭐야?"
    verifier = AnswerVerifier(profile_question(question), evidence, {1: signing}, docs, (), VerifyPolicy())
    answer = verifier.finish(json.dumps({"answer": "김태균", "citations": [1]}, ensure_ascii=False))
    assert answer.abstained
    assert any(v.check == "on_the_asked_side" and not v.passed for v in answer.verdicts)
    kept = verifier.finish(json.dumps({"answer": "이스마디 빈 사키린 부시장", "citations": [1]}, ensure_ascii=False))
    assert not kept.abstained and "이스마디" in kept.citations[0].span


def test_a_list_inside_parentheses_is_one_item_of_the_answer():
    """Cut at its inner comma, "(42 members" and "68 non-members)" were judged apart and one was shown alone."""
    wego = "WeGO 총회에는 110개 도시(42개 회원도시와 68개 비회원도시) 시장 등 총 350여명이 참석한다."
    docs = dict(DOCS, wego=Document("wego", "wego.txt", wego, "z", title="WeGO"))
    evidence = [Evidence(1, Sentence(0, "wego#0", "wego", 0, len(wego), wego), 1.0, "WeGO")]
    question = "How many cities were at the WeGO general assembly, and how many of them were non-members?"
    verifier = AnswerVerifier(profile_question(question), evidence, {1: wego}, docs, (), VerifyPolicy())
    answer = verifier.finish(json.dumps({"answer": "110 cities (42 members, 68 non-members)", "citations": [1]}))
    assert not answer.abstained and answer.text.startswith("110 cities (42 members, 68 non-members)")


def test_a_two_fact_answer_may_rest_on_two_sentences():
    question = "쿠알라룸푸르에서 누구와 협정을 맺었고 그 도시의 인구는 얼마야?"
    answer = verify(question, "이스마디 빈 사키린 부시장과 맺었고 인구는 약 207만명입니다.", [1, 2], "kl")
    assert not answer.abstained and len(answer.citations) == 2
    assert_spans_hold(answer, "이스마디", "207만")


def test_the_model_saying_it_does_not_know_is_an_abstention():
    answer = verify("WeGO 사무국은 어디에 있나요?", "제공된 문서에서 답을 찾을 수 없습니다.", [], "zurich")
    assert answer.abstained and answer.text == "제공된 문서에서 답을 찾을 수 없습니다."


@pytest.mark.parametrize("question", ["What is the GDP of Busan?", "부산시의 인구는 몇 명인가요?"])
def test_every_verdict_names_its_check_and_subject(question):
    answer = verify(question, "About 2 million.", [1], "kl")
    assert answer.abstained and answer.verdicts
    assert all(v.check and v.subject for v in answer.verdicts)


def test_a_question_in_another_language_is_never_told_the_documents_lack_the_answer():
    answer = verify("チューリッヒ州の人口は何人ですか？", "About 2 million people.", [2], "zurich")
    assert answer.abstained and answer.language == "en"
    assert "do not contain" not in answer.text and "Korean or English" in answer.text


def test_an_english_name_found_by_sound_is_shown_with_the_sources_spelling():
    answer = verify("In which city did Zurich hold its 2016 exchange event?", "London [3]", [3], "zurich")
    assert answer.text == "London (런던) [1]"
    assert_spans_hold(answer, "런던")
    # a name the answer already gives in Korean is left as it is; so is a name inside a longer word
    assert verify("In which city did Zurich hold its 2016 exchange event?", "London (런던) [3]", [3],
                  "zurich").text == "London (런던) [1]"


def test_a_source_spelling_follows_the_whole_name_and_never_splits_a_word():
    assert with_source_spellings("Rezba Station [1]", [("name", "Rezba", "리즈바역")]) == "Rezba Station (리즈바역) [1]"
    assert with_source_spellings("It met in Ulyanovsk, Russia.", [("name", "Ulyanovsk", "울랴놉스크")]) == \
        "It met in Ulyanovsk (울랴놉스크), Russia."
    assert with_source_spellings("SeoulAI칼리지", [("name", "Seoul", "서울")]) == "SeoulAI칼리지"


def test_a_bare_amount_is_shown_with_what_the_text_counts():
    english = verify("How many people live in the canton of Zurich?", "1,158,000 [2]", [2], "zurich")
    assert english.text == "1,158,000 (115만 8천 명) [1]"
    assert verify("취리히주 인구는 몇 명이야?", "115만 8천", [2], "zurich").text == "115만 8천 명 [1]"
    # an amount that is not bare, or a question that asks no count, is shown as the model wrote it
    assert verify("How many people live in the canton of Zurich?", "About 1,158,000 people [2]", [2],
                  "zurich").text.startswith("About 1,158,000 people")
    assert "(" not in verify("In what year did Zurich hold its event in London?", "2016 [3]", [3], "zurich").text


def test_an_amount_is_shown_with_its_counter_whatever_the_question_counts():
    # "districts" is no counter the question profile knows; the sentence's 11개구 still says of what
    assert with_source_spellings("11", [("number", "11", "11개구")], "en", asks_how_many=True) == "11 (11개구)"
    assert with_source_spellings("11", [("number", "11", "11개구")], "en", asks_how_many=False) == "11"
    assert profile_question("How many districts is Kuala Lumpur made up of?").asks_how_many
    assert not profile_question("제 몇 회 정례회에서 통과됐어?").asks_how_many  # a session's number


def test_a_bare_counter_is_shown_with_the_noun_glued_to_it():
    districts = "쿠알라룸푸르는 인구 약 207만명, 11개구로 이뤄진 도시로"
    shops = "적립된 코인은 공공시설과 약 300개의 탄소제로샵에서 결제시 사용하거나 기부가 가능하다."
    at = lambda text, number: Place(text.index(number), text.index(number) + len(number))
    assert _as_written(Fact("number", "11", frozenset({11.0})), districts, at(districts, "11")) == "11개구"
    assert _as_written(Fact("number", "300", frozenset({300.0})), shops, at(shops, "300")) == "300개"


def test_an_english_amount_misread_from_a_korean_unit_is_mended_and_kept():
    answer = verify("What is Kuala Lumpur's population, roughly?", "About 207,000 people (2.07 million) [2]", [2], "kl")
    assert answer.text.startswith("About 2.07 million people") and "207,000" not in answer.text
    assert_spans_hold(answer, "207만")
    # a Korean answer is not rewritten: 207,000 is no figure of the text, so it is dropped
    assert verify("쿠알라룸푸르 인구는 몇 명이야?", "207,000명 [2]", [2], "kl").abstained


def test_a_year_added_to_the_texts_date_is_cut_and_the_date_kept():
    docs_text = "서울시의회는 조례안을 의결했다. 조례안은 지난해 12월 23일 본회의에서 통과됐다."
    doc = Document("council", "council.txt", docs_text, "z", title="Council")
    sentence = "조례안은 지난해 12월 23일 본회의에서 통과됐다."
    begin = docs_text.index(sentence)
    evidence = [Evidence(1, Sentence(0, "council#0", "council", begin, begin + len(sentence), sentence), 1.0, "Council")]
    verifier = AnswerVerifier(profile_question("그 조례안은 본회의에서 언제 통과됐어?"), evidence, {1: sentence},
                              {"council": doc}, (), VerifyPolicy())
    answer = verifier.finish(json.dumps({"answer": "2023년 12월 23일", "citations": [1]}, ensure_ascii=False))
    assert not answer.abstained and answer.text.startswith("지난해 12월 23일")
    assert answer.citations[0].span_start >= answer.citations[0].start


def test_a_part_pointing_back_at_a_dropped_part_is_dropped_with_it():
    """The signer's name is not in the text, so "he" is no one it names; a part standing alone is kept."""
    question = "Who signed the MOU in Kuala Lumpur, and how many people live in the city?"
    leaning = verify(question, "The signer is Hans Müller, and he governs about 2.07 million people.", [2], "kl")
    assert leaning.abstained and "2.07" not in leaning.text
    alone = verify(question, "The signer is Hans Müller, and the city has about 2.07 million people.", [2], "kl")
    assert "2.07" in alone.text and "Müller" not in alone.text
    korean = verify("쿠알라룸푸르에서 협정에 서명한 사람은 누구고 인구는 얼마야?",
                    "서명한 사람은 한스 뮐러이며 그의 도시 인구는 약 207만명이다.", [2], "kl")
    assert korean.abstained


def test_a_question_for_two_items_is_not_answered_by_one():
    """"Which two …" answered with one name reads as the whole answer: it is withheld."""
    question = "우호도시협약을 체결한 두 사람은 누구야?"
    one = verify(question, "토마스 하이니거 주지사", [1], "zurich")
    assert one.abstained and any("names 1 of the 2" in v.reason for v in one.verdicts if not v.passed)
    both = verify(question, "박원순 시장과 토마스 하이니거 주지사", [1], "zurich")
    assert not both.abstained and "하이니거" in both.text
    assert not verify("우호도시협약을 체결한 취리히 주지사는 누구야?", "토마스 하이니거 주지사", [1], "zurich").abstained


def test_a_fact_whose_first_place_fails_a_check_is_found_at_its_next_place():
    """울랴놉스크 is first in the dateline (the byline check fails it there), then where the assembly is held."""
    lead = "【울랴놉스크=뉴시스】박대로 기자 = 박원순 서울시장은 28~29일 러시아 울랴놉스크에서 열리는 WeGO 총회를 주재한다."
    docs = dict(DOCS, wego=Document("wego", "wego.txt", lead, "w", title="WeGO"))
    evidence = [Evidence(1, Sentence(0, "wego#0", "wego", 0, len(lead), lead), 1.0, "WeGO")]
    verifier = AnswerVerifier(profile_question("WeGO 총회 어디서 열려요?"), evidence, {1: lead}, docs, (), VerifyPolicy())
    answer = verifier.finish(json.dumps({"answer": "러시아 울랴놉스크", "citations": [1]}, ensure_ascii=False))
    assert not answer.abstained
    assert answer.citations[0].span_start > lead.index("기자")  # the span is the venue, not the dateline
    # a person is no place (names_a_place); asked who, the byline's reporter is still no answer
    assert verifier.finish(json.dumps({"answer": "박대로 기자", "citations": [1]}, ensure_ascii=False)).abstained
    who = AnswerVerifier(profile_question("WeGO 총회는 누가 주재해요?"), evidence, {1: lead}, docs, (), VerifyPolicy())
    byline = who.finish(json.dumps({"answer": "박대로 기자", "citations": [1]}, ensure_ascii=False))
    assert byline.abstained and any(v.check == "found_outside_the_byline" and not v.passed for v in byline.verdicts)


def test_a_kept_clause_does_not_start_with_the_conjunction_of_the_dropped_one():
    """", and" is one break: the part kept after an invented hotel is a whole sentence, not "and …"."""
    answer = verify("Where is Kuala Lumpur, and how many people live there?",
                    "Kuala Lumpur is in the Post-San Francisco Hotel, and Kuala Lumpur has about 2.07 million (207만) people.", [2], "kl")
    assert not answer.abstained
    assert answer.text.startswith("Kuala Lumpur has about 2.07 million")
    assert any(n.startswith("dropped part: Kuala Lumpur is in the Post-San Francisco Hotel") for n in answer.notes)


def test_a_gloss_in_another_script_is_cut_and_the_checked_answer_kept():
    question = "Who did Kim Tae-gyun sign the Kuala Lumpur agreement with?"
    answer = verify(question, "He signed it with Ismadi bin Sakirin (Исмади бин Сакирин).", [1], "kl")
    assert not answer.abstained and "Исмади" not in answer.text
    assert_spans_hold(answer, "이스마디 빈 사키린")


def test_an_unchecked_name_in_another_script_is_no_support():
    question = "Who did Kim Tae-gyun sign the Kuala Lumpur agreement with?"
    answer = verify(question, "He signed it with Ismadi bin Sakirin Шариф.", [1], "kl")
    assert answer.abstained


def test_a_bare_one_digit_reply_is_checked_and_its_drop_explained():
    answer = verify("취리히주의 인구는 몇 명인가요?", "4", [2], "zurich")
    assert answer.abstained and any(n.startswith("dropped: 4") for n in answer.notes)
    kept = verify("How many districts does Kuala Lumpur have?", "11", [2], "kl")
    assert not kept.abstained and "11" in kept.text


def test_an_answer_repeating_itself_in_brackets_is_shown_once():
    answer = verify("취리히시는 2016년에 어느 도시에서 교류행사를 열었어?", "런던 (런던)", [3], "zurich")
    assert not answer.abstained and answer.text == "런던 [1]"
