"""Sharing and search engines: canonical, description, Open Graph, Twitter cards,
JSON-LD that no metadata can break, a sitemap of exactly the published pages, robots.txt,
a favicon, and a share image per post."""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from PIL import Image

IOP = "intensive-outpatient-therapy-program/"
HOSTILE = "escaping-test-post/"  # tests/fixtures/content: markup in every metadata field
NOT_LISTED = {"404.html", "search/index.html"}  # not content: no canonical, not in the sitemap


def rel(site, path) -> str:
    return path.relative_to(site.output).as_posix()


def json_ld(soup) -> list[dict]:
    return [json.loads(s.string) for s in soup.select('script[type="application/ld+json"]')]


def published_pages(site) -> list[str]:
    pages = [
        rel(site, p)
        for p in site.html_files()
        if rel(site, p) not in NOT_LISTED and not rel(site, p).startswith("pagefind/")
    ]
    assert len(pages) > 15, "the build wrote the whole site"
    return pages


SOCIAL = ["description", "og:url", "og:title", "og:description", "og:image"]
SOCIAL += ["twitter:card", "twitter:title", "twitter:description"]


def test_every_page_has_canonical_and_social_tags(site):
    for path in published_pages(site):
        soup = site.soup(path)
        url = f"{site.url}/{path.removesuffix('index.html')}"
        assert site.one(soup, 'link[rel="canonical"][href]')["href"] == url, path
        meta = {
            m.get("property") or m.get("name"): m["content"] for m in soup.select("meta[content]")
        }
        assert [name for name in SOCIAL if name not in meta] == [], path
        assert meta["og:url"] == url, path
        assert meta["og:description"] == meta["description"] == meta["twitter:description"]
        assert meta["og:title"] and meta["twitter:title"] == meta["og:title"], path
        assert meta["twitter:card"] == "summary_large_image", path
        image = meta["og:image"].removeprefix(site.url + "/")
        assert (site.output / image).is_file(), path
        # Inline icon: no request of its own (benchmarks budget: 2 requests a page).
        assert site.one(soup, 'link[rel="icon"][href]')["href"].startswith("data:image/svg+xml,")


def test_description_is_the_summary(site):
    soup = site.soup(IOP)
    description = site.one(soup, 'meta[name="description"][content]')["content"]
    assert description.startswith("This article discusses the basics of intensive outpatient")
    assert site.one(soup, 'meta[property="og:type"][content]')["content"] == "article"
    assert site.one("", 'meta[property="og:type"][content]')["content"] == "website"


def test_hostile_metadata_stays_text_in_social_tags(site):
    title = site.one(HOSTILE, 'meta[property="og:title"][content]')["content"]
    assert " ".join(title.split()) == """<script>alert(1)</script> “x” & ‘y’"""


def test_json_ld_parses_on_every_page_and_cannot_close_its_script(site):
    seen = 0
    pages = site.html_files()
    assert len(pages) > 15
    for path in pages:
        html = path.read_text(encoding="utf-8")
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S):
            json.loads(block)
            assert "<" not in block and ">" not in block, path  # written as \u003c, \u003e
            seen += 1
    assert seen >= 4


def test_blog_posting_for_posts_website_for_home(site):
    (post,) = json_ld(site.soup(HOSTILE))
    keys = {"@type", "headline", "author", "mainEntityOfPage", "url", "datePublished", "image"}
    assert keys <= set(post), sorted(post)
    assert post["@type"] == "BlogPosting"
    assert " ".join(post["headline"].split()) == "<script>alert(1)</script> “x” & ‘y’"
    assert post["author"][0]["name"] == '<em>Tester</em> "Q"'
    assert post["mainEntityOfPage"]["@id"] == post["url"] == f"{site.url}/{HOSTILE}"
    assert post["datePublished"].startswith("2020-01-15T10:00")
    assert post["image"] == f"{site.url}/{HOSTILE}share.png"
    (home,) = json_ld(site.soup(""))
    assert {"@type", "url", "potentialAction"} <= set(home), sorted(home)
    assert home["@type"] == "WebSite" and home["url"] == site.url + "/"
    assert home["potentialAction"]["target"] == site.url + "/search/?q={search_term_string}"
    assert json_ld(site.soup("tags/")) == []


def test_sitemap_lists_every_published_page_and_nothing_else(site):
    xml = BeautifulSoup(site.path("sitemap.xml").read_text(encoding="utf-8"), "xml")
    locs = [loc.get_text() for loc in xml.find_all("loc")]
    assert len(locs) == len(set(locs))
    expected = {f"{site.url}/{path.removesuffix('index.html')}" for path in published_pages(site)}
    assert set(locs) == expected
    assert f"{site.url}/{IOP}" in locs and f"{site.url}/" in locs
    paths = [urlsplit(u).path for u in locs]  # not the address: its port may hold "404"
    assert not [p for p in paths if "/drafts/" in p or "404" in p or "/search/" in p]


