"""Metadata is text everywhere; the Markdown body stays HTML; typogrify never double-escapes.

The fixture post tests/fixtures/content/escaping-test-post.md has hostile markup in its
title, summary, category, tags and author.
"""

from __future__ import annotations

import feedparser
from test_content import normalise

POST = "escaping-test-post/"
TITLE = """<script>alert(1)</script> "x" & 'y'"""


def text(node) -> str:
    return normalise(node.get_text())


def test_title_is_literal_text_in_heading_and_title_tag(site):
    soup = site.soup(POST)
    assert text(soup.select_one("main h1")) == TITLE
    assert normalise(soup.title.get_text()).startswith(TITLE)
    # The markup became text: no element was created from it.
    assert not soup.select("main h1 script, head title script")


def test_no_script_element_from_metadata_on_any_page(site):
    for path in site.html_files():
        html = path.read_text(encoding="utf-8")
        assert "<script>alert" not in html, path
        assert "<b>Tests</b>" not in html and "<i>tag</i>" not in html and "<em>Tester" not in html


def test_metadata_attributes_are_text(site):
    soup = site.soup(POST)
    assert normalise(soup.select_one('meta[name="description"]')["content"]) == (
        'Summary with <script>alert(2)</script> & "quotes".'
    )


def test_category_tags_author_are_text_on_their_pages(site):
    soup = site.soup(POST)
    meta = text(soup.select_one("main .post-meta"))
    assert "<b>Tests</b> & Checks" in meta
    assert '<em>Tester</em> "Q"' in meta
    tags = {text(a) for a in soup.select("main a[rel=tag]")}
    assert {"<i>tag</i>", "a & b"} <= tags
    category_page = site.soup("category/tests-checks/")
    assert text(category_page.select_one("main h1")) == "Category: <b>Tests</b> & Checks"
    assert "<b>Tests</b> & Checks" in normalise(category_page.title.get_text())


def test_body_markdown_stays_html(site):
    body = site.soup(POST).select_one("main .prose")
    assert body.select_one("strong").get_text() == "body"
    assert body.select_one("em").get_text() == "HTML"


def test_typogrify_ran_without_double_escaping(site):
    html = site.path(POST).read_text(encoding="utf-8")
    assert "&amp;amp;" not in html and "&amp;lt;" not in html and "&amp;#" not in html
    # typogrify curled the quotes of the title.
    assert "&#8220;x&#8221;" in html or "“x”" in html


def test_feeds_carry_the_title_as_text(site):
    for feed in ("feeds/all.atom.xml", "feeds/all.rss.xml"):
        parsed = feedparser.parse(site.path(feed).read_bytes())
        titles = [normalise(entry.title) for entry in parsed.entries]
        assert TITLE in titles, feed
