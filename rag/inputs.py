"""User text at the edges (CLI arguments, the app, its API): checked before any stage sees it.

A terminal passes bytes that are not UTF-8 as lone surrogates (`$'\\xff'`);
they would crash the tokenizer or the output much later, so they are refused here.
"""

from __future__ import annotations

from rag.errors import RagError


def checked_text(text: object, what: str = "the question") -> str:
    """`text` when it is printable Unicode text; RagError naming the first bad character."""
    if not isinstance(text, str):
        raise RagError(f"{what} must be text, not {type(text).__name__}")
    for position, ch in enumerate(text):
        if "\ud800" <= ch <= "\udfff":
            byte = f" (byte 0x{ord(ch) - 0xDC00:02x})" if "\udc80" <= ch <= "\udcff" else ""
            raise RagError(f"{what} is not valid UTF-8 text{byte} at character {position + 1}: retype it, or set a UTF-8 locale")
        if ch == "\x00":
            raise RagError(f"{what} contains a NUL character at character {position + 1}: remove it")
    return text
