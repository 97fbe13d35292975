"""How one benchmark build is measured: each in a child process (this folder's bench.py
`_build`), timed from outside (wall and CPU seconds, the process tree's peak memory, the load)
and, for production builds, from inside (Pelican's phases and every plugin handler)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "benchmarks" / "work"
BENCH = Path(__file__).resolve().with_name("bench.py")  # the child processes' entry point

PLAIN_SETTINGS = """\
# Plain Pelican for the benchmark: default theme (notmyidea), no plugins, no typogrify.
AUTHOR = "Benchmark"
SITENAME = "Plain Pelican"
SITEURL = ""
TIMEZONE = "America/New_York"
DEFAULT_LANG = "en"
PLUGINS = []
TYPOGRIFY = False
"""

SAMPLE_SECONDS = 0.02  # how often the process tree's memory is read
WHOLE_BUILD = "whole build (Pelican.run)"
READING = "Pelican reading (generate_context)"
WRITING = "Pelican writing (generate_output)"


class StepFailed(Exception):
    """A step of the benchmark that could not run: the report lists it, the exit status is 1."""


@dataclass
class Run:
    """One build: what, how long (wall and CPU seconds), its peak memory in MiB, and where
    its time went (label -> [calls, wall s, CPU s]; production builds only)."""

    size: int
    round: int
    step: str  # full-1, cold, full-2, warm, rebuild
    kind: str  # "plain", "production", or "before" (production of the --before tree)
    seconds: float
    cpu_seconds: float
    peak_mib: float
    load: float  # 1-minute load average just before the build
    new_cache_key: bool = False  # production: started a new blog/plugins/cache_key.py folder
    timings: dict[str, list[float]] = field(default_factory=dict)
    peak_parts: dict[str, float] = field(default_factory=dict)  # MiB by process name, at peak
    own_mib: float = 0.0  # the build process's own peak (its ru_maxrss, read at its end)
    pagefind_mib: float = 0.0  # Pagefind's own peak (its VmHWM, read before it is closed)


# ---------------------------------------------------------------------------------------------
# One build, in a child process


def build_settings(kind: str, content: Path, output: Path, cache: Path, tree: Path) -> dict:
    from pelican.settings import read_settings

    if kind == "plain":
        path = WORK / "plain_settings.py"
        path.write_text(PLAIN_SETTINGS, encoding="utf-8")
    else:
        path = tree / "publishconf.py"
    override = {"PATH": str(content), "OUTPUT_PATH": str(output), "CACHE_PATH": str(cache)}
    if kind != "plain":
        # The host profile (blog/hosting/): nginx, the one with the precompressed copies, as the
        # bench measured before profiles existed; BENCH_HOST=github-pages for the default's.
        override["HOST"] = os.environ.get("BENCH_HOST") or "nginx"
    return read_settings(str(path), override=override)


class Timings:
    """Wall and CPU seconds (this process and the children it reaped) per label."""

    def __init__(self) -> None:
        self.spent: dict[str, list[float]] = {}
        self.running: set[str] = set()

    @staticmethod
    def _cpu() -> float:
        import resource

        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        return time.process_time() + children.ru_utime + children.ru_stime

    @contextmanager
    def measure(self, label: str):
        if label in self.running:  # a subclass calling its parent's method: count once
            yield
            return
        self.running.add(label)
        wall, cpu = time.perf_counter(), self._cpu()
        try:
            yield
        finally:
            self.running.discard(label)
            entry = self.spent.setdefault(label, [0, 0.0, 0.0])
            entry[0] += 1
            entry[1] += time.perf_counter() - wall
            entry[2] += self._cpu() - cpu

    def wrap(self, function, label: str):
        def timed(*args, **kwargs):
            with self.measure(label):
                return function(*args, **kwargs)

        timed.bench_timed = True  # type: ignore[attr-defined]
        return timed


def _receiver_label(receiver) -> str | None:
    module = getattr(receiver, "__module__", "") or ""
    if "granular_signals" in module:  # only sends the next signals, whose receivers count
        return None
    for prefix in ("blog.plugins.", "pelican.plugins."):
        module = module.removeprefix(prefix)
    return f"plugin {module}.{getattr(receiver, '__qualname__', repr(receiver))}"


def instrument(timings: Timings) -> None:
    """Time Pelican.run, its generators' reading and writing, and every signal receiver."""
    import blinker
    from pelican import Pelican

    original_send = blinker.Signal.send

    def send(self, sender=None, /, **kwargs):
        if self.is_muted or kwargs.get("_async_wrapper") is not None:
            return original_send(self, sender, **kwargs)
        kwargs.pop("_async_wrapper", None)
        results = []
        for receiver in self.receivers_for(sender):
            label = _receiver_label(receiver)
            if label is None:
                result = receiver(sender, **kwargs)
            else:
                with timings.measure(label):
                    result = receiver(sender, **kwargs)
            results.append((receiver, result))
        return results

    blinker.Signal.send = send
    Pelican.run = timings.wrap(Pelican.run, WHOLE_BUILD)
    original_classes = Pelican._get_generator_classes

    def generator_classes(self):
        classes = original_classes(self)
        for cls in classes:
            for method, label in (("generate_context", READING), ("generate_output", WRITING)):
                function = getattr(cls, method, None)
                if function is not None and not getattr(function, "bench_timed", False):
                    setattr(cls, method, timings.wrap(function, label))
        return classes

    Pelican._get_generator_classes = generator_classes


def own_peak_mib() -> float:
    """This process's own peak resident memory so far, in MiB: the kernel's ru_maxrss (KiB on
    Linux), exact and free to read, never a sample; its children are not in it."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def peak_of(pid: int) -> float:
    """Process `pid`'s own peak resident memory so far (VmHWM), in MiB; 0 once it has gone."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0.0


