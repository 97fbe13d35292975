"""Care: the same help link and crisis resources on every page, configurable; a
disclaimer, review details and content warnings on posts; a plain privacy page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, build_with_crisis_resources
from pelican.settings import read_settings

CARE = "care-review-test-post/"  # tests/fixtures/content: review details, content warning
IOP = "intensive-outpatient-therapy-program/"
REVIEWER = """Dr. Test Reviewer </script><script>alert(3)</script> & "Q\""""


def pages(site) -> list[Path]:
    return [p for p in site.html_files() if "pagefind" not in p.parts]


def test_help_link_and_crisis_block_on_every_page(site):
    settings = read_settings(str(ROOT / "publishconf.py"))
    resources = [
        (link["text"], link["href"])
        for resource in settings["CRISIS_RESOURCES"]
        for link in resource["links"]
    ]
    assert len(resources) >= 2, "the default resources: 988 and the international directory"
    built = pages(site)
    assert len(built) > 15
    for path in built:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        links = soup.select("body > header.site-header a.help-link[href]")
        assert len(links) == 1, f"{path}: {len(links)} help links in the header"
        assert links[0].get_text() == "Need help now?", path
        assert links[0]["href"] == f"{site.url}/help/", path
        if path == site.path("help/"):  # the page lists them itself, once
            assert soup.select_one("body > footer.site-footer .crisis-help") is None, path
            block = site.one(soup, "main .crisis-help")
        else:
            block = site.one(soup, "body > footer.site-footer .crisis-help")
        # (/help/ also lists the resources in other languages, tested in test_crisis_links.py.)
        listed = block.select(".crisis-resources:not(.crisis-resources--translated) a")
        found = [(a.get_text(), a.get("href")) for a in listed]
        assert found == resources, path


def test_default_resources_are_the_us_lines_and_a_directory(site):
    block = site.one("", ".crisis-help")
    hrefs = [a.get("href") for a in block.select("a")]
    text = " ".join(block.get_text().split())
    assert "tel:988" in hrefs and "sms:988" in hrefs and "988 Suicide & Crisis Lifeline" in text
    assert any(h.startswith("https://988lifeline.org/") for h in hrefs)
    assert "tel:911" in hrefs and "immediate danger" in text
    assert "https://findahelpline.com/" in hrefs and "Outside the US" in text


def test_help_page_lists_the_resources(site):
    soup = site.soup("help/")
    assert " ".join(site.one(soup, "main h1").get_text().split()) == "Need help now?"
    assert [a.get("href") for a in soup.select("main .crisis-resources a")][:1] == ["tel:988"]
    assert soup.select_one('header a.help-link[aria-current="page"]')


@pytest.fixture(scope="module")
def elsewhere(tmp_path_factory) -> Path:
    """An author elsewhere sets their own CRISIS_RESOURCES."""
    base = tmp_path_factory.mktemp("elsewhere")
    resources = [
        {"name": "Samaritans (UK)", "links": [{"text": "Call 116 123", "href": "tel:116123"}]}
    ]
    return build_with_crisis_resources(base, resources)


def test_crisis_resources_are_configurable(elsewhere):
    for page in ("index.html", "help/index.html", f"{IOP}index.html"):
        soup = BeautifulSoup((elsewhere / page).read_text(encoding="utf-8"), "lxml")
        where = "main" if page.startswith("help/") else "footer"
        hrefs = [a.get("href") for a in soup.select(f"{where} .crisis-resources a")]
        assert hrefs == ["tel:116123"], page
        footer = soup.select_one("footer")
        assert footer is not None, f"{page} has no footer"
        assert "988" not in footer.get_text()


def test_disclaimer_on_every_post(site):
    for post in (IOP, CARE):
        text = " ".join(site.one(post, "article .disclaimer").get_text().split())
        assert "not therapy" in text


def test_review_details_on_the_page_and_in_json_ld(site):
    soup = site.soup(CARE)
    review = site.one(soup, "article header .review-info")
    assert " ".join(review.get_text().split()) == (
        f"Reviewed by {REVIEWER}, PhD, LCSW, on November 1, 2026"
    )
    assert site.one(review, "time[datetime]")["datetime"] == "2026-11-01"
    (data,) = [json.loads(s.string) for s in soup.select('script[type="application/ld+json"]')]
    assert "mainEntityOfPage" in data, sorted(data)
    webpage = data["mainEntityOfPage"]
    assert {"reviewedBy", "lastReviewed"} <= set(webpage), sorted(webpage)
    assert webpage["reviewedBy"] == {"@type": "Person", "name": REVIEWER, "jobTitle": "PhD, LCSW"}
    assert webpage["lastReviewed"] == "2026-11-01"
    assert site.soup(IOP).select_one(".review-info") is None


def test_content_warning_comes_before_the_body(site):
    article = site.one(CARE, "main article")
    warning = site.one(article, ".content-warning")
    body = site.one(article, ".prose")
    assert "Mentions of self-harm </script><b>bold</b>." in warning.get_text()
    order = [el for el in article.find_all(True) if el is warning or el is body]
    assert order == [warning, body]
    assert site.soup(IOP).select_one(".content-warning") is None


def test_privacy_page_says_nothing_is_collected(site):
    soup = site.soup("privacy/")
    text = " ".join(site.one(soup, "main").get_text().split())
    assert "No cookies" in text and "No analytics" in text
    assert soup.select_one(f'footer a[href="{site.url}/privacy/"]')


def test_help_is_in_the_flow_and_never_covers_focus(site, page):
    """Nothing sticky or fixed: a focused element can never be hidden behind help (SC 2.4.11)."""
    for path in ("", IOP, "search/", "no-such-page/"):
        page.goto(f"{site.url}/{path}")
        positions = page.evaluate(
            """() => [...document.querySelectorAll('.site-header, .help-link, .crisis-help')]
                 .map(e => getComputedStyle(e).position)"""
        )
        assert len(positions) >= 3 and set(positions) <= {"static", "relative"}, path
        assert page.get_by_role("link", name="Need help now?").is_visible()
