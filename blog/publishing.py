"""Building and publishing the site: what `invoke build`, `invoke preview` and `invoke publish`
run (tasks.py is a thin wrapper around these functions).

A production build is strict (STRICT in publishconf.py) and atomic: it is written into a fresh
folder beside the output and swapped in only when the whole build succeeded, so a failed build
never leaves the output empty or half-written. One build at a time per checkout (the lock in
the cache folder, blog/build_lock.py); a failed write is one sentence (:class:`BuildStopped`),
never a traceback.
"""

from __future__ import annotations

import errno
import io
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent  # the checkout: settings, theme, content
OUTPUT = ROOT / "output"


class BuildStopped(SystemExit):
    """A build that could not finish, as one sentence: Python prints a SystemExit's text alone
    (no traceback) and exits with status 1, wherever it is raised (invoke, a script)."""


def pelican_settings(config: str = "pelicanconf.py", **override: Any) -> dict[str, Any]:
    """The settings of `config` (a file of this checkout) with `override` applied."""
    from pelican.settings import read_settings

    return read_settings(str(ROOT / config), override=override or None)


def build(config: str = "pelicanconf.py", **override: Any) -> dict[str, Any]:
    """Build in-process so errors are reported, not swallowed by a subprocess.

    Returns the settings the build used. The owner's settings are checked first
    (blog/plugins/owner_settings.py), before Pelican or any plugin reads them, whatever the
    order of PLUGINS: a mistake is one sentence (SettingsError), never a plugin's traceback."""
    from pelican import Pelican

    from .plugins.owner_settings import SettingsError, problems

    settings = pelican_settings(config, **override)
    if found := problems(settings):
        raise SettingsError(found)
    Pelican(settings).run()
    return settings


def cache_path(override: dict[str, Any]) -> Path:
    """The cache folder (and so the build lock) of this checkout, whatever the current folder."""
    return Path(override.get("CACHE_PATH") or ROOT / "cache").resolve()


REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ENAMETOOLONG: "a file name is too long",
}


def file_being_written(error: BaseException) -> str | None:
    """The file a write error happened in, when the error does not name it: a write that fills
    the disk (Pelican writing a feed, say) raises one naming no file. The innermost frame that
    holds a file open for writing says which."""
    frames = []
    trace = error.__traceback__
    while trace is not None:
        frames.append(trace.tb_frame)
        trace = trace.tb_next
    for frame in reversed(frames):
        for value in frame.f_locals.values():
            mode, name = getattr(value, "mode", ""), getattr(value, "name", None)
            if isinstance(value, io.IOBase) and isinstance(name, str) and set(mode) & set("wax"):
                return name
    return None


def failure_sentence(error: OSError, output: Path, atomic: bool) -> str:
    """A failed write as one sentence: what, where, and what became of the output."""
    reason = REASONS.get(error.errno or 0, error.strerror or str(error))
    # A copy or rename names its source first and the file it was writing second.
    written = getattr(error, "filename2", None) or error.filename or file_being_written(error)
    where = f" at {written}" if written else ""
    kept = f"{output} is unchanged" if atomic else f"{output} may be incomplete"
    return f"The build stopped: {reason}{where}; {kept}. Fix that and build again."


@contextmanager
def build_guard(output: Path, cache: Path, atomic: bool) -> Iterator[None]:
    """One build at a time (blog/build_lock.py); a failed write is one sentence, no traceback."""
    from blog.build_lock import BuildLocked, build_lock, remove_leftovers

    try:
        with build_lock(cache):
            remove_leftovers(output, cache)
            yield
    except BuildLocked as locked:
        raise BuildStopped(str(locked)) from None
    except OSError as error:
        raise BuildStopped(failure_sentence(error, output, atomic)) from None


def publishable(folder: Path) -> None:
    """Folders 0755, files 0644: a web server running as another user reads every file.
    (Pelican writes with the umask; a fresh build folder from mkdtemp is 0700.)"""
    os.chmod(folder, 0o755)
    for parent, dirs, files in os.walk(folder):
        for name in dirs:
            os.chmod(os.path.join(parent, name), 0o755, follow_symlinks=False)
        for name in files:
            path = os.path.join(parent, name)
            if not os.path.islink(path):
                os.chmod(path, 0o644)


def content_override(content: str | Path | None, output: str | Path | None) -> dict[str, str]:
    """Settings for a build of another content folder or into another output folder."""
    override = {"CACHE_PATH": str(ROOT / "cache")}
    if content:
        override["PATH"] = str(Path(content).resolve())
    if output:
        override["OUTPUT_PATH"] = str(Path(output).resolve())
    return override


