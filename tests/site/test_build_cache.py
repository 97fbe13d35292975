"""Pelican's content cache in production (publishconf.py + blog/plugins/cache_key.py) is safe.

A warm build gives exactly what a build without any cache gives, even for a post edited
without its modification time changing; any change of setting, plugin source or package
gives a new cache folder.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest
from conftest import FIXTURE_CONTENT, ROOT, build_site

from blog.plugins import cache_key

SITEURL = "http://127.0.0.1:9"  # never contacted: the pages are only read from disk
ARTICLE = "intensive-outpatient-therapy.md"


def _texts(output: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(output)): path.read_bytes()
        for pattern in ("*.html", "*.xml")
        for path in sorted(output.rglob(pattern))
    }


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, bytes]]:
    from pelican.settings import read_settings

    settings = read_settings(str(ROOT / "publishconf.py"))
    assert settings["CACHE_CONTENT"] and settings["LOAD_CONTENT_CACHE"]
    assert cache_key.__name__ in settings["PLUGINS"] and settings["CHECK_MODIFIED_METHOD"] == "md5"

    base = tmp_path_factory.mktemp("content-cache")
    content, cache = base / "content", base / "cache"
    shutil.copytree(ROOT / "content", content)
    shutil.copytree(FIXTURE_CONTENT, content, dirs_exist_ok=True)
    build_site(content, base / "first", SITEURL, CACHE_PATH=str(cache))

    # An edit that keeps the file's modification time: only its bytes tell.
    post = content / ARTICLE
    stat = post.stat()
    post.write_text(
        post.read_text(encoding="utf-8").replace("Title: ", "Title: Edited ", 1), encoding="utf-8"
    )
    os.utime(post, ns=(stat.st_atime_ns, stat.st_mtime_ns))

    build_site(content, base / "warm", SITEURL, CACHE_PATH=str(cache))
    build_site(
        content,
        base / "uncached",
        SITEURL,
        CACHE_PATH=str(base / "no-cache"),
        CACHE_CONTENT=False,
        LOAD_CONTENT_CACHE=False,
    )
    folders = sorted(p.name for p in cache.glob("build-*"))
    return {
        "warm": _texts(base / "warm"),
        "uncached": _texts(base / "uncached"),
        "folders": folders,
    }


def test_warm_build_equals_uncached_build(builds) -> None:
    assert len(builds["folders"]) == 1  # both cached builds used the same key
    warm, uncached = builds["warm"], builds["uncached"]
    assert len(uncached) > 10 and sorted(warm) == sorted(uncached)
    assert [path for path in uncached if warm[path] != uncached[path]] == []


def test_edit_with_same_mtime_is_seen(builds) -> None:
    assert "intensive-outpatient-therapy-program/index.html" in builds["warm"]
    page = builds["warm"]["intensive-outpatient-therapy-program/index.html"].decode()
    assert "<title>Edited Intensive Outpatient" in page


def test_key_follows_settings_plugins_and_ignores_output(tmp_path: Path, monkeypatch) -> None:
    import importlib

    from pelican.settings import read_settings

    # A stand-in for the blog package, so the test can add and change modules in it.
    package = tmp_path / "package"
    (package / "plugins").mkdir(parents=True)
    (package / "plugins" / "cache_key_probe.py").write_text("X = 1\n")
    monkeypatch.setattr(cache_key, "PACKAGE", package)
    monkeypatch.syspath_prepend(str(package / "plugins"))
    settings = read_settings(str(ROOT / "publishconf.py"), override={"CACHE_PATH": str(tmp_path)})
    key = cache_key.fingerprint(settings)
    assert cache_key.fingerprint({**settings, "OUTPUT_PATH": "/elsewhere"}) == key
    assert cache_key.fingerprint({**settings, "CACHE_PATH": "/elsewhere"}) == key
    assert cache_key.fingerprint({**settings, "SITEURL": "https://example.test"}) != key
    markdown = {**settings["MARKDOWN"], "output_format": "xhtml"}
    assert cache_key.fingerprint({**settings, "MARKDOWN": markdown}) != key
    # What this process happened to import does not matter: the same tree, the same key.
    importlib.import_module("cache_key_probe")
    assert cache_key.fingerprint(settings) == key
    del sys.modules["cache_key_probe"]
    (package / "not_imported_yet.py").write_text("Y = 1\n")  # any module there counts
    assert cache_key.fingerprint(settings) != key
    (package / "not_imported_yet.py").unlink()
    assert cache_key.fingerprint(settings) == key
    (package / "plugins" / "cache_key_probe.py").write_text("X = 2\n")  # so does any edit
    assert cache_key.fingerprint(settings) != key
    (package / "plugins" / "cache_key_probe.py").write_text("X = 1\n")
    assert cache_key.fingerprint(settings) == key
    # Installing a distribution, or another version of it, gives another key.
    site_packages = tmp_path / "site-packages"
    (site_packages / "calm_extras-1.0.dist-info").mkdir(parents=True)
    monkeypatch.syspath_prepend(str(site_packages))
    installed = cache_key.fingerprint(settings)
    assert installed != key
    (site_packages / "calm_extras-1.0.dist-info").rename(
        site_packages / "calm_extras-1.1.dist-info"
    )
    assert cache_key.fingerprint(settings) not in {key, installed}
