"""PDF bytes -> text with page offsets, title, author and creation date (pypdf).

pypdf was chosen over pdfplumber by measurement (README, "Your documents:
formats"): the same Korean text on our test PDF, real-world words kept apart
where pdfplumber glued them together, 3-4x faster, and no native dependency.
Lines a PDF wrapped are joined back into paragraphs, since sentences are split
per line downstream; each page starts a new paragraph so a page number can be
given for any offset.
"""

from __future__ import annotations

import io
import logging
import unicodedata

import pypdf
from pypdf.errors import PdfReadError, PyPdfError

from rag.ingest.extracted import BadContent, Extracted, iso_date, tidy_line

# A line at least this share of the page's widest line was wrapped by the layout,
# not ended by the writer: the next line continues its paragraph.
WRAPPED_LINE_SHARE = 0.7

NO_TEXT = "no text found; OCR is not supported (a scanned PDF?): use a PDF with a text layer"
ENCRYPTED = "encrypted PDF: it needs a password; save a copy without one and add that"

# pypdf reports recoverable damage through logging; the one-line reasons say what matters.
logging.getLogger("pypdf").setLevel(logging.ERROR)


def extract_pdf(data: bytes) -> Extracted:
    reader = _open(data)
    try:
        page_texts = [page_text(page.extract_text() or "") for page in reader.pages]
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError) as err:
        raise BadContent(f"damaged PDF ({type(err).__name__}): re-save it from the program that made it") from None
    text, starts = join_pages(page_texts)
    if not text:
        raise BadContent(NO_TEXT)
    meta = _metadata(reader)
    return Extracted(text=text, title=meta.get("/Title", ""), outlet=meta.get("/Author", ""),
                     date=iso_date(meta.get("/CreationDate", "").removeprefix("D:")), pages=starts)


def _open(data: bytes) -> pypdf.PdfReader:
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):  # an owner password alone still opens
            raise BadContent(ENCRYPTED)
        return reader
    except BadContent:
        raise
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError) as err:
        if "crypt" in str(err).lower():
            raise BadContent(ENCRYPTED) from None
        raise BadContent(f"damaged PDF ({' '.join(str(err).split())[:80]}): re-save it from the program that made it") from None


def _metadata(reader: pypdf.PdfReader) -> dict[str, str]:
    """Document-information strings; a damaged info dictionary gives none rather than failing."""
    try:
        info = reader.metadata or {}
        return {key: tidy_line(str(info.get(key) or "")) for key in ("/Title", "/Author", "/CreationDate")}
    except (PyPdfError, ValueError, KeyError, TypeError):
        return {}


def join_pages(page_texts: list[str]) -> tuple[str, tuple[int, ...]]:
    """Pages joined by a blank line, and the offset where each page starts (an empty page: where the next would)."""
    text, starts = "", []
    for page in page_texts:
        if page and text:
            text += "\n\n"
        starts.append(len(text))
        text += page
    return text, tuple(starts)


def page_text(raw: str) -> str:
    """A page's lines re-joined: wrapped lines with a space, other line ends as paragraph breaks."""
    lines = [tidy_line(line) for line in raw.splitlines()]
    lines = [line for line in lines if line]
    if not lines:
        return ""
    widest = max(display_width(line) for line in lines)
    out = lines[0]
    for before, line in zip(lines, lines[1:]):
        wrapped = display_width(before) >= WRAPPED_LINE_SHARE * widest
        out += (" " if wrapped else "\n\n") + line
    return out


def display_width(line: str) -> int:
    """Width in Latin letters: Hangul and CJK characters are twice as wide on the page."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)