def host_override(host: str | None) -> dict[str, str]:
    """The settings for `--host NAME` (none without it: HOST from publishconf.py or SITE_HOST);
    an unknown name stops here, before anything is built."""
    from blog.hosting import choose

    return {"HOST": choose(host).name} if host else {}


def local_build(content: str | Path | None = None, output: str | Path | None = None) -> Path:
    """`invoke build`: the local settings (drafts included), built into a fresh folder and
    swapped in whole, as a production build is: a removed post's page (and its entry in the
    search index, which Pagefind makes from the pages written) goes with it, and a build that
    stops leaves the previous output as it was."""
    target = Path(output).resolve() if output else OUTPUT
    return atomic_build("pelicanconf.py", target, **content_override(content, None))


def keep_unchanged_times(fresh: Path, previous: Path) -> int:
    """Give each file of `fresh` that is byte for byte the same as `previous`'s copy that
    copy's modification time; return how many. An atomic build writes every file anew, so
    without this every file looks changed: nginx's ETag (size and mtime) and Last-Modified
    change, browsers get 200 instead of 304, and rsync without --checksum sends everything."""
    import filecmp

    kept = 0
    for folder, _dirs, files in os.walk(fresh):
        for name in files:
            new = os.path.join(folder, name)
            old = os.path.join(previous, os.path.relpath(new, fresh))
            try:
                was, now = os.lstat(old), os.lstat(new)
            except FileNotFoundError:
                continue
            if not (os.path.isfile(old) and os.path.isfile(new)) or os.path.islink(new):
                continue
            if was.st_mtime_ns == now.st_mtime_ns or was.st_size != now.st_size:
                continue  # the same hard-linked cache file, or changed
            if filecmp.cmp(old, new, shallow=False):
                os.utime(new, ns=(was.st_atime_ns, was.st_mtime_ns), follow_symlinks=False)
                kept += 1
    return kept


def atomic_build(config: str = "publishconf.py", output: Path = OUTPUT, **override: Any) -> Path:
    """Build into a fresh folder beside `output`; swap it in only if the whole build succeeds.

    Any failure leaves the previous `output` byte-for-byte as it was. OUTPUT_RETENTION files
    of the old output (.git of a deploy checkout, CNAME) are carried over unless the build
    wrote its own. The fresh folder also keeps pelican-precompress from leaving stale copies.
    A file identical to the previous output's copy keeps that copy's modification time.
    One build at a time (the lock in the cache folder); a full disk or a read-only folder is
    one sentence (:class:`BuildStopped`), not a traceback.
    """
    output = Path(output).resolve()
    override.setdefault("CACHE_PATH", str(ROOT / "cache"))
    with build_guard(output, cache_path(override), atomic=True):
        output.parent.mkdir(parents=True, exist_ok=True)
        fresh = Path(tempfile.mkdtemp(prefix=f".{output.name}-new-", dir=output.parent))
        try:
            settings = build(config, OUTPUT_PATH=str(fresh), **override)
            publishable(fresh)  # before the retained files, which keep their own modes
            for name in settings["OUTPUT_RETENTION"]:
                kept, target = output / name, fresh / name
                if target.exists() or not kept.exists():
                    continue
                if kept.is_dir():
                    shutil.copytree(kept, target, symlinks=True)
                else:
                    shutil.copy2(kept, target)
            if output.is_dir():
                keep_unchanged_times(fresh, output)
        except BaseException:  # StrictBuildError is a SystemExit
            from blog.plugins import BuildState

            BuildState.stop_all()  # nothing may write into `fresh` once it is removed
            shutil.rmtree(fresh, ignore_errors=True)
            raise
        # The swap: two renames in one folder; the old tree is deleted once the new one is in.
        old = fresh.with_name(fresh.name.replace("-new-", "-old-"))
        if output.exists():
            os.rename(output, old)
        os.rename(fresh, output)
        shutil.rmtree(old, ignore_errors=True)
    return output


def push_gh_pages(output: Path, push: bool = True, remote: str = "origin") -> None:
    """Commit `output` as the whole tree of the gh-pages branch (ghp-import), then push it."""
    from ghp_import import ghp_import

    if (output / ".git").exists():
        raise BuildStopped(
            f"{output} is a git checkout of its own: push it with git, not to gh-pages."
        )
    # .nojekyll: GitHub Pages must serve the files as they are.
    ghp_import(str(output), mesg="Publish the site", nojekyll=True, push=push, remote=remote)
