"""Every kind of page of the production build runs in Chromium under its CSP without a violation.

The pages carry the CSP `<meta>` (as on GitHub Pages); each response also gets the headers
`_headers` gives its path (as on Netlify and Cloudflare Pages), applied by a Playwright route.
A `securitypolicyviolation` listener, installed before any page script, records every
violation; console errors and uncaught exceptions are recorded too. The stylesheet is inline,
allowed by its sha256: every page renders from one request, and a `<style>` changed by one
byte is blocked and reported.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from conftest import RECORD_VIOLATIONS
from hosting import headers_for, parse_headers


def first(site, pattern: str) -> str:
    """The URL path of the first built page whose output path matches `pattern`."""
    for path in site.html_files():
        rel = path.relative_to(site.output).as_posix()
        if re.fullmatch(pattern, rel):
            return "/" + rel.removesuffix("index.html")
    pytest.fail(f"the build has no page matching {pattern}")


def template_pages(site) -> dict[str, str]:
    pages = {
        "index": "/",
        "article": "/intensive-outpatient-therapy-program/",
        "page": "/about/",
        "category": first(site, r"category/[^/]+/index\.html"),
        "tag": first(site, r"tag/[^/]+/index\.html"),
        "archives": "/archives/",
        "period_archives (year)": first(site, r"\d{4}/index\.html"),
        "period_archives (month)": first(site, r"\d{4}/\d{2}/index\.html"),
        "tags": "/tags/",
        "categories": "/categories/",
        "help": "/help/",
        "404": "/no-such-page/",
        "search": "/search/",
    }
    assert (site.output / "search" / "index.html").is_file(), "the build has no search page"
    return pages


@pytest.fixture(scope="module")
def rules(site):
    return parse_headers((site.output / "_headers").read_text(encoding="utf-8"))


def host_context(browser, site, rules, use_header: bool = True):
    """A browser context recording CSP violations; with `use_header`, every response
    carries the `_headers` headers as Netlify or Cloudflare Pages would send them."""
    context = browser.new_context()
    if use_header:

        def with_host_headers(route) -> None:
            response = route.fetch()
            extra = headers_for(rules, urlsplit(route.request.url).path)
            route.fulfill(response=response, headers={**response.headers, **extra})

        context.route(f"{site.url}/**", with_host_headers)
    context.add_init_script(RECORD_VIOLATIONS)
    return context


@pytest.fixture
def csp_page(browser, site, rules):
    """A page whose responses carry the `_headers` headers, recording violations and errors."""
    context = host_context(browser, site, rules)
    page = context.new_page()
    page.errors = []
    page.responses = []
    page.on("console", lambda msg: msg.type == "error" and page.errors.append(msg))
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    page.on("response", lambda response: page.responses.append(response))
    yield page
    context.close()


def loaded(page) -> None:
    """Wait for the load event (the page and every resource it asked for while loading), then
    for the tasks queued before it (violation and error reports) to have run: events awaited,
    where "networkidle" sleeps half a second per page."""
    page.wait_for_load_state("load")
    page.evaluate("() => new Promise(resolve => setTimeout(resolve, 0))")


def visit(page, url: str, search: bool = False) -> list[str]:
    """Load `url` (with `search`, also search in its box); return violations and errors."""
    page.goto(url)
    loaded(page)
    if search:
        box = page.locator("input[type=search]")
        assert box.count() == 1, f"{url} has {box.count()} search boxes"
        # Searching fetches and compiles Pagefind's WebAssembly and index: what the CSP's
        # 'wasm-unsafe-eval' and connect-src are for. Wait until the WebAssembly arrived.
        with page.expect_response(lambda r: "/pagefind/" in r.url and "wasm" in r.url):
            box.fill("therapy")
        # The search ran under the policy: its results came back.
        page.locator("#search-results a").first.wait_for(timeout=10_000)
        page.wait_for_load_state("networkidle")
    problems = [f"CSP: {v}" for v in page.evaluate("window.__violations")]
    for error in page.errors:
        text = error if isinstance(error, str) else error.text
        # The 404 page's own status is logged as an error by Chromium: expected there only.
        own_404 = (
            not isinstance(error, str)
            and error.location.get("url") == url
            and "404" in text
            and url.endswith("/no-such-page/")
        )
        if not own_404:
            problems.append(f"console: {text}")
    return problems


def test_every_template_page_runs_clean_under_the_csp(csp_page, site):
    results = {}
    for name, path in template_pages(site).items():
        csp_page.errors.clear()
        results[name] = visit(csp_page, site.url + path, search=name == "search")
    failed = {name: problems for name, problems in results.items() if problems}
    assert failed == {}, failed
    # The policy really arrived both ways: the header on every response, the meta in the page.
    documents = [r for r in csp_page.responses if r.request.resource_type == "document"]
    assert len(documents) == len(results)
    assert all("content-security-policy" in r.all_headers() for r in documents)
    meta = csp_page.locator('meta[http-equiv="Content-Security-Policy"]')
    assert meta.count() == 1
    print(f"CSP browser check: {len(results)} template pages, no violation: {sorted(results)}")


@pytest.mark.parametrize("use_header", [False, True], ids=["meta only", "meta and header"])
def test_an_inline_script_or_style_would_be_reported(browser, site, rules, use_header):
    """Control: the same listener does see violations, so a clean run above means something."""
    context = host_context(browser, site, rules, use_header)
    page = context.new_page()
    try:
        page.goto(site.url + "/about/")
        page.evaluate(
            """() => {
              const script = document.createElement("script");
              script.textContent = "window.__ran = true";
              document.body.append(script);
              document.body.insertAdjacentHTML("beforeend", '<p style="color: red">x</p>');
            }"""
        )
        page.wait_for_timeout(200)
        violations = page.evaluate("window.__violations")
        assert page.evaluate("window.__ran === undefined"), "the inline script was blocked"
        assert any(v.startswith("script-src") for v in violations), violations
        assert any(v.startswith("style-src") for v in violations), violations
    finally:
        context.close()


def hex_to_rgb(colour: str) -> str:
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({red}, {green}, {blue})"


# What the inline stylesheet did to the page: its --bg custom property ("" when the <style>
# was blocked) and the body's computed background.
APPLIED_STYLE = """() => ({
  bg: getComputedStyle(document.documentElement).getPropertyValue("--bg").trim(),
  body: getComputedStyle(document.body).backgroundColor,
  dark: matchMedia("(prefers-color-scheme: dark)").matches,
})"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_renders_from_one_request(browser, site, rules, scheme):
    """The HTML is the only request the theme makes: the stylesheet is inline, the icon a data:
    URI, and the style applies under the policy. The search page's script (search as you type)
    is the one other file, a module that does not hold up rendering."""
    context = host_context(browser, site, rules)
    page = context.new_page()
    page.emulate_media(color_scheme=scheme)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    counts = {}
    try:
        for name, path in template_pages(site).items():
            requests.clear()
            page.goto(site.url + path)
            loaded(page)
            # A picture the writing itself shows (the test profile's photo on /about/) is the
            # writing's, not the theme's: the published site has none.
            pictures = page.eval_on_selector_all("main img[src]", "imgs => imgs.map(i => i.src)")
            others = [url.removeprefix(site.url) for url in requests[1:] if url not in pictures]
            expected = ["/theme/js/search.js"] if name == "search" else []
            assert requests[0] == site.url + path and others == expected, (name, others)
            style = page.evaluate(APPLIED_STYLE)
            assert style["dark"] == (scheme == "dark")
            assert style["bg"].startswith("#") and style["body"] == hex_to_rgb(style["bg"]), name
            assert page.evaluate("window.__violations") == [], name
            counts[name] = len(requests)
    finally:
        context.close()
    print(f"requests per page ({scheme}): {counts}")


