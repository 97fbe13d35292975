"""Search hears a reader in crisis, in Chromium on the production build: a query that says a
crisis word or phrase (CRISIS_WORDS), however it is typed, shows Call 988, Text 988, Call 911 and
a link to /help/ above any result, on a 320x568 phone's first screen, whether or not a post
matched; no search ends at "No posts found" without a way to /help/; nothing about the query
leaves the browser. Results are honest: only words that answer the query are marked and
counted, posts and pages are labelled and counted as what they are, no excerpt repeats its
title, and a marked word stands out at 3:1 in both schemes."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import quote, unquote

import pytest
from conftest import ROOT, browser_page, loaded_tabs
from pelican.settings import read_settings

SMALL = {"width": 320, "height": 568}
CRISIS = [("Call 988", "tel:988"), ("Text 988", "sms:988"), ("Call 911", "tel:911")]

# What people type, as they type it: case, punctuation, spaces, misspellings, slang.
SAYS_CRISIS = [
    "i want to kill myself",
    "I WANT TO KILL MYSELF",
    "kill myself",
    "kill my self",
    "killmyself",
    "how to kill myself painlessly",
    "suicide",
    "Suicide?",
    "suicidal thoughts",
    "suicidal",
    "sucide",
    "suiside",
    "suicde hotline",
    "self harm",
    "self-harm",
    "selfharm",
    "Self Harming",
    "self injury",
    "overdose",
    "overdosing on pills",
    "how many pills to overdose",
    "hotline",
    "crisis hotline",
    "helpline",
    "988",
    "end it all",
    "i just want to end it all.",
    "no reason to live",
    "nothing to live for",
    "i want to die",
    "wanna die",
    "i don't want to live anymore",
    "I don’t want to be here anymore",
    "better off dead",
    "kms",
    "unalive myself",
    "sewer slide",
    "self deletion",
    "unal1ve",
    "cut myself",
    "hurt myself",
    "hang myself",
    "hopeless",
    "i can't go on",
    "help me",
    "thérapie suicide",  # an accent elsewhere in the query
]
# Words that must not raise the alarm: the blog's everyday searches.
QUIET = ["therapy", "eligible", "outpatient program", "i want to diet", "cutting board", "help"]


def type_query(page, query: str) -> None:
    """Type `query` into the search box of `page` (on /search/); the box is emptied first, so
    an earlier answer cannot pass for this one's (see :func:`await_answer`)."""
    box = page.get_by_label("Search the posts")
    box.fill("")
    box.fill(query)


def await_answer(page, query: str) -> None:
    """Wait until the search on `page` has answered `query`."""
    answer = f"found for \u201c{query.strip()}\u201d"
    page.locator("#search-status").filter(has_text=answer).wait_for(timeout=10_000)


def search(page, query: str) -> None:
    type_query(page, query)
    await_answer(page, query)


def search_each(pages: list, queries: list[str], read) -> list[tuple[str, Any]]:
    """[query, `read(page)` once it is answered] for each query, typed into the `pages` in
    turn: the pages wait out the search's pause after typing side by side, not one after
    another."""
    seen = []
    for start in range(0, len(queries), len(pages)):
        batch = list(zip(pages, queries[start : start + len(pages)], strict=False))
        for page, query in batch:
            type_query(page, query)
        for page, query in batch:
            await_answer(page, query)
            seen.append((query, read(page)))
    return seen


@pytest.fixture(scope="module")
def searchers(browser, site):
    """Four phone-sized tabs on /search/, kept for the module: each test types its queries into
    their boxes, one after another in each tab, as a reader would (a tab's state must follow
    each query: help shown for a crisis word, hidden again for the next everyday word)."""
    with loaded_tabs(browser, [f"{site.url}/search/"] * 4, viewport=SMALL) as tabs:
        yield tabs


@pytest.fixture
def searcher(searchers):
    return searchers[0]


def geometry(page) -> dict:
    return page.evaluate(
        """() => {
          const box = (e) => { const b = e.getBoundingClientRect();
            return {top: b.top, bottom: b.bottom, width: b.width, height: b.height}; };
          const panel = document.getElementById('search-crisis');
          const links = [...panel.querySelectorAll('a')].map(a => ({
            text: a.textContent.trim(), href: a.getAttribute('href'), ...box(a)}));
          return {shown: !panel.hidden && panel.getClientRects().length > 0, links,
                  panel: box(panel), status: box(document.getElementById('search-status')),
                  results: box(document.getElementById('search-results'))};
        }"""
    )


def test_the_page_carries_the_crisis_words_as_data(site):
    words = read_settings(str(ROOT / "publishconf.py"))["CRISIS_WORDS"]
    root = site.one("search/", "#search")
    assert json.loads(root["data-crisis-words"]) == words
    assert len(words) >= 100


def test_a_crisis_query_shows_help_first_on_the_first_screen(searchers, site):
    """Each phrasing typed into a box that held another query: every failure named."""
    missed = []
    for query, seen in search_each(searchers, SAYS_CRISIS, geometry):
        hrefs = {(link["text"], link["href"]) for link in seen["links"]}
        wrong = [
            not seen["shown"],
            not set(CRISIS) <= hrefs,
            not any(link["href"] == f"{site.url}/help/" for link in seen["links"]),
            # every link wholly on the first screen, no scrolling
            any(link["top"] < 0 or link["bottom"] > SMALL["height"] for link in seen["links"]),
            seen["panel"]["bottom"] > seen["status"]["top"],  # above what was found
            seen["results"]["height"] > 0 and seen["panel"]["bottom"] > seen["results"]["top"],
        ]
        if any(wrong):
            missed.append((query, wrong))
    print(f"\ncrisis help first on 320x568 for {len(SAYS_CRISIS) - len(missed)} phrasings")
    assert missed == []


