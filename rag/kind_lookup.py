"""A kind lookup: the one named place of the asked kind the text gives, when the model's reply was dropped.

Asked "At which Chongqing station … did Oh Se-hoon board a train?", the small model answers
"Chongqing Station", a name the text never writes, though its evidence says "지상철이 건물을 통과해
지나가는 것으로 유명한 리즈바역에서 열차를 탔다"; asked again, it says it again. The station was the
most declined English question of the tuning splits (four splits of seven asked it). Korean writes
a named place with its kind as the word's last syllables (리즈바역, 인천공항, 여의도공원), so code reads it.

Like the role lookup (rag/role_lookup.py), it answers only when the sentences that pass the
evidence checks name exactly one such place the question does not name, and what it finds is
written as a reply citing its sentence and verified like the model's own. Of several, the one
whose sentence says most of the question ("야간에는 장강역 절벽 군사요새를 …" is the night tour).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Sequence

from anyascii import anyascii

from rag.question import QuestionProfile
from rag.role_lookup import the_one
from rag.types import Evidence


@dataclass(frozen=True)
class PlaceKind:
    english: str  # the kind's English word, shown after the romanized name ("Lijeuba Station")
    asked_en: re.Pattern  # an English question asking which place of this kind
    asked_ko: re.Pattern  # a Korean question asking it
    ending: str  # the syllables that end the place's word in Korean text
    common: tuple[str, ...] = ()  # common nouns ending so, and any word ending in them: 지역, 실증지역


def _asked_en(word: str) -> re.Pattern:
    # "which Chongqing station", "what station", "at a well-known station, which one was it?"
    return re.compile(rf"\b(?:which|what)\s+(?:[\w'-]+\s+){{0,3}}?{word}s?\b|\b{word}s?\b,?\s+which\s+one\b", re.IGNORECASE)


def _asked_ko(word: str) -> re.Pattern:
    # "어느 역에서", "무슨 공항", "역 이름이 뭐야", "공원은 어디야" (not "지역은 어디": a word of its own)
    return re.compile(rf"(?:어느|어떤|무슨)\s*{word}(?:에서|에|은|는|이|가|을|를)?(?![\uac00-\ud7a3])|"
                      rf"(?<![\uac00-\ud7a3]){word}(?:은|는|이|가)?\s*(?:이름|어디)")


KINDS = (
    PlaceKind("Station", _asked_en("station"), _asked_ko("역"), "역",
              ("지역", "구역", "영역", "권역", "전역", "광역", "해역", "수역", "무역", "지하철역", "기차역", "전철역")),
    PlaceKind("Airport", _asked_en("airport"), _asked_ko("공항"), "공항"),
    PlaceKind("Park", _asked_en("park"), _asked_ko("공원"), "공원"),
    PlaceKind("Museum", _asked_en("museum"), _asked_ko("박물관"), "박물관"),
)

# Words that end like a kind but are common nouns, not a named place: 지역 (region), 역할 (role) …
_PARTICLE = re.compile(r"(?:에서는|에서|으로|에는|에도|까지|부터|은|는|이|가|을|를|의|에|로|과|와|도)$")
_MIN_NAME_SYLLABLES = 2  # 리즈바 before 역: a one-syllable stem is a word of its own (공역, 출역)


@dataclass(frozen=True)
class Found:
    n: int  # the evidence sentence that names it
    word: str  # as the sentence writes it, without its particle (리즈바역)
    kind: PlaceKind


def asked_place_kind(question: str) -> PlaceKind | None:
    """The kind of named place the question asks for ("At which … station", "어느 역"), or None."""
    return next((k for k in KINDS if k.asked_en.search(question) or k.asked_ko.search(question)), None)


def place_of_the_asked_kind(profile: QuestionProfile, evidence: Sequence[Evidence]) -> Found | None:
    """The one place of the asked kind the evidence names and the question does not, or None."""
    kind = asked_place_kind(profile.text)
    if kind is None:
        return None
    found = [f for e in evidence for f in _places_in(e, kind) if not profile.says(f.word)]
    return the_one(found, lambda f: f.word, profile, evidence)


def kind_reply(found: Found, language: str) -> str:
    """The place written as a model reply (rag/reply.py reads it), cited to its sentence."""
    if language == "en":
        stem = found.word[: -len(found.kind.ending)]
        answer = f"{anyascii(stem).capitalize()} {found.kind.english} ({found.word})"
    else:
        answer = found.word
    return json.dumps({"answer": answer, "citations": [found.n]}, ensure_ascii=False)


def _places_in(e: Evidence, kind: PlaceKind) -> list[Found]:
    out = []
    for word in re.findall(r"[\uac00-\ud7a3]+", e.sentence.text):
        bare = word if word.endswith(kind.ending) else _PARTICLE.sub("", word)  # 리즈바역에서: 리즈바역
        if not bare.endswith(kind.ending) or bare.endswith(kind.common):
            continue
        if len(bare) - len(kind.ending) >= _MIN_NAME_SYLLABLES:
            out.append(Found(e.n, bare, kind))
    return out
