"""`invoke bench`: this site's production build against plain Pelican, on the same corpus.

For each corpus size (default 1,000 and 5,000 posts from benchmarks/corpus.py), `--rounds`
times (default 3), alternating so that both kinds of build see the same machine load:

1. plain Pelican, full build            4. production build again, its caches warm
2. production build, empty caches       5. (one post edited) plain Pelican, full build
3. plain Pelican, full build            6. production rebuild after that one edit

"Production" is whatever `publishconf.py` builds today (plugins, typogrify, search index,
sitemap, share images, precompressed copies): the benchmark reads the settings file, it does
not copy it. "Plain Pelican" is the same Pelican with its default theme, no plugins and no
typogrify (a minimal settings file written into the work folder; feeds as Pelican's defaults).

Every build runs in a child process into an empty output folder (as `invoke preview` does).
Measured for each build:

* wall seconds, and CPU seconds: user + system time of the build process and of every process
  it waited for (Pagefind's binary, compression and drawing workers), from ``os.wait4``;
* peak memory of the whole process tree: every 20 ms the resident memory (VmRSS) of the build
  process and of all its descendants is summed; the peak of that sum, or the largest single
  process's ``ru_maxrss`` if that is higher. An upper bound: a page shared by two processes
  (a library, or a forked worker's inherited memory) counts in each;
* the 1-minute load average just before it starts (a busy machine shows here);
* for production builds, where the time went: Pelican's reading and writing phases and every
  plugin handler a signal calls, wall and CPU seconds (no profiler: the figures are not slowed).

Each verdict uses medians over the rounds, so one slow build cannot move a ratio. With
``--before REV`` (default: the commit before the speed work) the same production builds of
that commit's tree (``git archive``) run once cold and once warm at 1,000 posts, for a
before/after table of where the time goes, the precompressed bytes and a byte comparison of
the output. Each large step of a cold build (Markdown, typogrify, the share images, each
compressor, Pagefind) is then run alone on one core on that corpus, in a child process, for
the report's table of what the cold build's CPU is made of and the floor it sets on 2 cores.
Then the page budgets are checked on the real site (content/): gzip bytes of HTML
+ CSS of the home, article, about and largest pages, and the requests needed to render each.
Results: printed, and written to benchmarks/report.md with a chart.

A benchmark, not a test: nothing here asserts; a missed target is reported as missed.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tarfile
import threading
import time
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urljoin, urlparse

import corpus  # beside this script: Python puts benchmarks/ first on sys.path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "benchmarks" / "work"
REPORT = ROOT / "benchmarks" / "report.md"
CHART = ROOT / "benchmarks" / "build-time.png"
# The last commit before the build-speed work: `--before` builds it for the before/after table.
BEFORE = "4f4d01f"

# Targets, each judged on the medians of one run. Never loosened: a miss is reported as a miss.
WARM_RATIO_MAX = 1.5  # production build with warm caches / plain Pelican, N=1,000
COLD_RATIO_MAX = 3.0  # production build with empty caches (a fresh clone) / plain, N=1,000
REBUILD_OF_WARM_MAX = 1.0  # rebuild after one edit / warm full build, N=1,000
MEMORY_RATIO_MAX = 2.0  # peak memory of any production build / plain's, N=1,000 and 5,000
LINEAR_TOLERANCE = 0.20  # seconds per post at the largest N / at N=1,000, at most 1.2
MEMORY_MAX_MIB = 1024  # peak memory at 10,000 posts
COMPRESSED_GROWTH_MAX = 0.05  # .br + .gz bytes against the `--before` tree's, same corpus
# Where the build should head (the budgets set before those targets; reported beside them).
BUILD_RATIO_MAX = 1.0  # production build time / plain Pelican's, same corpus, same run
REBUILD_FRACTION_MAX = 0.25  # rebuild after one edit / full build, at 1,000 posts

# Page budgets, on the real site.
PAGE_BYTES_MAX = 14_000  # gzip HTML + CSS: one network round trip (initial congestion window)
PAGE_REQUESTS_MAX = 1  # the HTML alone: the stylesheet is inline (blog/plugins/inline_style.py)
BUDGET_PAGES = {"home": "", "article": "intensive-outpatient-therapy-program/", "about": "about/"}

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

COMMIT = "unknown"  # set by main() when the run starts
SAMPLE_SECONDS = 0.02  # how often the process tree's memory is read
WHOLE_BUILD = "whole build (Pelican.run)"
READING = "Pelican reading (generate_context)"
WRITING = "Pelican writing (generate_output)"


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


# ---------------------------------------------------------------------------------------------
# One build, in a child process


def _settings(kind: str, content: Path, output: Path, cache: Path, tree: Path) -> dict:
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


def child_build(kind: str, content: str, output: str, cache: str, tree: str) -> None:
    import logging

    from pelican import Pelican
    from pelican.log import init as init_logging

    init_logging(logging.WARNING)
    settings = _settings(kind, Path(content), Path(output), Path(cache), Path(tree))
    timings_to = os.environ.get("BENCH_TIMINGS")
    timings = Timings()
    if timings_to:
        instrument(timings)
    Pelican(settings).run()
    if timings_to:
        Path(timings_to).write_text(json.dumps(timings.spent), encoding="utf-8")


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


@dataclass
class Measured:
    seconds: float
    cpu_seconds: float
    peak_mib: float
    load: float
    timings: dict[str, list[float]]
    peak_parts: dict[str, float]


def timed_build(
    kind: str,
    content: Path,
    output: Path,
    cache: Path,
    log: Path,
    tree: Path = ROOT,
    timings: bool = False,
) -> Measured:
    """Build in a fresh child process: wall s, CPU s, peak MiB of its process tree, load."""
    shutil.rmtree(output, ignore_errors=True)
    command = [sys.executable, str(Path(__file__).resolve()), "_build", kind]
    command += [str(content), str(output), str(cache), str(tree)]
    timings_file = log.with_suffix(".timings.json")
    timings_file.unlink(missing_ok=True)
    env = {**os.environ, "BENCH_TIMINGS": str(timings_file)} if timings else None
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
    return Measured(seconds, cpu, peak_kib / 1024, load, spent, parts)


# ---------------------------------------------------------------------------------------------
# Build times


def bench_size(size: int, rounds: int, say=print) -> list[Run]:
    base = WORK / f"n{size}"
    content = base / "content"
    corpus.generate(content, posts=size)
    shutil.rmtree(base / "cache-plain", ignore_errors=True)
    runs: list[Run] = []

    def build(number: int, step: str, kind: str) -> Run:
        cache = base / f"cache-{kind}"
        before = set(cache.glob("build-*"))
        measured = timed_build(
            kind,
            content,
            base / f"output-{kind}",
            cache,
            base / f"{step}-{kind}.log",
            timings=kind == "production",
        )
        new_key = bool(set(cache.glob("build-*")) - before) and step != "cold"
        run = Run(size, number, step, kind, measured.seconds, measured.cpu_seconds,
                  measured.peak_mib, measured.load, new_key, measured.timings,
                  measured.peak_parts)  # fmt: skip
        note = "  (cache key changed: content cache not reused)" if run.new_cache_key else ""
        say(f"  {size:>6,} posts  round {number}  {step:<8} {kind:<10} {run.seconds:7.1f} s "
            f"wall {run.cpu_seconds:7.1f} s CPU {run.peak_mib:6.0f} MiB  load {run.load:4.1f}"
            f"{note}")  # fmt: skip
        runs.append(run)
        return run

    for number in range(1, rounds + 1):
        shutil.rmtree(base / "cache-production", ignore_errors=True)  # a fresh clone
        build(number, "full-1", "plain")
        build(number, "cold", "production")
        build(number, "full-2", "plain")
        build(number, "warm", "production")
        corpus.edit_post(content, index=size // 2, note=f"Edited in round {number}")
        build(number, "rebuild", "plain")
        build(number, "rebuild", "production")
    return runs


def export_tree(rev: str, target: Path) -> Path | None:
    """The files of commit `rev` (git archive) in `target`; None when git cannot give them."""
    shutil.rmtree(target, ignore_errors=True)
    try:
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", "--format=tar", rev],
            capture_output=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    target.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    return target


def bench_before(rev: str, size: int, say=print) -> list[Run]:
    """Cold then warm production builds of commit `rev`'s tree on the `size` corpus as the
    main runs left it (same content as the last production rebuild)."""
    base = WORK / f"n{size}"
    tree = export_tree(rev, WORK / "before")
    if tree is None:
        say(f"  (commit {rev} not available: no before/after comparison)")
        return []
    shutil.rmtree(base / "cache-before", ignore_errors=True)
    runs = []
    for step in ("cold", "warm"):
        measured = timed_build(
            "production",
            base / "content",
            base / "output-before",
            base / "cache-before",
            base / f"{step}-before.log",
            tree=tree,
            timings=True,
        )
        runs.append(Run(size, 1, step, "before", measured.seconds, measured.cpu_seconds,
                        measured.peak_mib, measured.load, timings=measured.timings,
                        peak_parts=measured.peak_parts))  # fmt: skip
        say(f"  {size:>6,} posts  {rev}  {step:<8} {measured.seconds:7.1f} s wall "
            f"{measured.cpu_seconds:7.1f} s CPU {measured.peak_mib:6.0f} MiB  "
            f"load {measured.load:4.1f}")  # fmt: skip
    return runs


# ---------------------------------------------------------------------------------------------
# What a cold build's CPU is made of


def measure_parts(size: int, to: Path) -> None:
    """(In a child process, with the project importable.) CPU seconds of each large step a
    cold production build takes, each alone on one core, on the `size` corpus and the last
    production output, written to `to` as JSON [[label, seconds], ...]. The steps are run
    by the build's own code (Pelican's reader, the plugins' compressors, drawing and indexer)
    with the production settings; no cache is read."""
    import resource
    from types import SimpleNamespace

    from pelican.plugins import precompress
    from pelican.readers import MarkdownReader

    from blog.plugins import precompress_cache, search_index, share_image
    from blog.plugins.palette import palette
    from blog.plugins.typogrify_cache import TypogrifyCache

    base = WORK / f"n{size}"
    content, output, scratch = base / "content", base / "output-production", base / "parts"
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    settings = _settings("production", content, output, scratch, ROOT)
    parts: list[tuple[str, float]] = []

    @contextmanager
    def step(label: str):
        # This process's CPU, plus that of the processes it reaped meanwhile (Pagefind).
        before, start = resource.getrusage(resource.RUSAGE_CHILDREN), time.process_time()
        yield
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        children = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
        parts.append((label, time.process_time() - start + children))

    sources = sorted(content.rglob("*.md"))
    reader = MarkdownReader(settings)
    with step(f"Markdown: Pelican's reader, {len(sources):,} files"):
        read = [reader.read(str(path)) for path in sources]
    typogrify = TypogrifyCache(settings).typogrify
    with step("typogrify: their content and titles"):
        for text, metadata in read:
            typogrify(text)
            typogrify(metadata["title"])
    colours = {part: palette(settings)[name] for part, name in share_image.COLOURS.items()}
    site_name = share_image.plain_text(settings["SITENAME"])
    titles = [share_image.plain_text(metadata["title"]) for _text, metadata in read]
    with step(f"share images: {len(titles):,} drawn (1200x630 PNG)"):
        for title in titles:
            share_image.draw(title, site_name, str(scratch / "share.png"), colours)
    session = precompress_cache.Session(SimpleNamespace(settings=settings))
    files = precompress_cache._text_files(output, session.extensions)
    texts = [path.read_bytes() for path in files]
    megabytes = sum(map(len, texts)) / 1e6
    for name, _extension, compress in session.formats:
        with step(f"{name}: {len(texts):,} text files, {megabytes:.1f} MB"):
            for data in texts:
                with suppress(precompress.FileSizeIncrease):  # no copy: as the plugin does
                    compress(data)
    with step("Pagefind: indexing the output (the binary and this process)"):
        language = settings.get("DEFAULT_LANG", "en")
        search_index.Indexer(str(output), language, scratch / "search-bundle").finish()
    to.write_text(json.dumps(parts), encoding="utf-8")


def cold_parts(size: int, say=print) -> list[tuple[str, float]]:
    """measure_parts in a child process: the project's package importable from ROOT, and the
    drawing and compressing done outside the benchmark's own memory."""
    to = WORK / f"n{size}" / "parts.json"
    to.unlink(missing_ok=True)
    command = [sys.executable, str(Path(__file__).resolve()), "_parts", str(size), str(to)]
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        say(f"  (the cold build's parts were not measured: {done.stderr.strip()[-500:]})")
        return []
    parts = [(label, seconds) for label, seconds in json.loads(to.read_text(encoding="utf-8"))]
    for label, seconds in parts:
        say(f"  {seconds:7.1f} s CPU  {label}")
    return parts


