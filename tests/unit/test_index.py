"""Index build / save / load with the fake embedder: manifest checks, staleness, atomic swap."""

from __future__ import annotations

import dataclasses
import textwrap

import numpy as np
import pytest

from rag.embeddings import FakeEmbedder
from rag.errors import RagError
from rag.index import ensure_index, load_current_index, load_index, save_index
from tests.killing import run_and_kill_at_marker

WEGO = "002_d32cad0dd2ba4f1c"


class ExplodingEmbedder(FakeEmbedder):
    """Proves a code path never embeds (e.g. an up-to-date check)."""

    def embed_batch(self, texts, kind):
        raise AssertionError("the embedding model must not be used here")


def test_first_build_then_up_to_date_without_touching_the_model(fake_settings):
    first = ensure_index(fake_settings, FakeEmbedder())
    assert first.rebuilt and first.reasons == ["no index yet"]
    assert first.counts["documents"] == 5 and first.counts["chunks"] >= 5
    again = ensure_index(fake_settings, ExplodingEmbedder())
    assert not again.rebuilt and again.reasons == []
    assert again.counts == first.counts


def test_loaded_index_keeps_exact_spans_vectors_and_sentences(fake_index):
    assert set(fake_index.documents) >= {WEGO}
    for chunk in fake_index.chunks:
        assert chunk.text == fake_index.document(chunk.doc_id).text[chunk.start : chunk.end]
    assert fake_index.chunk_vectors.shape == (len(fake_index.chunks), 64)
    assert fake_index.sentence_vectors.shape == (len(fake_index.sentences), 64)
    assert fake_index.store.index.ntotal == len(fake_index.chunks)
    first = fake_index.chunks[0]
    assert fake_index.sentences_of(first.chunk_id)
    assert all(s.chunk_id == first.chunk_id for s in fake_index.sentences_of(first.chunk_id))


def test_manifest_describes_the_build(fake_index, fake_settings):
    manifest = fake_index.manifest
    assert manifest["embedding"]["model"] == "fake" and manifest["embedding"]["dimension"] == 64
    assert manifest["chunking"] == {"chunk_size": fake_settings.chunk_size, "chunk_overlap": fake_settings.chunk_overlap}
    assert manifest["tokenizer"]["name"] and manifest["tokenizer"]["version"]
    assert len(manifest["seeds"][WEGO]["sha256"]) == 64
    assert {"faiss-cpu", "bm25s", "kiwipiepy", "sentence-transformers", "torch"} <= set(manifest["versions"])
    assert manifest["counts"]["chunks"] == len(fake_index.chunks) and manifest["built_at"]


def test_edited_added_and_removed_seeds_trigger_a_rebuild_with_reasons(fake_settings):
    ensure_index(fake_settings, FakeEmbedder())
    seeds = fake_settings.seeds_dir
    wego = seeds / f"{WEGO}.txt"
    wego.write_text(wego.read_text(encoding="utf-8") + "\n\n추가된 문단입니다.\n", encoding="utf-8")
    (seeds / "005_new.txt").write_text("새 기사\n\n서울시는 새 정책을 발표했다.\n", encoding="utf-8")
    (seeds / "004_1863467b96dbbb65.txt").unlink()
    status = ensure_index(fake_settings, FakeEmbedder())
    assert status.rebuilt
    assert set(status.reasons) == {f"seed {WEGO} changed", "seed 005_new added", "seed 004_1863467b96dbbb65 removed"}
    assert "추가된 문단입니다." in load_index(fake_settings).document(WEGO).text


def test_stale_index_is_refused_for_search(fake_settings):
    ensure_index(fake_settings, FakeEmbedder())
    (fake_settings.seeds_dir / f"{WEGO}.txt").write_text("바뀐 기사\n\n내용이 바뀌었다.\n", encoding="utf-8")
    with pytest.raises(RagError, match=rf"out of date \(seed {WEGO} changed\); run `rag index`"):
        load_current_index(fake_settings)


def test_other_chunking_is_refused_on_load_and_rebuilt_by_ensure(fake_settings):
    ensure_index(fake_settings, FakeEmbedder())
    other = dataclasses.replace(fake_settings, chunk_size=fake_settings.chunk_size + 100)
    with pytest.raises(RagError, match=r"index was built with chunk size \d+ but settings say \d+; run `rag index`"):
        load_index(other)
    assert ensure_index(other, FakeEmbedder()).reasons == [
        f"chunk size {fake_settings.chunk_size} but settings say {other.chunk_size}"
    ]


def test_other_embedding_model_is_refused(fake_settings, tmp_path):
    ensure_index(fake_settings, FakeEmbedder())
    folder = tmp_path / "other-model"
    folder.mkdir()
    (folder / "modules.json").write_text("[]", encoding="utf-8")
    other = dataclasses.replace(fake_settings, embedding_model=str(folder))
    with pytest.raises(RagError, match=r"index was built with embedding model fake but settings say other-model.*run `rag index`"):
        load_index(other)


