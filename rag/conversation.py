"""Follow-up questions: make a standalone query for retrieval from the chat history.

"그 시장은 언제 취임했나요?" retrieves nothing useful on its own. The
previous question carries the topic, so it is prepended for retrieval only;
the user's own words are kept for the answer. Done in code, not by the small
model: an LLM rewrite costs a second of CPU and the 1.5B model drifts; shown
the previous question in the prompt, it answered that one instead (measured).
What the model is shown is the question with its "he" or "거기" glossed by whom
or what the turn before named (`question_for_the_model`), nothing more.

The checks learn five things from the turn before (`with_earlier_turn`): whom "그 주지사" means,
whether "그 사람" means anyone found, which place "그 도시" is, what "거기 말고" rules out, and
what count "그 중에" is part of.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Sequence

from rag.amounts import numbers_in
from rag.language import ABSTAIN_TEXT, OTHER_LANGUAGE_ABSTAIN, has_hangul
from rag.question import KOREAN_TITLE_WORDS, QuestionProfile, korean_place_units, profile_question, word_pointing_back
from rag.reply import strip_markers
from rag.roles import bare
from rag.transliterate import ROMANIZED_PERSON
from rag.types import Turn

_REFERS_BACK = re.compile(
    r"(^|\s)(그|그녀|그곳|거기|이곳|해당|그들|저|이)(\s|의|는|은|가|이|를|에|도)|"
    r"\b(he|she|it|they|him|her|his|its|their|that|this|there|those|these|the city|the mayor)\b",
    re.IGNORECASE,
)
SHORT_QUESTION_CHARS = 25
# A person a question names: a romanized Korean name, a title before an English name, a Korean name
# before its title ("오세훈 시장이", "김 부시장").
_NAMED_PERSON = re.compile(ROMANIZED_PERSON + r"|\b(?:Mayor|Governor|Minister|Vice Mayor|Deputy Mayor|President|"
                           r"Chairman|CEO|Dr|Mr|Ms)\.?\s+[A-Z][a-z]+|[\uac00-\ud7a3]{1,4}\s*(?:" + KOREAN_TITLE_WORDS + r")")
_AMOUNT = re.compile(r"\d[\d,.]*\s*[\uac00-\ud7a3]*")  # "인구는요?", "And the area?" lean on the previous turn


def is_follow_up(question: str) -> bool:
    return bool(_REFERS_BACK.search(question)) or len(question.strip()) <= SHORT_QUESTION_CHARS


def standalone_query(question: str, history: Sequence[Turn]) -> str:
    """The query used for retrieval: the question, plus the previous question when it refers back."""
    if not history or not is_follow_up(question):
        return question
    return f"{history[-1].question} {question}"


def focused_query(question: str, history: Sequence[Turn]) -> str:
    """A follow-up's own ask with what the last answer said (or, after no answer, the names of the
    question before it): the query a follow-up's extra evidence sentences are chosen by. Chosen by
    the whole previous question alone, the six sentences of "그 도시 인구는 얼마나 돼?" after "김태균
    부시장이 쿠알라룸푸르에서 우호도시 협정 맺은 상대는 누구예요?" were all about the signing, none
    about the city's population; "And when did he become mayor?" after "Huheonghwa (후헝화)" was
    not shown "후헝화 시장은 … 2022년 취임했다"."""
    if not history or not is_follow_up(question):
        return question
    earlier = history[-1]
    said = _what_was_said(earlier)
    if not said:
        asked = profile_question(earlier.question)
        said = " ".join((*asked.proper_nouns, *asked.names))
    return f"{said} {question}".strip()


def question_for_the_model(question: str, history: Sequence[Turn]) -> str:
    """The question as the model reads it: a follow-up's "he" or "거기" glossed with whom or what the
    turn before named ("What year did he (Huheonghwa, 후헝화) become mayor?", "그럼 거기(Kuala Lumpur)
    인구는 얼마나 돼요?"). The model sees only the evidence and this question: asked "그럼 거기 인구는
    얼마나 돼요?" after "How many districts is Kuala Lumpur divided into?", it answered with 서울시's
    population. Shown the whole previous question it answered that one instead (measured in round
    one), so only the referent is shown. The checks still read the user's own words."""
    if not history or not is_follow_up(question):
        return question
    earlier = history[-1]
    said = _what_was_said(earlier)
    pointing = word_pointing_back(question)
    if pointing is None:
        return question
    kind, end = pointing
    if kind == "person":
        referent = _a_name_said(said)
    else:
        referent = _a_name_said(said) or (_the_one_place_asked(earlier.question) if _AMOUNT.search(said) else "")
    if not referent:
        return question
    gloss = f"({referent})" if has_hangul(question[end - 1]) else f" ({referent})"
    return question[:end] + gloss + question[end:]


_MAX_REFERENT_CHARS = 40  # a name, not a sentence


def _a_name_said(said: str) -> str:
    """The earlier answer when it is a name ("Huheonghwa (후헝화)" -> "Huheonghwa, 후헝화"), else ""."""
    if not said or len(said) > _MAX_REFERENT_CHARS or re.search(r"\d|[.!?]\s*$", said):  # a count, a date, a sentence
        return ""
    return re.sub(r"\s*\(([^()]*)\)", r", \1", said).strip(" .")


def _the_one_place_asked(question: str) -> str:
    """The one name the earlier question gave, as it wrote it, or "" where it gave none or several:
    "there", after "How big is the canton of Zurich?" was answered with a size, is "canton of
    Zurich", and after "취리히주 땅 넓이가 얼마나 돼?" 취리히주: glossed only "취리히", the model
    took the city's population for the canton's."""
    asked = profile_question(question)
    named = tuple(dict.fromkeys((*asked.names, *asked.proper_nouns)))
    return _as_written(named[0], question) if len(named) == 1 else ""


# A place's unit before its English name ("the canton of Zurich"): part of which place it is.
_UNIT_OF = r"(?:(?i:canton|state|province|city|district|county|region|prefecture)\s+of\s+)?"


def _as_written(name: str, question: str) -> str:
    """`name` with the unit the question wrote with it: "canton of Zurich", 취리히주 (not 취리히)."""
    if has_hangul(name):
        word = re.search(r"[^\s?!.,]*" + re.escape(name) + r"[^\s?!.,]*", question)
        return bare(word.group(0)) if word else name
    found = re.search(_UNIT_OF + re.escape(name), question)
    return found.group(0) if found else name


def _what_was_said(turn: Turn) -> str:
    """The turn's answer without its citation markers; empty where it was no answer."""
    text = strip_markers(turn.answer).strip()
    return "" if text in ABSTAIN_TEXT.values() or text == OTHER_LANGUAGE_ABSTAIN else text


def with_earlier_turn(profile: QuestionProfile, history: Sequence[Turn]) -> QuestionProfile:
    """`profile` with what its question takes from the turn before it: the words of the answer that
    named the person it refers back to by title or pronoun ("그 주지사랑은 무슨 협약 맺었어?" after
    "세르게이 모로조프 러시아 울랴놉스크 주지사"), and what "거기 말고 … 또 어디야?" rules out; nothing
    of these from a turn that was no answer. A how-many follow-up that names no measure asks the
    measure asked before: "그럼 타슈켄트는 몇 명이야?" after "쿠알라룸푸르 인구 얼마나 돼?" asks a
    population. "there", after a count or a size of a place the question wrote with its level
    (취리히주, "the canton of Zurich"), is at that level: the city's "인구는 39만 7천 명" had been
    shown for the canton's population."""
    if not history or not is_follow_up(profile.text):
        return profile
    earlier = history[-1]
    said = _what_was_said(earlier)
    before = profile_question(earlier.question)  # once: four of the readings below need it
    if profile.asks_how_many and not profile.measure:
        profile = replace(profile, measure=before.measure)
    if profile.asks_among_the_earlier and said:
        profile = replace(profile, earlier_amounts=frozenset(numbers_in(said)))
    if profile.refers_to_someone and not said and _asks_for_someone_unnamed(before):
        profile = replace(profile, refers_to_no_one_found=True)
    words = _answer_words(said)
    if profile.refers_to_a_place:
        places = words or frozenset(before.proper_nouns)
        profile = replace(profile, referred_places=places)
        if not profile.place_units and not words:  # "there", after the canton of Zurich's size, is the canton
            profile = replace(profile, place_units=tuple(dict.fromkeys(before.place_units + korean_place_units(before))))
    if not words and not profile.rules_out_the_earlier:
        return profile
    referred = words if profile.referred_titles or profile.refers_to_someone else frozenset()
    ruled_out = _just_said(profile, before, words) if profile.rules_out_the_earlier else ()
    return replace(profile, referred_words=referred, excluded=tuple(dict.fromkeys(profile.excluded + ruled_out)))


def _asks_for_someone_unnamed(asked: QuestionProfile) -> bool:
    """The question asks who, and names no person a later "he" could mean instead ("Which Serbian
    government official praised Seocho Coin?"; not "Who did Kim Tae-gyun meet in Tashkent?")."""
    return asked.asks_who and not _NAMED_PERSON.search(asked.text)


def _answer_words(said: str) -> frozenset[str]:
    """The Hangul words an answer shows (its names, in an English answer their Korean in brackets)."""
    written = re.findall(r"[\uac00-\ud7a3]+", _AMOUNT.sub(" ", said))  # "247만명" names nothing
    return frozenset(w for w in (*written, *map(bare, written)) if len(w) > 1)  # 세르게이 is no 세르게 + 이


def _just_said(profile: QuestionProfile, before: QuestionProfile, answer_words: frozenset[str]) -> tuple[str, ...]:
    """What "거기 말고" points back at: the words the last answer gave, or, where it gave none (a count,
    "300개"), the Korean nouns of the last question that this one does not say ("탄소제로샵이 몇
    곳이에요?" then "거기 말고 … 결제할 수 있는 곳은 또 어디야?" rules out 탄소제로샵)."""
    said = tuple(sorted(w for w in answer_words if not profile.says(w)))
    if said:
        return said
    return tuple(sorted(w for w in before.words if has_hangul(w) and len(w) > 1 and not profile.says(w)))
