"""blog/plugins/precompress_cache.py: the .br/.gz copies are what pelican-precompress's own
compressors make, whether made now, in a background thread, or taken from the cache.

Runs the plugin's steps on small output folders (no Pelican build needed): `start` at
`initialized`, `written` for each file Pelican announces, `finish` at `compress`. A first build
fills the cache; a second with one file changed reuses every unchanged copy.
"""

from __future__ import annotations

import os
import random
from pathlib import Path
from types import SimpleNamespace

import brotli
import pytest
from pelican.plugins import precompress

from blog.plugins import precompress_cache

PLUGINS = ["blog.plugins.precompress_cache"]


def _build(
    base: Path,
    name: str,
    files: dict[str, bytes | str],
    plugins=PLUGINS,
    announce=True,
    quality: int | None = None,
    before_finish=None,
) -> SimpleNamespace:
    output = base / name
    settings = {
        "OUTPUT_PATH": str(output),
        "CACHE_PATH": str(base / "cache"),
        "PLUGINS": plugins,
        "PRECOMPRESS_GZIP": True,
        "PRECOMPRESS_BROTLI": True,
        "PRECOMPRESS_ZSTANDARD": False,
        "PRECOMPRESS_ZOPFLI": False,
    }
    if quality is not None:
        settings["PRECOMPRESS_BROTLI_QUALITY"] = quality
    pelican = SimpleNamespace(settings=settings)
    precompress_cache.start(pelican)  # initialized
    session = precompress_cache.state.session
    for rel, text in files.items():
        path = output / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode() if isinstance(text, str) else text)
        if announce and not rel.startswith("static/"):
            precompress_cache.written(str(path), context={})  # content_written
    if before_finish:
        before_finish(output)
    precompress_cache.finish(pelican)  # compress
    pelican.session = session
    pelican.output = output
    return pelican


WORDS = " ".join(f"calm {n} quiet" for n in range(400))


def _site(changed: str = "") -> dict[str, bytes | str]:
    return {
        "index.html": f"<!doctype html><title>Home</title><p>{WORDS}</p>",
        "post/index.html": f"<!doctype html><title>Post{changed}</title><p>{WORDS}</p>",
        "feeds/all.atom.xml": f"<feed>{WORDS}</feed>",
        "static/site.css": f"/* {WORDS} */",  # never announced: found by the final walk
        "tiny.txt": "x",  # under PRECOMPRESS_MIN_SIZE: never compressed
        "noise.txt": random.Random(0).randbytes(4000),  # compressed, not smaller: no copy
    }


def _check_copies(output: Path, brotli_quality: int = 11) -> None:
    for path in output.rglob("*"):
        if path.suffix in {".gz", ".br"} or not path.is_file():
            continue
        data = path.read_bytes()
        gz, br = path.with_name(path.name + ".gz"), path.with_name(path.name + ".br")
        if path.name in ("tiny.txt", "noise.txt"):
            assert not gz.exists() and not br.exists(), path
            continue
        assert gz.read_bytes() == precompress.compress_with_gzip(data), gz
        if brotli_quality == 11:
            assert br.read_bytes() == precompress.compress_with_brotli(data), br
        expected = brotli.compress(data, mode=brotli.MODE_TEXT, quality=brotli_quality)
        assert br.read_bytes() == expected, br


def test_copies_identical_to_fresh_compression(tmp_path: Path) -> None:
    first = _build(tmp_path, "first", _site())
    assert first.session.restored == 0
    assert first.session.stored == 10  # 4 files x 2 formats, and noise.txt's 2 "not smaller"
    second = _build(tmp_path, "second", _site(changed=" (edited)"))
    assert second.session.restored == 8  # all but the edited post, both formats
    assert second.session.stored == 2
    for output in (first.output, second.output):
        _check_copies(output)


def test_a_finished_file_leaves_only_its_hash_behind(tmp_path: Path) -> None:
    """At 5,000 posts the finished jobs (each a Future and a Path) held about 20 MiB until the
    build ended: a compressed file is kept as its path and the hash of the bytes compressed."""
    built = _build(tmp_path, "first", _site())
    assert built.session.jobs == {}
    announced = {
        os.path.join(str(built.output), name) for name in ("index.html", "post/index.html")
    }
    assert announced <= set(built.session.keys)
    assert all(type(path) is str and type(key) is str for path, key in built.session.keys.items())


