"""The running app in Chromium: answers with chips, exact highlights, abstention, eval tab, escaping.

These check what the app shows; whether the model's answer is right is checked
by the pipeline's own integration tests and the eval guard.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.app_server import app_env, build_index, screenshot, start_app, stop_app

pytestmark = pytest.mark.e2e

ANSWER_TIMEOUT_MS = 300_000  # first question loads both models on a shared 2-core machine
EVIL_SEED = """Example City council meeting

The Example City council met on 3 May 2024 and 42 members attended the meeting. <script>alert(1)</script> The council also approved a new park <img src=x onerror="window.__pwned=1;alert(2)"> near the river.

The mayor of Example City said the new park will open in 2026 after two years of work.
"""


@pytest.fixture(scope="session")
def documents(app):
    """The cleaned documents of the index the app serves (read after the app built it)."""
    from rag.config import load_settings
    from rag.index import load_index

    return load_index(load_settings()).documents


def ask(page, url: str, question: str) -> None:
    page.goto(url)
    box = page.locator("#question textarea")
    box.fill(question)
    box.press("Enter")
    expect(page.locator("#status")).to_contain_text("Answered by", timeout=ANSWER_TIMEOUT_MS)


def check_chip_opens_exact_span(page, documents) -> dict:
    """Click the first chip; the selected card's <mark> must be exactly doc.text[start:end]."""
    chip = page.locator("#chatbot .cite-chip").first
    expect(chip).to_be_visible()
    href = chip.get_attribute("href")
    assert re.fullmatch(r"#cite-\d+-\d+", href)
    chip.click()
    expect(page).to_have_url(re.compile(re.escape(href) + "$"))
    expect(page.locator("#sources .source-card:target")).to_have_attribute("id", href[1:])
    card = page.locator(f"#sources .source-card#{href[1:]}")  # stays put when the hash moves on
    mark = card.locator(".passage mark.cited")
    expect(mark).to_have_count(1)
    span = {k: mark.get_attribute(f"data-{k}") for k in ("doc", "start", "end")}
    text = documents[span["doc"]].text
    assert mark.text_content() == text[int(span["start"]) : int(span["end"])]
    check_fact_span(mark, text, span)
    check_whole_article(page, card, mark.text_content())
    return span


def check_fact_span(mark, text: str, sentence: dict) -> None:
    """Inside the cited sentence, the fact's own span is marked, visible, and exactly the text at its offsets."""
    fact = mark.locator("mark.fact")
    expect(fact).to_have_count(1)
    expect(fact).to_be_visible()
    start, end = int(fact.get_attribute("data-start")), int(fact.get_attribute("data-end"))
    assert int(sentence["start"]) <= start < end <= int(sentence["end"])
    assert fact.text_content() == text[start:end]
    colours = fact.evaluate("m => [getComputedStyle(m).backgroundColor, getComputedStyle(m.parentElement).backgroundColor]")
    assert colours[0] != colours[1], "the fact span is not told apart from its sentence"


def check_whole_article(page, card, quote: str) -> None:
    """The article view opens on the same span, scrolled into its box."""
    card.locator(".open-article").click()
    mark = card.locator("details.article mark.cited")
    expect(mark).to_be_visible()
    assert mark.text_content() == quote
    inside = mark.evaluate(
        "m => { const box = m.closest('.article-text').getBoundingClientRect(), r = m.getBoundingClientRect();"
        " return r.top >= box.top - 1 && r.top < box.bottom; }"
    )
    assert inside, "the highlighted span is not scrolled into the article view"


def test_korean_answer_cites_and_highlights_the_exact_span(app, page, documents):
    ask(page, app.url, "WeGO 총회에는 몇 명이 참석했나요?")
    span = check_chip_opens_exact_span(page, documents)
    screenshot(page, "korean_answer_highlighted_source")
    assert span["doc"] == "002_d32cad0dd2ba4f1c"
    expect(page.locator("#status")).to_contain_text("embedded")
    outside = [u for u in page.requests if not u.startswith(app.url)]
    assert outside == [], f"the page fetched from elsewhere: {outside[:5]}"
    assert page.dialogs == []


def test_english_answer_cites_and_highlights_the_exact_span(app, page, documents):
    ask(page, app.url, "When did Chongqing's mayor Hu Henghua take office?")
    span = check_chip_opens_exact_span(page, documents)
    screenshot(page, "english_answer_highlighted_source")
    assert span["doc"] == "001_f7f4b121435f6b6b"


