"""Follow-up questions: make a standalone query for retrieval from the chat history.

"그 시장은 언제 취임했나요?" retrieves nothing useful on its own. The
previous question carries the topic, so it is prepended for retrieval only;
the user's own words are kept for the answer. Done in code, not by the small
model: an LLM rewrite costs a second of CPU and the 1.5B model drifts; shown
the previous question in the prompt, it answered that one instead (measured).
"""

from __future__ import annotations

import re
from typing import Sequence

from rag.types import Turn

_REFERS_BACK = re.compile(
    r"(^|\s)(그|그녀|그곳|거기|이곳|해당|그들|저|이)(\s|의|는|은|가|이|를|에|도)|"
    r"\b(he|she|it|they|him|her|his|its|their|that|this|there|those|these|the city|the mayor)\b",
    re.IGNORECASE,
)
SHORT_QUESTION_CHARS = 25  # "인구는요?", "And the area?" lean on the previous turn


def is_follow_up(question: str) -> bool:
    return bool(_REFERS_BACK.search(question)) or len(question.strip()) <= SHORT_QUESTION_CHARS


def standalone_query(question: str, history: Sequence[Turn]) -> str:
    """The query used for retrieval: the question, plus the previous question when it refers back."""
    if not history or not is_follow_up(question):
        return question
    return f"{history[-1].question} {question}"
