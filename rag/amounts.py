"""Amounts: numbers read as values across scripts.

"115만 8천" == "1,158,000" == "1.158 million"; "'14" is 2014; "1,729㎢" is 1729.
A number in an answer is supported only when the cited sentence holds the same
value, so these functions also give each amount's place in its text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from rag.language import has_hangul
from rag.reply import strip_markers

_UNITS = {
    "천": 1e3, "만": 1e4, "천만": 1e7, "억": 1e8, "천억": 1e11, "조": 1e12,
    "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
}
_NUMBER = re.compile(
    r"(?<![0-9A-Za-z_.])'?(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?!\.\d)\s*"
    r"(천억|천만|천|만|억|조|thousand\b|million\b|billion\b|trillion\b)?",
    re.IGNORECASE,
)
_DATE = re.compile(r"\b(\d{4})\.(\d{1,2})\.(\d{1,2})\b")
# Korean press dates: "설립('18.4)" is April 2018, "'19.10.5" a day; not the decimal 18.4.
_SHORT_DATE = re.compile(r"'(\d{2})\.(\d{1,2})(?:\.(\d{1,2}))?(?![\d.])")


@dataclass(frozen=True)
class _Amount:
    """One written amount; Korean compounds like "115만 8천" are one amount of parts."""

    start: int
    end: int
    parts: tuple[tuple[float, float], ...]  # (value, unit) of each part
    year_shorthand: bool = False  # '14 for 2014

    @property
    def value(self) -> float:
        return round(sum(v for v, _ in self.parts), 6)  # rounded: 2.07 * 1e6 must equal 207 * 1e4


def _amounts(text: str) -> list[_Amount]:
    amounts: list[_Amount] = []
    for m in _NUMBER.finditer(text):
        base = float(m.group(1).replace(",", ""))
        unit = _UNITS.get((m.group(2) or "").lower(), 1.0)
        last = amounts[-1] if amounts else None
        if last and text[last.end : m.start()].strip() == "" and unit < last.parts[-1][1]:
            amounts[-1] = _Amount(last.start, m.end(), last.parts + ((base * unit, unit),))
            continue
        shorthand = m.group(0).startswith("'") and unit == 1.0 and base < 100
        amounts.append(_Amount(m.start(), m.end(), ((base * unit, unit),), shorthand))
    return amounts


def numbers_in(text: str) -> set[float]:
    """Numeric values in text: each amount, and each part of a compound amount."""
    return set().union(*(values for _, _, values in amount_places(strip_markers(text))))


def amount_places(text: str) -> list[tuple[int, int, frozenset[float]]]:
    """Each amount's (start, end) in `text` and the values it can be read as.

    A compound amount ("115만 8천") is read as its total and as each part; a
    date "2019.10.5" or "'18.4" as its year, month and day; "'14" as 14 and 2014.
    """
    places = []
    for amount in _amounts(_dates_apart(text)):
        values = {amount.value} | {round(v, 6) for v, _ in amount.parts}
        if amount.year_shorthand:
            values.add(2000 + amount.parts[0][0])  # '14년 is 2014
        places.append((amount.start, amount.end, frozenset(values)))
    return places


def _dates_apart(text: str) -> str:
    """Dates with their dots turned to spaces, so each part is its own amount (same length: offsets hold)."""
    text = _DATE.sub(r"\1 \2 \3", text)
    return _SHORT_DATE.sub(lambda m: m.group(0).replace(".", " "), text)


def gloss_korean_amounts(text: str) -> str:
    """Append the English value to amounts written with 만/억/조: "247만" -> "247만(2.47 million)".

    The small model turned 247만 into "247,000" for English answers; the number
    check then rightly rejected the claim and the answer was lost. Doing the
    arithmetic in code lets it copy a correct figure.
    """
    out, pos = [], 0
    for amount in _korean_unit_amounts(text):
        out += [text[pos : amount.end].rstrip(), f"({english_amount(amount.value)})"]
        pos = len(text[: amount.end].rstrip())
    return "".join(out) + text[pos:]


def _korean_unit_amounts(text: str) -> list[_Amount]:
    """Amounts led by 만, 억 or 조 ("247만", "1조 2천억"): the ones a reader must convert."""
    return [a for a in _amounts(text) if a.parts[0][1] >= 1e4 and has_hangul(text[a.start : a.end])]


def correct_misread_amounts(claim: str, sources: Sequence[str]) -> tuple[str, list[str]]:
    """Rewrite amounts the model misread from a Korean unit: 247만 written as "247,000".

    Only a figure that no source holds, and that is exactly one source amount's
    leading number times a thousand or a million (만 read as thousand or
    million), is rewritten, to that amount's English value. Returns the claim
    and a note per correction. Anything else is left for the number check.
    """
    held = _values_held(sources)
    korean = [a for text in sources for a in _korean_unit_amounts(text)]
    notes, out, pos = [], [], 0
    for amount in _amounts(claim):
        if _contains_value(held, amount.value) or len(amount.parts) > 1:
            continue
        meant = {a.value for a in korean
                 if any(abs(a.parts[0][0] / a.parts[0][1] * scale - amount.value) < 1e-6 for scale in (1e3, 1e6))}
        if len(meant) != 1:
            continue
        value = meant.pop()
        written = claim[amount.start : amount.end].strip()
        out += [claim[pos : amount.start], english_amount(value)]
        pos = amount.start + len(written)
        notes.append(f"corrected {written} to {english_amount(value)} (the source's amount)")
    return "".join(out) + claim[pos:], notes


def mend_misread_magnitudes(claim: str, sources: Sequence[str]) -> str:
    """An English claim's amount that no source holds, written with the digits of exactly one
    amount a source writes with 만, 억 or 조 but at another magnitude ("115,800,000" or "207,000"
    for 115만 8천 or 207만), is that amount misread: it is rewritten to the amount's English value
    ("1.158 million"), and a gloss that then repeats it is dropped. The model misreads Korean units
    though the evidence shows their English value; it does not invent these digits. Whether the
    amount answers the question is for the checks: only the arithmetic is mended."""
    held = _values_held(sources)
    korean = {a.value for text in sources for a in _korean_unit_amounts(text)}
    out, pos = [], 0
    for amount in _amounts(claim):
        if _contains_value(held, amount.value) or amount.value <= 0:
            continue
        meant = {v for v in korean if v != amount.value and _digits(v) == _digits(amount.value)}
        if len(meant) != 1:
            continue
        out += [claim[pos : amount.start], english_amount(meant.pop())]
        pos = len(claim[: amount.end].rstrip())
    mended = "".join(out) + claim[pos:]
    return _REPEATED_GLOSS.sub(r"\1", mended)


def mend_misread_short_years(claim: str, sources: Sequence[str]) -> str:
    """Korean news writes a year short with an apostrophe: "'13년~'14년 주지사 역임" is 2013 to 2014.
    The model reads "'13년" as a length of time ("13 years to 14 years"); an English claim's "N
    years" where a source writes "'N년" is rewritten as the year, 20N. Only two digits that a source
    writes so: a "3 years" the text counts stays as it is."""
    short = {m.group(1) for text in sources for m in SHORT_YEAR.finditer(text)}
    if not short:
        return claim
    return _YEARS_COUNTED.sub(lambda m: f"20{m.group(1)}" if m.group(1) in short else m.group(0), claim)


def mend_short_year_months(claim: str, sources: Sequence[str]) -> str:
    """Korean news dates a month short too: "설립('18.4)됐다" is April 2018. The model copies it as
    "18.4년" (a year of 18.4) or "18.4"; where a source writes that "'YY.M", the claim's copy is
    written out as the date: "2018년 4월", in English "April 2018"."""
    written = {(m.group(1), int(m.group(2))) for text in sources for m in _SHORT_YEAR_MONTH.finditer(text)}
    if not written:
        return claim
    korean = has_hangul(claim)

    def mended(m: re.Match) -> str:
        year, month = m.group(1), int(m.group(2))
        if (year, month) not in written or not 1 <= month <= 12:
            return m.group(0)
        return f"20{year}년 {month}월" if korean else f"{ENGLISH_MONTHS[month - 1]} 20{year}"
    return _COPIED_YEAR_MONTH.sub(mended, claim)


_SHORT_YEAR_MONTH = re.compile(r"['’‘](\d{2})\.(\d{1,2})(?!\d)(?!\.\d)")
_COPIED_YEAR_MONTH = re.compile(r"(?<![\d.,])['’‘]?(\d{2})\.(\d{1,2})(?!\d)(?!\.\d)(?!\s*(?:%|㎢|㎡|배|명|개))(?:\s*년)?")
SHORT_YEAR = re.compile(r"['’‘](\d{2})\s*년")
_YEARS_COUNTED = re.compile(r"(?<![\d'’‘.,])(\d{2})\s*(?:years?|yrs?)\b", re.IGNORECASE)


# "2.07 million (2.07 million)": the misread amount's gloss, once the amount is mended.
_REPEATED_GLOSS = re.compile(r"(\d[\d.,]*\s+(?:million|billion|trillion))\s*\(\s*\1\s*\)")


def _digits(value: float) -> str:
    """The significant digits of a value, whatever its magnitude: 1,158,000 and 115,800,000 give 1158."""
    return f"{value:.6e}".split("e")[0].replace(".", "").rstrip("0")


def _values_held(sources: Sequence[str]) -> set[float]:
    """Every value the sources write: a claim's amount that is among them needs no mending."""
    return set().union(*(numbers_in(text) for text in sources))


