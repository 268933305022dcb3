"""Pure rendering helpers for the chat app: records in, HTML strings out.

Everything that comes from a document or from the model is untrusted: it is
HTML-escaped here, in one place, before Gradio sees it (gr.HTML does not
sanitize). Highlights are built from the citation's exact `start`/`end`
offsets into the cleaned document text, never by searching for the quote.

Anchors: every answer gets a key (its ordinal in the conversation), so a chip
`#cite-<key>-<n>` of an older answer never jumps to the current answer's card.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence

from rag.types import Answer, Citation, Document, Evidence, Hit, Retrieved, page_at

MARKER = re.compile(r"\[(\d{1,3})\]")

NEAREST_LABEL = {"ko": "가장 가까운 구절 (답을 찾지 못함)", "en": "Nearest passages (no answer found)"}
SOURCES_LABEL = {"ko": "출처", "en": "Sources"}
ARTICLE_LABEL = {"ko": "기사 전체", "en": "Whole article"}
SHOW_IN_ARTICLE = {"ko": "기사에서 위치 보기 ↓", "en": "Show in the whole article ↓"}
NO_SOURCES = {"ko": "인용된 구절이 없습니다.", "en": "No passages were cited."}


def escape(text: str) -> str:
    """HTML-escape untrusted text, also neutralising Markdown link brackets.

    The chatbot renders Markdown after HTML: escaping `[`/`]` stops model
    output such as `[x](javascript:...)` from becoming a link.
    """
    return html.escape(text, quote=True).replace("[", "&#91;").replace("]", "&#93;")


def anchor(kind: str, key: str, n: int) -> str:
    return f"{kind}-{key}-{n}"


def citation_chip(citation: Citation, key: str) -> str:
    title = escape(citation.title or citation.doc_id)
    href = "#" + anchor("cite", key, citation.n)
    return f'<a class="cite-chip" href="{href}" title="{title}">{citation.n}</a>'


def answer_html(text: str, citations: Sequence[Citation], key: str) -> str:
    """Answer text with each valid `[n]` turned into a chip; others stay text."""
    by_n = {c.n: c for c in citations}
    parts: list[str] = []
    last = 0
    for match in MARKER.finditer(text):
        cited = by_n.get(int(match.group(1)))
        if cited is None:
            continue
        parts.append(escape(text[last : match.start()]))
        parts.append(citation_chip(cited, key))
        last = match.end()
    parts.append(escape(text[last:]))
    return "".join(parts)


def meta_html(title: str, outlet: str, date: str, page: int | None = None) -> str:
    """Title, outlet, date and (PDFs) page; a field that is "" or None renders nothing at all."""
    fields = [("title", title), ("outlet", outlet), ("date", date), ("page", page_label(page))]
    spans = [f'<span class="src-{name}">{escape(value)}</span>' for name, value in fields if value]
    return f'<span class="src-meta">{"".join(spans)}</span>' if spans else ""


def page_label(page: int | None) -> str:
    return f"p. {page}" if page else ""


def newest_first(citations: Sequence[Citation]) -> list[Citation]:
    """Sources in the order an answer lists them: newest date first, undated last, ties by number."""
    dated = sorted((c for c in citations if c.date), key=lambda c: c.date, reverse=True)  # stable: ties keep [n] order
    return dated + [c for c in citations if not c.date]


def highlighted(text: str, start: int, end: int, window: tuple[int, int], doc_id: str, mark_id: str = "",
                span: tuple[int, int] | None = None) -> str:
    """text[window] escaped, with exactly text[start:end] wrapped in <mark>, and inside it
    the fact's span text[span[0]:span[1]] in a second <mark class="fact">."""
    lo, hi = min(window[0], start), max(window[1], end)
    ident = f' id="{mark_id}"' if mark_id else ""
    mark = (
        f'<mark class="cited"{ident} data-doc="{escape(doc_id)}" data-start="{start}" data-end="{end}">'
        f"{_with_fact(text, start, end, span)}</mark>"
    )
    return escape(text[lo:start]) + mark + escape(text[end:hi])


def _with_fact(text: str, start: int, end: int, span: tuple[int, int] | None) -> str:
    if span is None or not start <= span[0] < span[1] <= end:
        return escape(text[start:end])
    fact = f'<mark class="fact" data-start="{span[0]}" data-end="{span[1]}">{escape(text[span[0] : span[1]])}</mark>'
    return escape(text[start : span[0]]) + fact + escape(text[span[1] : end])