def test_brotli_quality_setting(tmp_path: Path) -> None:
    built = _build(tmp_path, "q5", _site(), quality=5)
    _check_copies(built.output, brotli_quality=5)
    # Another quality is another copy, never last build's copy at the old quality.
    again = _build(tmp_path, "q11", _site(), quality=11)
    assert again.session.restored == 5  # gzip only: 4 copies and noise.txt's "not smaller"
    _check_copies(again.output, brotli_quality=11)


def test_found_by_the_final_walk_when_nothing_is_announced(tmp_path: Path) -> None:
    built = _build(tmp_path, "quiet", _site(), announce=False)
    _check_copies(built.output)


def test_a_file_changed_after_it_was_announced_gets_copies_of_its_last_bytes(
    tmp_path: Path,
) -> None:
    def rewrite(output: Path) -> None:
        (output / "index.html").write_text(f"<p>minified {WORDS}</p>", encoding="utf-8")
        # Empty when announced (too small for a copy), whole by the end.
        (output / "entry.json").write_text(f'{{"words": "{WORDS}"}}', encoding="utf-8")

    built = _build(tmp_path, "rewritten", {**_site(), "entry.json": ""}, before_finish=rewrite)
    assert (built.output / "entry.json.br").exists()
    _check_copies(built.output)
    gz = (built.output / "index.html.gz").read_bytes()
    assert b"minified" in precompress.decompress_with_gzip(built.output / "index.html.gz"), gz


def test_a_stale_copy_in_the_output_is_replaced(tmp_path: Path) -> None:
    # Left by an older build in an output folder that was not emptied first.
    (tmp_path / "stale").mkdir()
    (tmp_path / "stale" / "index.html.br").write_bytes(brotli.compress(b"an older page"))
    (tmp_path / "stale" / "noise.txt.gz").write_bytes(b"left by an older build")
    built = _build(tmp_path, "stale", _site())
    _check_copies(built.output)


def test_cache_keeps_only_what_the_last_build_used(tmp_path: Path) -> None:
    _build(tmp_path, "first", _site())
    _build(tmp_path, "second", _site(changed="!"))
    cached = sorted(p.name for p in (tmp_path / "cache" / "precompress").iterdir())
    assert len(cached) == 10  # 5 files x 2 formats of the second build; the old post is gone


def test_idle_when_the_build_does_not_list_it(tmp_path: Path) -> None:
    pelican = _build(tmp_path, "plain", _site(), plugins=["pelican.plugins.precompress"])
    assert pelican.session is None
    assert not (tmp_path / "cache" / "precompress").exists()
    assert not list(pelican.output.rglob("*.gz"))


def _cached(output: Path, copy: str) -> Path:
    """The cache file the output's `copy` was placed from (the same file, hard-linked)."""
    store = output.parent / "cache" / "precompress"
    return next(p for p in store.iterdir() if p.samefile(output / copy))


def _cut(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _swap(one: Path, other: Path) -> None:
    first, second = one.read_bytes(), other.read_bytes()
    one.write_bytes(second)
    other.write_bytes(first)


DAMAGE = {
    # In the cache folder: a copy cut short (a full disk, a crash while copying the cache).
    "a cached .br cut in half": lambda out: _cut(_cached(out, "index.html.br")),
    # Two copies swapped by hand: each decompresses, to the other page.
    "two cached .gz swapped": lambda out: _swap(
        _cached(out, "index.html.gz"), _cached(out, "post/index.html.gz")
    ),
    # An emptied copy, which used to read as "compressing did not make it smaller".
    "an emptied .gz": lambda out: _cached(out, "feeds/all.atom.xml.gz").write_bytes(b""),
    # An output file edited in place: the output copy is the cache file's hard link.
    "an output .gz edited in place": lambda out: (
        (out / "post/index.html.gz").open("ab").write(b"!")
    ),
    "an output .br truncated in place": lambda out: _cut(out / "static/site.css.br"),
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_damaged_cached_copies_are_made_again_never_published(tmp_path: Path, damage) -> None:
    first = _build(tmp_path, "first", _site())
    DAMAGE[damage](first.output)
    again = _build(tmp_path, "again", _site())
    _check_copies(again.output)  # every copy is what compressing the file gives
    assert again.session.stored >= 1  # the damaged copy was made again
    third = _build(tmp_path, "third", _site())  # and the cache is whole again
    assert third.session.stored == 0
    _check_copies(third.output)
