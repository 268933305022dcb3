"""Citations: parse the model's reply, range-check [n], verify claims against the cited text.

The small local model cannot be trusted to cite correctly, to stay on the
evidence or to abstain, so every claim is checked in code:
- every cited number must point to an evidence sentence that was shown;
- every number in a claim must appear, as a value, in the sentence it cites
  (Korean and English multipliers are read as values: "115만 8천" == "1,158,000");
- a claim must add something the question did not say (no echo answers);
- its content words (Korean) or the Korean names it carries in parentheses
  (English) must appear in the cited sentence, or it must be semantically close;
- a claim citing the wrong sentence is repaired to the sentence that supports it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Callable, Sequence

from rag.language import has_hangul

MARKER = re.compile(r"\[\s*(\d+(?:\s*[,،、]\s*\d+)*)\s*\]")
_SENTENCE_END = re.compile(r"(?<=[.!?。])\s+|(?<=다\.)\s*|(?<=요\.)\s*")
_MODEL_ABSTAINS = re.compile(
    r"찾을 수 없|알 수 없|언급되(?:어 있)?지 않|나와 있지 않|정보가 없|포함되어 있지 않|"
    r"not contain|does not (?:mention|say|specify|provide|state)|no information|not mentioned|"
    r"cannot be determined|not (?:provided|specified|available)",
    re.IGNORECASE,
)

# Words that carry no fact: a claim made only of these (plus the question's own
# words) says nothing and is rejected.
_FILLER = {
    "the", "a", "an", "is", "are", "was", "were", "be", "been", "of", "in", "on", "at", "to", "and",
    "or", "for", "with", "by", "as", "it", "its", "this", "that", "these", "those", "he", "she",
    "they", "his", "her", "their", "from", "about", "has", "have", "had", "did", "do", "does",
    "which", "what", "who", "when", "where", "how", "answer", "evidence", "according", "document",
    "documents", "article", "there", "also", "than", "more", "most", "some", "not",
    "하", "되", "있", "이", "그", "것", "수", "등", "및", "위", "대하", "통하", "답", "증거", "문서", "기사",
}


@dataclass(frozen=True)
class Reply:
    """The model's reply, parsed: answer text without markers, and the [n] it cited."""

    answer: str
    cited: tuple[int, ...]  # in range, in order of first mention, no duplicates
    out_of_range: tuple[int, ...]
    structured: bool  # True when the reply was valid JSON


@dataclass(frozen=True)
class Claim:
    """One answer sentence and the evidence numbers that support it (after verification)."""

    text: str
    cites: tuple[int, ...]
    supported: bool
    reason: str = ""
    repaired: bool = False


# ---------------------------------------------------------------- parsing


def parse_reply(raw: str, n_evidence: int) -> Reply:
    """Read a JSON reply ({"answer", "citations"}), or free text with [n] markers."""
    data = _json_object(raw)
    if data is not None and isinstance(data.get("answer"), str):
        listed = _ints(data.get("citations", []))
        inline = _markers(data["answer"])
        numbers, structured, text = listed + inline, True, data["answer"]
    else:
        numbers, structured, text = _markers(raw), False, raw
    return _range_checked(strip_markers(text), numbers, n_evidence, structured)


def _range_checked(text: str, numbers: list[int], n_evidence: int, structured: bool) -> Reply:
    seen: list[int] = []
    bad: list[int] = []
    for n in numbers:
        target = seen if 1 <= n <= n_evidence else bad
        if n not in target:
            target.append(n)
    return Reply(answer=text.strip(), cited=tuple(seen), out_of_range=tuple(bad), structured=structured)


def _json_object(raw: str) -> dict | None:
    start, end = raw.find("{"), raw.rfind("}")
    if start < 0 or end <= start:
        return None
    try:
        data = json.loads(raw[start : end + 1])
    except json.JSONDecodeError:
        return None
    return data if isinstance(data, dict) else None


def _ints(values: object) -> list[int]:
    if isinstance(values, (int, str)):
        values = [values]
    if not isinstance(values, list):
        return []
    out = []
    for v in values:
        if isinstance(v, bool):
            continue
        if isinstance(v, int):
            out.append(v)
        elif isinstance(v, str) and v.strip().strip("[]").isdigit():
            out.append(int(v.strip().strip("[]")))
    return out


