"""Metadata is text everywhere; the Markdown body stays HTML; typogrify never double-escapes.

The fixture post tests/fixtures/content/escaping-test-post.md has hostile markup in its
title, summary, category, tags and author.
"""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import feedparser
from conftest import normalise

POST = "escaping-test-post/"
TITLE = """<script>alert(1)</script> "x" & 'y'"""


def text(node) -> str:
    return normalise(node.get_text())


def raw_title(path: Path) -> str:
    """What a page's file holds between `<title>` and `</title>`, unparsed. An HTML parser
    returns the text of <title> as written (it holds no elements), so `<script>` and
    `&lt;script&gt;` read the same through lxml: only the bytes tell them apart."""
    titles = re.findall(r"<title>(.*?)</title>", path.read_text(encoding="utf-8"), re.S)
    assert len(titles) == 1, f"{path}: {len(titles)} <title> elements"
    return titles[0]


def test_title_is_literal_text_in_heading_and_title_tag(site):
    soup = site.soup(POST)
    assert text(site.one(soup, "main h1")) == TITLE
    assert not soup.select("main h1 script, main h1 b"), "markup in the title became elements"
    title = raw_title(site.path(POST))
    assert "<" not in title and ">" not in title, f"unescaped markup in <title>: {title}"
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in title
    assert normalise(unescape(title)).startswith(TITLE)


def test_no_page_has_markup_in_its_title(site):
    pages = site.html_files()
    assert len(pages) > 15
    for path in pages:
        title = raw_title(path)
        assert "<" not in title and ">" not in title, f"{path}: <title>{title}</title>"


def test_no_script_element_from_metadata_on_any_page(site):
    pages = site.html_files()
    assert len(pages) > 15
    for path in pages:
        html = path.read_text(encoding="utf-8")
        assert "<script>alert" not in html, path
        assert "<b>Tests</b>" not in html and "<i>tag</i>" not in html and "<em>Tester" not in html


def test_metadata_attributes_are_text(site):
    description = site.one(POST, 'meta[name="description"]')
    assert normalise(description["content"]) == 'Summary with <script>alert(2)</script> & "quotes".'


def test_category_tags_author_are_text_on_their_pages(site):
    soup = site.soup(POST)
    meta = text(site.one(soup, "main .post-meta"))
    assert "<b>Tests</b> & Checks" in meta
    assert '<em>Tester</em> "Q"' in meta
    tags = {text(a) for a in soup.select("main a[rel=tag]")}
    assert {"<i>tag</i>", "a & b"} <= tags
    category = "category/tests-checks/"
    assert text(site.one(category, "main h1")) == "Category: <b>Tests</b> & Checks"
    title = raw_title(site.path(category))
    assert "&lt;b&gt;Tests&lt;/b&gt; &amp; Checks" in title, title


def test_body_markdown_stays_html(site):
    body = site.one(POST, "main .prose")
    assert site.one(body, "strong").get_text() == "body"
    assert site.one(body, "em").get_text() == "HTML"


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
