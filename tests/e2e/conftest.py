"""Fixtures: the real app (real models, embedded LLM, no Ollama) and Debian's Chromium.

The `app` fixture is in tests/conftest.py (shared with the concurrency test). Chromium is launched
through Playwright's `executable_path`: no browser is downloaded at test time.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.app_server import CHROMIUM, CHROMIUM_ARGS


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: `apt-get install chromium` (or `make chromium`)")
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    """A fresh browser session; records dialogs (none may fire) and every request URL."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.dialogs = []
    page.requests = []
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.on("request", lambda r: page.requests.append(r.url))
    yield page
    context.close()
