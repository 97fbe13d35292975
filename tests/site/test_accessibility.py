"""axe-core (WCAG 2.2 A/AA and best practices) finds nothing, in light and dark schemes.

Also: the pages ask no host but the local server for anything.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import browser_page

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


@pytest.fixture(scope="module")
def axe_results(browser, site, axe):
    """axe's answer for a page in each scheme, from one load of the page: checked in the light
    scheme, switched to the dark one (`prefers-color-scheme` follows at once; no animation or
    transition may still be running when axe reads the colours) and checked again."""
    answers: dict[tuple[str, str], dict] = {}

    def answer(name: str, scheme: str) -> dict:
        if (name, scheme) not in answers:
            with browser_page(browser, viewport={"width": 390, "height": 844}) as page:
                page.goto(site.url + PAGES[name])
                for each in ("light", "dark"):
                    page.emulate_media(color_scheme=each)
                    page.wait_for_function("document.getAnimations().length === 0")
                    answers[name, each] = axe.run(page).response
        return answers[name, scheme]

    return answer


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
    with browser_page(browser, viewport={"width": 320, "height": 640}) as page:
        for path in PAGES.values():
            page.goto(site.url + path)
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, path
