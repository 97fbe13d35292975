"""Article images (blog/plugins/article_images.py): width, height, lazy loading, a real srcset."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import build_site
from PIL import Image

SITEURL = "http://127.0.0.1:9"
POST = """Title: By the Lake
Date: 2026-01-01 09:00
Category: Coping Skills
Summary: A picture of a calm lake.

![A calm "lake" at dawn]({static}images/lake.jpg)

![A small icon]({static}images/icon.png)
"""


@pytest.fixture(scope="module")
def output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("images")
    images = base / "content" / "images"
    images.mkdir(parents=True)
    Image.new("RGB", (1600, 900), (90, 140, 170)).save(images / "lake.jpg")
    Image.new("RGB", (300, 200), (200, 120, 60)).save(images / "icon.png")
    (base / "content" / "lake.md").write_text(POST, encoding="utf-8")
    build_site(base / "content", base / "output", SITEURL)  # the strict production build
    return base / "output"


ATTRS = {"alt", "width", "height", "loading", "sizes", "srcset"}


def images(output: Path) -> list:
    soup = BeautifulSoup((output / "by-the-lake" / "index.html").read_text("utf-8"), "lxml")
    found = soup.select("main img")
    assert len(found) == 2, f"the post's two images: {found}"
    for image in found:
        assert set(image.attrs) >= ATTRS, f"{image} lacks {sorted(ATTRS - set(image.attrs))}"
    return found


def test_article_image_has_size_lazy_loading_and_srcset(output: Path) -> None:
    lake = images(output)[0]
    assert lake["alt"] == 'A calm "lake" at dawn'
    assert (lake["width"], lake["height"]) == ("1600", "900")
    assert lake["loading"] == "lazy"
    assert lake["sizes"]
    candidates = [entry.rsplit(" ", 1) for entry in lake["srcset"].split(", ")]
    assert [w for _url, w in candidates] == ["480w", "800w", "1200w", "1600w"]
    for url, descriptor in candidates:
        assert url.startswith(f"{SITEURL}/")
        file = output / url.removeprefix(f"{SITEURL}/")
        with Image.open(file) as image:
            assert image.width == int(descriptor[:-1])
            assert abs(image.height / image.width - 900 / 1600) < 0.01


def test_small_image_is_never_upscaled(output: Path) -> None:
    icon = images(output)[1]
    assert (icon["width"], icon["height"]) == ("300", "200")
    assert icon["srcset"] == f"{SITEURL}/images/icon.png 300w"
    assert not (output / "derivatives" / "480" / "images" / "icon.png").exists()
