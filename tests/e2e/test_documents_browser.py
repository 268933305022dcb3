"""The Documents tab in Chromium: upload a PDF, wait for the embedding to finish, ask about it, see the citation."""

from __future__ import annotations

import re
import shutil

import pytest
from playwright.sync_api import expect

from rag.config import PROJECT_ROOT
from tests import documents as files
from tests.e2e.app_server import app_env, build_index, screenshot, start_app, stop_app

pytestmark = pytest.mark.e2e

ANSWER_TIMEOUT_MS = 300_000
WEGO = "002_d32cad0dd2ba4f1c"


@pytest.fixture(scope="module")
def library_app(tmp_path_factory):
    """The app over one shipped article, with its own index and library folder."""
    root = tmp_path_factory.mktemp("library-app")
    (root / "seeds").mkdir()
    shutil.copy(PROJECT_ROOT / "seeds" / f"{WEGO}.txt", root / "seeds")
    env = app_env(RAG_SEEDS_DIR=str(root / "seeds"), RAG_INDEX_DIR=str(root / "index"),
                  RAG_LIBRARY_DIR=str(root / "library"), RAG_ANSWER_CONTEXT="sentences")
    build_index(env, root / "app.log")
    running = start_app(env, root / "app.log")
    yield running, root
    stop_app(running)


def test_upload_a_pdf_then_ask_about_it(library_app, page, tmp_path):
    app, root = library_app
    pdf = files.korean_pdf(tmp_path / "자전거 보고서.pdf")
    page.goto(app.url)
    page.get_by_role("tab", name="Documents · 문서").click()
    page.locator("#doc-upload input[type=file]").set_input_files(str(pdf))
    expect(page.locator("#doc-note")).to_contain_text("added 자전거 보고서.pdf", timeout=ANSWER_TIMEOUT_MS)
    expect(page.locator("#doc-list")).to_contain_text(files.PDF_TITLE)
    expect(page.locator("#doc-upload a[href*='자전거']")).to_have_count(0)  # the upload is not offered back
    screenshot(page, "documents_tab_after_upload")

    page.get_by_role("tab", name="Chat · 대화").click()
    box = page.locator("#question textarea")
    box.fill("한강 자전거도로 정비 예산은 얼마인가요?")
    box.press("Enter")
    expect(page.locator("#status")).to_contain_text("Answered by", timeout=ANSWER_TIMEOUT_MS)
    chip = page.locator("#chatbot .cite-chip").first
    expect(chip).to_be_visible()
    chip.click()
    href = chip.get_attribute("href")
    card = page.locator(f"#sources .source-card#{href[1:]}")
    mark = card.locator(".passage mark.cited")
    expect(mark).to_have_count(1)
    doc_id, start, end = (mark.get_attribute(f"data-{k}") for k in ("doc", "start", "end"))
    documents = _indexed(root)
    assert doc_id in documents and documents[doc_id].source_format == "pdf"
    assert mark.text_content() == documents[doc_id].text[int(start) : int(end)]
    expect(card).to_contain_text(re.compile(r"p\. ?2"))
    screenshot(page, "documents_tab_pdf_answer")


def _indexed(root):
    import dataclasses

    from rag.config import Settings
    from rag.index import load_index

    return load_index(dataclasses.replace(Settings(), index_dir=root / "index")).documents