def test_missing_index_says_to_run_rag_index(fake_settings):
    with pytest.raises(RagError, match=r"no index at .*; run `rag index`"):
        load_index(fake_settings)


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: (d / "manifest.json").write_text("{not json", encoding="utf-8"),
        lambda d: (d / "chunk_vectors.npy").unlink(),
        lambda d: np.save(d / "chunk_vectors.npy", np.zeros((2, 64), dtype=np.float32)),
        lambda d: (d / "chunks.json").write_text('[["x#0", "nope", 0, 5]]', encoding="utf-8"),
        lambda d: (d / "sentences.json").write_text('[[0, "nope#0", "002_d32cad0dd2ba4f1c", 0, 5]]', encoding="utf-8"),
        lambda d: (d / "documents.json").write_text("[1, 2]", encoding="utf-8"),
    ],
    ids=["bad-json", "missing-vectors", "vector-count", "unknown-document", "unknown-chunk", "bad-documents"],
)
def test_corrupt_index_is_refused_and_rebuilt(fake_settings, damage):
    ensure_index(fake_settings, FakeEmbedder())
    damage(fake_settings.index_dir)
    with pytest.raises(RagError, match=r"index at .* is corrupt .*; run `rag index`"):
        load_index(fake_settings)
    if not (fake_settings.index_dir / "manifest.json").read_text(encoding="utf-8").startswith("{not"):
        return  # only a damaged manifest is visible to the cheap up-to-date check
    status = ensure_index(fake_settings, FakeEmbedder())
    assert status.rebuilt and "corrupt" in status.reasons[0]
    assert load_index(fake_settings).chunks


def test_save_replaces_the_old_index_and_leaves_no_temp_folders(fake_settings):
    ensure_index(fake_settings, FakeEmbedder())
    index = load_index(fake_settings)
    save_index(index, fake_settings.index_dir)
    leftovers = [p.name for p in fake_settings.index_dir.parent.iterdir() if p.name.startswith(".index")]
    assert leftovers == []
    assert load_index(fake_settings).manifest == index.manifest


# The child process builds a new index and hangs at `stage` (after signalling
# the parent), so the parent can kill it mid-build: mid-embedding, or mid-write.
KILLED_BUILD = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from rag import index as index_module
    from rag.config import Settings
    from rag.embeddings import FakeEmbedder

    seeds, index_dir, marker, stage = sys.argv[1:5]

    def hang():
        Path(marker).write_text("started")
        time.sleep(120)

    class HangingEmbedder(FakeEmbedder):
        def embed_batch(self, texts, kind):
            if stage == "embedding":
                hang()
            return super().embed_batch(texts, kind)

    if stage == "writing":
        original = index_module.np.save
        def hanging_save(path, array):
            original(path, array)
            hang()
        index_module.np.save = hanging_save

    settings = Settings(seeds_dir=Path(seeds), index_dir=Path(index_dir), embedding_model="fake")
    index_module.ensure_index(settings, HangingEmbedder(), force=True)
    """
)


@pytest.mark.parametrize("stage", ["embedding", "writing"])
def test_killing_a_build_midway_leaves_the_previous_index_loadable(fake_settings, tmp_path, stage):
    ensure_index(fake_settings, FakeEmbedder())
    before = load_index(fake_settings).manifest
    marker = tmp_path / "started"
    run_and_kill_at_marker(KILLED_BUILD, [str(fake_settings.seeds_dir), str(fake_settings.index_dir), str(marker), stage], marker)
    assert load_index(fake_settings).manifest == before
    assert not ensure_index(fake_settings, ExplodingEmbedder()).rebuilt
    ensure_index(fake_settings, FakeEmbedder(), force=True)
    leftovers = [p.name for p in fake_settings.index_dir.parent.iterdir() if p.name.startswith(".index")]
    assert leftovers == [], "the next build removes the killed build's temp folder"



def test_the_sentence_after_one_is_its_documents_next_and_none_after_the_last(fake_index):
    sentences = fake_index.sentences
    first = sentences[0]
    assert fake_index.next_sentence(first) == sentences[1] and fake_index.previous_text(sentences[1]) == first.text
    last_of_first_doc = max((s for s in sentences if s.doc_id == first.doc_id), key=lambda s: s.sentence_id)
    assert fake_index.next_sentence(last_of_first_doc) is None
    assert fake_index.next_sentence(sentences[-1]) is None


def test_a_documents_sentences_are_found_from_any_one_of_them_in_order(fake_index):
    sentences = fake_index.sentences
    second_doc = next(s for s in sentences if s.doc_id != sentences[0].doc_id).doc_id
    expected = [s for s in sentences if s.doc_id == second_doc]
    middle = expected[len(expected) // 2]
    assert fake_index.sentences_of_document(middle) == expected
    assert fake_index.sentences_of_document(expected[0]) == expected == fake_index.sentences_of_document(expected[-1])
