"""`rag add` / `rag remove` / `rag ask` through the real CLI, real EmbeddingGemma and the embedded LLM.

The files are built here (tests/documents.py): a two-page Korean PDF, a Word file and a saved news
page. Each must answer with a citation whose quote is the extracted text at its offsets (the PDF
one on the right page); removing one drops it from answers and the rebuild touches only it; each
bad file is one line, a non-zero exit, and the previous collection still answers.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from rag.config import PROJECT_ROOT
from tests import documents as files

pytestmark = pytest.mark.integration

WEGO = "002_d32cad0dd2ba4f1c"
# (file builder, question, one of the accepted answers, page of the cited sentence or None)
CASES = {
    "pdf": (files.korean_pdf, "한강 자전거도로 정비 예산은 얼마인가요?", ["120억"], 2),
    "docx": (files.word_file, "When does the Mapo riverside library open?", ["2 May", "May 2"], None),
    "html": (files.news_page, "How many street trees will Seoul plant along the Cheonggyecheon stream?",
             ["30,000", "30000"], None),
}
NAMES = {"pdf": "bike report.pdf", "docx": "library news.docx", "html": "trees.html"}


def rag(env: dict, *args: str, timeout: int = 900) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "rag.cli", *args], cwd=PROJECT_ROOT, env=env, capture_output=True,
                          text=True, timeout=timeout)


def ask(env: dict, question: str) -> dict:
    done = rag(env, "ask", question, "--json", "--llm", "embedded")
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def collection(tmp_path_factory):
    """One shipped article indexed, then the three files added with `rag add`."""
    root = tmp_path_factory.mktemp("collection")
    (root / "seeds").mkdir()
    shutil.copy(PROJECT_ROOT / "seeds" / f"{WEGO}.txt", root / "seeds")
    env = {**__import__("os").environ, "RAG_SEEDS_DIR": str(root / "seeds"), "RAG_INDEX_DIR": str(root / "index"),
           "RAG_LIBRARY_DIR": str(root / "library"), "RAG_LLM": "embedded",
           # Evidence sentences: no per-document model state to build (45 s each) for a test.
           "RAG_ANSWER_CONTEXT": "sentences", "RAG_LOG_DIR": str(root / "logs")}
    indexed = rag(env, "index")
    assert indexed.returncode == 0, indexed.stderr[-2000:]
    (root / "in").mkdir()
    paths = [str(build(root / "in" / NAMES[kind])) for kind, (build, *_) in CASES.items()]
    added = rag(env, "add", *paths)
    assert added.returncode == 0, added.stderr[-2000:]
    library = json.loads((root / "library" / "library.json").read_text(encoding="utf-8"))
    ids = {entry["format"]: entry["doc_id"] for entry in library["documents"]}
    manifest = json.loads((root / "index" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["build"]["embedded_documents"] == sorted(ids.values())  # the shipped article was reused
    return env, root, ids


def indexed_text(root, doc_id: str) -> str:
    saved = json.loads((root / "index" / "documents.json").read_text(encoding="utf-8"))
    return next(d["text"] for d in saved if d["doc_id"] == doc_id)


@pytest.mark.parametrize("kind", list(CASES))
def test_an_added_file_answers_with_an_exact_citation(collection, kind):
    env, root, ids = collection
    _, question, accepted, page = CASES[kind]
    reply = ask(env, question)
    assert not reply["abstained"], reply
    assert any(a.replace(",", "") in reply["answer"].replace(",", "") for a in accepted), reply["answer"]
    cited = [c for c in reply["citations"] if c["doc_id"] == ids[kind]]
    assert cited, reply["citations"]
    text = indexed_text(root, ids[kind])
    for citation in cited:
        assert citation["quote"] == text[citation["start"] : citation["end"]]
        assert citation["page"] == page
    if kind == "html":
        assert not any(chrome in text for chrome in files.HTML_CHROME)


BAD_FILES = {
    "encrypted.pdf": lambda p: files.encrypted_pdf(p),
    "scan.pdf": lambda p: files.scanned_pdf(p),
    "lying.pdf": lambda p: _written(p, b"<html><body><p>Not a PDF at all, really.</p></body></html>"),
    "empty.txt": lambda p: _written(p, b""),
    "huge.txt": lambda p: _sparse(p, 200_000_000),
    "bomb.docx": lambda p: files.zip_bomb_docx(p),
}


def _written(path, data: bytes):
    path.write_bytes(data)
    return path


def _sparse(path, size):
    with open(path, "wb") as handle:
        handle.truncate(size)  # 200 MB on paper, nothing on disk
    return path


def test_each_bad_file_is_one_line_and_changes_nothing(collection):
    env, root, _ = collection
    manifest = (root / "index" / "manifest.json").read_bytes()
    library = (root / "library" / "library.json").read_bytes()
    (root / "bad").mkdir()
    for name, build in BAD_FILES.items():
        done = rag(env, "add", str(build(root / "bad" / name)))
        lines = done.stderr.strip().splitlines()
        assert done.returncode != 0 and len(lines) == 1 and lines[0].startswith(f"error: {name}: "), (name, done.stderr)
        assert "Traceback" not in done.stderr and done.stdout == ""
    assert (root / "index" / "manifest.json").read_bytes() == manifest
    assert (root / "library" / "library.json").read_bytes() == library
    again = rag(env, "add", str(root / "in" / NAMES["docx"]))
    assert again.returncode == 0 and "already in the collection" in again.stdout
    reply = ask(env, "WeGO 총회에는 몇 명이 참석했나요?")  # the previous collection still answers
    assert not reply["abstained"] and any(c["doc_id"] == WEGO for c in reply["citations"]), reply


def test_remove_drops_the_document_and_touches_only_it(collection):
    env, root, ids = collection
    done = rag(env, "remove", ids["docx"])
    assert done.returncode == 0, done.stderr
    build = json.loads((root / "index" / "manifest.json").read_text(encoding="utf-8"))["build"]
    assert build["removed_documents"] == [ids["docx"]]
    assert build["changed_documents"] == [] and build["embedded_texts"] == 0
    assert not any((root / "library" / "files").glob(f"{ids['docx']}.*"))
    reply = ask(env, CASES["docx"][1])
    assert all(c["doc_id"] != ids["docx"] for c in reply["citations"]), reply
    listed = rag(env, "list")
    assert ids["docx"] not in listed.stdout and ids["pdf"] in listed.stdout