def _markers(text: str) -> list[int]:
    return [int(n) for group in MARKER.findall(text) for n in re.split(r"[,،、]", group)]


def strip_markers(text: str) -> str:
    """Remove [n] markers (they are re-added by code after verification)."""
    return re.sub(r"\s+([.,!?])", r"\1", MARKER.sub("", text)).strip()


def partial_answer(buffer: str) -> str:
    """The value of "answer" in a JSON reply that is still streaming in."""
    match = re.search(r'"answer"\s*:\s*"', buffer)
    if not match:
        return "" if buffer.lstrip().startswith("{") else buffer
    chars: list[str] = []
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "/": "/"}
    i = match.end()
    while i < len(buffer):
        ch = buffer[i]
        if ch == '"':
            break
        if ch == "\\":
            if i + 1 >= len(buffer):
                break
            nxt = buffer[i + 1]
            if nxt == "u":
                if i + 6 > len(buffer):
                    break
                chars.append(chr(int(buffer[i + 2 : i + 6], 16)))
                i += 6
                continue
            chars.append(escapes.get(nxt, nxt))
            i += 2
            continue
        chars.append(ch)
        i += 1
    return "".join(chars)


def model_abstained(answer: str) -> bool:
    return not answer.strip() or bool(_MODEL_ABSTAINS.search(answer))


def split_claims(answer: str) -> list[str]:
    parts = [p.strip() for p in _SENTENCE_END.split(answer) if p and p.strip()]
    return [p for p in parts if len(p) > 1]


# ---------------------------------------------------------------- numbers

_UNITS = {
    "천": 1e3, "만": 1e4, "천만": 1e7, "억": 1e8, "천억": 1e11, "조": 1e12,
    "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
}
_NUMBER = re.compile(
    r"(?<![\w.])'?(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?!\.\d)\s*"
    r"(천억|천만|천|만|억|조|thousand\b|million\b|billion\b|trillion\b)?",
    re.IGNORECASE,
)
_DATE = re.compile(r"\b(\d{4})\.(\d{1,2})\.(\d{1,2})\b")


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
    values: set[float] = set()
    for amount in _amounts(_DATE.sub(r"\1 \2 \3", strip_markers(text))):
        values.add(amount.value)
        values.update(round(v, 6) for v, _ in amount.parts)
        if amount.year_shorthand:
            values.add(2000 + amount.parts[0][0])  # '14년 is 2014
    return values


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
    held = set().union(*(numbers_in(text) for text in sources)) if sources else set()
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


# ---------------------------------------------------------------- claim checks

Tokenizer = Callable[[str], list[str]]
Similarity = Callable[[str, int], float]  # (claim, evidence number) -> cosine


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def korean_names_in_parentheses(claim: str) -> list[str]:
    """Korean terms an English answer carries in parentheses: "Hu Henghua (후헝화)"."""
    return [t.strip() for t in re.findall(r"\(([^()]*)\)", claim) if has_hangul(t)]


def new_content(claim: str, question: str, tokenize: Tokenizer) -> set[str]:
    """The claim's content words that the question did not already say."""
    asked = set(tokenize(question))
    return {t for t in tokenize(claim) if t not in asked and t not in _FILLER and not t.isdigit() and not _bound(t)}


def _bound(token: str) -> bool:
    """One Hangul syllable (시, 명, 개, 년): a suffix or counter, not a fact ("충칭시" for a name)."""
    return len(token) == 1 and has_hangul(token)


