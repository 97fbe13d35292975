"""One palette: the stylesheet, the inline favicon and the share images show the same colours,
and a colour changed in the stylesheet reaches all three (nothing keeps a stale copy)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, build_site
from PIL import Image

IOP = "intensive-outpatient-therapy-program/"


def built_palette(page: BeautifulSoup) -> dict[str, str]:
    """The colours of the first top-level `:root` rule of the page's inline stylesheet."""
    css = page.select_one("head > style").string
    block = re.search(r"^:root\s*\{([^}]*)\}", css, re.MULTILINE).group(1)
    return {k: v.lower() for k, v in re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})\b", block)}


def favicon_colours(page: BeautifulSoup) -> dict[str, str]:
    """The fill of the icon's circle and the stroke of its smile, from the data: URI."""
    href = page.select_one('link[rel="icon"]')["href"]
    svg = unquote(href.removeprefix("data:image/svg+xml,"))
    return {
        "circle": re.search(r"<circle[^>]*fill='([^']+)'", svg).group(1).lower(),
        "smile": re.search(r"<path[^>]*stroke='([^']+)'", svg).group(1).lower(),
    }


def hex_colour(rgb: tuple[int, ...]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb[:3])


def image_colours(png: Path) -> dict[str, object]:
    """The background, the top bar and every exact colour of a share image."""
    with Image.open(png) as image:
        rgb = image.convert("RGB")
        width, height = rgb.size
        used = {hex_colour(colour) for _, colour in rgb.getcolors(maxcolors=width * height)}
        return {
            "background": hex_colour(rgb.getpixel((width - 5, height // 2))),
            "bar": hex_colour(rgb.getpixel((width // 2, 5))),
            "used": used,
        }


def assert_one_palette(output: Path, url: str) -> dict[str, str]:
    for rel in ("index.html", f"{IOP}index.html"):
        page = BeautifulSoup((output / rel).read_text(encoding="utf-8"), "lxml")
        palette = built_palette(page)
        assert favicon_colours(page) == {"circle": palette["accent"], "smile": palette["bg"]}, rel
        share = page.select_one('meta[property="og:image"]')["content"].removeprefix(url + "/")
        colours = image_colours(output / share)
        assert colours["background"] == palette["surface"], share
        assert colours["bar"] == palette["accent"], share
        # The title and the site name are drawn in the text and muted colours (anti-aliased
        # edges blend, the glyphs' cores are the exact colour).
        assert {palette["text"], palette["muted"]} <= colours["used"], share
    return palette


def test_stylesheet_favicon_and_share_images_agree(site):
    palette = assert_one_palette(site.output, site.url)
    assert len(palette) >= 8  # really read the light scheme's colours


@pytest.fixture(scope="module")
def recoloured(tmp_path_factory) -> tuple[Path, str]:
    """A copy of the theme builds the site; then its stylesheet changes every colour the others
    copy and the site is built again with the same cache (the first images are in it). Local
    settings: their share-image cache is not keyed by settings, only by what is drawn."""
    base = tmp_path_factory.mktemp("recoloured")
    theme = base / "theme"
    shutil.copytree(ROOT / "theme", theme)
    shutil.copytree(ROOT / "content", base / "content")
    url = "http://example.test"
    settings = {"THEME": str(theme), "SEARCH_INDEX": False, "CACHE_PATH": str(base / "cache")}
    build_site(base / "content", base / "before", url, config="pelicanconf.py", **settings)
    assert_one_palette(base / "before", url)
    css = theme / "static/css/style.css"
    new = {"--bg": "#fffdf0", "--surface": "#eef4ff", "--text": "#101820", "--muted": "#3d4a57"}
    new["--accent"] = "#7a2e5c"
    text = css.read_text(encoding="utf-8")
    light, rest = text.split("@media", 1)  # only the light :root, before any @media
    for name, colour in new.items():
        light, count = re.subn(
            rf"({re.escape(name)}:\s*)#[0-9a-fA-F]{{6}}", rf"\g<1>{colour}", light
        )
        assert count == 1, name
    css.write_text(light + "@media" + rest, encoding="utf-8")
    build_site(base / "content", base / "out", url, config="pelicanconf.py", **settings)
    return base / "out", url


def test_a_colour_changed_in_the_stylesheet_reaches_favicon_and_share_images(recoloured):
    output, url = recoloured
    palette = assert_one_palette(output, url)
    assert palette["accent"] == "#7a2e5c" and palette["surface"] == "#eef4ff"