COMPRESSED = (".br", ".gz", ".zst")


def compare_outputs(after: Path, before: Path) -> dict:
    """Precompressed bytes of both outputs, and which other files differ."""

    def files(root: Path) -> dict[str, Path]:
        return {p.relative_to(root).as_posix(): p for p in root.rglob("*") if p.is_file()}

    new, old = files(after), files(before)

    def compressed(found: dict[str, Path], ext: str) -> int:
        return sum(p.stat().st_size for name, p in found.items() if name.endswith(ext))

    plain_names = {n for n in new.keys() | old.keys() if not n.endswith(COMPRESSED)}

    def digest(found: dict[str, Path], name: str) -> str | None:
        path = found.get(name)
        return hashlib.blake2b(path.read_bytes()).hexdigest() if path else None

    differing = sorted(n for n in plain_names if digest(new, n) != digest(old, n))
    return {
        "br_after": compressed(new, ".br"),
        "br_before": compressed(old, ".br"),
        "gz_after": compressed(new, ".gz"),
        "gz_before": compressed(old, ".gz"),
        "files": len(plain_names),
        "differing": differing,
    }


# ---------------------------------------------------------------------------------------------
# Page budgets, on the real site


def build_real_site(output: Path, siteurl: str | None = None) -> Path:
    """Production build of content/ into `output` (in this process); returns `output`."""
    from pelican import Pelican
    from pelican.settings import read_settings

    shutil.rmtree(output, ignore_errors=True)
    override = {"OUTPUT_PATH": str(output), "CACHE_PATH": str(output.parent / "site-cache")}
    if siteurl:
        override.update(SITEURL=siteurl, FEED_DOMAIN=siteurl)
    Pelican(read_settings(str(ROOT / "publishconf.py"), override=override)).run()
    return output