def _fact_span(citation: Citation) -> tuple[int, int] | None:
    return (citation.span_start, citation.span_end) if citation.span_start >= 0 else None


def article_html(document: Document, citation: Citation, key: str, language: str) -> str:
    """The whole cleaned article, the cited span highlighted, in a collapsible box.

    The "show in article" link targets the mark; the browser opens the
    <details> and scrolls the span into view without any script.
    """
    mark_id = anchor("art", key, citation.n)
    body = highlighted(document.text, citation.start, citation.end, (0, len(document.text)), document.doc_id, mark_id,
                       _fact_span(citation))
    label = ARTICLE_LABEL.get(language, ARTICLE_LABEL["en"])
    return (
        f'<a class="open-article" href="#{mark_id}">{SHOW_IN_ARTICLE.get(language, SHOW_IN_ARTICLE["en"])}</a>'
        f'<details class="article"><summary>{label}</summary><div class="article-text">{body}</div></details>'
    )


def source_card(citation: Citation, document: Document, window: tuple[int, int], key: str, language: str) -> str:
    """One cited passage: number, metadata, the passage with its span, the article."""
    passage = highlighted(document.text, citation.start, citation.end, window, document.doc_id, span=_fact_span(citation))
    return (
        f'<div class="source-card" id="{anchor("cite", key, citation.n)}" data-n="{citation.n}">'
        f'<div class="src-head"><span class="src-n">{citation.n}</span>'
        f"{meta_html(citation.title, citation.outlet, citation.date, page_at(document, citation.start))}</div>"
        f'<div class="passage">{passage}</div>'
        f"{article_html(document, citation, key, language)}</div>"
    )


def nearest_card(hit: Hit, document: Document | None) -> str:
    meta = meta_html(document.title, document.outlet, document.date, page_at(document, hit.chunk.start)) if document else ""
    return (
        f'<div class="source-card nearest" data-chunk="{escape(hit.chunk.chunk_id)}">'
        f'<div class="src-head"><span class="src-n">{hit.rank}</span>{meta}</div>'
        f'<div class="passage">{escape(hit.chunk.text)}</div></div>'
    )


def sources_panel(
    answer: Answer,
    documents: Mapping[str, Document],
    windows: Mapping[str, tuple[int, int]],
    key: str,
) -> str:
    """The panel beside the chat: cited passages, or nearest ones when abstaining.

    `windows` maps chunk_id -> (start, end) of that chunk in its document.
    """
    lang = answer.language if answer.language in NEAREST_LABEL else "en"
    if answer.abstained or not answer.citations:
        return _nearest_panel(answer, documents, lang)
    cards = []
    for citation in newest_first(answer.citations):
        document = documents.get(citation.doc_id)
        if document is None:
            continue  # index changed under us: show nothing rather than a wrong span
        window = windows.get(citation.chunk_id, (citation.start, citation.end))
        cards.append(source_card(citation, document, window, key, lang))
    return f'<div class="sources"><h3 class="sources-label">{SOURCES_LABEL[lang]}</h3>{"".join(cards)}</div>'


def _nearest_panel(answer: Answer, documents: Mapping[str, Document], lang: str) -> str:
    label = NEAREST_LABEL[lang] if answer.abstained else NO_SOURCES[lang]
    cards = "".join(nearest_card(hit, documents.get(hit.chunk.doc_id)) for hit in answer.passages)
    return f'<div class="sources nearest-passages"><h3 class="sources-label">{label}</h3>{cards}</div>'


READING_LABEL = {"ko": "읽는 중인 구절", "en": "Reading these passages"}


def reading_panel(retrieved: Retrieved, documents: Mapping[str, Document]) -> str:
    """Shown as soon as retrieval ends, before the model writes: the passages, each with its
    best evidence sentence highlighted (the answer's own citations replace this panel)."""
    lang = retrieved.language if retrieved.language in READING_LABEL else "en"
    best: dict[str, Evidence] = {}
    for e in retrieved.evidence:  # best first: keep each passage's best sentence
        best.setdefault(e.sentence.chunk_id, e)
    cards = []
    for hit in retrieved.passages:
        document = documents.get(hit.chunk.doc_id)
        chunk, top = hit.chunk, best.get(hit.chunk.chunk_id)
        meta = meta_html(document.title, document.outlet, document.date) if document else ""
        text = (highlighted(document.text, top.sentence.start, top.sentence.end, (chunk.start, chunk.end), chunk.doc_id)
                if document and top else escape(chunk.text))
        cards.append(f'<div class="source-card reading" data-chunk="{escape(chunk.chunk_id)}">'
                     f'<div class="src-head"><span class="src-n">{hit.rank}</span>{meta}</div>'
                     f'<div class="passage">{text}</div></div>')
    return f'<div class="sources reading-passages"><h3 class="sources-label">{READING_LABEL[lang]}</h3>{"".join(cards)}</div>'


