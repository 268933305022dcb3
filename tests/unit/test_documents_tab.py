"""The Documents tab's handlers with the fake embedder: add, list, remove, and the chat on the old index meanwhile."""

from __future__ import annotations

import threading

from rag import documents_tab as tab
from rag import ui
from rag.embeddings import FakeEmbedder
from rag.index import ensure_index

NOTE = "# Heron notes\n\nThe blue heron nests near the Han river every spring.\n"


class BlockedEmbedder(FakeEmbedder):
    """Embeds only once released: the add is 'in progress' until then."""

    def __init__(self) -> None:
        super().__init__()
        self.started, self.release = threading.Event(), threading.Event()

    def embed_batch(self, texts, kind):
        self.started.set()
        assert self.release.wait(30)
        return super().embed_batch(texts, kind)


def upload(tmp_path, name="heron.md", text=NOTE):
    path = tmp_path / "upload" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def service(settings):
    ensure_index(settings, FakeEmbedder())
    svc = ui.ChatService(settings)
    svc.load_index()
    return svc


def test_upload_adds_lists_and_swaps_the_index_in(fake_settings, tmp_path):
    svc = service(fake_settings)
    *_, (note, rows, choices, box, status) = tab.add_uploaded(svc, [str(upload(tmp_path))])
    new_id = next(r[0] for r in rows if r[6] == "heron.md")
    assert f"added heron.md as {new_id}" in note and box is None  # the upload box is cleared: nothing served back
    row = next(r for r in rows if r[0] == new_id)
    assert row[1] == "Heron notes" and row[4] == "1" and row[3].endswith("kB")
    assert new_id in svc.index.documents and new_id in choices["choices"]
    assert "6 documents" in status


def test_a_bad_upload_is_one_line_and_changes_nothing(fake_settings, tmp_path):
    svc = service(fake_settings)
    before = svc.index
    *_, (note, rows, choices, box, status) = tab.add_uploaded(svc, [str(upload(tmp_path, "empty.txt", ""))])
    assert "empty.txt: empty file" in note and 'class="error-line"' in note
    assert svc.index is before and len(svc.index.documents) == 5


def test_the_chat_answers_on_the_old_index_while_documents_are_embedded(fake_settings, tmp_path, monkeypatch):
    svc = service(fake_settings)
    old = svc.index
    blocked = BlockedEmbedder()
    monkeypatch.setattr("rag.index.load_embedder", lambda settings: blocked)
    adding = threading.Thread(target=lambda: list(tab.add_uploaded(svc, [str(upload(tmp_path))])))
    adding.start()
    assert blocked.started.wait(30)
    assert svc.index is old  # the chat's index meanwhile
    assert svc.pipeline("embedded", "m", 5, "hybrid").index is old
    svc.recheck_index()  # a page load during the add does not take the chat down
    assert svc.index is old
    blocked.release.set()
    adding.join(30)
    assert svc.index is not old and len(svc.index.documents) == 6
    assert svc.pipeline("embedded", "m", 5, "hybrid").index is svc.index


def test_remove_selected(fake_settings, tmp_path):
    svc = service(fake_settings)
    *_, (_, rows, _, _, _) = tab.add_uploaded(svc, [str(upload(tmp_path))])
    new_id = next(r[0] for r in rows if r[6] == "heron.md")
    *_, (note, rows, choices, status) = tab.remove_selected(svc, [new_id])
    assert f"removed {new_id}" in note and new_id not in [r[0] for r in rows]
    assert new_id not in svc.index.documents
    (note, *_), = tab.remove_selected(svc, [])
    assert "choose the documents" in note
