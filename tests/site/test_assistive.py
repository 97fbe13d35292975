"""Forced colours and assistive technology, on the production build: the crisis blocks and
buttons keep visible edges under forced colours (Chromium's emulation); heading anchors are
named by their words alone; /search/ exposes nothing empty before a search (read from
Chromium's accessibility tree); no page is written with an empty element."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from conftest import browser_page, kept_page

IOP = "intensive-outpatient-therapy-program/"

EDGES = """(selector) => [...document.querySelectorAll(selector)]
  .filter(e => e.getClientRects().length > 0)
  .map(e => { const s = getComputedStyle(e);
    return {what: e.className, width: parseFloat(s.borderTopWidth), style: s.borderTopStyle,
            color: s.borderTopColor, background: getComputedStyle(document.body).backgroundColor};
  })"""


@pytest.mark.parametrize("path", ["", "help/", IOP])
def test_crisis_blocks_and_buttons_keep_their_edges_in_forced_colours(browser, site, path):
    with kept_page(browser, viewport={"width": 375, "height": 812}) as page:
        page.emulate_media(forced_colors="active")
        page.goto(f"{site.url}/{path}")
        assert page.evaluate("matchMedia('(forced-colors: active)').matches")
        edges = page.evaluate(EDGES, ".crisis-help, .crisis-link, .help-link")
    assert len(edges) >= 5, edges
    for edge in edges:
        assert edge["width"] >= 1 and edge["style"] != "none", (path, edge)
        assert edge["color"] != edge["background"], (path, edge)


def ax_nodes(page) -> list[dict]:
    """Chromium's accessibility tree of the page, as a screen reader gets it."""
    cdp = page.context.new_cdp_session(page)
    nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    cdp.detach()
    return [node for node in nodes if not node.get("ignored")]


def name(node: dict) -> str:
    return node.get("name", {}).get("value", "")


def role(node: dict) -> str:
    return node.get("role", {}).get("value", "")


def test_heading_anchor_names_are_their_words_alone(browser, site):
    headings = [
        " ".join(h.get_text(" ").split()) for h in site.soup(IOP).select(".prose h2, .prose h3")
    ]
    with kept_page(browser) as page:
        page.goto(f"{site.url}/{IOP}")
        names = [name(n) for n in ax_nodes(page) if role(n) == "link"]
    anchors = [n for n in names if "Link to section" in n]
    assert anchors == [f"Link to section: {heading}" for heading in headings]
    for anchor in anchors:  # nothing invisible (word joiner, zero-width space) read out
        assert not re.search(r"[\u200b-\u200f\u2060-\u2064\ufeff]", anchor), repr(anchor)


def test_search_exposes_nothing_empty_before_a_search(browser, site):
    with browser_page(browser) as page:
        page.goto(f"{site.url}/search/", wait_until="networkidle")
        before = ax_nodes(page)
        empty = [
            (role(n), name(n))
            for n in before
            if role(n) in {"status", "list", "region", "paragraph"} and not n.get("childIds")
        ]
        assert empty == []
        assert not [n for n in before if role(n) == "status"]
        page.get_by_label("Search the posts").focus()  # the live region joins, still silent
        assert [n for n in ax_nodes(page) if role(n) == "status"]
        page.get_by_label("Search the posts").fill("eligible")
        page.locator("#search-results li").first.wait_for(timeout=10_000)
        assert page.get_by_role("status").inner_text().startswith("1 post found")


# Elements that are empty by nature, or filled by a script before they are shown.
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
VOID |= {"track", "wbr", "script", "style", "template", "textarea", "iframe", "svg", "path"}
VOID |= {"html", "head", "title", "body"}


def empty_elements(html: str) -> list[str]:
    soup = BeautifulSoup(html, "lxml")
    found = []
    for element in soup.body.find_all(True):
        if element.name in VOID or element.has_attr("hidden") or element.find(VOID - {"path"}):
            continue
        if not element.get_text(strip=True) and not element.find(True):
            found.append(str(element)[:120])
    return found


def test_no_page_is_written_with_an_empty_element(site, published):
    checked = 0
    for built in (site, published):
        for path in built.html_files():
            if "pagefind" in path.parts:
                continue
            assert empty_elements(path.read_text(encoding="utf-8")) == [], path
            checked += 1
    assert checked > 20


@pytest.mark.parametrize(
    "markup", ['<div class="wrap post-links">\n  \n</div>', "<ul></ul>", "<p> </p>"]
)
def test_the_check_finds_an_empty_element(markup):
    assert empty_elements(f"<html><body><main>{markup}</main></body></html>") != []
