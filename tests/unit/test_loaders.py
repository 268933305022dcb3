"""Loading and cleaning: the real seeds, and small hand-made folders in tmp paths."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from rag.errors import RagError
from rag.loaders import clean_text, is_chrome, load_documents, normalized_lines

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

# Every line of page chrome in each seed, by hand (whitespace-normalised).
# Every other non-empty raw line is article text and must survive, once.
CHROME_LINES = {
    "000_522c43292490633e": [
        "상태바", "• 서울로컬뉴스", "• 승인 2018.10.04 12:13", "• 댓글 0", "이 기사를 공유합니다",
        "댓글삭제", "삭제한 댓글은 다시 복구할 수 없습니다.", "그래도 삭제하시겠습니까?", "댓글 0",
        "댓글쓰기", "계정을 선택하시면 로그인·계정인증을 통해", "댓글을 남기실 수 있습니다.", "주요기사",
    ],
    "001_f7f4b121435f6b6b": [
        "2026.01.08 (목)", "• 맑음동두천 -8.1℃", "• 맑음강릉 -4.7℃", "• 맑음서울 -7.6℃", "• 맑음대전 -4.6℃",
        "• 맑음대구 -3.8℃", "• 맑음울산 -3.3℃", "• 맑음광주 -2.0℃", "• 맑음부산 -2.1℃", "• 맑음고창 -2.2℃",
        "• 흐림제주 4.2℃", "• 맑음강화 -6.9℃", "• 맑음보은 -5.9℃", "• 맑음금산 -4.5℃", "• 맑음강진군 -0.7℃",
        "• 맑음경주시 -4.0℃", "• 맑음거제 -1.1℃", "기상청 제공", "행정", "• 등록 2024.07.30 13:34:14",
        "가장많이 본기사", "더보기",
    ],
    "002_d32cad0dd2ba4f1c": [
        "컨텐츠 바로가기", "06.28 (금)", "댓글 첫 댓글을 작성해보세요", "주소복사가 완료되었습니다", "뉴시스",
        "daero@newsis.com", "뉴시스 SNS [페이스북] [트위터]", "<저작권자ⓒ 공감언론 뉴시스통신사. 무단전재-재배포 금지.>",
        "기사가 속한 카테고리는 언론사가 분류합니다.", "언론사는 한 기사를 두 개 이상의 카테고리로 분류할 수 있습니다.",
    ],
    "003_80a5da383ee30811": [
        "본문 바로가기", "Dim영역", "숏뉴스",
        "숏 뉴스 AI 요약 기술은 핵심만 전달합니다. 전체 내용의 이해를 위해 기사 본문을 확인해주세요.",
        "불러오는 중...", "닫기", "언론사 홈 구독", "뉴스듣기 스크랩 글자크기", "글자크기 설정", "인쇄", "AD",
        "원본보기 아이콘", "배경환 기자 khbae@asiae.co.kr",
        "<ⓒ투자가를 위한 경제콘텐츠 플랫폼, 아시아경제(www.asiae.co.kr) 무단전재 배포금지>", "간격처리를 위한 class",
        "많이 본 뉴스 !가장 많이 읽힌 뉴스를 제공합니다. 집계 기준에 따라 최대 3일 전 기사까지 제공될 수 있습니다.",
        "top버튼", "한 눈에 보는 오늘의 이슈",
    ],
    "004_1863467b96dbbb65": [
        "상단영역", "본문영역", "• 기자명 김동길 대기자", "• 입력 2023.11.09 07:39", "• 수정 2023.11.09 08:26",
        "• 0", "• 본문 글씨 키우기", "이 기사를 공유합니다",
        "▲ 전성수 서초구청장, 세계 무대서 서초코인 우수성 전 세계 알려",  # photo caption repeating the title
        "저작권자 © 서울시정일보 무단전재 및 재배포 금지", "개의 댓글", "0 / 400", "댓글 정렬", "BEST댓글",
        "BEST 댓글 답글과 추천수를 합산하여 자동으로 노출됩니다.", "댓글삭제", "삭제한 댓글은 다시 복구할 수 없습니다.",
        "그래도 삭제하시겠습니까?", "댓글수정", "댓글 수정은 작성 후 1분내에만 가능합니다.", "/ 400", "내 댓글 모음",
        "하단영역",
    ],
}

EXPECTED_METADATA = {
    "000_522c43292490633e": ("서울시, 블록체인 강국 스위스 취리히주와 첫 '우호도시협정'", "서울로컬뉴스", "2018-10-04"),
    "001_f7f4b121435f6b6b": ("서울시, 中충칭과 경제·첨단산업 협력 확대", "영등포신문", "2024-07-30"),
    "002_d32cad0dd2ba4f1c": ("박원순, 세계 110개市 시장에 서울시 전자정부기술 자랑", "뉴시스", ""),
    "003_80a5da383ee30811": ("서울시, 쿠알라룸푸르·타슈켄트와 디지털·문화 협력 추진", "아시아경제", ""),
    "004_1863467b96dbbb65": (
        "[우리 구청장은] 전성수 서초구청장, 세계 무대서 서초코인 우수성 전 세계 알려", "서울시정일보", "2023-11-09",
    ),
}

CHROME_WORDS = ["댓글", "기사를 공유합니다", "기상청 제공", "글자크기", "구독", "무단전재", "℃", "저작권자",
                "바로가기", "원본보기", "많이 본", "더보기", "top버튼", "영역", "숏뉴스", "불러오는 중", "@"]


@pytest.fixture(scope="module")
def seed_docs():
    result = load_documents(SEEDS)
    assert result.skipped == ()
    return {doc.doc_id: doc for doc in result.documents}


def _write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


# ---------------------------------------------------------------- the real seeds


def test_all_five_seeds_load_sorted_by_name(seed_docs):
    assert list(seed_docs) == sorted(CHROME_LINES)


@pytest.mark.parametrize("doc_id", sorted(CHROME_LINES))
def test_every_article_line_survives_once_and_nothing_else(seed_docs, doc_id):
    doc = seed_docs[doc_id]
    raw = (SEEDS / f"{doc_id}.txt").read_text(encoding="utf-8-sig")
    chrome = set(CHROME_LINES[doc_id])
    expected: list[str] = []
    for line in normalized_lines(raw):
        if line and line not in chrome and line not in expected:  # repeated title/caption: once
            expected.append(line)
    assert [line for line in doc.text.split("\n") if line] == expected


@pytest.mark.parametrize("doc_id", sorted(CHROME_LINES))
def test_no_page_chrome_left(seed_docs, doc_id):
    text = seed_docs[doc_id].text
    assert [word for word in CHROME_WORDS if word in text] == []


def test_short_trailing_articles_of_001_are_kept_as_cut(seed_docs):
    text = seed_docs["001_f7f4b121435f6b6b"].text
    assert "김혜영 서울시의원, “창작 생태계 보호 및 지원 법적 근거 마련”" in text
    assert "기초예술 분야를 독립적으로 정의하거나 체계적인 지원 체계\n\n서울시, 60개국 주한 외교사절에" in text
    assert text.endswith("총 122건을 직․간접적 지원을 펼")


def test_sub_headlines_kept_and_lines_of_a_block_stay_together(seed_docs):
    text = seed_docs["003_80a5da383ee30811"].text
    assert "쿠알라룸푸르와 우호도시 협정 체결\n타슈켄트와는 글로벌 인재 육성 논의\n비슈케크서는 정책공유 포럼 개최" in text
    assert "특히 ‘착한 서초코인’의 원리 및 사용법에 대해 해외 방문객 눈길 끌어" in seed_docs["004_1863467b96dbbb65"].text


def test_duplicated_photo_caption_kept_once(seed_docs):
    caption = "김태균 행정1부시장(우)은 23일 쿠알라룸푸르에서 이스마디 빈 사키린 쿠알라룸푸르 부시장과 우호도시 협정(MOU)을 체결했다. 서울시"
    assert seed_docs["003_80a5da383ee30811"].text.count(caption) == 1


@pytest.mark.parametrize("doc_id", sorted(EXPECTED_METADATA))
def test_metadata_of_each_seed(seed_docs, doc_id):
    doc = seed_docs[doc_id]
    assert (doc.title, doc.outlet, doc.date) == EXPECTED_METADATA[doc_id]


def test_text_is_paragraphs_with_normalised_whitespace(seed_docs):
    for doc in seed_docs.values():
        assert "\u00a0" not in doc.text and "\n\n\n" not in doc.text and "\t" not in doc.text
        assert all(line == line.strip() for line in doc.text.split("\n"))
        assert doc.text == doc.text.strip()
    assert "[영등포신문=이천용 기자] 중국을 공식 방문 중인" in seed_docs["001_f7f4b121435f6b6b"].text


def test_document_identity(seed_docs):
    doc = seed_docs["000_522c43292490633e"]
    raw = (SEEDS / "000_522c43292490633e.txt").read_bytes()
    assert doc.sha256 == hashlib.sha256(raw).hexdigest()
    assert Path(doc.path).name == "000_522c43292490633e.txt"


# ---------------------------------------------------------------- files and folders


def test_undecodable_and_binary_files_are_skipped_others_load(tmp_path):
    _write(tmp_path, "a.txt", "제목\n\n서울시는 오늘 새 정책을 발표했다.")
    _write(tmp_path, "b.txt", "서울시".encode("euc-kr") + b" \xff\xfe broken")
    _write(tmp_path, "c.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR")
    result = load_documents(tmp_path)
    assert [d.doc_id for d in result.documents] == ["a"]
    skipped = {Path(s.path).name: s.reason for s in result.skipped}
    assert set(skipped) == {"b.txt", "c.md"}
    assert "UTF-8" in skipped["b.txt"] and "binary" in skipped["c.md"]


def test_bom_crlf_and_markdown_heading(tmp_path):
    _write(tmp_path, "note.md", "\ufeff# Seoul notes\r\n\r\nSeoul opened a new library.\u00a0It is free.\r\n")
    (doc,) = load_documents(tmp_path).documents
    assert doc.text == "# Seoul notes\n\nSeoul opened a new library. It is free."
    assert (doc.doc_id, doc.title, doc.outlet, doc.date) == ("note", "Seoul notes", "", "")


def test_other_files_and_hidden_files_are_not_documents(tmp_path):
    _write(tmp_path, "a.txt", "서울시는 오늘 새 정책을 발표했다.")
    _write(tmp_path, "data.csv", "x,y")
    _write(tmp_path, ".hidden.txt", "숨김 파일은 읽지 않는다.")
    assert [d.doc_id for d in load_documents(tmp_path).documents] == ["a"]


def test_text_starting_with_a_sentence_has_no_title(tmp_path):
    _write(tmp_path, "a.txt", "서울시는 오늘 새 정책을 발표했다.")
    assert load_documents(tmp_path).documents[0].title == ""


def test_missing_folder_is_an_actionable_error(tmp_path):
    with pytest.raises(RagError, match="does not exist"):
        load_documents(tmp_path / "nope")


def test_empty_folder_is_an_actionable_error(tmp_path):
    with pytest.raises(RagError, match=str(tmp_path)) as err:
        load_documents(tmp_path)
    assert "\n" not in str(err.value) and "add" in str(err.value)


def test_folder_with_only_unreadable_files_is_an_error(tmp_path):
    _write(tmp_path, "bad.txt", b"\xff\xfe\x00\x00")
    with pytest.raises(RagError, match="no loadable document") as err:
        load_documents(tmp_path)
    assert "bad.txt" in str(err.value)


def test_html_in_a_seed_is_kept_as_literal_text(tmp_path):
    html = "<script>alert('x')</script> <b>굵게</b> 표시된 문장도 그대로 남는다."
    _write(tmp_path, "a.txt", f"서울시 새 정책 발표\n\n{html}\n\n<img src=x onerror=alert(1)>")
    text = load_documents(tmp_path).documents[0].text
    assert html in text and "<img src=x onerror=alert(1)>" in text


# ---------------------------------------------------------------- sidecar


def test_sidecar_overrides_extracted_metadata_and_is_not_a_document(tmp_path):
    _write(tmp_path, "a.txt", "서울시 새 정책 발표 소식\n\n• 승인 2018.10.04 12:13\n\n서울시는 오늘 새 정책을 발표했다.")
    _write(tmp_path, "b.txt", "서울시 다른 정책 발표 소식\n\n서울시는 어제 다른 정책을 발표했다.")
    _write(tmp_path, "metadata.yaml", "a:\n  title: 고친 제목\n  date: '2020-02-29'\n")
    docs = {d.doc_id: d for d in load_documents(tmp_path).documents}
    assert set(docs) == {"a", "b"}
    assert (docs["a"].title, docs["a"].date, docs["a"].outlet) == ("고친 제목", "2020-02-29", "")
    assert (docs["b"].title, docs["b"].date) == ("서울시 다른 정책 발표 소식", "")


@pytest.mark.parametrize(
    ("sidecar", "message"),
    [
        ("a:\n  titel: 오타\n", "unknown key"),
        ("a:\n  date: '2020/02/29'\n", "YYYY-MM-DD"),
        ("a:\n  date: '2021-02-29'\n", "YYYY-MM-DD"),
        ("zzz:\n  title: 없는 문서\n", "not a seed"),
        ("a: [1, 2]\n", "mapping"),
        ("- a\n- b\n", "doc_id"),
        ("a: {title: [unclosed\n", "not valid YAML"),
    ],
)
def test_bad_sidecar_is_refused_naming_the_file(tmp_path, sidecar, message):
    _write(tmp_path, "a.txt", "서울시는 오늘 새 정책을 발표했다.")
    _write(tmp_path, "metadata.yaml", sidecar)
    with pytest.raises(RagError, match=message) as err:
        load_documents(tmp_path)
    assert "metadata.yaml" in str(err.value) and "\n" not in str(err.value)


# ---------------------------------------------------------------- line rules


@pytest.mark.parametrize(
    "line",
    ["인쇄", "행정", "뉴시스", "글자크기 설정", "• 승인 2018.10.04 12:13", "맑음서울 -7.6℃", "2026.01.08 (목)",
     "댓글을 남기실 수 있습니다.", "저작권자 © 서울시정일보 무단전재 및 재배포 금지", "daero@newsis.com"],
)
def test_chrome_lines_are_recognised(line):
    assert is_chrome(line)


@pytest.mark.parametrize(
    "line",
    [
        "쿠알라룸푸르와 우호도시 협정 체결",  # a short sub-headline
        "시장은 \"댓글을 남겨 주시면 검토하겠습니다\"라고 말했다.",  # polite voice inside a quote
        "악성 댓글을 단 네티즌 30명이 경찰에 고소됐으며, 시는 온라인 게시판 운영 방식을 바꾸고 실명 확인 절차를 새로 도입하기로 했다고 밝혔다. 시는 이번 조치로 피해가 크게 줄어들 것으로 본다.",
        "기온은 영하 7.6℃까지 떨어졌다.",
    ],
)
def test_article_lines_are_not_chrome(line):
    assert not is_chrome(line)


def test_clean_text_joins_blocks_as_paragraphs():
    raw = "서울시 새 정책 발표\n\n  • 승인 2018.10.04 12:13\n  • 댓글 0\n\n첫 문장이다.\n둘째 줄이다.\n\n\n닫기\n\n셋째 문단이다.  "
    assert clean_text(raw) == "서울시 새 정책 발표\n\n첫 문장이다.\n둘째 줄이다.\n\n셋째 문단이다."