def watch_pagefind(peaks: list[float]) -> None:
    """Append each Pagefind service's own peak to `peaks`, read just before the build closes
    it (its answers are all in by then: nothing it does later counts)."""
    from pagefind.service import PagefindService

    close = PagefindService.close

    async def closing(self) -> None:
        backend = getattr(self, "_backend", None)
        if backend is not None:
            peaks.append(peak_of(backend.pid))
        await close(self)

    PagefindService.close = closing


def child_build(kind: str, content: str, output: str, cache: str, tree: str) -> None:
    import logging

    from pelican import Pelican
    from pelican.log import init as init_logging

    init_logging(logging.WARNING)
    settings = build_settings(kind, Path(content), Path(output), Path(cache), Path(tree))
    timings_to = os.environ.get("BENCH_TIMINGS")
    timings = Timings()
    if timings_to:
        instrument(timings)
    pagefind: list[float] = []
    if kind != "plain":
        watch_pagefind(pagefind)
    Pelican(settings).run()
    if timings_to:
        Path(timings_to).write_text(json.dumps(timings.spent), encoding="utf-8")
    if memory_to := os.environ.get("BENCH_MEMORY"):
        peaks = {"own_mib": own_peak_mib(), "pagefind_mib": max(pagefind, default=0.0)}
        Path(memory_to).write_text(json.dumps(peaks), encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# Measuring a child process from outside


def _descendants(pid: int) -> list[int]:
    """`pid` and every process below it (Linux: /proc/PID/task/TID/children)."""
    found, index = [pid], 0
    while index < len(found):
        parent = found[index]
        index += 1
        try:
            threads = os.listdir(f"/proc/{parent}/task")
        except OSError:
            continue
        for thread in threads:
            try:
                with open(f"/proc/{parent}/task/{thread}/children", encoding="ascii") as handle:
                    found += [int(child) for child in handle.read().split()]
            except OSError:
                pass
    return found


def _rss_kib(pid: int) -> tuple[str, int]:
    """(process name, resident KiB) from /proc/PID/status; ("", 0) once it has gone."""
    name, rss = "", 0
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as handle:
            for line in handle:
                if line.startswith("Name:"):
                    name = line.split(None, 1)[1].strip()
                elif line.startswith("VmRSS:"):
                    rss = int(line.split()[1])
                    break
    except (OSError, ValueError, IndexError):
        pass
    return name, rss


class TreeMemory(threading.Thread):
    """Samples the summed resident memory of a process tree; `peak_kib` is the largest sum.

    /proc/PID/status is read (a few microseconds), not smaps: reading smaps of a large process
    walks its page tables and would take CPU from the build being measured."""

    def __init__(self, pid: int, interval: float = SAMPLE_SECONDS) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_kib = 0
        self.peak_parts: dict[str, int] = {}  # KiB by process name at the peak
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            parts: dict[str, int] = {}
            for pid in _descendants(self.pid):
                name, rss = _rss_kib(pid)
                if rss:
                    parts[name] = parts.get(name, 0) + rss
            total = sum(parts.values())
            if total > self.peak_kib:
                self.peak_kib, self.peak_parts = total, parts
            self.done.wait(self.interval)


def run_alone(command: list[str], what: str) -> tuple[float, float, float, float]:
    """Run `command` to its end with nothing sampled: wall s, CPU s, peak MiB (the kernel's
    ru_maxrss: its own, or a child's if one grew larger), the load before it started. A failure
    stops the bench with `what` and the command's error output."""
    load = os.getloadavg()[0]
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        assert process.stderr is not None
        raise SystemExit(f"{what} failed: {process.stderr.read()!r}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, load


@dataclass
class Measured:
    seconds: float
    cpu_seconds: float
    peak_mib: float
    load: float
    timings: dict[str, list[float]]
    peak_parts: dict[str, float]
    own_mib: float = 0.0
    pagefind_mib: float = 0.0


def timed_build(
    kind: str,
    content: Path,
    output: Path,
    cache: Path,
    log: Path,
    tree: Path = ROOT,
    timings: bool = False,
) -> Measured:
    """Build in a fresh child process: wall s, CPU s, peak MiB of its process tree, the build
    process's own peak and Pagefind's (reported by the child itself), load."""
    shutil.rmtree(output, ignore_errors=True)
    command = [sys.executable, str(BENCH), "_build", kind]
    command += [str(content), str(output), str(cache), str(tree)]
    timings_file = log.with_suffix(".timings.json")
    timings_file.unlink(missing_ok=True)
    memory_file = log.with_suffix(".memory.json")
    memory_file.unlink(missing_ok=True)
    env = {**os.environ, "BENCH_MEMORY": str(memory_file)}
    if timings:
        env["BENCH_TIMINGS"] = str(timings_file)
    load = os.getloadavg()[0]
    with log.open("wb") as handle:
        start = time.perf_counter()
        process = subprocess.Popen(
            command, stdout=handle, stderr=subprocess.STDOUT, cwd=tree, env=env
        )
        memory = TreeMemory(process.pid)
        memory.start()
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        memory.done.set()
        memory.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
        raise SystemExit(f"{kind} build of {content} failed ({log}):\n{tail}")
    peak_kib = max(memory.peak_kib, usage.ru_maxrss)  # ru_maxrss: KiB on Linux
    spent = json.loads(timings_file.read_text(encoding="utf-8")) if timings else {}
    parts = {name: kib / 1024 for name, kib in memory.peak_parts.items()}
    cpu = usage.ru_utime + usage.ru_stime
    own = json.loads(memory_file.read_text(encoding="utf-8"))
    return Measured(
        seconds, cpu, peak_kib / 1024, load, spent, parts, own["own_mib"], own["pagefind_mib"]
    )
