"""The blog's Pelican plugins, listed by dotted name in PLUGINS (pelicanconf.py).

One module per concern; each module's docstring names the signals its ``register()`` connects
and why; when each runs, whatever the order of PLUGINS, is one table: blog/plugins/phases.py.
A plugin that remembers anything from one signal to the next keeps it on one
:class:`BuildState` object, reset at the start of every build.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import hashlib
import importlib
import logging
import os
import shutil
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any, ClassVar

logger = logging.getLogger(__name__)


class BuildState:
    """What one plugin remembers during one build, reset by :meth:`begin` at ``initialized``.

    Blinker keeps receivers for the life of the process, and the tests and the live preview
    run many builds in one process, some of which do not list the plugin. So :meth:`begin`
    notes whether the running build lists it, and the plugin's receivers act only while
    :meth:`active` says so. Subclasses clear their own fields in :meth:`reset`.
    """

    #: Every plugin's state object, so a failed build can stop them all (stop_all).
    instances: ClassVar[list[BuildState]] = []

    def __init__(self, plugin: str) -> None:
        self.plugin = plugin  # the module's __name__, as Pelican lists it after loading
        self.settings: dict[str, Any] | None = None
        BuildState.instances.append(self)

    @classmethod
    def stop_all(cls) -> None:
        """After a failed build: end every plugin's background work (compression, drawing,
        indexing) now, before the caller removes the half-built output folder, so nothing is
        written into it afterwards. Each plugin's reset() ends its own work."""
        for state in cls.instances:
            state.reset()

    def begin(self, pelican: Any) -> bool:
        """Start a build: forget the last one; True when this build lists the plugin."""
        listed = self.plugin in (pelican.settings.get("PLUGINS") or [])
        self.settings = pelican.settings if listed else None
        self.reset()
        return listed

    def reset(self) -> None:
        """Clear what the last build left (nothing here; subclasses add their fields)."""

    def active(self, settings: dict[str, Any] | None = None) -> bool:
        """The running build lists the plugin (and `settings`, when given, are that build's)."""
        return self.settings is not None and (settings is None or settings is self.settings)


def _end_with(parent: int) -> None:
    """Worker initializer: end when the build process ends, however it ends (kill -9 too).

    A forked worker keeps the task pipe open for its siblings, so it never sees the build
    go away by itself: it would sleep for ever, holding a copy of the build lock."""
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the build ended before the line above
        os._exit(1)


def _start_worker(parent: int, then: Callable[[], None] | None) -> None:
    _end_with(parent)
    if then is not None:
        then()


def worker_pool(
    max_workers: int | None = None,
    mp_context: Any = None,
    initializer: Callable[[], None] | None = None,
) -> ProcessPoolExecutor:
    """A process pool for a plugin's heavy work, whose workers never outlive the build; each
    worker runs `initializer` (a module-level function) first."""
    return ProcessPoolExecutor(
        max_workers,
        mp_context=mp_context,
        initializer=_start_worker,
        initargs=(os.getpid(), initializer),
    )


@contextlib.contextmanager
def naming(path: str | os.PathLike[str]) -> Iterator[None]:
    """Let an OSError raised inside name `path` when it names no file: a write that fills the
    disk raises one without a file name, and the build's one sentence must say which file."""
    try:
        yield
    except OSError as error:
        if error.filename is None:
            raise OSError(error.errno, error.strerror, str(path)) from error
        raise


def write_whole(path: Path, data: bytes) -> None:
    """Write a cache file through a temporary file beside it, renamed into place: a build
    stopped half-way never leaves half a file under the final name."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with naming(tmp):
        tmp.write_bytes(data)
    os.replace(tmp, path)


def keep_only(folder: Path, names: set[str]) -> None:
    """Remove every file of a cache folder not in `names`: the cache holds one build's worth."""
    if folder.is_dir():
        for entry in folder.iterdir():
            if entry.name not in names:
                entry.unlink(missing_ok=True)


