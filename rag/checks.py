"""Verification checks: named units, one signature each, judged into a Verdict.

Two ordered lists, run by rag/verify.py:
- EVIDENCE_CHECKS decide whether an evidence sentence (read with the sentence
  before it) can support an answer to this question at all;
- CLAIM_CHECKS decide whether an answer sentence answers this question at all
  (the kind of answer it asks for; something the question did not say).
A claim that passes must then have every one of its facts found in the text
it cites (rag/facts.py); that last step is what makes an answer checkable.

To add a rule: write `def my_check(ctx) -> Verdict | None` (None: does not
apply), append it to the right list, put any threshold in
config.VerifyPolicy, and give it unit tests with worked examples.
Embedding similarity is never a check: similar is not the same as stated.
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache
from dataclasses import dataclass, field
from typing import Callable, Mapping, Sequence

from rag.actions import dated_action
from rag.amounts import (COUNTED_BODIES, RANGE_JOINER, SHORT_YEAR, amount_places, counter_after, numbers_in, same_count, short_year_at,
                         written_onto_the_word_before)
from rag.collection_terms import CollectionTerms
from rag.config import VerifyPolicy
from rag.facts import Fact
from rag.gazetteer import city_countries, english_city_name, is_country, korean_names
from rag.morph import morphemes
from rag.question import AWARD, AWARD_NAMED, SAYS_SHARED, THINGS, COMPANY_WORD, ENGLISH_FILLER, KINDS_NAMED, KOREAN_TITLE_WORDS, FUNCTION_WORDS, MEASURES, MEASURE_KINDS, OTHER_YEAR, REPORTER, TITLE, QuestionProfile, ends_in_possessive, korean_title, korean_place_units, says_word
from rag.reply import strip_markers
from rag.role_lookup import people_titled
from rag.roles import (COUNTRY, LATIN_GLOSS, OCCUPATION, PARTICLE, PLACE_SUFFIX, attached_places, bare, called_by_a_title, is_place, names_place, person_key,
                       role_places, same_place, title_after, title_before, title_of, up_to_the_title)
from rag.transliterate import EXONYMS, find_name, sound_key, translated_names
from rag.types import Verdict


@dataclass(frozen=True)
class EvidenceContext:
    profile: QuestionProfile
    n: int  # the evidence number shown to the model
    windows: Mapping[int, str]  # every evidence sentence shown, each with the sentence before it
    policy: VerifyPolicy
    sentences: Mapping[int, str] = field(default_factory=dict)  # the sentences alone
    documents: Mapping[int, str] = field(default_factory=dict)  # the text of each sentence's document
    collection: CollectionTerms = CollectionTerms()

    @property
    def window(self) -> str:
        return self.windows[self.n]

    @property
    def own_text(self) -> str:
        """The sentence alone when it names its own subject ("타슈켄트시는 ..."), else its window:
        "넓이는 87.88㎢, 인구는 39만 7천" is about the place the sentence before names."""
        sentence = self.sentences.get(self.n, "")
        return sentence if sentence and names_its_subject(sentence) else self.window


@dataclass(frozen=True)
class ClaimContext:
    profile: QuestionProfile
    claim: str
    facts: tuple[Fact, ...]
    policy: VerifyPolicy
    collection: CollectionTerms = CollectionTerms()
    documents: tuple[str, ...] = ()  # the text of every document the evidence comes from
    sentences: tuple[str, ...] = ()  # the evidence sentences that may support it


@dataclass(frozen=True)
class PlacementContext:
    """One fact found at one place of one evidence sentence."""

    profile: QuestionProfile
    fact: Fact
    sentence: str
    start: int
    end: int
    document: str = ""  # the sentence's whole document (where else it names the same person)
    policy: VerifyPolicy = VerifyPolicy()
    claim_facts: tuple[Fact, ...] = ()  # every fact of the claim, this one among them
    library: tuple[str, ...] = ()  # every document of the index (where else the same person is named)


def _verdict(check: Callable, passed: bool, subject: str, reason: str = "") -> Verdict:
    return Verdict(check.__name__, passed, subject, "" if passed else reason)


# ---------------------------------------------------------------- evidence checks


def knows_the_one_referred_to(ctx: EvidenceContext) -> Verdict | None:
    """A follow-up that names its person by a pronoun, after the turn before asked who and found no
    one ("그 사람 정확한 직책은 뭐야?" after "Which Serbian government official praised Seocho Coin?"),
    is about someone the system never identified: no sentence can be shown to be about them.
    서초구청장, the title of the district head the article is about, had been shown."""
    if not ctx.profile.refers_to_no_one_found:
        return None
    return _verdict(knows_the_one_referred_to, False, f"[{ctx.n}]",
                    "the question refers to the person the last question asked for, whom no answer named")


def mentions_asked_names(ctx: EvidenceContext) -> Verdict | None:
    """English questions: the sentence names someone or something the question asks about, or
    its article's lead does, which says what the whole article is about: the WeGO article's
    award sentence ("세션2 시상식에서 … 고양시(…, 금상)") never says WeGO; its lead does. The lead
    must sound exactly like the name, as it stands for every sentence of the article: Chongqing
    sounds nearly like the 정책 of the KL article's lead.

    "Kuala Lumpur" is found in 쿠알라룸푸르 by sound (rag/transliterate.py).
    When no sentence shown names any of them, the documents do not speak of
    them, and none may support an answer.
    """
    names = ctx.profile.names
    if ctx.profile.language != "en" or not names:
        return None
    lead = document_lead(ctx.documents.get(ctx.n, ""))
    sought = tuple(dict.fromkeys(n for name in names for n in (name, *_place_of_institution(name))))
    found = [name for name, text, similarity in ((n, t, s) for n in sought
                                                  for t, s in ((ctx.own_text, ctx.policy.name_similarity), (lead, 1.0)))
             if text and _names_by_sound(name, text, similarity, ctx.policy.short_name_spelling)]
    return _verdict(mentions_asked_names, bool(found), f"[{ctx.n}]",
                    f"names none of {', '.join(names)}, nor does its article's lead")


# English names of institutions are translated, not transliterated: "Seoul Metropolitan Council" is
# 서울시의회, which sounds like no part of it but the place.
_INSTITUTION_HEADS = frozenset({"council", "assembly", "government", "office", "ministry", "committee", "hall"})
_INSTITUTION_WORDS = _INSTITUTION_HEADS | {"metropolitan", "city", "municipal", "national", "provincial", "general"}


def _place_of_institution(name: str) -> tuple[str, ...]:
    """The place an institution's English name starts with ("Seoul" of "Seoul Metropolitan Council"),
    which the Korean text writes as it sounds; () for any other name."""
    words = name.split()
    if len(words) < 2 or words[-1].lower() not in _INSTITUTION_HEADS:
        return ()
    place = list(itertools.takewhile(lambda w: w.lower() not in _INSTITUTION_WORDS, words))
    return (" ".join(place),) if place else ()


def shares_question_nouns(ctx: EvidenceContext) -> Verdict | None:
    """Korean questions: the sentence holds enough of the question's nouns, relative to the best one shown.

    Nouns only: the verb of an informal question ("열었어") is not its topic. A Latin acronym the
    question writes counts as one ("우즈베키스탄 GDP에서 차지하는 비중"): left out, the sentence that
    gives the GDP share fell under the one naming both places.
    (Weighting nouns by rarity was tried on the dev split: it rejected the second
    hop of two-sentence questions and fixed nothing else.)
    """
    asked = {w for w in ctx.profile.words if _hangul(w) or _LATIN_TERM.fullmatch(w)}
    if ctx.profile.language != "ko" or not asked:
        return None
    windows = {n: with_spelt_out_names(window, ctx.documents.get(n, "")) for n, window in ctx.windows.items()}
    coverage = {n: _coverage(asked, window) for n, window in windows.items()}
    best = max(coverage.values())
    topic = asked - ctx.profile.actions  # "참석" alone is shared by every attendance, of any event
    passed = best == 0 or coverage[ctx.n] >= ctx.policy.topic_share * best \
        or bool(topic) and _coverage(topic, windows[ctx.n]) > 0 and _gives_the_asked_count(ctx.profile, ctx.sentences.get(ctx.n, "")) \
        or _names_the_described_subject(ctx.profile.text, ctx.window)
    return _verdict(shares_question_nouns, passed, f"[{ctx.n}]",
                    f"holds {coverage[ctx.n]:.2f} of the question's nouns; the best sentence holds {best:.2f}")


def with_spelt_out_names(window: str, document: str) -> str:
    """The window, followed by the spelt-out name of each short form in it that its document
    defines: "WeGO는 2010년 창립 당시 …" names 세계도시전자정부협의체, as the article wrote
    "세계도시전자정부협의체(WeGO)" once and "WeGO" after. "세계도시전자정부협의체는 언제
    만들어졌어요?" had lost the sentence that answers it for holding half the question's nouns."""
    spelt = [long for long, short in _short_forms_defined(document)
             if re.search(rf"(?<![A-Za-z]){re.escape(short)}(?![A-Za-z])", window)]
    return " ".join([window, *spelt])


# A Korean name spelt out, then its short form in brackets: "세계도시전자정부협의체(WeGO)",
# "최고정보책임자(CIO)". Two capitals at least: "서울시(Seoul)" glosses a name, it defines no short form.
_SHORT_FORM_DEFINED = re.compile(r"([\uac00-\ud7a3]{4,})\s*\(\s*((?=[A-Za-z0-9&-]*[A-Z][A-Za-z0-9&-]*[A-Z])[A-Za-z][A-Za-z0-9&-]{1,9})\s*\)")


@lru_cache(maxsize=64)  # asked for every evidence sentence of every question
def _short_forms_defined(document: str) -> tuple[tuple[str, str], ...]:
    return tuple(dict.fromkeys((m.group(1), m.group(2)) for m in _SHORT_FORM_DEFINED.finditer(document)))


def _names_the_described_subject(question: str, window: str) -> bool:
    """The question's subject is a named thing that a clause describes ("박원순 시장이 들른 트러스트
    스퀘어는 언제 세워진 곳이에요?"), and the sentence names it whole: the question is about the
    thing, and the clause only says which one. "○ ‘트러스트 스퀘어’는 … 설립('18.4)됐다" never names
    the mayor who visited it. A subject with no proper noun ("협약을 맺은 도시의 인구는") is
    described by its clause alone and is not enough."""
    subject = described_subject(question)
    return bool(subject) and all(_has(w, window) for w in subject)


def _gives_the_asked_count(profile: QuestionProfile, sentence: str) -> bool:
    """The sentence counts what a how-many question counts, with the text's own counter ("140개국"
    for "몇 개국"). Such a sentence often names its topic only in the one before ("올해는 140개국,
    700여개 도시, 2만여명이 참가했다" follows the expo's name), so it holds few of the question's nouns;
    its window must still share one that is not the asked action ("주한 대사 40여 명 … 참석한" is another
    event's attendance). Only counts of people and bodies: "몇 년도" counts years too, and "7년만에"
    gives no year."""
    if profile.counts not in COUNTED_BODIES:
        return False
    return any(counter_after(sentence, end, start) == profile.counts for start, end, _ in amount_places(sentence))


def names_the_possessor(ctx: EvidenceContext) -> Verdict | None:
    """Korean "X의 Y" questions: the sentence (or the one before) names X, when any sentence shown does.

    Both the canton's and the city's population sentences say 인구; only one names 취리히시.
    """
    required = [p for p in ctx.profile.possessors if any(_has(p, w) for w in ctx.windows.values())]
    if not required:
        return None
    missing = [p for p in required if not _has(p, ctx.window)]
    return _verdict(names_the_possessor, not missing, f"[{ctx.n}]", f"does not name {', '.join(missing)}")


def names_the_place_unit(ctx: EvidenceContext) -> Verdict | None:
    """English "the canton of Zurich" / "the city of Zurich": the sentence (or the one before) names that
    unit (취리히주, 취리히시), when any sentence shown does: the city's population does not answer the canton's."""
    units = [(suffix, name) for suffix, name in ctx.profile.place_units
             if any(_names_unit(name, suffix, w, ctx.policy) for w in ctx.windows.values())]
    if not units:
        return None
    missing = [f"{name} ({suffix})" for suffix, name in units if not _names_unit(name, suffix, ctx.window, ctx.policy)]
    return _verdict(names_the_place_unit, not missing, f"[{ctx.n}]", f"does not name {', '.join(missing)}")


def about_the_asked_unit(ctx: EvidenceContext) -> Verdict | None:
    """A sentence whose own subject is the asked place at another level ("취리히시는 취리히주의 주도로
    … 인구는 39만 7천" is about the city) does not answer for the asked level (the canton of Zurich,
    취리히주), though it names that level too. A sentence without its own subject ("넓이는 87.88㎢,
    인구는 39만 7천 명이다") has the one before it."""
    subject = _UNIT_SUBJECT.match(ctx.own_text)
    if not subject:
        return None
    stem, suffix = subject.group(1), subject.group(2)
    asked = [(s, name) for s, name in ctx.profile.place_units + korean_place_units(ctx.profile) if s != suffix]
    other = [f"{name} ({s})" for s, name in asked
             if name == stem or find_name(name, stem, ctx.policy.name_similarity, ctx.policy.short_name_spelling)]
    if not other:
        return None
    return _verdict(about_the_asked_unit, False, f"[{ctx.n}]", f"is about {stem}{suffix}, not {', '.join(other)}")


