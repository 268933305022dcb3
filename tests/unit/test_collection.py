"""The library and the collection with the fake embedder: add, remove, list, duplicates, odd names, atomicity."""

from __future__ import annotations

import json

import pytest

from rag.embeddings import FakeEmbedder
from rag.errors import RagError
from rag.index import ensure_index, load_index, read_manifest
from rag.ingest.collection import add_documents, list_documents, load_collection, remove_documents
from rag.ingest.library import LIBRARY_FILE, new_doc_id, read_library, safe_stem
from rag.paths import NotOurs

WEGO = "002_d32cad0dd2ba4f1c"
NOTE = "# Heron notes\n\nThe blue heron nests near the Han river every spring.\n\nIt eats small fish.\n"


class CountingEmbedder(FakeEmbedder):
    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []

    def embed_batch(self, texts, kind):
        self.texts += list(texts)
        return super().embed_batch(texts, kind)


class ExplodingEmbedder(FakeEmbedder):
    def embed_batch(self, texts, kind):
        raise KeyboardInterrupt  # as if the user pressed Ctrl-C mid-embedding


def note(tmp_path, name="heron.md", text=NOTE):
    path = tmp_path / "incoming" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_add_copies_the_file_lists_it_and_embeds_only_it(fake_settings, tmp_path):
    ensure_index(fake_settings, FakeEmbedder())
    embedder = CountingEmbedder()
    outcome = add_documents(fake_settings, [note(tmp_path)], embedder)
    entry, = outcome.added
    assert entry.original_name == "heron.md" and entry.format == "md" and entry.size == len(NOTE.encode())
    copy = fake_settings.library_dir / "files" / entry.stored_name
    assert copy.read_text(encoding="utf-8") == NOTE
    saved = json.loads((fake_settings.library_dir / LIBRARY_FILE).read_text(encoding="utf-8"))
    assert [d["doc_id"] for d in saved["documents"]] == [entry.doc_id]
    index = load_index(fake_settings)
    new_texts = {c.text for c in index.chunks if c.doc_id == entry.doc_id} | {
        s.text for s in index.sentences if s.doc_id == entry.doc_id}
    assert set(embedder.texts) == new_texts  # nothing of the five seeds was embedded again
    build = index.manifest["build"]
    assert build["changed_documents"] == [entry.doc_id] and build["embedded_documents"] == [entry.doc_id]
    assert build["reused_documents"] == 5 and index.manifest["document_chunks"][entry.doc_id] >= 1
    listed = {row.doc_id: row for row in list_documents(fake_settings)}
    assert listed[entry.doc_id].title == "Heron notes" and listed[entry.doc_id].source == "heron.md"
    assert listed[WEGO].added == "shipped" and listed[WEGO].chunks == index.manifest["document_chunks"][WEGO]


def test_the_same_bytes_twice_are_not_added_again(fake_settings, tmp_path):
    first = add_documents(fake_settings, [note(tmp_path)], FakeEmbedder())
    again = add_documents(fake_settings, [note(tmp_path, "copy of heron.md")], FakeEmbedder())
    assert again.added == () and again.status is None
    assert again.notes == (f"copy of heron.md: already in the collection as {first.added[0].doc_id} (same bytes); "
                           "not added again",)
    assert len(read_library(fake_settings.library_dir).entries) == 1
    seed_bytes = (fake_settings.seeds_dir / f"{WEGO}.txt").read_bytes()
    (tmp_path / "incoming" / "wego.txt").write_bytes(seed_bytes)
    assert "already in the collection as " + WEGO in add_documents(
        fake_settings, [tmp_path / "incoming" / "wego.txt"], FakeEmbedder()).notes[0]


@pytest.mark.parametrize("name", ["..%2F..%2Fetc.md", "a b\tc.md", "보고서 (최종).md", "-rf.md", "....md", "\u202egpj.md"])
def test_odd_names_are_shown_but_never_used_as_paths(fake_settings, tmp_path, name):
    path = note(tmp_path, name)
    entry, = add_documents(fake_settings, [path], FakeEmbedder()).added
    assert entry.original_name == name
    stored = fake_settings.library_dir / "files" / entry.stored_name
    assert stored.is_file() and stored.parent == fake_settings.library_dir / "files"
    assert entry.stored_name.count(".") == 1 and not entry.stored_name.startswith(("-", "."))


def test_safe_stem_and_ids():
    assert safe_stem("../../etc/passwd.md") == "passwd"
    assert safe_stem("..\\..\\win.ini.txt") == "win-ini"
    assert safe_stem("서울 보고서 v2.pdf") == "서울-보고서-v2"
    assert new_doc_id("....pdf", "ab" * 32) == "document-abababab" + "ab"


