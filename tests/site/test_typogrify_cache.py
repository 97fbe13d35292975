"""blog/plugins/typogrify_cache.py: exactly Pelican's typogrify output, cached across builds.

Three production builds of the seed content plus the escaping fixture, all at the same SITEURL:
Pelican's own typogrify step (the plugin left out), the plugin with an empty cache, and the
plugin again with the cache of the previous build. Every HTML and XML file must be identical.
"""

from __future__ import annotations

import pickle
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURE_CONTENT, ROOT, build_site

from blog.plugins import typogrify_cache

SITEURL = "http://127.0.0.1:9"  # never contacted: the pages are only read from disk
COMPARED = ("*.html", "*.xml")


def _texts(output: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(output)): path.read_bytes()
        for pattern in COMPARED
        for path in sorted(output.rglob(pattern))
    }


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    from pelican.settings import read_settings

    base = tmp_path_factory.mktemp("typogrify")
    content = base / "content"
    shutil.copytree(ROOT / "content", content)
    shutil.copytree(FIXTURE_CONTENT, content, dirs_exist_ok=True)
    plugins = read_settings(str(ROOT / "publishconf.py"))["PLUGINS"]
    assert typogrify_cache.__name__ in plugins, "the production build must use the plugin"
    without = [p for p in plugins if p != typogrify_cache.__name__]

    result: dict[str, object] = {}
    for name, plugin_list in (("pelican", without), ("cold", plugins), ("warm", plugins)):
        output = base / name
        cache = base / ("cache-pelican" if name == "pelican" else "cache-plugin")
        # Pelican's content cache off: it would skip the reader, and so this plugin, when warm.
        build_site(
            content,
            output,
            SITEURL,
            PLUGINS=plugin_list,
            CACHE_PATH=str(cache),
            CACHE_CONTENT=False,
            LOAD_CONTENT_CACHE=False,
        )
        result[name] = _texts(output)
        used = typogrify_cache.state.cache
        result[f"{name}-stats"] = (used.hits, used.misses) if used else None
    return result


def test_plugin_is_used_only_where_listed(builds: dict[str, object]) -> None:
    assert builds["pelican-stats"] is None  # Pelican's own step ran in the reference build
    assert builds["cold-stats"] and builds["warm-stats"], "the plugin ran in both of its builds"
    hits, misses = builds["cold-stats"]
    assert misses > 0
    hits, misses = builds["warm-stats"]
    assert hits > 0 and misses == 0  # nothing typogrified twice


@pytest.mark.parametrize("name", ["cold", "warm"])
def test_output_identical_to_pelicans_typogrify(builds: dict[str, object], name: str) -> None:
    reference, ours = builds["pelican"], builds[name]
    assert len(reference) > 10
    assert sorted(ours) == sorted(reference)
    different = [path for path in reference if reference[path] != ours[path]]
    assert different == []


def test_typogrify_really_ran_on_escaped_metadata(builds: dict[str, object]) -> None:
    assert "escaping-test-post/index.html" in builds["warm"]
    page = builds["warm"]["escaping-test-post/index.html"].decode()
    # safe_metadata escaped the title, then typogrify curled the quotes and wrapped the ampersand.
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page
    assert "&#8220;x&#8221;" in page
    assert '<span class="amp">&amp;</span>' in page


@pytest.mark.parametrize("dashes", ["default", "oldschool", "oldschool_inverted"])
def test_same_settings_semantics_as_pelican(tmp_path: Path, dashes: str) -> None:
    import smartypants
    from typogrify.filters import typogrify

    settings = {
        "CACHE_PATH": str(tmp_path),
        "TYPOGRIFY_IGNORE_TAGS": ["pre", "code"],
        "TYPOGRIFY_OMIT_FILTERS": ["widont"],
        "TYPOGRIFY_DASHES": dashes,
    }
    text = '<p>"Calm" -- and --- "quiet" ... it\'s A&amp;B</p><pre>"raw" -- x</pre>'
    cache = typogrify_cache.TypogrifyCache(settings)
    ours = cache.apply(text)
    assert cache.apply(text) == ours and (cache.hits, cache.misses) == (1, 1)
    # Pelican's reader step, verbatim in effect (pelican/readers.py, read_file).
    attrs = {"default": smartypants.Attr.set1, "oldschool": smartypants.Attr.set2}
    smartypants.Attr.default = attrs.get(dashes, smartypants.Attr.set3) | smartypants.Attr.w
    expected = typogrify(text, ["pre", "code"], widont=False)
    assert ours == expected
    assert '"raw" -- x' in ours  # ignored tag left alone

    cache.save()
    reloaded = typogrify_cache.TypogrifyCache(settings)
    assert reloaded.apply(text) == expected and reloaded.hits == 1
    other = typogrify_cache.TypogrifyCache({**settings, "TYPOGRIFY_OMIT_FILTERS": []})
    other.apply(text)
    assert other.misses == 1  # different settings, different key


