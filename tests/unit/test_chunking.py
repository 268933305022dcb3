"""Chunks and sentences: exact offsets, nothing lost, sensible sentence cuts."""

from __future__ import annotations

from pathlib import Path

import pytest

from rag.chunking import chunk_document, chunk_documents, chunker_fingerprint, split_sentences
from rag.config import Settings
from rag.loaders import load_documents
from rag.types import Chunk, Document

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
SIZES = (200, 300, 400, 600, 800)
CHROME_WORDS = ["댓글", "기사를 공유합니다", "기상청 제공", "글자크기", "구독", "무단전재", "℃"]


@pytest.fixture(scope="module")
def seed_docs():
    return load_documents(SEEDS).documents


def _doc(text: str, doc_id: str = "d") -> Document:
    return Document(doc_id=doc_id, path=f"{doc_id}.txt", text=text, sha256="0" * 64)


def _sentences(text: str) -> list[str]:
    sentences = split_sentences(Chunk("d#0", "d", 0, len(text), text), first_id=0)
    return [s.text for s in sentences]


def _covered(text: str, spans) -> bool:
    """Every non-whitespace character of `text` lies inside some span."""
    mask = [False] * len(text)
    for start, end in spans:
        mask[start:end] = [True] * (end - start)
    return all(mask[i] or ch.isspace() for i, ch in enumerate(text))


# ---------------------------------------------------------------- chunks of the seeds


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("overlap", [0, 60])
def test_chunks_are_exact_slices_that_cover_the_document(seed_docs, size, overlap):
    for doc in seed_docs:
        chunks = chunk_document(doc, size, overlap)
        assert [c.chunk_id for c in chunks] == [f"{doc.doc_id}#{i}" for i in range(len(chunks))]
        for chunk in chunks:
            assert chunk.text == doc.text[chunk.start:chunk.end] == chunk.text.strip()
            assert chunk.doc_id == doc.doc_id and 0 < len(chunk.text) <= size
        assert [c.start for c in chunks] == sorted(c.start for c in chunks)
        assert _covered(doc.text, [(c.start, c.end) for c in chunks])


def test_without_overlap_chunks_do_not_overlap(seed_docs):
    for doc in seed_docs:
        chunks = chunk_document(doc, 300, 0)
        assert all(a.end <= b.start for a, b in zip(chunks, chunks[1:]))
        # and the gaps between them are whitespace only
        assert all(doc.text[a.end:b.start].strip() == "" for a, b in zip(chunks, chunks[1:]))


def test_no_chunk_contains_page_chrome(seed_docs):
    chunks, _ = chunk_documents(seed_docs, Settings())
    assert [(c.chunk_id, w) for c in chunks for w in CHROME_WORDS if w in c.text] == []


def test_chunk_size_setting_controls_chunking(seed_docs):
    small, _ = chunk_documents(seed_docs, Settings().with_overrides(chunk_size=200))
    large, _ = chunk_documents(seed_docs, Settings().with_overrides(chunk_size=800))
    assert len(small) > 2 * len(large)
    assert max(len(c.text) for c in small) <= 200 < max(len(c.text) for c in large)


def test_sentence_end_stays_with_the_chunk_before(seed_docs):
    text = " ".join(f"{i}번째 문장은 충분히 길게 쓴 한국어 문장이다." for i in range(20))
    chunks = chunk_document(_doc(text), 100, 0)
    assert len(chunks) > 3
    assert all(c.text.endswith("문장이다.") for c in chunks)
    assert all(c.text[0].isdigit() for c in chunks)


def test_paragraphs_are_preferred_cut_points():
    para = "가" * 150 + "다."
    chunks = chunk_document(_doc(f"{para}\n\n{para}\n\n{para}"), 400, 0)
    assert [c.text for c in chunks] == [f"{para}\n\n{para}", para]


def test_fingerprint_changes_with_settings():
    assert chunker_fingerprint(400, 0) != chunker_fingerprint(300, 0)


# ---------------------------------------------------------------- sentences