def place_cached(cached: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
    """Put a cached file's bytes at `target` in the output.

    A hard link when the cache and the output are on one filesystem: no bytes are read or
    written, which on a warm build is most of the time spent placing thousands of cached
    compressed copies and share images. A copy otherwise (another filesystem, or one without
    hard links). Whatever was at `target` is removed first and never written through, so
    nothing this build writes can change a cached file; the plugins that place cached files
    always replace their targets the same way.
    """
    with contextlib.suppress(FileNotFoundError):
        os.unlink(target)
    with naming(target):
        try:
            os.link(cached, target)
        except OSError:
            shutil.copyfile(cached, target)


DIGEST_SIZE = 16  # bytes of blake2b that name a cached file's bytes


def digest(data: bytes) -> str:
    """The hex digest a :class:`CheckedStore` names a file's bytes by."""
    return hashlib.blake2b(data, digest_size=DIGEST_SIZE).hexdigest()


class CheckedStore:
    """A cache folder whose files are checked before use: ``KEY.DIGEST[SUFFIX]``, where KEY
    says what the file is (its source's hash, its format) and DIGEST is the hash of the bytes
    written.

    A cached file can be damaged after it was written: cut short by a full disk or a copy,
    emptied, swapped with another by hand, or edited in place through the hard link that
    placed it in an output folder (:func:`place_cached`). :meth:`get` reads the file and
    answers only when its bytes still have the digest in its name, so a damaged file is never
    placed in an output: the caller makes it again (:meth:`put`), and :meth:`prune` drops
    what this build did not use. Safe to use from several threads.
    """

    def __init__(self, folder: Path, suffix: str = "") -> None:
        self.folder = folder
        self.suffix = suffix  # after the digest, to show what the files are (".png")
        self.names: dict[str, str] = {}  # key -> file name, for the files found or written
        self.used: set[str] = set()
        self.damaged = 0
        self.lock = threading.Lock()
        folder.mkdir(parents=True, exist_ok=True)
        width = 2 * DIGEST_SIZE
        for name in os.listdir(folder):
            if not name.endswith(suffix):
                continue
            key, dot, hexdigest = name[: len(name) - len(suffix)].rpartition(".")
            if dot and len(hexdigest) == width and hexdigest.isalnum() and hexdigest.islower():
                self.names[key] = name

    def get(self, key: str) -> Path | None:
        """The cached file for `key`, when there is one and its bytes are as written."""
        name = self.names.get(key)
        if name is None:
            return None
        path = self.folder / name
        try:
            data = path.read_bytes()
        except OSError:  # removed, or unreadable: made again
            return None
        if f".{digest(data)}{self.suffix}" != name[len(key) :]:
            logger.info("cache: %s is damaged (its bytes changed); making it again", path)
            with self.lock:
                self.damaged += 1
            return None
        with self.lock:
            self.used.add(name)
        return path

    def put(self, key: str, data: bytes) -> Path:
        """Keep `data` for `key` (replacing a damaged file of the same name); its path."""
        name = f"{key}.{digest(data)}{self.suffix}"
        path = self.folder / name
        write_whole(path, data)
        with self.lock:
            self.names[key] = name
            self.used.add(name)
        return path

    def prune(self) -> None:
        """Remove every file this build did not use: damaged ones, and other builds' files."""
        keep_only(self.folder, self.used)


def extend_markdown_readers(readers: Any, mixin: type) -> None:
    """At ``readers_init``: put `mixin` in front of each Markdown reader class `readers` will
    use. A class another plugin put there stays in the chain, so the plugins that extend the
    reader may run in any order (blog/plugins/phases.py)."""
    from pelican.readers import MarkdownReader

    for ext, reader in list(readers.reader_classes.items()):
        markdown = isinstance(reader, type) and issubclass(reader, MarkdownReader)
        if markdown and not issubclass(reader, mixin):
            readers.reader_classes[ext] = _mixed(mixin, reader)


@functools.cache
def _mixed(mixin: type, reader: type) -> type:
    """One subclass per (mixin, reader) pair for the life of the process."""
    return type(f"{mixin.__name__}{reader.__name__}", (mixin, reader), {})


_UNSET: Any = object()


class BuildValue(BuildState):
    """A value one plugin works out from a build's settings, once per build, for whoever asks
    first: the plugin's own receivers, another plugin, the template context. Kept here, never
    written into the settings: the settings stay what the owner wrote."""

    def __init__(self, plugin: str, compute: Callable[[dict[str, Any]], Any]) -> None:
        super().__init__(plugin)
        self.compute = compute
        self.value = _UNSET

    def reset(self) -> None:
        self.value = _UNSET

    def get(self, settings: dict[str, Any]) -> Any:
        """The value for the build whose settings are `settings`."""
        if settings is not self.settings:  # a build that does not list the plugin: keep nothing
            return self.compute(settings)
        if self.value is _UNSET:
            self.value = self.compute(settings)
        return self.value


def use_defaults(settings: dict[str, Any], defaults: dict[str, Any]) -> None:
    """At ``initialized``, in a build that lists the plugin: each of its ``DEFAULTS`` the
    settings do not name goes in (a copy: no build changes another's), before Pelican copies
    the settings into the template context. A plugin declares each default once, in its
    ``DEFAULTS``; pelicanconf.py names only what the owner is meant to edit."""
    for name, value in defaults.items():
        if name not in settings:
            settings[name] = copy.deepcopy(value)


def with_defaults(settings: dict[str, Any]) -> dict[str, Any]:
    """A copy of `settings` with the ``DEFAULTS`` of every local plugin it lists, as a build has
    them after ``initialized`` (:func:`use_defaults`): for code that reads a build's settings
    outside a build, such as `invoke server-config`, which needs the inline stylesheet's hash."""
    merged = dict(settings)
    for name in settings.get("PLUGINS") or []:
        if isinstance(name, str) and name.startswith(f"{__name__}."):
            for key, value in getattr(importlib.import_module(name), "DEFAULTS", {}).items():
                merged.setdefault(key, copy.deepcopy(value))
    return merged
