"""Probe 1: never delete or replace what isn't ours (index, models, eval output), never read through a link out of the seeds."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from rag import models
from rag.embeddings import FakeEmbedder
from rag.errors import RagError
from rag.index import ensure_index, load_index
from rag.loaders import SeedPolicy, load_documents
from tests.killing import run_and_kill_at_marker
from tests.reliability.probes import assert_error, run_cli, snapshot


def test_index_dir_pointing_at_a_foreign_folder_is_refused_and_left_alone(fake_env, bystander, monkeypatch, capsys):
    before = snapshot(bystander.parent)
    monkeypatch.setenv("RAG_INDEX_DIR", str(bystander))
    line = assert_error(*run_cli(capsys, "index")[::2], r"index folder .*my-photos holds files this project did not write")
    assert "holiday.jpg" in line and "RAG_INDEX_DIR" in line
    assert snapshot(bystander.parent) == before  # nothing in or beside it changed


def test_index_dir_pointing_at_a_file_is_refused_and_the_file_kept(fake_env, tmp_path, monkeypatch, capsys):
    thesis = tmp_path / "thesis.docx"
    thesis.write_bytes(b"years of work")
    monkeypatch.setenv("RAG_INDEX_DIR", str(thesis))
    assert_error(*run_cli(capsys, "index")[::2], r"index folder .*thesis\.docx is a file")
    assert thesis.read_bytes() == b"years of work"


def test_index_dir_that_is_empty_or_our_own_damaged_index_is_written(fake_settings):
    fake_settings.index_dir.mkdir()
    assert ensure_index(fake_settings, FakeEmbedder()).rebuilt  # empty: ours to fill
    (fake_settings.index_dir / "manifest.json").write_text("{oops", encoding="utf-8")
    assert ensure_index(fake_settings, FakeEmbedder()).rebuilt  # our damaged index: ours to replace
    assert load_index(fake_settings).chunks


def test_models_folder_with_foreign_files_is_refused_before_any_download(bystander, monkeypatch):
    monkeypatch.setattr(models, "fetch_wheels", lambda *a, **k: pytest.fail("must not download into a foreign folder"))
    before = snapshot(bystander)
    with pytest.raises(RagError, match=r"models folder .*my-photos holds files this project did not write.*RAG_MODELS_DIR"):
        models.ensure_gguf(bystander)
    assert snapshot(bystander) == before


def test_eval_out_folder_with_foreign_files_is_refused_before_the_run(fake_env, bystander, capsys):
    before = snapshot(bystander)
    assert_error(*run_cli(capsys, "eval", "--retrieval-only", "--out", str(bystander))[::2],
                 r"eval output folder .*my-photos holds files this project did not write")
    assert snapshot(bystander) == before


def test_seed_link_leading_outside_is_not_read_unless_allowed(tmp_path):
    seeds, secret = tmp_path / "seeds", tmp_path / "secret.txt"
    seeds.mkdir()
    (seeds / "a.txt").write_text("서울시는 오늘 새 정책을 발표했다.", encoding="utf-8")
    secret.write_text("비밀번호는 hunter2 이다.", encoding="utf-8")
    (seeds / "leak.txt").symlink_to(secret)
    (seeds / "inner.txt").symlink_to(seeds / "a.txt")  # inside the folder: fine
    result = load_documents(seeds)
    assert [d.doc_id for d in result.documents] == ["a", "inner"]
    assert [(Path(s.path).name, "RAG_FOLLOW_SYMLINKS" in s.reason) for s in result.skipped] == [("leak.txt", True)]
    allowed = load_documents(seeds, SeedPolicy(follow_symlinks=True))
    assert "leak" in [d.doc_id for d in allowed.documents]


def test_rag_index_reports_the_skipped_link(fake_env, tmp_path, capsys):
    outside = tmp_path / "elsewhere.txt"
    outside.write_text("다른 곳의 문서이다.", encoding="utf-8")
    (fake_env.seeds_dir / "zz_link.txt").symlink_to(outside)
    code, out, err = run_cli(capsys, "index")
    assert code == 0 and "built 5 documents" in out
    assert "zz_link.txt" in err and "outside the seeds folder" in err


# The child builds a new index and hangs between the two renames of the swap (or after
# both, before the old copy is removed), signalling the parent, which then kills it.
KILLED_SWAP = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path
    from rag import index as index_module
    from rag.config import Settings
    from rag.embeddings import FakeEmbedder

    seeds, index_dir, marker, stage = sys.argv[1:5]
    real_rename = os.rename

    def hang():
        Path(marker).write_text(stage)
        time.sleep(120)

    def rename(src, dst):
        if Path(dst) == Path(index_dir):  # the old index is aside, the new one not yet in place
            hang()
        return real_rename(src, dst)

    def rmtree(path, ignore_errors=False):  # both renames done, the old copy not yet removed
        hang()

    if stage == "between-renames":
        index_module.os.rename = rename
    else:
        index_module.shutil.rmtree = rmtree
    settings = Settings(seeds_dir=Path(seeds), index_dir=Path(index_dir), embedding_model="fake")
    index_module.ensure_index(settings, FakeEmbedder(), force=True)
    """
)


@pytest.mark.parametrize("stage", ["between-renames", "before-removing-the-old-copy"])
def test_kill_9_during_the_final_swap_leaves_a_usable_index(fake_settings, tmp_path, stage):
    ensure_index(fake_settings, FakeEmbedder())
    before = load_index(fake_settings).manifest
    marker = tmp_path / "marker"
    run_and_kill_at_marker(KILLED_SWAP, [str(fake_settings.seeds_dir), str(fake_settings.index_dir), str(marker), stage], marker)
    after = load_index(fake_settings).manifest  # loads: the old copy is put back, or the new one is in place
    if stage == "between-renames":
        assert after == before
    else:
        assert list(fake_settings.index_dir.parent.glob(".index.old-*")), "the kill left the old copy behind"
    ensure_index(fake_settings, FakeEmbedder(), force=True)
    leftovers = sorted(p.name for p in fake_settings.index_dir.parent.iterdir() if p.name.startswith(".index"))
    assert leftovers == [], "the next build removes what the killed swap left"

