"""What every per-format extractor returns, and how it says a file is unusable.

Extractors take bytes and know nothing of paths; formats.py names the file
in the one-line message the user sees.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass


class BadContent(Exception):
    """The bytes cannot give a document; the message is the reason, without the file name."""


@dataclass(frozen=True)
class Extracted:
    """Text and metadata of one file. `pages`: offset in `text` where each page starts (PDF only)."""

    text: str
    title: str = ""
    outlet: str = ""  # site name, or the author where the format has no site (PDF, Word)
    date: str = ""  # ISO YYYY-MM-DD from the file's own metadata, else "": never guessed
    pages: tuple[int, ...] = ()


# Horizontal whitespace runs (tabs, no-break and ideographic spaces) become one space.
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
# Control characters other than newline never belong in text we show (PDFs carry some).
_CONTROLS = re.compile(r"[\x00-\x09\x0b-\x1f\x7f\u200b-\u200d\u2060\ufeff]")


def tidy_line(line: str) -> str:
    """One line with controls dropped and whitespace runs collapsed (offsets are taken after this)."""
    return _SPACES.sub(" ", _CONTROLS.sub("", line)).strip()


def paragraphs_text(paragraphs: list[str]) -> str:
    """Non-empty tidied paragraphs joined by a blank line, the layout Document.text uses."""
    kept = [tidy_line(p) for p in paragraphs]
    return "\n\n".join(p for p in kept if p)


def iso_date(value: object) -> str:
    """YYYY-MM-DD from a date/datetime or a string starting with a real calendar date, else ""."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.strftime("%Y-%m-%d")
    match = re.match(r"\s*(\d{4})-?(\d{2})-?(\d{2})", str(value or ""))
    if not match:
        return ""
    try:
        return dt.date(*map(int, match.groups())).isoformat()
    except ValueError:
        return ""
