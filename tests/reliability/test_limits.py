"""Probe 5: input limits with clear messages; a long build is announced with its expected time
and reports progress in plain lines when stderr is a log, not a terminal."""

from __future__ import annotations

import io

from rag.embeddings import FakeEmbedder
from rag.index import LONG_BUILD_S, ensure_index, log_progress
from rag.loaders import SeedPolicy, load_documents
from tests.reliability.probes import assert_error, run_cli


class CountingEmbedder(FakeEmbedder):
    def __init__(self):
        super().__init__()
        self.texts = 0

    def embed_batch(self, texts, kind):
        self.texts += len(texts)
        return super().embed_batch(texts, kind)


def prose(n_sentences: int) -> str:
    """Varied sentences (no two alike), like a long report."""
    return "\n\n".join(f"서울시는 {i}번째 정책으로 {i * 7 % 97}개 구에 {i * 13 % 101}곳의 도서관을 새로 열었다."
                       for i in range(n_sentences))


def test_a_document_over_the_per_document_limit_is_skipped_with_the_setting_to_raise(fake_env, capsys, monkeypatch):
    huge = fake_env.seeds_dir / "huge.txt"
    huge.write_text(prose(4000), encoding="utf-8")
    monkeypatch.setenv("RAG_MAX_DOCUMENT_BYTES", "100000")
    code, out, err = run_cli(capsys, "index")
    assert code == 0 and "built 5 documents" in out
    size = f"{huge.stat().st_size / 1e6:.1f} MB"
    assert f"huge.txt: {size} is over the per-document limit of 0.1 MB: split it, or raise RAG_MAX_DOCUMENT_BYTES" in err


def test_a_collection_over_the_limit_is_refused_before_embedding(fake_env, capsys, monkeypatch):
    monkeypatch.setenv("RAG_MAX_COLLECTION_BYTES", "20000")  # the five seeds are ~30 KB
    assert_error(*run_cli(capsys, "index")[::2],
                 r"the documents in .* total 0\.0 MB, over the collection limit of 0\.0 MB: remove some, or raise RAG_MAX_COLLECTION_BYTES")
    assert not fake_env.index_dir.exists()


def test_default_limits_refuse_a_5_mb_document_that_would_take_hours(tmp_path):
    (tmp_path / "big.txt").write_text("가" * 2_000_000, encoding="utf-8")  # 6 MB of UTF-8
    (tmp_path / "a.txt").write_text("서울시는 오늘 새 정책을 발표했다.", encoding="utf-8")
    result = load_documents(tmp_path, SeedPolicy())
    assert [d.doc_id for d in result.documents] == ["a"]
    assert "over the per-document limit of 1.0 MB" in result.skipped[0].reason


def test_a_long_build_is_announced_with_its_expected_time_before_embedding(fake_settings):
    (fake_settings.seeds_dir / "report.txt").write_text(prose(900), encoding="utf-8")
    heard: list[tuple[str, int]] = []
    embedder = CountingEmbedder()
    ensure_index(fake_settings, embedder, warn=lambda message: heard.append((message, embedder.texts)))
    (message, embedded_so_far), = heard
    assert embedded_so_far == 0, "the warning comes before the long part"
    count = int(message.split()[0])
    assert count == embedder.texts and count * 0.2 > LONG_BUILD_S
    assert message == (f"{count} chunks and sentences to embed: expect about {count * 0.2 / 60:.0f} min "
                       "(at 0.20 s each); Ctrl-C keeps the previous index, and the next run resumes")


def test_a_short_build_is_not_announced(fake_settings):
    heard = []
    ensure_index(fake_settings, FakeEmbedder(), warn=heard.append)
    assert heard == []


def test_progress_in_a_log_is_a_line_every_tenth(fake_settings):
    out = io.StringIO()
    ensure_index(fake_settings, FakeEmbedder(), progress=log_progress(out))
    lines = out.getvalue().splitlines()
    chunks = [line for line in lines if line.startswith("embedding chunks: ")]
    assert 2 <= len(chunks) <= 11 and chunks[-1].endswith("(100%)")
    assert any(line.startswith("embedding sentences: ") and line.endswith("(100%)") for line in lines)
    assert "\r" not in out.getvalue()