def english_amount(value: float) -> str:
    for unit, name in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if value >= unit:
            return f"{value / unit:.3f}".rstrip("0").rstrip(".") + f" {name}"
    return f"{value:,.0f}"


def _contains_value(values: set[float], target: float) -> bool:
    return any(abs(v - target) <= 1e-6 * max(1.0, abs(target)) for v in values)


def unsupported_numbers(claim: str, source: str, question: str = "") -> list[float]:
    """Numbers in the claim that neither the source nor the question holds."""
    allowed = numbers_in(source) | numbers_in(question)
    return [v for v in sorted(numbers_in(claim)) if not _contains_value(allowed, v)]


# What an amount counts, read from the word right after it: "30살" is an age, "30분"
# minutes. One value with two different counters is two different facts.
_COUNTERS = (
    ("people", r"여?\s*명|\s*(?:people|persons|participants|attendees|residents|students|delegates|visitors|"
               r"employees|workers)\b"),  # members: cities, too
    ("age", r"\s*(?:살|세(?!계|기|대|금|종|부|미|션|르)|years?\s+old)"),
    ("years", r"\s*(?:년|years?\b)"),  # 3천 년 of history is no 3천명 of people
    ("ordinal", r"\s*(?:번째|째|차(?!례)|위|주년)|(?:st|nd|rd|th)\b|\s*anniversary\b"),
    ("times", r"여?\s*(?:회|번|차례)|\s*times\b"),
    ("minute", r"\s*(?:분|minutes?)\b|분"),
    # "3 hours" is how long something took: no "3일(수) 15시30분" states it
    ("hours", r"\s*(?:시간|hours?\b)"),
    ("hour", r"시(?!장|간|민|청|의회|정|티|는|가|와|를|에)"),
    ("weeks", r"\s*(?:주간|주일|weeks?\b)"),
    ("month", r"\s*월"),
    # "7 days" is a length of time; a bare 7일 is a day of the month ("지난 7일부터 9일까지")
    ("days", r"\s*일\s*(?:간|동안)|\s*days?\b"),
    ("day", r"\s*일(?!대|부(?!터)|반|본|정|자리)"),  # 일부 is "part", but 7일부터 is "from the 7th"
    ("countries", r"여?\s*개국|여?\s*개\s*(?:나라|국가)|\s*(?:countries|nations)\b"),  # "몇 개 나라" asks 몇 개국
    ("companies", r"여?\s*개사|여?\s*개\s*(?:기업|업체|회사|스타트업)|\s*(?:companies|firms|businesses|start-?ups)\b"),
    ("votes", r"\s*표|\s*votes?\b"),
    ("languages", r"여?\s*개\s*(?:언어|국어)|\s*languages?\b"),  # before items: 12개 언어 is not 60개국
    # "How many cities" is not answered by 140개국: cities count apart from countries, as 700여개 도시
    ("cities", r"여?\s*개\s*(?:도시|시)(?![장청민])|\s*cities\b"),
    ("items", r"여?\s*(?:개소|개|곳)|\s*(?:shops|stores|places|items|projects)\b"),
    ("percent", r"\s*(?:%|퍼센트|percent\b)"),
    ("money", r"\s*(?:원|달러|won\b|dollars?\b|usd\b)"),
    ("area", r"\s*(?:㎢|㎡|km2|km²|제곱|square)"),
)
_COUNTER = [(name, re.compile(pattern, re.IGNORECASE)) for name, pattern in _COUNTERS]
_CLOCK_HOUR_BEFORE = re.compile(r"\d\s*시\s*$")
# English month names, in order: "November" is month 11 (rag/facts.py checks it as 11월).
ENGLISH_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                  "October", "November", "December")
_MONTHS = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b"
_MONTH_AFTER = re.compile(r"(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTHS, re.IGNORECASE)
_MONTH_BEFORE = re.compile(r"\b" + _MONTHS + r"\.?\s*$", re.IGNORECASE)


# "개" counts anything: 250개 기업 may answer how many companies.
_ANY_COUNT = "items"


def same_count(a: str, b: str) -> bool:
    """Two counters may count the same thing: equal, unsaid, or one of them a bare 개."""
    return not a or not b or a == b or _ANY_COUNT in (a, b) and {a, b} <= {_ANY_COUNT, "countries", "companies", "cities"}


def counted_form(text: str, start: int, end: int) -> str:
    """The amount at text[start:end] with the counter the text writes after it ("60개국", "12개 언어"),
    or "" where it counts nothing a reader needs told (a date, a rank, nothing at all)."""
    kind = counter_after(text, end, start)
    if kind in ("", "day", "month", "ordinal"):
        return ""
    written = dict(_COUNTER)[kind].match(text[end : end + 12])
    return text[start : end + written.end()].strip() if written else ""


# How a range's two ends are joined ("28~29일", "23일부터 27일까지", "July 22 to 27"): one reading
# for the amount, action and claim checks, so that none of them reads a range the others miss.
RANGE_SIGN = r"[~∼～–—-]"
RANGE_JOINER = r"(?:부터|에서|" + RANGE_SIGN + r"|\bto\b|\buntil\b|\btill\b|\bthrough\b)"
_RANGE_REST = re.compile(r"\s*" + RANGE_SIGN + r"\s*\d+(?:\.\d+)?")


# What people, countries, companies and cities are counted in: the text writes each with its
# counter (명, 개국, 개사, 개 도시), so a number written with any other word is no count of them.
COUNTED_BODIES = ("people", "countries", "companies", "cities")
# What may follow an amount without being its counter: particles, multipliers, "여" (about).
_NOT_A_COUNTER = re.compile(r"[이가을를은는의에와과로으도만천억조여까부께쯤씩]")
# What may be written right before an amount: 약 (about), 총 (in all), 각 (each), 제 (an ordinal's).
_BEFORE_AN_AMOUNT = re.compile(r"[약총각제단]")


def counts_something_unnamed(text: str, end: int, start: int | None = None) -> bool:
    """The amount ending at `end` has a word written onto it that no counter above reads: "18제
    전통풍모지구" (a place's name) counts something, and it is not people; nor does a number written
    onto the word before it ("광진4", a constituency), which is part of a name. Such a number states
    no count of people, countries, companies or cities, whatever the claim copying it asks."""
    if start is not None and written_onto_the_word_before(text, start):
        return True
    range_rest = _RANGE_REST.match(text, end)
    end = range_rest.end() if range_rest else end
    following = text[end : end + 1]
    return has_hangul(following) and not _NOT_A_COUNTER.match(following) and not counter_after(text, end)


def written_onto_the_word_before(text: str, start: int) -> bool:
    """The amount starting at `start` is written onto the Korean word before it, as part of a name:
    "광진4" (a constituency), "행정1부시장". 약, 총, 각, 제 and 단 may stand there ("약300")."""
    before = text[start - 1 : start] if start else ""
    return bool(before) and has_hangul(before) and not _BEFORE_AN_AMOUNT.match(before)


def counter_after(text: str, end: int, start: int | None = None) -> str:
    """The kind of thing the amount ending at `end` counts ("people", "age", ...), or "" when unsaid.

    With `start`, a "제" before the amount makes it an ordinal: 제1회 is the first.
    """
    if start is not None and text[max(0, start - 1) : start] == "제":
        return "ordinal"
    # the first number of a range counts what the range counts: "28~29일" are both days
    range_rest = _RANGE_REST.match(text, end)
    end = range_rest.end() if range_rest else end
    rest = text[end : end + 12]
    if start is not None and _CLOCK_HOUR_BEFORE.search(text[max(0, start - 6) : start]) and re.match(r"\s*분", rest):
        return "hour"  # the minutes of a clock time ("15시30분") are part of it, no length of time
    day_like = start is None or re.fullmatch(r"\d{1,2}", text[start:end].strip()) is not None  # "May 2019" is a year
    if day_like and (_MONTH_AFTER.match(text, end) or (start is not None and _MONTH_BEFORE.search(text[max(0, start - 12) : start]))):
        return "day"  # "23rd July", "July 23rd": the 23일 of a date, not a rank
    for name, pattern in _COUNTER:
        if pattern.match(rest):
            return name
    return ""


def short_year_at(text: str, start: int) -> bool:
    """The amount at `start` (its apostrophe or its first digit) is a press short year: the '18 of
    "설립('18.4)", "'19.10.5"."""
    at = start - 1 if start > 0 and text[start - 1] in "'’‘" else start
    return _SHORT_YEAR_WRITTEN.match(text, at) is not None


_SHORT_YEAR_WRITTEN = re.compile(r"['’‘]\d{2}(?!\d)")


def mend_added_years(claim: str, sources: Sequence[str]) -> str:
    """A year the claim computes for a date the text places only by a word ("2023년 12월 23일",
    "December 23, 2021", where the article writes "지난해 12월 23일") is cut, and the date is written
    as the text writes it, with that word (지난해, 내년, 올해): the model computes years from such
    words and news datelines and gets them wrong, while the month, day and word are the text's.
    Only where exactly one way of writing that month (and day) is found, and it has such a word: a
    year added to a bare "7월 23일" was computed from nothing and is left for the number check."""
    held = _values_held(sources)

    def as_written(match: re.Match, year: str, month: int, day: int | None, english: bool) -> str:
        if float(year) in held:
            return match.group(0)
        found = [m for text in sources for m in _SOURCE_DATE.finditer(text)
                 if int(m.group(3)) == month and (day is None or (m.group(4) and int(m.group(4)) == day))]
        written = {m.group(0).strip() for m in found}
        # a source that gives the date a year has no year to compute; one without a word that
        # places it (지난해, 내년) gives the model nothing to compute a year from: no mend
        if len(written) != 1 or any(m.group(1) or not m.group(2) for m in found):
            return match.group(0)
        if english:
            return f"{ENGLISH_MONTHS[month - 1]} {day}" if day else ENGLISH_MONTHS[month - 1]
        return written.pop()

    claim = _KOREAN_YEAR_DATE.sub(lambda m: as_written(m, m.group(1), int(m.group(2)),
                                                         int(m.group(3)) if m.group(3) else None, False), claim)
    claim = _ENGLISH_YEAR_DATE.sub(lambda m: as_written(m, m.group(3), ENGLISH_MONTHS.index(m.group(1)) + 1,
                                                          int(m.group(2)) if m.group(2) else None, True), claim)
    english = not has_hangul(claim)  # "2023-12-23" is shown as "December 23" in English, "지난해 12월 23일" in Korean
    return _NUMERIC_YEAR_DATE.sub(lambda m: as_written(m, m.group(1), int(m.group(2)), int(m.group(3)), english), claim)


_KOREAN_YEAR_DATE = re.compile(r"((?:19|20)\d\d)년\s*(\d{1,2})월(?:\s*(\d{1,2})일)?")
_ENGLISH_YEAR_DATE = re.compile(r"\b(" + "|".join(ENGLISH_MONTHS) + r")(?:\s+(\d{1,2})(?:st|nd|rd|th)?)?,?\s+((?:19|20)\d\d)\b")
_NUMERIC_YEAR_DATE = re.compile(r"(?<![\d.])((?:19|20)\d\d)[-./](\d{1,2})[-./](\d{1,2})(?![\d.])")  # 2023-12-23, 2023.12.23
# A date as a source writes it: its year, if any, then the word that places the year, if any.
_SOURCE_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d년\s*)?((?:지난해|작년|올해|금년|내년|이듬해)\s*)?(\d{1,2})월(?:\s*(\d{1,2})일)?")
