"""blog/plugins/phases.py: each plugin runs in the phase it names, whatever the order of PLUGINS.

The site is built with PLUGINS as listed and reversed, each in a process of its own, and every
file is compared byte for byte; the strict build must see a warning logged in the last phase
before its verdict; and every receiver of the blog's plugins sits on a signal of the table.
"""

from __future__ import annotations

import importlib
import json
import logging
import shutil
import subprocess
import sys
from pathlib import Path

import blinker
import pytest
from conftest import ROOT, build_site, fixture_settings
from pelican.plugins import signals as pelican_signals
from pelican.settings import read_settings

from blog.plugins import phases
from blog.plugins.strict_build import StrictBuildError

SITEURL = "http://127.0.0.1:9"  # never contacted: the pages are only read from disk
# A title and a body with characters XML forbids (a vertical tab, a form feed): safe_metadata
# and xml_text both extend the Markdown reader, and both must take effect in either order.
CONTROL = """Title: Calm <b>and</b>\x0bquiet & "kind"
Date: 2024-05-01
Category: Notes
Slug: control-characters
Summary: A summary\x0cwith a form feed & <i>tags</i>.

Body\x0btext.
"""


_BUILD = """
import json, sys
from pelican import Pelican
from pelican.settings import read_settings
Pelican(read_settings(sys.argv[1], override=json.loads(sys.argv[2]))).run()
"""


def _plugins(config: str) -> list[str]:
    return list(read_settings(str(ROOT / config))["PLUGINS"])


def _files(output: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(output)): path.read_bytes()
        for path in sorted(output.rglob("*"))
        if path.is_file()
    }


