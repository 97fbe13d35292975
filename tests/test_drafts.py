"""Drafts and scheduled posts: previewable locally, absent from every production file.

tests/fixtures/drafts/ holds a published post, a draft (Status: draft) and a post dated
2099. Each unpublished post uses a made-up word found nowhere else, so a search of every
output file (HTML, feeds, sitemap, the search index, decompressed when gzipped) finds any leak.
"""

from __future__ import annotations

import contextlib
import gzip
import shutil
from pathlib import Path

import pytest
from conftest import build_site

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "drafts"
SITEURL = "http://127.0.0.1:9"
DRAFT = (b"draft-zorblax", b"zorblax")
FUTURE = (b"future-quillfeather", b"quillfeather")


def build(tmp_path_factory: pytest.TempPathFactory, config: str) -> Path:
    base = tmp_path_factory.mktemp(config.replace(".py", ""))
    shutil.copytree(FIXTURES, base / "content")
    build_site(base / "content", base / "output", SITEURL, config=config)
    return base / "output"


@pytest.fixture(scope="module")
def local(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory, "pelicanconf.py")


@pytest.fixture(scope="module")
def production(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory, "publishconf.py")


def readable(path: Path) -> bytes:
    """A file's bytes, decompressed when gzipped (Pagefind's index, precompressed copies)."""
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        with contextlib.suppress(OSError):  # not gzip after all
            data = gzip.decompress(data)
    return data.lower()


def files_mentioning(output: Path, words: tuple[bytes, ...]) -> list[str]:
    return sorted(
        str(path.relative_to(output))
        for path in output.rglob("*")
        if path.is_file()
        and (any(w in readable(path) for w in words) or any(w in path.name.encode() for w in words))
    )


def test_draft_is_previewable_locally_under_drafts(local: Path) -> None:
    page = local / "drafts" / "draft-zorblax" / "index.html"
    assert page.is_file()
    assert "Zorblax Draft" in page.read_text("utf-8")
    assert not (local / "draft-zorblax").exists()


def test_draft_stays_out_of_local_feeds_and_lists(local: Path) -> None:
    leaks = [f for f in files_mentioning(local, DRAFT) if not f.startswith("drafts/")]
    assert leaks == []


def test_production_has_the_published_post(production: Path) -> None:
    # The control for the searches below: the same build does publish the dated post.
    assert (production / "published-walking" / "index.html").is_file()
    assert files_mentioning(production, (b"published-walking",))
    assert (production / "feeds" / "all.atom.xml").is_file()


def test_draft_is_nowhere_in_production(production: Path) -> None:
    assert not (production / "drafts").exists()
    assert files_mentioning(production, DRAFT) == []


def test_future_post_is_nowhere_in_production(production: Path) -> None:
    assert files_mentioning(production, FUTURE) == []


def test_future_post_is_previewable_locally(local: Path) -> None:
    page = local / "future-quillfeather" / "index.html"
    assert "Quillfeather Scheduled" in page.read_text("utf-8")


def test_search_and_sitemap_when_present(production: Path) -> None:
    """Sitemap and Pagefind come from other plugins; when they are on, they must not leak."""
    checked = [p for p in (production / "sitemap.xml", production / "pagefind") if p.exists()]
    for path in checked:
        files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
        for file in files:
            data = readable(file)
            assert not any(w in data for w in DRAFT + FUTURE), file
    if not checked:
        pytest.skip("no sitemap.xml or pagefind/ built yet; the full-output scan covers them")