def _local_file(output: Path, siteurl: str, url: str) -> Path | None:
    """The output file for a URL of this site, or None for another host."""
    parsed, site = urlparse(url), urlparse(siteurl)
    if parsed.scheme and parsed.netloc != site.netloc:
        return None
    path = parsed.path[len(site.path) :] if parsed.path.startswith(site.path) else parsed.path
    target = output / path.lstrip("/")
    return target / "index.html" if path.endswith("/") or not path else target


def page_weight(output: Path, siteurl: str, rel: str) -> dict:
    """gzip bytes of a page's HTML and stylesheets, and every request needed to render it."""
    from bs4 import BeautifulSoup

    page_url = f"{siteurl}/{rel}"
    html = (output / rel / "index.html").read_bytes()
    soup = BeautifulSoup(html, "lxml")
    requests = [page_url]
    css_bytes = 0
    for tag in soup.find_all(["link", "script", "img", "iframe", "video", "audio", "source"]):
        rels = {r.lower() for r in tag.get("rel", [])}
        if tag.name == "link":
            if not rels & {"stylesheet", "icon", "preload", "modulepreload", "manifest"}:
                continue  # canonical, alternate, search...: not fetched to render
            url = tag.get("href")
        elif tag.name == "img" and tag.get("loading") == "lazy":
            url = tag.get("src")  # still fetched when in view; counted
        else:
            url = tag.get("src")
        if not url or url.startswith("data:"):
            continue
        url = urljoin(page_url, url)
        requests.append(url)
        if "stylesheet" in rels:
            css = _local_file(output, siteurl, url)
            if css and css.is_file():
                data = css.read_bytes()
                css_bytes += len(gzip.compress(data, 9, mtime=0))
                # Anything the stylesheet pulls in is one more request.
                text = data.decode("utf-8", "replace")
                for ref in re.findall(r"url\(\s*['\"]?([^'\")]+)", text):
                    if not ref.startswith("data:"):
                        requests.append(urljoin(url, ref))
                for ref in re.findall(r"@import\s+(?:url\()?['\"]?([^'\")\s;]+)", text):
                    requests.append(urljoin(url, ref))
    for style in soup.find_all("style"):  # inline: its bytes are the HTML's, its url()s requests
        text = style.get_text()
        for ref in re.findall(r"url\(\s*['\"]?([^'\")]+)|@import\s+['\"]([^'\"]+)", text):
            if not (ref[0] or ref[1]).startswith("data:"):
                requests.append(urljoin(page_url, ref[0] or ref[1]))
    html_bytes = len(gzip.compress(html, 9, mtime=0))
    return {
        "page": rel or "/",
        "html_gzip": html_bytes,
        "css_gzip": css_bytes,
        "total_gzip": html_bytes + css_bytes,
        "requests": len(dict.fromkeys(requests)),
        "request_urls": list(dict.fromkeys(requests)),
    }