def tamper_route(site, rules, use_header: bool):
    """Serve every page with one space added at the end of its <style> text."""

    def handler(route) -> None:
        response = route.fetch()
        body = response.body()
        if "text/html" in response.headers.get("content-type", ""):
            body = body.replace(b"</style>", b" </style>", 1)
        extra = headers_for(rules, urlsplit(route.request.url).path) if use_header else {}
        route.fulfill(response=response, body=body, headers={**response.headers, **extra})

    return handler


@pytest.mark.parametrize("use_header", [False, True], ids=["meta only", "meta and header"])
def test_a_style_that_does_not_match_the_hash_is_blocked(browser, site, rules, use_header):
    """The policy is in force: one byte more in the <style> and Chromium refuses it, reports a
    violation, and the page is unstyled; the page as built applies its style cleanly."""
    context = host_context(browser, site, rules, use_header)
    page = context.new_page()
    try:
        page.goto(site.url + "/about/")
        assert page.evaluate("window.__violations") == []
        assert page.evaluate(APPLIED_STYLE)["bg"].startswith("#")

        context.route(f"{site.url}/**", tamper_route(site, rules, use_header))
        page.goto(site.url + "/about/")
        assert page.content().count(" </style>") == 1, "the tampered page was served"
        violations = page.evaluate("window.__violations")
        assert any(re.fullmatch(r"style-src(-elem)? blocked inline", v) for v in violations), (
            violations
        )
        style = page.evaluate(APPLIED_STYLE)
        assert style["bg"] == "" and style["body"] == "rgba(0, 0, 0, 0)", style
    finally:
        context.close()


def test_an_awkwardly_saved_stylesheet_is_hashed_as_the_browser_hashes_it(browser, request):
    """A stylesheet saved with Windows line ends, a byte order mark and non-ASCII text, built
    into pages: Chromium applies it under the built policy (header and meta) without a
    violation, so the build hashed exactly the text the browser sees."""
    built = request.getfixturevalue("restyled")
    rules = parse_headers((built.output / "_headers").read_text(encoding="utf-8"))
    context = host_context(browser, built, rules)
    page = context.new_page()
    try:
        for path in ("/", "/about/", "/intensive-outpatient-therapy-program/"):
            page.goto(built.url + path)
            assert page.evaluate("window.__violations") == [], path
            style = page.evaluate(APPLIED_STYLE)
            assert style["body"] == hex_to_rgb(style["bg"]), path
    finally:
        context.close()
