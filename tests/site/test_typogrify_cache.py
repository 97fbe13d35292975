"""blog/plugins/typogrify_cache.py: exactly Pelican's typogrify output, cached across builds.

Three production builds of the seed content plus the escaping fixture, all at the same SITEURL:
Pelican's own typogrify step (the plugin left out), the plugin with an empty cache, and the
plugin again with the cache of the previous build. Every HTML and XML file must be identical.
"""

from __future__ import annotations

import shutil
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
