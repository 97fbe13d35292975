"""The first screen reads, measured in Chromium: the article's first paragraph starts in the top
60% of a phone's screen; the header takes two rows at most and 120 px at most on any phone (320
px included) and one row from 1024 px; at 400% zoom (1280x900 seen as 320x225) the page's h1's
first line is in the top half; no word of the site's name is ever split, with or without WCAG 1.4.12
text spacing; the table of contents is folded, heading anchors follow the heading's text and
show on hover and focus, and the home page does not repeat the site's name under the header."""

from __future__ import annotations

import pytest
from conftest import browser_page, kept_page, loaded_tabs

IOP = "intensive-outpatient-therapy-program/"
PHONES = [(360, 740), (375, 812)]


@pytest.fixture(params=["published", "site"])
def built(request):
    """The site as published (no byline) and with the test profile (a byline in the meta)."""
    return request.getfixturevalue(request.param)


@pytest.mark.parametrize("width, height", PHONES)
def test_first_paragraph_starts_in_the_top_60_percent(browser, built, width, height):
    with kept_page(browser, viewport={"width": width, "height": height}) as page:
        page.goto(f"{built.url}/{IOP}")
        top = page.evaluate("document.querySelector('.prose > p').getBoundingClientRect().top")
    print(f"\nfirst paragraph at {width}x{height}: y = {top:.0f} ({top / height:.0%})")
    assert 0 < top <= 0.6 * height


def header_rows(page) -> int:
    """Rows of the header's items (name, help link, each navigation link): items whose boxes
    overlap vertically share a row."""
    boxes = page.evaluate(
        """() => [...document.querySelectorAll(
                 '.site-header .site-name, .site-header .help-link, .site-header .site-nav a')]
             .map(e => { const b = e.getBoundingClientRect(); return [b.top, b.bottom]; })"""
    )
    rows: list[list[float]] = []
    for top, bottom in sorted(boxes):
        if rows and top < rows[-1][1]:
            rows[-1][1] = max(rows[-1][1], bottom)
        else:
            rows.append([top, bottom])
    assert len(boxes) >= 6  # name, help, at least four navigation links
    return len(rows)


HEADER_PAGES = ("", IOP, "help/", "search/", "archives/", "no-such-page/")


@pytest.fixture(scope="module")
def header_tabs(browser, site):
    """Each of HEADER_PAGES loaded once in a tab of its own, kept for the module: a test sets
    the screen size it measures (the layout follows a resize as it follows a load's size)."""
    urls = [f"{site.url}/{path}" for path in HEADER_PAGES]
    with loaded_tabs(browser, urls) as tabs:
        yield dict(zip(HEADER_PAGES, tabs, strict=True))


def sized(tabs: dict, width: int, height: int):
    """(path, tab) of each tab, at `width` x `height`."""
    for path, tab in tabs.items():
        tab.set_viewport_size({"width": width, "height": height})
        yield path, tab


@pytest.mark.parametrize(
    "width, most", [(320, 2), (360, 2), (375, 2), (400, 2), (1024, 1), (1280, 1)]
)
def test_header_rows(header_tabs, width, most):
    for path, page in sized(header_tabs, width, 800):
        assert header_rows(page) <= most, (width, path)


@pytest.mark.parametrize("width, height", [(320, 568), (360, 640), (375, 667), (320, 225)])
def test_header_is_at_most_120px_tall_on_a_phone(header_tabs, width, height):
    tallest = 0.0
    for path, page in sized(header_tabs, width, height):
        box = page.locator("header.site-header").bounding_box()
        tallest = max(tallest, box["height"])
        assert box["y"] == 0 and box["height"] <= 120, (path, box)
    print(f"\nheader at {width}x{height}: {tallest:.0f} px tall at most")


def test_at_400_percent_zoom_the_h1_first_line_is_in_the_top_half(header_tabs):
    """1280x900 at 400% zoom is a 320x225 CSS px viewport: the header must leave room."""
    width, height = 320, 225
    for path, page in sized(header_tabs, width, height):
        h1 = page.evaluate(
            """() => { const h = document.querySelector('main h1');
                       const r = document.createRange(); r.selectNodeContents(h);
                       const first = r.getClientRects()[0];
                       return {top: h.getBoundingClientRect().top, line: first.bottom}; }"""
        )
        print(
            f"\n{path or '/'} at 320x225: h1 from y = {h1['top']:.0f},"
            f" its first line ends at y = {h1['line']:.0f}"
        )
        assert 0 < h1["top"] < h1["line"] <= height / 2, (path, h1)


# WCAG 1.4.12 Text Spacing: what a reader's style sheet may set; nothing may be lost.
TEXT_SPACING = """* { line-height: 1.5 !important; letter-spacing: 0.12em !important;
                     word-spacing: 0.16em !important; }
                  p { margin-bottom: 2em !important; }"""