def test_abstention_shows_nearest_passages(app, page):
    ask(page, app.url, "What is the GDP of Kuala Lumpur?")
    expect(page.locator("#sources")).to_contain_text("Nearest passages (no answer found)")
    expect(page.locator("#sources .source-card.nearest").first).to_be_visible()
    expect(page.locator("#chatbot .cite-chip")).to_have_count(0)
    screenshot(page, "english_abstention_nearest_passages")


def test_follow_up_and_clear_chat(app, page):
    ask(page, app.url, "WeGO 총회에는 몇 명이 참석했나요?")
    box = page.locator("#question textarea")
    box.fill("그 총회는 어디에서 열렸나요?")
    box.press("Enter")
    # The second answer's sources (cited, or nearest when it abstains) replace the first's.
    second = page.locator('#sources [id^="cite-2-"], #sources .nearest-passages')
    expect(second.first).to_be_visible(timeout=ANSWER_TIMEOUT_MS)
    expect(page.locator('#chatbot [data-testid="bot"]')).to_have_count(2)
    page.locator("#clear").click()
    expect(page.locator("#chatbot .cite-chip")).to_have_count(0)
    expect(page.locator("#sources .source-card")).to_have_count(0)


def test_eval_tab_shows_a_finished_retrieval_run(app, page):
    page.goto(app.url)
    page.get_by_role("tab", name="Evaluation · 평가").click()
    page.locator("#eval-split input").click()  # one split: the whole set is minutes of retrieval on CI
    page.get_by_role("option", name="test", exact=True).click()
    page.locator("#eval-run").click()
    expect(page.locator("#eval-note")).to_contain_text(re.compile(r"Finished: \d+ questions of the test split"), timeout=ANSWER_TIMEOUT_MS)
    expect(page.locator("#eval-summary table")).to_contain_text("hit@1")
    expect(page.locator("#eval-charts img").first).to_be_visible()
    screenshot(page, "eval_tab_retrieval_run")


@pytest.fixture(scope="module")
def evil_app(tmp_path_factory):
    """The app over a seeds folder whose only document carries <script> and <img onerror>."""
    root = tmp_path_factory.mktemp("evil")
    (root / "seeds").mkdir()
    (root / "seeds" / "900_evil.txt").write_text(EVIL_SEED, encoding="utf-8")
    env = app_env(RAG_SEEDS_DIR=str(root / "seeds"), RAG_INDEX_DIR=str(root / "index"))
    build_index(env, root / "app.log")
    running = start_app(env, root / "app.log")
    yield running
    stop_app(running)


def test_script_in_a_document_is_shown_as_text_and_runs_nothing(evil_app, page):
    ask(page, evil_app.url, "How many members attended the Example City council meeting?")
    sources = page.locator("#sources")
    assert "<script>alert(1)</script>" in sources.text_content()
    assert 'onerror="window.__pwned=1;alert(2)"' in sources.text_content()
    assert page.locator("#sources script, #sources img, #chatbot img").count() == 0
    if page.locator("#sources details.article").count():  # cited: open the article view too
        page.locator("#sources details.article summary").first.click()
    page.wait_for_timeout(500)
    assert page.evaluate("window.__pwned") is None
    assert page.dialogs == []
    screenshot(page, "untrusted_document_as_text")


def test_sources_panel_fills_before_the_first_answer_token(app, page):
    page.goto(app.url)
    box = page.locator("#question textarea")
    box.fill("취리히주의 면적은 얼마인가요?")
    box.press("Enter")
    # Polled every frame: the chat's text at the first moment the passages being read appear.
    chat_then = page.wait_for_function(
        "() => document.querySelector('#sources .reading-passages .source-card mark.cited')"
        " ? document.querySelector('#chatbot').innerText : null",
        timeout=ANSWER_TIMEOUT_MS,
    ).json_value()
    screenshot(page, "sources_before_the_answer")
    assert chat_then.strip().endswith("…"), f"an answer token came before the sources: {chat_then!r}"
    expect(page.locator("#status")).to_contain_text("Answered by", timeout=ANSWER_TIMEOUT_MS)
    expect(page.locator("#sources .reading-passages")).to_have_count(0)  # replaced by the answer's own sources
