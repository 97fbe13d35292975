"""blog/plugins/share_image.py: where a page's share image goes, the text its font can draw,
and the drawing itself (1200x630 in the given colours)."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from blog.plugins.share_image import draw, plain_text, share_path


def test_share_image_beside_the_page() -> None:
    assert share_path("index.html") == "share.png"
    assert share_path("about/index.html") == "about/share.png"
    assert share_path("old/page.html") == "old/page-share.png"


def test_titles_become_text_the_built_in_font_can_draw() -> None:
    assert plain_text("Caf&eacute; &#8212; <em>calm</em>&nbsp;now&#8230;") == "Cafe - calm now..."


def test_an_image_is_drawn_in_the_palette(tmp_path: Path) -> None:
    colours = {"background": "#102030", "text": "#f0f0f0", "muted": "#a0a0a0", "accent": "#ff8800"}
    target = tmp_path / "share.png"
    draw("A calm title", "Site", str(target), colours)
    with Image.open(target) as image:
        assert image.size == (1200, 630)
        pixels = image.convert("RGB")
        assert pixels.getpixel((5, 5)) == (0xFF, 0x88, 0x00)  # the accent bar at the top
        assert pixels.getpixel((1195, 625)) == (0x10, 0x20, 0x30)  # the background
