"""A listed-place lookup: the place a sentence lists with the asked year, when the model's reply was dropped.

Asked "In which city did the city of Zurich hold its exchange event in 2017?", the small model
answers "Zurich", twice, though the one sentence left after the evidence checks says "취리히시는 '14년
뉴욕을 시작으로 '16년 런던, '17년 홍콩, '18년 샌프란시스코에서 교류행사를 개최한 바 있다." Three
tuning splits asked for one of these years; the model echoed the question each time. The check
`listed_with_the_asked` (rag/checks.py) already reads such a list as items, each running from its
year to the next, so code reads the place of the asked year's item: its first word (홍콩).

Like the role lookup (rag/role_lookup.py), it answers only when the sentences that pass the
evidence checks list exactly one such place for the asked year (of several, the one the role
lookup's rule chooses, `the_one`), and what it finds is written as a reply citing its sentence and
verified like the model's own.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Sequence

from anyascii import anyascii

from rag.checks import year_items
from rag.gazetteer import english_place_name
from rag.question import QuestionProfile
from rag.role_lookup import the_one
from rag.types import Evidence

# The item's first word after its year, its particle cut: "'17년 홍콩," is 홍콩, "'18년 샌프란시스코에서" 샌프란시스코.
_FIRST_WORD = re.compile(r"\s*([\uac00-\ud7a3]{2,}?)(?:에서는|에서|을|를|과|와|,|\s|$)")


@dataclass(frozen=True)
class Listed:
    n: int  # the evidence sentence that lists it
    place: str  # as the sentence writes it (홍콩)


def place_listed_with_the_asked_year(profile: QuestionProfile, evidence: Sequence[Evidence]) -> Listed | None:
    """The one place the evidence lists with the year a where-question asks about, or None."""
    if not profile.asks_where or len(profile.years) != 1 or profile.asks_when or profile.two_part:
        return None
    found = [Listed(e.n, place) for e in evidence for place in _places_of_the_year(e.sentence.text, profile)]
    return the_one(found, lambda f: f.place, profile, evidence)


def _places_of_the_year(sentence: str, profile: QuestionProfile) -> list[str]:
    items = year_items(sentence)
    if len(items) < 2:
        return []
    places = []
    for start, end, year in items:
        if year not in profile.years:
            continue
        after = re.sub(r"^['’]?\d+\s*년", "", sentence[start:end].lstrip("'’"))
        word = _FIRST_WORD.match(after)
        if word and not profile.says(word.group(1)):
            places.append(word.group(1))
    return places


def listed_reply(listed: Listed, language: str) -> str:
    """The place written as a model reply (rag/reply.py reads it), cited to its sentence: in English
    its English name where the gazetteer knows one ("Hong Kong (홍콩)")."""
    if language == "en":
        answer = f"{english_place_name(listed.place) or anyascii(listed.place).capitalize()} ({listed.place})"
    else:
        answer = listed.place
    return json.dumps({"answer": answer, "citations": [listed.n]}, ensure_ascii=False)
