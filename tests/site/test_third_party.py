"""The built pages load nothing from another host, and open no connection to one.

What a person reads about therapy is health data: a font, image or script from another host,
or even a `preconnect` to one, tells that host who is reading. The browser tests record
requests, but a `preconnect` or `dns-prefetch` sends none they see, and a lazy image or a form
may never be requested in a test; the template source cannot show what a setting expands to.
So these tests read the built output: every attribute that makes the browser fetch or connect,
inline CSS (`<style>`, `style=""`), the stylesheets the pages link (and what those `@import`),
absolute URLs in the site's own scripts that the pages load, and the `Link` headers in
`_headers`. Links a reader clicks (`<a href>`, the crisis links) may go
anywhere; `data:` URLs and the site's own address are fine.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

# Attributes whose URL the browser fetches, connects to or sends data to without a click on a
# link: on any element, then per element. `data-bundle` is the site's own: the search script
# loads Pagefind from it.
ANY_ELEMENT = ("src", "srcset", "imagesrcset", "poster", "background", "ping", "formaction")
PER_ELEMENT = {
    "link": ("href",),
    "script": ("href", "xlink:href"),
    "base": ("href",),
    "form": ("action",),
    "object": ("data", "codebase"),
    "image": ("href", "xlink:href"),
    "use": ("href", "xlink:href"),
    "feimage": ("href", "xlink:href"),
    "html": ("manifest",),
}
PROJECT_ATTRS = ("data-bundle",)
SRCSET_ATTRS = {"srcset", "imagesrcset"}

CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})\s?|\\(.)", re.S)
CSS_URL = re.compile(r"""\b(?:url|src)\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)""", re.I)
CSS_IMPORT = re.compile(r"""@import\s+(?:"([^"]*)"|'([^']*)')""", re.I)
CSS_IMAGE_SET = re.compile(r"image-set\(([^)]*)\)", re.I)
CSS_STRING = re.compile(r""""([^"]*)"|'([^']*)'""")
META_REFRESH_URL = re.compile(r"""url\s*=\s*['"]?([^'"\s]+)""", re.I)
# An absolute or protocol-relative URL opening a string in a script: what it could import or fetch.
JS_URL = re.compile(r"""["'`]((?:https?:)?//[^"'`\s]+)""", re.I)


def _unescape_css(text: str) -> str:
    def char(match: re.Match[str]) -> str:
        if match[1]:
            code = int(match[1], 16)
            return chr(code) if 0 < code <= 0x10FFFF else "\ufffd"
        return match[2]

    return CSS_ESCAPE.sub(char, text)


def css_urls(css: str) -> list[str]:
    """Every URL a stylesheet can load: url(), src(), @import and image-set() strings."""
    text = _unescape_css(CSS_COMMENT.sub("", css))
    found = [next(g for g in m.groups() if g is not None) for m in CSS_URL.finditer(text)]
    found += [m[1] if m[1] is not None else m[2] for m in CSS_IMPORT.finditer(text)]
    for image_set in CSS_IMAGE_SET.finditer(text):
        found += [m[1] if m[1] is not None else m[2] for m in CSS_STRING.finditer(image_set[1])]
    return found


def srcset_urls(value: str) -> list[str]:
    """The URLs of a srcset, as the HTML standard splits it (a data: URL may hold commas)."""
    urls, pos = [], 0
    while pos < len(value):
        pos = re.compile(r"[\s,]*").match(value, pos).end()
        if pos >= len(value):
            break
        url = re.compile(r"\S+").match(value, pos)[0]
        pos += len(url)
        if url.endswith(","):
            url = url.rstrip(",")
        else:  # skip the descriptors, up to the next comma outside parentheses
            depth = 0
            while pos < len(value) and not (value[pos] == "," and depth <= 0):
                depth += {"(": 1, ")": -1}.get(value[pos], 0)
                pos += 1
        urls.append(url)
    return urls


def elsewhere(url: str, base: str, own_host: str) -> str | None:
    """The absolute URL if it points anywhere but this site (or a data: URL), else None."""
    if not url.strip():
        return None
    absolute = urljoin(base, url.strip())
    parts = urlsplit(absolute)
    if parts.scheme == "data":
        return None
    if parts.scheme in {"http", "https"} and parts.netloc.lower() == own_host:
        return None
    return absolute