def progress_text(retrieved: Retrieved, writing: bool) -> str:
    """What is happening now, for the status line."""
    if writing:
        return "writing the answer…" if retrieved.language != "ko" else "답변을 쓰는 중…"
    n = len(retrieved.passages)
    return f"reading {n} passages…" if retrieved.language != "ko" else f"구절 {n}개를 읽는 중…"


def reasking_text(language: str, asks_model: bool = True) -> str:
    """The status line once the first reply was withdrawn: the model asked again, or the answer
    read from the text (rag/role_lookup.py)."""
    if not asks_model:
        return ("답을 근거에서 확인하지 못해 본문에서 직접 찾는 중…" if language == "ko"
                else "the first reply was not in the sources; reading the answer from the text…")
    return ("답을 근거에서 확인하지 못해 다시 묻는 중…" if language == "ko"
            else "the first reply was not in the sources; asking again…")


def empty_panel() -> str:
    return '<div class="sources empty">Sources of the answer appear here. · 답변의 출처가 여기에 표시됩니다.</div>'


def timings_text(answer: Answer) -> str:
    t = answer.timings
    return f"retrieval {t.retrieval_ms:.0f} ms · first token {t.first_token_ms / 1000:.1f} s · total {t.total_ms / 1000:.1f} s"


def index_text(documents: int, chunks: int, built: str) -> str:
    when = f", built {built}" if built else ""
    return f"{documents} documents, {chunks} chunks{when}"


def status_html(index_line: str, answer: Answer | None = None, notice: str = "") -> str:
    """One status line: index, then who answered and how fast, then notices."""
    parts = [f'<span class="st-index">Index: {escape(index_line)}</span>']
    if answer is not None:
        model = f"{answer.backend} · {answer.model}" if answer.model else answer.backend
        parts.append(f'<span class="st-model">Answered by {escape(model)}</span>')
        parts.append(f'<span class="st-time">{escape(timings_text(answer))}</span>')
        if answer.error:
            parts.append(f'<span class="st-error">⚠ {escape(answer.error)}</span>')
        parts.extend(f'<span class="st-note">{escape(note)}</span>' for note in answer.notes
                     if note != f"error: {answer.error}")
    if notice:
        parts.append(f'<span class="st-note">{escape(notice)}</span>')
    return f'<div class="status-line">{" · ".join(parts)}</div>'


def error_html(message: str) -> str:
    return f'<div class="error-line">{escape(message)}</div>'


def failed_answer_html(answer: Answer) -> str:
    """The backend failed mid-answer: what arrived (marked incomplete by the pipeline)
    and the error in red. Not an abstention, and no citation chips: nothing was verified."""
    return f'<div class="answer-incomplete">{escape(answer.text)}</div>{error_html("⚠ " + answer.error)}'


# ---------------------------------------------------------------- queue and eval guard


def queue_note(waiting: int, running: int, slots: int) -> str:
    """Where a question just sent stands: "" when a slot is free, else its place in line."""
    if waiting <= 0 and running < slots:
        return ""
    place = max(waiting, 0) + 1
    return f"Waiting in line: position {place} ({running} being answered) · 대기 순번 {place}"


def queue_full_text(size: int) -> str:
    return f"The chat is busy: {size} requests are already waiting; please ask again in a minute · 대기열이 가득 찼습니다"


def eval_busy_text(waiting: int, running: int) -> str:
    """Why an eval run did not start: chat questions come first."""
    return (f"Eval not started: chat questions come first ({running} being answered, {waiting} waiting); "
            "run it again when the chat is idle")


