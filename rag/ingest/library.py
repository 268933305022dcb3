"""The library: documents the user added, copied into a folder we own, listed in library.json.

library.json records each added document (doc_id, the original file name, the
name it is stored under, sha256 and size of its bytes, format, when it was
added) and the shipped seeds the user removed from the collection (hidden: a
seed file itself is never deleted). Stored names are made by us from the
document id and a known suffix: a user's file name (`../x`, odd characters)
is only ever shown, never used as a path.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path

from rag.errors import RagError
from rag.paths import Ownership, require_ours

LIBRARY_FILE = "library.json"
FILES_DIR = "files"
LOCK_FILE = ".lock"
LIBRARY_VERSION = 1
LIBRARY_OWNER = Ownership(
    what="library folder",
    setting="RAG_LIBRARY_DIR",
    markers=frozenset({LIBRARY_FILE}),
    known=frozenset({FILES_DIR, LOCK_FILE}),
    temp_prefixes=(f".{LIBRARY_FILE}.",),
)
# Letters, digits, Hangul, "_" and "-": no dots, slashes or spaces in a stored name.
_UNSAFE = re.compile(r"[^0-9A-Za-z가-힣_-]+")
STEM_CHARS = 48
HASH_CHARS = 10
SAFE_STORED_NAME = re.compile(r"[0-9A-Za-z가-힣_-]{1,80}\.[a-z0-9]{1,8}")


@dataclass(frozen=True)
class LibraryEntry:
    doc_id: str
    original_name: str  # as the user named it: shown, never used as a path
    stored_name: str  # our copy under files/
    sha256: str
    size: int
    format: str  # the file suffix without its dot: "pdf", "docx", "html", "md", "txt"
    added_at: str  # ISO time, UTC


@dataclass(frozen=True)
class Library:
    entries: tuple[LibraryEntry, ...] = ()
    hidden_seeds: tuple[str, ...] = ()  # shipped seeds removed from the collection

    def entry(self, doc_id: str) -> LibraryEntry | None:
        return next((e for e in self.entries if e.doc_id == doc_id), None)

    def with_entries(self, added: tuple[LibraryEntry, ...]) -> "Library":
        return replace(self, entries=self.entries + added)

    def without(self, doc_ids: set[str], seeds: set[str]) -> "Library":
        """Added documents dropped; seeds among `doc_ids` hidden."""
        kept = tuple(e for e in self.entries if e.doc_id not in doc_ids)
        hidden = tuple(sorted(set(self.hidden_seeds) | (doc_ids & seeds)))
        return Library(kept, hidden)


def safe_stem(name: str) -> str:
    """A file name's stem reduced to letters, digits, Hangul, '_' and '-' ("" when nothing is left)."""
    stem = Path(unicodedata.normalize("NFKC", name).replace("\\", "/")).name
    stem = stem.rpartition(".")[0] if "." in stem else stem  # the suffix is ours to choose
    return _UNSAFE.sub("-", stem).strip("-_")[:STEM_CHARS].strip("-_")


def new_doc_id(original_name: str, sha256: str) -> str:
    """Readable and unique: the safe stem and the start of the content hash."""
    return f"{safe_stem(original_name) or 'document'}-{sha256[:HASH_CHARS]}"


def stored_name(doc_id: str, file_format: str) -> str:
    name = f"{doc_id}.{file_format}"
    if not SAFE_STORED_NAME.fullmatch(name):
        raise RagError(f"cannot store document {doc_id!r} as {file_format!r}: unsafe name")
    return name


def stored_path(folder: Path, entry: LibraryEntry) -> Path:
    """Where our copy lives; a tampered library.json cannot point outside files/."""
    if not SAFE_STORED_NAME.fullmatch(entry.stored_name):
        raise RagError(f"{Path(folder) / LIBRARY_FILE}: entry {entry.doc_id!r} has an unsafe stored name; "
                       "fix or remove that entry")
    return Path(folder) / FILES_DIR / entry.stored_name


# ---------------------------------------------------------------- reading and writing


def read_library(folder: Path) -> Library:
    """library.json, strictly checked; an absent one is an empty library."""
    path = Path(folder) / LIBRARY_FILE
    if not path.is_file():
        return Library()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        entries = tuple(_entry(item) for item in data["documents"])
        hidden = tuple(str(doc_id) for doc_id in data.get("hidden_seeds", []))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
        raise RagError(f"{path} is unreadable ({type(exc).__name__}): restore it from a backup, or move it "
                       "away to start an empty library") from None
    return Library(entries, hidden)


def _entry(item: dict) -> LibraryEntry:
    names = {f.name for f in fields(LibraryEntry)}
    if not isinstance(item, dict) or set(item) != names:
        raise ValueError("an entry does not have the expected fields")
    return LibraryEntry(**{k: (int(v) if k == "size" else str(v)) for k, v in item.items()})


def write_library(folder: Path, library: Library) -> None:
    """Write to a temp file beside library.json, then rename it over: whole or not at all."""
    folder = Path(folder)
    require_ours(folder, LIBRARY_OWNER)
    folder.mkdir(parents=True, exist_ok=True)
    data = {"version": LIBRARY_VERSION, "documents": [asdict(e) for e in library.entries],
            "hidden_seeds": list(library.hidden_seeds)}
    handle, temp = tempfile.mkstemp(prefix=f".{LIBRARY_FILE}.", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(data, out, ensure_ascii=False, indent=1)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, folder / LIBRARY_FILE)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def store_copy(folder: Path, entry: LibraryEntry, data: bytes) -> Path:
    """Our copy of an added file, written whole (temp file, then rename)."""
    target = stored_path(folder, entry)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=".incoming-", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return target


@contextmanager
def library_lock(folder: Path) -> Iterator[None]:
    """One writer at a time (the CLI and the app may both add): others wait."""
    folder = Path(folder)
    require_ours(folder, LIBRARY_OWNER)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle = open(folder / LOCK_FILE, "a")
    except OSError as exc:
        raise RagError(f"cannot write the library folder {folder}: {exc.strerror or exc}; check RAG_LIBRARY_DIR") from None
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
