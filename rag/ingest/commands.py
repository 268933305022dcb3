"""`rag add`, `rag remove`, `rag list`: thin shells that call rag/ingest/collection.py and print."""

from __future__ import annotations

import sys
from pathlib import Path

from rag.config import Settings
from rag.ingest.collection import ListedDocument, add_documents, list_documents, remove_documents


def _progress():
    from rag.index import log_progress

    return True if sys.stderr.isatty() else log_progress()


def _warn(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr, flush=True)


def run_add_command(settings: Settings, paths: list[str]) -> int:
    outcome = add_documents(settings, [Path(p) for p in paths], progress=_progress(), warn=_warn)
    for note in outcome.notes:
        print(note)
    for entry in outcome.added:
        print(f"added {entry.original_name!r} as {entry.doc_id}")
    if outcome.status is not None:
        print(build_line(settings, outcome.status))
    return 0


def run_remove_command(settings: Settings, doc_ids: list[str]) -> int:
    outcome = remove_documents(settings, doc_ids, progress=_progress())
    for doc_id in outcome.removed:
        print(f"removed {doc_id} (its copy in {settings.library_dir} is deleted)")
    for doc_id in outcome.hidden:
        print(f"hid the shipped document {doc_id} (its file stays in {settings.seeds_dir})")
    print(build_line(settings, outcome.status))
    return 0


def build_line(settings: Settings, status) -> str:
    """What the index build did, from its manifest record."""
    from rag.index import read_manifest

    counts = status.counts
    text = f"index: {counts.get('documents', 0)} documents, {counts.get('chunks', 0)} chunks"
    return text if not status.rebuilt else text + f"; {embedded_text(read_manifest(settings.index_dir).get('build', {}))}"


def embedded_text(build: dict) -> str:
    docs = build.get("embedded_documents", [])
    return (f"embedded {build.get('embedded_texts', 0)} of {build.get('total_texts', 0)} texts "
            f"({len(docs)} document{'s' if len(docs) != 1 else ''}), reused the rest")


def run_list_command(settings: Settings) -> int:
    rows = list_documents(settings)
    header = ("id", "title", "date", "source file", "chunks", "added")
    table = [header] + [_row(r) for r in rows]
    widths = [min(max(len(row[i]) for row in table), 48) for i in range(len(header))]
    for row in table:
        print("  ".join(_cell(value, width) for value, width in zip(row, widths)).rstrip())
    return 0


def _row(doc: ListedDocument) -> tuple[str, ...]:
    chunks = "not indexed" if doc.chunks is None else str(doc.chunks)
    return (doc.doc_id, doc.title or "-", doc.date or "-", doc.source, chunks, doc.added)


def _cell(value: str, width: int) -> str:
    value = "".join(ch if ch.isprintable() else "?" for ch in value)
    return (value[: width - 1] + "…" if len(value) > width else value).ljust(width)
