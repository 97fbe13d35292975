"""blog/plugins/precompress_cache.py: cached .br/.gz copies are what pelican-precompress makes.

Runs the plugin's two steps around pelican-precompress itself on small output folders (no
Pelican build needed): a first build fills the cache, a second build with one file changed
reuses every unchanged copy and compresses only the changed file.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from pelican.plugins import precompress

from blog.plugins import precompress_cache

PLUGINS = ["pelican.plugins.precompress", "blog.plugins.precompress_cache"]


def _build(base: Path, name: str, files: dict[str, str], plugins=PLUGINS) -> SimpleNamespace:
    output = base / name
    for rel, text in files.items():
        (output / rel).parent.mkdir(parents=True, exist_ok=True)
        (output / rel).write_text(text, encoding="utf-8")
    pelican = SimpleNamespace(
        settings={
            "OUTPUT_PATH": str(output),
            "CACHE_PATH": str(base / "cache"),
            "PLUGINS": plugins,
            "PRECOMPRESS_GZIP": True,
            "PRECOMPRESS_BROTLI": True,
            "PRECOMPRESS_ZSTANDARD": False,
            "PRECOMPRESS_ZOPFLI": False,
        }
    )
    precompress_cache.restore(pelican)  # the "minify" signal
    session = precompress_cache.state.session
    precompress.compress_files(pelican)  # the "compress" signal
    precompress_cache.store(pelican)  # the "deploy" signal
    pelican.session = session
    pelican.output = output
    return pelican


def _site(changed: str = "") -> dict[str, str]:
    words = " ".join(f"calm {n} quiet" for n in range(400))
    return {
        "index.html": f"<!doctype html><title>Home</title><p>{words}</p>",
        "post/index.html": f"<!doctype html><title>Post{changed}</title><p>{words}</p>",
        "feeds/all.atom.xml": f"<feed>{words}</feed>",
        "tiny.txt": "x",  # under PRECOMPRESS_MIN_SIZE: never compressed
    }


def test_copies_identical_to_fresh_compression(tmp_path: Path) -> None:
    first = _build(tmp_path, "first", _site())
    assert first.session.restored == 0 and first.session.stored == 6
    second = _build(tmp_path, "second", _site(changed=" (edited)"))
    assert second.session.restored == 4  # index and feed, both formats; not the edited post
    assert second.session.stored == 2
    for output in (first.output, second.output):
        for path in output.rglob("*"):
            if path.suffix in {".gz", ".br"} or not path.is_file():
                continue
            data = path.read_bytes()
            if path.name == "tiny.txt":
                assert not path.with_name("tiny.txt.gz").exists()
                continue
            gz, br = path.with_name(path.name + ".gz"), path.with_name(path.name + ".br")
            assert gz.read_bytes() == precompress.compress_with_gzip(data), gz
            assert br.read_bytes() == precompress.compress_with_brotli(data), br


def test_cache_keeps_only_what_the_last_build_used(tmp_path: Path) -> None:
    _build(tmp_path, "first", _site())
    _build(tmp_path, "second", _site(changed="!"))
    cached = sorted(p.name for p in (tmp_path / "cache" / "precompress").iterdir())
    assert len(cached) == 6  # 3 files x 2 formats of the second build; the old post is gone


def test_idle_when_the_build_does_not_list_it(tmp_path: Path) -> None:
    pelican = _build(tmp_path, "plain", _site(), plugins=["pelican.plugins.precompress"])
    assert pelican.session is None
    assert not (tmp_path / "cache" / "precompress").exists()
