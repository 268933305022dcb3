"""Your own files through the real index: a Korean PDF, a Word file and a news page,
built here, loaded by rag/ingest, embedded with EmbeddingGemma, saved, loaded back
and searched as `rag search` does. The right passage, and for the PDF the right page."""

from __future__ import annotations

import dataclasses

import pytest

from rag.index import build_index, load_index, save_index
from rag.ingest.formats import load_file
from rag.retrieval import Retriever
from rag.types import page_at
from tests import documents as files
from tests.conftest import real_settings

pytestmark = pytest.mark.integration

# (question, document, words the top passage must hold, page of that passage or None)
QUESTIONS = [
    ("한강 자전거도로 정비 예산은 얼마인가요?", "bikes", "120억 원", 2),
    ("따릉이 대여소는 몇 곳을 새로 설치하나요?", "bikes", "300곳", 1),
    ("When did the city council approve the Han River cycle path works?", "bikes", "March", 2),
    ("How many books does the Mapo riverside library open with?", "library", "40,000 books", None),
    ("마포 강변 도서관은 몇 시까지 여나요?", "library", "오후 10시", None),
    ("How many street trees will Seoul plant along the Cheonggyecheon?", "trees", "30,000 street trees", None),
]


@pytest.fixture(scope="module")
def files_index(real_embedder, tmp_path_factory):
    folder = tmp_path_factory.mktemp("formats")
    documents = [
        load_file(files.korean_pdf(folder / "bikes.pdf"), "bikes"),
        load_file(files.word_file(folder / "library.docx"), "library"),
        load_file(files.news_page(folder / "trees.html"), "trees"),
    ]
    settings = dataclasses.replace(real_settings(), index_dir=folder / "index")
    save_index(build_index(settings, real_embedder, progress=False, documents=documents), settings.index_dir)
    return settings, load_index(settings)  # what is searched went through documents.json


def test_saved_index_keeps_pages_dates_and_formats(files_index):
    _, index = files_index
    bikes = index.document("bikes")
    assert bikes.source_format == "pdf" and len(bikes.pages) == 2 and bikes.date == "2024-03-15"
    assert (index.document("library").date, index.document("trees").date) == ("2023-11-02", files.HTML_DATE)
    assert files.INJECTED not in index.document("trees").text


@pytest.mark.parametrize("question, doc_id, words, page", QUESTIONS)
def test_search_finds_the_passage_and_its_page(files_index, real_embedder, question, doc_id, words, page):
    settings, index = files_index
    top = Retriever(index, real_embedder, settings).search(question, k=3, mode="hybrid")[0]
    document = index.document(top.chunk.doc_id)
    assert top.chunk.doc_id == doc_id and words in top.chunk.text, top
    assert top.chunk.text == document.text[top.chunk.start : top.chunk.end]
    sentence = next(s for s in index.sentences_of(top.chunk.chunk_id) if words in s.text)
    assert page_at(document, sentence.start) == page