def third_party(
    html: str, page_url: str, own_host: str, read_own: Callable[[str], str | None]
) -> tuple[list[str], int]:
    """What in one page reaches another host, as `where: URL`; and how many URLs were checked.

    `read_own(url)` returns the text of one of the site's own files (a linked stylesheet)."""
    soup = BeautifulSoup(html, "lxml")
    found: list[str] = []
    checked = 0

    def check(url: str, where: str) -> None:
        nonlocal checked
        checked += 1
        if (remote := elsewhere(url, page_url, own_host)) is not None:
            found.append(f"{where}: {remote}")

    def check_css(css: str, where: str, base: str, seen: set[str]) -> None:
        nonlocal checked
        for url in css_urls(css):
            checked += 1
            if (remote := elsewhere(url, base, own_host)) is not None:
                found.append(f"{where} url(): {remote}")
                continue
            absolute = urljoin(base, url)
            text = read_own(absolute) if absolute not in seen else None
            if text is not None and absolute.split("?")[0].endswith(".css"):  # @import
                check_css(text, f"{where} -> {absolute}", absolute, seen | {absolute})

    for element in soup.find_all(True):
        attrs = (*ANY_ELEMENT, *PER_ELEMENT.get(element.name, ()), *PROJECT_ATTRS)
        for attr in attrs:
            value = element.get(attr)
            if value is None:
                continue
            value = " ".join(value) if isinstance(value, list) else value
            where = f"<{element.name}{_rel(element)}> {attr}"
            for url in srcset_urls(value) if attr in SRCSET_ATTRS else value.split():
                check(url, where)
        if element.get("style"):
            check_css(element["style"], f'<{element.name} style="">', page_url, set())
    for style in soup.find_all("style"):
        check_css(style.get_text(), "<style>", page_url, set())
    for meta in soup.find_all("meta", attrs={"http-equiv": re.compile("^refresh$", re.I)}):
        if match := META_REFRESH_URL.search(meta.get("content", "")):
            check(match[1], '<meta http-equiv="refresh">')
    for link in soup.find_all("link", rel=True, href=True):
        if "stylesheet" in link["rel"] and elsewhere(link["href"], page_url, own_host) is None:
            url = urljoin(page_url, link["href"])
            text = read_own(url)
            assert text is not None, f"the linked stylesheet {url} is not in the output"
            check_css(text, f"stylesheet {url}", url, {url})
    for script in soup.find_all("script", src=True):
        if elsewhere(script["src"], page_url, own_host) is None:
            url = urljoin(page_url, script["src"])
            text = read_own(url)
            assert text is not None, f"the linked script {url} is not in the output"
            for match in JS_URL.finditer(text):
                check(match[1], f"script {url}")
    return found, checked


def _rel(element) -> str:
    rel = element.get("rel")
    return f' rel="{" ".join(rel)}"' if rel else ""


@pytest.fixture(scope="module")
def own(site):
    """The site's host, and a reader for its own files by absolute URL."""
    host = urlsplit(site.url).netloc.lower()

    def read_own(url: str) -> str | None:
        parts = urlsplit(url)
        if parts.netloc.lower() != host:
            return None
        path = site.output / unquote(parts.path).lstrip("/")
        return path.read_text(encoding="utf-8") if path.is_file() else None

    return host, read_own


def test_built_pages_load_nothing_from_another_host(site, own):
    host, read_own = own
    pages = site.html_files()
    assert len(pages) > 15, "the build wrote the whole site"
    problems, checked = [], 0
    for path in pages:
        rel = path.relative_to(site.output).as_posix()
        found, count = third_party(
            path.read_text(encoding="utf-8"), f"{site.url}/{rel}", host, read_own
        )
        problems += [f"{rel}: {problem}" for problem in found]
        checked += count
    assert problems == [], "\n".join(problems)
    # The walk saw every page's own resources (at least its stylesheet and its icon).
    assert checked >= 2 * len(pages)


def test_headers_file_links_no_other_host(site, own):
    """A `Link: <https://...>; rel=preconnect` header would connect as the page loads."""
    host, _read_own = own
    headers = (site.output / "_headers").read_text(encoding="utf-8")
    remote = [
        f"{line.strip()}"
        for line in headers.splitlines()
        if line.strip().lower().startswith("link:")
        and any(elsewhere(url, site.url + "/", host) for url in re.findall(r"<([^>]*)>", line))
    ]
    assert remote == []