def test_everyday_words_do_not_raise_the_alarm(searchers):
    """Each typed where a crisis phrasing was answered: the help shown for it goes away."""
    shown = {}
    for start in range(0, len(QUIET), len(searchers)):
        words = QUIET[start : start + len(searchers)]
        tabs = searchers[: len(words)]
        crisis = search_each(tabs, [SAYS_CRISIS[0]] * len(words), geometry)
        assert all(seen["shown"] for _, seen in crisis)
        shown |= {query: seen["shown"] for query, seen in search_each(tabs, words, geometry)}
    assert shown == dict.fromkeys(QUIET, False)


def test_no_search_ends_without_a_way_to_help(searcher, site):
    search(searcher, "zzzqqq")
    status = searcher.locator("#search-status").inner_text()
    assert status.startswith("No posts or pages found")
    link = searcher.locator("#search-none a")
    assert link.is_visible() and link.get_attribute("href") == f"{site.url}/help/"
    search(searcher, "eligible")  # something found: the note is not needed
    assert not searcher.locator("#search-none").is_visible()


def test_the_query_never_leaves_the_browser(browser, site):
    """Every request after the page loaded, its address and its body, is free of the query."""
    query = "i want to kill myself tonight"
    with browser_page(browser, viewport=SMALL) as page:
        page.goto(f"{site.url}/search/", wait_until="networkidle")
        sent: list[str] = []
        page.on("request", lambda r: sent.append(f"{unquote(r.url)} {r.post_data or ''}"))
        box = page.get_by_label("Search the posts")
        box.press_sequentially(query, delay=20)
        page.locator("#search-status").filter(has_text="found").wait_for(timeout=10_000)
        page.wait_for_load_state("networkidle")
        assert page.locator("#search-crisis").is_visible()
    assert sent, "Pagefind loaded its files"
    assert all(request.startswith(site.url) for request in sent)
    words = {word for word in query.split() if len(word) >= 4} | {quote(query)}
    for request in sent:
        for word in words:
            assert word not in request.lower(), (word, request)


# Honest results ----------------------------------------------------------------------------


def results(page) -> list[dict]:
    return page.evaluate(
        """() => [...document.querySelectorAll('#search-results li')].map(li => ({
             title: li.querySelector('h2').textContent.trim(),
             href: li.querySelector('h2 a').getAttribute('href'),
             kind: li.querySelector('.search__kind').textContent.trim(),
             excerpt: li.querySelector('.search__excerpt').textContent.trim(),
             marks: [...li.querySelectorAll('mark')].map(m => m.textContent.trim())}))"""
    )


def squash(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def test_a_word_no_page_holds_finds_nothing_and_marks_nothing(searcher, site):
    assert not any("anxiety" in p.read_text(encoding="utf-8").lower() for p in site.html_files())
    search(searcher, "anxiety")
    assert searcher.locator("#search-status").inner_text().startswith("No posts or pages found")
    assert results(searcher) == []


# "anxiety eligible": Pagefind marks "an" for "anxiety" beside the real "eligible".
MARKED = ["eligible", "therapy", "outpatient", "elig", "privacy", "anxiety eligible"]


@pytest.mark.parametrize("query", MARKED)
def test_only_words_that_answer_the_query_are_marked(searcher, query):
    search(searcher, query)
    found = results(searcher)
    assert found
    stems = [word[:5] for word in query.split()]
    for result in found:
        for mark in result["marks"]:
            assert any(squash(mark).startswith(stem) for stem in stems), (query, mark)


@pytest.mark.parametrize("query", ["help", "therapy", "privacy", "counseling", "outpatient"])
def test_posts_and_pages_are_counted_and_labelled_as_what_they_are(searcher, site, query):
    search(searcher, query)
    found = results(searcher)
    status = searcher.locator("#search-status").inner_text()
    assert found
    posts = 0
    for result in found:
        path = result["href"].removeprefix(site.url)
        html = site.path(path).read_text(encoding="utf-8")
        is_post = 'property="og:type" content="article"' in html
        assert result["kind"] == ("Post" if is_post else "Page"), result
        posts += is_post
    pages = len(found) - posts
    said = [f"{n} {word}{'s' if n > 1 else ''}" for n, word in ((posts, "post"), (pages, "page"))]
    assert status.startswith(" and ".join(s for s in said if not s.startswith("0 "))), status


@pytest.mark.parametrize("query", ["therapy", "intensive outpatient", "privacy", "help", "about"])
def test_no_excerpt_repeats_its_title(searcher, query):
    search(searcher, query)
    found = results(searcher)
    assert found
    for result in found:
        assert squash(result["title"]) not in squash(result["excerpt"]), result


def luminance(rgb: str) -> float:
    def channel(value: str) -> float:
        c = int(value) / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in re.findall(r"\d+", rgb)[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: str, two: str) -> float:
    high, low = sorted((luminance(one), luminance(two)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_marked_word_stands_out_at_3_to_1(searcher, scheme):
    searcher.emulate_media(color_scheme=scheme)
    try:
        search(searcher, "eligible")
        style = searcher.evaluate(
            """() => { const m = getComputedStyle(document.querySelector('#search-results mark'));
                       return {line: m.borderBottomColor, width: parseFloat(m.borderBottomWidth),
                               style: m.borderBottomStyle,
                               page: getComputedStyle(document.body).backgroundColor}; }"""
        )
    finally:
        searcher.emulate_media(color_scheme="light")  # the context's own, for the next test
    ratio = contrast(style["line"], style["page"])
    print(f"\nmarked word's underline in {scheme}: {ratio:.2f}:1 against the page")
    assert style["style"] == "solid" and style["width"] >= 2 and ratio >= 3, style
