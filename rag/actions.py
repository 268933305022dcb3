"""What a when-question asks was done (취임, 체결, 개최), and which verb of a sentence a date belongs to.

"후헝화 시장은 … 2003년 후난성 10대 경제인으로 선정되기도 했으며, … 2022년 취임했다" holds two
years; "When did he take office?" asks for the one whose clause ends in 취임. A sentence's actions
are its predicates: a noun made a verb by 하다/되다 (취임했다: 취임) or a verb stem (맺었다: 맺).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.amounts import RANGE_SIGN
from rag.morph import morphemes

# English verbs of when-questions, with the Korean actions news text dates with them.
ENGLISH_ACTIONS = (
    # Holding a post dates from taking it: "언제부터 시장을 맡고 계신 거예요?" asks when he took office.
    (re.compile(r"\b(?:take|took|taken|taking) office\b|\bsworn in\b|\binaugurat", re.IGNORECASE), ("취임", "맡", "재임")),
    # "When did he become mayor?": the year he took office, or was elected, not another of his sentence's years
    (re.compile(r"\b(?:become|became|becoming)\s+(?:the\s+|a\s+)?(?:[\w-]+\s+)?(?:mayor|governor|president|chair(?:man|woman)?|head|chief)\b",
                re.IGNORECASE), ("취임", "맡", "재임", "당선")),
    (re.compile(r"\bsign(?:ed|ing|s)?\b", re.IGNORECASE), ("체결", "서명", "맺")),
    (re.compile(r"\belect(?:ed)?\b", re.IGNORECASE), ("당선", "선출")),
    (re.compile(r"\b(?:found|founded|establish(?:ed)?|set up)\b", re.IGNORECASE), ("설립", "창립", "출범", "설치")),
    (re.compile(r"\b(?:complet(?:e|ed)|finish(?:ed)?)\b", re.IGNORECASE), ("완공", "준공", "완료")),
    (re.compile(r"\bjoin(?:ed)?\b", re.IGNORECASE), ("가입",)),
    (re.compile(r"\bappoint(?:ed)?\b", re.IGNORECASE), ("임명", "선임")),
    (re.compile(r"\b(?:upgrad(?:e|ed)|elevat(?:e|ed))\b", re.IGNORECASE), ("격상",)),
    (re.compile(r"\b(?:select(?:ed)?|chosen)\b", re.IGNORECASE), ("선정",)),
    (re.compile(r"\bvisit(?:ed|ing|s)?\b", re.IGNORECASE), ("방문",)),
    # A law is passed on one day and takes effect on another: "조례안이 지난해 12월 23일 … 본회의에서 최종
    # 통과됐다" does not say when the ordinance comes into force (시행).
    (re.compile(r"\bpass(?:ed|es)?\b|\bapprov(?:e|ed|al)\b|\badopt(?:ed)?\b", re.IGNORECASE), ("통과", "의결", "가결")),
    (re.compile(r"\b(?:take|took|taken|takes|come|came|comes) (?:into )?(?:effect|force)\b|\benforc", re.IGNORECASE), ("시행", "발효")),
    # Attending is an action of its own: 모스크바 in "이번 총회에는 … 모스크바·마드리드 … 등 110개 도시
    # … 350여명이 참석한다" is a guest city, not the city elected vice-chair.
    (re.compile(r"\battend(?:ed|ing|s)?\b|\bparticipat(?:e|ed|es|ing)\b", re.IGNORECASE), ("참석", "참가", "참여")),
    # "On which day did he give his keynote speech?": the day of the speech, not of the expo around it
    (re.compile(r"\b(?:keynote|speech|spoke|speak|address(?:ed)?|lecture)\b", re.IGNORECASE), ("기조연설", "연설", "강연")),
    (re.compile(r"\b(?:held|hold|holds|hosted|host|hosts)\b", re.IGNORECASE), ("개최", "열리")),
)

# Plain verbs a Korean question uses for the actions news names by a noun: "세계도시전자정부협의체는
# 언제 만들어졌어요?" asks when it was founded ("2010년 창립 당시"). Asked only: a clause ending in
# 만들 dates no founding ("스마트 도시 서초를 만들겠다").
_SAID_PLAINLY = {"만들": ("설립", "창립", "출범"), "세우": ("설립", "창립", "건립"), "생기": ("설립", "창립", "출범")}

# The Korean actions this module can name: a date whose clause ends in one of them dates that action.
KNOWN_ACTIONS = frozenset(k for _, korean in ENGLISH_ACTIONS for k in korean)

# Stems too general to tell one action from another: 하다, 되다, 있다, 없다, 이다.
_LIGHT = frozenset({"하", "되", "있", "없", "이", "않", "보", "주"})
# Connective endings that close one clause of a sentence before the next: "선정되기도 했으며, … 취임했다".
# (어/아 are left out: "시장 대행을 거쳐 취임했다" is one action told in steps.)
_CLAUSE_ENDS = frozenset({"며", "으며", "고", "지만", "는데", "은데", "으나", "나", "면서", "으면서"})


@dataclass(frozen=True)
class Action:
    stem: str  # 취임 for 취임했다, 맺 for 맺었다
    start: int  # offsets of the stem in the analysed text
    end: int


def asked_actions(question: str, language: str) -> frozenset[str]:
    """The actions a question asks about: its Korean predicates, or the Korean for its English verbs."""
    if language == "ko":
        stems = frozenset(a.stem for a in actions_in(question)) | _dated_nouns(question)
        stems |= frozenset(k for stem in stems for k in _SAID_PLAINLY.get(stem, ()))
        return stems.union(*(korean for _, korean in ENGLISH_ACTIONS if stems & set(korean)))  # 맡 is 취임 too
    return frozenset(k for said, korean in ENGLISH_ACTIONS if said.search(question) for k in korean)


def _dated_nouns(question: str) -> frozenset[str]:
    """The action a Korean question dates by its noun: "본회의 통과는 언제였어?" asks when it passed
    (통과), "협정 체결 날짜가 언제야?" when it was signed; no verb says so."""
    found = morphemes(question)
    nouns = set()
    for i, m in enumerate(found):
        if m.form != "언제" or (i + 1 < len(found) and found[i + 1].tag not in ("VCP", "SF", "EF")):
            continue  # "언제 취임했어": the verb after it is the action
        j = i - 1
        while j >= 0 and (found[j].tag.startswith("J") or found[j].form in _TIME_NOUNS):
            j -= 1
        if j >= 0 and found[j].tag == "NNG" and len(found[j].form) > 1:
            nouns.add(found[j].form)
    return frozenset(nouns)


# Nouns that ask for the time of the noun before them ("체결 날짜", "개최 시기").
_TIME_NOUNS = frozenset({"날짜", "날", "시기", "시점", "일자", "일정", "때"})


# "변호사가 됐나요", "의장도시로 최종 뽑힌 곳", "대상으로 선정된 도시": what someone or something became.
_BECAME = re.compile(r"(\S+?)(?:이|가)\s+(?:되|됐|된|돼|될)|"
                     r"(\S+?)(?:으로|로)\s+(?:최종\s*|새로\s*|처음\s*|새\s+)?(?:뽑|선출|선정|임명|지정|선임)")


def asked_to_become(question: str) -> str:
    """What a Korean question asks someone or something became, or "": 변호사 for "몇 년도에 처음
    변호사가 됐나요?", 의장도시 for "4기 의장도시로 최종 뽑힌 곳은 어디야?". (The verb 되다 is too
    light to date anything; what was become is the action.)"""
    found = _BECAME.search(question)
    became = (found.group(1) or found.group(2)) if found else ""
    return became if len(became) > 1 else ""  # "상으로 선정" names too little to look for


def actions_in(text: str) -> tuple[Action, ...]:
    """The predicates of `text`: nouns made verbs by 하다/되다 and verb stems, light verbs left out."""
    found = morphemes(text)
    actions = []
    for i, (m, after) in enumerate(zip(found, found[1:] + (None,))):
        # Kiwi reads "협정을 체결하고" as 체결 + 하/VV: a 하 written onto the noun makes it a verb all the same
        made_a_verb = m.tag == "NNG" and after is not None and (
            after.tag in ("XSV", "XSA") or (after.tag == "VV" and after.form in ("하", "되") and after.start == m.end))
        if (made_a_verb or m.tag == "VV") and m.form not in _LIGHT:
            actions.append(Action(m.form, m.start, m.end))
        elif _done_as_object(found, i):  # "기조연설을 했다": the speech is what was done
            noun = found[i - 2]
            actions.append(Action(noun.form, noun.start, noun.end))
    return tuple(actions)


def _done_as_object(found, i: int) -> bool:
    """found[i] is a light 하다 whose object is a noun: "영어로 기조연설을 했다", "발표를 했어요"."""
    return found[i].tag == "VV" and found[i].form == "하" and i >= 2 \
        and found[i - 1].tag == "JKO" and found[i - 2].tag == "NNG" and len(found[i - 2].form) > 1


def clause_ends_between(text: str, start: int, end: int) -> bool:
    """A connective ending closes a clause between `start` and `end` ("했으며," between two years)."""
    return any(m.tag == "EC" and m.form in _CLAUSE_ENDS and start <= m.start < end for m in morphemes(text))


def dated_action(sentence: str, end: int, asked: frozenset[str]) -> bool | None:
    """Whether a value that ends at `end` belongs to an asked action: the first asked predicate after
    it comes before its clause ends. Where the sentence states none of the asked actions, False when
    the value's own clause ends in another known action ("2019년 5월 … 협약을 맺었다" dates a
    signing, not taking office), else None (its verb may be a paraphrase the check cannot read)."""
    actions = actions_in(sentence)
    stated = [a for a in actions if a.stem in asked]
    if _named_before_the_next_verb(sentence, end, actions, asked):
        return True
    if _named_before_the_next_verb(sentence, end, actions, KNOWN_ACTIONS - asked):
        return False
    if not stated:
        return _dated_by_another(sentence, end, actions, asked)
    after = next((a for a in stated if a.start >= end), None)
    if after is None or clause_ends_between(sentence, end, after.start):
        return False
    return not _bounds_a_period_of_another(sentence, end, actions, after)


def _named_before_the_next_verb(sentence: str, end: int, actions: tuple[Action, ...], asked: frozenset[str]) -> bool:
    """One of `asked`, written as a noun, follows the value before any verb does: "2006년 우호도시
    협정 체결을 시작으로, 2010년 친선도시로 격상해" dates the signing (체결) by 2006, though the
    clause's verb is the upgrade of 2010. Asked with the other known actions, it tells that 2006
    dates no upgrade: its own action is named first."""
    verb = next((a.start for a in actions if a.start >= end), len(sentence))
    return any(m.tag == "NNG" and m.form in asked and end <= m.start < verb and not clause_ends_between(sentence, end, m.start)
               for m in morphemes(sentence))


# A value that opens or closes a period: "7월 22일부터 27일까지".
_PERIOD_BOUND = re.compile(r"\s*(?:년|월|일)?\s*(?:부터|까지|" + RANGE_SIGN + ")")


def _bounds_a_period_of_another(sentence: str, end: int, actions: tuple[Action, ...], asked: Action) -> bool:
    """A period is the time of the first action after it: in "7월 22일부터 27일까지 쿠알라룸푸르를
    방문해 우호도시 협정을 체결하고" the visit took those days, and the signing, told after it, one
    day of them that the period does not give. (A single date may date both: "2019년 5월 충칭을
    방문해 협약을 맺었다".)"""
    if not _PERIOD_BOUND.match(sentence, end):
        return False
    first = next((a for a in actions if a.start >= end), None)
    return first is not None and first.start < asked.start


def _dated_by_another(sentence: str, end: int, actions: tuple[Action, ...], asked: frozenset[str]) -> bool | None:
    """False where the value's clause ends in a known action other than the asked one, both named by
    ENGLISH_ACTIONS (an asked action the module does not know may be worded as that one)."""
    if not asked & KNOWN_ACTIONS:
        return None
    first = next((a for a in actions if a.start >= end), None)
    if first is None or first.stem not in KNOWN_ACTIONS or clause_ends_between(sentence, end, first.start):
        return None
    return False
