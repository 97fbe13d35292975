"""axe-core (WCAG 2.2 A/AA and best practices) finds nothing, in light and dark schemes.

Also: the pages ask no host but the local server for anything.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import browser_page, kept_page

PAGES = {
    "home": "/",
    "article": "/intensive-outpatient-therapy-program/",
    "about": "/about/",
    "tag": "/tag/iop/",
    "archives": "/archives/",
    "404": "/no-such-page/",
    "help": "/help/",
    "search": "/search/?q=therapy",
    "search in crisis": "/search/?q=i%20want%20to%20kill%20myself",  # help shown first
    "post with review and warning": "/care-review-test-post/",
}


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


# What the dark scheme changes: the stylesheet's only `prefers-color-scheme` rule sets colour
# custom properties on :root and nothing else (test_the_dark_scheme_changes_colours_only), so
# axe's rules about colour are the ones whose answer can differ from the light scheme's.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]


@pytest.fixture(scope="module")
def axe_results(browser, site, axe):
    """axe's answer for a page in each scheme, from one load of the page (each in turn in the
    same tab: axe's script, compiled once, stays warm): every rule in the light scheme; then,
    switched to the dark one (`prefers-color-scheme` follows at once; no animation or
    transition may still be running when axe reads the colours), the rules about colour."""
    answers: dict[tuple[str, str], dict] = {}
    with browser_page(browser, viewport={"width": 390, "height": 844}) as page:

        def answer(name: str, scheme: str) -> dict:
            if (name, scheme) not in answers:
                page.emulate_media(color_scheme="light")
                page.goto(site.url + PAGES[name])
                answers[name, "light"] = axe.run(page).response
                page.emulate_media(color_scheme="dark")
                page.wait_for_function("document.getAnimations().length === 0")
                only = {"runOnly": {"type": "rule", "values": COLOUR_RULES}}
                answers[name, "dark"] = axe.run(page, options=only).response
            return answers[name, scheme]

        yield answer


def test_the_dark_scheme_changes_colours_only(browser, site):
    """Every `prefers-color-scheme` rule in every page's styles sets custom properties (all
    colours) on :root alone: nothing but colour can differ between the schemes."""
    with browser_page(browser) as page:
        for name, path in PAGES.items():
            page.goto(site.url + path)
            found = page.evaluate(
                """() => [...document.styleSheets].flatMap(sheet => [...sheet.cssRules])
                     .filter(rule => rule.media && rule.conditionText.includes('color-scheme'))
                     .flatMap(rule => [...rule.cssRules].map(inner => ({
                        selector: inner.selectorText,
                        properties: [...inner.style].map(p => [p, inner.style.getPropertyValue(p)])
                     })))"""
            )
            assert found, f"{name}: no prefers-color-scheme rule found"
            for rule in found:
                assert rule["selector"] == ":root", (name, rule)
                for prop, value in rule["properties"]:
                    assert prop.startswith("--") and re.fullmatch(
                        r"\s*#[0-9a-f]{3,8}\s*", value, re.I
                    ), (name, prop, value)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_axe_violations(axe_results, name, scheme):
    response = axe_results(name, scheme)
    problems = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}"
        for v in response["violations"]
    ]
    assert problems == [], "\n".join(problems)
    # axe really ran its rules on this page.
    assert response["testEngine"]["name"] == "axe-core"


@pytest.mark.parametrize("name", list(PAGES))
def test_no_request_leaves_the_local_server(page, site, name):
    page.goto(site.url + PAGES[name])
    page.wait_for_load_state("networkidle")
    hosts = {urlsplit(url).netloc for url in page.requests if not url.startswith("data:")}
    assert hosts == {urlsplit(site.url).netloc}
    # The page alone (its stylesheet is inline), plus any picture the writing itself shows
    # (the test profile's photo on /about/), plus, on /search/ only, the search script and the
    # Pagefind files it fetches for the query. Nothing else.
    pictures = set(page.eval_on_selector_all("main img[src]", "imgs => imgs.map(i => i.src)"))
    first, *rest = page.requests
    assert first == site.url + PAGES[name], page.requests
    if name.startswith("search"):
        searching = ("/pagefind/", "/theme/js/search.js")
        rest = [url for url in rest if not urlsplit(url).path.startswith(searching)]
    assert [url for url in rest if url not in pictures] == [], page.requests


def test_reading_needs_no_javascript(browser, site):
    with browser_page(browser, java_script_enabled=False) as page:
        page.goto(site.url + PAGES["article"])
        assert "no shame in seeking professional help" in page.inner_text("main")


def test_layout_fits_a_320px_screen(browser, site):
    with kept_page(browser, viewport={"width": 320, "height": 640}) as page:
        for path in PAGES.values():
            page.goto(site.url + path)
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, path
