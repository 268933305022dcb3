"""HTML bytes -> the page's main text and metadata (trafilatura).

trafilatura finds the article among menus, ads, share bars and comment
threads by structure and text density, so no per-site lists are needed.
Scripts, styles and comments are never part of its output; the text stays
untrusted and is only ever shown escaped. The date is read only from the
page's declared publication metadata (meta tags, itemprop, JSON-LD), not
through htmldate: even in its fast mode htmldate took "announced on
2021-07-01" from the prose of an undated page (tests/unit/test_ingest_formats.py).
"""

from __future__ import annotations

import json
import logging

import lxml.html
import trafilatura
from lxml.etree import ParserError

from rag.ingest.extracted import BadContent, Extracted, iso_date, paragraphs_text

# Names under which pages declare when an article was published (meta name/property/itemprop).
PUBLISHED_NAMES = frozenset({
    "article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate", "publish-date",
    "date", "dc.date", "dc.date.issued", "dcterms.issued", "dcterms.created", "sailthru.date", "parsely-pub-date",
})

# trafilatura logs its fallbacks and discarded elements; our one-line reasons say what matters.
logging.getLogger("trafilatura").setLevel(logging.ERROR)
logging.getLogger("htmldate").setLevel(logging.ERROR)


# Text a reader never sees (trafilatura already drops display:none and aria-hidden): planted
# instructions hide there. Hiding by CSS class cannot be seen without the stylesheet.
HIDDEN = ("//*[@hidden]", "//*[contains(translate(@style, ' ', ''), 'visibility:hidden')]",
          "//*[contains(translate(@style, ' ', ''), 'display:none')]")


def extract_html(data: bytes) -> Extracted:
    try:
        page = trafilatura.bare_extraction(
            data, include_comments=False, include_tables=True, include_images=False, include_links=False,
            with_metadata=True, prune_xpath=list(HIDDEN),
        )
    except (ValueError, TypeError) as err:
        raise BadContent(f"unreadable HTML ({type(err).__name__})") from None
    text = paragraphs_text((page.text or "").split("\n")) if page is not None else ""
    if not text:
        raise BadContent("no article text found in the HTML page")
    return Extracted(text=text, title=_field(page.title), outlet=_field(page.sitename) or _field(page.author),
                     date=published_date(data))


def _field(value: object) -> str:
    return " ".join(str(value).split()) if value else ""


def published_date(data: bytes) -> str:
    """YYYY-MM-DD from the page's declared publication date, "" when it declares none."""
    try:
        tree = lxml.html.fromstring(data)
    except (ParserError, ValueError):
        return ""
    for element in tree.iter("meta", "time", "span", "div", "p", "abbr"):
        name = (element.get("property") or element.get("name") or element.get("itemprop") or "").strip().lower()
        if name in PUBLISHED_NAMES and (date := iso_date(element.get("content") or element.get("datetime") or "")):
            return date
    return _json_ld_date(tree)


def _json_ld_date(tree) -> str:
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        try:
            found = _find_key(json.loads(script.text or ""), "datePublished")
        except (ValueError, RecursionError):
            continue
        if date := iso_date(found):
            return date
    return ""


def _find_key(value: object, key: str) -> object:
    """The first value under `key` anywhere in parsed JSON-LD (articles sit inside @graph lists)."""
    if isinstance(value, dict):
        if key in value:
            return value[key]
        value = list(value.values())
    if isinstance(value, list):
        for item in value:
            if (found := _find_key(item, key)) is not None:
                return found
    return None
