"""Text and Markdown bytes -> text, cleaned exactly as the shipped seeds are.

UTF-8 (with or without a BOM) is read as it is; anything else is decoded with
the encoding charset-normalizer detects (cp949/EUC-KR Korean files from older
Windows editors are common), so such files load instead of being refused.
"""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from rag.ingest.extracted import BadContent, Extracted
from rag.loaders import clean_text, extract_metadata

UNREADABLE_ENCODING = "unreadable text encoding (not UTF-8, and no known encoding fits): re-save it as UTF-8"


def extract_text(data: bytes) -> Extracted:
    raw = decode_text(data)
    text = clean_text(raw)
    if not text:
        raise BadContent("no text left after removing page chrome (menus, share buttons, bylines)")
    meta = extract_metadata(raw, text)
    return Extracted(text=text, title=meta.title, outlet=meta.outlet, date=meta.date)


def decode_text(data: bytes) -> str:
    """The text of `data`: UTF-8 first, then the detected encoding; binary bytes are refused."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode(data, "utf-16")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = _decode(data, detected_encoding(data))
    if "\x00" in text:
        raise BadContent("binary file (contains NUL bytes), not text")
    return text


def detected_encoding(data: bytes) -> str:
    """charset-normalizer's pick, except that a reading as Korean wins: this is a Korean/English
    collection, and on a few words of cp949 the detector's first pick was Big5 ("짧은 글" -> "穠擎 旋")."""
    matches = [m for m in from_bytes(data) if m.encoding]
    if not matches:
        raise BadContent(UNREADABLE_ENCODING)
    return next((m.encoding for m in matches if m.language == "Korean"), matches[0].encoding)


def _decode(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        raise BadContent(UNREADABLE_ENCODING) from None
