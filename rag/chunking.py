"""Document -> Chunk (retrieval units) -> Sentence (evidence units), offsets kept.

Chunks come from LangChain's RecursiveCharacterTextSplitter, cutting at
paragraphs, then lines, then Korean and English sentence ends. With
`keep_separator="end"` every piece keeps its separator, so each chunk is an
exact slice of the document (up to stripped edge whitespace) and its offsets
are found by a forward search. Sentences are cut inside a chunk by our own
rules, which know Korean endings, quotes, numbers like "2.07" and initials.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from langchain_text_splitters import RecursiveCharacterTextSplitter

from rag.loaders import CLEANING_VERSION
from rag.types import Chunk, Document, Sentence

if TYPE_CHECKING:
    from rag.config import Settings

_CLOSERS = "'\"”’」』)\\]"
# Splitter separators, strongest first (regexes; the match stays with the piece before it).
SEPARATORS = [
    r"\n\n",
    r"\n",
    rf"(?<=[가-힣][.?!])[{_CLOSERS}]*[ \t]+",  # Korean sentence end: 다. 요. 까? (also 다.” )
    r"(?<=[다요죠][”\"’'])",  # end of a quoted Korean sentence inside a longer one: 다”며
    rf"(?<=[a-z0-9%)\]][.?!])[{_CLOSERS}]*[ \t]+",  # English sentence end
    r" ",
    r"",
]
# Bump when splitting rules change, so indexes built with older chunks are rebuilt.
CHUNKER_VERSION = 1
MIN_SENTENCE_CHARS = 8  # shorter pieces ("서울시", a photo credit) join a neighbour

_SENTENCE_PUNCT = re.compile(rf"[.?!]+[{_CLOSERS}]*(?=\s|$)")
_ENGLISH_BEFORE_END = re.compile(r"[a-z0-9%)\]]")
_ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "prof", "st", "vs", "no", "inc", "ltd", "co", "jr", "sr", "fig", "e.g", "i.e"}
_WORD_BEFORE = re.compile(r"([\w.]+)$")


def chunker_fingerprint(chunk_size: int, chunk_overlap: int) -> dict[str, int]:
    """What the index manifest records so a change of chunking forces a rebuild."""
    return {
        "chunk_size": chunk_size,
        "chunk_overlap": chunk_overlap,
        "chunker_version": CHUNKER_VERSION,
        "cleaning_version": CLEANING_VERSION,
    }


# ---------------------------------------------------------------- chunks


def chunk_document(doc: Document, chunk_size: int, chunk_overlap: int) -> list[Chunk]:
    """Split `doc.text` into chunks of at most ~chunk_size characters, offsets exact."""
    splitter = RecursiveCharacterTextSplitter(
        separators=SEPARATORS,
        is_separator_regex=True,
        keep_separator="end",
        chunk_size=chunk_size,
        chunk_overlap=chunk_overlap,
        strip_whitespace=True,
    )
    spans = _locate(doc.text, splitter.split_text(doc.text), chunk_overlap)
    return [
        Chunk(chunk_id=f"{doc.doc_id}#{i}", doc_id=doc.doc_id, start=start, end=end, text=doc.text[start:end])
        for i, (start, end) in enumerate(spans)
    ]


def _locate(text: str, pieces: Iterable[str], overlap: int) -> list[tuple[int, int]]:
    """Offsets of each piece: it starts after the previous start, at most `overlap` before its end."""
    spans: list[tuple[int, int]] = []
    prev_start, prev_end = -1, 0
    for piece in pieces:
        start = text.find(piece, max(prev_start + 1, prev_end - overlap))
        if start < 0:  # cannot happen with keep_separator="end"; never return wrong offsets
            raise ValueError(f"chunk not found in document text: {piece[:40]!r}")
        spans.append((start, start + len(piece)))
        prev_start, prev_end = start, start + len(piece)
    return spans


def chunk_documents(docs: Iterable[Document], settings: "Settings") -> tuple[list[Chunk], list[Sentence]]:
    """All chunks of all documents, and their sentences (sentence_id = global position)."""
    chunks: list[Chunk] = []
    sentences: list[Sentence] = []
    for doc in docs:
        for chunk in chunk_document(doc, settings.chunk_size, settings.chunk_overlap):
            chunks.append(chunk)
            sentences.extend(split_sentences(chunk, first_id=len(sentences)))
    return chunks, sentences


# ---------------------------------------------------------------- sentences


def split_sentences(chunk: Chunk, first_id: int) -> list[Sentence]:
    """The sentences of one chunk, numbered from `first_id`, offsets into the document."""
    spans = _merge_fragments(sentence_spans(chunk.text))
    return [
        Sentence(
            sentence_id=first_id + i,
            chunk_id=chunk.chunk_id,
            doc_id=chunk.doc_id,
            start=chunk.start + start,
            end=chunk.start + end,
            text=chunk.text[start:end],
        )
        for i, (start, end) in enumerate(spans)
    ]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of `text`; every line break ends a sentence."""
    spans = []
    line_start = 0
    for line in text.split("\n"):
        cuts = _sentence_ends(line, quote_aware=True)
        if cuts is None:  # an unclosed quote: do not let it swallow the rest of the line
            cuts = _sentence_ends(line, quote_aware=False) or []
        bounds = [0, *cuts, len(line)]
        spans += [_trimmed(line, a, b, line_start) for a, b in zip(bounds, bounds[1:])]
        line_start += len(line) + 1
    return [span for span in spans if span[1] > span[0]]


def _sentence_ends(line: str, quote_aware: bool) -> list[int] | None:
    """Cut positions after sentence-final punctuation; None if a double quote stays open."""
    inside = _inside_quotes(line)
    if quote_aware and inside and inside[-1]:
        return None
    return [
        match.end()
        for match in _SENTENCE_PUNCT.finditer(line)
        if _ends_sentence(line, match.start()) and not (quote_aware and inside[match.start()])
    ]


def _inside_quotes(line: str) -> list[bool]:
    """For each character: is it inside a double-quoted span (“…” or "…")?"""
    flags, open_ = [], False
    for ch in line:
        if ch == "“":
            open_ = True
        elif ch == "”":
            open_ = False
        elif ch == '"':
            open_ = not open_
        flags.append(open_)
    return flags


def _ends_sentence(line: str, punct_at: int) -> bool:
    """Hangul + '.': always ("했다.", even the typo "건립했."); English: not initials or abbreviations."""
    if punct_at == 0:
        return False
    before = line[punct_at - 1]
    if "가" <= before <= "힣" or line[punct_at] in "?!":
        return True
    if not _ENGLISH_BEFORE_END.match(before):
        return False  # "R. Ortega", "U.S. "
    word = _WORD_BEFORE.search(line[:punct_at])
    return not (word and word.group(1).lower() in _ABBREVIATIONS)


def _trimmed(line: str, a: int, b: int, offset: int) -> tuple[int, int]:
    piece = line[a:b]
    left = len(piece) - len(piece.lstrip())
    right = len(piece.rstrip())
    return (offset + a + left, offset + a + max(right, left))


def _merge_fragments(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A piece under MIN_SENTENCE_CHARS joins the sentence before it (or after it if first)."""
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and end - start < MIN_SENTENCE_CHARS:
            merged[-1] = (merged[-1][0], end)
        elif merged and merged[-1][1] - merged[-1][0] < MIN_SENTENCE_CHARS:
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged
