"""The answer language is chosen by code, not by the model.

A question with any Hangul syllable is answered in Korean, otherwise in
English (measured in the prototype: wrong-language answers went from 13% to ~0).
"""

from __future__ import annotations

import re

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

EXTRACTIVE_PREFIX = {
    "ko": "문서에서 가장 관련 있는 문장입니다:",
    "en": "The closest passage in the documents says:",
}


def detect_language(text: str) -> str:
    return "ko" if _HANGUL.search(text) else "en"


def has_hangul(text: str) -> bool:
    return bool(_HANGUL.search(text))
