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
    entry = next(e for e in feed.entries if e.title.startswith("Intensive Outpatient Therapy"))
    body = entry.content[0].value if "content" in entry else entry.description
    # Full text, not a summary: the last paragraph of the article is there.
    assert "no shame in seeking professional help" in body
    assert entry.link == f"{site.url}/intensive-outpatient-therapy-program/"
    assert "?" not in entry.link  # no tracking query string


def test_feeds_are_linked_from_every_page(site):
    links = site.soup("").select('link[rel="alternate"]')
    assert {link["type"] for link in links} == {"application/atom+xml", "application/rss+xml"}
    for link in links:
        assert site.path(link["href"].removeprefix(site.url)).exists()


def test_category_feed(site):
    parsed = feedparser.parse(site.path("feeds/category/treatment-options.atom.xml").read_bytes())
    assert parsed.bozo == 0 and len(parsed.entries) == 1
