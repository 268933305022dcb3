"""Answer matching and retrieval/answer/citation/abstention metrics: small pure functions.

Answer matching rule (`matches`): an answer is correct when, after both the
answer and an accepted answer are normalised, the accepted answer is a
substring of the answer, for any one accepted answer. Normalising means, in
order: remove citation markers like "[2]" (so their digits never count as a
number); Unicode NFKC (full-width letters, digits and punctuation become
half-width, "㎢" becomes "km2"); casefold; remove commas between digits
(thousands separators: "1,729" == "1729"); remove all whitespace ("115만 8천"
== "115만8천", "New York" == "newyork"). An answer that abstains is never
correct.

Retrieval metrics are document-level: a hit counts when its chunk's doc_id is
one of the item's expected sources.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Sequence

# ---------------------------------------------------------------- matching
_MARKER = re.compile(r"\[\d+\]")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d)")
_SPACE = re.compile(r"\s+")


def normalize(text: str) -> str:
    text = unicodedata.normalize("NFKC", _MARKER.sub(" ", text)).casefold()
    return _SPACE.sub("", _THOUSANDS.sub("", text))


def matches(answer_text: str, accepted: Iterable[str]) -> bool:
    """True when the answer contains any one accepted answer (see the module docstring)."""
    haystack = normalize(answer_text)
    return any(normalize(a) and normalize(a) in haystack for a in accepted)


# ---------------------------------------------------------------- metrics
def hit_at(ranked_docs: Sequence[str], sources: Iterable[str], k: int) -> float:
    wanted = set(sources)
    return 1.0 if any(d in wanted for d in ranked_docs[:k]) else 0.0


def recall_at(ranked_docs: Sequence[str], sources: Iterable[str], k: int) -> float:
    wanted = set(sources)
    return len(wanted & set(ranked_docs[:k])) / len(wanted) if wanted else 0.0


def reciprocal_rank(ranked_docs: Sequence[str], sources: Iterable[str]) -> float:
    wanted = set(sources)
    return next((1.0 / rank for rank, d in enumerate(ranked_docs, 1) if d in wanted), 0.0)


def ndcg_at(ranked_docs: Sequence[str], sources: Iterable[str], k: int) -> float:
    """Binary gain at the first rank of each expected document; ideal = all expected docs on top."""
    wanted = set(sources)
    first_ranks = {}
    for rank, doc in enumerate(ranked_docs[:k], 1):
        if doc in wanted:
            first_ranks.setdefault(doc, rank)
    dcg = sum(1.0 / math.log2(r + 1) for r in first_ranks.values())
    ideal = sum(1.0 / math.log2(r + 1) for r in range(1, min(len(wanted), k) + 1))
    return dcg / ideal if ideal else 0.0


def answer_correct(answer_text: str, abstained: bool, accepted: Iterable[str]) -> bool:
    return not abstained and matches(answer_text, accepted)


def cited_from_sources(cited_docs: Sequence[str], sources: Iterable[str]) -> tuple[int, int]:
    """(citations of an expected source, all citations): summed for citation precision."""
    wanted = set(sources)
    return sum(1 for d in cited_docs if d in wanted), len(cited_docs)


def claim_citations_holding_answer(quotes: Sequence[str], accepted: Iterable[str]) -> tuple[int, int]:
    """(cited sentences that hold an accepted answer, cited sentences): summed for claim citation precision.

    Document-level citation precision read 1.00 on a run where six shown answers
    in 28 were wrong; this asks whether the cited text itself states the answer.
    """
    accepted = list(accepted)
    return sum(1 for q in quotes if matches(q, accepted)), len(quotes)


def citation_recall(cited_docs: Sequence[str], sources: Iterable[str]) -> float:
    return 1.0 if set(cited_docs) & set(sources) else 0.0


def micro_precision(pairs: Iterable[tuple[int, int]]) -> float | None:
    good = total = 0
    for g, t in pairs:
        good, total = good + g, total + t
    return good / total if total else None


def abstention_scores(abstained: Sequence[bool], unanswerable: Sequence[bool]) -> tuple[float | None, float | None]:
    """(precision, recall) of abstaining, unanswerable being the positive class; None when undefined."""
    both = sum(1 for a, u in zip(abstained, unanswerable) if a and u)
    n_abstained, n_unanswerable = sum(abstained), sum(unanswerable)
    precision = both / n_abstained if n_abstained else None
    recall = both / n_unanswerable if n_unanswerable else None
    return precision, recall


def mean(values: Iterable[float | None]) -> float | None:
    kept = [v for v in values if v is not None]
    return sum(kept) / len(kept) if kept else None


def percentiles(values: Iterable[float]) -> dict[str, float | None]:
    kept = sorted(v for v in values if v is not None)
    return {"p50": _percentile(kept, 50), "p95": _percentile(kept, 95)}


def _percentile(ordered: list[float], q: float) -> float | None:
    """Linear interpolation between closest ranks (numpy's default)."""
    if not ordered:
        return None
    position = (len(ordered) - 1) * q / 100
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)
