"""One user file -> Document, whatever its format; or one line saying why not.

The format is read from the file's first bytes (magic numbers), never trusted
from its extension: a `.pdf` that holds HTML, or a `.docx` that is no zip, is
refused with a reason that says so. Every refusal is an UnreadableFile whose
message is one line: the file's name, then the reason.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from rag.config import Settings
from rag.errors import RagError, one_line
from rag.ingest.extracted import BadContent, Extracted
from rag.ingest.text import extract_text
from rag.types import Document

SUPPORTED_SUFFIXES = (".pdf", ".html", ".htm", ".docx", ".md", ".txt")
# What each extension promises the bytes hold.
EXPECTED_KIND = {".pdf": "pdf", ".html": "html", ".htm": "html", ".docx": "zip", ".md": "text", ".txt": "text"}
# Document.source_format for each extension.
SOURCE_FORMAT = {".pdf": "pdf", ".html": "html", ".htm": "html", ".docx": "docx", ".md": "markdown", ".txt": "text"}
# Words for the kinds sniffed, as the user would name them.
KIND_WORDS = {
    "pdf": "a PDF", "zip": "a zip archive (Word .docx)", "html": "HTML", "text": "plain text",
    "ole": "an old Word .doc or a password-protected Office file", "image": "an image", "binary": "binary data",
}
# Suffix to suggest when the bytes are a supported format under the wrong name.
RENAME_TO = {"pdf": ".pdf", "zip": ".docx", "html": ".html", "text": ".txt"}
_MAGIC = (
    (b"%PDF-", "pdf"), (b"PK\x03\x04", "zip"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"),
    (b"\x89PNG", "image"), (b"\xff\xd8\xff", "image"), (b"GIF8", "image"), (b"\x1f\x8b", "binary"), (b"\x7fELF", "binary"),
)
# Starts of a whole HTML document (a Markdown file may embed a tag; it is not a web page).
_HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<?xml version", b"<meta", b"<body")


class UnreadableFile(RagError):
    """A file we cannot turn into a document; the message is "<file name>: <reason>", one line."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.file_name = display_name(Path(path).name)
        self.reason = reason
        super().__init__(f"{self.file_name}: {reason}")


@dataclass(frozen=True)
class FileLimits:
    """What one file may be: its size on disk, and for .docx what its zip may unpack to."""

    max_file_bytes: int = 50_000_000
    max_unzipped_bytes: int = 200_000_000
    max_zip_ratio: int = 100


def file_limits(settings: Settings) -> FileLimits:
    return FileLimits(settings.max_file_bytes, settings.max_unzipped_bytes, settings.max_zip_ratio)


def load_file(path: Path, doc_id: str, limits: FileLimits = FileLimits()) -> Document:
    """Read, check and extract one file. Raises UnreadableFile (one line) for anything unusable."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise UnreadableFile(path, f"unsupported file type {suffix or '(no extension)'!r}; supported: {', '.join(SUPPORTED_SUFFIXES)}")
    data = _read(path, limits)
    try:
        extracted = _extract(suffix, data, limits)
    except BadContent as why:
        raise UnreadableFile(path, str(why)) from None
    except Exception as err:  # noqa: BLE001 - parsers raise anything on malformed input; the file is bad, not the program
        raise UnreadableFile(path, f"damaged or malformed {SOURCE_FORMAT[suffix]} file ({type(err).__name__}: "
                                   f"{one_line(err, 100)})") from None
    return Document(
        doc_id=doc_id, path=str(path), text=extracted.text, sha256=hashlib.sha256(data).hexdigest(),
        title=extracted.title, outlet=extracted.outlet, date=extracted.date,
        pages=extracted.pages, source_format=SOURCE_FORMAT[suffix],
    )


def _read(path: Path, limits: FileLimits) -> bytes:
    try:
        size = path.stat().st_size
        if size > limits.max_file_bytes:
            raise UnreadableFile(path, f"{size / 1e6:.1f} MB is over the file size limit of {limits.max_file_bytes / 1e6:.1f} MB: "
                                       "split it, or raise RAG_MAX_FILE_BYTES")
        data = path.read_bytes()
    except IsADirectoryError:
        raise UnreadableFile(path, "a folder, not a file") from None
    except OSError as err:
        raise UnreadableFile(path, f"cannot be read ({err.strerror or type(err).__name__})") from None
    if not data.strip():
        raise UnreadableFile(path, "empty file")
    return data


def _extract(suffix: str, data: bytes, limits: FileLimits) -> Extracted:
    kind, expected = sniff(data), EXPECTED_KIND[suffix]
    if kind != expected and not (expected == "html" and kind == "text"):  # an HTML fragment has no <html> tag
        raise BadContent(lying_extension(suffix, kind))
    # The parsers (pypdf, python-docx, trafilatura: about 0.3 s to import) are loaded by the first
    # file that needs one, not by every `rag search` or `rag ask` that opens the collection.
    if kind == "pdf":
        from rag.ingest.pdf import extract_pdf

        return extract_pdf(data)
    if kind == "zip":
        from rag.ingest.docx import ZipLimits, extract_docx

        return extract_docx(data, ZipLimits(limits.max_unzipped_bytes, limits.max_zip_ratio))
    if expected == "html":
        from rag.ingest.html import extract_html

        return extract_html(data)
    return extract_text(data)


def sniff(data: bytes) -> str:
    """The kind of content from its first bytes: pdf, zip, ole, image, binary, html or text."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    if b"%PDF-" in data[:1024]:  # readers accept junk before the header
        return "pdf"
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 text has a BOM
        return "binary"
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(_HTML_STARTS) or (head.startswith(b"<!--") and b"<html" in head):
        return "html"
    return "text"


def lying_extension(suffix: str, kind: str) -> str:
    """The reason for a file whose bytes are not what its extension says."""
    reason = f"the file says {suffix} but holds {KIND_WORDS[kind]}"
    if kind == "ole":
        return reason + ": open it in Word and save it as .docx without a password"
    if kind in RENAME_TO and RENAME_TO[kind] != suffix:
        return reason + f": rename it to {RENAME_TO[kind]} if that is what it is"
    return reason


def display_name(name: str) -> str:
    """A file name safe to print on one line: control characters shown as escapes, long names cut."""
    shown = "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in name)
    return shown if len(shown) <= 120 else shown[:119] + "…"


# Longest stored name (a Linux file name may be 255 bytes; Hangul takes 3 bytes a character).
SAFE_NAME_CHARS = 80


def safe_name(name: str) -> str:
    """A name safe to store a user's file under: its last path part only, letters (Hangul too),
    digits, ".", "-", "_" and spaces kept, anything else "_"; never hidden, "..", or empty."""
    base = unicodedata.normalize("NFC", name.replace("\\", "/")).rsplit("/", 1)[-1]
    cleaned = " ".join(re.sub(r"[^\w.\- ]", "_", base).split()).strip(" .")
    if len(cleaned) > SAFE_NAME_CHARS:
        stem, dot, suffix = cleaned.rpartition(".")
        keep = suffix[:10] if dot else ""
        cleaned = (stem if dot else cleaned)[: SAFE_NAME_CHARS - len(keep) - 1].rstrip(" .") + ("." + keep if keep else "")
    return cleaned or "file"