OWN = "http://blog.test"
OWN_FILES = {
    f"{OWN}/theme/css/style.css": (
        "/* fonts: https://fonts.example.net is not used */\n"
        ".icon { background: url(data:image/png;base64,AAAA) }\n"
        ".lake { background-image: url('/images/lake.png') }\n"
        '.prose a[href^="http"]::after { content: " (" attr(href) ")" }\n'
    ),
    f"{OWN}/theme/css/remote.css": ".x { background: url(https://img.example.net/x.png) }",
    f"{OWN}/theme/css/imports.css": '@import "remote.css";',
    f"{OWN}/theme/js/own.js": "// https://example.net/docs\nimport(`${root.dataset.bundle}x.js`);",
    f"{OWN}/theme/js/cdn.js": 'import { x } from "https://cdn.example.net/x.js";',
}
REMOTE = {
    "preconnect": '<link rel="preconnect" href="https://fonts.gstatic.com">',
    "preconnect, upper case": '<link rel="PRECONNECT" href="HTTPS://FONTS.GSTATIC.COM">',
    "dns-prefetch, protocol-relative": '<link rel="dns-prefetch" href="//fonts.gstatic.com">',
    "preload": '<link rel="preload" as="font" href="https://cdn.example.net/f.woff2">',
    "prefetch": '<link rel="prefetch" href="https://cdn.example.net/next.html">',
    "modulepreload": '<link rel="modulepreload" href="https://cdn.example.net/m.js">',
    "preload imagesrcset": (
        f'<link rel="preload" as="image" href="{OWN}/a.png" '
        'imagesrcset="https://img.example.net/a.png 1x">'
    ),
    "stylesheet": '<link rel="stylesheet" href="https://cdn.example.net/s.css">',
    "script": '<script src="https://cdn.example.net/a.js"></script>',
    "img": '<img src="https://img.example.net/a.png" alt="">',
    "img srcset": '<img src="/a.png" srcset="/a.png 1x, https://img.example.net/a2.png 2x" alt="">',
    "picture source": '<picture><source srcset="https://img.example.net/a.webp"></picture>',
    "iframe": '<iframe src="https://video.example.net/embed" title="x"></iframe>',
    "audio": '<audio src="https://media.example.net/a.mp3"></audio>',
    "video poster": '<video poster="https://img.example.net/p.jpg"></video>',
    "object": '<object data="https://cdn.example.net/x.svg"></object>',
    "form action": '<form action="https://forms.example.net/submit"></form>',
    "button formaction": '<button formaction="https://forms.example.net/">Send</button>',
    "base": '<base href="https://cdn.example.net/">',
    "ping": '<a href="https://988lifeline.org/" ping="https://track.example.net/">x</a>',
    "meta refresh": '<meta http-equiv="refresh" content="0; url=https://elsewhere.example.net/">',
    "svg image": '<svg><image href="https://img.example.net/x.png"/></svg>',
    "svg use": '<svg><use xlink:href="https://img.example.net/s.svg#i"/></svg>',
    "search bundle": '<div id="search" data-bundle="https://cdn.example.net/pagefind/"></div>',
    "inline style url": '<style>body { background: url("https://img.example.net/bg.png") }</style>',
    "inline style @import": '<style>@import "https://fonts.example.net/css";</style>',
    "inline @font-face": "<style>@font-face { src: url(https://fonts.example.net/f.woff) }</style>",
    "inline escaped url": r"<style>.a { background: url(ht\74ps://img.example.net/x.png) }</style>",
    "inline image-set": (
        '<style>.a { background: image-set("https://img.example.net/x.png" 1x) }</style>'
    ),
    "style attribute": '<p style="background-image: url(//img.example.net/bg.png)">x</p>',
    "linked own stylesheet": f'<link rel="stylesheet" href="{OWN}/theme/css/remote.css">',
    "linked own stylesheet's @import": (
        f'<link rel="stylesheet" href="{OWN}/theme/css/imports.css">'
    ),
    "linked own script": f'<script type="module" src="{OWN}/theme/js/cdn.js"></script>',
}
ALLOWED = f"""<!doctype html><html><head>
<link rel="stylesheet" href="{OWN}/theme/css/style.css">
<link rel="icon" href="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'%3E%3C/svg%3E">
<link rel="canonical" href="{OWN}/post/">
<script type="application/ld+json">{{"@context": "https://schema.org"}}</script>
<style>.x {{ background: url(data:image/png;base64,AAAA) }}</style>
</head><body>
<a href="https://988lifeline.org/chat/">Chat at 988lifeline.org</a> <a href="tel:988">Call 988</a>
<img src="/images/a.png" srcset="/images/a-480.png 480w, {OWN}/images/a.png 800w" alt="">
<img src="../images/b.png" srcset="data:image/png;base64,AA,BB 1x" alt="">
<form action="{OWN}/search/"><button>Search</button></form>
<div data-bundle="{OWN}/pagefind/"></div>
<script type="module" src="{OWN}/theme/js/own.js"></script>
</body></html>"""


def run_checker(html: str) -> tuple[list[str], int]:
    return third_party(html, f"{OWN}/post/index.html", "blog.test", OWN_FILES.get)


@pytest.mark.parametrize("snippet", list(REMOTE.values()), ids=list(REMOTE))
def test_the_checker_finds_each_way_to_reach_another_host(snippet):
    """Control: each kind of reference, alone in an otherwise clean page, is reported once."""
    page = ALLOWED.replace("</body>", snippet + "</body>")
    found, _checked = run_checker(page)
    assert len(found) == 1, found


def test_the_checker_allows_own_files_data_urls_and_clicked_links():
    found, checked = run_checker(ALLOWED)
    assert found == []
    assert checked >= 10  # it did look at each of them
