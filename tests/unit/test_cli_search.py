"""`rag index` / `rag search` through the real CLI entry point, with the fake embedder.

Every failure must be ONE `error: ...` line on stderr and a non-zero exit.
"""

from __future__ import annotations

import json
import re
import shutil

import pytest

from rag.cli import main

WEGO = "002_d32cad0dd2ba4f1c"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def assert_one_error_line(code: int, err: str, pattern: str) -> None:
    lines = err.strip().splitlines()
    assert code != 0
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    assert "Traceback" not in err
    assert re.search(pattern, lines[0]), lines[0]


def test_index_then_up_to_date(fake_env, capsys):
    code, out, _ = run(capsys, "index")
    assert code == 0 and out.startswith("rebuilding: no index yet\nbuilt 5 documents")
    code, out, _ = run(capsys, "index")
    assert code == 0 and out.strip().startswith("index up to date (5 documents, ")


def test_search_json_is_one_object_rank_one_first(fake_env, capsys):
    run(capsys, "index")
    code, out, _ = run(capsys, "search", "WeGO 총회 350여명 참석", "--json", "-k", "3")
    assert code == 0
    result = json.loads(out)
    assert result["query"] == "WeGO 총회 350여명 참석" and result["mode"] == "hybrid"
    assert [h["rank"] for h in result["hits"]] == [1, 2, 3]
    top = result["hits"][0]
    assert set(top) == {"rank", "score", "doc_id", "chunk_id", "title", "start", "end", "text"}
    assert top["doc_id"] == WEGO
    assert top["end"] - top["start"] == len(top["text"])
    code, out, _ = run(capsys, "search", "WeGO 총회 350여명 참석", "--json", "--mode", "bm25")
    assert "350" in json.loads(out)["hits"][0]["text"]


def test_search_human_output_shows_rank_title_and_snippet(fake_env, capsys):
    run(capsys, "index")
    code, out, _ = run(capsys, "search", "서초코인", "--mode", "bm25", "-k", "2")
    assert code == 0
    assert out.startswith("1. [") and "004_1863467b96dbbb65#" in out and "서초" in out
    assert max(len(line) for line in out.splitlines()) < 260


@pytest.mark.parametrize("query", ["", "   "])
def test_empty_query(fake_env, capsys, query):
    run(capsys, "index")
    assert_one_error_line(*run(capsys, "search", query)[::2], r"the question is empty")


def test_20000_character_query_is_truncated_with_a_notice(fake_env, capsys):
    run(capsys, "index")
    code, out, err = run(capsys, "search", "서초코인 " * 4000, "--json")
    assert code == 0
    assert "truncated to its first 1000 characters" in err
    result = json.loads(out)
    assert len(result["query"]) <= 1000 and result["hits"]


def test_missing_seeds_folder(fake_env, capsys):
    shutil.rmtree(fake_env.seeds_dir)
    assert_one_error_line(*run(capsys, "index")[::2], r"seeds|no such|missing|not found")


def test_empty_seeds_folder(fake_env, capsys):
    for path in fake_env.seeds_dir.iterdir():
        path.unlink()
    assert_one_error_line(*run(capsys, "index")[::2], r"seeds|no .*documents|empty")


def test_binary_file_among_seeds_is_skipped_and_reported(fake_env, capsys):
    (fake_env.seeds_dir / "broken.txt").write_bytes(b"\xff\xfe\x00\x81binary\x00\xc3\x28")
    code, out, err = run(capsys, "index")
    assert code == 0 and "built 5 documents" in out
    assert "broken.txt" in err and "Traceback" not in err


def test_only_a_binary_file_in_seeds(fake_env, capsys):
    for path in fake_env.seeds_dir.iterdir():
        path.unlink()
    (fake_env.seeds_dir / "broken.txt").write_bytes(b"\xff\xfe\x00\x81binary\x00\xc3\x28")
    code, _, err = run(capsys, "index")
    assert code != 0 and "Traceback" not in err
    assert err.strip().splitlines()[-1].startswith("error: ")


def test_search_without_an_index(fake_env, capsys):
    assert_one_error_line(*run(capsys, "search", "서초코인")[::2], r"no index at .*run `rag index`")


def test_search_with_a_corrupt_index(fake_env, capsys):
    run(capsys, "index")
    (fake_env.index_dir / "manifest.json").write_text("{oops", encoding="utf-8")
    assert_one_error_line(*run(capsys, "search", "서초코인")[::2], r"corrupt.*run `rag index`")


def test_search_with_a_stale_index(fake_env, capsys):
    run(capsys, "index")
    (fake_env.seeds_dir / f"{WEGO}.txt").write_text("바뀐 기사\n\n새 내용이다.\n", encoding="utf-8")
    assert_one_error_line(*run(capsys, "search", "서초코인")[::2], rf"out of date \(seed {WEGO} changed\).*run `rag index`")


def test_missing_model_folder(fake_env, capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("RAG_EMBEDDING_MODEL", str(tmp_path / "nowhere" / "embeddinggemma-300m"))
    assert_one_error_line(*run(capsys, "index")[::2], r"embedding model folder missing: .*rag models fetch")


def test_search_refuses_an_index_built_with_another_model(fake_env, capsys, monkeypatch, tmp_path):
    run(capsys, "index")
    other = tmp_path / "other-model"
    other.mkdir()
    (other / "modules.json").write_text("[]", encoding="utf-8")
    monkeypatch.setenv("RAG_EMBEDDING_MODEL", str(other))
    assert_one_error_line(
        *run(capsys, "search", "서초코인")[::2], r"index was built with embedding model fake but settings say other-model.*run `rag index`"
    )


def test_bench_retrieval_prints_a_row_per_mode(fake_env, capsys):
    code, out, _ = run(capsys, "bench", "retrieval", "--repeat", "1")
    assert code == 0
    rows = {line.split()[0]: line.split() for line in out.splitlines()[3:]}
    assert set(rows) == {"bm25", "dense", "hybrid"}
    assert rows["bm25"][5] == "1.0x" and rows["dense"][6] == "1.00x"


def test_percentile_is_an_observed_value():
    from rag.bench import percentile

    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 95) == 95.0 and percentile(values, 50) == 50.0
    assert percentile([7.0], 95) == 7.0
