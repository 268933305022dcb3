"""A count lookup: the one number the text writes onto the counted thing, when the model's reply was dropped.

Asked "착한 서초코인은 대략 몇 곳의 탄소제로샵에서 쓸 수 있나요?", the small model quoted a sentence
about earning the coin, with no number in it, though its evidence says "적립된 코인은 공공시설과 약
300개의 탄소제로샵에서 결제시 사용하거나 기부가 가능하다." A Korean question names what it counts
right after 몇 and its counter ("몇 곳의 탄소제로샵", "몇 개 도시") or before it ("탄소제로샵은 몇
곳"), and Korean text writes the count right before the thing it counts ("약 300개의 탄소제로샵",
"110개 도시"), so code reads it.

Like the role lookup (rag/role_lookup.py), it answers only when the sentences that pass the
evidence checks give exactly one such count (of several, the one whose sentence says most of the
question), and what it finds is written as a reply citing its sentence and verified like the
model's own. Korean questions only: an English question's "shops" is not the text's 샵.

A numbered session is read the same way: "몇 회 정례회 본회의에서" is answered by "제333회 정례회",
the number the text writes onto 정례회 with 제 before it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Sequence

from rag.question import QuestionProfile
from rag.role_lookup import the_one
from rag.types import Evidence

_COUNTER = r"(?:개국|개사|개소|군데|가지|개|곳|명)"
# 회 and 차 number a session ("몇 회 정례회": 제333회 정례회); asked so, only they answer, and they
# answer nothing else: "제5회 총회" is no count of people for "총회에는 몇 명이".
_SESSION = r"(?:회|차)"
_ASKED_COUNTER = rf"({_COUNTER}|{_SESSION})"
# "몇 곳의 탄소제로샵", "몇 개 도시가": the counted word after 몇 and its counter
_COUNTED_AFTER = re.compile(r"몇\s*" + _ASKED_COUNTER + r"(?:의)?\s+([\uac00-\ud7a3A-Za-z]{2,})")
# "탄소제로샵은 몇 곳", "회원도시가 몇 개": the counted word before them
_COUNTED_BEFORE = re.compile(r"([\uac00-\ud7a3A-Za-z]{2,}?)(?:은|는|이|가|을|를|도)?\s+(?:대략\s*|모두\s*|총\s*|약\s*)?몇\s*"
                             + _ASKED_COUNTER)
# The particles that end a counted word ("탄소제로샵에서", "도시가").
_PARTICLES = r"(?:에서는|에서|으로|에는|에도|에게|까지|부터|은|는|이|가|을|를|의|에|로|와|과|도)"
_PARTICLE = re.compile(_PARTICLES + "$")


@dataclass(frozen=True)
class Counted:
    n: int  # the evidence sentence that gives it
    count: str  # as the sentence writes it, with what it counts ("약 300개의 탄소제로샵")
    value: str  # the number alone ("300")


def counted_word(question: str) -> str:
    """The word a Korean how-many question counts ("탄소제로샵" for "몇 곳의 탄소제로샵에서"), or ""."""
    return _counted(question)[0]


def _counted(question: str) -> tuple[str, str]:
    """The counted word and the counter the question asks with ("정례회", "회"), or ("", "")."""
    after = _COUNTED_AFTER.search(question)
    if after:
        return _PARTICLE.sub("", after.group(2)), after.group(1)
    before = _COUNTED_BEFORE.search(question)
    return (_PARTICLE.sub("", before.group(1)), before.group(2)) if before else ("", "")


def count_of_the_counted_thing(profile: QuestionProfile, evidence: Sequence[Evidence]) -> Counted | None:
    """The one count the evidence writes onto the thing the question counts, or None."""
    if profile.language != "ko" or profile.two_part:
        return None
    word, counter = _counted(profile.text)
    if not word:
        return None
    if re.fullmatch(_SESSION, counter):  # "제333회 정례회"
        number = r"(제\s*(\d+)\s*" + _SESSION + r"\s*" + re.escape(word) + r")"
    else:  # the number, its counter and the counted word: "약 300개의 탄소제로샵에서", "110개 도시"
        number = r"((?:약\s*)?(\d[\d,]*)\s*(?:여)?\s*" + _COUNTER + r"?(?:의)?\s*" + re.escape(word) + r")"
    written = re.compile(number + r"(?=" + _PARTICLES + r"|[^\uac00-\ud7a3]|$)")  # ending there or with a particle
    found = [Counted(e.n, m.group(1), m.group(2)) for e in evidence
             for m in written.finditer(e.sentence.text) if not profile.says(m.group(2))]
    return the_one(found, lambda c: c.value, profile, evidence)


def count_reply(counted: Counted) -> str:
    """The count written as a model reply (rag/reply.py reads it), cited to its sentence."""
    return json.dumps({"answer": counted.count, "citations": [counted.n]}, ensure_ascii=False)