def holds_the_asked_year(ctx: EvidenceContext) -> Verdict | None:
    """A question set in a year ("2014년에 ... 어디", "in 2014") is answered by a sentence of that year:
    "내년 9월 서울에서" does not answer "2014년에 처음 개최한 도시". When no sentence shown names
    the year, the documents do not speak of it, and nothing shown may answer ("2015년에는 어디서"
    answered from the 2014 and 2016 events). News says "올해" for its own year: "올해는 140개국, 700여개
    도시, 2만여명이 참가했다" is of 2023 in an article that names 2023 (its dateline, "입력 2023.11.09")."""
    if not ctx.profile.years:
        return None
    sentence = ctx.sentences.get(ctx.n, "")
    # A sentence that sets its own time is not in the year of the one before: "'17년 홍콩 … 개최한
    # 바 있다" then "이날 오후 17시엔 … 트러스트 스퀘어를 방문했다" is the visit's day, not 2017.
    scope = sentence if sentence and _DATES_ITSELF.search(sentence) else ctx.window
    this_year = _THIS_YEAR.search(scope) is not None
    document = ctx.documents.get(ctx.n, "")
    missing = [f"{y:.0f}" for y in sorted(ctx.profile.years)
               if not _has_value(y, scope) and not (this_year and _has_value(y, document))]
    return _verdict(holds_the_asked_year, not missing, f"[{ctx.n}]", f"is not about {', '.join(missing)}")


def holds_the_asked_other_year(ctx: EvidenceContext) -> Verdict | None:
    """A question set in the year before or after the text's own ("작년 엑스포에는 몇 개국이", "next
    year") is answered by a sentence that says so (작년, 지난해, "last year") or names a year, not by
    one of this year: "올해는 140개국, 700여개 도시, 2만여명이 참가했다" is the article's own year.
    A sentence that says neither is read with the sentence before it. When no sentence shown
    places itself in that year, nothing shown may answer."""
    which = ctx.profile.other_year
    if not which:
        return None
    said = OTHER_YEAR[which]
    sentence = ctx.sentences.get(ctx.n) or ctx.window
    if _THIS_YEAR.search(sentence) and not said.search(sentence):
        return _verdict(holds_the_asked_other_year, False, f"[{ctx.n}]", f"is of this year, not {which} year")
    passed = bool(said.search(ctx.window) or _A_YEAR.search(ctx.window))
    return _verdict(holds_the_asked_other_year, passed, f"[{ctx.n}]", f"names no year, nor {which} year")


def of_the_earlier_one(ctx: EvidenceContext) -> Verdict | None:
    """A question about the previous time of an event ("3년 전에 열렸던 지난 WeGO 총회는 어느 도시에서
    했나요?") is answered by a sentence that speaks of an earlier one (지난, 이전, 직전, "previous") or
    dates itself by a year, not by one about this time: "울랴놉스크에서 열리는 … 총회" is this year's,
    and 울랴놉스크 had been shown. Read with the sentence before."""
    if not ctx.profile.asks_earlier_one:
        return None
    passed = bool(_EARLIER.search(ctx.window) or _A_YEAR.search(ctx.window) or SHORT_YEAR.search(ctx.window))
    return _verdict(of_the_earlier_one, passed, f"[{ctx.n}]", "speaks of no earlier time; the question asks about the previous one")


_EARLIER = re.compile(r"지난|이전|직전|앞선|\b(?:previous|prior|preceding|earlier)\b", re.IGNORECASE)


def holds_the_asked_time(ctx: EvidenceContext) -> Verdict | None:
    """A question set at a time of day ("at 6:30 pm", "18시30분에") is answered by a sentence of that
    time: Heiniger, met at 15시30분, is not who was met at 6:30 pm. (All the numbers a question
    says were tried on the dev splits: "행정1부시장" and "the 2023 Smart City Expo" are names,
    said once per article, and the rule dropped as many right answers as wrong ones.)"""
    asked = times_of_day(ctx.profile.text)
    if not asked:
        return None
    stated = times_of_day(ctx.window)
    missing = [f"{h:02d}:{m:02d}" for h, m in sorted(asked) if (h, m) not in stated]
    return _verdict(holds_the_asked_time, not missing, f"[{ctx.n}]", f"is not at {', '.join(missing)}")


def holds_the_asked_measure(ctx: EvidenceContext) -> Verdict | None:
    """A question about a measure of a place ("울랴놉스크 인구는", "how many people live in Tashkent")
    is answered by a sentence that says that measure (인구), or whose sentence before does: "총
    350여명이 참석한다" counts people, but not the people who live in Ulyanovsk. A question of two
    parts ("누구와 협정을 맺었고 그 도시의 인구는") may be answered in part by a sentence without it."""
    return _window_writes(holds_the_asked_measure, ctx, MEASURES, ctx.profile.measure, "does not say")


def speaks_of_the_asked_thing(ctx: EvidenceContext) -> Verdict | None:
    """A question for a kind of thing ("what gift did Kim Tae-gyun present to the mayor of Kuala
    Lumpur?") is answered by a sentence that speaks of that kind (선물, 기념품), or whose sentence
    before does: the sentence of the visit names its Seoul Day, no gift."""
    return _window_writes(speaks_of_the_asked_thing, ctx, THINGS, ctx.profile.thing, "does not speak of a")


def _window_writes(check: Callable, ctx: EvidenceContext, table: Mapping[str, tuple[re.Pattern, re.Pattern]],
                   asked: str, failure: str) -> Verdict | None:
    """The verdict of `check` on whether the sentence, or the one before, writes `asked` as `table`
    says a text writes it. A question of two parts may be answered in part without it."""
    if not asked or ctx.profile.two_part:
        return None
    _, written = table[asked]
    return _verdict(check, written.search(ctx.window) is not None, f"[{ctx.n}]", f"{failure} {asked}")


def of_the_asked_official(ctx: EvidenceContext) -> Verdict | None:
    """A question that names a place's official ("박원순이 취리히 시장이랑 만난 게 몇 시였어?") is not
    answered by a sentence about the same place's other official: "15시30분 … 취리히 주지사와 청사에서
    만나" is the governor's meeting; the mayor was met at 14시30분. Judged only where the sentence
    gives the place a title and never the asked one, while its document gives the asked one
    somewhere: a question that mistakes the title is left to the other checks."""
    sentence, document = ctx.sentences.get(ctx.n, ""), ctx.documents.get(ctx.n, "")
    if not ctx.profile.officials or not sentence or not document:
        return None
    thresholds = (ctx.policy.name_similarity, ctx.policy.short_name_spelling)
    for place, roles in ctx.profile.officials:
        korean = place if _hangul(place) else _spelled_in(place, sentence, thresholds)
        held = _titles_after(korean, sentence) if korean else set()
        if held and not held & roles and _titles_after(korean, document) & roles:
            return _verdict(of_the_asked_official, False, f"[{ctx.n}]",
                            f"speaks of {korean}'s {'/'.join(sorted(held))}, not its {'/'.join(sorted(roles))}")
    return None


def _spelled_in(name: str, text: str, thresholds: tuple[float, float]) -> str:
    """How a Korean text spells a Latin name ("Zurich": 취리히), or "" where it does not name it."""
    match = find_name(name, text, *thresholds)
    return bare(text[match.start : match.end]) if match else ""


def _titles_after(place: str, text: str) -> set[str]:
    """The roles a text gives a place's people: the title written onto the place or right after it
    ("충칭시장", "취리히 주지사와"), not a title after a name between ("취리히에서 토마스 하이니거")."""
    held = set()
    for m in re.finditer(re.escape(place), text):
        glued = re.match(r"[^\s,.·(]*", text[m.end() :]).group()
        after = re.match(r"\s+([^\s,.·(]+)", text[m.end() :]) if not glued else None
        role = title_of(glued or (after.group(1) if after else ""))
        if role:
            held.add(role)
    return held


def document_names_the_asked(ctx: EvidenceContext) -> Verdict | None:
    """Korean questions: the sentence's document names a proper noun the question asks about (타슈켄트),
    unless that noun is one every document says (서울). A sentence from an article that never
    mentions Tashkent cannot say what was discussed in Tashkent. (Requiring the noun in the
    sentence itself, or the one before, was tried on the dev splits: it dropped more right
    answers than wrong ones, as news sentences refer back to "김 부시장" or leave the subject out.)"""
    asked = _asked_proper_nouns(ctx)
    document = ctx.documents.get(ctx.n)
    if not asked or document is None:
        return None
    passed = any(_names(p, document) for p in asked)
    return _verdict(document_names_the_asked, passed, f"[{ctx.n}]", f"its document never names {', '.join(asked)}")


def document_names_every_asked_name(ctx: EvidenceContext) -> Verdict | None:
    """English questions: the sentence's document names every name of the question that a document
    shown names. "Which South African mayor is Park Won-soon meeting on the sidelines of the WeGO
    assembly?" is not answered from the Zurich article: it names Park Won-soon but never WeGO.
    A name no document shown names ("South African" for 남아공) asks nothing of any of them; a name
    every document names (Seoul) is in each already. A city whose Korean name GeoNames gives is
    asked of every document all the same (rag/gazetteer.py): "In which year did Zurich city hold
    its exchange event in Tokyo?" is not answered by the New York event, as no document names 도쿄."""
    document = ctx.documents.get(ctx.n)
    if ctx.profile.language != "en" or len(ctx.profile.names) < 2 or document is None:
        return None
    thresholds = (ctx.policy.name_similarity, ctx.policy.short_name_spelling)
    shown = set(ctx.documents.values())
    asked = [name for name in ctx.profile.names
             if korean_names(name) or any(_names_by_sound(name, d, *thresholds) for d in shown)]
    named = {name for name in asked if _names_by_sound(name, document, *thresholds)}  # a short form no document names is no help
    missing = [name for name in asked if name not in named
               and not any(name in spelt and short in named for short, spelt in ctx.profile.short_forms)]
    return _verdict(document_names_every_asked_name, not missing, f"[{ctx.n}]",
                    f"its document never names {', '.join(missing)}")


def about_the_asked_subject(ctx: EvidenceContext) -> Verdict | None:
    """A sentence whose own subject is another proper noun ("타슈켄트시는 … 인구 약 247만명의 도시다")
    does not answer a question about a proper noun it never names ("비슈케크 인구는", "How many people
    live in Bishkek?"), unless the question names that subject too. English questions ask this of
    the places they name that the gazetteer or the exonym table knows, of a sentence about another
    place: a person's romanized name is found by sound less surely, and "the Seoul delegation" or
    "Park" may be the person a sentence is about."""
    asked = _asked_proper_nouns(ctx) if ctx.profile.language == "ko" else _asked_places(ctx)
    sentence = ctx.sentences.get(ctx.n, "")
    if not asked or not sentence or any(_speaks_of(p, sentence, ctx.policy) for p in asked):
        return None
    subject = [s for s in subject_nouns(sentence) if len(s) > 1]  # 김 of "김 부시장은" says too little
    if ctx.profile.language == "en":  # "the Seoul delegation" may be the 김태균 of "김태균 부시장은"
        subject = [s for s in subject if is_place(s, ctx.documents.get(ctx.n) or sentence)]
    if not subject or any(ctx.profile.says(s) or ctx.collection.everywhere(s) or _pointed_back_at(s, ctx.profile)
                          or any(_speaks_of(p, s, ctx.policy) for p in asked) for s in subject):
        return None  # "그 도시가 우즈베키스탄 GDP에서 …" after 타슈켄트: 타슈켄트시 is the city asked about
    return _verdict(about_the_asked_subject, False, f"[{ctx.n}]",
                    f"is about {', '.join(subject)}, not {', '.join(asked)}")


def _pointed_back_at(subject: str, profile: QuestionProfile) -> bool:
    """The subject is the place a follow-up points back at ("그 도시가" after 타슈켄트: 타슈켄트시는)."""
    return any(place in subject or subject in place for place in profile.referred_places)


def _asked_places(ctx: EvidenceContext) -> list[str]:
    """The places an English question names whose Korean the gazetteer or the exonym table gives,
    but none every document says (Seoul is 서울)."""
    korean = {name: translated_names(name) for name in ctx.profile.names}
    return [name for name, forms in korean.items() if forms and not any(ctx.collection.everywhere(k) for k in forms)]


def _speaks_of(asked: str, text: str, policy: VerifyPolicy) -> bool:
    """`text` names the asked proper noun: as written when it is Korean, by sound when it is English."""
    if _hangul(asked):
        return _names(asked, text)
    return _names_by_sound(asked, text, policy.name_similarity, policy.short_name_spelling)


def speaks_of_them_together(ctx: EvidenceContext) -> Verdict | None:
    """A question asking what two people have in common is answered by a sentence that says what
    they share ("두 사람은 변호사 출신이라는 공통점이 있다"), not by one telling what they did together
    or apart: "… 하이니거 취리히 주지사와 청사에서 만나 협약을 체결했다" had been copied, in two unseen
    splits, as what the mayor and the governor have in common."""
    if not ctx.profile.asks_in_common or ctx.profile.two_part:  # "공통점이 있고, 몇 번째 만남이야?": the second part is not shared
        return None
    sentence = ctx.sentences.get(ctx.n, "")
    return _verdict(speaks_of_them_together, bool(_TOGETHER.search(sentence)), f"[{ctx.n}]",
                    "says nothing they share; the question asks what they have in common")


# Words a sentence uses to say what several share.
_TOGETHER = re.compile(SAYS_SHARED.pattern + r"|모두|같은|동일|마찬가지|역시")


EVIDENCE_CHECKS: tuple[Callable[[EvidenceContext], Verdict | None], ...] = (
    knows_the_one_referred_to,
    mentions_asked_names,
    shares_question_nouns,
    names_the_possessor,
    names_the_place_unit,
    about_the_asked_unit,
    holds_the_asked_year,
    holds_the_asked_other_year,
    of_the_earlier_one,
    holds_the_asked_time,
    holds_the_asked_measure,
    speaks_of_the_asked_thing,
    of_the_asked_official,
    document_names_the_asked,
    document_names_every_asked_name,
    about_the_asked_subject,
    speaks_of_them_together,
)


# ---------------------------------------------------------------- claim checks


