"""`rag add` / `rag remove` / `rag list` through the CLI entry point, with the fake embedder."""

from __future__ import annotations

import json

from tests.unit.test_cli_search import WEGO, assert_one_error_line, run

NOTE = "# Heron notes\n\nThe blue heron nests near the Han river every spring.\n"


def test_add_list_remove(fake_env, capsys, tmp_path):
    assert run(capsys, "index")[0] == 0
    path = tmp_path / "heron.md"
    path.write_text(NOTE, encoding="utf-8")
    code, out, _ = run(capsys, "add", str(path))
    doc_id = json.loads((fake_env.library_dir / "library.json").read_text(encoding="utf-8"))["documents"][0]["doc_id"]
    assert code == 0 and out.splitlines() == [
        f"added 'heron.md' as {doc_id}",
        "index: 6 documents, 39 chunks; embedded 3 of 185 texts (1 document), reused the rest"]
    code, out, _ = run(capsys, "add", str(path))
    assert code == 0 and out == f"heron.md: already in the collection as {doc_id} (same bytes); not added again\n"
    code, out, _ = run(capsys, "list")
    header, *rows = out.splitlines()
    assert header.split()[:4] == ["id", "title", "date", "source"] and len(rows) == 6
    assert any(row.startswith(doc_id) and "Heron notes" in row and "heron.md" in row for row in rows)
    code, out, _ = run(capsys, "remove", doc_id, WEGO)
    assert code == 0 and f"removed {doc_id}" in out and f"hid the shipped document {WEGO}" in out
    assert "embedded 0 of" in out
    assert len(run(capsys, "list")[1].splitlines()) == 1 + 4


def test_bad_input_is_one_line(fake_env, capsys, tmp_path):
    assert run(capsys, "index")[0] == 0
    before = (fake_env.index_dir / "manifest.json").read_bytes()
    assert_one_error_line(*_code_err(run(capsys, "add", str(tmp_path / "missing.pdf"))), r"no such file or folder")
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\r\n")
    assert_one_error_line(*_code_err(run(capsys, "add", str(tmp_path / "photo.png"))), r"^error: photo\.png: unsupported")
    (tmp_path / "fake.pdf").write_text("just text pretending", encoding="utf-8")
    assert_one_error_line(*_code_err(run(capsys, "add", str(tmp_path / "fake.pdf"))), r"fake\.pdf: the file says \.pdf")
    assert_one_error_line(*_code_err(run(capsys, "remove", "nope")), r"no document nope")
    assert (fake_env.index_dir / "manifest.json").read_bytes() == before


def _code_err(result: tuple[int, str, str]) -> tuple[int, str]:
    return result[0], result[2]