# ---------------------------------------------------------------- eval tab


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], css_class: str) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f'<table class="{css_class}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def eval_summary_html(summary: Mapping) -> str:
    """Metrics by row; all / ko / en by column (the same rows as the CLI's table)."""
    from rag.report import LATENCIES, fmt, fmt_ms, metric_rows, summary_columns

    columns = summary_columns(dict(summary))
    header = ["metric"] + [f"{name} (n={s['n']})" for name, s in columns]
    rows = [[escape(label)] + [escape(fmt(s.get(key))) for _, s in columns] for key, label in metric_rows(dict(summary))]
    for name in LATENCIES:
        if name in summary.get("latency_ms", {}):
            cells = [s["latency_ms"].get(name, {}) for _, s in columns]
            rows.append([f"{name} p50 / p95"] + [escape(f"{fmt_ms(c.get('p50'))} / {fmt_ms(c.get('p95'))}") for c in cells])
    return _table(header, rows, "eval-summary")


def _citations_cell(citations: Sequence[Mapping]) -> str:
    items = [f"<li>[{int(c.get('n', 0))}] {escape(str(c.get('doc_id', '')))}: “{escape(str(c.get('quote', '')))}”</li>" for c in citations]
    return f"<ul>{''.join(items)}</ul>" if items else "—"


def eval_failures_html(failures: Sequence[Mapping], retrieval_only: bool) -> str:
    """The questions that failed, each with what came back (escaped: model output)."""
    if not failures:
        return '<p class="eval-none">No failed questions.</p>'
    if retrieval_only:
        header = ["id", "question", "expected sources", "retrieved (top 3)"]
        rows = [[escape(f["id"]), escape(f["question"]), escape(", ".join(f.get("sources", []))),
                 escape(", ".join(h["doc_id"] for h in f.get("hits", [])[:3]))] for f in failures]
    else:
        header = ["id", "question", "accepted", "answer", "citations"]
        rows = [[escape(f["id"]), escape(f["question"]),
                 escape(" / ".join(f.get("accepted", [])) or "(unanswerable)"),
                 escape(f.get("answer") or ""), _citations_cell(f.get("citations", []))] for f in failures]
    return f'<p class="eval-count">{len(failures)} failed</p>' + _table(header, rows, "eval-failures")


# ---------------------------------------------------------------- styles

APP_CSS = """
.cite-chip { display:inline-block; min-width:1.4em; padding:0 .35em; margin:0 .1em; border-radius:.7em;
  background:#dbeafe; color:#1e40af !important; font-size:.8em; font-weight:600; text-align:center;
  text-decoration:none !important; vertical-align:super; line-height:1.4; }
.cite-chip:hover { background:#bfdbfe; }
.sources { font-size:.92em; }
.sources-label { margin:.2em 0 .6em; font-size:1.05em; }
.source-card { border:1px solid var(--border-color-primary); border-radius:8px; padding:.6em .8em; margin-bottom:.7em;
  scroll-margin-top:1em; }
.source-card:target, .source-card:has(:target) { border-color:#2563eb; box-shadow:0 0 0 3px #bfdbfe; }
.src-head { display:flex; gap:.5em; align-items:baseline; flex-wrap:wrap; margin-bottom:.35em; }
.src-n { background:#1e40af; color:#fff; border-radius:.7em; padding:0 .45em; font-weight:600; font-size:.85em; }
.src-meta span + span::before { content:" · "; color:var(--body-text-color-subdued); }
.src-title { font-weight:600; }
.src-outlet, .src-date, .src-page { color:var(--body-text-color-subdued); }
.passage, .article-text { white-space:pre-wrap; line-height:1.55; }
mark.cited { background:#fde68a; color:inherit; padding:0 .1em; border-radius:2px; }
mark.fact { background:#f59e0b; color:#111; font-weight:600; padding:0 .1em; border-radius:2px; }
.open-article { font-size:.85em; margin-right:.6em; }
details.article summary { cursor:pointer; font-size:.85em; color:var(--body-text-color-subdued); }
.article-text { max-height:320px; overflow:auto; border-top:1px dashed var(--border-color-primary); margin-top:.4em;
  padding-top:.4em; }
.article-text mark.cited { scroll-margin-top:2em; }
.status-line { font-size:.85em; color:var(--body-text-color-subdued); }
.error-line, .st-error { color:#b91c1c; font-weight:600; }
.answer-incomplete { color:var(--body-text-color-subdued); }
.eval-summary, .eval-failures { border-collapse:collapse; font-size:.9em; width:100%; }
.eval-summary td, .eval-summary th, .eval-failures td, .eval-failures th { border:1px solid var(--border-color-primary);
  padding:.25em .5em; text-align:left; vertical-align:top; }
.eval-failures ul { margin:0; padding-left:1em; }
"""
