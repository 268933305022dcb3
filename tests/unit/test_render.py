"""Rendering helpers: chips, exact highlights, escaping of untrusted text."""

from __future__ import annotations

from dataclasses import replace
from html.parser import HTMLParser

from rag import render
from rag.types import Answer, Chunk, Citation, Document, Hit, Timings

EVIL = '<script>alert(1)</script> and <img src=x onerror="alert(2)">'
TEXT = "서울시는 2010년 WeGO를 창립했다. 총회에는 350여명이 참석한다.\n\n" + EVIL + " 끝."


class Tags(HTMLParser):
    """Collects start tags, and the text and attributes of every <mark>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.marks: list[dict] = []
        self._open: list[dict] = []  # marks nest: a fact inside its cited sentence
        self.text = ""

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "mark":
            self.marks.append({**dict(attrs), "text": ""})
            self._open.append(self.marks[-1])

    def handle_endtag(self, tag):
        if tag == "mark":
            self._open.pop()

    def handle_data(self, data):
        self.text += data
        for mark in self._open:
            mark["text"] += data


def parse(html: str) -> Tags:
    tags = Tags()
    tags.feed(html)
    return tags


def doc(text: str = TEXT, **meta: str) -> Document:
    return Document("002_x", "seeds/002_x.txt", text, "0" * 64, **meta)


def cite(n: int, document: Document, needle: str, **meta: str) -> Citation:
    start = document.text.index(needle)
    end = start + len(needle)
    return Citation(n, document.doc_id, f"{document.doc_id}#0", meta.get("title", ""), meta.get("outlet", ""),
                    meta.get("date", ""), start, end, document.text[start:end])


def test_valid_markers_become_chips_and_out_of_range_markers_stay_text():
    d = doc()
    html = render.answer_html("350명이 참석했습니다 [1]. 또 [7].", [cite(1, d, "350여명")], key="3")
    chips = [a for tag, a in parse(html).tags if tag == "a"]
    assert chips == [{"class": "cite-chip", "href": "#cite-3-1", "title": "002_x"}]
    assert "[7]" in parse(html).text  # shown as plain text, not a chip
    assert "#cite-3-7" not in html


def test_answer_text_is_escaped_and_cannot_form_markdown_links():
    html = render.answer_html(EVIL + " [click](javascript:alert(3))", [], key="1")
    tags = parse(html)
    assert tags.tags == []  # no element at all: every "<" became text
    assert tags.text.startswith("<script>alert(1)</script>")
    assert "[click]" not in html  # brackets are entities, so Markdown sees no link


def test_highlight_wraps_exactly_the_cited_span():
    d = doc()
    c = cite(2, d, "350여명이 참석한다")
    html = render.highlighted(d.text, c.start, c.end, (0, 40), d.doc_id)
    (mark,) = parse(html).marks
    assert mark["text"] == d.text[c.start : c.end] == c.quote
    assert (int(mark["data-start"]), int(mark["data-end"]), mark["data-doc"]) == (c.start, c.end, d.doc_id)
    assert parse(html).text == d.text[0 : max(40, c.end)]  # the window, nothing lost or added


def test_highlight_widens_a_window_that_does_not_hold_the_span():
    d = doc()
    c = cite(1, d, "350여명")
    html = render.highlighted(d.text, c.start, c.end, (0, 5), d.doc_id)
    assert parse(html).text == d.text[0 : c.end]


def test_untrusted_document_text_renders_as_text_inside_the_highlight():
    d = doc()
    c = cite(1, d, EVIL)
    html = render.source_card(c, d, (c.start - 5, len(d.text)), key="1", language="en")
    tags = parse(html)
    assert not {"script", "img"} & {tag for tag, _ in tags.tags}
    assert [m["text"] for m in tags.marks] == [EVIL, EVIL]  # passage and whole article
    assert "onerror=" not in html.replace("onerror=&quot;", "")  # only as escaped text


def test_empty_metadata_fields_render_nothing():
    assert render.meta_html("", "", "") == ""
    html = render.meta_html("박원순, 세계 110개市", "", "2019-06-28")
    assert [a.get("class") for tag, a in parse(html).tags] == ["src-meta", "src-title", "src-date"]
    assert "src-outlet" not in html


def test_source_card_has_anchor_metadata_and_article_view():
    d = doc(title="WeGO 총회", outlet="뉴시스", date="2019-06-28")
    c = cite(1, d, "350여명", title=d.title, outlet=d.outlet, date=d.date)
    html = render.sources_panel(answer_with([c]), {d.doc_id: d}, {c.chunk_id: (0, 40)}, key="2")
    tags = parse(html)
    ids = [a["id"] for _, a in tags.tags if "id" in a]
    assert ids == ["cite-2-1", "art-2-1"]
    assert ("a", {"class": "open-article", "href": "#art-2-1"}) in tags.tags
    assert "WeGO 총회" in tags.text and "뉴시스" in tags.text and "2019-06-28" in tags.text
    article_mark = next(m for m in tags.marks if m.get("id") == "art-2-1")
    assert article_mark["text"] == c.quote


def answer_with(citations, abstained=False, language="ko", passages=()):
    return Answer("q", language, "답 [1]", abstained, tuple(citations), tuple(passages), timings=Timings(12, 2400, 4100),
                  backend="embedded", model="qwen2.5-coder-1.5b-instruct-q4_k_m")


def test_abstention_shows_nearest_passages_labelled_in_the_question_language():
    d = doc()
    hit = Hit(Chunk("002_x#0", d.doc_id, 0, 20, d.text[0:20]), 0.5, 1)
    for language, label in (("ko", "가장 가까운 구절"), ("en", "Nearest passages (no answer found)")):
        html = render.sources_panel(answer_with([], True, language, [hit]), {d.doc_id: d}, {}, key="1")
        assert label in parse(html).text
        assert d.text[0:20] in parse(html).text
        assert parse(html).marks == []  # nothing is claimed, so nothing is highlighted


def test_citation_of_an_unknown_document_is_not_shown():
    d = doc()
    html = render.sources_panel(answer_with([cite(1, d, "350여명")]), {}, {}, key="1")
    assert "source-card" not in html


def test_status_line_names_backend_model_index_and_timings():
    html = render.status_html("5 documents, 120 chunks", answer_with([]), notice="<b>x</b>")
    text = parse(html).text
    assert "embedded · qwen2.5-coder-1.5b-instruct-q4_k_m" in text
    assert "5 documents, 120 chunks" in text and "first token 2.4 s" in text and "total 4.1 s" in text
    assert "<b>x</b>" in text and ("b", {}) not in parse(html).tags


def test_eval_tables_escape_questions_and_answers():
    summary = {"n": 2, "k": 5, "hit_at_1": 0.5, "hit_at_k": 1.0, "recall_at_k": 1.0, "mrr": 0.75, "ndcg_at_k": 0.8,
               "latency_ms": {"retrieval": {"p50": 30.0, "p95": 41.0}}, "by_language": {}}
    html = render.eval_summary_html(summary)
    assert "hit@5" in html and "0.750" in html and "30 ms / 41 ms" in html
    failure = {"id": "x", "question": EVIL, "accepted": ["350"], "answer": EVIL,
               "citations": [{"n": 1, "doc_id": "002_x", "quote": EVIL}]}
    html = render.eval_failures_html([failure], retrieval_only=False)
    assert not {"script", "img"} & {tag for tag, _ in parse(html).tags}
    assert parse(html).text.count("<script>alert(1)</script>") == 3


def test_the_fact_span_is_marked_inside_the_cited_sentence():
    d = doc()
    c = cite(2, d, "총회에는 350여명이 참석한다.")
    span = (d.text.index("350여명"), d.text.index("350여명") + len("350여명"))
    html = render.highlighted(d.text, c.start, c.end, (0, 60), d.doc_id, span=span)
    cited, fact = parse(html).marks
    assert cited["class"] == "cited" and fact["class"] == "fact" and cited["text"] == c.quote
    assert fact["text"] == "350여명" and (int(fact["data-start"]), int(fact["data-end"])) == span
    assert parse(html).text == d.text[0:60]  # nothing lost or added around the nested marks
    outside = render.highlighted(d.text, c.start, c.end, (0, 60), d.doc_id, span=(0, 3))
    assert len(parse(outside).marks) == 1  # a span outside the sentence is never drawn


def test_a_failed_answer_shows_the_partial_text_and_the_error_in_red_escaped():
    answer = Answer("q", "en", "About 350 <b>people</b> …(incomplete: the answer was cut off)", False,
                    error="the answer from Ollama at http://127.0.0.1:9 broke off after 32 characters (<eof>)")
    shown = render.failed_answer_html(answer)
    parser = Tags()
    parser.feed(shown)
    assert [tag for tag, _ in parser.tags] == ["div", "div"]  # model text and error are escaped, never markup
    assert parser.tags[1][1]["class"] == "error-line"
    assert "About 350 <b>people</b> …(incomplete: the answer was cut off)" in parser.text
    assert "⚠ the answer from Ollama at http://127.0.0.1:9 broke off after 32 characters (<eof>)" in parser.text
    status = render.status_html("5 documents", replace(answer, notes=(f"error: {answer.error}",)))
    assert status.count("broke off") == 1 and 'class="st-error"' in status


def test_queue_note_is_silent_while_a_slot_is_free_and_gives_the_place_in_line_otherwise():
    assert render.queue_note(waiting=0, running=1, slots=2) == ""
    assert "position 1 (2 being answered)" in render.queue_note(waiting=0, running=2, slots=2)
    note = render.queue_note(waiting=3, running=2, slots=2)
    assert "position 4" in note and "대기 순번 4" in note and "\n" not in note


def test_queue_full_and_eval_busy_are_one_line_each_saying_what_to_do():
    full = render.queue_full_text(64)
    assert "64" in full and "again" in full and "\n" not in full
    busy = render.eval_busy_text(waiting=1, running=2)
    assert "Eval not started" in busy and "2 being answered, 1 waiting" in busy and "idle" in busy and "\n" not in busy


def test_the_reading_panel_shows_each_passage_with_its_best_sentence_marked():
    from rag.types import Evidence, Retrieved, Sentence

    d = doc()
    chunk = Chunk("002_x#0", d.doc_id, 0, 40, d.text[0:40])
    best = d.text.index("총회에는")
    sentence = Sentence(1, chunk.chunk_id, d.doc_id, best, best + len("총회에는 350여명이 참석한다."), "총회에는 350여명이 참석한다.")
    retrieved = Retrieved("WeGO 총회에는 몇 명이?", "ko", (Hit(chunk, 0.9, 1),), (Evidence(1, sentence, 0.8),), 12.0)
    html = render.reading_panel(retrieved, {d.doc_id: d})
    (mark,) = parse(html).marks
    assert mark["text"] == sentence.text and "읽는 중" in html and 'class="source-card reading"' in html
    assert render.progress_text(retrieved, writing=False) == "구절 1개를 읽는 중…"


def test_newest_first_orders_sources_by_date_undated_last_ties_by_number():
    d = doc()
    old, new, undated, same_day = (cite(1, d, "350여명", date="2018-10-04"), cite(2, d, "350여명", date="2024-07-30"),
                                   cite(3, d, "350여명"), cite(4, d, "350여명", date="2024-07-30"))
    assert [c.n for c in render.newest_first([old, new, undated, same_day])] == [2, 4, 1, 3]
    assert render.newest_first([]) == []


def test_sources_panel_lists_newest_first():
    older = doc(date="2018-10-04")
    newer = Document("003_y", "seeds/003_y.txt", TEXT, "1" * 64, date="2024-07-30")
    c1, c2 = cite(1, older, "350여명", date=older.date), cite(2, newer, "350여명", date=newer.date)
    html = render.sources_panel(answer_with([c1, c2]), {older.doc_id: older, newer.doc_id: newer}, {}, key="1")
    assert html.index('data-n="2"') < html.index('data-n="1"')


def test_pdf_citation_names_its_page_and_others_do_not():
    text = "첫 페이지 문장이다.\n\n둘째 페이지에는 예산 120억 원이 적혀 있다."
    pdf = Document("report", "report.pdf", text, "0" * 64, date="2024-03-15", pages=(0, text.index("둘째")),
                   source_format="pdf")
    html = render.sources_panel(answer_with([cite(1, pdf, "120억 원", date=pdf.date)]), {"report": pdf}, {}, key="1")
    assert '<span class="src-page">p. 2</span>' in html and "2024-03-15" in parse(html).text
    plain = render.sources_panel(answer_with([cite(1, doc(), "350여명")]), {"002_x": doc()}, {}, key="1")
    assert "src-page" not in plain
