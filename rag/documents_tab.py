"""The app's Documents tab: upload, list and remove documents of the collection.

Adding runs in its own queue slot (one change at a time) while the chat keeps
answering on the index it has; the new index is swapped in when the build is
done. Uploaded files go into the library (rag/ingest/collection.py) and are
never served back: the upload box is cleared, and the source view shows only
their extracted text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import gradio as gr

from rag import render
from rag.errors import RagError, unexpected_failure
from rag.ingest.collection import ListedDocument, add_documents, list_documents, remove_documents
from rag.ingest.formats import SUPPORTED_SUFFIXES

# One change to the collection at a time (the library lock would make a second wait anyway).
LIBRARY_GROUP = "library"
COLUMNS = ["id", "title", "date", "size", "chunks", "added", "source file"]


def table_rows(rows: list[ListedDocument]) -> list[list[str]]:
    """The list as shown: sizes in kB, "-" for what a document does not print."""
    return [[r.doc_id, r.title or "-", r.date or "-", _size(r.size), "not indexed" if r.chunks is None else str(r.chunks),
             r.added[:16].replace("T", " "), r.source] for r in rows]


def _size(size: int) -> str:
    return f"{size / 1000:.1f} kB" if size < 1_000_000 else f"{size / 1_000_000:.1f} MB"


def added_note(outcome) -> str:
    """One line: what was added, what was already there."""
    parts = [f"added {e.original_name} as {e.doc_id}" for e in outcome.added]
    parts += list(outcome.notes)
    return "; ".join(parts) or "nothing to add"


def _listing(service) -> tuple[Any, Any]:
    rows = list_documents(service.settings)
    return table_rows(rows), gr.update(choices=[r.doc_id for r in rows], value=[])


def _failure(service, exc: Exception) -> str:
    problem = str(exc) if isinstance(exc, RagError) else unexpected_failure(exc, service.settings.log_dir)
    return render.error_html(problem)


def add_uploaded(service, files: list | None, progress=gr.Progress(track_tqdm=True)):
    """Add the uploaded files; the chat answers on the old index until the new one is swapped in."""
    paths = [Path(getattr(f, "name", f)) for f in files or []]
    if not paths:
        yield gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip()
        return
    yield render.status_html(service.index_line(), notice=f"adding {len(paths)} file(s)…"), gr.skip(), gr.skip(), None, gr.skip()
    try:
        outcome = add_documents(service.settings, paths, progress=True)  # tqdm bars: gr.Progress shows them
        if outcome.added:
            service.swap_index()
    except Exception as exc:  # noqa: BLE001 - a RagError's line, or one line and a log path
        yield _failure(service, exc), gr.skip(), gr.skip(), None, gr.skip()
        return
    rows, choices = _listing(service)
    note = render.status_html(service.index_line(), notice=added_note(outcome))
    yield note, rows, choices, None, render.status_html(service.index_line())


def remove_selected(service, doc_ids: list[str] | None, progress=gr.Progress(track_tqdm=True)):
    if not doc_ids:
        yield render.error_html("choose the documents to remove first"), gr.skip(), gr.skip(), gr.skip()
        return
    try:
        outcome = remove_documents(service.settings, list(doc_ids))
        service.swap_index()
    except Exception as exc:  # noqa: BLE001 - a RagError's line, or one line and a log path
        yield _failure(service, exc), gr.skip(), gr.skip(), gr.skip()
        return
    rows, choices = _listing(service)
    note = f"removed {', '.join(outcome.removed + outcome.hidden)}"
    yield render.status_html(service.index_line(), notice=note), rows, choices, render.status_html(service.index_line())


def refresh(service) -> tuple[Any, Any]:
    try:
        return _listing(service)
    except RagError:
        return [], gr.update(choices=[], value=[])


def documents_tab(service, status: gr.HTML, bind: Callable) -> None:
    """The tab's layout and events (called inside a gr.Tab); `bind` gives a handler the shared service."""
    gr.Markdown("Drop PDF, Word (.docx), HTML, Markdown or text files here. They are copied into the "
                "library folder, never shown again except as their extracted text. "
                "The chat keeps answering from the current documents while new ones are embedded.")
    upload = gr.File(label="Add documents · 문서 추가", file_count="multiple", file_types=list(SUPPORTED_SUFFIXES),
                     elem_id="doc-upload")
    note = gr.HTML("", elem_id="doc-note")
    rows, choices = refresh(service)
    table = gr.Dataframe(value=rows, headers=COLUMNS, interactive=False, wrap=True, elem_id="doc-list")
    with gr.Row():
        chosen = gr.Dropdown(choices=choices["choices"], multiselect=True, label="Remove · 삭제", elem_id="doc-remove-ids")
        remove = gr.Button("Remove selected", variant="stop", elem_id="doc-remove", size="sm")
    slot = dict(concurrency_id=LIBRARY_GROUP, concurrency_limit=1, api_visibility="private")
    upload.upload(bind(add_uploaded), [upload], [note, table, chosen, upload, status], **slot)
    remove.click(bind(remove_selected), [chosen], [note, table, chosen, status], **slot)