def check_support(
    claim: str,
    source: str,
    question: str,
    tokenize: Tokenizer,
    similarity: float | None = None,
    context: str = "",
    vocabulary: frozenset[str] = frozenset(),
    min_overlap: float = 0.5,
    min_similarity: float = 0.55,
) -> str:
    """'' when `source` supports `claim`, else the reason it does not.

    `context` is the passage around the source sentence (its chunk): a claim that
    repeats the question's terms must cite a passage that is about them
    ("Kuala Lumpur's GDP is 19%" citing a sentence about Tashkent fails).
    `vocabulary` holds the tokens of all evidence shown; terms outside it
    (English names of Korean-only text) cannot be checked and are let through.
    """
    missing = unsupported_numbers(claim, source, question)
    if missing:
        return f"number {missing[0]:g} not in the cited text"
    off_topic = _question_terms_missing(claim, question, context or source, tokenize, vocabulary)
    if off_topic:
        return f"the cited passage is not about {off_topic[0]}"
    claim_numbers = numbers_in(claim) - numbers_in(question)
    content = new_content(claim, question, tokenize)
    if not content and not claim_numbers:
        return "says nothing the question did not"
    names = korean_names_in_parentheses(claim)
    absent = [n for n in names if _compact(n) not in _compact(source)]
    if absent:
        return f"name {absent[0]} not in the cited text"
    if claim_numbers or names:
        return ""
    return _lexical_or_semantic(claim, source, content, tokenize, similarity, min_overlap, min_similarity)


def _question_terms_missing(claim, question, context, tokenize, vocabulary) -> list[str]:
    repeated = set(tokenize(claim)) & set(tokenize(question))
    checkable = {t for t in repeated if t not in _FILLER and not t.isdigit() and (has_hangul(t) or t in vocabulary)}
    present = _compact(context).lower()  # substring test: robust to how the tokenizer cut the context
    return sorted(t for t in checkable if t not in present)


def _lexical_or_semantic(claim, source, content, tokenize, similarity, min_overlap, min_similarity) -> str:
    if has_hangul(claim):
        source_tokens = set(tokenize(source))
        overlap = len(content & source_tokens) / max(1, len(content))
        if overlap >= min_overlap:
            return ""
    if similarity is not None and similarity >= min_similarity:
        return ""
    return "content not found in the cited text"


def verify_claim(
    claim: str,
    cites: Sequence[int],
    question: str,
    evidence_texts: dict[int, str],
    tokenize: Tokenizer,
    similarity: Similarity | None = None,
    contexts: dict[int, str] | None = None,
) -> Claim:
    """Keep a claim whose cited sentence supports it; else repair the citation; else reject."""
    mismatch = answer_kind_mismatch(question, claim)
    if mismatch:
        return Claim(claim, tuple(cites), False, reason=mismatch)
    contexts = contexts or {}
    vocabulary = frozenset(t for text in evidence_texts.values() for t in tokenize(text))

    def reason_for(n: int) -> str:
        sim = similarity(claim, n) if similarity else None
        return check_support(claim, evidence_texts[n], question, tokenize, sim, contexts.get(n, ""), vocabulary)

    reasons = [(n, reason_for(n)) for n in cites]
    for n, reason in reasons:
        if not reason:
            return Claim(claim, (n,), True)
    first = reasons[0][1] if reasons else "no citation"
    for n in _repair_order(claim, cites, evidence_texts, tokenize):
        if not reason_for(n):
            return Claim(claim, (n,), True, reason=f"repaired: {first}", repaired=True)
    return Claim(claim, tuple(cites), False, reason=first)


# (what the question asks, what the claim must then state): a year is not an age,
# a population is not an area.
_KINDS = [
    ("an age", re.compile(r"\bhow old\b|\bage\b|나이|몇\s*살", re.IGNORECASE),
     re.compile(r"\d+\s*(세|살)|\d+\s*years?\s*old|\baged?\s*\d+", re.IGNORECASE)),
    ("a birth year", re.compile(r"년생|\bborn\b|출생|태어", re.IGNORECASE),
     re.compile(r"년생|\bborn\b|출생|태어", re.IGNORECASE)),
    # "the area of X" is a size; "which area of Seoul" is a place
    ("an area", re.compile(r"면적|넓이|\bthe (land |total |surface )?area of\b", re.IGNORECASE),
     re.compile(r"㎢|㎡|km2|km²|m2|m²|제곱|square|헥타르|hectare|\bha\b|평\b", re.IGNORECASE)),
]
_ASKS_QUANTITY = re.compile(
    r"얼마|몇|언제|\bhow (many|much|long|old)\b|\bwhen\b|\b(what|which) year\b|\bwhat percentage\b", re.IGNORECASE)
