"""A title lookup: the title the text gives the person the question names, when the model's reply was dropped.

Asked "What is Kim Tae-gyun's position in the Seoul city government?", the small model wrote
"administrative1부시장 (우)", copying the photo caption's "(우)" (on the right) as the Korean of its
answer, twice, though its evidence says "김태균 서울시 행정1부시장은 …". News text writes a title
right after the name it belongs to, every time, so code reads it. The role lookup
(rag/role_lookup.py) reads the same pattern the other way round: the name of an asked title.

It answers only a question that asks for a position (직책, 직위, 직함, "position", "title", "job")
of a person it names (a follow-up's "그분", "his": the person the answer before named), and only
when the sentences that pass the evidence checks give that person exactly one title (of several,
the one the role lookup's rule chooses, `the_one`). What it finds is written as a reply citing its
sentence and verified like the model's own.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Mapping, Sequence

from rag.config import VerifyPolicy
from rag.question import ROLE_IN_ENGLISH, QuestionProfile
from rag.role_lookup import named_in_english, the_one, titled_names, words_of
from rag.roles import title_of, up_to_the_title
from rag.types import Evidence

# "김태균의 직책은?", "What is Kim Tae-gyun's position?", "what post does he hold"; not "the title of
# his keynote", whose title is a speech's, nor "who" questions, which ask for a name.
_ASKS_A_TITLE = re.compile(r"직책|직위|직함|직급|"
                           r"(?:'s|’s|\bhis|\bher|\btheir)\s+(?:\w+\s+)?(?:position|title|job|post|rank)\b(?!\s+(?:of|for)\b)|"
                           r"\b(?:what|which)\s+(?:position|title|job|post|rank)\s+(?:does|did|is|was|do|has|had|holds?)\b",
                           re.IGNORECASE)

_ORDINALS = {"1": "First", "2": "Second", "3": "Third"}
_ADMINISTRATION = re.compile(r"행정(\d)부시장")  # 행정1부시장: First Vice Mayor for Administration


@dataclass(frozen=True)
class Titled:
    n: int  # the evidence sentence that gives it
    title: str  # as the sentence writes it after the name, with the title's place (서울시 행정1부시장)
    word: str  # the title alone (행정1부시장)


def asks_a_title(profile: QuestionProfile) -> bool:
    """The question asks for someone's position, not for who holds one."""
    return bool(_ASKS_A_TITLE.search(profile.text)) and not profile.asks_who and not profile.two_part


def title_of_the_named(profile: QuestionProfile, evidence: Sequence[Evidence], documents: Mapping[int, str],
                       policy: VerifyPolicy) -> Titled | None:
    """The one title the evidence gives the person the question names, or None."""
    if not asks_a_title(profile):
        return None
    found = []
    for e in evidence:
        words = words_of(e.sentence.text)
        for i, word, _, first, end in titled_names(words, documents.get(e.n, e.sentence.text)):
            if _is_the_asked_person(profile, words[first:end], policy):
                title = up_to_the_title(word)
                found.append(Titled(e.n, " ".join([*words[end:i], title]), title))
    return the_one(found, lambda t: t.word, profile, evidence)


def _is_the_asked_person(profile: QuestionProfile, name_words: list[str], policy: VerifyPolicy) -> bool:
    """The question names this person: in Korean by a word of the name (김태균; a family name alone,
    "김 부시장", says too little), in English by its sound, or, a follow-up, the answer before did."""
    full = [w for w in name_words if len(w) > 1]
    if not full:
        return False
    if profile.refers_to_someone and any(w in profile.referred_words for w in full):
        return True
    if profile.language == "ko":
        return any(profile.says(w) for w in full)
    return named_in_english(profile, " ".join(name_words), policy)


def title_reply(titled: Titled, language: str) -> str:
    """The title written as a model reply (rag/reply.py reads it), cited to its sentence."""
    answer = f"{english_title(titled.word)} ({titled.title})" if language == "en" else titled.title
    return json.dumps({"answer": answer, "citations": [titled.n]}, ensure_ascii=False)


def english_title(word: str) -> str:
    """How English says a Korean title: 행정1부시장 is the First Vice Mayor for Administration."""
    administration = _ADMINISTRATION.fullmatch(word)
    if administration and administration.group(1) in _ORDINALS:
        return f"{_ORDINALS[administration.group(1)]} Vice Mayor for Administration"
    return ROLE_IN_ENGLISH[title_of(word)]
