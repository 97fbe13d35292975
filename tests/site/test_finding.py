"""Finding: lists with summaries and pages, prev/next, related posts, reading time,
a table of contents on long posts, accessible heading anchors."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, browser_page, build_site

IOP = "intensive-outpatient-therapy-program/"
CARE = "care-review-test-post/"  # tests/fixtures/content: two sections, shares tags with IOP
OLDEST = "escaping-test-post/"


def links(soup, selector: str) -> list[str]:
    return [a["href"] for a in soup.select(selector)]


def test_home_lists_every_post_with_its_summary(site):
    home = site.soup("")
    posts = home.select("main .post-summary")
    assert len(posts) == 3
    texts = {site.one(p, "h2").get_text(" ", strip=True): p for p in posts}
    iop = [p for title, p in texts.items() if title.startswith("Intensive Outpatient")]
    assert len(iop) == 1, sorted(texts)
    summary = site.one(iop[0], ".post-summary__text").get_text()
    assert "basics of intensive outpatient therapy" in summary


@pytest.fixture(scope="module")
def paged(tmp_path_factory) -> Path:
    """The same content with one post per page, so every list paginates."""
    base = tmp_path_factory.mktemp("paged")
    shutil.copytree(ROOT / "content", base / "content")
    shutil.copytree(ROOT / "tests/fixtures/content", base / "content", dirs_exist_ok=True)
    build_site(
        base / "content",
        base / "out",
        "http://example.test",
        DEFAULT_PAGINATION=1,
        SEARCH_INDEX=False,
    )
    return base / "out"


def test_home_paginates_with_named_links(paged):
    first = BeautifulSoup((paged / "index.html").read_text(encoding="utf-8"), "lxml")
    nav = first.select_one('nav.pagination[aria-label="Pages of posts"]')
    assert nav is not None, "the first page of posts has no pagination"
    assert "Page 1 of 3" in nav.get_text()
    older = nav.select_one("a[rel=next][href]")
    assert older is not None, "the pagination has no link to older posts"
    assert older.get_text() == "Older posts" and older["href"].endswith("/page/2/")
    assert (paged / "page/3/index.html").exists()
    assert len(first.select("main .post-summary")) == 1


@pytest.mark.parametrize(
    "path, heading",
    [
        ("category/treatment-options/", "Category: Treatment Options"),
        ("tag/iop/", "Topic: IOP"),
    ],
)
def test_term_pages_list_their_posts(site, path, heading):
    soup = site.soup(path)
    assert site.one(soup, "main h1").get_text() == heading
    assert any(href.endswith("/" + IOP) for href in links(soup, "main .post-summary h2 a"))


def test_archives_list_every_post_newest_first(site):
    hrefs = links(site.soup("archives/"), "main .archive-list a")
    assert [h.removeprefix(site.url + "/") for h in hrefs] == [IOP, CARE, OLDEST]


def test_previous_and_next_links_follow_dates(site):
    middle = site.one(CARE, 'nav.post-nav[aria-label="Previous and next post"]')
    assert site.one(middle, "a[rel=prev][href]")["href"] == f"{site.url}/{OLDEST}"
    assert site.one(middle, "a[rel=next][href]")["href"] == f"{site.url}/{IOP}"
    newest = site.one(IOP, "nav.post-nav")
    assert newest.select_one("a[rel=next]") is None
    assert site.one(newest, "a[rel=prev][href]")["href"] == f"{site.url}/{CARE}"


def test_related_posts_share_tags(site):
    related = links(site.soup(IOP), "section.related a")
    assert related == [f"{site.url}/{CARE}"]  # shares IOP and mental health; the other none
    assert site.soup(OLDEST).select_one("section.related") is None


def test_reading_time_grows_with_length(site):
    def minutes(path: str) -> int:
        return int(site.one(path, ".reading-time").get_text().split()[0])

    words = len(site.one(IOP, ".prose").get_text().split())
    assert minutes(IOP) == -(-words // 200)  # 200 words a minute, rounded up
    assert minutes(CARE) == 1


def test_table_of_contents_only_with_three_sections(site):
    soup = site.soup(IOP)
    toc = site.one(soup, 'nav.toc[aria-labelledby="toc-heading"]')
    targets = [href.lstrip("#") for href in links(toc, "a")]
    assert targets == [h2["id"] for h2 in soup.select(".prose h2[id]")]
    assert len(targets) == 3
    assert site.soup(CARE).select_one("nav.toc") is None  # two sections only


def test_heading_anchor_links_have_names(site, browser):
    with browser_page(browser) as page:  # a tab of its own: the test clicks
        page.goto(f"{site.url}/{IOP}")
        name = "Link to section: Pros of Intensive Outpatient Therapy"
        anchor = page.get_by_role("link", name=name)
        assert anchor.get_attribute("href") == "#pros-of-intensive-outpatient-therapy"
        assert anchor.is_visible()
        anchor.click()
        assert page.evaluate("location.hash") == "#pros-of-intensive-outpatient-therapy"
        # The visible "#" is not read out.
        assert page.locator(".heading-anchor [aria-hidden=true]").first.inner_text() == "#"


def test_summaries_carry_no_heading_anchors(site):
    # The control: the article itself has them, under this class name.
    assert "heading-anchor" in site.path(IOP).read_text(encoding="utf-8")
    for path in ("", "tag/iop/", "feeds/all.atom.xml"):
        text = site.path(path).read_text(encoding="utf-8")
        markup = re.sub(r"<style>.*?</style>", "", text, flags=re.DOTALL)  # the CSS names the class
        assert "heading-anchor" not in markup, path
