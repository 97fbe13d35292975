"""`invoke shots`: a screenshot of every kind of page, at each size and scheme (small phones to
a laptop zoomed to 400%), into a folder that git ignores."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import ROOT, chromium_path, require
from PIL import Image

from blog.shots import PAGE_KINDS, SHOT_SIZES, Screen, parse_kinds, shot_pages

KINDS = {"home", "article", "about", "help", "privacy", "archives", "year", "month", "topics"}
KINDS |= {"topic", "categories", "category", "search", "search-results", "search-crisis", "404"}
# What the task is asked for below: a page with print styles, the search in crisis (which waits
# for the search's answer) and one that only needs loading.
ASKED = ("help", "search-crisis", "home")


def test_every_kind_of_page_is_photographed(site):
    pages = shot_pages(site.output)
    assert set(pages) == KINDS == set(PAGE_KINDS)
    for name, path in pages.items():
        if name not in {"404", "search-results", "search-crisis"}:
            assert site.path(path).is_file(), name


def test_the_shots_folder_is_ignored_by_git():
    result = subprocess.run(
        ["git", "check-ignore", "-q", "shots/home-360x740-light.png"], cwd=ROOT, check=False
    )
    assert result.returncode == 0


def test_invoke_shots_takes_the_asked_sizes_and_pages(tmp_path):
    """The task as a reader of the README runs it (in its own process: Playwright's sync API
    runs one browser driver per thread, and the tests' browser already has this one); the
    pages asked only (every kind is found by the test above)."""
    require(chromium_path() is not None, "Chromium (Debian package 'chromium')")
    folder = tmp_path / "shots"
    command = [sys.executable, "-m", "invoke", "shots", "--folder", str(folder)]
    result = subprocess.run(
        [
            *command,
            "--sizes",
            "375x812,1280x900@400",
            "--schemes",
            "dark",
            "--pages",
            ",".join(ASKED),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    names = {path.name for path in folder.glob("*.png")}
    assert f"{len(names)} screenshots in {folder}" in result.stdout
    sizes = ("375x812", "1280x900-zoom400")
    assert names == {
        f"{kind}-{size}-dark{end}.png" for kind in ASKED for size in sizes for end in ("", "-full")
    } | {"help-print.png"}
    with Image.open(folder / "help-375x812-dark.png") as shot:
        assert shot.size == (375, 812)
    with Image.open(folder / "help-1280x900-zoom400-dark.png") as shot:
        assert shot.size == (1280, 900)  # the screen's pixels, showing 320x225 CSS px
    with Image.open(folder / "help-375x812-dark-full.png") as shot:
        assert shot.size[0] == 375 and shot.size[1] > 812


def test_the_default_sizes_hold_small_phones_and_the_400_percent_zoom():
    names = {screen.name for screen in SHOT_SIZES}
    assert {"320x568", "375x667", "360x740", "375x812", "1280x900", "1280x900-zoom400"} <= names
    zoomed = Screen.parse("1280x900@400").context_options()
    assert zoomed == {"viewport": {"width": 320, "height": 225}, "device_scale_factor": 4.0}


def test_page_kinds_are_read_from_a_list():
    assert parse_kinds(" help, search-crisis ,") == ("help", "search-crisis")


BAD_SIZES = ("375", "0x812", "375x812@0", "big", "375x-1", "375x812@", "x812")
BAD_PAGES = ("articles", "help,blog", ",", "Help")


@pytest.mark.parametrize("size", BAD_SIZES)
def test_a_size_that_is_not_one_is_refused_in_one_sentence(size):
    with pytest.raises(ValueError, match="is not a screen size") as refused:
        Screen.parse(size)
    assert "\n" not in str(refused.value)


@pytest.mark.parametrize("pages", BAD_PAGES)
def test_a_page_that_is_not_one_is_refused_in_one_sentence(pages):
    with pytest.raises(ValueError, match="is not a kind of page") as refused:
        parse_kinds(pages)
    assert "\n" not in str(refused.value)


@pytest.mark.parametrize("option", [("--sizes", BAD_SIZES[0]), ("--pages", BAD_PAGES[0])])
def test_the_task_says_the_one_sentence_and_stops(option):
    """What the task does with them, in its own process: one line, exit 1, no traceback."""
    result = subprocess.run(
        [sys.executable, "-m", "invoke", "shots", *option],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    said = "is not a screen size" if option[0] == "--sizes" else "is not a kind of page"
    assert said in result.stderr and "Traceback" not in result.stderr
    assert result.stderr.strip().startswith(option[0] + ": ")
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
