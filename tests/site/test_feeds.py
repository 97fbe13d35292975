"""Atom and RSS feeds that a feed reader accepts, with the full text of every post."""

from __future__ import annotations

import feedparser
import pytest

FEEDS = ["feeds/all.atom.xml", "feeds/all.rss.xml"]


@pytest.fixture(scope="module", params=FEEDS)
def feed(request, site):
    return feedparser.parse(site.path(request.param).read_bytes())


def test_feed_parses_without_error(feed):
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version in {"atom10", "rss20"}
    assert feed.feed.title == "Keeping Your Calm In Counseling"


def test_feed_has_full_content_and_absolute_links(feed, site):
    entries = [e for e in feed.entries if e.title.startswith("Intensive Outpatient Therapy")]
    assert len(entries) == 1, [e.title for e in feed.entries]
    (entry,) = entries
    body = entry.content[0].value if "content" in entry else entry.description
    # Full text, not a summary: the last paragraph of the article is there.
    assert "no shame in seeking professional help" in body
    assert entry.link == f"{site.url}/intensive-outpatient-therapy-program/"
    assert "?" not in entry.link  # no tracking query string


def test_feeds_are_linked_from_every_page(site):
    types = {"application/atom+xml": FEEDS[0], "application/rss+xml": FEEDS[1]}
    expected = {kind: f"{site.url}/{feed}" for kind, feed in types.items()}
    assert all(site.path(feed).is_file() for feed in FEEDS)
    pages = site.html_files()
    assert len(pages) > 15
    for path in pages:
        rel = path.relative_to(site.output).as_posix()
        links = site.soup(rel).select('link[rel="alternate"][type][href]')
        found = {link["type"]: link["href"] for link in links}
        assert len(links) == 2 and found == expected, rel


def test_category_feed(site):
    parsed = feedparser.parse(site.path("feeds/category/treatment-options.atom.xml").read_bytes())
    assert parsed.bozo == 0 and len(parsed.entries) == 1
