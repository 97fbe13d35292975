"""Read the source files that Pelican's content cache lacks on every core, before Pelican reads.

Pelican reads one file after another: Markdown, then the reader plugins (safe_metadata's
escaping, typogrify_cache's typogrify), for every post the content cache does not hold, which
in a fresh clone is every post. With the content cache on (``CACHE_CONTENT``, as in
publishconf.py), this plugin reads those files first, in worker processes forked after the
reader plugins have wrapped the readers (so a worker reads exactly as Pelican would), and puts
each result in the readers' cache as Pelican does after reading a file. Pelican then finds
every file in its cache, as in a warm build, whose output equals an uncached build's
(tests/site/test_build_cache.py).

A file whose reading logs anything or raises is left out: Pelican reads it itself, so its
message or error comes from Pelican's own process, exactly as without this plugin.

Signals: ``article_generator_init`` and ``page_generator_init``: the generator and its readers
exist (``generator_init`` has run, so the readers are wrapped) and nothing is read yet.

Needs the ``fork`` start method (Linux, macOS); elsewhere, or when the process already runs
other threads (forking those is unsafe), Pelican reads as usual. ``READ_WORKERS`` (default:
the number of cores) sets how many processes read.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
from typing import Any

from pelican import signals

from . import BuildState, worker_pool

logger = logging.getLogger(__name__)

MIN_FILES = 16  # below this, starting processes costs more than it saves
CHUNK = 16  # files a worker reads per task: results come back in one pickle each

_readers: Any = None  # the generator's readers, inherited by the forked workers


class _Recorder(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.NOTSET)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


_recorder = _Recorder()


def _start_worker() -> None:
    """In a worker: every log record is noted here and goes nowhere else."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    root.addHandler(_recorder)


def _read(paths: list[str]) -> list[tuple[str, Any]]:
    """(path, (content, metadata)) as Pelican's readers cache them; None when Pelican must
    read the file itself."""
    from pelican.readers import _filter_discardable_metadata
    from pelican.utils import file_suffix

    results: list[tuple[str, Any]] = []
    for path in paths:
        before = _recorder.count
        try:
            content, metadata = _readers.readers[file_suffix(path)].read(path)
        except Exception:
            results.append((path, None))
            continue
        if _recorder.count != before:
            results.append((path, None))
            continue
        results.append((path, (content, _filter_discardable_metadata(metadata))))
    return results


class ReadState(BuildState):
    """How many files this build found missing from the cache, and how many were read ahead."""

    missing = read = 0

    def reset(self) -> None:
        self.missing = self.read = 0


state = ReadState(__name__)


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def read_ahead(generator: Any) -> None:
    from pelican.utils import file_suffix

    global _readers
    settings = generator.settings
    if not state.active(settings) or not settings.get("CACHE_CONTENT"):
        return
    kind = "ARTICLE" if hasattr(generator, "articles") else "PAGE"
    readers = generator.readers
    missing = []
    for relative in generator.get_files(
        settings[f"{kind}_PATHS"], exclude=settings[f"{kind}_EXCLUDES"]
    ):
        path = os.path.abspath(os.path.join(generator.path, relative))  # as Readers.read_file
        if file_suffix(path) in readers.readers and readers.get_cached_data(path, None) is None:
            missing.append(path)
    state.missing += len(missing)
    if len(missing) < MIN_FILES or not _can_fork():
        return
    workers = int(settings.get("READ_WORKERS") or os.cpu_count() or 1)
    chunks = [missing[i : i + CHUNK] for i in range(len(missing))[::CHUNK]]
    _readers = readers
    read = 0
    try:
        context = multiprocessing.get_context("fork")
        with worker_pool(workers, mp_context=context, initializer=_start_worker) as pool:
            for results in pool.map(_read, chunks):
                for path, data in results:
                    if data is not None:
                        readers.cache_data(path, data)
                        read += 1
    finally:
        _readers = None
    state.read += read
    logger.debug("read ahead: %d of %d files, %d workers", read, len(missing), workers)


def register() -> None:
    signals.initialized.connect(state.begin)
    signals.article_generator_init.connect(read_ahead)
    signals.page_generator_init.connect(read_ahead)
