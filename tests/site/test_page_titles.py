"""Every list page states its title once: the <title>, the social title and the page's <h1>
agree (theme/templates/listing.html builds the first two from the third)."""

from __future__ import annotations

import pytest

SITENAME = "Keeping Your Calm In Counseling"
LISTS = {
    "archives/": "Archives",
    "tags/": "Topics",
    "categories/": "Categories",
    "tag/iop/": "Topic: IOP",
    "category/treatment-options/": "Category: Treatment Options",
    "2026/": "Posts from 2026",
    "2026/11/": "Posts from November 2026",
    "search/": "Search",
    "404.html": "Page not found",
}


@pytest.mark.parametrize("path", list(LISTS))
def test_title_heading_and_social_title_agree(site, path):
    soup = site.soup(path)
    (h1,) = soup.select("main h1")
    heading = " ".join(h1.get_text().split())
    assert heading == LISTS[path]
    assert soup.title.get_text() == f"{heading} · {SITENAME}"
    assert soup.select_one('meta[property="og:title"]')["content"] == soup.title.get_text()


def test_hostile_term_names_are_escaped_once_in_title_and_heading(site):
    soup = site.soup("category/tests-checks/")
    assert soup.select_one("main h1").get_text() == "Category: <b>Tests</b> & Checks"
    assert soup.title.get_text() == f"Category: <b>Tests</b> & Checks · {SITENAME}"
    assert soup.select_one('meta[name="description"]')["content"] == (
        f"Category: <b>Tests</b> & Checks. Posts on {SITENAME}."
    )