def test_the_order_of_plugins_changes_no_byte(tmp_path: Path) -> None:
    """The production settings, with STRICT off so that the post with characters XML forbids
    is built (a strict build refuses it at its line) and the reader extensions are seen."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    (content / "control-characters.md").write_text(CONTROL, encoding="utf-8")
    listed = _plugins("publishconf.py")
    assert len(listed) > 10
    builds = {}
    for name, plugins in (("listed", listed), ("reversed", listed[::-1])):
        # A process of its own each: blinker keeps a receiver where it was first connected, so
        # in one process the second build would run its receivers in the first build's order.
        # The two run side by side.
        override = {
            "PATH": str(content),
            "OUTPUT_PATH": str(tmp_path / name),
            "SITEURL": SITEURL,
            "FEED_DOMAIN": SITEURL,
            "CACHE_PATH": str(tmp_path / f"cache-{name}"),
            "PLUGINS": plugins,
            "STRICT": False,
            **fixture_settings(content),
        }
        command = [sys.executable, "-c", _BUILD, "publishconf.py", json.dumps(override)]
        builds[name] = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL)
    assert [build.wait(timeout=600) for build in builds.values()] == [0, 0]
    built = {name: _files(tmp_path / name) for name in builds}
    assert len(built["listed"]) > 30
    assert sorted(built["reversed"]) == sorted(built["listed"])
    assert [p for p in built["listed"] if built["listed"][p] != built["reversed"][p]] == []
    # The reader extensions took effect (in both orders, as the bytes are equal).
    page = built["listed"]["control-characters/index.html"].decode()
    assert "\x0b" not in page and "\x0c" not in page
    assert "&lt;b&gt;and&lt;/b&gt; quiet" in page


def test_the_strict_verdict_comes_after_every_phase(tmp_path: Path) -> None:
    late = logging.getLogger("test.late")

    def warn(_pelican: object) -> None:
        late.warning("a warning logged while the copies were compressed")

    compress = phases.signal("compress")
    compress.connect(warn)
    try:
        with pytest.raises(StrictBuildError) as failed:
            build_site(ROOT / "content", tmp_path / "output", SITEURL)
    finally:
        compress.disconnect(warn)
    assert "a warning logged while the copies were compressed" in str(failed.value)


def test_every_receiver_of_the_blogs_plugins_is_on_a_phase_of_the_table() -> None:
    from pelican.plugins._utils import load_plugins

    load_plugins({"PLUGINS": _plugins("publishconf.py"), "PLUGIN_PATHS": [str(ROOT)]})
    named = {
        value: name
        for name, value in vars(pelican_signals).items()
        if isinstance(value, blinker.NamedSignal)
    }
    named.update({blinker.signal(name): name for name in phases.AFTER_FINALIZED})
    used = {
        name
        for signal, name in named.items()
        for receiver in signal.receivers_for(blinker.ANY)
        if getattr(receiver, "__module__", "").startswith("blog.plugins.")
    }
    table = [name for name, _what in phases.PHASES]
    assert {"initialized", "finalized", "sitemap", "optimize", "deploy"} <= used
    assert sorted(used - set(table)) == []
    assert len(table) == len(set(table))


def _defaults(plugins: list[str]) -> dict[str, object]:
    merged: dict[str, object] = {}
    for name in plugins:
        merged.update(getattr(importlib.import_module(name), "DEFAULTS", {}))
    return merged


def test_a_build_adds_only_the_plugins_defaults_to_its_settings(tmp_path: Path) -> None:
    from pelican import Pelican

    settings = read_settings(
        str(ROOT / "publishconf.py"),
        override={
            "PATH": str(ROOT / "content"),
            "OUTPUT_PATH": str(tmp_path / "output"),
            "SITEURL": SITEURL,
            "FEED_DOMAIN": SITEURL,
            "CACHE_PATH": str(tmp_path / "cache"),
        },
    )
    before = dict(settings)
    Pelican(settings).run()
    defaults = _defaults(settings["PLUGINS"])
    assert len(defaults) >= 10
    # Values for the templates and for other plugins are not passed through the settings.
    assert sorted(set(settings) - set(before)) == sorted(set(defaults) - set(before))
    # Pelican's own settings only: the content cache keyed (cache_key), typogrify done from the
    # cache (typogrify_cache), and PLUGINS, which Pelican rewrites as the modules' names.
    replaced = sorted(name for name in before if settings[name] is not before[name])
    assert replaced == ["CACHE_PATH", "PLUGINS", "TYPOGRIFY"]


def test_pelicanconf_repeats_no_plugin_default() -> None:
    import runpy

    written = {k: v for k, v in runpy.run_path(str(ROOT / "pelicanconf.py")).items() if k.isupper()}
    defaults = _defaults(_plugins("publishconf.py"))
    repeated = [name for name in written if name in defaults and written[name] == defaults[name]]
    assert repeated == []


def _pngs(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*.png"))


def test_a_refused_strict_build_draws_no_share_image(tmp_path: Path) -> None:
    """A bare `pelican -s publishconf.py` with share_image listed before strict_build (its
    receivers of a shared phase run first): the build refuses a bad post and no share image is
    drawn, in the cache or the output. Twenty posts, so the images would be drawn by worker
    processes, which finish their work when the build process exits. The same content
    without the bad post does draw them (the check above is not empty by accident)."""
    content = tmp_path / "content"
    content.mkdir()
    for number in range(20):
        (content / f"post-{number}.md").write_text(
            f"Title: Post {number}\nDate: 2024-05-{number + 1:02d}\nCategory: Notes\n"
            f"Summary: Post number {number}.\n\nA short post.\n",
            encoding="utf-8",
        )
    bad = content / "bad.md"
    bad.write_text("Title: Bad\nDate: 2024-13-45\nCategory: Notes\n\nText.\n", encoding="utf-8")
    plugins = _plugins("publishconf.py")
    share, strict = "blog.plugins.share_image", "blog.plugins.strict_build"
    plugins.remove(share)
    plugins.insert(plugins.index(strict), share)
    extra = {
        "SITEURL": SITEURL,
        "FEED_DOMAIN": SITEURL,
        "CACHE_PATH": str(tmp_path / "cache"),
        "PLUGINS": plugins,
        **fixture_settings(content),
    }
    command = [
        shutil.which("pelican") or str(Path(sys.executable).with_name("pelican")),
        *("-s", "publishconf.py", str(content), "-o", str(tmp_path / "output")),
        "-e",
        *(f"{key}={json.dumps(value)}" for key, value in extra.items()),
    ]
    refused = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert refused.returncode == 1, refused.stderr
    assert "bad.md" in refused.stderr
    assert _pngs(tmp_path / "cache") == []
    assert _pngs(tmp_path / "output") == []
    bad.unlink()
    built = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stderr
    assert "post-0/share.png" in _pngs(tmp_path / "output")
