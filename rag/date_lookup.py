"""A date lookup: the one date the text gives the asked action, when the model's reply was dropped.

Asked "In what year was the Seoul–Tashkent relationship upgraded to friendship city status?", the
small model answers 2006, the first date of "서울시와는 2006년 우호도시 협정 체결을 시작으로, 2010년
친선도시로 격상해 …", and `dated_by_the_asked_action` rightly drops it: 2006 dates the signing
(체결). The check already knows which date belongs to which action (rag/actions.py), so code reads
the date that belongs to the asked one (격상: 2010). Three tuning splits asked it; the model
answered 2006, "15년" or 2015 each time.

Like the role lookup (rag/role_lookup.py), it answers only when the sentences that pass the
evidence checks date the asked action with exactly one date (of several, the one whose sentence
says most of the question), and what it finds is written as a reply citing its sentence and
verified like the model's own.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Sequence

from rag.actions import dated_action
from rag.question import QuestionProfile
from rag.role_lookup import the_one
from rag.types import Evidence

# A date as the text writes it, whole: "2010년", "2019년 5월", "2023년 11월 9일", "7월 23일", "23일".
# Not the end of a range: "28~29일 양일간" is two days, and 29일 alone would be half of it.
_DATE = re.compile(r"(?<![\d.~∼〜\-–])(?:(?:19|20)\d\d년(?:\s*\d{1,2}월)?(?:\s*\d{1,2}일)?|\d{1,2}월(?:\s*\d{1,2}일)?|\d{1,2}일)")
# A question for the day ("On what date was it signed?", "며칠에"): a year alone does not answer it.
_ASKS_A_DAY = re.compile(r"며칠|날짜|\b(?:what|which) (?:day|date)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Dated:
    n: int  # the evidence sentence that gives it
    date: str  # as the sentence writes it (2010년)


def date_of_the_asked_action(profile: QuestionProfile, evidence: Sequence[Evidence]) -> Dated | None:
    """The one date the evidence gives the action a when-question asks about, or None."""
    if not profile.asks_when or not profile.actions or _asks_more_than_when(profile):
        return None
    found = [Dated(e.n, m.group(0)) for e in evidence for m in _DATE.finditer(e.sentence.text)
             if _answers(m.group(0), profile) and dated_action(e.sentence.text, m.end(), profile.actions) is True
             and not profile.says(m.group(0))]
    return the_one(found, lambda d: d.date, profile, evidence)


def _asks_more_than_when(profile: QuestionProfile) -> bool:
    """A question that asks when and something else ("WeGO 총회 언제 어디서 열려요?", "Who delivered the
    keynote, and on which day?"): a date alone answers half of it, and is shown as if it were all."""
    return profile.asks_who or profile.asks_where or profile.asks_which_city or bool(_TWO_PART.search(profile.text))


# "When and at which hotel …", "… and in which year?", "어느 호텔에서 언제 열렸어?": when and one more thing.
_TWO_PART = re.compile(r"\bwhen\s+and\b|\band\s+(?:when|on\s+(?:what|which)\s+(?:day|date)|in\s+(?:what|which)\s+year|"
                       r"(?:what|which)\s+(?:year|day|date))\b|언제\s*(?:,|와|랑|하고)?\s*(?:어디|누가|누구|어느|무슨)|"
                       r"(?:어디|누가|누구|어느|무슨)[^?]*언제", re.IGNORECASE)


def _answers(date: str, profile: QuestionProfile) -> bool:
    """Whether a date of this precision answers the question: a year for "what year", a day for
    "on what date" (the Kuala Lumpur signing's "23일", not the Tashkent agreement's "2006년")."""
    if any(kind == "a year" for kind, _ in profile.kinds):
        return "년" in date
    return "일" in date if _ASKS_A_DAY.search(profile.text) else True


def date_reply(dated: Dated, language: str) -> str:
    """The date written as a model reply (rag/reply.py reads it), cited to its sentence: a year alone
    in English as a number ("2010"); other dates as the text writes them, which an English answer
    shows in English after verification (rag/english_dates.py: "July 23 (7월 23일)")."""
    year_only = re.fullmatch(r"(\d{4})년", dated.date)
    answer = year_only.group(1) if language == "en" and year_only else dated.date
    return json.dumps({"answer": answer, "citations": [dated.n]}, ensure_ascii=False)