def page_budgets(say=print) -> list[dict]:
    from pelican.settings import read_settings

    siteurl = read_settings(str(ROOT / "publishconf.py"))["SITEURL"]
    output = build_real_site(WORK / "site")
    results = []
    for name, rel in BUDGET_PAGES.items():
        weight = {"name": name, **page_weight(output, siteurl, rel)}
        results.append(weight)
        say(f"  {name:<8} {weight['total_gzip']:>6,} B gzip HTML+CSS "
            f"({weight['html_gzip']:,} + {weight['css_gzip']:,}), "
            f"{weight['requests']} requests")  # fmt: skip
    # The largest page of the site must fit the budget too (pages are folders with index.html).
    sizes = {p: len(gzip.compress(p.read_bytes(), 9, mtime=0)) for p in output.rglob("index.html")}
    largest = max(sizes, key=sizes.__getitem__).parent
    rel = "" if largest == output else f"{largest.relative_to(output).as_posix()}/"
    weight = {"name": "largest", **page_weight(output, siteurl, rel)}
    results.append(weight)
    say(f"  largest  {weight['total_gzip']:>6,} B gzip HTML+CSS ({weight['page']}), "
        f"{weight['requests']} requests")  # fmt: skip
    return results


# ---------------------------------------------------------------------------------------------
# Report


def _median(runs: list[Run], size: int, kind: str, steps: tuple[str, ...], attr: str) -> float:
    values = [
        getattr(r, attr) for r in runs if r.size == size and r.kind == kind and r.step in steps
    ]
    return statistics.median(values) if values else float("nan")


PLAIN_STEPS = ("full-1", "full-2", "rebuild")


def summarize(runs: list[Run]) -> dict:
    """Medians per size: every plain build is one sample of plain Pelican at that size."""
    out = {}
    for size in sorted({r.size for r in runs if r.kind != "before"}):

        def med(kind: str, steps: tuple[str, ...], attr: str = "seconds", size=size) -> float:
            return _median(runs, size, kind, steps, attr)

        plain, plain_cpu = med("plain", PLAIN_STEPS), med("plain", PLAIN_STEPS, "cpu_seconds")
        s = {
            "plain": plain,
            "plain_cpu": plain_cpu,
            "plain_mib": med("plain", PLAIN_STEPS, "peak_mib"),
        }
        for step in ("cold", "warm", "rebuild"):
            s[step] = med("production", (step,))
            s[f"{step}_cpu"] = med("production", (step,), "cpu_seconds")
            s[f"{step}_mib"] = med("production", (step,), "peak_mib")
            s[f"{step}_ratio"] = s[step] / plain
            s[f"{step}_ratio_cpu"] = s[f"{step}_cpu"] / plain_cpu
            s[f"{step}_per_1000"] = s[step] / size * 1000
        s["plain_per_1000"] = plain / size * 1000
        s["production_mib"] = max(s["cold_mib"], s["warm_mib"], s["rebuild_mib"])
        s["memory_ratio"] = s["production_mib"] / s["plain_mib"]
        s["rebuild_of_warm"] = s["rebuild"] / s["warm"]
        s["rebuild_of_cold"] = s["rebuild"] / s["cold"]
        out[size] = s
    return out