_STATES_QUANTITY = re.compile(
    r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|"
    r"hundred|thousand|dozen|once|twice|first|second|third)\b|"
    r"(한|두|세|네|다섯|여섯|일곱|여덟|아홉|열|첫)\s*(번|곳|개|명|회|차례|해|째)",
    re.IGNORECASE,
)


def answer_kind_mismatch(question: str, claim: str) -> str:
    """Why the claim cannot answer this kind of question ("how old", "몇 명"), or "".

    A quantity or date question answered without any number, an age question
    answered with a year, an area answered with a population: the model copied
    a nearby figure instead of answering. "How old is Hu Henghua?" -> "2003"
    (the year he won an award); "쿠알라룸푸르의 면적은?" -> "207만명".
    """
    for kind, asks, states in _KINDS:
        if asks.search(question) and not states.search(claim):
            return f"the question asks for {kind}; the claim states none"
    if _ASKS_QUANTITY.search(question) and not _STATES_QUANTITY.search(strip_markers(claim)):
        return "the question asks for a number or date; the claim states none"
    return ""


def question_coverage(question: str, text: str, tokenize: Tokenizer) -> float:
    """Share of the question's content words that `text` holds."""
    asked = {t for t in tokenize(question) if t not in _FILLER}
    return len(asked & set(tokenize(text))) / max(1, len(asked))


def on_topic(question: str, evidence_texts: dict[int, str], tokenize: Tokenizer, share: float) -> set[int]:
    """Evidence numbers whose sentence holds at least `share` of the best sentence's question words.

    The small model often copies a number from a sentence that merely mentions
    the topic ("WeGO ... 120여개 도시" for "how many attended the assembly?");
    such a sentence cannot support the answer.
    """
    coverage = {n: question_coverage(question, text, tokenize) for n, text in evidence_texts.items()}
    best = max(coverage.values(), default=0.0)
    return {n for n, c in coverage.items() if best == 0 or c >= share * best}


_POSSESSOR = re.compile(r"([0-9A-Za-z\uac00-\ud7a3·]{2,})의(?=\s)")


def possessors_in_question(question: str) -> list[str]:
    """Korean "X의 Y" questions ask for an attribute of X: "취리히시의 인구" -> ["취리히시"]."""
    return _POSSESSOR.findall(question + " ")


def about_the_possessor(question: str, windows: dict[int, str]) -> set[int]:
    """Evidence numbers whose window names every possessor the question asks about.

    A possessor no window names verbatim is not required (the text may call it
    otherwise). This stops the canton's population answering for the city: both
    sentences say 인구, only one window says 취리히시.
    """
    compact = {n: _compact(text).lower() for n, text in windows.items()}
    required = [p.lower() for p in possessors_in_question(question)
                if any(p.lower() in text for text in compact.values())]
    return {n for n, text in compact.items() if all(p in text for p in required)}


_NAME = re.compile(r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*")
_NOT_NAMES = {
    "what", "when", "which", "who", "whom", "whose", "where", "why", "how", "did", "does", "do", "is",
    "are", "was", "were", "the", "a", "an", "in", "on", "at", "of", "for", "according", "can", "could",
    "will", "would", "has", "have", "had", "and", "or", "tell", "name", "list", "give",
    # dates are checked as numbers, not as names ("in July" is 7월 in the source)
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday",
}


def names_in_question(question: str) -> list[str]:
    """Proper names in an English question ("Kuala Lumpur", "Hu Henghua"), possessives cut."""
    names = []
    for match in _NAME.finditer(question):
        words = [w for w in re.sub(r"['’]s\b", "", match.group(0)).split()
                 if w.lower() not in _NOT_NAMES and not _concept(w)]
        if words and len(" ".join(words)) > 1:
            names.append(" ".join(words))
    return names


def _concept(word: str) -> bool:
    """Short all-capital words (GDP, AI, IT, MOU) name concepts, not the entity asked about."""
    return word.isupper() and len(word) <= 4


def _repair_order(claim: str, cites: Sequence[int], evidence_texts: dict[int, str], tokenize: Tokenizer) -> list[int]:
    """Uncited sentences, those sharing most of the claim's words first."""
    words = set(tokenize(claim))
    others = [n for n in evidence_texts if n not in cites]
    return sorted(others, key=lambda n: (-len(words & set(tokenize(evidence_texts[n]))), n))
