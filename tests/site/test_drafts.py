"""Drafts and scheduled content: previewable locally, absent from every production file.

tests/fixtures/drafts/ holds two published posts and a published page (the controls), and
every kind of content that Pelican keeps out of a production build: a draft post, a draft
page, a post dated 2099, a hidden post dated 2099, and draft or future-dated translations of a
published post and page. Each unpublished item uses a made-up word found nowhere else, so a
search of every output file (HTML, feeds, sitemap, `_headers`, the search index, and the
`.gz` and `.br` copies, all decompressed) finds any leak. Pages have no schedule in Pelican:
a page with a future date is published, so only draft pages are unpublished pages.
"""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import brotli
import pytest
from conftest import FIXTURES as ALL_FIXTURES
from conftest import build_site, require

FIXTURES = ALL_FIXTURES / "drafts"
SITEURL = "http://127.0.0.1:9"
# Kind of unpublished content -> the words only it uses (lower case; Pagefind's index stores
# stemmed words, so each word is one its English stemmer leaves whole).
UNPUBLISHED = {
    "draft post": (b"zorblax",),
    "future-dated post": (b"quillfeath",),
    "hidden future-dated post": (b"ploverdusk",),
    "draft page": (b"glimwick",),
    "draft translation of a published post": (b"brumsolk",),
    "future-dated translation of a published post": (b"ventrimox",),
    "draft translation of a published page": (b"crindlefox",),
}
DRAFTS = [kind for kind in UNPUBLISHED if kind.startswith("draft")]
# The published post's slug and its one made-up word: the control for every search below.
PUBLISHED = (b"published-walking", b"tovelnix")


def build(tmp_path_factory: pytest.TempPathFactory, config: str) -> Path:
    base = tmp_path_factory.mktemp(config.replace(".py", ""))
    shutil.copytree(FIXTURES, base / "content")
    # nginx: the profile with the .br/.gz copies, searched (decompressed) like every other file.
    build_site(base / "content", base / "output", SITEURL, config=config, HOST="nginx")
    return base / "output"


@pytest.fixture(scope="module")
def local(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory, "pelicanconf.py")


@pytest.fixture(scope="module")
def production(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory, "publishconf.py")


def readable(path: Path) -> bytes:
    """A file's bytes in lower case, decompressed: `.br` copies, and anything gzipped (`.gz`
    copies, Pagefind's index and fragments). A copy that does not decompress fails the test."""
    data = path.read_bytes()
    if path.suffix == ".br":
        data = brotli.decompress(data)
    elif data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return data.lower()


def kind_of(output: Path, path: Path) -> str:
    """What a production file is, so the control can show that each kind is searched."""
    rel = path.relative_to(output).as_posix()
    if rel.endswith(".gz"):
        return "gzip copy"
    if rel.endswith(".br"):
        return "brotli copy"
    if rel.startswith("pagefind/fragment/"):
        return "search fragment"
    if rel.startswith("pagefind/index/"):
        return "search index"
    if rel.startswith("feeds/"):
        return "feed"
    if rel == "sitemap.xml":
        return "sitemap"
    return "page" if rel.endswith(".html") else rel


def files_mentioning(output: Path, words: tuple[bytes, ...]) -> list[Path]:
    """Every file under `output` whose name or decompressed content holds one of `words`."""
    files = [path for path in output.rglob("*") if path.is_file()]
    assert len(files) > 20, f"the build in {output} wrote almost nothing"
    return sorted(
        path
        for path in files
        if any(w in str(path.relative_to(output)).lower().encode() for w in words)
        or any(w in readable(path) for w in words)
    )


def names(output: Path, paths: list[Path]) -> list[str]:
    return [path.relative_to(output).as_posix() for path in paths]


@pytest.mark.parametrize("kind", DRAFTS)
def test_draft_is_previewable_locally_under_drafts(local: Path, kind: str) -> None:
    found = names(local, files_mentioning(local, UNPUBLISHED[kind]))
    assert [f for f in found if f.startswith("drafts/") and f.endswith(".html")], (
        f"the local build has no page of the {kind} under drafts/: {found}"
    )


def test_drafts_are_at_their_clean_drafts_urls_locally(local: Path) -> None:
    page = local / "drafts" / "draft-zorblax" / "index.html"
    assert page.is_file()
    assert "Zorblax Draft" in page.read_text("utf-8")
    assert not (local / "draft-zorblax").exists()
    page = local / "drafts" / "pages" / "draft-glimwick" / "index.html"
    assert "<title>Glimwick Draft" in page.read_text("utf-8")


@pytest.mark.parametrize("kind", DRAFTS)
def test_draft_stays_out_of_local_feeds_and_lists(local: Path, kind: str) -> None:
    leaks = [
        f
        for f in names(local, files_mentioning(local, UNPUBLISHED[kind]))
        if not f.startswith("drafts/")
    ]
    assert leaks == [], f"the {kind} shows outside drafts/ in a local build"


def test_future_post_is_previewable_locally(local: Path) -> None:
    page = local / "future-quillfeather" / "index.html"
    assert page.is_file(), "the local build did not publish the future-dated post"
    assert "Quillfeather Scheduled" in page.read_text("utf-8")


def test_production_has_the_published_content_in_every_kind_of_file(production: Path) -> None:
    """The control for the searches below: the same build publishes the published post and
    page, and the search finds the post's word in every kind of file, compressed ones too."""
    assert (production / "published-walking" / "index.html").is_file()
    assert (production / "published-resting" / "index.html").is_file()
    assert (production / "published-page" / "index.html").is_file()
    kinds = {kind_of(production, p) for p in files_mentioning(production, PUBLISHED)}
    assert {"page", "gzip copy", "brotli copy", "feed"} <= kinds, kinds


@pytest.mark.parametrize("kind", list(UNPUBLISHED))
def test_unpublished_content_is_nowhere_in_production(production: Path, kind: str) -> None:
    leaks = names(production, files_mentioning(production, UNPUBLISHED[kind]))
    assert leaks == [], f"the {kind} is in these production files: {leaks}"


def test_no_drafts_folder_or_future_period_in_production(production: Path) -> None:
    assert not (production / "drafts").exists()
    assert not (production / "2099").exists(), "a year archive for the future-dated posts"


def test_sitemap_and_search_index_hold_published_content_only(production: Path) -> None:
    """Sitemap and Pagefind come from other plugins: they must be there, with the published
    post and without anything unpublished."""
    sitemap, search = production / "sitemap.xml", production / "pagefind"
    require(
        sitemap.is_file(), "sitemap.xml in the production build (blog/plugins/search_engines.py)"
    )
    require(search.is_dir(), "pagefind/ in the production build (Pagefind)")
    files = [sitemap, *(p for p in search.rglob("*") if p.is_file())]
    holding_published = {kind_of(production, f) for f in files if PUBLISHED[0] in readable(f)}
    holding_published |= {kind_of(production, f) for f in files if PUBLISHED[1] in readable(f)}
    assert {"sitemap", "search fragment", "search index"} <= holding_published
    every_word = tuple(w for words in UNPUBLISHED.values() for w in words)
    leaks = [f for f in files if any(w in readable(f) for w in every_word)]
    assert names(production, leaks) == []
