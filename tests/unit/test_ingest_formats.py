"""rag/ingest: real PDF, Word, HTML and text files built here, and every bad file's one-line reason."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from rag.config import ConfigError, Settings, load_settings
from rag.errors import RagError
from rag.ingest.formats import SUPPORTED_SUFFIXES, FileLimits, UnreadableFile, display_name, file_limits, load_file, sniff
from rag.ingest.pdf import page_text
from rag.types import Document, page_at
from tests import documents as files


def _refusal(path: Path, limits: FileLimits = FileLimits()) -> str:
    with pytest.raises(UnreadableFile) as caught:
        load_file(path, path.stem, limits)
    message = str(caught.value)
    assert "\n" not in message and message.startswith(f"{display_name(path.name)}: "), message
    assert isinstance(caught.value, RagError)
    return message


# ---------------------------------------------------------------- PDF


def test_korean_pdf_keeps_sentences_pages_and_metadata(tmp_path):
    doc = load_file(files.korean_pdf(tmp_path / "report.pdf"), "report")
    for paragraph in files.PDF_PAGE_1 + files.PDF_PAGE_2:
        assert paragraph in doc.text  # wrapped lines joined back: each paragraph is one line
    assert len(doc.pages) == 2 and doc.pages[0] == 0
    page_2 = doc.text.index(files.PDF_PAGE_2[0])
    assert doc.pages[1] == page_2
    assert page_at(doc, doc.text.index("4,500만")) == 1
    assert page_at(doc, page_2 - 1) == 1
    assert page_at(doc, doc.text.index("120억 원")) == 2
    assert (doc.date, doc.title, doc.outlet, doc.source_format) == ("2024-03-15", files.PDF_TITLE, "서울시 교통정책과", "pdf")
    assert doc.doc_id == "report" and len(doc.sha256) == 64


def test_pdf_wrapped_lines_join_and_short_lines_break():
    raw = "Heading\nthis line is long enough to have been wrapped by\nthe layout engine here.\nShort end."
    assert page_text(raw) == "Heading\n\nthis line is long enough to have been wrapped by the layout engine here.\n\nShort end."
    # Hangul is twice as wide: a full line of Hangul is as wide as a full Latin line with twice the characters.
    assert page_text("가" * 40 + "\n" + "a" * 80 + "\nb") == "가" * 40 + " " + "a" * 80 + " b"


def test_encrypted_pdf_is_refused(tmp_path):
    assert "encrypted PDF" in _refusal(files.encrypted_pdf(tmp_path / "locked.pdf"))


def test_scanned_pdf_without_text_layer_is_refused(tmp_path):
    assert "no text found; OCR is not supported" in _refusal(files.scanned_pdf(tmp_path / "scan.pdf"))


def test_damaged_pdf_is_refused(tmp_path):
    path = tmp_path / "cut.pdf"
    path.write_bytes(files.korean_pdf(tmp_path / "whole.pdf").read_bytes()[:300])
    assert "damaged PDF" in _refusal(path)


# ---------------------------------------------------------------- page_at


def test_page_at_is_one_based_and_none_without_pages():
    doc = Document("d", "d.pdf", "aaaa\n\nbbbb", "0" * 64, pages=(0, 6))
    assert [page_at(doc, i) for i in (0, 3, 5, 6, 9)] == [1, 1, 1, 2, 2]
    assert page_at(doc, -1) is None and page_at(doc, 99) is None
    assert page_at(dataclasses.replace(doc, pages=()), 0) is None


# ---------------------------------------------------------------- Word


def test_word_file_keeps_paragraphs_table_and_core_properties(tmp_path):
    doc = load_file(files.word_file(tmp_path / "library.docx"), "library")
    for paragraph in files.DOCX_PARAGRAPHS:
        assert paragraph in doc.text.split("\n\n")
    assert "1 | Children's books" in doc.text
    assert doc.text.index(files.DOCX_PARAGRAPHS[-1]) < doc.text.index("Floor | Use")  # reading order
    assert (doc.title, doc.outlet, doc.date, doc.pages, doc.source_format) == (
        "Library news", "Mapo district office", "2023-11-02", (), "docx")


def test_zip_bomb_disguised_as_docx_is_refused_by_ratio(tmp_path):
    bomb = files.zip_bomb_docx(tmp_path / "bomb.docx")
    assert bomb.stat().st_size < 200_000
    assert "over the limit of 100x (a zip bomb?)" in _refusal(bomb)


def test_zip_bomb_is_refused_by_total_size(tmp_path):
    bomb = files.zip_bomb_docx(tmp_path / "bomb.docx", unpacked_bytes=3_000_000)
    message = _refusal(bomb, FileLimits(max_unzipped_bytes=2_000_000, max_zip_ratio=10**5))
    assert "unpacks to 3 MB, over the limit of 2 MB (a zip bomb?)" in message


def test_zip_that_is_not_word_is_refused(tmp_path):
    import zipfile

    path = tmp_path / "photos.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("photo.txt", "not a word file")
    assert "not a Word document" in _refusal(path)


# ---------------------------------------------------------------- HTML


def test_news_page_gives_article_without_chrome_comments_or_scripts(tmp_path):
    doc = load_file(files.news_page(tmp_path / "trees.html"), "trees")
    for sentence in files.HTML_ARTICLE:
        assert sentence in doc.text
    for chrome in files.HTML_CHROME:
        assert chrome not in doc.text
    assert files.INJECTED not in doc.text and "document.cookie" not in doc.text and "<" not in doc.text
    assert doc.title == "Seoul to plant 30,000 trees along Cheonggyecheon"
    assert (doc.outlet, doc.date, doc.source_format) == ("Seoul Daily", files.HTML_DATE, "html")


def test_html_date_is_never_guessed(tmp_path):
    """A date printed in the prose or the URL-like text is not page metadata."""
    path = tmp_path / "undated.htm"
    body = "".join(f"<p>{s} It was announced on 2021-07-01.</p>" for s in files.HTML_ARTICLE)
    path.write_text(f"<html><head><title>Trees</title></head><body><article>{body}</article></body></html>", encoding="utf-8")
    doc = load_file(path, "undated")
    assert files.HTML_ARTICLE[0] in doc.text and doc.date == ""


# ---------------------------------------------------------------- text


KOREAN = ("서울시는 올해 공공자전거 따릉이 대여소 300곳을 새로 설치한다고 밝혔다.\n"
          "시는 노후 자전거 2만 대를 교체하고 정비 인력을 늘릴 계획이다.\n")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp949", "euc-kr", "utf-16"])
def test_text_in_korean_encodings_loads(tmp_path, encoding):
    path = tmp_path / "notes.txt"
    path.write_bytes(KOREAN.encode(encoding))
    doc = load_file(path, "notes")
    assert "대여소 300곳을 새로 설치한다고 밝혔다." in doc.text and doc.source_format == "text"


def test_a_few_words_of_cp949_read_as_korean():
    from rag.ingest.text import decode_text

    assert decode_text("짧은 글".encode("cp949")) == "짧은 글"


def test_markdown_keeps_heading_as_title(tmp_path):
    path = tmp_path / "memo.md"
    path.write_text("# 자전거 메모\n\n" + KOREAN, encoding="utf-8")
    doc = load_file(path, "memo")
    assert doc.title == "자전거 메모" and "정비 인력을 늘릴 계획이다." in doc.text and doc.source_format == "markdown"


def test_unreadable_encoding_is_refused(tmp_path):
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes(range(0x80, 0x100)) * 4)
    assert "unreadable text encoding" in _refusal(path)


def test_binary_named_txt_is_refused(tmp_path):
    path = tmp_path / "program.txt"
    path.write_bytes(b"\x7fELF\x02\x01\x01" + b"\0" * 64)
    assert "the file says .txt but holds binary data" in _refusal(path)


# ---------------------------------------------------------------- lying names, size, emptiness


@pytest.mark.parametrize("name, content, reason", [
    ("report.pdf", b"<!DOCTYPE html><html><body><p>hi</p></body></html>", "the file says .pdf but holds HTML"),
    ("letter.docx", "서울시 공지사항입니다. 내용을 확인하세요.".encode(), "the file says .docx but holds plain text"),
    ("legacy.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "holds an old Word .doc or a password-protected Office file"),
    ("page.html", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "the file says .html but holds an image"),
    ("notes.md", b"<!doctype html><html><body>x</body></html>", "the file says .md but holds HTML: rename it to .html"),
])
def test_extension_that_lies_is_refused(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    assert reason in _refusal(path)


def test_pdf_named_docx_says_what_it_is(tmp_path):
    path = tmp_path / "report.docx"
    path.write_bytes(files.korean_pdf(tmp_path / "real.pdf").read_bytes())
    assert _refusal(path) == "report.docx: the file says .docx but holds a PDF: rename it to .pdf if that is what it is"


@pytest.mark.parametrize("name", ["empty.pdf", "empty.txt", "empty.docx", "empty.html"])
def test_empty_file_is_refused(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"" if name != "empty.txt" else b" \n\t\n")
    assert _refusal(path) == f"{name}: empty file"


def test_file_over_the_size_limit_is_refused_before_reading(tmp_path):
    big = tmp_path / "huge.pdf"
    with big.open("wb") as handle:  # sparse: 200 MB on paper, no blocks written
        handle.truncate(200_000_000)
    assert "200.0 MB is over the file size limit of 50.0 MB" in _refusal(big)
    small_limit = FileLimits(max_file_bytes=1000)
    assert "over the file size limit" in _refusal(files.korean_pdf(tmp_path / "ok.pdf"), small_limit)


def test_unsupported_suffix_and_odd_names_stay_one_line(tmp_path):
    assert "unsupported file type '.exe'" in _refusal(_write(tmp_path / "setup.exe", b"MZ"))
    odd = _write(tmp_path / "bad\nname\x1b.txt", b"")
    assert _refusal(odd).startswith("bad\\nname\\x1b.txt: empty file")


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_sniff_reads_bytes_not_names():
    assert sniff(b"%PDF-1.7\n") == "pdf" and sniff(b"PK\x03\x04rest") == "zip"
    assert sniff(b"\xef\xbb\xbf  <!DOCTYPE HTML>") == "html" and sniff("# 제목".encode()) == "text"
    assert sniff(b"junk\n%PDF-1.4") == "pdf"


# ---------------------------------------------------------------- settings and the index's documents.json


def test_file_limits_come_from_settings():
    settings = load_settings({"RAG_MAX_FILE_BYTES": "1000", "RAG_MAX_UNZIPPED_BYTES": "5000", "RAG_MAX_ZIP_RATIO": "20"})
    assert file_limits(settings) == FileLimits(1000, 5000, 20)
    assert file_limits(Settings()) == FileLimits()
    with pytest.raises(ConfigError, match="max_file_bytes"):
        load_settings({"RAG_MAX_FILE_BYTES": "0"})
    with pytest.raises(ConfigError, match="max_zip_ratio"):
        load_settings({"RAG_MAX_ZIP_RATIO": "1"})


def test_supported_suffixes():
    assert set(SUPPORTED_SUFFIXES) == {".pdf", ".html", ".htm", ".docx", ".md", ".txt"}


def test_documents_json_round_trips_pages_and_format(tmp_path):
    from rag.index import _document

    doc = load_file(files.korean_pdf(tmp_path / "report.pdf"), "report")
    row = json.loads(json.dumps(dataclasses.asdict(doc)))
    assert _document(row) == doc
    old = {k: v for k, v in row.items() if k not in ("pages", "source_format")}  # an index saved before formats
    assert _document(old) == dataclasses.replace(doc, pages=(), source_format="")


@pytest.mark.parametrize("markup", [
    '<meta property="article:published_time" content="2022-08-09T10:00:00Z">',
    '<meta name="pubdate" content="20220809">',
    '<time itemprop="datePublished" datetime="2022-08-09">Aug 9</time>',
    '<script type="application/ld+json">{"@graph": [{"@type": "NewsArticle", "datePublished": "2022-08-09"}]}</script>',
])
def test_html_declared_dates_are_read(tmp_path, markup):
    path = tmp_path / "dated.html"
    body = "".join(f"<p>{s}</p>" for s in files.HTML_ARTICLE)
    path.write_text(f"<html><head>{markup}</head><body><article>{body}</article></body></html>", encoding="utf-8")
    assert load_file(path, "dated").date == "2022-08-09"


@pytest.mark.parametrize("given, stored", [
    ("../../etc/passwd", "passwd"),
    ("..\\..\\boot.ini", "boot.ini"),
    ("..", "file"),
    (".hidden.txt", "hidden.txt"),
    ("보고서 2024 (최종).pdf", "보고서 2024 _최종_.pdf"),
    ("bad\nname\x00;rm -rf.txt", "bad_name__rm -rf.txt"),
    ("", "file"),
])
def test_safe_name(given, stored):
    from rag.ingest.formats import safe_name

    assert safe_name(given) == stored


def test_safe_name_cuts_long_names_but_keeps_the_suffix():
    from rag.ingest.formats import SAFE_NAME_CHARS, safe_name

    name = safe_name("가" * 300 + ".docx")
    assert name.endswith(".docx") and len(name) <= SAFE_NAME_CHARS and len(name.encode()) < 255


def test_seeds_load_through_formats_exactly_as_the_seed_loader_reads_them():
    """The shipped articles may go through load_file (the collection) without changing a character."""
    from rag.loaders import load_documents

    seeds = Path(__file__).resolve().parents[2] / "seeds"
    for old in load_documents(seeds).documents:
        new = load_file(Path(old.path), old.doc_id)
        assert (new.text, new.title, new.outlet, new.date, new.sha256) == (old.text, old.title, old.outlet, old.date, old.sha256)
        assert new.source_format == "text" and new.pages == ()


def test_word_file_with_broken_xml_or_corrupt_deflate_is_refused(tmp_path):
    import zipfile

    whole = files.word_file(tmp_path / "whole.docx")
    with zipfile.ZipFile(whole) as source, zipfile.ZipFile(tmp_path / "cut.docx", "w") as cut:
        for member in source.infolist():
            data = source.read(member.filename)
            cut.writestr(member, data[: len(data) // 2] if member.filename == "word/document.xml" else data)
    assert "damaged Word file (XMLSyntaxError)" in _refusal(tmp_path / "cut.docx")
    data = bytearray(whole.read_bytes())
    start = data.index(b"word/document.xml") + 40  # inside that member's deflated bytes
    data[start : start + 200] = bytes(200)
    (tmp_path / "flipped.docx").write_bytes(bytes(data))
    assert "damaged" in _refusal(tmp_path / "flipped.docx")
