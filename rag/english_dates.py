"""English answers write the dates the model copied in Korean.

Asked "On which day did Seocho's district head give his keynote?", the model answers "8일 [1]": the
right day, checkable against the text, and unreadable to someone who asked in English. Once an
answer is verified, each Korean date it shows outside brackets gets its English form before it,
the Korean kept in brackets so the reader still finds it in the source: "the 8th (지난 8일)",
"July 22 to 27 (7월 22일부터 27일)". Only dates written with digits: the month and day are the
text's own, so nothing is computed (a year the text places by "지난해" stays a word: "last year").

This runs after verification, on what is shown: the checks judged the model's own words.
"""

from __future__ import annotations

import re

from rag.amounts import ENGLISH_MONTHS
from rag.english_names import inside_brackets

_WHEN_WORD = {"지난해": "last year", "작년": "last year", "올해": "this year", "내년": "next year", "지난": ""}

# An optional word placing the date, year, month, day, then optionally the end of a range.
_KOREAN_DATE = re.compile(
    r"(?:(?P<word>지난해|작년|올해|내년|지난)\s*)?"
    r"(?:(?P<year>\d{4})\s*년\s*)?(?:(?P<month>1[0-2]|[1-9])\s*월\s*)?(?P<day>3[01]|[12]\d|[1-9])\s*일"
    r"(?:\s*(?:부터|~|∼|–|-)\s*(?:(?P<month2>1[0-2]|[1-9])\s*월\s*)?(?P<day2>3[01]|[12]\d|[1-9])\s*일\s*(?:까지)?)?"
    r"(?![\uac00-\ud7a3]*\s*(?:간|동안))")  # "3일간" is a length of time, not a date


def with_english_dates(claim: str) -> str:
    """`claim` with an English date before each Korean date it shows outside brackets."""
    out, last = [], 0
    for match in _KOREAN_DATE.finditer(claim):
        if inside_brackets(claim, match.start()) or not _starts_a_word(claim, match.start()):
            continue
        written = match.group(0).rstrip()
        out += [claim[last : match.start()], f"{_english(match)} ({written})"]
        last = match.start() + len(written)
    return "".join(out) + claim[last:]


def _english(match: re.Match) -> str:
    month, day = match.group("month"), int(match.group("day"))
    first = f"{ENGLISH_MONTHS[int(month) - 1]} {day}" if month else f"the {_ordinal(day)}"
    end = ""
    if match.group("day2"):
        month2 = match.group("month2")
        end = f" to {ENGLISH_MONTHS[int(month2) - 1]} {match.group('day2')}" if month2 else \
            (f" to {match.group('day2')}" if month else f" to the {_ordinal(int(match.group('day2')))}")
    year = f", {match.group('year')}" if match.group("year") and month else ""
    word = _WHEN_WORD.get(match.group("word") or "", "")
    return f"{first}{end}{year}" + (f" {word}" if word else "")


def _ordinal(day: int) -> str:
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def _starts_a_word(claim: str, start: int) -> bool:
    """A date begins a number: "28일" in "128일" is no date."""
    return start == 0 or not claim[start - 1].isdigit()