@pytest.mark.parametrize("size", [200, 400, 800])
def test_sentences_have_exact_offsets_and_global_ids(seed_docs, size):
    docs = {d.doc_id: d for d in seed_docs}
    chunks, sentences = chunk_documents(seed_docs, Settings().with_overrides(chunk_size=size))
    assert [s.sentence_id for s in sentences] == list(range(len(sentences)))
    by_chunk = {c.chunk_id: c for c in chunks}
    for s in sentences:
        chunk = by_chunk[s.chunk_id]
        assert s.doc_id == chunk.doc_id
        assert chunk.start <= s.start < s.end <= chunk.end
        assert s.text == docs[s.doc_id].text[s.start:s.end] == s.text.strip()
    for chunk in chunks:
        own = [(s.start - chunk.start, s.end - chunk.start) for s in sentences if s.chunk_id == chunk.chunk_id]
        assert _covered(chunk.text, own)


def test_split_sentences_numbers_from_first_id():
    chunk = Chunk("d#3", "d", 10, 40, "첫 번째 문장이다. 두 번째 문장이다.")
    sentences = split_sentences(chunk, first_id=7)
    assert [(s.sentence_id, s.start, s.end, s.text) for s in sentences] == [
        (7, 10, 20, "첫 번째 문장이다."),
        (8, 21, 31, "두 번째 문장이다."),
    ]


def test_korean_sentence_ends():
    text = "취리히시는 취리히주의 가장 큰 도시다. 넓이는 87.88㎢, 인구는 39만 7천 명이다. 협조해 줄 수 있을까? 네, 좋아요. 끝."
    assert _sentences(text) == [
        "취리히시는 취리히주의 가장 큰 도시다.",
        "넓이는 87.88㎢, 인구는 39만 7천 명이다.",
        "협조해 줄 수 있을까? 네, 좋아요. 끝.",  # fragments under 8 characters join the sentence before
    ]


def test_no_cut_inside_numbers_or_year_abbreviations():
    text = "취리히시는 '14년 뉴욕을 시작으로 '16년 런던에서 교류행사를 개최했다. 설립('18.4)됐다는 소식도 2.07% 늘었다."
    assert len(_sentences(text)) == 2


def test_typo_ending_still_ends_a_sentence():
    text = "60만㎡ 규모의 충칭 다디 생명과학단지를 건립했. 완공(100만㎡) 시에는 250개 이상의 기업이 이곳에서 연구하게 된다."
    assert _sentences(text)[0].endswith("건립했.")


def test_quoted_speech_stays_in_one_sentence():
    text = '오 시장은 "충칭은 서울과 유사한 점이 많다. 도심을 흐르는 강이 있다"고 말했다. 다음 문장도 있다고 했다.'
    assert _sentences(text) == ['오 시장은 "충칭은 서울과 유사한 점이 많다. 도심을 흐르는 강이 있다"고 말했다.', "다음 문장도 있다고 했다."]


def test_unclosed_quote_does_not_swallow_the_line():
    text = "그는 “첫 문장은 여기서 끝난다. 둘째 문장은 여기서 끝난다. 셋째 문장도 여기서 끝난다."
    assert len(_sentences(text)) == 3


def test_sentence_closed_by_a_quote_mark():
    text = "그는 이렇게 말했다.” 다음 문장은 따옴표 뒤에서 시작한다."
    assert _sentences(text) == ["그는 이렇게 말했다.”", "다음 문장은 따옴표 뒤에서 시작한다."]


def test_english_sentences_keep_initials_and_abbreviations():
    text = "Dr. Kim met Francisco R. Ortega in the U.S. last year. Growth was 2.07 percent! Was it enough? Yes."
    assert _sentences(text) == [
        "Dr. Kim met Francisco R. Ortega in the U.S. last year.",
        "Growth was 2.07 percent!",
        "Was it enough? Yes.",
    ]


def test_photo_credit_fragment_joins_its_sentence():
    text = "김태균 행정1부시장(우)은 우호도시 협정(MOU)을 체결했다. 서울시"
    assert _sentences(text) == [text]


def test_every_line_ends_a_sentence():
    text = "쿠알라룸푸르와 우호도시 협정 체결\n타슈켄트와는 글로벌 인재 육성 논의\n\n서울시가 협력에 나선다."
    assert _sentences(text) == ["쿠알라룸푸르와 우호도시 협정 체결", "타슈켄트와는 글로벌 인재 육성 논의", "서울시가 협력에 나선다."]
