"""One build at a time per checkout, and what a killed build left behind cleaned up.

Two builds at once share the cache folder (share images, compressed copies, Pelican's content
cache) and the output folder: they can both exit 0 with a broken site (empty search files) or
crash on each other's temporary files. `invoke build`, `invoke preview`, `invoke publish` and
each full build of `invoke livereload` hold an exclusive lock (``flock``) on
``<CACHE_PATH>/build.lock`` while they build. The system releases it when the process ends,
however it ends (``kill -9`` included), so a lock is never left stale.

Holding it, a build first removes what an earlier build, killed before it could clean up,
left: ``.<output>-new-*``/``.<output>-old-*`` folders beside the output (the atomic
build) and unfinished temporary files (``*.tmp``) in the cache folder (the plugins write
cache files to ``*.tmp`` and rename them when complete).
"""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK_NAME = "build.lock"


class BuildLocked(Exception):
    """Another build holds the lock; ``str()`` is the one sentence to show."""


def _holder(fd: int) -> str:
    os.lseek(fd, 0, os.SEEK_SET)
    text = os.read(fd, 64).decode("ascii", errors="replace").strip()
    return f"process {text}" if text.isdigit() else "another process"


@contextmanager
def build_lock(cache: Path | str, wait: bool = False) -> Iterator[None]:
    """Hold the build lock of the checkout whose cache folder is `cache` for the ``with``
    block. Without `wait`, raise :class:`BuildLocked` at once when another build holds it."""
    cache = Path(cache)
    cache.mkdir(parents=True, exist_ok=True)
    fd = os.open(cache / LOCK_NAME, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            raise BuildLocked(
                f"Another build is running in this folder ({_holder(fd)}); "
                "wait for it to finish, then build again."
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)  # releases the lock


def remove_leftovers(output: Path | str, cache: Path | str) -> list[Path]:
    """Remove a killed build's leftovers (call with the lock held); return what was removed."""
    output, cache = Path(output), Path(cache)
    removed = []
    if output.parent.is_dir():
        for pattern in (f".{output.name}-new-*", f".{output.name}-old-*"):
            for folder in output.parent.glob(pattern):
                shutil.rmtree(folder, ignore_errors=True)
                removed.append(folder)
    if cache.is_dir():
        for temporary in cache.rglob("*.tmp"):
            if temporary.is_file() and not temporary.is_symlink():
                temporary.unlink(missing_ok=True)
                removed.append(temporary)
    return removed