def fits_question_kind(ctx: ClaimContext) -> Verdict | None:
    """The claim states what kind of thing the question asks for: a number for 몇/how many, an age for how old.

    "How old is Hu Henghua?" answered "2003" (the year of an award) fails.
    """
    if not ctx.profile.kinds or ctx.profile.two_part:  # a claim may answer the part that asks no number
        return None
    text = _without_the_questions_years(_with_short_years_spelled_out(strip_markers(ctx.claim), ctx.sentences),
                                        ctx.profile)
    missing = [kind for kind, states in ctx.profile.kinds
               if not states.search(text) and not _unit_given_by_question(kind, states, ctx.profile.text, text)]
    return _verdict(fits_question_kind, not missing, ctx.claim,
                    f"the question asks for {missing[0] if missing else ''}; the claim states none")


def _without_the_questions_years(claim: str, profile: QuestionProfile) -> str:
    """The claim without the years the question says: "서초구가 참가했던 2023 스마트시티 엑스포는
    어디서 언제 열렸어요?" is not answered by a copy of its sentence that keeps "2023" and drops the
    days and the city; the question's own year states no date it did not know. (Only years: the 5
    of "5차 총회는 언제야?" may well be the month of the answer.)"""
    if not profile.years:
        return claim
    for start, end, values in reversed(amount_places(claim)):
        if values & profile.years:
            claim = claim[:start] + " " + claim[end:]
    return claim


def _unit_given_by_question(kind: str, states: re.Pattern, question: str, claim: str) -> bool:
    """A question that writes the unit it asks in ("면적은 몇 ㎢인가요?") is answered by a bare number
    ("1,729"): the reader has the unit. Only a measure's unit: "몇 년생" says 년생 and is not answered
    by "2003년", the year of an award."""
    return kind in MEASURE_KINDS and states.search(question) is not None and bool(numbers_in(claim))


_TWO_DIGIT_YEAR = re.compile(r"(?<![\d'’‘])(\d\d)(?=\s*년)")


def _with_short_years_spelled_out(claim: str, sentences: Sequence[str]) -> str:
    """A claim's "13년" reads as the year '13 where an evidence sentence writes it so ("'13년~'14년
    주지사 역임"): the model drops the apostrophe, the year stays a year. A "15년" the sentences
    write as a length of time ("지난 15년간") stays one, even where another article of the
    collection has a '15년."""
    def spelled(m: re.Match) -> str:
        short = re.compile(rf"['’‘]{m.group(1)}\s*년")
        return "'" + m.group(1) if any(short.search(s) for s in sentences) else m.group(1)
    return _TWO_DIGIT_YEAR.sub(spelled, claim)


def counts_the_asked_thing(ctx: ClaimContext) -> Verdict | None:
    """A how-many question is answered by a number of what it counts: "140 countries took part" is
    true of the expo and no answer to "How many cities took part?", nor "20 students" to how many
    startups. A number the claim leaves uncounted is judged where it is found (rag/facts.py)."""
    numbers = [f for f in ctx.facts if f.kind == "number"]
    if not ctx.profile.counts or not numbers or ctx.profile.two_part:
        return None
    passed = any(same_count(f.counts, ctx.profile.counts) for f in numbers)
    return _verdict(counts_the_asked_thing, passed, ctx.claim,
                    f"counts {', '.join(sorted({f.counts for f in numbers}))}, not {ctx.profile.counts}")


def names_one_item(ctx: ClaimContext) -> Verdict | None:
    """A question for one item of a list ("어떤 분야에서 협력하기로 했어? 하나만 말해줘") is answered by
    the item, not by a statement of many new terms: "서울은 바이오산업 발전 잠재력이 충분한 도시"
    copies a sentence whose words all check out and names no field. A short statement that names
    its item ("블록체인 분야에서 협력하기로 했습니다") adds too few terms to fail."""
    if not ctx.profile.asks_one_item or len(ctx.facts) < ctx.policy.item_statement_terms:
        return None
    return _verdict(names_one_item, not is_statement(strip_markers(ctx.claim)), ctx.claim,
                    f"the question asks for one item; the claim is a statement of {len(ctx.facts)} new terms")


def names_an_award(ctx: ClaimContext) -> Verdict | None:
    """A question asking what award someone won ("고양시는 무슨 상 받았어요?") is answered by an
    award: a grade (금상, "gold") or a word for one (대통령상, "prize"). "고양시는 스마트 폐기물
    수거·관리 서비스 우수도시에 직접 시상했다" copies the prize list and names the project, not the prize."""
    if not ctx.profile.asks_which_award or ctx.profile.two_part:
        return None
    return _verdict(names_an_award, AWARD_NAMED.search(strip_markers(ctx.claim)) is not None, ctx.claim,
                    "names no award; the question asks which")


def names_what_is_asked(ctx: ClaimContext) -> Verdict | None:
    """A question asking who, where or which (countries, companies) is answered by a name, not by a
    number alone: "60개국" says how many countries sent ambassadors, not which. Questions that ask
    for a number too ("몇 개국", "어디서 몇 명이") are left to the number checks."""
    asks_names = (ctx.profile.asks_who or ctx.profile.asks_where or ctx.profile.asks_for_a_body
                  or ctx.profile.asks_which_countries)
    if not asks_names or ctx.profile.kinds or ctx.profile.counts or ctx.profile.two_part or not ctx.facts:
        return None
    return _verdict(names_what_is_asked, any(f.kind != "number" for f in ctx.facts), ctx.claim,
                    "gives only a number; the question asks which")


def adds_a_fact(ctx: ClaimContext) -> Verdict:
    """The claim states something checkable the question did not: an echo ("충칭시장") is no answer."""
    reason = ("states no name, number or Korean term that the question did not already say"
              if ctx.profile.language == "en" else "says nothing the question did not")
    return _verdict(adds_a_fact, bool(ctx.facts), ctx.claim, reason)


def names_more_than_the_asked_person(ctx: ClaimContext) -> Verdict | None:
    """A claim that only gives the full name of someone the question names is an echo: "Thomas
    Heiniger" for "하이니거 주지사는 어느 정당 사람이에요?". The documents give the full name, with its
    Latin spelling in brackets ("토마스 하이니거(Thomas Heiniger)"). A question asking for the name or
    its spelling ("풀네임이 뭐야", "How is his name spelt?") is answered by it."""
    if not ctx.facts or any(f.kind == "number" for f in ctx.facts) or _ASKS_FOR_A_NAME.search(ctx.profile.text):
        return None
    theirs = _asked_persons_name_words(ctx.profile.text, ctx.documents)
    if not theirs:
        return None
    echoes = [f.text for f in ctx.facts if all(w.casefold() in theirs for w in _name_words(f.text))]
    return _verdict(names_more_than_the_asked_person, len(echoes) < len(ctx.facts), ctx.claim,
                    f"only names {', '.join(echoes)}, whom the question asks about")


def names_more_than_the_one_referred_to(ctx: ClaimContext) -> Verdict | None:
    """A follow-up that names its person by a pronoun is not answered by that person's name: "Kim
    Tae-gyun (김태균)" to "What's his position at Seoul city hall?" after "Kim Tae-gyun (김태균)". The
    name is what the answer before said (its Hangul words, titles left out: "행정1부시장" from "김태균
    행정1부시장" may be the very answer to "what's his position"). His name in Latin letters alone
    ("Kim Tae-gyun is the mayor of Seoul City Hall.") is his name too, found by its sound."""
    if not ctx.profile.refers_to_someone or not ctx.facts or any(f.kind == "number" for f in ctx.facts):
        return None
    names = _referred_names(ctx.profile)
    if not names:
        return None
    spoken = " ".join(sorted(names))
    thresholds = (ctx.policy.name_similarity, ctx.policy.short_name_spelling)
    echoes = [f.text for f in ctx.facts if (f.korean or f.text) in names
              or not f.korean and not _hangul(f.text) and find_name(f.text, spoken, *thresholds) is not None]
    return _verdict(names_more_than_the_one_referred_to, len(echoes) < len(ctx.facts), ctx.claim,
                    f"only names {', '.join(echoes)}, whom the question refers back to")


_TITLE_AT_END = re.compile(rf"(?:{KOREAN_TITLE_WORDS})$")


def _referred_names(profile: QuestionProfile) -> set[str]:
    """The name words of the person a follow-up points back at: the answer before's Hangul words,
    its titles left out (행정1부시장, 시장 name no one)."""
    return {w for w in profile.referred_words if not _TITLE_AT_END.search(w)}
_ASKS_FOR_A_NAME = re.compile(r"이름|성함|풀네임|철자|영어로|영문|\bnames?\b|\bspell|\bcalled\b|\bin english\b", re.IGNORECASE)
# "토마스 하이니거(Thomas Heiniger)": a Hangul name of as many words as its Latin spelling in brackets.
_GLOSSED_NAME = re.compile(r"((?:[\uac00-\ud7a3]+ ){0,3}[\uac00-\ud7a3]+)" + LATIN_GLOSS)


def _asked_persons_name_words(question: str, documents: Sequence[str]) -> frozenset[str]:
    """Every word of each glossed name in the documents that the question names by one of its words."""
    asked = {w.casefold() for w in _name_words(question)}
    found: set[str] = set()
    for document in documents:
        for match in _GLOSSED_NAME.finditer(document):
            latin = _name_words(match.group(2))
            hangul = match.group(1).split()[-len(latin):]
            words = {w.casefold() for w in (*hangul, *latin)}
            if words & asked or any(_names(h, question) for h in hangul if len(h) >= 2):
                found |= words
    return frozenset(found)


def _name_words(text: str) -> list[str]:
    return re.findall(r"[\uac00-\ud7a3]+|[A-Za-z][A-Za-z'’-]*", text)


def says_what_they_do(ctx: ClaimContext) -> Verdict | None:
    """A question about what someone does ("What professional background do Mayor Park Won-soon and
    Governor Heiniger have in common?") is not answered by places alone: "former mayor of Seoul
    (서울) and governors of Switzerland (스위스)" says where they hold the posts the question already
    named, not what they do; nor by numbers alone ("He became mayor in 2022." for "What did he do
    before becoming mayor?")."""
    if not ctx.profile.asks_occupation or not ctx.facts:
        return None
    places = [f.text for f in ctx.facts if any(_is_a_named_place(form, ctx.documents) for form in _korean_forms(f))]
    if len(places) == len(ctx.facts):
        return _verdict(says_what_they_do, False, ctx.claim,
                        f"names only places ({', '.join(places)}); the question asks what someone does")
    if all(f.kind == "number" for f in ctx.facts) and not ctx.profile.asks_when and not OCCUPATION.search(strip_markers(ctx.claim)):
        return _verdict(says_what_they_do, False, ctx.claim,  # "He became mayor in 2022." for what he did before
                        "states only numbers or dates; the question asks what someone does")
    return _verdict(says_what_they_do, not _a_statement_naming_no_occupation(ctx), ctx.claim,
                    "a statement that names no occupation or post; the question asks what someone does")


def _a_statement_naming_no_occupation(ctx: ClaimContext) -> bool:
    """A copied sentence ("하이니거 주지사는 … 청사에서 만나 면담했다") for "어떤 직업 출신" names what
    happened, not what anyone does. A short answer is left to the fact checks: "토목기사" is an
    occupation no list holds."""
    text = strip_markers(ctx.claim)
    if not is_statement(text) or OCCUPATION.search(text):
        return False
    return not any(title_of(w) and not ctx.profile.says(title_of(w)) for w in re.findall(r"[\uac00-\ud7a3]+", text))


def says_more_than_every_document(ctx: ClaimContext) -> Verdict | None:
    """A claim whose only terms are ones every document says (서울, in articles about Seoul's
    diplomacy; "Seoul" in English) answers nothing: it is the model's guess when it cannot find the asked place.
    A number is specific; a claim that states one is judged by its facts."""
    terms = [f for f in ctx.facts if f.kind != "number"]
    if not terms or len(terms) < len(ctx.facts):
        return None
    common = [f.text for f in terms if any(ctx.collection.everywhere(form) for form in _korean_forms(f))]
    return _verdict(says_more_than_every_document, len(common) < len(terms), ctx.claim,
                    f"states only what every document says ({', '.join(common)})")


def says_little_it_cannot_check(ctx: ClaimContext) -> Verdict | None:
    """English claims: few words beyond the question and the checked facts. English common words
    cannot be checked against Korean text, so a claim of many ("You can use your Seocho Coins to
    pay for public facilities and 300 carbon reduction stores") asserts more than its one checked
    number supports."""
    if ctx.profile.language != "en" or not ctx.facts:
        return None
    unchecked = unchecked_words(ctx.claim, ctx.facts, ctx.profile)
    return _verdict(says_little_it_cannot_check, len(unchecked) <= ctx.policy.unchecked_words, ctx.claim,
                    f"{len(unchecked)} words no sentence can be checked for ({', '.join(unchecked[:6])})")


def gives_the_asked_role(ctx: ClaimContext) -> Verdict | None:
    """Korean claims to a who-question asking for a role: a claim that calls its person by another
    role ("박원순 시장" for "취리히 주지사 이름이 뭐였지?") names someone else."""
    if not ctx.profile.specific_titles or ctx.profile.language != "ko":
        return None
    given = {korean_title(w.strip(",.·'\"‘’“”()")) for w in strip_markers(ctx.claim).split()} - {""}
    if not given or given & ctx.profile.titles:
        return None
    return _verdict(gives_the_asked_role, False, ctx.claim,
                    f"calls its person {', '.join(sorted(given))}, not {' or '.join(sorted(ctx.profile.titles))}")


def names_a_person(ctx: ClaimContext) -> Verdict | None:
    """A who-question asking for a role ("충칭 시장 누구야?") is not answered by a role alone: in "오세훈
    서울시장" the one new fact is 서울시장, the office of a city every document names, and 오세훈 is
    the question's own person. A role counts as a name only with a name of its own before it."""
    if not ctx.profile.titles:
        return None
    terms = [f for f in ctx.facts if f.kind != "number"]
    if not terms or any(not _only_a_role(f, ctx) for f in terms):
        return None
    return _verdict(names_a_person, False, ctx.claim,
                    f"gives a role ({', '.join(f.korean or f.text for f in terms)}), not the person who holds it")


