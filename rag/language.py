"""The answer language is chosen by code, not by the model.

A question with any Hangul syllable is answered in Korean, otherwise in
English (measured in the prototype: wrong-language answers went from 13% to ~0),
unless it is an English sentence quoting a Korean name: "What awards did the
착한 서초코인 scheme pick up this year?" asks in English.
A question in another script (Japanese, Chinese, Russian, ...) is answered in
English and told so; when no answer can be verified for it, we say that, not
that the documents lack one: the checks read Korean and English only.
"""

from __future__ import annotations

import re
from typing import Sequence

_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")

ABSTAIN_TEXT = {
    "ko": "제공된 문서에서 답을 찾을 수 없습니다.",
    "en": "The documents do not contain this.",
}

# Appended to the text that arrived before the backend failed mid-answer.
INCOMPLETE_MARK = {
    "ko": " …(미완성: 답변이 중간에 끊겼습니다)",
    "en": " …(incomplete: the answer was cut off)",
}

# Kana, CJK ideographs, Cyrillic, Greek, Arabic, Hebrew, Thai, Devanagari.
_OTHER_SCRIPT = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff\u0400-\u04ff\u0370-\u03ff\u0600-\u06ff\u0590-\u05ff"
                           r"\u0e00-\u0e7f\u0900-\u097f]")
# A run of words in those scripts: "Сергей Морозов", "重庆市".
OTHER_SCRIPT_RUN = re.compile(_OTHER_SCRIPT.pattern + r"+(?:[\s·-]+" + _OTHER_SCRIPT.pattern + r"+)*")
# A bracketed aside: "Sergey Morozov (Сергей Морозов)".
_ASIDE = re.compile(r"\s*\(([^()]*)\)")
OTHER_LANGUAGE_NOTE = "questions are answered in Korean or English: this one is answered in English"
OTHER_LANGUAGE_ABSTAIN = ("No answer could be verified for this question. The answer checks read Korean and English "
                          "only: please ask in Korean or English.")


def detect_language(text: str) -> str:
    if not _HANGUL.search(text):
        return "en"
    return "en" if _asks_in_english(text) else "ko"


# Words that make an English question (a Korean one quotes Latin names, not these).
_ENGLISH_GRAMMAR = frozenset({"what", "which", "who", "whom", "whose", "when", "where", "why", "how", "is", "are",
                              "was", "were", "did", "does", "do", "can", "could", "will", "would", "has", "have",
                              "tell"})


def _asks_in_english(text: str) -> bool:
    """An English sentence that quotes Korean: two of its words are English question grammar, or
    its first word is ("Who is 오세훈?"). "Smart City Expo World Congress에 참가한 기업은?" and
    "the Ministry of Foreign Affairs에서 누가 왔어?" quote English names in a Korean sentence."""
    words = [w.lower() for w in re.findall(r"[A-Za-z']+", text)]
    grammar = [w for w in words if w in _ENGLISH_GRAMMAR]
    first = re.match(r"\s*([A-Za-z']+)", text)
    return len(grammar) >= 2 or bool(first and first.group(1).lower() in _ENGLISH_GRAMMAR)


def in_other_language(text: str) -> bool:
    """True for a question written in a script other than Hangul or Latin letters."""
    return not _HANGUL.search(text) and bool(_OTHER_SCRIPT.search(text))


def has_hangul(text: str) -> bool:
    return bool(_HANGUL.search(text))


def without_unwritten_asides(claim: str, sentences: Sequence[str]) -> str:
    """`claim` without the bracketed asides it writes in another script that none of `sentences`
    writes: "Sergey Ivanovich Morozov (Сергеевич Иванович Морозов)" is shown as "Sergey Ivanovich
    Morozov". The model adds such glosses from its own knowledge (there a wrong patronymic); our
    checks cannot read them, and an aside the text does write ("重慶") stays, to be found verbatim."""
    def cut(m: re.Match) -> str:
        inside = m.group(1)
        if not _OTHER_SCRIPT.search(inside) or any(inside.strip() in s for s in sentences):
            return m.group(0)
        return ""
    return _ASIDE.sub(cut, claim)


def without_repeated_asides(claim: str) -> str:
    """`claim` without a bracketed aside that repeats the words right before it: "트리플렛
    피아스페이스 씨티아이랩 (트리플렛 피아스페이스 씨티아이랩)" (the model's own reply) says it once."""
    def cut(m: re.Match) -> str:
        inside = m.group(1).strip()
        return "" if inside and claim[: m.start()].rstrip().endswith(inside) else m.group(0)
    return _ASIDE.sub(cut, claim)
