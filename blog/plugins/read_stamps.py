"""Pelican's content cache records the file a build read, not the file as it is after reading.

Pelican's readers cache a post's reading with the file's stamp (with ``CHECK_MODIFIED_METHOD =
"md5"``, a hash of its bytes) taken *after* the reading: a save between the two (an author
editing while a build runs; parallel_read.py reads ahead, which widens the window to the whole
read-ahead) is recorded as already read, and every later warm build publishes the old text.

This plugin makes the cache record the stamp taken *before* the reading: the one Pelican takes
anyway, to ask the cache whether it holds the file. A save after that stamp changes the file's
stamp, so the next build finds the cache stale and reads the file again: it publishes what is
on disk. (A reading newer than its stamp is read once more, never kept.) One hash per file
instead of Pelican's two.

Signal: ``generator_init``: each generator's readers exist, with their cache loaded, and
nothing is read yet (parallel_read.py reads ahead at ``article_generator_init``, later).
"""

from __future__ import annotations

from typing import Any

from pelican import signals
from pelican.cache import FileDataCacher

from . import BuildState

state = BuildState(__name__)


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


def guard(generator: Any) -> None:
    readers = getattr(generator, "readers", None)
    if state.active(generator.settings) and hasattr(readers, "_get_file_stamp"):
        stamp_before_reading(readers)


def register() -> None:
    signals.initialized.connect(start)
    signals.generator_init.connect(guard)
