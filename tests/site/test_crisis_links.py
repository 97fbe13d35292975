"""Crisis links do what their words say, are easy to tap, and /help/ shows each one once, all
on a phone's first screen. Boxes are measured in Chromium, not read from the CSS."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import browser_page, build_with_crisis_resources

PHONE = {"width": 375, "height": 812}
TARGET = 44  # CSS px, each way
# Where crisis links live outside running text: the header's help link, the footer block,
# the /help/ list.
CRISIS_LINKS = ".help-link, .crisis-help a"
PAGES = ["", "intensive-outpatient-therapy-program/", "about/", "help/", "search/", "tags/"]
PAGES += ["no-such-page/"]


def says(text: str, word: str) -> bool:
    return re.search(rf"\b{word}\b", text, re.IGNORECASE) is not None


def mismatched(soup: BeautifulSoup) -> list[str]:
    """Links whose words promise a call but text, or a text but call (or neither for tel:/sms:)."""
    wrong = []
    for link in soup.select("a[href]"):
        text, href = " ".join(link.get_text().split()), link["href"]
        if says(text, "text") and not href.startswith("sms:"):
            wrong.append(f"{text!r} -> {href}")
        if says(text, "call") and not href.startswith("tel:"):
            wrong.append(f"{text!r} -> {href}")
        if href.startswith("tel:") and not says(text, "call"):
            wrong.append(f"{text!r} -> {href}")
        if href.startswith("sms:") and not says(text, "text"):
            wrong.append(f"{text!r} -> {href}")
    return wrong


def test_every_crisis_link_says_what_it_does(site):
    for path in site.html_files():
        if "pagefind" in path.parts:
            continue
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        assert mismatched(soup) == [], path
    links = {(a.get_text(), a["href"]) for a in site.soup("").select("footer .crisis-help a[href]")}
    assert {("Call 988", "tel:988"), ("Text 988", "sms:988"), ("Call 911", "tel:911")} <= links


@pytest.mark.parametrize(
    "text, href",
    [
        ("Call or text 988", "tel:988"),  # the old link: texting handed a phone call
        ("Text 988", "tel:988"),
        ("Call 988", "sms:988"),
        ("TEXT HOME to 741741", "tel:741741"),
        ("Lifeline", "tel:988"),  # a tel: link that does not say it calls
        ("Chat", "sms:988"),
    ],
)
def test_the_check_catches_a_link_that_says_one_thing_and_does_another(text, href):
    soup = BeautifulSoup(f'<a href="{href}">{text}</a>', "lxml")
    assert mismatched(soup) != []


@pytest.fixture(scope="module")
def mislabelled(tmp_path_factory) -> Path:
    """A build whose CRISIS_RESOURCES repeat the old mistake: the check reads the output."""
    base = tmp_path_factory.mktemp("mislabelled")
    resources = [{"name": "988", "links": [{"text": "Call or text 988", "href": "tel:988"}]}]
    return build_with_crisis_resources(base, resources)


def test_a_mislabelled_setting_shows_in_the_built_pages(mislabelled):
    soup = BeautifulSoup((mislabelled / "index.html").read_text(encoding="utf-8"), "lxml")
    assert mismatched(soup) == ["'Call or text 988' -> tel:988"]


def boxes(page) -> list[dict]:
    return page.evaluate(
        """(selector) => [...document.querySelectorAll(selector)].map(a => {
             const box = a.getBoundingClientRect();
             return {text: a.textContent.trim(), href: a.getAttribute('href'),
                     width: box.width, height: box.height, top: box.top, bottom: box.bottom};
           })""",
        CRISIS_LINKS,
    )


def test_crisis_links_are_44px_tap_targets_at_375px(browser, site):
    smallest = None
    with browser_page(browser, viewport=PHONE) as page:
        for path in PAGES:
            page.goto(f"{site.url}/{path}")
            found = boxes(page)
            assert len(found) >= 6, path  # the help link and the five resource links
            for box in found:
                assert box["width"] >= TARGET and box["height"] >= TARGET, (path, box)
                size = (min(box["width"], box["height"]), box["text"], path)
                smallest = min(smallest or size, size)
    print(f"\nsmallest crisis tap target at 375 px: {smallest[0]:.0f} px ({smallest[1]!r})")


@pytest.mark.parametrize("build", ["site", "published"])
def test_help_lists_each_resource_once_all_on_the_first_screen(browser, request, build):
    built = request.getfixturevalue(build)
    soup = built.soup("help/")
    assert soup.select("footer .crisis-help") == [], "no footer block repeating the list"
    hrefs = [a["href"] for a in soup.select("main .crisis-resources a")]
    assert len(hrefs) == len(set(hrefs)) == 5
    with browser_page(browser, viewport=PHONE) as page:
        page.goto(f"{built.url}/help/")
        listed = [box for box in boxes(page) if box["href"] in hrefs]
        assert [box["href"] for box in listed] == hrefs
        for box in listed:
            assert box["top"] >= 0 and box["bottom"] <= PHONE["height"], box
        lowest = max(box["bottom"] for box in listed)
        print(f"\n/help/ at 375x812 ({build}): last resource link ends at y = {lowest:.0f}")
