"""Crisis links do what their words say, are easy to tap, and /help/ shows each one once, all
on a 375x812 phone's first screen; Call 988, Text 988 and Call 911 are on /help/'s first screen
at every size, the smallest phones included. Boxes are measured in Chromium, not read from the
CSS."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from conftest import build_with_crisis_resources, kept_page

from blog.plugins.owner_settings import SettingsError

PHONE = {"width": 375, "height": 812}
TARGET = 44  # CSS px, each way
# Where crisis links live outside running text: the header's help link, the footer block,
# the /help/ list and /help/'s first row of call and text links.
CRISIS_LINKS = ".help-link, .crisis-help a, .crisis-now a"
PAGES = ["", "intensive-outpatient-therapy-program/", "about/", "help/", "search/", "tags/"]
PAGES += ["no-such-page/"]


def says(text: str, words: str) -> bool:
    return re.search(rf"\b(?:{words})\b", text, re.IGNORECASE) is not None


# The words that promise a call or a text, in English and in Spanish ("Llama al 988", "Envía
# AYUDA al 988"; "texto" is a text message).
CALLS = "call|llama|llame|llamar"
TEXTS = "text|envía|envia|texto|textea"


def mismatched(soup: BeautifulSoup) -> list[str]:
    """Links whose words promise a call but text, or a text but call (or neither for tel:/sms:)."""
    wrong = []
    for link in soup.select("a[href]"):
        text, href = " ".join(link.get_text().split()), link["href"]
        if says(text, TEXTS) and not href.startswith("sms:"):
            wrong.append(f"{text!r} -> {href}")
        if says(text, CALLS) and not href.startswith("tel:"):
            wrong.append(f"{text!r} -> {href}")
        if href.startswith("tel:") and not says(text, CALLS):
            wrong.append(f"{text!r} -> {href}")
        if href.startswith("sms:") and not says(text, TEXTS):
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
        ("Llama al 988 y marca 2", "sms:988"),  # Spanish: "call", a text link
        ("Envía AYUDA al 988", "tel:988"),  # Spanish: "send" a text, a call link
        ("988 en español", "tel:988"),  # a tel: link that says neither
    ],
)
def test_the_check_catches_a_link_that_says_one_thing_and_does_another(text, href):
    soup = BeautifulSoup(f'<a href="{href}">{text}</a>', "lxml")
    assert mismatched(soup) != []


def test_the_build_refuses_a_mislabelled_setting(tmp_path):
    """The old mistake never reaches a page: the build stops before writing one (it used to
    build, and only the check above, reading the output, caught it)."""
    resources = [{"name": "988", "links": [{"text": "Call or text 988", "href": "tel:988"}]}]
    with pytest.raises(SettingsError) as refused:
        build_with_crisis_resources(tmp_path, resources)
    assert refused.value.problems == [
        "CRISIS_RESOURCES[0][\"links\"][0] says 'Call or text 988', but one link can only call "
        'or text; make two links, "Call ..." with tel: and "Text ..." with sms:.'
    ]
    assert not (tmp_path / "out").exists()


def boxes(page) -> list[dict]:
    return page.evaluate(
        """(selector) => [...document.querySelectorAll(selector)]
           .filter(a => a.getClientRects().length > 0)  // search's crisis block waits hidden
           .map(a => {
             const box = a.getBoundingClientRect();
             return {text: a.textContent.trim(), href: a.getAttribute('href'),
                     width: box.width, height: box.height, top: box.top, bottom: box.bottom,
                     extra: a.closest('.crisis-now, .crisis-resources--translated') !== null};
           })""",
        CRISIS_LINKS,
    )


def test_crisis_links_are_44px_tap_targets_at_375px(browser, site):
    smallest = None
    with kept_page(browser, viewport=PHONE) as page:
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
    hrefs = [
        a["href"]
        for a in soup.select("main .crisis-resources:not(.crisis-resources--translated) a")
    ]
    assert len(hrefs) == len(set(hrefs)) == 5
    with kept_page(browser, viewport=PHONE) as page:
        page.goto(f"{built.url}/help/")
        listed = [box for box in boxes(page) if box["href"] in hrefs and not box["extra"]]
        assert [box["href"] for box in listed] == hrefs
        for box in listed:
            assert box["top"] >= 0 and box["bottom"] <= PHONE["height"], box
        lowest = max(box["bottom"] for box in listed)
        print(f"\n/help/ at 375x812 ({build}): last resource link ends at y = {lowest:.0f}")


# Small and old phones, the common sizes, and a laptop (CSS px).
SIZES = [(320, 568), (360, 640), (375, 667), (360, 740), (375, 812), (1280, 900)]
FIRST = [("Call 988", "tel:988"), ("Text 988", "sms:988"), ("Call 911", "tel:911")]


@pytest.mark.parametrize("width, height", SIZES)
def test_help_first_screen_calls_and_texts_at_every_size(browser, published, width, height):
    """Call 988, Text 988 and Call 911 wholly on the first screen of /help/, no scrolling."""
    with kept_page(browser, viewport={"width": width, "height": height}) as page:
        page.goto(f"{published.url}/help/")
        assert page.evaluate("scrollY") == 0
        found = boxes(page)
        where = []
        for text, href in FIRST:
            seen = [
                box
                for box in found
                if (box["text"], box["href"]) == (text, href)
                and box["top"] >= 0
                and box["bottom"] <= height
                and box["width"] >= TARGET
                and box["height"] >= TARGET
            ]
            assert seen, (text, width, height, [b for b in found if b["href"] == href])
            where.append(f"{text} {seen[0]['top']:.0f}-{seen[0]['bottom']:.0f}")
    print(f"\n/help/ at {width}x{height}: " + ", ".join(where))


def test_help_offers_the_lifeline_in_spanish_in_spanish_words(published):
    """Spanish on /help/, as the Lifeline's own page says it works: call 988 and press 2, or
    text AYUDA to 988; each link's Spanish words marked lang="es", with an English gloss."""
    block = published.one("help/", "main .crisis-help")
    spanish = {
        " ".join(a.select_one('[lang="es"]').get_text().split()): a["href"]
        for a in block.select("a")
        if a.select_one('[lang="es"]')
    }
    assert spanish == {"Llama al 988 y marca 2": "tel:988", "Envía AYUDA al 988": "sms:988"}
    assert mismatched(block) == []
    assert " ".join(block.get_text().split()).count("(call 988, press 2)") == 1
    text = published.path("help/").read_text(encoding="utf-8").lower()
    # Published only once verified on a current Lifeline page (pelicanconf.py says why not).
    for unverified in ("videophone", "asl", "1-800-273-8255", "chat en español"):
        assert unverified not in text
