"""A damaged build cache is never published and never stops a build: the production build's
share images, search bundle (and the record of what it was made of), the content rules'
findings, typogrify cache and Pelican's content cache, each damaged the
way a full disk, a hand or an editor does, then built again (strict, warm).

Share images and the search bundle are hard-linked into the output, so editing an output file
in place edits the cached one: that is one of the damages. The precompressed copies are
checked the same way in tests/test_precompress_cache.py, on their own.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, build_site

from blog.plugins import content_cache

SITEURL = "http://127.0.0.1:9"
POST = "intensive-outpatient-therapy-program"


def cut(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def snapshot(output: Path) -> dict[str, bytes]:
    return {
        p.relative_to(output).as_posix(): p.read_bytes()
        for p in sorted(output.rglob("*"))
        if p.is_file()
    }


def swap_two_files(manifest: Path) -> None:
    """Two files of the recorded bundle swapped: valid JSON, each file whole in the store."""
    sealed, text = manifest.read_text().split("\n", 1)
    record = json.loads(text)
    files = record["files"]
    files[0][1], files[1][1] = files[1][1], files[0][1]
    manifest.write_text(sealed + "\n" + json.dumps(record))


def one(cache: Path, pattern: str) -> Path:
    (found,) = cache.rglob(pattern)
    return found


#: Each damage, given the first build's output and the cache folder.
DAMAGE = {
    # An output file edited in place: the share image is the cache file's hard link.
    "a share image cut in place": lambda out, cache: cut(out / POST / "share.png"),
    "a share image emptied in the cache": lambda out, cache: next(
        p for p in one(cache, "share-images").iterdir() if p.samefile(out / "share.png")
    ).write_bytes(b""),
    # 85 bytes of broken JSON, as the issue found: a bundle file cut in the cache.
    "a search-bundle file cut": lambda out, cache: cut(out / "pagefind" / "pagefind-entry.json"),
    "a search-bundle file garbled": lambda out, cache: (
        out / "pagefind" / "pagefind-entry.json"
    ).write_bytes(b"{not json"),
    # What the last index was made of: the bundle is placed from it without Pagefind.
    "the search manifest cut": lambda out, cache: cut(one(cache, "search-bundle.json")),
    "the search manifest with two files swapped": lambda out, cache: swap_two_files(
        one(cache, "search-bundle.json")
    ),
    # Each file's findings of the content rules, reused while nothing they read changed.
    "the content rules' record cut": lambda out, cache: cut(one(cache, "content-rules.json")),
    "the content rules' record garbled": lambda out, cache: one(
        cache, "content-rules.json"
    ).write_bytes(b"\xff\xfe not text"),
    "the typogrify cache cut": lambda out, cache: cut(one(cache, "typogrify-cache.pickle")),
    "the typogrify cache garbled": lambda out, cache: one(
        cache, "typogrify-cache.pickle"
    ).write_bytes(b"\x80\x05not a pickle at all"),
    "the typogrify cache another pickle": lambda out, cache: one(
        cache, "typogrify-cache.pickle"
    ).write_bytes(b"\x80\x05K\x01."),  # the number 1
    # Pelican's own content cache (a pickle per generator), cut short.
    "the content cache cut": lambda out, cache: cut(one(cache, "ArticlesGenerator-Readers")),
    "the content cache emptied": lambda out, cache: one(
        cache, "PagesGenerator-Readers"
    ).write_bytes(b""),
}


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> dict[str, bytes]:
    """What a build with an empty cache publishes."""
    base = tmp_path_factory.mktemp("clean")
    shutil.copytree(ROOT / "content", base / "content")
    build_site(base / "content", base / "out", SITEURL)
    return snapshot(base / "out")


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_damaged_cache_is_rebuilt_never_published(tmp_path, clean, damage):
    shutil.copytree(ROOT / "content", tmp_path / "content")
    build_site(tmp_path / "content", tmp_path / "first", SITEURL)
    DAMAGE[damage](tmp_path / "first", tmp_path / "cache")
    build_site(tmp_path / "content", tmp_path / "second", SITEURL)  # strict: no warning either
    second = snapshot(tmp_path / "second")
    assert sorted(second) == sorted(clean)
    assert [name for name in clean if second[name] != clean[name]] == []


def test_a_whole_content_cache_is_kept(tmp_path):
    """The check removes only damaged files: after a build, every reader cache has the digest
    recorded when it was saved (else every warm build would read every post again)."""
    shutil.copytree(ROOT / "content", tmp_path / "content")
    build_site(tmp_path / "content", tmp_path / "first", SITEURL)
    caches = list((tmp_path / "cache").rglob("*-Readers"))
    assert len(caches) == 2
    assert content_cache.remove_damaged(caches[0].parent) == []
    assert all(path.exists() for path in caches)
