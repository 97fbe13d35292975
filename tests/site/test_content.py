"""The seed writing is published faithfully: every sentence, the right structure and metadata."""

from __future__ import annotations

import re

import pytest
from conftest import FIXTURES, ROOT, normalise, require

SEED_COPY = FIXTURES / "seed" / "000_6e550c86f90e1909.txt"
SEED_ORIGINAL = ROOT.parent / "shared" / "seeds" / SEED_COPY.name
ARTICLE = "intensive-outpatient-therapy-program/"


def seed_sentences() -> list[str]:
    text = normalise(SEED_COPY.read_text(encoding="utf-8"))
    # Headings have no final stop; split on line breaks in the raw text as well as sentence ends.
    lines = [normalise(line) for line in SEED_COPY.read_text(encoding="utf-8").splitlines()]
    parts = [p for line in lines for p in re.split(r"(?<=[.!?])\s+", line) if p]
    assert len(parts) > 30 and text
    return parts


def test_seed_copy_matches_shared_original():
    # CI copies shared/ beside the clone, so there a missing original is a failure.
    require(SEED_ORIGINAL.exists(), f"the original seed {SEED_ORIGINAL} (../shared/seeds)")
    assert SEED_COPY.read_bytes() == SEED_ORIGINAL.read_bytes()


def test_every_seed_sentence_is_published(site):
    # No separator: typogrify wraps words such as "IOP" in spans, which must not split the text.
    published = " ".join(normalise(site.soup(rel).get_text()) for rel in (ARTICLE, "about/", ""))
    missing = [s for s in seed_sentences() if s not in published]
    assert missing == []


def test_site_name(site):
    soup = site.soup("")
    assert site.one(soup, "head title").get_text().startswith("Keeping Your Calm In Counseling")
    assert site.one(soup, "header .site-name").get_text(strip=True) == (
        "Keeping Your Calm In Counseling"
    )


def test_article_sections_are_h2(site):
    soup = site.soup(ARTICLE)
    assert [normalise(h.get_text()) for h in soup.select("main h1")] == [
        "Intensive Outpatient Therapy Program: What You Need To Know"
    ]
    h2 = [normalise(h.get_text()) for h in soup.select("main .prose h2")]
    for section in (
        "What is Intensive Outpatient Therapy?",
        "Pros of Intensive Outpatient Therapy",
        "Who's Eligible for Intensive Outpatient Therapy?",
    ):
        assert section in h2


def test_article_metadata(site):
    soup = site.soup(ARTICLE)
    time = site.one(soup, "main .post-meta time[datetime]")
    assert time["datetime"].startswith("2026-11-20")
    meta = site.one(soup, "main .post-meta").get_text(" ", strip=True)
    assert "Treatment Options" in meta
    byline = soup.select_one("main .post-meta .byline").get_text()
    assert byline == "By Test Author, MA, LPC"  # conftest.FIXTURE_SETTINGS' profile
    tags = {a.get_text(strip=True) for a in soup.select("main a[rel=tag]")}
    assert {"IOP", "mental health", "addiction recovery"} <= tags
    description = site.one(soup, 'meta[name="description"][content]')["content"]
    assert description.startswith("This article discusses the basics of intensive outpatient")


def test_about_page(site):
    soup = site.soup("about/")
    assert normalise(site.one(soup, "main h1").get_text()) == "About Me"
    assert "keeping your calm while going through the counseling process" in soup.get_text()


# One built page per template in theme/templates (base.html is in all of them).
TEMPLATE_PAGES = {
    "index": "",
    "article": ARTICLE,
    "page": "about/",
    "help": "help/",
    "search": "search/",
    "archives": "archives/",
    "tags": "tags/",
    "categories": "categories/",
    "category": "category/treatment-options/",
    "tag": "tag/iop/",
    "period_archives": "2026/",
    "period_archives (month)": "2026/11/",
    "404": "404.html",
}


def test_every_template_has_a_page_below():
    layouts = {"base", "listing"}  # extended by the others, never rendered on their own
    templates = {p.stem for p in (ROOT / "theme" / "templates").glob("*.html")} - layouts
    assert templates == {name.split()[0] for name in TEMPLATE_PAGES}


@pytest.mark.parametrize("rel", list(TEMPLATE_PAGES.values()), ids=list(TEMPLATE_PAGES))
def test_every_template_renders_one_h1_and_landmarks(site, rel):
    soup = site.soup(rel)
    assert len(soup.select("h1")) == 1
    assert soup.select_one("header") and soup.select_one("main#main") and soup.select_one("footer")
    assert soup.select_one("nav[aria-label]")
    assert site.one(soup, "body > a.skip-link[href]")["href"] == "#main"
    assert site.one(soup, "html[lang]")["lang"] == "en"
