"""Word .docx bytes -> paragraphs and table rows in reading order, core properties.

A .docx is a zip archive: its members' sizes are checked before anything is
unpacked, so a zip bomb disguised as a Word file is refused rather than
filling memory (the ratio limit is Apache POI's, whose default refuses a member
that unpacks to more than 100x its packed size).
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass

import docx
from lxml.etree import LxmlError
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table

from rag.ingest.extracted import BadContent, Extracted, iso_date, paragraphs_text

WORD_PART = "word/document.xml"


@dataclass(frozen=True)
class ZipLimits:
    max_unzipped_bytes: int
    max_ratio: int


def extract_docx(data: bytes, limits: ZipLimits) -> Extracted:
    check_archive(data, limits)
    try:
        document = docx.Document(io.BytesIO(data))
        blocks = [_block_text(block) for block in document.iter_inner_content()]
        props = document.core_properties
        meta = {"title": props.title, "author": props.author, "created": props.created}
    except (PackageNotFoundError, zipfile.BadZipFile, zlib.error, EOFError, LxmlError, KeyError, ValueError) as err:
        what = "corrupt compressed data" if isinstance(err, zlib.error) else type(err).__name__
        raise BadContent(f"damaged Word file ({what}): re-save it from Word") from None
    text = paragraphs_text(blocks)
    if not text:
        raise BadContent("no text found in the Word document")
    return Extracted(text=text, title=_one_line(meta["title"]), outlet=_one_line(meta["author"]),
                     date=iso_date(meta["created"]))


def check_archive(data: bytes, limits: ZipLimits) -> None:
    """Refuse archives that are not Word documents or would unpack past the limits."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise BadContent("damaged zip archive: re-save it from Word") from None
    if WORD_PART not in {m.filename for m in members}:
        raise BadContent(f"a zip archive without {WORD_PART}: not a Word document")
    total = sum(m.file_size for m in members)
    if total > limits.max_unzipped_bytes:
        raise BadContent(f"unpacks to {total / 1e6:.0f} MB, over the limit of {limits.max_unzipped_bytes / 1e6:.0f} MB "
                         "(a zip bomb?); raise RAG_MAX_UNZIPPED_BYTES if the file is genuine")
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if ratio > limits.max_ratio:
            raise BadContent(f"member {member.filename[:60]!r} unpacks {ratio:.0f}x its packed size, over the limit of "
                             f"{limits.max_ratio}x (a zip bomb?); raise RAG_MAX_ZIP_RATIO if the file is genuine")


def _block_text(block: object) -> str:
    """A paragraph's text, or a table as one line per row with cells separated by " | "."""
    if isinstance(block, Table):
        rows = [" | ".join(cell.text.strip() for cell in row.cells) for row in block.rows]
        return "\n\n".join(row for row in rows if row.strip(" |"))
    return getattr(block, "text", "")


def _one_line(value: object) -> str:
    return " ".join(str(value).split()) if value else ""