def draw_chart(summary: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = sorted(summary)
    series = [
        ("plain Pelican", "plain", "o-", "#555555"),
        ("production, empty caches (clean clone)", "cold", "s-", "#b3261e"),
        ("production, caches warm", "warm", "^-", "#1f5fa8"),
        ("production rebuild after one edit", "rebuild", "d--", "#2e7d32"),
    ]
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4.2), dpi=120)
    for label, key, style, color in series:
        left.plot(sizes, [summary[n][key] for n in sizes], style, label=label, color=color)
        mib = [summary[n][f"{key}_mib"] for n in sizes]
        right.plot(sizes, mib, style, label=label, color=color)
    left.set_ylabel("build time, wall seconds (median)")
    right.set_ylabel("peak memory of the process tree, MiB (median)")
    for ax in (left, right):
        ax.set_xlabel("posts (N)")
        ax.set_xticks(sizes)
        ax.set_ylim(bottom=0)
        ax.grid(True, alpha=0.3)
    left.legend(fontsize=8)
    fig.suptitle("Build time and memory against N (medians of alternating rounds)")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "**MISSED**"


def _commit() -> str:
    """The checked-out commit, and whether tracked files differ from it. Read when the run
    starts (main): by the time the report is written, the run has replaced the chart."""
    try:
        result = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        )
        dirty = subprocess.run(
            ["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
        ).stdout.strip()
        return result.stdout.strip() + (" (with uncommitted changes)" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def target_rows(summary: dict, outputs: dict | None) -> list[tuple[str, str, str, bool | None]]:
    """(target, limit, measured, met) for each of the issue's targets this run measured."""
    rows: list[tuple[str, str, str, bool | None]] = []
    if 1000 in summary:
        s = summary[1000]
        rows += [
            (
                "warm production build / plain Pelican, N=1,000",
                f"{WARM_RATIO_MAX:.1f}x",
                f"{s['warm_ratio']:.2f}x ({s['warm']:.1f} s vs {s['plain']:.1f} s; "
                f"CPU {s['warm_ratio_cpu']:.2f}x)",
                s["warm_ratio"] <= WARM_RATIO_MAX,
            ),
            (
                "cold production build (empty caches) / plain Pelican, N=1,000",
                f"{COLD_RATIO_MAX:.1f}x",
                f"{s['cold_ratio']:.2f}x ({s['cold']:.1f} s vs {s['plain']:.1f} s; "
                f"CPU {s['cold_ratio_cpu']:.2f}x)",
                s["cold_ratio"] <= COLD_RATIO_MAX,
            ),
            (
                "rebuild after one edit / warm full build, N=1,000",
                f"{REBUILD_OF_WARM_MAX:.2f}",
                f"{s['rebuild_of_warm']:.2f} ({s['rebuild']:.1f} s vs {s['warm']:.1f} s)",
                s["rebuild_of_warm"] <= REBUILD_OF_WARM_MAX,
            ),
        ]
    for size in (1000, 5000):
        if size in summary:
            s = summary[size]
            rows.append(
                (
                    f"peak memory, production / plain Pelican, N={size:,}",
                    f"{MEMORY_RATIO_MAX:.1f}x",
                    f"{s['memory_ratio']:.2f}x ({s['production_mib']:.0f} MiB vs "
                    f"{s['plain_mib']:.0f} MiB)",
                    s["memory_ratio"] <= MEMORY_RATIO_MAX,
                )
            )
    largest = max(summary)
    if 1000 in summary and largest > 1000:
        small, big = summary[1000], summary[largest]
        for step, name in (("warm", "warm"), ("cold", "cold")):
            growth = big[f"{step}_per_1000"] / small[f"{step}_per_1000"]
            rows.append(
                (
                    f"linear: seconds per 1,000 posts, {name} build, N={largest:,} / N=1,000",
                    f"{1 + LINEAR_TOLERANCE:.2f}",
                    f"{growth:.2f} ({big[f'{step}_per_1000']:.1f} s vs "
                    f"{small[f'{step}_per_1000']:.1f} s)",
                    growth <= 1 + LINEAR_TOLERANCE,
                )
            )
    if 10000 in summary:
        mib = summary[10000]["production_mib"]
        rows.append(
            (
                "peak memory of a production build, N=10,000",
                f"{MEMORY_MAX_MIB:,} MiB",
                f"{mib:,.0f} MiB",
                mib < MEMORY_MAX_MIB,
            )
        )
    if outputs:
        after = outputs["br_after"] + outputs["gz_after"]
        before = outputs["br_before"] + outputs["gz_before"]
        growth = after / before - 1 if before else float("nan")
        rows.append(
            (
                f"precompressed bytes (.br + .gz) against commit {outputs['rev']}, "
                f"N={outputs['size']:,}",
                f"+{COMPRESSED_GROWTH_MAX:.0%}",
                f"{growth:+.1%} ({after:,} B vs {before:,} B)",
                growth <= COMPRESSED_GROWTH_MAX,
            )
        )
    for size in sorted(summary):
        s = summary[size]
        rows.append(
            (
                f"heading for: warm build / plain Pelican, N={size:,}",
                f"{BUILD_RATIO_MAX:.1f}x",
                f"{s['warm_ratio']:.2f}x",
                s["warm_ratio"] <= BUILD_RATIO_MAX,
            )
        )
    if 1000 in summary:
        s = summary[1000]
        rows.append(
            (
                "heading for: rebuild after one edit / warm full build, N=1,000",
                f"{REBUILD_FRACTION_MAX:.2f}",
                f"{s['rebuild_of_warm']:.2f}",
                s["rebuild_of_warm"] <= REBUILD_FRACTION_MAX,
            )
        )
    return rows


def _median_timings(runs: list[Run], size: int, kind: str, step: str) -> dict[str, tuple]:
    """label -> (median wall s, median CPU s) over the matching runs' timings."""
    chosen = [r.timings for r in runs if r.size == size and r.kind == kind and r.step == step]
    labels = {label for timings in chosen for label in timings}
    out = {}
    for label in labels:
        walls = [t.get(label, [0, 0.0, 0.0])[1] for t in chosen]
        cpus = [t.get(label, [0, 0.0, 0.0])[2] for t in chosen]
        out[label] = (statistics.median(walls), statistics.median(cpus))
    return out


def time_share_lines(runs: list[Run], size: int, rev: str | None) -> list[str]:
    columns = [("production", "cold"), ("production", "warm")]
    if rev and any(r.kind == "before" for r in runs):
        columns = [("before", "cold"), *columns[:1], ("before", "warm"), *columns[1:]]
    tables = {column: _median_timings(runs, size, *column) for column in columns}
    labels = {label for table in tables.values() for label in table}

    def order(label: str) -> tuple:
        biggest = max(table.get(label, (0.0, 0.0))[0] for table in tables.values())
        return (label != WHOLE_BUILD, label not in (READING, WRITING), -biggest)

    def name(kind: str, step: str) -> str:
        return f"{'before' if kind == 'before' else 'now'}, {step}"

    lines = [
        "| where | " + " | ".join(name(*c) for c in columns) + " |",
        "|---|" + "--:|" * len(columns),
    ]
    for label in sorted(labels, key=order):
        cells = []
        for column in columns:
            wall, cpu = tables[column].get(label, (0.0, 0.0))
            cells.append(f"{wall:.2f} / {cpu:.2f}" if label in tables[column] else "-")
        if max(tables[c].get(label, (0.0, 0.0))[0] for c in columns) < 0.05:
            continue  # below the noise
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return lines


def cold_parts_lines(parts: list[tuple[str, float]], s: dict, size: int) -> list[str]:
    """The report's table of what a cold build's CPU is made of, and the floor it sets."""
    cores = os.cpu_count() or 1
    cold, plain = s["cold_cpu"], s["plain"]
    lines = [
        f"## What a cold build's CPU is made of (N={size:,})",
        "",
        "CPU seconds of each large step a build with empty caches takes, each measured alone "
        "on one core after the rounds (a separate process running the build's own code with "
        "the production settings: Pelican's Markdown reader, typogrify, the share-image "
        "drawing, the compressors, the search indexer), on the same corpus and the last "
        "production output. Single measurements on a noisy machine: read them as shares.",
        "",
        "| step | CPU s | of the cold build's median CPU |",
        "|---|--:|--:|",
    ]
    for label, seconds in parts:
        lines.append(f"| {label} | {seconds:.1f} | {seconds / cold:.0%} |")
    total = sum(seconds for _label, seconds in parts)
    lines += [
        f"| the steps above | {total:.1f} | {total / cold:.0%} |",
        f"| cold production build, median (everything) | {cold:.1f} | 100% |",
        f"| plain Pelican build, median | {s['plain_cpu']:.1f} | {s['plain_cpu'] / cold:.0%} |",
        "",
        f"On {cores} cores a build cannot take less wall time than its CPU time / {cores}: "
        f"for the cold build {cold / cores:.1f} s, {cold / cores / plain:.2f}x plain Pelican's "
        f"{plain:.1f} s. The {COLD_RATIO_MAX:.1f}x limit needs the cold build's CPU at most "
        f"{COLD_RATIO_MAX:.1f} x {plain:.1f} s x {cores} = {COLD_RATIO_MAX * plain * cores:.1f} s "
        "with every core busy from start to end.",
    ]
    return lines


def write_report(
    runs: list[Run],
    pages: list[dict],
    started: datetime,
    path: Path,
    rounds: int,
    outputs: dict | None = None,
    profile_size: int = 1000,
    loads: tuple[float, float] = (0.0, 0.0),
    parts: list[tuple[str, float]] | None = None,
) -> str:
    import pelican

    summary = summarize(runs)
    sizes = sorted(summary)
    rev = outputs["rev"] if outputs else None
    lines = [
        "# Build benchmark and budgets",
        "",
        "Written by `invoke bench` (benchmarks/bench.py); do not edit by hand.",
        "",
        f"- Run: {started:%Y-%m-%d %H:%M} UTC, commit {COMMIT}, Pelican {pelican.__version__},",
        f"  Python {platform.python_version()}, {os.cpu_count()} CPU cores; load average "
        f"{loads[0]:.1f} at the start, {loads[1]:.1f} at the end.",
        "- Corpus: benchmarks/corpus.py, N posts of 600-1,200 words (seed "
        f"{corpus.DEFAULT_SEED}). Each build in its own process, into an empty output folder.",
        "- Production = `publishconf.py` as it is; plain = Pelican's default theme, no plugins, "
        "no typogrify, default feeds. Each round alternates: plain, production with empty "
        "caches (a clean clone), plain, production with warm caches, then one post edited: "
        f"plain, production rebuild. {rounds} rounds; every figure below is a median over "
        "them (plain: over all its builds at that size), so one slow build cannot move a ratio.",
        "- Wall seconds, and CPU seconds: user + system of the build process and every process "
        "it waited for (Pagefind, compression and drawing workers). Peak memory: the summed "
        "resident memory (VmRSS) of the build process and all its descendants, sampled every "
        f"{SAMPLE_SECONDS * 1000:.0f} ms (at least the largest process's ru_maxrss); an upper "
        "bound, since a page two processes share counts in each.",
        "",
        "## Targets",
        "",
        "| target | limit | measured (medians) | verdict |",
        "|---|--:|--:|---|",
    ]
    for target, limit, measured, met in target_rows(summary, outputs):
        lines.append(f"| {target} | {limit} | {measured} | {_verdict(bool(met))} |")
    lines += [
        "",
        "## Medians",
        "",
        "| N | build | wall s | CPU s | peak MiB | wall s per 1,000 posts | / plain (wall, CPU) |",
        "|--:|---|--:|--:|--:|--:|--:|",
    ]
    for size in sizes:
        s = summary[size]
        lines.append(
            f"| {size:,} | plain Pelican | {s['plain']:.1f} | {s['plain_cpu']:.1f} | "
            f"{s['plain_mib']:.0f} | {s['plain_per_1000']:.1f} | 1.00x, 1.00x |"
        )
        for step, name in (
            ("cold", "production, empty caches"),
            ("warm", "production, caches warm"),
            ("rebuild", "production rebuild, one post edited"),
        ):
            lines.append(
                f"| {size:,} | {name} | {s[step]:.1f} | {s[f'{step}_cpu']:.1f} | "
                f"{s[f'{step}_mib']:.0f} | {s[f'{step}_per_1000']:.1f} | "
                f"{s[f'{step}_ratio']:.2f}x, {s[f'{step}_ratio_cpu']:.2f}x |"
            )
    lines += ["", f"![Build time and memory against N]({CHART.name})", ""]
    if any(r.timings for r in runs if r.size == profile_size):
        lines += [
            f"## Where the time goes (N={profile_size:,})",
            "",
            "Wall / CPU seconds (medians over the rounds"
            + (f"; `before` is commit {rev}, one cold and one warm build" if rev else "")
            + "). Handlers run inside the phases (a handler of a signal Pelican sends while "
            "reading counts in reading too). CPU is the whole process's (every thread) and the "
            "workers and binaries a step waited for, so work done in the background while "
            "Pelican writes (compression, Pagefind, share images) counts in writing's CPU. "
            "Steps under 0.05 s left out.",
            "",
            *time_share_lines(runs, profile_size, rev),
            "",
        ]
    if parts and profile_size in summary:
        lines += [*cold_parts_lines(parts, summary[profile_size], profile_size), ""]
    lines += [
        "## What holds the memory at the peak",
        "",
        "Resident MiB by process name at the moment the process tree's total peaked "
        "(`python`: the build and any worker it forked; `pagefind`: the search indexer), "
        "for the build with the median peak of each kind.",
        "",
        "| N | build | peak MiB | at that moment |",
        "|--:|---|--:|---|",
    ]
    for size in sizes:
        for kind, step, name in (
            ("plain", None, "plain Pelican"),
            ("production", "cold", "production, empty caches"),
            ("production", "warm", "production, caches warm"),
            ("production", "rebuild", "production rebuild"),
        ):
            chosen = sorted(
                (r for r in runs if r.size == size and r.kind == kind and step in (None, r.step)),
                key=lambda r: r.peak_mib,
            )
            if chosen:
                middle = chosen[len(chosen) // 2]
                held = ", ".join(
                    f"{part} {mib:.0f}"
                    for part, mib in sorted(middle.peak_parts.items(), key=lambda p: -p[1])
                )
                lines.append(f"| {size:,} | {name} | {middle.peak_mib:.0f} | {held} |")
    lines.append("")
    for size in sizes:
        # The search indexer's own share: by itself, against the whole plain build.
        indexer = statistics.median(
            r.peak_parts.get("pagefind", 0.0)
            for r in runs
            if r.size == size and r.kind == "production"
        )
        if indexer:
            plain, limit = summary[size]["plain_mib"], MEMORY_RATIO_MAX
            lines.append(
                f"- N={size:,}: Pagefind's process alone holds {indexer:.0f} MiB at the peak "
                f"(median of the production builds), {indexer / plain:.2f}x plain Pelican's "
                f"whole build ({plain:.0f} MiB); the {limit:.1f}x limit is {limit * plain:.0f} "
                "MiB for everything."
            )
    lines.append("")
    if outputs:
        differing = outputs["differing"]
        listed = ", ".join(f"`{n}`" for n in differing[:10]) + (
            f" and {len(differing) - 10} more" if len(differing) > 10 else ""
        )
        search = [name for name in differing if name.startswith("pagefind/")]
        lines += [
            f"## Output against commit {rev} (N={outputs['size']:,}, same corpus)",
            "",
            f"- Brotli: {outputs['br_after']:,} B now, {outputs['br_before']:,} B before; "
            f"gzip: {outputs['gz_after']:,} B now, {outputs['gz_before']:,} B before.",
            f"- Files other than precompressed copies: {outputs['files']:,}; byte-identical "
            f"except {len(differing)}" + (f": {listed}." if differing else "."),
        ]
        if search:
            lines.append(
                f"- {len(search)} of those are Pagefind's index (`pagefind/`): it lists pages in "
                "the order they were given to it, now the order Pelican writes them (the same "
                "on every machine), before the output folder's directory order (which depends "
                "on the filesystem). Same pages, words and fragments; other bytes."
            )
        lines.append("")
    lines += ["## Page budgets", "", "| budget | limit | measured | verdict |", "|---|--:|--:|---|"]
    for page in pages:
        lines.append(
            f"| {page['name']} page (`{page['page']}`) gzip HTML + CSS | "
            f"{PAGE_BYTES_MAX:,} B | {page['total_gzip']:,} B "
            f"({page['html_gzip']:,} + {page['css_gzip']:,}) | "
            f"{_verdict(page['total_gzip'] <= PAGE_BYTES_MAX)} |"
        )
    for page in pages:
        lines.append(
            f"| {page['name']} page requests to render | {PAGE_REQUESTS_MAX} | "
            f"{page['requests']} | {_verdict(page['requests'] <= PAGE_REQUESTS_MAX)} |"
        )
    lines += ["", "Requests counted per page (HTML, stylesheets, scripts, images, icons):", ""]
    for page in pages:
        lines.append(f"- {page['name']}: " + ", ".join(f"`{u}`" for u in page["request_urls"]))
    lines += [
        "",
        "## Every build",
        "",
        "| N | round | step | build | load before | wall s | CPU s | peak MiB |",
        "|--:|--:|---|---|--:|--:|--:|--:|",
    ]
    for run in runs:
        note = " (cache key changed: content cache not reused)" if run.new_cache_key else ""
        kind = f"commit {rev}" if run.kind == "before" else run.kind
        lines.append(
            f"| {run.size:,} | {run.round} | {run.step} | {kind}{note} | {run.load:.1f} | "
            f"{run.seconds:.1f} | {run.cpu_seconds:.1f} | {run.peak_mib:.0f} |"
        )
    lines.append("")
    text = "\n".join(lines)
    path.write_text(text, encoding="utf-8")
    return text


def main(argv: list[str] | None = None) -> int:
    if argv and argv[0] == "_build":
        child_build(*argv[1:6])
        return 0
    if argv and argv[0] == "_parts":
        measure_parts(int(argv[1]), Path(argv[2]))
        return 0
    parser = argparse.ArgumentParser(description="Benchmark the build against plain Pelican.")
    parser.add_argument("--sizes", default="1000,5000", help="comma-separated post counts")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds per size")
    parser.add_argument("--report", type=Path, default=REPORT, help="Markdown report to write")
    parser.add_argument(
        "--before",
        default=BEFORE,
        help="commit to compare with at 1,000 posts (where the time goes, output); '' for none",
    )
    args = parser.parse_args(argv)
    global COMMIT
    COMMIT = _commit()
    sizes = [int(s) for s in str(args.sizes).split(",") if s.strip()]
    WORK.mkdir(parents=True, exist_ok=True)
    started, load_start = datetime.now(UTC), os.getloadavg()[0]
    runs: list[Run] = []
    outputs = None
    compared = 1000 if 1000 in sizes else sizes[0]  # before/after and the cold steps
    for size in sizes:
        print(f"N = {size:,}: generating the corpus, then {args.rounds} rounds of six builds")
        runs += bench_size(size, args.rounds)
        if args.before and size == compared:
            print(f"N = {size:,}: production builds of commit {args.before}, cold and warm")
            before = bench_before(args.before, size)
            runs += before
            if before:
                base = WORK / f"n{size}"
                outputs = compare_outputs(base / "output-production", base / "output-before")
                outputs.update(rev=args.before, size=size)
    print(f"N = {compared:,}: the large steps of a cold build, each alone on one core")
    parts = cold_parts(compared)
    print("Page budgets (production build of content/):")
    pages = page_budgets()
    report = Path(args.report).resolve()
    summary = summarize(runs)
    draw_chart(summary, report.parent / CHART.name)
    loads = (load_start, os.getloadavg()[0])
    write_report(runs, pages, started, report, args.rounds, outputs, compared, loads, parts)
    (WORK / "results.json").write_text(
        json.dumps(
            {"runs": [asdict(r) for r in runs], "pages": pages, "outputs": outputs, "parts": parts}
        )
    )
    print("Targets (medians):")
    for target, limit, measured, met in target_rows(summary, outputs):
        print(f"  {'PASS  ' if met else 'MISSED'} {target}: {measured} (limit {limit})")
    print(f"Report: {report.relative_to(ROOT) if report.is_relative_to(ROOT) else report}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