def _korean_terms(ctx: ClaimContext, terms: Sequence[Fact]) -> tuple[list[str], set[str]] | None:
    """The Korean form of each term and the proper nouns among the claim's words and those forms;
    None when a term has no Korean form (a Latin name is judged where it is found instead)."""
    korean = [f.korean or f.text for f in terms if f.korean or _hangul(f.text)]
    if len(korean) < len(terms):
        return None
    return korean, _proper_nouns(strip_markers(ctx.claim)) | {n for k in korean for n in _proper_nouns(k)}


def names_someone(ctx: ClaimContext) -> Verdict | None:
    """A who-question is answered by someone. A person is one the text gives a title ("권순범 대표");
    a question that asks for no role may also be answered by a named place or body (쿠알라룸푸르시,
    WeGO). "스타트업" for "이큐브랩 대표는 누구야?" is a kind of company (the 대표 in "스타트업
    이큐브랩의 권순범 대표" is 이큐브랩's), and "우호도시 협정 체결" for "협정에 서명한 상대방은 누구"
    an event: neither names anyone. An English name the claim gives no Korean for is judged where
    it is found (the placement checks)."""
    terms = [f for f in ctx.facts if f.kind != "number"]
    if not ctx.profile.asks_who or not terms or not ctx.documents:
        return None
    read = _korean_terms(ctx, terms)
    if read is None:
        return None
    korean, proper = read
    written = {_claim_word(k, strip_markers(ctx.claim)) for k in korean}
    # "러시아 울랴놉스크 주지사" puts places between the title and nobody: a place is no one's name
    person = any(called_by_a_title(k, d) for k in {*korean, *written} if not _is_a_named_place(k, ctx.documents)
                 for d in ctx.documents)
    named = not ctx.profile.specific_titles and (any(k in proper for k in korean) or _names_a_post(ctx))
    return _verdict(names_someone, person or named, ctx.claim,
                    f"names no one: the text gives {', '.join(korean)} no title"
                    + ("" if ctx.profile.specific_titles else ", and none is a proper noun"))


def _claim_word(term: str, claim: str) -> str:
    """The whole word of the claim that holds `term`, its particle cut: Kiwi reads a name it does not
    know, alone, as nouns ("문헌규" as 문헌 + 규), and the text titles the name, not 문헌."""
    return next((bare(w) for w in re.findall(r"[\uac00-\ud7a3]+", claim) if term in w), term)


def _names_a_post(ctx: ClaimContext) -> bool:
    """The claim names a post as the documents write it: "서울시의 국제협력담당관, 미래첨단교통과장"
    answer who attends a forum, an office sending whoever holds it. Only a post named by more than
    its title ("과장" alone is anyone's)."""
    for word in re.findall(r"[\uac00-\ud7a3\d]+", strip_markers(ctx.claim)):
        post = up_to_the_title(word)
        title = TITLE.search(post)
        if title and len(post) > len(title.group(1)) and any(post in d for d in ctx.documents):
            return True
    return False


def names_the_asked_body(ctx: ClaimContext) -> Verdict | None:
    """A question for a company, startup or institution ("센서 달린 쓰레기통을 들고 나간 스타트업이
    어디였지?") is not answered by a statement that names none: a copied sentence describing the
    product ("스마트 쓰레기통은 … 높이는 제품입니다") has many terms and no word the claim writes as
    a proper noun or a foreign word (이큐브랩, KIST). A short claim is a name, whatever the analyser
    reads it as (양강생명과기성); a Latin name the claim gives no Korean for is not judged here."""
    terms = [f for f in ctx.facts if f.kind != "number"]
    if not ctx.profile.asks_for_a_body or len(terms) < ctx.policy.item_statement_terms:
        return None
    if _asks_for_several(ctx.profile) and _bare_list(strip_markers(ctx.claim)):
        return None  # "트리플렛 피아스페이스 씨티아이랩" for "기업 세 곳 어디야": names, whatever Kiwi reads them as
    read = _korean_terms(ctx, terms)
    if read is None:
        return None
    korean, proper = read
    named = [k for k in korean if any(p in k or k in p for p in proper if not ctx.profile.says(p))]
    return _verdict(names_the_asked_body, bool(named), ctx.claim,
                    "names no company or body: none of its terms is a proper noun the question did not say")


_SEVERAL_BODIES = re.compile(r"(?:기업|업체|회사|스타트업|기관)들|\b(?:companies|firms|startups|businesses|institutions|organi[sz]ations)\b",
                             re.IGNORECASE)


def _asks_for_several(profile: QuestionProfile) -> bool:
    """The question asks for more than one body: a count ("기업 세 곳") or a plural ("기업들", "companies")."""
    return profile.items_asked > 1 or _SEVERAL_BODIES.search(profile.text) is not None


def _bare_list(claim: str) -> bool:
    """The claim is words in a row with no particle, ending or verb between them: a list of names
    ("트리플렛, 피아스페이스, 씨티아이랩"), not a statement ("스마트 쓰레기통은 … 제품입니다")."""
    found = morphemes(claim)
    return len(claim.split()) > 1 and all(not m.tag.startswith(("J", "E", "V", "X")) for m in found)


def names_a_city(ctx: ClaimContext) -> Verdict | None:
    """A question asking which city ("Which city has applied to host …?", "WeGO 총회 개최 도시 및
    기간") is answered by a claim naming a place: a copied sentence on how WeGO grew ("2010년 창립
    당시 50여개 회원도시에서 출발해 … 유엔·세계은행 등과 파트너십을") names none. A Latin name the
    claim gives no Korean for is judged where it is found (found_where_the_text_names_a_place)."""
    terms = [f for f in ctx.facts if f.kind != "number"]
    if not ctx.profile.asks_which_city or not terms or not ctx.documents:
        return None
    if any(not f.korean and not _hangul(f.text) for f in terms):
        return None
    places = [f for f in terms if _is_a_named_place(bare(f.korean or f.text), ctx.documents)]
    return _verdict(names_a_city, bool(places), ctx.claim, "names no place; the question asks which city")


def names_the_asked_kind(ctx: ClaimContext) -> Verdict | None:
    """A question for a university or a ministry is answered by a name of one: 고려대, "Korea
    University"; 고등교육부, "Ministry of Higher Education". "한국과학기술연구원", an institute that
    runs the Bio Hub beside 고려대, is no answer to "Which university helps run the Seoul Bio Hub?"."""
    if not ctx.profile.asked_kind or ctx.profile.two_part or not any(f.korean or _hangul(f.text) for f in ctx.facts):
        return None  # a Latin name alone ("ETH Zurich") is judged where it is found
    named = KINDS_NAMED[ctx.profile.asked_kind][1].search(strip_markers(ctx.claim))
    return _verdict(names_the_asked_kind, named is not None, ctx.claim, f"names no {ctx.profile.asked_kind}")


def a_city_of_the_asked_country(ctx: ClaimContext) -> Verdict | None:
    """A question for a city of one country ("WeGO 총회를 유치하겠다고 신청한 한국 도시는 어디야?") is
    not answered by a city GeoNames places only in another: 모스크바, among the assembly's cities,
    is Russian. A claim naming no city GeoNames knows is not judged here."""
    if not ctx.profile.asked_country:
        return None
    forms = [form for f in ctx.facts if f.kind != "number" for form in (*_korean_forms(f), *korean_names(f.text))]
    words = [bare(w) for form in forms for w in form.split()]
    known = {w: codes for w in words if (codes := city_countries(w))}
    if not known:
        return None
    foreign = [w for w, codes in known.items() if ctx.profile.asked_country not in codes]
    return _verdict(a_city_of_the_asked_country, len(foreign) < len(known), ctx.claim,
                    f"{', '.join(foreign)} is a city of another country, not {ctx.profile.asked_country}")


def names_a_place(ctx: ClaimContext) -> Verdict | None:
    """A where-question is answered by a place: a term that is a named place or a proper noun, or
    that an evidence sentence writes as where something is, followed by 에서, 에 or 으로 ("페르다나
    보태니컬 가든에서", "‘서울관’에", "포시즌스호텔에서"). "디지털", of "디지털 전환 등 … 협력 방향을
    논의했다", was shown for where the tree was planted. A question for a body ("주최 기관은 어디야"),
    a city (names_a_city), a time too, or two things is not judged here; nor is a Latin name."""
    profile = ctx.profile
    if (not profile.asks_where or profile.asks_which_city or profile.asks_when or profile.two_part
            or profile.asks_for_a_body or profile.kinds or not ctx.documents):
        return None
    terms = [f for f in ctx.facts if f.kind != "number"]
    if not terms or any(not f.korean and not _hangul(f.text) for f in terms):
        return None
    # word by word: an English claim's Korean is one run ("공공시설과 약 300개의 탄소제로샵에서 …")
    forms = [bare(w) for f in terms for w in (f.korean or f.text).split() if _hangul(w)]
    place = any(_is_a_named_place(form, ctx.documents) or any(m.tag in ("NNP", "SL") for m in morphemes(form))
                or _written_as_a_place(form, forms, ctx.sentences or ctx.documents) for form in forms)
    return _verdict(names_a_place, place, ctx.claim, "names no place; the question asks where")


def _written_as_a_place(form: str, said: Sequence[str], texts: Sequence[str]) -> bool:
    """Some text writes `form`, with the words of the claim after it ("페르다나" then "보태니컬 가든"),
    followed by a particle of place."""
    for text in texts:
        for found in re.finditer(re.escape(form), text):
            if _LOCATIVE_AFTER.match(text, _end_of_the_phrase(text, found.end(), said)):
                return True
    return False


def _end_of_the_phrase(text: str, end: int, said: Sequence[str]) -> int:
    """Where the claim's phrase ends in `text`: past the words after `end` that the claim also says."""
    longest_first = sorted(said, key=len, reverse=True)
    while (word := re.match(r"\s*([\uac00-\ud7a3]+)", text[end:])) is not None:
        stated = next((w for w in longest_first if word.group(1).startswith(w)), None)
        if stated is None:
            return end
        end += word.start(1) + len(stated)
    return end


# The rest of a word, then a particle of place: "가든에서", "‘서울관’에", "청사에서는".
_LOCATIVE_AFTER = re.compile(r"[\uac00-\ud7a3]*?[’'”\"」)]?\s?(?:에서|에|으로)(?:는|도|의|선)?(?![\uac00-\ud7a3])")


def _is_a_named_place(form: str, documents: Sequence[str]) -> bool:
    """A country, a city GeoNames knows, a place a document gives an official, a proper noun a
    document uses as a place or lists among cities (피츠버그 in "모스크바·마드리드·피츠버그"; not
    유엔 in "유엔·세계은행"), or one word with a place's suffix (취리히주). A common noun is none,
    though a document writes "분야에서" ("in the field") and though 국제기구 ("international
    body") and 회원도시 ("member city") end in 구 and 시."""
    if is_country(form) or english_city_name(form) is not None:
        return True
    if any(form in role_places(d) for d in documents):
        return True
    parts = morphemes(form)
    if any(m.tag == "NNP" for m in parts):
        return any(is_place(form, d) or _listed_among_cities(form, d) for d in documents)
    return len(parts) == 1 and (bool(PLACE_SUFFIX.search(form)) or any(_listed_among_cities(form, d) for d in documents))


def _listed_among_cities(form: str, document: str) -> bool:
    """The document lists `form` with ·, next to a city GeoNames knows."""
    for match in re.finditer(r"([\uac00-\ud7a3]+)·" + re.escape(form) + r"|" + re.escape(form) + r"·([\uac00-\ud7a3]+)", document):
        neighbour = match.group(1) or match.group(2)
        if english_city_name(bare(neighbour)) is not None:
            return True
    return False


def avoids_what_is_ruled_out(ctx: ClaimContext) -> Verdict | None:
    """A question that rules something out ("쿠알라룸푸르 시장(부시장 말고) 이름이 뭐예요?", "서울 말고
    어디어디", "the city of Zurich itself, not the canton") is not answered by a claim that says it:
    the deputy mayor with his title, Seoul in the list, the canton's area. (A list keeps its other
    items: the claim is then checked clause by clause.)"""
    if not ctx.profile.excluded:
        return None
    said = [term for term in ctx.profile.excluded if says_word(term, strip_markers(ctx.claim))]
    return _verdict(avoids_what_is_ruled_out, not said, ctx.claim, f"says {', '.join(said)}, which the question rules out")


def names_more_than_the_country(ctx: ClaimContext) -> Verdict | None:
    """A where-question is answered by the most specific place the text gives: the expo "스페인
    바르셀로나에서 열린" was in Barcelona, and "Spain" alone names only its country. A city the
    question names itself ("Where is Ulyanovsk?") is not asked for."""
    places = [f for f in ctx.facts if f.kind != "number"]
    if not ctx.profile.asks_where or not places or not all(is_country(f.korean or f.text) for f in places):
        return None
    thresholds = (ctx.policy.name_similarity, ctx.policy.short_name_spelling)
    cities = [city for f in places for sentence in ctx.sentences for city in _places_after(f, sentence)
              if not _asked_place(ctx.profile, city, thresholds)]
    return _verdict(names_more_than_the_country, not cities, ctx.claim,
                    f"names only the country; the text names the place in it: {', '.join(dict.fromkeys(cities))}")


