"""A throwaway copy of the project (a "checkout") with content of a test's choosing, and the
real `invoke` commands run in it, each in its own process, as an author runs them.

The copy holds what a build reads (tasks.py, the settings, blog/, theme/) and a content folder
made of the valid post of tests/fixtures/bad_input/_valid plus the test's files; its cache and
output are its own, so builds here never touch the project's."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from conftest import ROOT

VALID = ROOT / "tests" / "fixtures" / "bad_input" / "_valid"
#: The valid post's page and a sentence of it: a good post is still published.
GOOD_PAGE, GOOD_TEXT = "calm-breathing/index.html", "Breathe in for four counts."
PROJECT_FILES = ("tasks.py", "pelicanconf.py", "publishconf.py")
PROJECT_FOLDERS = ("blog", "theme")

FileSpec = str | bytes | Callable[[Path], object]

#: A post whose date does not exist, and the one line a build says about it.
BROKEN = "Title: Broken date\nDate: 2026-02-30 09:00\nCategory: X\nSummary: s.\n\nText.\n"
BROKEN_LINE = (
    "content/broken.md:2: Date '2026-02-30 09:00' is not a valid date; write it as "
    "YYYY-MM-DD or YYYY-MM-DD HH:MM"
)


def write_files(folder: Path, files: dict[str, FileSpec]) -> None:
    """Each name -> text (UTF-8), bytes, or a function that makes the path (a link)."""
    for name, spec in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if callable(spec):
            spec(path)
        elif isinstance(spec, bytes):
            path.write_bytes(spec)
        else:
            path.write_bytes(spec.encode("utf-8"))


def make_checkout(base: Path, files: dict[str, FileSpec], valid: bool = True) -> Path:
    """A copy of the project under `base`/checkout, its content the valid post plus `files`."""
    checkout = base / "checkout"
    checkout.mkdir(parents=True)
    for name in PROJECT_FILES:
        shutil.copy2(ROOT / name, checkout / name)
    for name in PROJECT_FOLDERS:
        shutil.copytree(ROOT / name, checkout / name, ignore=shutil.ignore_patterns("__pycache__"))
    content = checkout / "content"
    if valid:
        shutil.copytree(VALID, content)
    content.mkdir(exist_ok=True)
    write_files(content, files)
    return checkout


def invoke_env(env: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of an `invoke` run here: a local SITEURL, a wide console."""
    environment = {
        **os.environ,
        "SITEURL": "http://127.0.0.1:9",
        "COLUMNS": "1000",  # Pelican's console wraps at the terminal width
        "PYTHONDONTWRITEBYTECODE": "1",
        **(env or {}),
    }
    environment.pop("PYTHONPATH", None)
    return environment


def invoke_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "invoke", *args]


def invoke(
    checkout: Path,
    *args: str,
    timeout: int = 300,
    env: dict[str, str] | None = None,
    umask: int | None = None,
) -> subprocess.CompletedProcess[str]:
    """`invoke ARGS` in the checkout, as a new process; output decoded, never raised on."""
    return subprocess.run(
        invoke_command(*args),
        cwd=checkout,
        env=invoke_env(env),
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=None if umask is None else lambda: os.umask(umask),
    )


def output_of(result: subprocess.CompletedProcess[str]) -> str:
    return result.stdout + result.stderr


#: Every process start_invoke started; conftest stops any still running when the session ends.
STARTED: list[subprocess.Popen[str]] = []


def _as_from_a_terminal() -> None:
    """In the child: Ctrl-C (SIGINT) works, as in an author's terminal, even when the suite
    was started in the background, where SIGINT is ignored and children inherit that."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start_invoke(
    checkout: Path, *args: str, output: Any = subprocess.PIPE
) -> subprocess.Popen[str]:
    """`invoke ARGS` in the checkout, started and left running (a server, a build to stop),
    in a process group of its own (stop_group stops it and its children); its output piped,
    or sent wherever `output` says (subprocess.DEVNULL, a file)."""
    process = subprocess.Popen(
        invoke_command(*args),
        cwd=checkout,
        env=invoke_env(),
        stdout=output,
        stderr=output,
        text=True,
        start_new_session=True,
        preexec_fn=_as_from_a_terminal,
    )
    STARTED.append(process)
    return process


def stop_group(
    process: subprocess.Popen[str], sig: int = signal.SIGTERM, timeout: float = 60
) -> str:
    """Send `sig` to the process's group and wait for it; SIGKILL the group if it does not
    stop in `timeout` seconds. Returns what it printed (when piped)."""
    with contextlib.suppress(ProcessLookupError):
        if process.poll() is None:
            os.killpg(process.pid, sig)
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        stdout, stderr = process.communicate()
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)  # any child it left behind
    return (stdout or "") + (stderr or "")


def stop_all_started() -> None:
    """Stop every group start_invoke started that is still running."""
    while STARTED:
        stop_group(STARTED.pop(), timeout=10)


def live_descendants(pid: int) -> set[int]:
    """Every live descendant of `pid` (a zombie, dead but not yet reaped, is not live)."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            stat = (entry / "stat").read_text()
            fields = stat[stat.rindex(")") + 2 :].split()
            if fields[0] != "Z":
                parents.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = set(), [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found
