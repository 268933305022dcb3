"""The collection: the shipped seeds (minus those hidden) plus the documents added to the library.

`rag add` checks every file before anything changes (one bad file: one line,
nothing added), stages our copies, builds the new index (embedding only the
new documents), and only then commits library.json: a failure or a kill on the
way leaves the previous collection and index as they were.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Callable

from rag.config import Settings
from rag.embeddings import Embedder, Progress
from rag.errors import RagError
from rag.ingest.library import (
    Library, LibraryEntry, library_lock, new_doc_id, read_library, store_copy, stored_name, stored_path, write_library,
)
from rag.ingest.formats import SUPPORTED_SUFFIXES, FileLimits, display_name, file_limits, load_file
from rag.loaders import SEED_SUFFIXES, LoadResult, SkippedFile, load_documents, seed_policy
from rag.paths import inside
from rag.types import Document


@dataclass(frozen=True)
class AddOutcome:
    added: tuple[LibraryEntry, ...]
    notes: tuple[str, ...]  # one line per file not added again (same bytes already in)
    status: object = None  # the IndexStatus of the rebuild; None when nothing changed


@dataclass(frozen=True)
class RemoveOutcome:
    removed: tuple[str, ...]  # added documents deleted from the library
    hidden: tuple[str, ...]  # seeds hidden (their files stay)
    status: object = None


@dataclass(frozen=True)
class ListedDocument:
    doc_id: str
    title: str
    date: str
    source: str  # the file name the user gave (added) or the seed file's name
    size: int  # bytes of the source file
    chunks: int | None  # None: not in the index yet
    added: str  # ISO time, or "shipped" for a seed


# ---------------------------------------------------------------- the collection


def load_collection(settings: Settings, library: Library | None = None) -> LoadResult:
    """Visible seeds, then added documents in the order they were added."""
    library = library if library is not None else read_library(settings.library_dir)
    hidden = set(library.hidden_seeds)
    seeds = _seeds(settings, library)
    documents = [d for d in seeds.documents if d.doc_id not in hidden]
    skipped = list(seeds.skipped)
    for entry in library.entries:
        try:
            documents.append(read_document(stored_path(settings.library_dir, entry), entry.doc_id, settings))
        except RagError as exc:
            skipped.append(SkippedFile(entry.stored_name, str(exc)))
    if not documents:
        raise RagError("the collection is empty: add documents with `rag add PATH`")
    return LoadResult(tuple(documents), tuple(skipped))


def _seeds(settings: Settings, library: Library) -> LoadResult:
    """The seeds; an empty or missing seeds folder is fine once the library holds documents."""
    folder = Path(settings.seeds_dir)
    has_seeds = folder.is_dir() and any(p.suffix.lower() in SEED_SUFFIXES for p in folder.iterdir())
    if library.entries and not has_seeds:
        return LoadResult((), ())
    return load_documents(folder, seed_policy(settings))


def read_document(path: Path, doc_id: str, settings: Settings) -> Document:
    """One file -> Document under `doc_id`; UnreadableFile (a RagError, one line) when it cannot be read."""
    try:
        stat = path.stat()
    except OSError:
        return load_file(path, doc_id, file_limits(settings))  # says why, in one line
    return _read_unchanged(str(path), doc_id, stat.st_mtime_ns, stat.st_size, file_limits(settings))


@lru_cache(maxsize=4096)
def _read_unchanged(path: str, doc_id: str, mtime_ns: int, size: int, limits: FileLimits) -> Document:
    """Each page load compares the index with the collection: a PDF is parsed once per process, not each time."""
    return load_file(Path(path), doc_id, limits)


# ---------------------------------------------------------------- add


def files_to_add(paths: list[Path], follow_symlinks: bool = False) -> list[Path]:
    """Files as given, and the supported files inside given folders (hidden ones skipped)."""
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            inner = sorted(p for p in path.rglob("*") if _wanted(p, path, follow_symlinks))
            if not inner:
                raise RagError(f"{path}: no {', '.join(SUPPORTED_SUFFIXES)} files in this folder")
            files += inner
        elif path.is_file():
            files.append(path)
        else:
            raise RagError(f"{path}: no such file or folder")
    return list(dict.fromkeys(files))


def _wanted(path: Path, root: Path, follow_symlinks: bool) -> bool:
    hidden = any(part.startswith(".") for part in path.relative_to(root).parts)
    return (path.is_file() and not hidden and path.suffix.lower() in SUPPORTED_SUFFIXES
            and (follow_symlinks or inside(path, root)))


def add_documents(settings: Settings, paths: list[Path], embedder: Embedder | None = None, progress: Progress = False,
                  announce: Callable[[list[str]], None] | None = None, warn: Callable[[str], None] | None = None
                  ) -> AddOutcome:
    """Check every file, then stage copies, rebuild the index incrementally, then commit library.json."""
    from rag.index import ensure_index

    files = files_to_add(paths, settings.follow_symlinks)
    with library_lock(settings.library_dir):
        library = read_library(settings.library_dir)
        current = load_collection(settings, library)
        staged, notes = _checked_files(settings, files, current.documents)
        if not staged:
            return AddOutcome((), tuple(notes))
        copies = [store_copy(settings.library_dir, entry, data) for entry, data, _ in staged]
        try:
            documents = current.documents + tuple(replace(doc, path=str(copy)) for (_, _, doc), copy in zip(staged, copies))
            status = ensure_index(settings, embedder, progress=progress, announce=announce, warn=warn,
                                  collection=LoadResult(documents, current.skipped))
            write_library(settings.library_dir, library.with_entries(tuple(entry for entry, _, _ in staged)))
        except BaseException:
            for copy in copies:  # ours, made a moment ago: the library stays as it was
                copy.unlink(missing_ok=True)
            raise
    return AddOutcome(tuple(entry for entry, _, _ in staged), tuple(notes), status)


def _checked_files(settings: Settings, files: list[Path], current: tuple[Document, ...]):
    """(entry, bytes, document) per new file; a bad file raises before anything is written."""
    known = {d.sha256: d.doc_id for d in current}
    taken = {d.doc_id for d in current}
    staged, notes = [], []
    for path in files:
        _check_size(path, settings)
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        if digest in known:
            notes.append(f"{display_name(path.name)}: already in the collection as {known[digest]} (same bytes); not added again")
            continue
        doc_id = _free_id(new_doc_id(path.name, digest), taken)
        file_format = path.suffix.lower().lstrip(".")
        entry = LibraryEntry(doc_id, path.name, stored_name(doc_id, file_format), digest, len(data), file_format,
                             datetime.now(timezone.utc).isoformat(timespec="seconds"))
        staged.append((entry, data, read_document(path, doc_id, settings)))
        known[digest], taken = doc_id, taken | {doc_id}
    return staged, notes


def _check_size(path: Path, settings: Settings) -> None:
    """Before reading the bytes to hash them: a 200 MB file is refused unread."""
    size = path.stat().st_size
    if size > settings.max_file_bytes:
        raise RagError(f"{display_name(path.name)}: {size / 1e6:.1f} MB is over the file size limit of "
                       f"{settings.max_file_bytes / 1e6:.1f} MB: split it, or raise RAG_MAX_FILE_BYTES")


def _free_id(doc_id: str, taken: set[str]) -> str:
    candidate, n = doc_id, 2
    while candidate in taken:
        candidate, n = f"{doc_id}-{n}", n + 1
    return candidate


# ---------------------------------------------------------------- remove and list


def remove_documents(settings: Settings, doc_ids: list[str], embedder: Embedder | None = None,
                     progress: Progress = False) -> RemoveOutcome:
    """Drop added documents (their copies too) and hide seeds; the index loses only their rows."""
    from rag.index import ensure_index

    wanted = set(doc_ids)
    with library_lock(settings.library_dir):
        library = read_library(settings.library_dir)
        current = load_collection(settings, library)
        present = {d.doc_id for d in current.documents} | {e.doc_id for e in library.entries}
        unknown = sorted(wanted - present)
        if unknown:
            raise RagError(f"no document {', '.join(unknown)} in the collection: `rag list` shows the ids")
        added = {e.doc_id for e in library.entries} & wanted
        kept = tuple(d for d in current.documents if d.doc_id not in wanted)
        if not kept:
            raise RagError("that would leave the collection empty: add a document first (`rag add PATH`)")
        status = ensure_index(settings, embedder, progress=progress, collection=LoadResult(kept, current.skipped))
        write_library(settings.library_dir, library.without(wanted, wanted - added))
        for entry in library.entries:
            if entry.doc_id in added:
                stored_path(settings.library_dir, entry).unlink(missing_ok=True)
    return RemoveOutcome(tuple(sorted(added)), tuple(sorted(wanted - added)), status)


def list_documents(settings: Settings) -> list[ListedDocument]:
    """What the index holds (title, date, chunks), and added documents not indexed yet."""
    from rag.index import saved_documents

    library = read_library(settings.library_dir)
    entries = {e.doc_id: e for e in library.entries}
    documents, chunks = saved_documents(settings.index_dir)
    rows = [_listed(doc, entries.get(doc.doc_id), chunks.get(doc.doc_id)) for doc in documents.values()]
    rows += [ListedDocument(e.doc_id, "", "", e.original_name, e.size, None, e.added_at)
             for e in library.entries if e.doc_id not in documents]
    return rows


def _listed(doc: Document, entry: LibraryEntry | None, chunks: int | None) -> ListedDocument:
    if entry is not None:
        return ListedDocument(doc.doc_id, doc.title, doc.date, entry.original_name, entry.size, chunks, entry.added_at)
    path = Path(doc.path)
    size = path.stat().st_size if path.is_file() else 0
    return ListedDocument(doc.doc_id, doc.title, doc.date, path.name, size, chunks, "shipped")
