"""`invoke bench`: this site's production build against plain Pelican, on the same corpus.

For each corpus size (default 1,000 and 5,000 posts from benchmarks/corpus.py), in one run and
alternating so that both see the same machine load:

1. plain Pelican, full build            4. production build again, its caches warm
2. production build, empty caches       5. (one post edited) plain Pelican, full build
3. plain Pelican, full build            6. production rebuild after that one edit

"Production" is whatever `publishconf.py` builds today (plugins, typogrify, search index,
sitemap, share images, precompressed copies): the benchmark reads the settings file, it does
not copy it. "Plain Pelican" is the same Pelican with its default theme, no plugins and no
typogrify (a minimal settings file written into the work folder; feeds as Pelican's defaults).

Every build runs in a child process into an empty output folder (as `invoke preview` does), so
each one's wall time, CPU time and peak memory (``ru_maxrss`` of the child and the processes
it waited for, from ``os.wait4``) are its own. Then the budgets are checked on the real site
(content/): gzip bytes of HTML + CSS of the home, article, about and largest pages, and the
requests needed to render each. Results: printed, and written to benchmarks/report.md with a chart.

A benchmark, not a test: nothing here asserts; a missed budget is reported as missed.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urljoin, urlparse

import corpus  # beside this script: Python puts benchmarks/ first on sys.path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "benchmarks" / "work"
REPORT = ROOT / "benchmarks" / "report.md"
CHART = ROOT / "benchmarks" / "build-time.png"

# Budgets. Never loosened: a miss is reported as a miss.
PAGE_BYTES_MAX = 14_000  # gzip HTML + CSS: one network round trip (initial congestion window)
PAGE_REQUESTS_MAX = 1  # the HTML alone: the stylesheet is inline (blog/plugins/inline_style.py)
BUILD_RATIO_MAX = 1.0  # production build time / plain Pelican's, same corpus, same run
REBUILD_FRACTION_MAX = 0.25  # rebuild after one edit / full build, at 1,000 posts
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


@dataclass
class Run:
    """One build: what, how long (wall and CPU seconds), and its peak memory in MiB."""

    size: int
    step: str
    kind: str  # "plain" or "production"
    seconds: float
    cpu_seconds: float
    peak_mib: float
    new_cache_key: bool = False  # production: started a new blog/plugins/cache_key.py folder


# ---------------------------------------------------------------------------------------------
# One build, in a child process


def _settings(kind: str, content: Path, output: Path, cache: Path) -> dict:
    from pelican.settings import read_settings

    if kind == "production":
        path = ROOT / "publishconf.py"
    else:
        path = WORK / "plain_settings.py"
        path.write_text(PLAIN_SETTINGS, encoding="utf-8")
    override = {"PATH": str(content), "OUTPUT_PATH": str(output), "CACHE_PATH": str(cache)}
    return read_settings(str(path), override=override)


def child_build(kind: str, content: str, output: str, cache: str) -> None:
    import logging

    from pelican import Pelican
    from pelican.log import init as init_logging

    init_logging(logging.WARNING)
    profile_to = os.environ.get("BENCH_PROFILE")
    if not profile_to:
        Pelican(_settings(kind, Path(content), Path(output), Path(cache))).run()
        return
    import cProfile

    profiler = cProfile.Profile()
    profiler.enable()
    Pelican(_settings(kind, Path(content), Path(output), Path(cache))).run()
    profiler.disable()
    profiler.dump_stats(profile_to)


def time_shares(stats_file: Path) -> list[tuple[str, float]]:
    """Where a profiled build spent its time: Pelican's reading and writing, and each plugin
    handler called by a signal (cumulative seconds under the profiler, largest first)."""
    import pstats

    stats = pstats.Stats(str(stats_file)).stats  # type: ignore[attr-defined]
    shares: dict[str, float] = {}
    for (path, _line, name), (_cc, _nc, _tt, cumulative, callers) in stats.items():
        if path.endswith(os.path.join("pelican", "__init__.py")) and name == "run":
            shares["whole build (Pelican.run)"] = cumulative
        elif path.endswith(os.path.join("pelican", "generators.py")) and name in (
            "generate_context",
            "generate_output",
        ):
            phase = "reading (generate_context)" if name == "generate_context" else "writing"
            shares[f"Pelican {phase}"] = shares.get(f"Pelican {phase}", 0.0) + cumulative
        else:
            # A plugin handler: a function called by blinker's Signal.send.
            from_signal = sum(
                entry[3]
                for (caller_path, _l, caller), entry in callers.items()
                if caller == "send" and "blinker" in caller_path
            )
            plugin = f"{os.sep}plugins{os.sep}" in path and "granular_signals" not in path
            if from_signal and plugin:
                source = Path(path)
                module = source.parent.name if source.name == "__init__.py" else source.stem
                label = f"plugin {module}.{name}"
                shares[label] = shares.get(label, 0.0) + from_signal
    return sorted(shares.items(), key=lambda item: -item[1])


def timed_build(
    kind: str, content: Path, output: Path, cache: Path, log: Path, profile: Path | None = None
) -> tuple:
    """Build in a fresh child process; return (wall s, CPU s, peak MiB)."""
    shutil.rmtree(output, ignore_errors=True)
    command = [sys.executable, str(Path(__file__).resolve()), "_build", kind]
    command += [str(content), str(output), str(cache)]
    env = {**os.environ, "BENCH_PROFILE": str(profile)} if profile else None
    with log.open("wb") as handle:
        start = time.perf_counter()
        process = subprocess.Popen(
            command, stdout=handle, stderr=subprocess.STDOUT, cwd=ROOT, env=env
        )
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
        raise SystemExit(f"{kind} build of {content} failed ({log}):\n{tail}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024  # KiB -> MiB


# ---------------------------------------------------------------------------------------------
# Build times


def bench_size(size: int, say=print) -> list[Run]:
    base = WORK / f"n{size}"
    content = base / "content"
    corpus.generate(content, posts=size)
    shutil.rmtree(base / "cache-production", ignore_errors=True)
    shutil.rmtree(base / "cache-plain", ignore_errors=True)
    runs: list[Run] = []

    def build(step: str, kind: str) -> Run:
        before = set((base / f"cache-{kind}").glob("build-*"))
        seconds, cpu, peak = timed_build(
            kind,
            content,
            base / f"output-{kind}",
            base / f"cache-{kind}",
            base / f"{step}-{kind}.log",
        )
        new_key = bool(set((base / f"cache-{kind}").glob("build-*")) - before)
        run = Run(size, step, kind, seconds, cpu, peak, new_key and step != "cold")
        note = "  (cache key changed: content cache not reused)" if run.new_cache_key else ""
        say(f"  {size:>5} posts  {step:<8} {kind:<10} {seconds:7.1f} s wall "
            f"{cpu:7.1f} s CPU {peak:6.0f} MiB{note}")  # fmt: skip
        runs.append(run)
        return run

    build("full-1", "plain")
    build("cold", "production")
    build("full-2", "plain")
    build("warm", "production")
    corpus.edit_post(content, index=size // 2)
    build("rebuild", "plain")
    build("rebuild", "production")
    return runs


def profile_warm(size: int, say=print) -> list[tuple[str, float]]:
    """One more warm production build of the `size` corpus, under cProfile (not timed)."""
    base = WORK / f"n{size}"
    stats = base / "warm.prof"
    timed_build(
        "production",
        base / "content",
        base / "output-production",
        base / "cache-production",
        base / "profiled-production.log",
        profile=stats,
    )
    shares = time_shares(stats)
    for label, seconds in shares[:12]:
        say(f"  {seconds:7.1f} s  {label}")
    return shares


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


def _get(runs: list[Run], size: int, step: str, kind: str) -> Run:
    return next(r for r in runs if r.size == size and r.step == step and r.kind == kind)


def summarize(runs: list[Run]) -> dict:
    sizes = sorted({r.size for r in runs})
    out = {}
    for size in sizes:
        plain1, plain2 = _get(runs, size, "full-1", "plain"), _get(runs, size, "full-2", "plain")
        cold, warm = _get(runs, size, "cold", "production"), _get(runs, size, "warm", "production")
        plain_re = _get(runs, size, "rebuild", "plain")
        rebuild = _get(runs, size, "rebuild", "production")
        out[size] = {
            # Each production build against the plain build just before it.
            "cold_ratio": cold.seconds / plain1.seconds,
            "warm_ratio": warm.seconds / plain2.seconds,
            "rebuild_ratio_plain": rebuild.seconds / plain_re.seconds,
            "cold_ratio_cpu": cold.cpu_seconds / plain1.cpu_seconds,
            "warm_ratio_cpu": warm.cpu_seconds / plain2.cpu_seconds,
            "rebuild_of_cold": rebuild.seconds / cold.seconds,
            "rebuild_of_warm": rebuild.seconds / warm.seconds,
            "plain_per_1000": (plain1.seconds + plain2.seconds) / 2 / size * 1000,
            "warm_per_1000": warm.seconds / size * 1000,
            "cold_per_1000": cold.seconds / size * 1000,
        }
    return out


def draw_chart(runs: list[Run], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = sorted({r.size for r in runs})
    series = [
        ("plain Pelican (mean of its two full builds)", None, "plain", "o-", "#555555"),
        ("production, empty caches (clean clone)", "cold", "production", "s-", "#b3261e"),
        ("production, caches warm", "warm", "production", "^-", "#1f5fa8"),
        ("production rebuild after one edit", "rebuild", "production", "d--", "#2e7d32"),
    ]
    fig, ax = plt.subplots(figsize=(7, 4.2), dpi=120)
    for label, step, kind, style, color in series:
        if step is None:
            ys = [
                (_get(runs, n, "full-1", kind).seconds + _get(runs, n, "full-2", kind).seconds) / 2
                for n in sizes
            ]
        else:
            ys = [_get(runs, n, step, kind).seconds for n in sizes]
        ax.plot(sizes, ys, style, label=label, color=color)
    ax.set_xlabel("posts (N)")
    ax.set_ylabel("build time, wall seconds")
    ax.set_title("Build seconds against N (one run, builds alternating)")
    ax.set_xticks(sizes)
    ax.set_ylim(bottom=0)
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "**MISSED**"


def _commit() -> str:
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


def write_report(
    runs: list[Run],
    pages: list[dict],
    started: datetime,
    path: Path,
    shares: list[tuple[str, float]] | None = None,
    profile_size: int = 0,
) -> str:
    import pelican

    summary = summarize(runs)
    sizes = sorted(summary)
    lines = [
        "# Build benchmark and budgets",
        "",
        "Written by `invoke bench` (benchmarks/bench.py); do not edit by hand.",
        "",
        f"- Run: {started:%Y-%m-%d %H:%M} UTC, commit {_commit()}, Pelican {pelican.__version__},",
        f"  Python {platform.python_version()}, {os.cpu_count()} CPU cores"
        f" (load average at start {os.getloadavg()[0]:.1f}).",
        "- Corpus: benchmarks/corpus.py, N posts of 600-1,200 words (seed "
        f"{corpus.DEFAULT_SEED}). Each build in its own process, into an empty output folder.",
        "- Production = `publishconf.py` as it is; plain = Pelican's default theme, no plugins, "
        "no typogrify, default feeds. Builds alternate: plain, production with empty caches "
        "(a clean clone), plain, production with warm caches, then one post edited: plain, "
        "production rebuild.",
        "- Times are wall seconds on a shared 2-core machine; CPU seconds (process and its "
        "children) are less sensitive to other load. Ratios pair each production build with "
        "the plain build just before it.",
        "",
        "## Build times",
        "",
        "| N | step | build | wall s | CPU s | peak MiB |",
        "|--:|---|---|--:|--:|--:|",
    ]
    for run in runs:
        note = " (cache key changed: content cache not reused)" if run.new_cache_key else ""
        lines.append(
            f"| {run.size:,} | {run.step} | {run.kind}{note} | {run.seconds:.1f} | "
            f"{run.cpu_seconds:.1f} | {run.peak_mib:.0f} |"
        )
    lines += [
        "",
        f"![Build seconds against N]({path.parent.joinpath(CHART.name).name})",
        "",
        "## Ratios",
        "",
        "| N | production/plain, empty caches | production/plain, warm caches | "
        "same, CPU time (cold / warm) | rebuild after one edit / full build (cold / warm) |",
        "|--:|--:|--:|--:|--:|",
    ]
    for size in sizes:
        s = summary[size]
        lines.append(
            f"| {size:,} | {s['cold_ratio']:.2f}x | {s['warm_ratio']:.2f}x | "
            f"{s['cold_ratio_cpu']:.2f}x / {s['warm_ratio_cpu']:.2f}x | "
            f"{s['rebuild_of_cold']:.2f} / {s['rebuild_of_warm']:.2f} |"
        )
    lines += ["", "## Budgets", "", "| budget | limit | measured | verdict |", "|---|--:|--:|---|"]
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
    for size in sizes:
        s = summary[size]
        lines.append(
            f"| build time vs plain Pelican, N={size:,}, caches warm | "
            f"{BUILD_RATIO_MAX:.1f}x | {s['warm_ratio']:.2f}x "
            f"({s['warm_per_1000']:.1f} s vs {s['plain_per_1000']:.1f} s per 1,000 posts) | "
            f"{_verdict(s['warm_ratio'] <= BUILD_RATIO_MAX)} |"
        )
        lines.append(
            f"| build time vs plain Pelican, N={size:,}, empty caches (clean clone) | "
            f"{BUILD_RATIO_MAX:.1f}x | {s['cold_ratio']:.2f}x "
            f"({s['cold_per_1000']:.1f} s per 1,000 posts) | "
            f"{_verdict(s['cold_ratio'] <= BUILD_RATIO_MAX)} |"
        )
    if 1000 in summary:
        s = summary[1000]
        lines.append(
            f"| rebuild after one edit, N=1,000, / full build from a clean clone | "
            f"{REBUILD_FRACTION_MAX:.2f} | {s['rebuild_of_cold']:.2f} | "
            f"{_verdict(s['rebuild_of_cold'] <= REBUILD_FRACTION_MAX)} |"
        )
        lines.append(
            f"| rebuild after one edit, N=1,000, / full build with warm caches | "
            f"{REBUILD_FRACTION_MAX:.2f} | {s['rebuild_of_warm']:.2f} | "
            f"{_verdict(s['rebuild_of_warm'] <= REBUILD_FRACTION_MAX)} |"
        )
    if shares:
        lines += [
            "",
            f"## Where a warm production build spends its time (N={profile_size:,})",
            "",
            "One extra warm build under cProfile (which slows Python code, not the Pagefind "
            "binary or compression workers): Pelican's phases and each plugin handler a "
            "signal calls, cumulative seconds (they nest: handlers run inside the phases).",
            "",
            "| seconds | where |",
            "|--:|---|",
        ]
        lines += [f"| {seconds:.1f} | {label} |" for label, seconds in shares[:15]]
    lines += ["", "Requests counted per page (HTML, stylesheets, scripts, images, icons):", ""]
    for page in pages:
        lines.append(f"- {page['name']}: " + ", ".join(f"`{u}`" for u in page["request_urls"]))
    lines.append("")
    text = "\n".join(lines)
    path.write_text(text, encoding="utf-8")
    return text


def main(argv: list[str] | None = None) -> int:
    if argv and argv[0] == "_build":
        child_build(*argv[1:5])
        return 0
    parser = argparse.ArgumentParser(description="Benchmark the build against plain Pelican.")
    parser.add_argument("--sizes", default="1000,5000", help="comma-separated post counts")
    parser.add_argument("--report", type=Path, default=REPORT, help="Markdown report to write")
    parser.add_argument(
        "--profile-size", type=int, default=1000, help="profile a warm build of this size (0: no)"
    )
    args = parser.parse_args(argv)
    sizes = [int(s) for s in str(args.sizes).split(",") if s.strip()]
    WORK.mkdir(parents=True, exist_ok=True)
    started = datetime.now(UTC)
    runs: list[Run] = []
    for size in sizes:
        print(f"N = {size:,}: generating the corpus, then six builds")
        runs += bench_size(size)
    shares: list[tuple[str, float]] = []
    if args.profile_size in sizes:
        print(f"Where a warm production build of {args.profile_size:,} posts spends its time:")
        shares = profile_warm(args.profile_size)
    print("Page budgets (production build of content/):")
    pages = page_budgets()
    report = Path(args.report).resolve()
    draw_chart(runs, report.parent / CHART.name)
    write_report(runs, pages, started, report, shares, args.profile_size)
    (WORK / "results.json").write_text(
        json.dumps({"runs": [asdict(r) for r in runs], "pages": pages}, indent=2)
    )
    print("Ratios:")
    for size, s in summarize(runs).items():
        print(
            f"  N={size:>5}: production/plain {s['cold_ratio']:.2f}x empty caches, "
            f"{s['warm_ratio']:.2f}x warm (CPU {s['cold_ratio_cpu']:.2f}x / "
            f"{s['warm_ratio_cpu']:.2f}x); rebuild after one edit = "
            f"{s['rebuild_of_cold']:.2f} of a clean build, {s['rebuild_of_warm']:.2f} of a warm one"
        )
    print(f"Report: {report.relative_to(ROOT) if report.is_relative_to(ROOT) else report}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