def narrowed_to_the_place(claim: str, facts: Sequence[Fact], profile: QuestionProfile, sentences: Sequence[str],
                          policy: VerifyPolicy) -> str:
    """A mend, before the checks: a where-answer naming only a country that the sentences write with
    one place right after it ("스페인 바르셀로나에서 열린") names that place as the sentence does:
    "스페인" becomes "스페인 바르셀로나", and "Spain (스페인)" "Barcelona (바르셀로나), Spain", where
    GeoNames gives the place one English name. The model pointed at the right words and stopped
    one short; the place is the sentence's own. Anything else is left to names_more_than_the_country."""
    named = [f for f in facts if f.kind != "number"]
    if not profile.asks_where or len(named) != 1 or not is_country(named[0].korean or named[0].text):
        return claim
    country = named[0]
    thresholds = (policy.name_similarity, policy.short_name_spelling)
    places = {p for sentence in sentences for p in _places_after(country, sentence)
              if not _asked_place(profile, p, thresholds)}
    if len(places) != 1 or country.text not in claim:
        return claim
    place = places.pop()
    if profile.language != "en":
        return claim.replace(country.text, f"{country.text} {place}", 1)
    english = english_city_name(place)
    if english is None:
        return claim
    written = re.search(re.escape(country.text) + r"(?:\s*\([^()]*\))?", claim)
    return f"{claim[: written.start()]}{english} ({place}), {country.text}{claim[written.end():]}"


def _places_after(country: Fact, sentence: str) -> list[str]:
    """The places a sentence writes right after a country the claim names ("스페인 바르셀로나에서")."""
    forms = {country.korean} if country.korean else (korean_names(country.text) or {country.text})
    found = []
    for form in forms:
        for m in re.finditer(re.escape(form) + r"\s*([\uac00-\ud7a3]+)", sentence):
            word = bare(m.group(1))
            if is_place(word, sentence) and not is_country(word):
                found.append(word)
    return found


def _asked_place(profile: QuestionProfile, place: str, thresholds: tuple[float, float]) -> bool:
    return profile.says(place) or any(find_name(name, place, *thresholds) for name in profile.names)


def states_the_range_in_one_sentence(ctx: ClaimContext) -> Verdict | None:
    """A range is one fact: "7월 23일부터 27일까지" for the deputy mayor's trip had its 27 from the
    trip's sentence ("7월 22일부터 27일까지") and its 23 from the signing's ("23일 … 체결했다"), each
    found, the range stated nowhere. Both ends must be in one evidence sentence."""
    ranges = _ranges_in(strip_markers(ctx.claim))
    if not ranges or not ctx.sentences:
        return None
    held = [numbers_in(s) for s in ctx.sentences]
    missing = [f"{a}–{b}" for a, b, first, last in ranges if not any(first & h and last & h for h in held)]
    return _verdict(states_the_range_in_one_sentence, not missing, ctx.claim,
                    f"no evidence sentence states the range {', '.join(missing)}")


def _ranges_in(claim: str) -> list[tuple[str, str, frozenset[float], frozenset[float]]]:
    """The number ranges a claim writes: "23일부터 27일까지", "22~27일", "from July 22 to 27"."""
    places = amount_places(claim)
    return [(claim[a:b].strip(), claim[c:d].strip(), first, last)
            for (a, b, first), (c, d, last) in zip(places, places[1:]) if _RANGE_BETWEEN.fullmatch(claim[b:c])]


# What stands between a range's two ends: a counter, then 부터 / ~ / "to", then perhaps a month.
_RANGE_BETWEEN = re.compile(r"\s*(?:일|월|년|시|st|nd|rd|th)?\s*" + RANGE_JOINER + r"\s*"
                            r"(?:[A-Za-z]+\.?\s+|\d+\s*월\s*)?", re.IGNORECASE)


CLAIM_CHECKS: tuple[Callable[[ClaimContext], Verdict | None], ...] = (
    avoids_what_is_ruled_out,
    names_more_than_the_country,
    fits_question_kind,
    names_what_is_asked,
    counts_the_asked_thing,
    gives_the_asked_role,
    names_a_person,
    names_someone,
    names_the_asked_body,
    names_a_city,
    names_a_place,
    a_city_of_the_asked_country,
    names_the_asked_kind,
    names_one_item,
    names_an_award,
    adds_a_fact,
    names_more_than_the_asked_person,
    names_more_than_the_one_referred_to,
    says_what_they_do,
    says_more_than_every_document,
    says_little_it_cannot_check,
    states_the_range_in_one_sentence,
)


# ---------------------------------------------------------------- answer checks


def names_as_many_as_asked(profile: QuestionProfile, answer: str) -> Verdict | None:
    """A which-question that says how many it wants ("Which two organisations signed the biotech
    MOU?", "함께 간 세 업체 이름 알려줘") is not answered by fewer: "Seoul Biotech Hub (서울
    바이오허브)" alone names half the answer and reads as all of it. Judged on what is kept of the
    answer, counting its list items (commas, "and", 와/과, ·, 및; a bracketed gloss is part of its
    item); a two-part question asks two things, and is not judged."""
    if not profile.items_asked or profile.two_part:
        return None
    items = len([i for i in _LIST_BREAK.split(re.sub(r"\([^()]*\)", " ", strip_markers(answer))) if i.strip()])
    return _verdict(names_as_many_as_asked, items >= profile.items_asked, answer,
                    f"names {items} of the {profile.items_asked} the question asks for")


_LIST_BREAK = re.compile(r",|;|·|/|\band\b|\bor\b|및|그리고|(?<=[\uac00-\ud7a3])(?:와|과|랑|이랑|하고)(?=\s)", re.IGNORECASE)


# Run on what is kept of the whole answer: an answer that fails one is withheld.
ANSWER_CHECKS: tuple[Callable[[QuestionProfile, str], Verdict | None], ...] = (
    names_as_many_as_asked,
)


# ---------------------------------------------------------------- placement checks


def holds_the_asked_title(ctx: PlacementContext) -> Verdict | None:
    """A who-question asking for a role ("쿠알라룸푸르 시장은 누구", "the president of ETH Zurich") is
    answered by a name the sentence gives that role: "토마스 하이니거 취리히 주지사" is a governor,
    not the university's president. A name the sentence gives no title is not judged here."""
    if not ctx.profile.specific_titles or ctx.fact.kind == "number":
        return None
    held = title_after(ctx.sentence, ctx.end) or title_before(ctx.sentence, ctx.start)
    if not held:
        return None
    return _verdict(holds_the_asked_title, held in ctx.profile.titles, ctx.fact.text,
                    f"is {held} in the text, not {' or '.join(sorted(ctx.profile.titles))}")


def on_the_asked_side(ctx: PlacementContext) -> Verdict | None:
    """A who-question about one side ("쿠알라룸푸르 쪽에서 서명한 부시장", "which Tashkent vice mayor")
    is answered by a person the document gives that side's title, not the other side's: 김태균 is
    "서울시 행정1부시장". Judged over every place the document names the person, because a sentence
    may name him without his side ("김태균 행정1부시장(우)은 …"). The asked side need not hold a title
    in the document: "the Hanoi mayor" is not 트세피소 솔리 미시만가, "남아공 츠와네 시장", though
    Hanoi is only listed among the cities. A person this document gives no place is given the places
    the index's other documents give him: the Zurich article writes only "박원순 시장", the WeGO one
    "박원순 서울시장", and "Who was the mayor of Zurich before Corine Mauch?" had been answered
    박원순. A person no document gives a place, or a side the document never names ("Which Russian
    governor": Russian is no place), is not judged here."""
    if not ctx.profile.sides or ctx.fact.kind == "number" or not ctx.document:
        return None
    thresholds = (ctx.policy.name_similarity, ctx.policy.short_name_spelling)
    sides = [s for s in ctx.profile.sides if names_place(s, ctx.document, *thresholds)]
    key = person_key(ctx.sentence[ctx.start : ctx.end])
    places = _places_given(key, ctx.document, ctx.library) if sides and key else set()
    if not places:
        return None
    return _verdict(on_the_asked_side, any(same_place(s, p, *thresholds) for s in sides for p in places),
                    ctx.fact.text, f"{key} is of {', '.join(sorted(places))} in the text, not {' or '.join(sides)}")


def _places_given(key: str, document: str, library: Sequence[str]) -> set[str]:
    """The places `document` attaches to the person named `key`, or, where it attaches none, those
    the library's other documents do."""
    return attached_places(key, document) or {place for other in library if other != document and key in other
                                               for place in attached_places(key, other)}


def holds_the_asked_award(ctx: PlacementContext) -> Verdict | None:
    """A question about one award grade ("동상은 어느 도시가 탔어?", "who took the bronze") is not
    answered by a winner the sentence gives another grade: in "고양시(스마트 폐기물 수거·관리 서비스,
    금상), 세종시(…, 은상)" 고양시 took gold. The grade is read in the brackets right after the
    fact, as prize lists write it; a winner given no grade there is not judged here."""
    if not ctx.profile.award:
        return None
    after = ctx.sentence[ctx.end :]
    bracket = re.match(r"[^\s(]*\(([^()]*)\)", after)
    held = AWARD.findall(bracket.group(1)) if bracket else []
    if not held:
        return None
    return _verdict(holds_the_asked_award, ctx.profile.award in held, ctx.fact.text,
                    f"took {', '.join(held)} in the text, not {ctx.profile.award}")


def listed_with_the_asked(ctx: PlacementContext) -> Verdict | None:
    """A sentence may list years each with its own place ("'14년 뉴욕을 시작으로 '16년 런던, '17년
    홍콩, '18년 샌프란시스코에서 교류행사를 개최한 바 있다"). A when-question about one of the places
    ("In which year did Zurich hold its exchange event in Hong Kong?") is answered by the year listed
    with it ('17), not the next one; a where-question set in a year ("2016년에는 어디서") by the place
    listed with that year. An item runs from its year to the next; what the sentence says before its
    first year (취리히시는) belongs to no item, and a sentence of one year is not judged here."""
    items = year_items(ctx.sentence)
    if len(items) < 2:
        return None
    own = next((i for i, (start, end, _) in enumerate(items) if start <= ctx.start < end), None)
    if own is None:
        return None
    if ctx.fact.kind == "number" and ctx.profile.asks_when:
        listed = {i for i, (start, end, _) in enumerate(items) for at in _asked_places_at(ctx) if start <= at < end}
        reason = "is listed with another place in the text"
    elif ctx.fact.kind != "number" and ctx.profile.asks_where and ctx.profile.years:
        listed = {i for i, (_, _, year) in enumerate(items) if year in ctx.profile.years}
        reason = "is listed with another year in the text"
    else:
        return None
    if not listed:
        return None
    return _verdict(listed_with_the_asked, own in listed, ctx.fact.text, reason)


_LISTED_YEAR = re.compile(r"(?<![\d'’])(?:['’](\d{2})|((?:19|20)\d{2}))\s*년")


def year_items(sentence: str) -> list[tuple[int, int, float]]:
    """The items of a sentence listing years: (start, end, year), each running to the next year."""
    found = list(_LISTED_YEAR.finditer(sentence))
    years = [2000 + int(m.group(1)) if m.group(1) else int(m.group(2)) for m in found]
    ends = [m.start() for m in found[1:]] + [len(sentence)]
    return [(m.start(), end, float(year)) for m, end, year in zip(found, ends, years)]


def _asked_places_at(ctx: PlacementContext) -> list[int]:
    """Where the sentence names the places the question names: its Korean proper nouns as written,
    its Latin names by sound."""
    thresholds = (ctx.policy.name_similarity, ctx.policy.short_name_spelling)
    found = [m.start() for noun in ctx.profile.proper_nouns for m in re.finditer(re.escape(bare(noun)), ctx.sentence)]
    for name in ctx.profile.names:
        match = find_name(name, ctx.sentence, *thresholds)
        if match:
            found.append(match.start)
    return found


def the_asked_winners_award(ctx: PlacementContext) -> Verdict | None:
    """A question about one winner's award ("WeGO 시상식에서 고양시는 무슨 상 받았어요?") is answered
    by the grade the text gives that winner, not the next one's: in "고양시(스마트 폐기물 수거·관리
    서비스, 금상), 세종시(세종 스마트시티-세계도시들의 미래, 은상)" the 은상 is 세종시's. Prize lists
    write the grade in brackets after the winner; a grade written elsewhere, or a question naming
    no winner the sentence lists (in Korean), is not judged here."""
    grade = ctx.fact.korean or ctx.fact.text
    if not AWARD.fullmatch(grade):
        return None
    winners = _award_winners(ctx.sentence)
    this = next((w for w, (opening, closing) in winners.items() if opening < ctx.start < closing), None)
    asked = [w for w in ctx.profile.words if any(w in winner for winner in winners)]
    if this is None or not asked:
        return None
    return _verdict(the_asked_winners_award, any(w in this for w in asked), ctx.fact.text,
                    f"is the grade of {this} in the text, not of {', '.join(sorted(asked))}")


def _award_winners(sentence: str) -> dict[str, tuple[int, int]]:
    """Each word a prize list writes right before a bracket holding a grade, with that bracket's span."""
    return {m.group(1): (m.start(2), m.end(2)) for m in re.finditer(r"(\S+?)\s*(\([^()]*\))", sentence)
            if AWARD.search(m.group(2))}


def measures_what_is_asked(ctx: PlacementContext) -> Verdict | None:
    """An amount the sentence gives as a measure of a place ("인구 약 247만명", "넓이는 1,729㎢")
    answers a how-many question, or one asking a measure, only about that measure: "How many people
    attended Seoul Day in Tashkent?", "How many districts is Tashkent divided into?" and "What is
    the GDP of Kuala Lumpur?" are not answered by a population.
    The measure is the nearest measure word before the amount in its clause. A claim of several
    amounts (a copied sentence: "국가 GDP의 약 19%를 창출하는 인구 약 247만명의 도시다") answers with
    one of them, and is not judged by another."""
    if ctx.fact.kind != "number" or not (ctx.profile.asks_how_many or ctx.profile.measure) \
            or sum(1 for f in ctx.claim_facts if f.kind == "number") > 1:
        return None
    clause = re.split(r"[,.;]\s|\s(?:및|그리고)\s", ctx.sentence[max(0, ctx.start - _MEASURE_REACH) : ctx.start])[-1]
    held = [(m.end(), name) for name, (_, written) in MEASURES.items() for m in written.finditer(clause)]
    if not held:
        return None
    measure = max(held)[1]
    return _verdict(measures_what_is_asked, measure == ctx.profile.measure, ctx.fact.text,
                    f"is the {measure} in the text, not what the question counts")


