"""The first screen reads, measured in Chromium: the article's first paragraph starts in the top
60% of a phone's screen, the header takes two rows at most on a phone and one from 1024 px,
the table of contents is folded, heading anchors follow the heading's text and show on hover
and focus, and the home page does not repeat the site's name under the header."""

from __future__ import annotations

import pytest
from conftest import browser_page

IOP = "intensive-outpatient-therapy-program/"
PHONES = [(360, 740), (375, 812)]


@pytest.fixture(params=["published", "site"])
def built(request):
    """The site as published (no byline) and with the test profile (a byline in the meta)."""
    return request.getfixturevalue(request.param)


@pytest.mark.parametrize("width, height", PHONES)
def test_first_paragraph_starts_in_the_top_60_percent(browser, built, width, height):
    with browser_page(browser, viewport={"width": width, "height": height}) as page:
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


@pytest.mark.parametrize("width, most", [(360, 2), (375, 2), (1024, 1), (1280, 1)])
def test_header_rows(browser, site, width, most):
    with browser_page(browser, viewport={"width": width, "height": 800}) as page:
        for path in ("", IOP, "help/", "search/", "archives/"):
            page.goto(f"{site.url}/{path}")
            assert header_rows(page) <= most, (width, path)


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
    with browser_page(browser, viewport={"width": width, "height": 800}) as page:
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
        assert " ".join(h1.get_text().split()).startswith("Plain-language writing about")