def test_a_bad_file_among_good_ones_changes_nothing(fake_settings, tmp_path):
    ensure_index(fake_settings, FakeEmbedder())
    before = read_manifest(fake_settings.index_dir)
    bad = tmp_path / "incoming" / "empty.txt"
    good = note(tmp_path)
    bad.write_bytes(b"")
    with pytest.raises(RagError, match=r"^empty\.txt: empty file$"):
        add_documents(fake_settings, [good, bad], FakeEmbedder())
    assert read_manifest(fake_settings.index_dir) == before
    assert not (fake_settings.library_dir / LIBRARY_FILE).exists()
    assert not list((fake_settings.library_dir / "files").glob("*"))  # nothing staged was left


def test_an_add_interrupted_while_embedding_leaves_the_previous_collection(fake_settings, tmp_path):
    ensure_index(fake_settings, FakeEmbedder())
    before = read_manifest(fake_settings.index_dir)
    with pytest.raises(KeyboardInterrupt):
        add_documents(fake_settings, [note(tmp_path)], ExplodingEmbedder())
    assert read_manifest(fake_settings.index_dir) == before
    assert read_library(fake_settings.library_dir).entries == ()
    assert not [p for p in (fake_settings.library_dir / "files").iterdir() if not p.name.startswith(".")]
    assert len(load_index(fake_settings).documents) == 5  # the previous collection still answers


def test_remove_an_added_document_and_hide_a_seed(fake_settings, tmp_path):
    entry, = add_documents(fake_settings, [note(tmp_path)], FakeEmbedder()).added
    outcome = remove_documents(fake_settings, [entry.doc_id, WEGO], FakeEmbedder())
    assert outcome.removed == (entry.doc_id,) and outcome.hidden == (WEGO,)
    assert not (fake_settings.library_dir / "files" / entry.stored_name).exists()
    assert (fake_settings.seeds_dir / f"{WEGO}.txt").is_file(), "a seed file is never deleted"
    index = load_index(fake_settings)
    assert set(index.documents) == set(index.manifest["seeds"]) and WEGO not in index.documents
    build = index.manifest["build"]
    assert build["removed_documents"] == sorted([entry.doc_id, WEGO]) and build["embedded_texts"] == 0
    assert build["changed_documents"] == []
    assert read_library(fake_settings.library_dir).hidden_seeds == (WEGO,)
    assert WEGO not in {d.doc_id for d in load_collection(fake_settings).documents}


def test_remove_unknown_id_changes_nothing(fake_settings):
    ensure_index(fake_settings, FakeEmbedder())
    before = read_manifest(fake_settings.index_dir)
    with pytest.raises(RagError, match="no document nope in the collection"):
        remove_documents(fake_settings, ["nope", WEGO], FakeEmbedder())
    assert read_manifest(fake_settings.index_dir) == before


def test_a_library_folder_we_did_not_make_is_refused(fake_settings, tmp_path):
    fake_settings.library_dir.mkdir()
    (fake_settings.library_dir / "thesis.docx").write_text("mine")
    with pytest.raises(NotOurs):
        add_documents(fake_settings, [note(tmp_path)], FakeEmbedder())
    assert (fake_settings.library_dir / "thesis.docx").read_text() == "mine"


def test_a_tampered_stored_name_is_never_followed(fake_settings, tmp_path):
    entry, = add_documents(fake_settings, [note(tmp_path)], FakeEmbedder()).added
    path = fake_settings.library_dir / LIBRARY_FILE
    data = json.loads(path.read_text(encoding="utf-8"))
    data["documents"][0]["stored_name"] = "../../seeds/x.md"
    path.write_text(json.dumps(data), encoding="utf-8")
    loaded = load_collection(fake_settings)
    assert entry.doc_id not in {d.doc_id for d in loaded.documents}
    assert "unsafe stored name" in loaded.skipped[-1].reason


def test_folders_are_walked_for_supported_files(fake_settings, tmp_path):
    folder = tmp_path / "docs"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.md").write_text(NOTE, encoding="utf-8")
    (folder / "sub" / "b.txt").write_text("The heron flew over the market at dawn and landed.", encoding="utf-8")
    (folder / "image.png").write_bytes(b"\x89PNG....")
    (folder / ".hidden.md").write_text("Secret text that must not be added here.", encoding="utf-8")
    added = add_documents(fake_settings, [folder], FakeEmbedder()).added
    assert sorted(e.original_name for e in added) == ["a.md", "b.txt"]
