"""The failures every chat backend reports (rag/llm.py, rag/openai_chat.py), in one small module
so that backends in their own modules share them without importing each other."""

from __future__ import annotations

import re

from rag.errors import RagError

# A refusal that names the output constraint: only then is a schema-less retry worth a request.
SCHEMA_WORDS = re.compile(r"format|schema|grammar|json", re.IGNORECASE)
SCHEMA_REFUSAL_STATUS = (400, 422)


class LLMUnavailable(RagError):
    """No usable model: server down, model not pulled, model file missing or broken."""


class LLMSchemaRejected(RagError):
    """The server refused the JSON schema (HTTP 400/422 naming format/schema/grammar), or ignored it."""


class LLMContextOverflow(RagError):
    """The prompt does not fit the model's context window even after trimming."""


class LLMStreamError(RagError):
    """The model stopped mid-answer; `partial` holds the text received so far."""

    def __init__(self, message: str, partial: str = "") -> None:
        super().__init__(message)
        self.partial = partial


class Overdue(Exception):
    """The answer did not finish before the deadline (a server trickling tokens)."""
