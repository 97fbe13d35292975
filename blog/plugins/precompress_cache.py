"""Reuse the ``.br``/``.gz`` copies of output files whose bytes did not change since last build.

pelican-precompress compresses every text file of the output on every build, with brotli at
quality 11: on a large site that is the slowest step of the production build, and a production
build always starts from an empty output folder, so nothing carries over by itself. This plugin
keeps each compressed copy in ``CACHE_PATH/precompress/``, named by a hash of the original
file's bytes, the format and the pelican-precompress version; compression is deterministic
(no timestamps), so a cached copy is byte for byte what pelican-precompress would write.

Signals (from pelican-granular-signals, the ones pelican-precompress itself relies on; they are
sent in order right after ``finalized``):

* ``minify``, just before ``compress``: for every file pelican-precompress will look at, copy
  the cached copies for identical bytes next to it. pelican-precompress then skips those files
  ("already exists"), as it does for any existing copy when ``PRECOMPRESS_OVERWRITE`` is false.
* ``deploy``, just after ``compress``: store the copies made this build; drop cached copies no
  file of this build used, so the cache holds one site's worth.

Acts only in builds that list this plugin; list it right after ``pelican.plugins.precompress``
(publishconf.py), whose copies it caches.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
from importlib.metadata import version
from pathlib import Path
from typing import Any

import blinker

from . import BuildState

logger = logging.getLogger(__name__)

FOLDER = "precompress"


def _formats(settings: dict[str, Any]) -> list[tuple[str, str]]:
    """(name, extension) of each copy pelican-precompress makes with these settings."""
    formats = []
    if settings["PRECOMPRESS_BROTLI"]:
        formats.append(("brotli", ".br"))
    if settings["PRECOMPRESS_GZIP"]:
        formats.append(("gzip", ".gz"))
    if settings["PRECOMPRESS_ZOPFLI"]:
        formats.append(("zopfli", ".gz"))
    if settings["PRECOMPRESS_ZSTANDARD"]:
        formats.append(("zstandard", ".zst"))
    return formats


class Session:
    """One build: which output file has which cached copy."""

    def __init__(self, pelican: Any) -> None:
        from pelican.plugins import precompress

        self.settings = precompress.get_settings(pelican)
        self.paths = precompress.get_paths_to_compress
        self.folder = Path(pelican.settings["CACHE_PATH"]) / FOLDER
        self.salt = version("pelican-precompress").encode() + b"\0"
        self.keys: dict[Path, str] = {}  # output file -> hash of its bytes
        self.restored = self.stored = 0

    def files(self) -> list[Path]:
        minimum = self.settings["PRECOMPRESS_MIN_SIZE"]
        return [
            path
            for path in self.paths(self.settings)
            if path.is_file() and not (minimum and path.stat().st_size < minimum)
        ]

    def cached(self, path: Path, name: str, ext: str) -> Path:
        return self.folder / f"{self.keys[path]}.{name}{ext}"

    def restore(self) -> None:
        for path in self.files():
            self.keys[path] = hashlib.blake2b(
                self.salt + path.read_bytes(), digest_size=20
            ).hexdigest()
            for name, ext in _formats(self.settings):
                source, target = self.cached(path, name, ext), path.with_name(path.name + ext)
                if source.exists() and not target.exists():
                    shutil.copyfile(source, target)
                    self.restored += 1

    def store(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        used: set[str] = set()
        for path in self.keys:
            for name, ext in _formats(self.settings):
                copy, cached = path.with_name(path.name + ext), self.cached(path, name, ext)
                used.add(cached.name)
                if copy.exists() and not cached.exists():
                    tmp = cached.with_name(f".{cached.name}.tmp")
                    shutil.copyfile(copy, tmp)
                    os.replace(tmp, cached)  # a killed build never leaves half a copy
                    self.stored += 1
        for entry in self.folder.iterdir():
            if entry.name not in used:
                entry.unlink(missing_ok=True)
        logger.debug("precompress cache: %d restored, %d stored", self.restored, self.stored)


class PrecompressState(BuildState):
    """This build's session, from `minify` (after writing) to `deploy` (after compressing)."""

    session: Session | None = None

    def reset(self) -> None:
        self.session = None


state = PrecompressState(__name__)


def restore(pelican: Any) -> None:
    if state.begin(pelican):
        state.session = Session(pelican)
        state.session.restore()


def store(pelican: Any) -> None:
    if state.session is not None and state.active(pelican.settings):
        state.session.store()
    state.reset()


def register() -> None:
    import pelican.plugins.granular_signals

    pelican.plugins.granular_signals.register()
    blinker.signal("minify").connect(restore)
    blinker.signal("deploy").connect(store)
