"""Feeds by the rules the W3C Feed Validation Service applies, not only feedparser's.

RSS 2.0 (the specification's <guid> section): "isPermaLink is optional, its default value is
true. If its value is false, the guid may not be assumed to be a url"; when it is true, "the
reader may assume that it is a permalink to the item, that is, a url that can be opened in a
Web browser". The validator reports a tag: or urn:uuid: guid without isPermaLink="false" as
an error. Read with a real XML parser."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

from bs4 import BeautifulSoup

ATOM = "{http://www.w3.org/2005/Atom}"


def rss_items(site) -> list[ET.Element]:
    root = ET.parse(site.path("feeds/all.rss.xml")).getroot()
    assert root.tag == "rss" and root.get("version") == "2.0"
    items = root.findall("./channel/item")
    assert len(items) == 3
    return items


def test_every_rss_guid_is_a_permalink_or_says_it_is_not(site):
    for item in rss_items(site):
        guid = item.find("guid")
        value, permalink = guid.text, guid.get("isPermaLink", "true")
        assert permalink in {"true", "false"}
        if permalink == "true":  # a URL a browser can open: the item's own page
            assert urlsplit(value).scheme in {"http", "https"}, value
            assert value == item.findtext("link")
            assert site.path(urlsplit(value).path).is_file()
        else:
            assert value.startswith("tag:"), value


def test_rss_guids_are_stable_tag_uris_marked_not_permalinks(site):
    """The ids stay the tag: URIs the Atom feed uses, so a reader never sees a post twice."""
    atom = ET.parse(site.path("feeds/all.atom.xml")).getroot()
    atom_ids = {entry.findtext(f"{ATOM}id") for entry in atom.findall(f"{ATOM}entry")}
    guids = [item.find("guid") for item in rss_items(site)]
    assert {guid.get("isPermaLink") for guid in guids} == {"false"}
    assert {guid.text for guid in guids} == atom_ids
    assert len({guid.text for guid in guids}) == len(guids)


def test_rss_channel_has_a_description(site):
    root = ET.parse(site.path("feeds/all.rss.xml")).getroot()
    description = root.findtext("./channel/description")
    assert description == site.soup("").select_one('meta[name="description"]')["content"]
    atom = ET.parse(site.path("feeds/all.atom.xml")).getroot()
    assert atom.findtext(f"{ATOM}subtitle") == description


def test_feed_self_links_are_the_addresses_pages_give(site):
    head = BeautifulSoup(site.path("").read_text(encoding="utf-8"), "lxml")
    for kind, path in (("rss", "feeds/all.rss.xml"), ("atom", "feeds/all.atom.xml")):
        root = ET.parse(site.path(path)).getroot()
        (self_link,) = [link for link in root.iter(f"{ATOM}link") if link.get("rel") == "self"]
        assert self_link.get("href") == f"{site.url}/{path}"
        assert (
            head.select_one(f'link[type="application/{kind}+xml"]')["href"] == f"{site.url}/{path}"
        )
