"""English answers name places and people in Latin letters.

The small model often copies a Korean name into an English answer ("모스크바, 하노이, 아디스아바바 [1]"):
checkable against the text, unreadable to the person who asked in English. Once an answer is
verified, each Korean name it shows outside brackets gets its English name before it, the Korean
kept in brackets so the reader still finds it in the source: "Moscow (모스크바)". The English name is
the Latin spelling the cited sentence gives the name ("토마스 하이니거(Thomas Heiniger)"), else the
one GeoNames or ISO 3166 gives the city or country. Other Korean words are left as they are: a
guessed translation could not be checked against the text.

A Korean person the model romanized unlike the name's sound ("Kim Tae Jung (김태균)") or as one
run of letters ("Gimtaegyun (김태균)") is shown as English news writes Korean names: "Kim Tae-gyun
(김태균)". Only a name the text calls by a title (a person's), of a common family name; a spelling
of the same sound ("Oh Se-hoon" for 오세훈) is the person's own and stays.

This runs after verification, on what is shown: the checks judged the model's own words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.gazetteer import english_place_name
from rag.roles import called_by_a_title, latin_after
from rag.transliterate import korean_family_name, key_similarity, romanize_person, sound_key

_HANGUL_RUN = re.compile(r"[\uac00-\ud7a3]+(?:[ ·][\uac00-\ud7a3]+)*")
_LATIN_GLOSS = re.compile(r"\s*\(\s*[A-Za-z]")


def with_english_names(claim: str, sentences: Sequence[str]) -> str:
    """`claim` with an English name before each Korean name it shows outside brackets, and Korean
    persons' names romanized as English news writes them."""
    return _with_persons_respelled(_with_names_glossed(claim, sentences), sentences)


def _with_persons_respelled(claim: str, sentences: Sequence[str]) -> str:
    def respelled(m: re.Match) -> str:
        latin, hangul = m.groups()
        if not korean_family_name(hangul) or not any(called_by_a_title(hangul, text) for text in sentences):
            return m.group(0)
        standard = romanize_person(hangul)
        if " " in latin.strip() and key_similarity(sound_key(latin), sound_key(standard)) == 1.0:
            return m.group(0)  # the person's own spelling of the same sound
        return f"{standard} ({hangul})"
    return _ROMANIZED_PERSON.sub(respelled, claim)


# "Kim Tae Jung (김태균)": a Latin name of up to three words with a three-syllable Hangul name in brackets.
_ROMANIZED_PERSON = re.compile(r"\b([A-Z][A-Za-z'-]*(?: [A-Z][A-Za-z'-]*){0,2})\s*\(([\uac00-\ud7a3]{3})\)")


def _with_names_glossed(claim: str, sentences: Sequence[str]) -> str:
    out, last = [], 0
    for run in _HANGUL_RUN.finditer(claim):
        if inside_brackets(claim, run.start()) or _LATIN_GLOSS.match(claim, run.end()):
            continue  # a gloss already, or glossed already: "모스크바 (Moskva)"
        glossed = _glossed(run.group(), sentences)
        if glossed != run.group():
            apart = " " if claim[run.end() : run.end() + 1] == "(" else ""  # "Goyang-si (고양시) (…, 금상)"
            out += [claim[last : run.start()], glossed + apart]
            last = run.end()
    return "".join(out) + claim[last:]


def _glossed(run: str, sentences: Sequence[str]) -> str:
    """The run with its name glossed: whole ("토마스 하이니거") or item by item ("모스크바·하노이"). A name
    of several words is glossed whole or not at all: "대한민국 지방자치단체 행정대상" is an award."""
    english = _english_name(run, sentences)
    if english:
        return f"{english} ({run})"
    items = run.split("·")
    if len(items) == 1:
        return run
    return "·".join(_glossed(item, sentences) for item in items)


def _english_name(korean: str, sentences: Sequence[str]) -> str | None:
    for sentence in sentences:
        latin = latin_after(korean, sentence)
        if latin:
            return latin
    return english_place_name(korean) if len(korean) >= 2 else None


def inside_brackets(text: str, at: int) -> bool:
    """The Korean at `at` is a gloss already ("Kim Tae-gyun (김태균)") or a bracketed aside."""
    before = text[:at]
    return before.count("(") > before.count(")")
