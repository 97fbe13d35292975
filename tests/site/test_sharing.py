"""Sharing and search engines: canonical, description, Open Graph, Twitter cards,
JSON-LD that no metadata can break, a sitemap of exactly the published pages, robots.txt,
a favicon, and a share image per post."""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from PIL import Image

IOP = "intensive-outpatient-therapy-program/"
HOSTILE = "escaping-test-post/"  # tests/fixtures/content: markup in every metadata field
NOT_LISTED = {"404.html", "search/index.html"}  # not content: no canonical, not in the sitemap


def rel(site, path) -> str:
    return path.relative_to(site.output).as_posix()


def json_ld(soup) -> list[dict]:
    return [json.loads(s.string) for s in soup.select('script[type="application/ld+json"]')]


def published_pages(site) -> list[str]:
    pages = [
        rel(site, p)
        for p in site.html_files()
        if rel(site, p) not in NOT_LISTED and not rel(site, p).startswith("pagefind/")
    ]
    assert len(pages) > 15, "the build wrote the whole site"
    return pages


SOCIAL = ["description", "og:url", "og:title", "og:description", "og:image"]
SOCIAL += ["twitter:card", "twitter:title", "twitter:description"]


def test_every_page_has_canonical_and_social_tags(site):
    for path in published_pages(site):
        soup = site.soup(path)
        url = f"{site.url}/{path.removesuffix('index.html')}"
        assert site.one(soup, 'link[rel="canonical"][href]')["href"] == url, path
        meta = {
            m.get("property") or m.get("name"): m["content"] for m in soup.select("meta[content]")
        }
        assert [name for name in SOCIAL if name not in meta] == [], path
        assert meta["og:url"] == url, path
        assert meta["og:description"] == meta["description"] == meta["twitter:description"]
        assert meta["og:title"] and meta["twitter:title"] == meta["og:title"], path
        assert meta["twitter:card"] == "summary_large_image", path
        image = meta["og:image"].removeprefix(site.url + "/")
        assert (site.output / image).is_file(), path
        # Inline icon: no request of its own (benchmarks budget: 2 requests a page).
        assert site.one(soup, 'link[rel="icon"][href]')["href"].startswith("data:image/svg+xml,")


def test_description_is_the_summary(site):
    soup = site.soup(IOP)
    description = site.one(soup, 'meta[name="description"][content]')["content"]
    assert description.startswith("This article discusses the basics of intensive outpatient")
    assert site.one(soup, 'meta[property="og:type"][content]')["content"] == "article"
    assert site.one("", 'meta[property="og:type"][content]')["content"] == "website"


def test_hostile_metadata_stays_text_in_social_tags(site):
    title = site.one(HOSTILE, 'meta[property="og:title"][content]')["content"]
    assert " ".join(title.split()) == """<script>alert(1)</script> “x” & ‘y’"""


def test_json_ld_parses_on_every_page_and_cannot_close_its_script(site):
    seen = 0
    pages = site.html_files()
    assert len(pages) > 15
    for path in pages:
        html = path.read_text(encoding="utf-8")
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S):
            json.loads(block)
            assert "<" not in block and ">" not in block, path  # written as \u003c, \u003e
            seen += 1
    assert seen >= 4


def test_blog_posting_for_posts_website_for_home(site):
    (post,) = json_ld(site.soup(HOSTILE))
    keys = {"@type", "headline", "author", "mainEntityOfPage", "url", "datePublished", "image"}
    assert keys <= set(post), sorted(post)
    assert post["@type"] == "BlogPosting"
    assert " ".join(post["headline"].split()) == "<script>alert(1)</script> “x” & ‘y’"
    assert post["author"][0]["name"] == '<em>Tester</em> "Q"'
    assert post["mainEntityOfPage"]["@id"] == post["url"] == f"{site.url}/{HOSTILE}"
    assert post["datePublished"].startswith("2020-01-15T10:00")
    assert post["image"] == f"{site.url}/{HOSTILE}share.png"
    (home,) = json_ld(site.soup(""))
    assert {"@type", "url", "potentialAction"} <= set(home), sorted(home)
    assert home["@type"] == "WebSite" and home["url"] == site.url + "/"
    assert home["potentialAction"]["target"] == site.url + "/search/?q={search_term_string}"
    assert json_ld(site.soup("tags/")) == []


def test_sitemap_lists_every_published_page_and_nothing_else(site):
    xml = BeautifulSoup(site.path("sitemap.xml").read_text(encoding="utf-8"), "xml")
    locs = [loc.get_text() for loc in xml.find_all("loc")]
    assert len(locs) == len(set(locs))
    expected = {f"{site.url}/{path.removesuffix('index.html')}" for path in published_pages(site)}
    assert set(locs) == expected
    assert f"{site.url}/{IOP}" in locs and f"{site.url}/" in locs
    assert not [u for u in locs if "/drafts/" in u or "404" in u or "/search/" in u]


def test_robots_txt_names_the_sitemap(site):
    robots = site.path("robots.txt").read_text(encoding="utf-8").splitlines()
    assert "User-agent: *" in robots
    assert f"Sitemap: {site.url}/sitemap.xml" in robots


def test_share_image_per_post(site):
    for slug in (IOP, HOSTILE, "care-review-test-post/"):
        image = site.one(slug, 'meta[property="og:image"][content]')["content"]
        assert image == f"{site.url}/{slug}share.png"
        with Image.open(site.path(f"{slug}share.png")) as png:
            assert png.format == "PNG" and png.size == (1200, 630)
    # Different titles, different images.
    assert (
        site.path(f"{IOP}share.png").read_bytes() != site.path(f"{HOSTILE}share.png").read_bytes()
    )


def test_favicon_exists(site):
    with Image.open(site.path("favicon.ico")) as icon:
        assert icon.format == "ICO"


@pytest.mark.parametrize("path", ["", IOP, "about/", "search/", "tags/", "no-such-page/"])
def test_no_failed_request_in_the_browser(site, page, path):
    failed: list[str] = []
    page.on("response", lambda r: r.status >= 400 and failed.append(r.url))
    page.goto(f"{site.url}/{path}", wait_until="networkidle")
    if path == "no-such-page/":  # the 404 page itself; nothing it loads may fail
        failed = [u for u in failed if urlsplit(u).path != "/no-such-page/"]
    else:
        assert page.errors == []
    assert failed == []