_MEASURE_REACH = 12  # characters before an amount its measure word may stand ("인구는 약 ")


def stated_as_now(ctx: PlacementContext) -> Verdict | None:
    """A question about how things stand now ("지금 입주해 있는 기업은 몇 개야?", "right now") is not
    answered by what the sentence says will be: "완공 시에는 250개 이상의 기업이 이곳에서 연구하게
    된다" is a plan. Read in the fact's own clause, from the fact to the next comma or full stop, so
    "현재 100개 기업이 있으며, 250개로 늘릴 계획이다" still states 100 as now. Nor by what the text
    says someone held before: in "'13년~'14년 주지사 역임 후 … 재임하고 있다", '14 ends a past term,
    not "지금 임기" (his term now)."""
    if not ctx.profile.asks_now:
        return None
    clause = _clause_after(ctx.sentence, ctx.end)
    former = _HELD_BEFORE.match(clause)
    if former:
        return _verdict(stated_as_now, False, ctx.fact.text,
                        f"is what the text says was held before ({former.group(1)}), not how things stand now")
    plan = _PLANNED.search(clause)
    return _verdict(stated_as_now, plan is None, ctx.fact.text,
                    f"is what the text says will be ({plan.group() if plan else ''}), not how things stand now")


# A post held before, told within three words after the value: "'14년 주지사 역임 후", "시장을 지낸".
_HELD_BEFORE = re.compile(r"\S*(?:\s+\S+){0,2}?\s*\S*?(역임|지낸|지냈|퇴임|이임)")


def stated_as_settled(ctx: PlacementContext) -> Verdict | None:
    """A question about what was chosen or decided ("WeGO 부의장도시로 최종 뽑힌 데가 어디야?", "Which
    city was elected chair?") is not answered by what the text only proposes: "부의장도시로는
    모스크바·멕시코시티 … 등이 거론되고 있다" names candidates, and "세종시는 제5회 총회 개최지 유치를
    위해 신청한 상태다" an applicant. Read in the fact's own clause, as stated_as_now."""
    if not ctx.profile.asks_settled:
        return None
    proposed = _PROPOSED.search(_clause_after(ctx.sentence, ctx.end))
    return _verdict(stated_as_settled, proposed is None, ctx.fact.text,
                    f"is only proposed in the text ({proposed.group() if proposed else ''}), not chosen")


_PROPOSED = re.compile(r"거론|물망|검토|논의|(?:예상|전망|관측)(?:되|된|이다|한다)|신청|도전|유력")


def stated_as_to_come(ctx: PlacementContext) -> Verdict | None:
    """A question about what is still to come ("What year is the park supposed to be finished?") is
    not answered by what the sentence says was done: "중국은 2011년부터 … 생명과학단지를 건립했다"
    dates the start of the building, not its end. Read in the fact's own clause, as stated_as_now;
    a plan told in the past ("완공할 계획이었다") is still a plan. A time the text calls "당시" (then) is
    past however the clause goes on: "2010년 창립 당시 50여개 회원도시에서 출발해 …" had answered the
    year of the next WeGO assembly."""
    if not ctx.profile.asks_to_come:
        return None
    clause = _clause_after(ctx.sentence, ctx.end)
    done = _THEN.match(clause) is not None or not _PLANNED.search(clause) and _first_predicate_is_past(clause)
    return _verdict(stated_as_to_come, not done, ctx.fact.text, "is what the text says was done, not what is to come")


# A time told as past by the words right after it: "2010년 창립 당시", "2017년 당시".
_THEN = re.compile(r"\S*\s*(?:\S+\s+)?당시")


def stated_as_done(ctx: PlacementContext) -> Verdict | None:
    """A when-question about something done ("취리히주랑 협약 맺은 게 언제야?", "When did …") is not
    answered by a date the text puts in the year to come: "내년 9월 서울에서 처음 열리는 행사" is an
    event still ahead of the article, not the signing."""
    if ctx.fact.kind != "number" or not ctx.profile.asks_done or not ctx.profile.asks_when:
        return None
    ahead = _NEXT_YEAR_BEFORE.search(ctx.sentence[max(0, ctx.start - 8) : ctx.start])
    if ahead is None:
        return None
    return _verdict(stated_as_done, False, ctx.fact.text,
                    f"is in the year to come in the text ({ahead.group(1)}), not a date of what was done")


_NEXT_YEAR_BEFORE = re.compile(r"(내년|다음\s?해|next year)\s*(?:\d{1,2}\s*월\s*)?$", re.IGNORECASE)
_PAST = ("었", "았", "였", "았었", "었었")


def _clause_after(sentence: str, end: int) -> str:
    """The rest of a fact's own clause: from `end` to the next comma or full stop, kept, as the
    tagger reads "건립했." as past and "건립했" not."""
    return re.split(r"(?<=[,.])\s", sentence[end:] + " ", maxsplit=1)[0]


def _first_predicate_is_past(clause: str) -> bool:
    """The first verb after the fact, outside quotes, is in the past tense: in "내년 9월 서울에서 처음
    열리는 행사에 협조해 줄 것을 요청했다" the date is the event's (열리는), not the request's."""
    found = morphemes(clause)
    quoted = 0
    for i, m in enumerate(found):
        quoted += (m.tag == "SSO") - (m.tag == "SSC")
        if quoted <= 0 and m.tag in _VERB_TAGS:
            endings = itertools.takewhile(lambda e: e.tag.startswith(("E", "X")), found[i + 1 :])
            return any(e.tag == "EP" and e.form in _PAST for e in endings)
    return False


def dated_by_the_asked_action(ctx: PlacementContext) -> Verdict | None:
    """A when-question is answered by the date of the action it asks about: in "2003년 후난성 10대
    경제인으로 선정되기도 했으며, 부시장과 시장 대행을 거쳐 2022년 취임했다", "When did he take
    office?" is 2022, not 2003. Judged only where the sentence states the asked action (취임); a
    sentence that words it otherwise is left to the other checks."""
    if ctx.fact.kind != "number" or not ctx.profile.asks_when:
        return None
    return _of_the_asked_action(dated_by_the_asked_action, ctx, "dates another action in the text")


def placed_by_the_asked_action(ctx: PlacementContext) -> Verdict | None:
    """A where-question is answered by the place of the action it asks about: "Which Russian city
    hosted the WeGO general assembly?" is 울랴놉스크 of "울랴놉스크에서 열리는 … 총회", not 모스크바
    of "이번 총회에는 … 모스크바·마드리드 … 등 110개 도시 … 참석한다" (a guest city; its clause ends in
    attending). The same reading as dates (rag/actions.py): judged only where the sentence states
    the asked action or ends the place's clause in another known one."""
    if ctx.fact.kind == "number" or not ctx.profile.asks_where or ctx.profile.asks_when:
        return None
    return _of_the_asked_action(placed_by_the_asked_action, ctx, "is the place of another action in the text")


def _of_the_asked_action(check: Callable, ctx: PlacementContext, failure: str) -> Verdict | None:
    """The verdict of `check` on whether the value at the place belongs to the asked action."""
    if not ctx.profile.actions:
        return None
    belongs = dated_action(ctx.sentence, ctx.end, ctx.profile.actions)
    if belongs is None:
        return None
    return _verdict(check, belongs, ctx.fact.text, f"{failure}, not {'/'.join(sorted(ctx.profile.actions))}")


def says_what_it_became(ctx: PlacementContext) -> Verdict | None:
    """A question about what someone or something became ("몇 년도에 처음 변호사가 됐나요?", "4기
    의장도시로 최종 뽑힌 곳은 어디야?") is answered only from a sentence that says it: 모스크바 in
    the list of the assembly's guests was chosen as nothing, and a 부의장도시 is not a 의장도시."""
    became = ctx.profile.becomes
    if not became:
        return None
    said = re.search(rf"(?<!부){re.escape(became)}" if not became.startswith("부") else re.escape(became), ctx.sentence)
    return _verdict(says_what_it_became, bool(said), ctx.fact.text, f"is in a sentence that does not say {became}")


def names_a_body(ctx: PlacementContext) -> Verdict | None:
    """A question for a company, startup or institution ("what's the startup showing off a smart
    trash can?") is not answered by a person: a name the sentence gives a title ("박원순 시장") is
    someone, not a company."""
    if not ctx.profile.asks_for_a_body or ctx.fact.kind == "number":
        return None
    held = title_after(ctx.sentence, ctx.end)
    if not held:
        return None
    return _verdict(names_a_body, False, ctx.fact.text, f"is a person ({held}) in the text, not a company or body")


def the_company_the_text_names(ctx: PlacementContext) -> Verdict | None:
    """A question for a company ("Which startup is showing off the smart trash bin?") is answered by
    the name the text calls a company, where it calls one so: in "참여한 스타트업 이큐브랩은
    '스마트 쓰레기통'을 선보인다" the startup is 이큐브랩, and the bin its product. A company word
    labels the names right after it when they hold a proper noun or a Latin one ("기업 트리플렛,
    피아스페이스"; not "혁신기업 발굴"). The text's word holds wherever the claim cites the name:
    "스마트 쓰레기통은 … 제품이다", which labels nothing, is no startup either, as the sentence
    that named 이큐브랩 beside it said. A name the text labels nowhere, or labels somewhere, is not
    judged by the sentences that do not label it."""
    if not ctx.profile.asks_for_companies or ctx.fact.kind == "number":
        return None
    labelled = _company_names(ctx.sentence)
    if labelled:
        named = any(start < ctx.end and ctx.start < end for start, end, _ in labelled)
        return _verdict(the_company_the_text_names, named, ctx.fact.text,
                        f"is not the company the text names here ({', '.join(name for _, _, name in labelled)})")
    beside = _companies_named_beside(ctx.sentence[ctx.start : ctx.end], ctx.document)
    if not beside:
        return None
    return _verdict(the_company_the_text_names, False, ctx.fact.text,
                    f"is not the company the text names beside it ({', '.join(beside)})")


_COMPANY_LABEL = re.compile(r"(?:스타트업|기업|업체|회사)\s+((?:[^\s,·]+[,·]\s*)*[^\s,·]+)")
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+|\n")


def _company_names(sentence: str) -> list[tuple[int, int, str]]:
    """The names a sentence labels as companies: (start, end, name) of each name of the run after
    a company word ("스타트업 이큐브랩은", "기업 트리플렛, 피아스페이스가"), when the run holds a
    proper noun or a Latin one."""
    found = []
    for m in _COMPANY_LABEL.finditer(sentence):
        if any(w.tag in ("NNP", "SL") for w in morphemes(m.group(1))):  # a run of names, not "기업 발굴"
            found += [(m.start(1) + name.start(), m.start(1) + name.end(), bare(name.group()))
                      for name in re.finditer(r"[^\s,·]+", m.group(1))]
    return found


def _companies_named_beside(found: str, document: str) -> list[str]:
    """The companies the document labels in sentences that hold `found` unlabelled; none when it
    labels `found` itself somewhere."""
    beside = []
    for sentence in _SENTENCE_BREAK.split(document):
        labelled = _company_names(sentence) if found in sentence else []
        if any(found in name or name in found for _, _, name in labelled):
            return []
        beside += [name for _, _, name in labelled]
    return beside


def the_name_not_its_kind(ctx: PlacementContext) -> Verdict | None:
    """A which-question ("what blockchain hub did the Seoul mayor drop by while he was in Zurich?")
    is answered by the name the sentence gives, not by the kind it calls it: in "취리히시 소재
    블록체인센터인 ‘트러스트 스퀘어’를 방문했다", 블록체인센터 is what Trust Square is, and so it
    is in the subtitle that names no center ("취리히 중심지 소재 ‘블록체인센터’ 방문해"): read
    wherever the document says what the word is. Not judged where the question or the claim names
    the thing ("What is Trust Square?" asks for its kind)."""
    if ctx.fact.kind == "number" or not ctx.document:
        return None
    word = ctx.sentence[ctx.start : ctx.end]
    named = re.search(re.escape(word) + _NAMED_AFTER_ITS_KIND, ctx.document) if len(word) >= 2 else None
    if not named:
        return None
    name = named.group(1)
    thresholds = (ctx.policy.name_similarity, ctx.policy.short_name_spelling)
    said = ctx.profile.says(re.sub(r"\s+", "", name)) or any(find_name(n, name, *thresholds) for n in ctx.profile.names) \
        or any(name in f.text or name in f.korean or find_name(f.text, name, *thresholds) for f in ctx.claim_facts if f is not ctx.fact)
    return None if said else _verdict(the_name_not_its_kind, False, ctx.fact.text,
                                      f"is what the text says {name} is, not its name")


# A kind, then the name of the one meant, quoted: "블록체인센터인 ‘트러스트 스퀘어’", "스타트업인 '이큐브랩'".
_NAMED_AFTER_ITS_KIND = r"['’\"”]?인\s*['‘\"“]([^'‘’\"“”]{2,30})['’\"”]"  # follows the word, escaped, in a search