def test_a_saved_cache_lets_go_of_its_texts_and_still_typogrifies(tmp_path: Path) -> None:
    """Saved at the end of reading, the cache holds no text through the writing phase (a warm
    build would hold every post twice); a text read after that still comes out typogrified."""
    cache = typogrify_cache.TypogrifyCache({"CACHE_PATH": str(tmp_path)})
    expected = cache.apply('"Calm" -- A&amp;B')
    cache.save()
    assert cache.entries == {}
    assert cache.apply('"Calm" -- A&amp;B') == expected and cache.misses == 2
    assert typogrify_cache.TypogrifyCache({"CACHE_PATH": str(tmp_path)}).entries  # saved whole


# The cache file: under the keyed build folder, never half-written, never fatal ----------------


@pytest.fixture(scope="module")
def production(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """content/ built twice with publishconf.py as it is (content cache on, so cache_key keys
    CACHE_PATH): the second build finds every cache where the first left it."""
    base = tmp_path_factory.mktemp("typogrify-file")
    cache = base / "cache"
    for name in ("first", "second"):
        build_site(ROOT / "content", base / name, SITEURL, CACHE_PATH=str(cache))
    return base, cache, base / "second"


def test_every_cache_file_is_under_the_keyed_build_folder(production) -> None:
    _base, cache, _output = production
    keyed = [folder for folder in cache.iterdir() if folder.name.startswith("build-")]
    assert len(keyed) == 1, sorted(p.name for p in cache.iterdir())
    outside = [str(p.relative_to(cache)) for p in cache.rglob("*") if keyed[0] not in p.parents]
    assert outside == [keyed[0].name]  # the folder itself, nothing beside it
    assert (keyed[0] / typogrify_cache.CACHE_FILE).is_file()


GARBLED = {
    "truncated": lambda whole: whole[: len(whole) // 2],
    "empty": lambda whole: b"",
    "noise": lambda whole: bytes(range(256)) * 4,
    "not a dict": lambda whole: pickle.dumps(["format", 1]),
    "entries not a dict": lambda whole: pickle.dumps({"format": 1, "build": 3, "entries": []}),
    "build not a number": lambda whole: pickle.dumps({"format": 1, "build": "x", "entries": {}}),
}


@pytest.mark.parametrize("damage", GARBLED)
def test_an_unreadable_cache_file_is_ignored_and_rewritten(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, damage: str
) -> None:
    settings = {"CACHE_PATH": str(tmp_path)}
    first = typogrify_cache.TypogrifyCache(settings)
    expected = first.apply('"Calm" -- A&amp;B')
    first.save()
    path = tmp_path / typogrify_cache.CACHE_FILE
    path.write_bytes(GARBLED[damage](path.read_bytes()))

    with caplog.at_level("DEBUG"):
        cache = typogrify_cache.TypogrifyCache(settings)
    # Not a warning: a strict build fails on any warning, and the site has nothing wrong.
    assert [r for r in caplog.records if r.levelno >= 30] == []
    assert cache.entries == {} and cache.apply('"Calm" -- A&amp;B') == expected
    assert cache.misses == 1
    cache.save()
    assert typogrify_cache.TypogrifyCache(settings).entries  # whole again


def test_a_truncated_cache_does_not_stop_a_strict_build(production) -> None:
    base, cache, output = production
    (stored,) = cache.glob(f"build-*/{typogrify_cache.CACHE_FILE}")
    stored.write_bytes(stored.read_bytes()[:100])
    for read in stored.parent.glob("*-Readers"):  # Pelican's content cache: read every file
        read.unlink()
    again = base / "after-truncation"
    build_site(ROOT / "content", again, SITEURL, CACHE_PATH=str(cache))  # STRICT: no warning
    assert _texts(again) == _texts(output)
    assert typogrify_cache.state.cache is not None and typogrify_cache.state.cache.misses > 0
    assert typogrify_cache.TypogrifyCache({"CACHE_PATH": str(stored.parent)}).entries


_KILLED_SAVE = """
import os, signal, sys
from blog.plugins import typogrify_cache
cache = typogrify_cache.TypogrifyCache({"CACHE_PATH": sys.argv[1]})
cache.apply("x")
os.replace = lambda *args: os.kill(os.getpid(), signal.SIGKILL)  # killed before the rename
cache.save()
"""


def test_the_next_build_removes_a_killed_saves_temporary_file(tmp_path: Path) -> None:
    from blog.build_lock import remove_leftovers

    keyed = tmp_path / "cache" / "build-0123456789abcdef0123"
    keyed.mkdir(parents=True)
    done = subprocess.run([sys.executable, "-c", _KILLED_SAVE, str(keyed)], cwd=ROOT, check=False)
    assert done.returncode == -signal.SIGKILL
    left = [p.name for p in keyed.iterdir()]
    assert left and typogrify_cache.CACHE_FILE not in left  # only the unfinished file
    remove_leftovers(tmp_path / "output", tmp_path / "cache")  # what every build does first
    assert list(keyed.iterdir()) == []