def test_robots_txt_names_the_sitemap(site):
    robots = site.path("robots.txt").read_text(encoding="utf-8").splitlines()
    assert "User-agent: *" in robots
    assert f"Sitemap: {site.url}/sitemap.xml" in robots


def test_share_image_per_post(site):
    for slug in (IOP, HOSTILE, "care-review-test-post/"):
        image = site.one(slug, 'meta[property="og:image"][content]')["content"]
        assert image == f"{site.url}/{slug}share.png"
        with Image.open(site.path(f"{slug}share.png")) as png:
            assert png.format == "PNG" and png.size == (1200, 630)
    # Different titles, different images.
    assert (
        site.path(f"{IOP}share.png").read_bytes() != site.path(f"{HOSTILE}share.png").read_bytes()
    )


def test_favicon_exists(site):
    with Image.open(site.path("favicon.ico")) as icon:
        assert icon.format == "ICO"


@pytest.mark.parametrize("path", ["", IOP, "about/", "search/", "tags/", "no-such-page/"])
def test_no_failed_request_in_the_browser(site, page, path):
    page.goto(f"{site.url}/{path}", wait_until="networkidle")
    failed = [r.url for r in page.responses if r.status >= 400]
    if path == "no-such-page/":  # the 404 page itself; nothing it loads may fail
        failed = [u for u in failed if urlsplit(u).path != "/no-such-page/"]
    else:
        assert page.errors == []
    assert failed == []


def _drawn_in_rgb(title: str, site_name: str, colours: dict[str, str]) -> Image.Image:
    """The share image as it was drawn before palette images (DRAW_VERSION 1): Pillow's
    antialiased text straight onto an RGB image, the reference for the palette drawing."""
    from PIL import ImageDraw, ImageFont

    from blog.plugins.share_image import MARGIN, MAX_LINES, SIZE, TITLE_SIZES

    image = Image.new("RGB", SIZE, colours["background"])
    canvas = ImageDraw.Draw(image)
    canvas.rectangle((0, 0, SIZE[0], 20), fill=colours["accent"])
    for size in TITLE_SIZES:
        font = ImageFont.load_default(size=size)
        lines: list[str] = []
        for word in title.split():
            wider = f"{lines[-1]} {word}" if lines else word
            if lines and font.getlength(wider) <= SIZE[0] - 2 * MARGIN:
                lines[-1] = wider
            else:
                lines.append(word)
        if len(lines) <= MAX_LINES:
            break
    if len(lines) > MAX_LINES:
        lines = [*lines[: MAX_LINES - 1], lines[MAX_LINES - 1] + " ..."]
    for number, line in enumerate(lines):
        top = MARGIN + 20 + number * int(size * 1.25)
        canvas.text((MARGIN, top), line, font=font, fill=colours["text"])
    bottom = SIZE[1] - MARGIN
    canvas.rectangle((MARGIN, bottom - 62, MARGIN + 96, bottom - 56), fill=colours["accent"])
    name_font = ImageFont.load_default(size=36)
    canvas.text((MARGIN, bottom - 36), site_name, font=name_font, fill=colours["muted"])
    return image


@pytest.mark.parametrize(
    "title",
    [
        "Intensive Outpatient Therapy Program",
        "A",
        "Why calm is not quiet: notes on anxiety, sleep, jogging, gyms, yoga and the long "
        "way back to feeling like yourself again, by the hardest, gloomiest path of all",
        "W" * 200,
    ],
)
def test_share_images_are_palette_pngs_that_look_as_rgb_ones_did(site, tmp_path, title):
    """Each share image is a palette PNG; every pixel within 2 of 255 (each channel) of the
    same image drawn in RGB, with the site's own colours and name."""
    from conftest import ROOT
    from pelican.settings import read_settings
    from PIL import ImageChops

    from blog.plugins import with_defaults
    from blog.plugins.palette import palette
    from blog.plugins.share_image import COLOURS, draw

    settings = with_defaults(read_settings(str(ROOT / "publishconf.py")))
    colours = {part: palette(settings)[name] for part, name in COLOURS.items()}
    target = tmp_path / "share.png"
    draw(title, "Keeping Your Calm In Counseling", str(target), colours)
    with Image.open(target) as png:
        assert png.mode == "P"
        drawn = png.convert("RGB")
    reference = _drawn_in_rgb(title, "Keeping Your Calm In Counseling", colours)
    worst = max(high for _low, high in ImageChops.difference(drawn, reference).getextrema())
    print(f"\nlargest pixel difference: {worst} of 255")
    assert worst <= 2
    for png_path in (site.path(f"{IOP}share.png"), site.path("share.png")):
        with Image.open(png_path) as built:
            assert built.mode == "P" and built.size == (1200, 630)
