"""The theme is our own, complete, and keeps its promises: one stylesheet, system fonts,
dark mode, print styles, reduced motion, visible focus. Nothing from another host is checked
in the built pages, where settings have been expanded (test_third_party.py)."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT, browser_page, kept_page

THEME = ROOT / "theme"
TEMPLATES = [
    "base",
    "index",
    "article",
    "page",
    "category",
    "tag",
    "archives",
    "tags",
    "categories",
    "period_archives",
    "404",
    "search",
]
# List pages share one layout, which extends base.html: a header with the title, then the list.
LISTS = {"index", "category", "tag", "archives", "tags", "categories"}
LISTS |= {"period_archives", "404", "search"}


def stylesheet() -> str:
    sheets = sorted((THEME / "static").rglob("*.css"))
    assert [p.name for p in sheets] == ["style.css"], "the theme has exactly one stylesheet"
    return sheets[0].read_text(encoding="utf-8")


@pytest.mark.parametrize("name", TEMPLATES)
def test_every_template_exists_and_extends_base(name):
    source = (THEME / "templates" / f"{name}.html").read_text(encoding="utf-8")
    if name != "base":
        layout = "listing.html" if name in LISTS else "base.html"
        assert source.startswith(f'{{% extends "{layout}" %}}')
    listing = (THEME / "templates" / "listing.html").read_text(encoding="utf-8")
    assert listing.startswith('{% extends "base.html" %}')


def test_stylesheet_features():
    css = stylesheet()
    assert re.search(r":root\s*{[^}]*--bg:", css), "colours are custom properties"
    assert "@media screen and (prefers-color-scheme: dark)" in css  # print stays light
    assert "@media print" in css
    assert "@media (prefers-reduced-motion: reduce)" in css
    assert ":focus-visible" in css
    assert re.search(r"font-family:\s*var\(--font\)", css) and "system-ui" in css
    assert "@font-face" not in css and "@import" not in css


def test_no_site_specific_strings_in_templates():
    templates = sorted((THEME / "templates").rglob("*.html"))
    assert len(templates) > len(TEMPLATES), "the templates and their partials"
    for path in templates:
        text = path.read_text(encoding="utf-8")
        assert "Keeping Your Calm" not in text and "localhost" not in text, path


def test_skip_link_and_focus_are_visible(browser, site):
    with browser_page(browser, viewport={"width": 390, "height": 844}) as page:
        page.goto(site.url + "/about/")
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => { const e = document.activeElement, r = e.getBoundingClientRect(),
                       s = getComputedStyle(e);
                       return {cls: e.className, top: r.top, height: r.height,
                               outline: parseFloat(s.outlineWidth), style: s.outlineStyle}; }"""
        )
        assert focused["cls"] == "skip-link"
        assert focused["top"] >= 0 and focused["height"] > 0, "the skip link shows when focused"
        assert focused["outline"] >= 2 and focused["style"] != "none"
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "main"


MEDIA = """() => ({print: matchMedia('print').matches,
          dark: matchMedia('(prefers-color-scheme: dark)').matches,
          forced: matchMedia('(forced-colors: active)').matches,
          reduce: matchMedia('(prefers-reduced-motion: reduce)').matches,
          width: innerWidth, height: innerHeight, url: location.href})"""


def test_a_kept_tab_starts_each_use_as_a_fresh_tab_would(browser, site):
    """conftest.kept_page: what one test emulated in the tab is gone for the next."""
    with kept_page(browser, viewport={"width": 320, "height": 568}, color_scheme="dark") as page:
        page.emulate_media(media="print", forced_colors="active", reduced_motion="reduce")
        page.goto(f"{site.url}/help/")
        assert page.evaluate(MEDIA) == {
            **dict(print=True, dark=True, forced=True, reduce=True, width=320, height=568),
            "url": f"{site.url}/help/",
        }
    with kept_page(browser) as page:
        kept = page.evaluate(MEDIA)
    with browser_page(browser) as page:
        assert kept == page.evaluate(MEDIA)  # a fresh tab: light, screen, 1280x720, blank


def test_the_recording_tab_gets_every_file_whole_from_the_server(site, page):
    """conftest's `page`: the browser's cache is off, so a second visit records the same
    requests as the first, each answered 200 (a 304 has no body to measure)."""
    seen = []
    for _visit in range(2):
        page.requests, page.responses = [], []
        page.goto(f"{site.url}/search/", wait_until="networkidle")
        seen.append(sorted((r.url, r.status) for r in page.responses))
    assert seen[0] == seen[1], seen
    assert {status for _url, status in seen[1]} == {200}, seen[1]
    assert any(url.endswith("/theme/js/search.js") for url, _status in seen[1]), seen[1]