def split_words(page) -> list[str]:
    """Words of the site's name whose letters lie on more than one line."""
    return page.evaluate(
        r"""() => { const text = document.querySelector('.site-name').firstChild;
                   const split = []; const re = /\S+/g; let m;
                   while ((m = re.exec(text.data))) {
                     const r = document.createRange();
                     r.setStart(text, m.index); r.setEnd(text, m.index + m[0].length);
                     const tops = new Set([...r.getClientRects()].map(b => Math.round(b.top)));
                     if (tops.size > 1) split.push(m[0]);
                   }
                   return split; }"""
    )


@pytest.fixture(scope="module")
def name_tabs(browser, site):
    """The pages that show the site's name, each loaded once as published and once with the
    WCAG text spacing a reader's style sheet may add: {(spacing, path): tab}."""
    kinds = [(spacing, path) for spacing in (False, True) for path in ("", "help/", "search/")]
    # bypass_csp: the strict policy would (rightly) refuse the reader's injected style.
    urls = [f"{site.url}/{path}" for _, path in kinds]
    with loaded_tabs(browser, urls, bypass_csp=True) as tabs:
        for (spacing, _path), tab in zip(kinds, tabs, strict=True):
            if spacing:
                tab.add_style_tag(content=TEXT_SPACING)
                spaced = tab.evaluate(
                    "getComputedStyle(document.querySelector('.site-name')).letterSpacing"
                )
                assert spaced != "normal", "the text spacing did not apply"
        yield dict(zip(kinds, tabs, strict=True))


@pytest.mark.parametrize("spacing", [False, True], ids=["plain", "wcag-text-spacing"])
@pytest.mark.parametrize("width, height", [(320, 568), (320, 225), (360, 640), (375, 667)])
def test_no_word_of_the_site_name_is_split(name_tabs, width, height, spacing):
    tabs = {path: tab for (spaced, path), tab in name_tabs.items() if spaced == spacing}
    for path, page in sized(tabs, width, height):
        assert split_words(page) == [], (path, width)
        assert page.evaluate(
            "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
        ), "the page scrolls sideways"


def test_table_of_contents_is_folded_to_one_line(browser, site):
    with browser_page(browser, viewport={"width": 375, "height": 812}) as page:
        page.goto(f"{site.url}/{IOP}")
        toc = page.locator("nav.toc details")
        assert toc.get_attribute("open") is None
        summary = page.locator("nav.toc summary")
        assert summary.bounding_box()["height"] <= 60
        assert not page.locator("nav.toc ol").is_visible()
        summary.click()  # and it opens, without JavaScript's help
        assert page.locator("nav.toc ol a").first.is_visible()


def anchor_geometry(page, heading_id: str) -> dict:
    return page.evaluate(
        """(id) => {
             const heading = document.getElementById(id);
             const range = document.createRange();
             range.selectNodeContents(heading);
             const lines = [...range.getClientRects()];
             const last = lines[lines.length - 1];
             const anchor = heading.parentElement.querySelector('.heading-anchor');
             const box = anchor.getBoundingClientRect();
             return {gap: box.left - last.right, lastTop: last.top, lastBottom: last.bottom,
                     middle: (box.top + box.bottom) / 2,
                     opacity: parseFloat(getComputedStyle(anchor).opacity)};
           }""",
        heading_id,
    )


@pytest.mark.parametrize("width", [375, 1280])
def test_heading_anchor_sits_after_the_heading_text(browser, site, width):
    with kept_page(browser, viewport={"width": width, "height": 800}) as page:
        page.goto(f"{site.url}/{IOP}")
        for heading in page.locator(".prose h2[id]").all():
            box = anchor_geometry(page, heading.get_attribute("id"))
            assert 0 <= box["gap"] <= 12, box  # right after the last word, not the box's edge
            assert box["lastTop"] <= box["middle"] <= box["lastBottom"], box  # on its line


def test_heading_anchor_shows_on_hover_and_on_focus(browser, site):
    target = "pros-of-intensive-outpatient-therapy"
    with browser_page(browser, viewport={"width": 1280, "height": 800}) as page:
        page.goto(f"{site.url}/{IOP}")
        assert anchor_geometry(page, target)["opacity"] == 0
        page.hover(f"#{target}")
        assert anchor_geometry(page, target)["opacity"] == 1
        page.mouse.move(0, 0)
        assert anchor_geometry(page, target)["opacity"] == 0
        page.locator(f'.heading-anchor[href="#{target}"]').focus()
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Tab")  # keyboard focus, so :focus-visible applies
        assert page.evaluate("document.activeElement.getAttribute('href')") == f"#{target}"
        assert anchor_geometry(page, target)["opacity"] == 1


def test_home_page_does_not_repeat_the_site_name_as_its_heading(site, published):
    for built in (site, published):
        soup = built.soup("")
        name = soup.select_one("header .site-name").get_text(strip=True)
        (h1,) = soup.select("h1")
        assert name not in h1.get_text()
        assert " ".join(h1.get_text().split()).startswith("Writing about counseling")
