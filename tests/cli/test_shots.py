"""`invoke shots`: a screenshot of every kind of page, at each size and scheme, into a folder
that git ignores."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT, chromium_path, require
from PIL import Image

import tasks

KINDS = {"home", "article", "about", "help", "privacy", "archives", "year", "month", "topics"}
KINDS |= {"topic", "categories", "category", "search", "search-results", "404"}


def test_every_kind_of_page_is_photographed(site):
    pages = tasks._shot_pages(site.output)
    assert set(pages) == KINDS
    for name, path in pages.items():
        if name not in {"404", "search-results"}:
            assert site.path(path).is_file(), name


def test_the_shots_folder_is_ignored_by_git():
    result = subprocess.run(
        ["git", "check-ignore", "-q", "shots/home-360x740-light.png"], cwd=ROOT, check=False
    )
    assert result.returncode == 0


def test_invoke_shots_takes_the_asked_sizes(tmp_path):
    """The task as a reader of the README runs it (in its own process: Playwright's sync API
    runs one browser driver per thread, and the tests' browser already has this one)."""
    require(chromium_path() is not None, "Chromium (Debian package 'chromium')")
    folder = tmp_path / "shots"
    command = [sys.executable, "-m", "invoke", "shots", "--folder", str(folder)]
    result = subprocess.run(
        [*command, "--sizes", "375x812", "--schemes", "dark"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    names = {path.name for path in folder.glob("*.png")}
    assert f"{len(names)} screenshots in {folder}" in result.stdout
    assert names == {f"{kind}-375x812-dark{end}.png" for kind in KINDS for end in ("", "-full")} | {
        "article-print.png",
        "help-print.png",
    }
    with Image.open(folder / "help-375x812-dark.png") as shot:
        assert shot.size == (375, 812)
    with Image.open(folder / "article-375x812-dark-full.png") as shot:
        assert shot.size[0] == 375 and shot.size[1] > 812