def a_party_not_the_venue(ctx: PlacementContext) -> Verdict | None:
    """A question for a company or institution ("서울바이오허브랑 MOU 맺은 중국 쪽 기관 이름이 뭐야?")
    is not answered by the place where the event was held: in "두 기관은 이날 충칭다디생명과학단지에서
    열린 협약식에서 …" the park is the venue; the body that signed is 양강생명과기성. Only a name
    followed by "에서 열린" (개최된, 진행된) is judged: "고려대에서 운영하는" is 고려대 acting."""
    if not ctx.profile.asks_for_a_body or ctx.fact.kind == "number" or ctx.profile.asks_where:
        return None
    venue = _VENUE_AFTER.match(ctx.sentence, ctx.end)
    if venue is None:
        return None
    return _verdict(a_party_not_the_venue, False, ctx.fact.text, "is where the event was held in the text, not a party to it")


_VENUE_AFTER = re.compile(r"[^\s,.]*?에서\s+(?:열린|열렸|개최된|개최됐|진행된|진행됐)")


def the_asked_place_not_where_it_lies(ctx: PlacementContext) -> Verdict | None:
    """A country the text writes right before a place the question names says where that place lies
    ("말레이시아 쿠알라룸푸르", "스페인 바르셀로나"): it answers a where-question or one asking for a
    country, nothing else. "Who did Kim Tae-gyun sign the Kuala Lumpur friendship agreement with?"
    had been answered "Kuala Lumpur and Malaysia (말레이시아)", citing "서울시가 말레이시아
    쿠알라룸푸르, 우즈베키스탄 타슈켄트와 도시 협력에 나선다."; the deputy mayor he signed with is
    named two sentences on. A where-question answers so only when it asks where the place itself lies
    ("Where is Kuala Lumpur?"): "Where did the Seoul and Kuala Lumpur delegations plant a commemorative
    tree?" had been answered "… Malaysia (말레이시아)" from the same sentence, which plants nothing.
    A country that only describes the claim's other fact is not judged: "세르게이 모로조프 러시아
    울랴놉스크 주지사" answers who the governor is."""
    p = ctx.profile
    if ctx.fact.kind == "number" or p.asks_which_countries or p.asks_where_it_lies or not is_country(bare(ctx.sentence[ctx.start : ctx.end])):
        return None
    if any(f != ctx.fact for f in ctx.claim_facts):
        return None
    after = re.match(r"\s+([^\s,.·()]+)", ctx.sentence[ctx.end :])
    if after is None:
        return None
    place = bare(after.group(1))
    thresholds = (ctx.policy.name_similarity, ctx.policy.short_name_spelling)
    if not any(same_place(asked, place, *thresholds) for asked in (*p.names, *p.proper_nouns)):
        return None
    return _verdict(the_asked_place_not_where_it_lies, False, ctx.fact.text,
                    f"is where {place} lies in the text, not what the question asks")


def found_where_the_text_speaks_of_companies(ctx: PlacementContext) -> Verdict | None:
    """A question for companies ("Name the local tech companies that went to the Barcelona expo") is
    answered by names the text gives where it speaks of companies: "참여 기업은 트리플렛 피아스페이스
    씨티아이랩이다". A paragraph listing the district's programmes ("‘서초SMART유스센터’를 비롯해 …
    ‘서초AI칼리지’ … 등도 소개") names no company, though its names are proper nouns. Read over the
    fact's paragraph: news names a startup in one sentence and calls it a 업체 in the next."""
    if not ctx.profile.asks_for_companies or ctx.fact.kind == "number" or not ctx.document:
        return None
    paragraph = _paragraph_of(ctx.sentence, ctx.document)
    return _verdict(found_where_the_text_speaks_of_companies, COMPANY_WORD.search(paragraph) is not None, ctx.fact.text,
                    "is in a paragraph that speaks of no company")


def _paragraph_of(sentence: str, document: str) -> str:
    """The document's line holding `sentence` (the sentence itself when it is not found)."""
    at = document.find(sentence)
    if at < 0:
        return sentence
    start = document.rfind("\n", 0, at) + 1
    end = document.find("\n", at + len(sentence))
    return document[start : end if end >= 0 else len(document)]


def found_where_the_text_names_someone(ctx: PlacementContext) -> Verdict | None:
    """A Latin name given for a role ("Who's the Chongqing mayor …?") and found in the Korean text
    only by its sound is found there only where the text writes a person: a word its document
    calls by a title. "Li Qiang", invented, sounds like 흐르는 강 ("the flowing river") and nearly
    like 비공개; the text's mayor is "후헝화 충칭시장". A name the claim glosses with the text's own
    Korean is found as written, and judged by the other checks."""
    if not ctx.profile.titles or ctx.fact.kind == "number" or _hangul(ctx.fact.text):
        return None
    found = ctx.sentence[ctx.start : ctx.end]
    if not _hangul(found) or re.sub(r"\s+", "", ctx.fact.korean) == re.sub(r"\s+", "", found):
        return None
    person = (called_by_a_title(found, ctx.document or ctx.sentence) or bool(title_after(ctx.sentence, ctx.end))
              or bool(title_before(ctx.sentence, ctx.start)))
    return _verdict(found_where_the_text_names_someone, person, ctx.fact.text,
                    f"sounds like {found}, which the text never calls by a title")


def found_where_the_text_names_a_place(ctx: PlacementContext) -> Verdict | None:
    """A question asking which city ("Which cities hosted Zurich's exchange events before?", "어느
    도시에서") is answered by a place: a name found where the text writes one (_is_a_named_place:
    a country, a city GeoNames knows, a place the document gives an official, a proper noun it uses
    as a place, a word with a place's suffix). "Mauruque (물꼬)",
    invented and glossed with the 물꼬 of "교류협력의 물꼬를 트는" ("opening the way for
    exchange"), is found in the sentence and names nothing."""
    if not ctx.profile.asks_which_city or ctx.fact.kind != "name":
        return None  # a Korean word is judged by names_a_city, with the claim's other terms
    found = bare(ctx.sentence[ctx.start : ctx.end].strip())
    if not _hangul(found):
        return None  # the text writes the name in Latin letters: judged by the other checks
    place = _is_a_named_place(found, [ctx.document or ctx.sentence])
    return _verdict(found_where_the_text_names_a_place, place, ctx.fact.text, f"is found as {found}, which the text never uses as a place")


def found_outside_the_byline(ctx: PlacementContext) -> Verdict | None:
    """The byline ("[영등포신문=이천용 기자]", "【울랴놉스크=뉴시스】박대로 기자 =") says who wrote the
    article, nothing it reports: "이천용 기자", the reporter, had been shown as what Chongqing's mayor
    did before taking office. Only a question about the writer is answered there."""
    if ctx.profile.asks_about_the_writer:
        return None
    inside = any(m.start() < ctx.end and ctx.start < m.end() for m in _BYLINE.finditer(ctx.sentence))
    return _verdict(found_outside_the_byline, not inside, ctx.fact.text, "is found in the article's byline, which names its writer")


def counts_where_the_text_counts(ctx: PlacementContext) -> Verdict | None:
    """A how-many question is answered by a count: a bare number found where the text writes a
    month, a day, a time or a rank counts nothing. "10", for how many council members voted for
    the ordinance, was the 10 of "지난해 10월 대표발의한" (proposed last October), and "4" the 4 of
    "김혜영 의원(국민의힘·광진4)", a constituency's name."""
    if not ctx.profile.asks_how_many or ctx.profile.two_part or ctx.fact.kind != "number" or ctx.fact.counts:
        return None
    counted = counter_after(ctx.sentence, ctx.end, ctx.start)
    if not counted and short_year_at(ctx.sentence, ctx.start):  # "설립('18.4)됐다" is April 2018
        return _verdict(counts_where_the_text_counts, False, ctx.fact.text, "is found as a short year in the text, which counts nothing")
    if not counted and written_onto_the_word_before(ctx.sentence, ctx.start):
        return _verdict(counts_where_the_text_counts, False, ctx.fact.text,
                        "is written onto a word in the text (part of a name), which counts nothing")
    if counted not in _NO_COUNT or counted == ctx.profile.counts:
        return None
    return _verdict(counts_where_the_text_counts, False, ctx.fact.text, f"is found as a {counted} in the text, which counts nothing")


# What a number is when the text writes it as part of a date, a time or a rank.
_NO_COUNT = frozenset({"month", "day", "hour", "minute", "ordinal"})


def counts_those_met(ctx: PlacementContext) -> Verdict | None:
    """A count of people the text writes as those something was done with ("학생 20여 명과 간담회를
    가졌다") counts who took part, and answers only a question about that meeting. "How many students
    are enrolled at ETH Zurich in total?" had been answered "20 (20여 명)" from "취리히 연방공과대학에
    재학 중인 … 교민 학생 20여 명과 간담회를 가졌다"; "How many students did Park meet?" is answered so."""
    if not ctx.profile.asks_how_many or ctx.fact.kind != "number" or _ASKS_ABOUT_A_MEETING.search(ctx.profile.text):
        return None
    if not _PEOPLE_MET_WITH.match(ctx.sentence, ctx.end):
        return None
    return _verdict(counts_those_met, False, ctx.fact.text, "counts the people met with in the text, and the question asks of no meeting")


# "20여 명과", "30명과의": a count of the people something was done with.
_PEOPLE_MET_WITH = re.compile(r"\s*여?\s*명\s*(?:과|와)(?:의|도)?\s")
_ASKS_ABOUT_A_MEETING = re.compile(r"만나|만난|만났|면담|간담|회담|참석|참가|함께|자리|모였|모인|\b(?:meet|met|meeting|talk(?:ed|s)?|"
                                   r"sat|sit|attend(?:ed|ees)?|join(?:ed)?|gather(?:ed)?|came|come|session)\b", re.IGNORECASE)


# A news byline: the outlet and reporter in brackets, "【place=agency】name 기자 =", "name 기자 = …",
# "name 기자 address@…", "기자명 name".
_REPORTER = "(?:" + REPORTER + ")"
_BYLINE = re.compile(r"[\[【][^\]】\n]{0,40}?" + _REPORTER + r"[^\]】\n]{0,10}[\]】]"
                     r"|(?:【[^】\n]{0,30}】\s*)?[\uac00-\ud7a3]{2,4}\s*" + _REPORTER + r"\s*(?:=|[\w.+-]+@[\w.-]+)"
                     r"|기자명\s*[\uac00-\ud7a3]{2,4}\s*" + _REPORTER + "?")


def about_the_one_referred_to(ctx: PlacementContext) -> Verdict | None:
    """A follow-up that names its person by the title the answer before gave them ("그 주지사랑은
    무슨 협약 맺었어?" after "세르게이 모로조프 러시아 울랴놉스크 주지사") asks about that person: a
    sentence whose holders of that title are others ("토마스 하이니거 취리히 주지사와 … 협약을
    체결했다") tells what another governor did. A sentence naming no holder (his "그는") is not judged."""
    if not ctx.profile.referred_words:
        return None
    holders = [name for title in sorted(ctx.profile.referred_titles)
               for name in people_titled(ctx.sentence, title, ctx.document or ctx.sentence)]
    if not holders:
        return None
    theirs = any(set(name.split()) & ctx.profile.referred_words for name in holders)
    return _verdict(about_the_one_referred_to, theirs, ctx.fact.text,
                    f"the sentence's {'/'.join(sorted(ctx.profile.referred_titles))} is {', '.join(holders)}, "
                    "not the one the question refers back to")


def about_the_person_referred_to(ctx: PlacementContext) -> Verdict | None:
    """A follow-up that names its person by a pronoun ("According to the article, how long has he been
    in that post?" after "Sergey Ivanovich Morozov (세르게이 모로조프)") asks about that person: a fact
    found in a paragraph that never names them is of something else ("3 years" from "3년 만에 열리는
    이번 총회", the assembly's first in three years). The paragraph, not the sentence: news says "그는"
    in the sentence after the name. The answer's title is no name: "2022년 취임했다" of Chongqing's 후헝화
    시장 is not when "그분" took office after "마이무나 모드 샤리프 쿠알라룸푸르 시장"."""
    if not ctx.profile.refers_to_someone or not ctx.document:
        return None
    names = _referred_names(ctx.profile)
    if not names:
        return None
    paragraph = _paragraph_of(ctx.sentence, ctx.document)
    named = any(word in paragraph or _by_family_name(word, paragraph) for word in names)
    return _verdict(about_the_person_referred_to, named, ctx.fact.text,
                    f"is in a paragraph that never names {', '.join(sorted(names))}, "
                    "whom the question refers back to")


def within_the_earlier_count(ctx: PlacementContext) -> Verdict | None:
    """A follow-up about part of what the answer before counted ("그 중에 회원도시는 몇 개야?" after
    "110개 도시") is answered where the text gives that count: "110개 도시(42개 회원도시와 68개
    비회원도시)", not "120여개 도시와 기관이 회원으로" (the organisation's whole membership)."""
    if not ctx.profile.earlier_amounts or ctx.fact.kind != "number":
        return None
    held = any(_has_value(v, ctx.sentence) for v in ctx.profile.earlier_amounts)
    amounts = ", ".join(f"{v:g}" for v in sorted(ctx.profile.earlier_amounts))
    return _verdict(within_the_earlier_count, held, ctx.fact.text,
                    f"is in a sentence without {amounts}, the count the question takes a part of")


def _by_family_name(name: str, text: str) -> bool:
    """A three-syllable Korean name is called by its family name and a title after the first time:
    전성수 is "전 구청장"."""
    return re.fullmatch(r"[\uac00-\ud7a3]{3}", name) is not None \
        and re.search(rf"(?<![\uac00-\ud7a3]){name[0]}\s?(?:{KOREAN_TITLE_WORDS})", text) is not None


