"""What a reader would notice: a contact line, archives by year, a search page that labels its
fallback list and shows dates and cut excerpts, a 404 that offers search, copyright years,
feed links that invite, "Back to top" on long posts, and print that is light, plain and
writes out every link's address."""

from __future__ import annotations

import shutil

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, build_site, kept_page

IOP = "intensive-outpatient-therapy-program/"
SHORT = "care-review-test-post/"  # tests/fixtures/content: a one-minute post


def text(element) -> str:
    return " ".join(element.get_text().split())


# Contact --------------------------------------------------------------------------------------


def test_contact_in_the_footer_of_every_page_and_on_about(site):
    for path in ("", IOP, "about/", "help/", "404.html"):
        footer = site.soup(path).select_one("footer .site-footer__links")
        assert "Contact: hello@example.org" in text(footer), path
        assert footer.select_one('a[href="mailto:hello@example.org"]'), path
    assert site.soup("about/").select_one('main a[href="mailto:hello@example.org"]')


@pytest.mark.parametrize(
    "contact, href, shown",
    [
        ("hello@example.org", "mailto:hello@example.org", "hello@example.org"),
        ("mailto:hello@example.org", "mailto:hello@example.org", "hello@example.org"),
        ("https://example.org/contact/", "https://example.org/contact/", "example.org/contact"),
    ],
)
def test_contact_may_be_an_email_or_a_web_address(tmp_path, contact, href, shown):
    shutil.copytree(ROOT / "content", tmp_path / "content")
    build_site(
        tmp_path / "content",
        tmp_path / "out",
        "http://example.test",
        CONTACT=contact,
        AUTHOR_PROFILE={},
        SEARCH_INDEX=False,
    )
    about = (tmp_path / "out/about/index.html").read_text(encoding="utf-8")
    link = BeautifulSoup(about, "lxml").select_one("main .contact a")
    assert (link["href"], link.get_text()) == (href, shown)


def test_no_contact_line_without_the_setting(published):
    for path in ("", "about/"):
        assert "Contact" not in text(published.soup(path).select_one("body")), path


# Archives, search, 404 ------------------------------------------------------------------------


def test_archives_are_grouped_by_year_newest_first(site):
    sections = site.soup("archives/").select("main section.archive-year")
    years = [text(section.select_one("h2")) for section in sections]
    assert years == ["2026", "2020"]
    for year, section in zip(years, sections, strict=True):
        dates = [time["datetime"] for time in section.select(".archive-list time")]
        assert dates and all(date.startswith(year) for date in dates)
        assert dates == sorted(dates, reverse=True)
        assert section.select_one("h2 a")["href"] == f"{site.url}/{year}/"


def test_search_page_labels_its_fallback_list(site, page):
    page.goto(f"{site.url}/search/")
    browse = page.get_by_role("region", name="Browse the posts instead")
    assert browse.is_visible()
    assert browse.get_by_role("link", name="Every post, newest first (archives)").is_visible()
    page.get_by_label("Search the posts").press_sequentially("zzzqqq", delay=30)
    status = page.locator("#search-status")
    status.filter(has_text="No posts or pages found").wait_for(timeout=10_000)
    assert "browse the posts below" in status.inner_text()
    assert page.errors == []


def test_search_results_show_the_date_and_mark_cut_excerpts(site, page):
    page.goto(f"{site.url}/search/?q=eligible")
    result = page.locator("#search-results li").first
    result.wait_for(timeout=10_000)
    assert result.locator(".search__date").inner_text() == "November 20, 2026"
    excerpt = result.locator(".search__excerpt").inner_text()
    assert excerpt.startswith("… ") or excerpt.endswith(" …"), excerpt
    page.goto(f"{site.url}/search/?q=privacy")  # a page has no date: none is shown
    page.locator("#search-results li").first.wait_for(timeout=10_000)
    privacy = page.locator("#search-results li", has_text="Privacy").first
    assert privacy.locator(".search__date").count() == 0
    assert page.errors == []


def test_404_page_links_to_search(site):
    links = {a["href"]: text(a) for a in site.soup("404.html").select("main a")}
    assert links[f"{site.url}/search/"] == "Search the posts"


# Footer ---------------------------------------------------------------------------------------


def test_copyright_carries_the_years_of_the_posts(site, published):
    for path in ("", IOP, "tag/iop/", "2026/", "about/"):
        line = text(site.soup(path).select_one("footer .copyright"))
        assert line == "© 2020–2026 Keeping Your Calm In Counseling", path  # 2020: a test post
    assert text(published.soup("").select_one("footer .copyright")) == (
        "© 2026 Keeping Your Calm In Counseling"
    )


def test_feed_links_invite_the_reader_to_subscribe(site):
    feeds = site.soup("").select_one("footer .feeds")
    assert text(feeds) == "Get new posts in your feed reader: RSS feed or Atom feed"
    hrefs = [a["href"] for a in feeds.select("a")]
    assert hrefs == [f"{site.url}/feeds/all.rss.xml", f"{site.url}/feeds/all.atom.xml"]


# Long posts, print ----------------------------------------------------------------------------


def test_long_posts_end_with_back_to_top(site):
    soup = site.soup(IOP)
    link = soup.select_one("article .post-footer .back-to-top a")
    assert text(link) == "Back to top" and link["href"] == "#top"
    assert soup.select_one("#top") is soup.select_one("body > header.site-header")
    assert site.soup(SHORT).select_one(".back-to-top") is None  # one minute: nothing to climb


PRINTED = """() => {
  const shown = e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
  const links = [...document.querySelectorAll('a[href]')]
    .filter(a => shown(a) && !a.getAttribute('href').startsWith('#'))
    .map(a => ({href: a.getAttribute('href'), after: getComputedStyle(a, '::after').content}));
  const body = getComputedStyle(document.body);
  return {links, background: body.backgroundColor, color: body.color,
          feeds: shown(document.querySelector('.feeds')),
          tags: [...document.querySelectorAll('.tag-list')].some(shown)};
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_print_is_light_plain_and_writes_out_every_address(browser, site, scheme):
    with kept_page(browser, color_scheme=scheme) as page:
        page.emulate_media(media="print")
        for path in (IOP, "help/", ""):
            page.goto(f"{site.url}/{path}")
            printed = page.evaluate(PRINTED)
            assert printed["background"] == "rgb(255, 255, 255)", path
            assert printed["color"] == "rgb(0, 0, 0)", path
            assert not printed["feeds"] and not printed["tags"], path
            hrefs = {link["href"] for link in printed["links"]}
            assert {"tel:988", "sms:988", "tel:911"} <= hrefs, path  # crisis links included
            for link in printed["links"]:
                assert link["after"] == f'" ({link["href"]})"', (path, link)
