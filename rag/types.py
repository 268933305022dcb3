"""Typed records passed between pipeline stages.

Every stage takes and returns these frozen dataclasses, never loose dicts or
tuples. Offsets (`start`, `end`) are always character offsets into the
*cleaned* document text (`Document.text`), so `doc.text[start:end]` is the span.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Document:
    """One cleaned source document. `doc_id` is the file stem."""

    doc_id: str
    path: str
    text: str  # cleaned article text: page chrome removed, paragraphs joined by "\n\n"
    sha256: str  # hash of the raw file bytes (drives index rebuilds)
    title: str = ""  # "" when the page prints none: never guessed
    outlet: str = ""
    date: str = ""  # ISO "YYYY-MM-DD" when the page prints a date, else ""
    # Offset in `text` where each page starts (PDFs; page i+1 starts at pages[i]); () for other formats.
    pages: tuple[int, ...] = ()
    source_format: str = ""  # "pdf", "html", "docx", "markdown", "text"; "" for seeds loaded before formats existed


def page_at(document: Document, offset: int) -> int | None:
    """The 1-based page holding `document.text[offset]`, or None when the document has no pages."""
    if not document.pages or not 0 <= offset <= len(document.text):
        return None
    return max(bisect_right(document.pages, offset), 1)


@dataclass(frozen=True)
class Chunk:
    """A retrieval unit: a slice of one document."""

    chunk_id: str  # f"{doc_id}#{ordinal}"
    doc_id: str
    start: int
    end: int
    text: str  # == document.text[start:end]


@dataclass(frozen=True)
class Sentence:
    """One sentence of a chunk: the unit of evidence shown to the LLM."""

    sentence_id: int  # position in the index's sentence table
    chunk_id: str
    doc_id: str
    start: int
    end: int
    text: str  # == document.text[start:end]


@dataclass(frozen=True)
class Hit:
    """A retrieved chunk with its fused score. rank is 1-based."""

    chunk: Chunk
    score: float
    rank: int
    title: str = ""
    dense_rank: int | None = None  # rank in the dense list, None if absent there
    bm25_rank: int | None = None


@dataclass(frozen=True)
class Evidence:
    """A numbered evidence sentence as shown to the model ([n], 1-based)."""

    n: int
    sentence: Sentence
    score: float
    title: str = ""


@dataclass(frozen=True)
class Citation:
    """A verified citation: `quote == document.text[start:end]` (the cited sentence).

    `span_start`/`span_end` mark, inside it, the words that state the fact the
    answer took from it (start <= span_start < span_end <= end).
    """

    n: int
    doc_id: str
    chunk_id: str
    title: str
    outlet: str
    date: str
    start: int
    end: int
    quote: str
    span_start: int = -1  # -1: no span located (baselines); set by verification
    span_end: int = -1

    @property
    def span(self) -> str:
        return self.quote[self.span_start - self.start : self.span_end - self.start] if self.span_start >= 0 else ""


@dataclass(frozen=True)
class Verdict:
    """One check's judgement: on an evidence sentence ("[3]") or on a claim (its text)."""

    check: str  # the check's name, e.g. "facts_in_cited_text"
    passed: bool
    subject: str
    reason: str = ""


@dataclass(frozen=True)
class Timings:
    retrieval_ms: float = 0.0
    first_token_ms: float | None = 0.0  # None: not measured (an eval baseline answered from stored replies)
    total_ms: float | None = 0.0


@dataclass(frozen=True)
class Answer:
    """What the pipeline returns for one question."""

    question: str
    language: str  # "ko" or "en"
    text: str  # final answer with [n] markers that match `citations`
    abstained: bool
    citations: tuple[Citation, ...] = ()
    passages: tuple[Hit, ...] = ()  # retrieved passages (nearest passages when abstaining)
    evidence: tuple[Evidence, ...] = ()
    backend: str = ""
    model: str = ""
    timings: Timings = field(default_factory=Timings)
    retrieval_query: str = ""  # standalone query actually used for retrieval (follow-ups)
    notes: tuple[str, ...] = ()  # user-facing notices (question truncated, partial stream, ...)
    raw_reply: str = ""  # what the model wrote, before verification (for eval and benchmarks)
    verdicts: tuple[Verdict, ...] = ()  # every verification check's judgement, in order
    # One line naming the server and the fault when the backend failed mid-answer
    # (the text is then the partial answer, marked incomplete); "" on success.
    error: str = ""


@dataclass(frozen=True)
class Retrieved:
    """What an answer will rest on, known before the model writes a word: shown at once."""

    question: str
    language: str
    passages: tuple[Hit, ...]
    evidence: tuple[Evidence, ...]  # best first
    retrieval_ms: float


@dataclass(frozen=True)
class Reasking:
    """In a stream: the text shown so far is withdrawn (verification dropped it) and the model is asked again,
    or the answer read from the text."""

    reason: str
    asks_model: bool = True  # False: the answer is read from the text (rag/role_lookup.py), no model is asked


@dataclass(frozen=True)
class Turn:
    """One earlier exchange in a conversation (for follow-up questions)."""

    question: str
    answer: str