# Run on every place a fact is found: a place that fails is not where the sentence states it.
PLACEMENT_CHECKS: tuple[Callable[[PlacementContext], Verdict | None], ...] = (
    about_the_one_referred_to,
    about_the_person_referred_to,
    within_the_earlier_count,
    found_where_the_text_names_someone,
    found_where_the_text_names_a_place,
    holds_the_asked_title,
    holds_the_asked_award,
    the_asked_winners_award,
    listed_with_the_asked,
    measures_what_is_asked,
    on_the_asked_side,
    stated_as_now,
    stated_as_settled,
    stated_as_to_come,
    stated_as_done,
    dated_by_the_asked_action,
    placed_by_the_asked_action,
    says_what_it_became,
    names_a_body,
    the_company_the_text_names,
    a_party_not_the_venue,
    the_asked_place_not_where_it_lies,
    the_name_not_its_kind,
    found_where_the_text_speaks_of_companies,
    found_outside_the_byline,
    counts_where_the_text_counts,
    counts_those_met,
)
# A claim failing one of these is not retried clause by clause: "300 carbon reduction stores",
# cut from a claim that asserts what nothing checks, is no better than the whole; and a claim
# that gives the asked winner the next winner's grade misread the whole list ("고양시는 세종
# 스마트시티-세계도시들의 미래, 은상 …": 고양시 with 세종시's project, cut at the comma).
WHOLE_CLAIM_CHECKS = frozenset({says_little_it_cannot_check.__name__, the_asked_winners_award.__name__})


# ---------------------------------------------------------------- helpers


_THIS_YEAR = re.compile(r"올해|금년|this year", re.IGNORECASE)
# What dates a sentence by itself: its day (이날, 23일), its year, or a year word.
_DATES_ITSELF = re.compile(r"이날|당일|오늘|어제|올해|금년|내년|지난해|작년|(?<!\d)\d{1,2}\s*일(?!대|부(?!터)|반|본|정|자리)|"
                           r"(?<!\d)(?:19|20)\d{2}\s*년|'\d{2}\s*년")
_A_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")

# How Korean news states a plan or a forecast: "연구하게 된다", "개최할 예정", "늘릴 계획", "될 전망",
# "열릴 것으로".
_PLANNED = re.compile(r"게\s*된다|게\s*될|예정|계획|전망|[할될릴일]\s*것")

_CLOCK = re.compile(r"(?<!\d)(\d{1,2}):(\d{2})\s*([ap]\.?m\.?)?", re.IGNORECASE)
_KOREAN_CLOCK = re.compile(r"(오전|오후)?\s*(\d{1,2})\s*시\s*(\d{1,2})\s*분")


def times_of_day(text: str) -> set[tuple[int, int]]:
    """(hour, minute) on a 24-hour clock: "6:30 pm" and "18시30분" are both (18, 30)."""
    found = set()
    for hour, minute, half in _CLOCK.findall(text):
        found.add((int(hour) % 12 + (12 if half.lower().startswith("p") else 0) if half else int(hour), int(minute)))
    for half, hour, minute in _KOREAN_CLOCK.findall(text):
        found.add((int(hour) % 12 + 12 if half == "오후" else int(hour), int(minute)))
    return found


# English words that state no fact a claim could be checked for.
_NO_FACT_WORDS = ENGLISH_FILLER | FUNCTION_WORDS


def unchecked_words(claim: str, facts: tuple[Fact, ...], profile: QuestionProfile) -> list[str]:
    """The English words of `claim` that are not filler, not the question's, and not part of a fact."""
    checked = " ".join(f.text for f in facts).lower()
    words = re.findall(r"[A-Za-z][A-Za-z'’-]+", re.sub(r"\([^()]*\)", " ", strip_markers(claim)))
    return [w for w in words if w.lower() not in _NO_FACT_WORDS and not profile.says(w) and w.lower() not in checked]


def subject_nouns(sentence: str) -> list[str]:
    """The proper nouns of the sentence's topic or subject, before its first 은/는/이/가 (within
    its first 12 morphemes: a particle later than that belongs to a clause, not the sentence).
    A subject whose verb modifies a noun is its clause's, not the sentence's: in "물리학자 알베르트
    아인슈타인이 수학한 대학이자 …" the sentence is about the university the one before names."""
    found = morphemes(sentence)
    span = _subject_span(found, 12)
    return [] if span is None else [x.form for x in found[span[0] or 0 : span[1]] if x.tag == "NNP"]


def described_subject(question: str) -> tuple[str, ...]:
    """The nouns of a subject that a clause before it describes, when one of them is a proper noun:
    트러스트, 스퀘어 of "박원순 시장이 들른 트러스트 스퀘어는 …"; () when no clause describes the
    subject or the subject names nothing in particular."""
    found = morphemes(question)
    span = _subject_span(found, 15)
    if span is None:
        return ()
    start = span[0] if span[0] is not None else _after_a_modifying_clause(found, span[1])
    if start is None:
        return ()
    nouns = [x for x in found[start : span[1]] if x.tag in ("NNP", "NNG", "SL") and len(x.form) > 1]
    # kiwi reads "에어블랙의" as one proper noun; the text writes "'에어블랙'의"
    forms = tuple(x.form[:-1] if ends_in_possessive(x.form) else x.form for x in nouns)
    return forms if any(x.tag in ("NNP", "SL") for x in nouns) else ()


def _after_a_modifying_clause(found: list, subject: int) -> int | None:
    """Where the subject starts after a clause with no subject of its own that modifies it ("아프리카
    진출 창업 플랫폼을 만든 | 에어블랙의 대표는"): after the clause's last modifier ending (ETM)."""
    ends = [j for j in range(subject) if found[j].tag == "ETM"]
    return ends[-1] + 1 if ends else None


def _subject_span(found: list, limit: int) -> tuple[int | None, int] | None:
    """Where the subject runs in the first `limit` morphemes: from after the clause that describes
    it (None when none does) to its 은/는/이/가; None when no such particle is found."""
    start = None
    for i, m in enumerate(found[:limit]):
        if m.tag not in ("JX", "JKS") or m.form not in ("은", "는", "이", "가"):
            continue
        modifier = _modifier_end(found, i) if m.tag == "JKS" else None
        if modifier is not None:
            start = modifier + 1
            continue
        return start, i
    return None


def _modifier_end(found: list, subject: int) -> int | None:
    """Where the verb after a subject particle ends as a modifier ("수학한", "방문한": ETM), or None
    when its first ending closes a sentence or joins a clause to the next."""
    for j in range(subject + 1, len(found)):
        if found[j].tag == "ETM":
            return j
        if found[j].tag in ("EF", "EC"):
            return None
    return None


_VERB_TAGS = ("VV", "VA", "XSV", "XSA")  # verbs and adjectives, and the 하다 that makes nouns into them
_PREDICATE_TAGS = (*_VERB_TAGS, "VCP")  # … and the copula 이다


@lru_cache(maxsize=64)
def document_lead(document: str) -> str:
    """The article's lead: its first paragraph of some length that is a statement, past the site's
    menu lines, date and photo caption ("【울랴놉스크=뉴시스】… 박원순 서울시장은 … WeGO 총회를
    주재하는 등 … 홍보한다.")."""
    for paragraph in document.splitlines():
        paragraph = paragraph.strip()
        if len(paragraph) >= _LEAD_LENGTH and is_statement(paragraph):
            return paragraph
    return ""


_LEAD_LENGTH = 40  # shorter lines are menus, dates and captions


def is_statement(text: str) -> bool:
    """True when `text` is a clause: a topic or subject with a predicate after it ("서울은 … 충분한
    도시"), or a verb that ends a sentence ("… 계기를 마련했다"). Not a noun phrase ("대한민국
    지방자치단체 행정대상"), nor a noun said to be the answer ("블록체인 분야입니다")."""
    found = morphemes(text)
    subject = next((i for i, m in enumerate(found) if m.tag in ("JX", "JKS") and m.form in ("은", "는", "이", "가")), None)
    if subject is not None and any(m.tag in _PREDICATE_TAGS for m in found[subject + 1:]):
        return True
    return any(m.tag == "EF" and any(p.tag in _VERB_TAGS for p in found[:i]) for i, m in enumerate(found))


def names_its_subject(sentence: str) -> bool:
    """True when the sentence's topic or subject holds a proper noun."""
    return bool(subject_nouns(sentence))


def _only_a_role(fact: Fact, ctx: ClaimContext) -> bool:
    """The fact is a Korean role word whose only other part is nothing, the question's own words,
    or a place every document names (서울시장, 시장; not 후헝화시장), or the country a role is of
    (우즈베키스탄 of "우즈베키스탄 고등교육부 장관")."""
    word = re.sub(r"\s+", "", fact.korean or fact.text)
    if COUNTRY.match(word):
        return True
    match = TITLE.search(word)
    if not match or not korean_title(word):
        return False
    stem = word[: match.start()]
    return not stem or ctx.profile.says(stem) or ctx.collection.everywhere(stem)


def _korean_forms(fact: Fact) -> tuple[str, ...]:
    """How the Korean text writes a fact: its own Korean, or an English exonym's ("Seoul" is 서울)."""
    if fact.korean:
        return (fact.korean,)
    return (fact.text, *EXONYMS.get(" ".join(fact.text.lower().split()), ()))


def _asked_proper_nouns(ctx: EvidenceContext) -> list[str]:
    """The proper nouns a Korean question asks about, but none every document says (서울). Kiwi reads
    a foreign name alone in a short question as a common noun ("울랴놉스크 인구는 얼마나 돼?" gives
    울랴놉스크/NNG) and in the article's sentences as a name: a question noun that a document shown
    writes as a proper noun is one."""
    named = list(ctx.profile.proper_nouns)
    named += [w for w in sorted(ctx.profile.words) if _hangul(w) and w not in named
              and any(w in _document_proper_nouns(d) for d in set(ctx.documents.values()))]
    return [p for p in named if not ctx.collection.everywhere(p)]


@lru_cache(maxsize=64)
def _document_proper_nouns(document: str) -> frozenset[str]:
    """A document's proper nouns, read once: every evidence sentence asks of every document shown."""
    return frozenset(_proper_nouns(document))


def _proper_nouns(text: str) -> set[str]:
    """The words Kiwi reads as proper nouns or foreign words in `text` (쿠알라룸푸르, WeGO), not common
    ones (체결). Read in the claim as written: "올자 스태닉 마릭" is a name, 마릭 alone a common noun."""
    return {m.form for m in morphemes(text) if m.tag in ("NNP", "SL")}


# A Latin term a Korean question writes: GDP, WeGO, IoT (two letters or more, no digits).
_LATIN_TERM = re.compile(r"[A-Za-z][A-Za-z&.-]*[A-Za-z]")


def _hangul(word: str) -> bool:
    return bool(re.search(r"[\uac00-\ud7a3]", word))


@lru_cache(maxsize=512)
def _names_by_sound(name: str, document: str, name_similarity: float, short_spelling: float) -> bool:
    """`document` names `name` (Latin letters) in Hangul or Latin; cached: each evidence sentence asks
    of every document shown."""
    if korean_names(name) and len(sound_key(name)) <= 2:
        return _writes_known_name(name, document)
    return find_name(name, document, name_similarity, short_spelling) is not None


def _writes_known_name(name: str, text: str) -> bool:
    """A short name whose Korean the gazetteer gives is named only as written: "Hanoi" sounds like
    위한 ("for"), and a text naming Hanoi writes 하노이 (or Hanoi)."""
    compact = re.sub(r"\s+", "", text)
    return (any(form in compact for form in korean_names(name))
            or re.search(rf"\b{re.escape(name)}\b", text, re.IGNORECASE) is not None)


def _names(proper_noun: str, text: str) -> bool:
    """`text` names a proper noun of the question, also when the analyser glued a particle to it
    ("서울이랑 충칭이 …" gives 충칭이)."""
    stem = re.sub(r"(?<=..)(이|가|은|는|을|를|의|와|과)$", "", proper_noun)
    return _has(proper_noun, text) or _has(stem, text)


def _has(term: str, text: str) -> bool:
    return re.sub(r"\s+", "", term).lower() in re.sub(r"\s+", "", text).lower()


def _names_unit(name: str, suffix: str, text: str, policy: VerifyPolicy) -> bool:
    """Some Korean word of `text` is `name` written with the unit's suffix (취리히주 for Zurich, 주),
    or `name` followed by the suffix or its head's title as a word of its own: "취리히 시장" is the
    mayor of the city of Zurich, as "취리히시 시장" is."""
    words = re.findall(r"[\uac00-\ud7a3]+", text)
    for word in words:
        stem = word[: word.find(suffix)] if suffix in word[1:] else ""
        if stem and find_name(name, stem, policy.name_similarity, policy.short_name_spelling):
            return True
    unit_word = _UNIT_WORDS.get(suffix) or re.compile(re.escape(suffix))
    return any(unit_word.fullmatch(PARTICLE.sub("", after))
               and find_name(name, word, policy.name_similarity, policy.short_name_spelling)
               for word, after in zip(words, words[1:]))


# The unit's suffix as a word of its own, or with its head's title or office: 시장 (mayor) is of a 시.
_UNIT_HEADS = {"시": ("장", "청", "의회", "정부"), "주": ("지사", "정부", "의회"), "구": ("청장", "청", "의회"),
               "군": ("수", "청")}
_UNIT_WORDS = {suffix: re.compile(f"{suffix}(?:{'|'.join(heads)})?") for suffix, heads in _UNIT_HEADS.items()}


# A sentence that opens with a place as its topic or subject: "취리히시는 …" (취리히, 시).
_UNIT_SUBJECT = re.compile(r"\s*([\uac00-\ud7a3]{2,}?)(시|주|구|군|성)(?:은|는|이|가)\s")


def _has_value(value: float, text: str) -> bool:
    return any(abs(v - value) < 1e-6 for v in numbers_in(text))


def _coverage(words: set[str], text: str) -> float:
    return sum(1 for w in words if _has(w, text) or any(_has(f, text) for f in _OTHER_FORMS.get(w, ()))) / len(words)


# Korean nouns a sentence may write in another form: "처음 시장으로 뽑혔어요" is "첫 여성시장으로 당선된",
# and news writes the "다음 총회" users ask about as "차기 총회".
_OTHER_FORMS = {"처음": ("첫",), "다음": ("차기",)}
