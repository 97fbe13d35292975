"""Pelican's content cache, made safe: it records the file a build read, and a damaged cache
file is set aside, never loaded.

**A save during a build.** Pelican's readers cache a post's reading with the file's stamp
(with ``CHECK_MODIFIED_METHOD = "md5"``, a hash of its bytes) taken *after* the reading: a
save between the two (an author editing while a build runs; parallel_read.py reads ahead,
which widens the window to the whole read-ahead) is recorded as already read, and every later
warm build publishes the old text.

This plugin makes the cache record the stamp taken *before* the reading: the one Pelican takes
anyway, to ask the cache whether it holds the file. A save after that stamp changes the file's
stamp, so the next build finds the cache stale and reads the file again: it publishes what is
on disk. (A reading newer than its stamp is read once more, never kept.) One hash per file
instead of Pelican's two.

**A damaged cache file.** Pelican loads its cache (a pickle per generator, ``CACHE_PATH/
ArticlesGenerator-Readers``...) and, when the file is cut short, logs a warning (which fails a
strict build, every time, until another build rewrites it) or, when it is empty, raises
EOFError. So each cache file's digest is written beside it (``NAME.blake2b``) once Pelican has
saved it, and before Pelican loads a cache file whose bytes no longer have that digest (or
have none recorded), the file is removed: that build reads every file, as a first build does.

Signals:

* ``initialized``: start a build.
* ``readers_init`` (the first of a build): the cache folder is final (cache_key.py moves it
  at ``initialized``) and no cache file is loaded yet: remove the damaged ones.
* ``generator_init``: each generator's readers exist, with their cache loaded, and nothing is
  read yet (parallel_read.py reads ahead at ``article_generator_init``, later): stamp before
  reading, and record the digest of what they save.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.cache import FileDataCacher

from . import BuildState, digest, write_whole

logger = logging.getLogger(__name__)

CACHE_SUFFIX = "-Readers"  # Pelican names each generator's reader cache CLASS-Readers
DIGEST_SUFFIX = ".blake2b"


class CacheState(BuildState):
    """Whether this build has checked the cache files yet."""

    checked = False

    def reset(self) -> None:
        self.checked = False


state = CacheState(__name__)


def remove_damaged(folder: Path) -> list[Path]:
    """Remove each reader cache in `folder` whose bytes do not have the digest recorded when
    it was saved (or that has none recorded); the files removed."""
    removed = []
    for path in sorted(folder.glob(f"*{CACHE_SUFFIX}")):
        try:
            recorded = path.with_name(path.name + DIGEST_SUFFIX).read_text(encoding="ascii")
            whole = digest(path.read_bytes()) == recorded.strip()
        except (OSError, UnicodeDecodeError):
            whole = False
        if not whole:
            path.unlink(missing_ok=True)
            removed.append(path)
            logger.info("content cache: %s is damaged or unchecked; reading every file", path)
    return removed


def record_saves(readers: Any) -> None:
    """After `readers` save their cache, write the digest of the saved file beside it."""
    save = readers.save_cache

    def save_cache() -> None:
        save()
        path = Path(readers._cache_path)
        if readers._cache_data_policy and path.is_file():
            write_whole(
                path.with_name(path.name + DIGEST_SUFFIX), digest(path.read_bytes()).encode()
            )

    readers.save_cache = save_cache


def stamp_before_reading(readers: Any) -> None:
    """Make `readers` (a pelican.readers.Readers) cache each reading with the stamp its file
    had when the cache was last asked about it, before the reading."""
    before: dict[str, Any] = {}  # file -> its stamp when last looked up

    def get_cached_data(filename: str, default: Any = None) -> Any:
        stamp = before[filename] = readers._get_file_stamp(filename)
        cached, data = FileDataCacher.get_cached_data(readers, filename, (None, default))
        return data if cached == stamp else default

    def cache_data(filename: str, data: Any) -> None:
        stamp = before.pop(filename) if filename in before else readers._get_file_stamp(filename)
        FileDataCacher.cache_data(readers, filename, (stamp, data))

    readers.get_cached_data = get_cached_data
    readers.cache_data = cache_data


def start(pelican: Any) -> None:
    state.begin(pelican)


def check_files(readers: Any) -> None:
    settings = readers.settings
    if state.active(settings) and not state.checked and settings.get("LOAD_CONTENT_CACHE"):
        state.checked = True
        folder = Path(settings["CACHE_PATH"])
        if folder.is_dir():
            remove_damaged(folder)


def guard(generator: Any) -> None:
    readers = getattr(generator, "readers", None)
    if state.active(generator.settings) and hasattr(readers, "_get_file_stamp"):
        stamp_before_reading(readers)
        record_saves(readers)


def register() -> None:
    signals.initialized.connect(start)
    signals.readers_init.connect(check_files)
    signals.generator_init.connect(guard)
