"""Precompressed ``.br``/``.gz`` copies of the output's text files: made while Pelican writes,
on every core, and reused across builds for files whose bytes did not change.

pelican-precompress walks the finished output after ``finalized`` and compresses every text
file again on every build (brotli at quality 11: the slowest step of a cold production build),
sending every file's bytes to a process pool at once. This plugin makes the same copies (its
settings, its list of files and its compressors, from pelican-precompress as a library; list
this plugin instead of ``pelican.plugins.precompress``) in a different order of work:

* A file is compressed as soon as Pelican has written it, in a pool of threads (brotli, zlib
  and hashing release the GIL, so the threads use the cores Pelican's single-threaded writing
  leaves idle, with no worker processes to start and no bytes to send between them).
* Each copy is kept in ``CACHE_PATH/precompress/``, named by a hash of the original's bytes,
  the format and what decides its bytes (compressor settings and versions), and by a hash of
  its own bytes, checked before use (blog.plugins.CheckedStore): a copy cut short, emptied,
  swapped or edited through its hard link in an output is made again, never published. An
  unchanged file gets last build's copy, byte for byte what compressing it again would give.
* Copies are always written, replacing whatever was there: a copy never outlives its file's
  bytes (pelican-precompress keeps a stale copy unless the output folder was emptied first).

``PRECOMPRESS_BROTLI_QUALITY`` (0-11, default 11 as pelican-precompress) sets brotli's
quality; gzip, zopfli and zstandard copies are pelican-precompress's own. A copy that would
not be smaller than its file is not written, as pelican-precompress does.

Signals:

* ``initialized``: start this build's session (a thread pool, started on first use), when the
  build's host profile serves precompressed copies (nginx, Apache, Caddy; blog/hosting/).
* ``content_written`` and ``feed_written``: compress that file in the background.
* ``compress`` (pelican-granular-signals, sent after ``finalized``, ``sitemap`` and
  ``optimize``, so after Pagefind and the sitemap; blog/plugins/phases.py): compress the
  files nobody announced (static files, plugin output) and any announced file whose bytes
  changed since; wait for all; drop cached copies this build did not use, so the cache
  holds one site's worth.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from importlib.metadata import version
from pathlib import Path
from typing import Any

from pelican import signals

from . import BuildState, CheckedStore, phases, place_cached

logger = logging.getLogger(__name__)

FOLDER = "precompress"
SKIPPED = b""  # a cached copy with no bytes: compressing this file did not make it smaller
# (an emptied copy is not one: its name holds the digest of the bytes written; CheckedStore)


def _formats(settings: dict[str, Any]) -> list[tuple[str, str, Callable[[bytes], bytes]]]:
    """(name, extension, compressor) of each copy to make; a compressor raises
    pelican-precompress's FileSizeIncrease when its copy would not be smaller."""
    from pelican.plugins import precompress

    formats = []
    if settings["PRECOMPRESS_BROTLI"]:
        quality = int(settings.get("PRECOMPRESS_BROTLI_QUALITY", 11))

        @precompress.validate_file_sizes
        def brotli(data: bytes) -> bytes:
            import brotli

            return brotli.compress(data, mode=brotli.MODE_TEXT, quality=quality)

        formats.append((f"brotli{quality}", ".br", brotli))
    if settings["PRECOMPRESS_GZIP"]:
        formats.append(("gzip", ".gz", precompress.compress_with_gzip))
    if settings["PRECOMPRESS_ZOPFLI"]:
        formats.append(("zopfli", ".gz", precompress.compress_with_zopfli))
    if settings["PRECOMPRESS_ZSTANDARD"]:
        formats.append(("zstandard", ".zst", precompress.compress_with_zstandard))
    return formats


def _salt() -> bytes:
    """What besides a file's bytes decides its compressed bytes."""
    versions = {}
    for package in ("pelican-precompress", "brotli", "zopfli", "zstandard"):
        try:
            versions[package] = version(package)
        except Exception:  # not installed: that format is off
            versions[package] = None
    import zlib

    versions["zlib"] = zlib.ZLIB_RUNTIME_VERSION
    return json.dumps(versions, sort_keys=True).encode() + b"\0"


def text_files(output: str | os.PathLike[str], extensions: frozenset[str]) -> list[str]:
    """Every file under `output` with one of `extensions`: pelican-precompress's
    get_paths_to_compress, without making a Path of each of the thousands of other files
    (the search bundle, images, the copies themselves), which took half a second at
    1,000 posts. Links to folders are not followed."""
    found = []
    for folder, _dirs, files in os.walk(output):
        for name in files:
            if os.path.splitext(name)[1] in extensions:
                path = os.path.join(folder, name)
                if os.path.isfile(path):
                    found.append(path)
    return found


