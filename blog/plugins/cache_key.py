"""Keep Pelican's content cache only while everything that shapes the reader's output is the same.

Pelican's content cache (``CACHE_CONTENT``/``LOAD_CONTENT_CACHE``, reader layer) is keyed by the
source file alone: its modification time, or with ``CHECK_MODIFIED_METHOD = "md5"`` a hash of
its bytes. The reader's output also depends on the settings (Markdown extensions, URL patterns
and SITEURL held by the pickled Category/Tag objects, ...), on the reader plugins
(safe_metadata, typogrify_cache, ...) and on the installed Markdown/Pelican versions; Pelican
does not notice when those change, and would publish stale pages.

Signal: ``initialized`` (before any generator opens the cache). When the build caches content,
``CACHE_PATH`` becomes ``CACHE_PATH/build-<key>``, where the key hashes every setting (except
the output and cache paths), the source of every module of the blog's own package (blog/:
the plugins and the linter they use), and the name and version of every installed
distribution. Any change gives a new, empty cache; an unchanged
source file with an unchanged key is read from the cache. Only the newest
``CACHE_KEY_KEEP`` (3) ``build-*`` folders are kept. The other caches (typogrify_cache,
precompress_cache, share images) live in the same folder; they are keyed by content as well.
The content rules' findings, read in this same phase, before or after the move, are kept in
the keyed folder too (:func:`keyed_cache_path`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import sys
from pathlib import Path
from typing import Any

from pelican import signals

from . import BuildState, use_defaults

logger = logging.getLogger(__name__)

IGNORED = {"OUTPUT_PATH", "CACHE_PATH"}
DEFAULTS: dict[str, Any] = {"CACHE_KEY_KEEP": 3}  # build-* folders kept
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


def _stable(value: Any) -> Any:
    """A JSON-able form of a setting that is the same in every process."""
    if isinstance(value, (set, frozenset)):
        return sorted(map(repr, value))
    if callable(value) and hasattr(value, "__qualname__"):
        return f"{getattr(value, '__module__', '')}.{value.__qualname__}"
    return _ADDRESS.sub("", repr(value))


def _markdown(config: dict[str, Any]) -> dict[str, Any]:
    """MARKDOWN as written: Pelican's reader adds the configured extensions (and `meta`) to
    `extensions` in place, and pelicanconf's dict is shared by every build in a process."""
    config = dict(config)
    added = {*config.get("extension_configs", {}), "markdown.extensions.meta"}
    extensions = [e for e in config.pop("extensions", []) if e not in added]
    if extensions:
        config["extensions"] = sorted(map(repr, extensions))
    return config


PACKAGE = Path(__file__).resolve().parents[1]  # blog/


def _local_modules() -> list[Path]:
    """Every module of the blog's own package (plugins, linter). Not only those imported so
    far: what a process has imported depends on what it ran before (a test session, a live
    preview), and the key must be the same for the same tree in every process."""
    return sorted(PACKAGE.rglob("*.py"))


def fingerprint(settings: dict[str, Any]) -> str:
    digest = hashlib.blake2b(digest_size=10)
    kept = {k: v for k, v in settings.items() if k not in IGNORED}
    if isinstance(kept.get("MARKDOWN"), dict):
        kept["MARKDOWN"] = _markdown(kept["MARKDOWN"])
    digest.update(json.dumps(kept, sort_keys=True, default=_stable).encode())
    for source in _local_modules():
        name = source.relative_to(PACKAGE).as_posix()  # the same in every checkout
        digest.update(name.encode() + b"\0" + source.read_bytes())
    digest.update("\n".join([sys.version, *installed()]).encode())
    return digest.hexdigest()


def installed() -> list[str]:
    """The installed distributions, as the names of their metadata folders on ``sys.path``
    (``Markdown-3.7.dist-info``): installing, removing or changing the version of one renames
    or adds a folder. Names only: parsing every distribution's METADATA (importlib.metadata)
    cost a small build a third of its time."""
    names: set[str] = set()
    for entry in sys.path:
        try:
            with os.scandir(entry or ".") as found:
                names.update(e.name for e in found if e.name.endswith((".dist-info", ".egg-info")))
        except OSError:  # a zip file, a folder gone since
            continue
    return sorted(names)


class KeyState(BuildState):
    """The keyed cache folder this build uses (None until it is keyed)."""

    keyed: str | None = None

    def reset(self) -> None:
        self.keyed = None


state = KeyState(__name__)


def keyed_cache_path(pelican: Any) -> Path:
    """The folder this build's caches go in, keyed now if it is not yet: for a plugin that
    opens a cache at ``initialized``, when it cannot know whether this plugin's receiver has
    run (the content rules' findings, strict_build). Without content caching (local builds)
    there is no keyed folder: CACHE_PATH as given."""
    key_cache_path(pelican)
    return Path(pelican.settings["CACHE_PATH"])


def key_cache_path(pelican: Any) -> None:
    """At ``initialized``: move CACHE_PATH into ``build-<key>/``, once per build (a second
    call in the same build, from :func:`keyed_cache_path` or the signal, changes nothing)."""
    settings = pelican.settings
    if state.settings is settings and state.keyed is not None:
        return
    if not state.begin(pelican):
        return
    use_defaults(settings, DEFAULTS)
    if not (settings["CACHE_CONTENT"] or settings["LOAD_CONTENT_CACHE"]):
        return
    base = Path(settings["CACHE_PATH"])
    target = base / f"build-{fingerprint(settings)}"
    settings["CACHE_PATH"] = state.keyed = str(target)
    target.mkdir(parents=True, exist_ok=True)
    target.touch()  # newest first when pruning
    keep = int(settings["CACHE_KEY_KEEP"])
    older = sorted(base.glob("build-*"), key=lambda p: p.stat().st_mtime, reverse=True)[keep:]
    for stale in older:
        if stale != target:
            shutil.rmtree(stale, ignore_errors=True)
    logger.debug("content cache: %s", target)


def register() -> None:
    signals.initialized.connect(key_cache_path)