class Session:
    """One build: which files are compressed or being compressed, and with what result."""

    def __init__(self, pelican: Any, workers: int | None = None) -> None:
        from pelican.plugins import precompress

        self.settings = precompress.get_settings(pelican)
        self.settings["PRECOMPRESS_BROTLI_QUALITY"] = pelican.settings.get(
            "PRECOMPRESS_BROTLI_QUALITY", 11
        )
        # Announced paths and the output walk name a file the same way (both start from
        # OUTPUT_PATH; no symlinks resolved, which would cost system calls for each file).
        self.settings["OUTPUT_PATH"] = os.path.abspath(self.settings["OUTPUT_PATH"])
        self.formats = _formats(self.settings)
        self.extensions = frozenset(self.settings["PRECOMPRESS_TEXT_EXTENSIONS"])
        self.pelican_settings = pelican.settings  # CACHE_PATH is read at first use: see folder
        self.salt = _salt()
        self.workers = workers or os.cpu_count() or 1
        self.pool: ThreadPoolExecutor | None = None
        # Files by path as plain strings (a Path holds each of its parts: at 5,000 posts the
        # Paths and the finished Futures held about 20 MiB until the end of the build).
        self.jobs: dict[str, Future[str]] = {}  # being compressed
        self.keys: dict[str, str] = {}  # compressed: the hash of the bytes compressed
        self.store: CheckedStore | None = None  # the cached copies, from the first file on
        self.restored = self.stored = 0
        self.lock = threading.Lock()

    @property
    def folder(self) -> Path:
        """Where copies are kept. Read when first needed, not at `initialized`, whose other
        handlers may still move CACHE_PATH (blog/plugins/cache_key.py)."""
        return Path(self.pelican_settings["CACHE_PATH"]) / FOLDER

    def submit(self, path: str | os.PathLike[str]) -> None:
        """Compress `path` in the background (again, if it was submitted before)."""
        path = os.path.abspath(path)
        if not self.formats or os.path.splitext(path)[1] not in self.extensions:
            return
        earlier = self.jobs.get(path)
        if earlier is not None:
            earlier.result()  # one job at a time writes a file's copies
        if self.pool is None:
            self.store = CheckedStore(self.folder)
            self.pool = ThreadPoolExecutor(self.workers, thread_name_prefix="precompress")
        job = self.pool.submit(self._compress, path)
        self.jobs[path] = job
        job.add_done_callback(lambda job: self._done(path, job))

    def _done(self, path: str, job: Future[str]) -> None:
        """Keep a finished job's hash instead of the job (a failed one stays, to be raised;
        a cancelled one, of an abandoned build, is dropped with the session)."""
        if not job.cancelled() and job.exception() is None:
            with self.lock:
                if self.jobs.get(path) is job:
                    del self.jobs[path]
                    self.keys[path] = job.result()

    def _compress(self, path: str) -> str:
        """Make `path`'s copies, from the cache when it has them; return the bytes' hash."""
        with open(path, "rb") as file:
            data = file.read()
        key = hashlib.blake2b(self.salt + data, digest_size=20).hexdigest()
        minimum = self.settings["PRECOMPRESS_MIN_SIZE"]
        if minimum and len(data) < minimum:  # too small to be worth a copy
            for _name, ext, _compressor in self.formats:
                Path(path + ext).unlink(missing_ok=True)
            return key
        from pelican.plugins.precompress import FileSizeIncrease

        store = self.store
        assert store is not None
        for name, ext, compressor in self.formats:
            entry = f"{key}.{name}{ext}"
            target = Path(path + ext)
            cached = store.get(entry)  # None when missing or damaged: made again
            made = cached is None
            if cached is None:
                try:
                    blob = compressor(data)
                except FileSizeIncrease:
                    blob = SKIPPED
                cached = store.put(entry, blob)
            with self.lock:
                self.stored += made
                self.restored += not made
            if cached.stat().st_size == len(SKIPPED):
                target.unlink(missing_ok=True)
            else:
                place_cached(cached, target)
        return key

    def finish(self) -> None:
        """Compress what was not announced or changed since; wait; prune the cache."""
        for path in text_files(self.settings["OUTPUT_PATH"], self.extensions):
            if path not in self.jobs and path not in self.keys:
                self.submit(path)
        try:
            for job in list(self.jobs.values()):
                job.result()  # raises what a job raised
            for path, key in list(self.keys.items()):
                if os.path.isfile(path):
                    with open(path, "rb") as file:
                        now = hashlib.blake2b(self.salt + file.read(), digest_size=20)
                    if now.hexdigest() != key:  # rewritten after it was announced
                        self.submit(path)
                        job = self.jobs.get(path)  # None: already done
                        if job is not None:
                            job.result()
        finally:
            if self.pool is not None:
                self.pool.shutdown()
        if self.store is not None:
            self.store.prune()
        logger.debug("precompress: %d copies from the cache, %d made", self.restored, self.stored)

    def abandon(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)


class PrecompressState(BuildState):
    """This build's session, from `initialized` to `compress`."""

    session: Session | None = None

    def reset(self) -> None:
        if self.session is not None:
            self.session.abandon()  # a build that stopped before `compress`
        self.session = None


state = PrecompressState(__name__)


def start(pelican: Any) -> None:
    from blog.hosting import precompresses

    # Only for a host that serves the copies (HOST, blog/hosting/): elsewhere they are dead weight.
    if state.begin(pelican) and precompresses(pelican.settings):
        state.session = Session(pelican)


def written(path: str, **_kwargs: Any) -> None:
    if state.session is not None:
        state.session.submit(Path(path))


def finish(pelican: Any) -> None:
    if state.session is not None and state.active(pelican.settings):
        session, state.session = state.session, None
        session.finish()


def register() -> None:
    signals.initialized.connect(start)
    signals.content_written.connect(written)
    signals.feed_written.connect(written)
    phases.signal("compress").connect(finish)
