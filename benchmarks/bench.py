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

A benchmark, not a test: nothing here asserts; a missed target is reported as missed, and a
step that could not run (the `--before` commit, the cold build's steps) is listed first in the
report under "Steps that failed" and makes the exit status 1.

This file runs the steps; beside it, measuring.py measures one build (also the child
processes' `_build` entry point), cold_steps.py the cold build's parts, budgets.py the page
budgets and the output comparison, reporting.py the verdicts, the chart and the report.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

import corpus  # beside this script: Python puts benchmarks/ first on sys.path
from baseline import bare_build, baseline_lines
from budgets import compare_outputs, page_budgets
from cold_steps import cold_parts, measure_parts
from measuring import ROOT, WORK, Run, StepFailed, child_build, timed_build
from memory import separate_pass, separate_pass_lines
from profiles import bench_profiles, profile_lines
from reporting import CHART, draw_chart, summarize, write_report
from targets import target_rows

REPORT = ROOT / "benchmarks" / "report.md"
# The last commit before the build-speed work: `--before` builds it for the before/after table.
BEFORE = "4f4d01f"


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
                  measured.peak_parts, measured.own_mib, measured.pagefind_mib)  # fmt: skip
        note = "  (cache key changed: content cache not reused)" if run.new_cache_key else ""
        say(f"  {size:>6,} posts  round {number}  {step:<8} {kind:<10} {run.seconds:7.1f} s "
            f"wall {run.cpu_seconds:7.1f} s CPU {run.peak_mib:6.0f} MiB (own {run.own_mib:.0f}, "
            f"Pagefind {run.pagefind_mib:.0f})  load {run.load:4.1f}{note}")  # fmt: skip
        runs.append(run)
        return run

    for number in range(1, rounds + 1):
        shutil.rmtree(base / "cache-production", ignore_errors=True)  # a fresh clone
        build(number, "full-1", "plain")
        bare = bare_build(size, number, content, base / "output-bare")
        say(
            f"  {size:>6,} posts  round {number}  bare     pelican    {bare.seconds:7.1f} s "
            f"wall {bare.cpu_seconds:7.1f} s CPU {bare.peak_mib:6.0f} MiB  load {bare.load:4.1f}"
        )
        runs.append(bare)
        build(number, "cold", "production")
        build(number, "full-2", "plain")
        build(number, "warm", "production")
        corpus.edit_post(content, index=size // 2, note=f"Edited in round {number}")
        build(number, "rebuild", "plain")
        build(number, "rebuild", "production")
    alone = separate_pass(size, base / "output-production")
    say(f"  {size:>6,} posts  Pagefind alone on the last output: {alone.seconds:7.1f} s wall "
        f"{alone.own_mib:6.0f} MiB")  # fmt: skip
    runs.append(alone)
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
    main runs left it (same content as the last production rebuild). StepFailed when git
    cannot give that commit."""
    base = WORK / f"n{size}"
    tree = export_tree(rev, WORK / "before")
    if tree is None:
        raise StepFailed(f"commit {rev} is not available (git archive): no before/after comparison")
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


def checked_out_commit() -> str:
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
    commit = checked_out_commit()
    sizes = [int(s) for s in str(args.sizes).split(",") if s.strip()]
    WORK.mkdir(parents=True, exist_ok=True)
    started, load_start = datetime.now(UTC), os.getloadavg()[0]
    runs: list[Run] = []
    outputs = None
    failures: list[str] = []  # steps that could not run: reported, and the exit status is 1

    def attempt(step, *args):
        try:
            return step(*args)
        except StepFailed as failed:
            print(f"  FAILED: {failed}")
            failures.append(str(failed))
            return []

    compared = 1000 if 1000 in sizes else sizes[0]  # before/after and the cold steps
    for size in sizes:
        print(f"N = {size:,}: generating the corpus, then {args.rounds} rounds of six builds")
        runs += bench_size(size, args.rounds)
        if args.before and size == compared:
            print(f"N = {size:,}: production builds of commit {args.before}, cold and warm")
            before = attempt(bench_before, args.before, size)
            runs += before
            if before:
                base = WORK / f"n{size}"
                outputs = compare_outputs(base / "output-production", base / "output-before")
                outputs.update(rev=args.before, size=size)
    print(f"N = {compared:,}: the host profiles, a cold and a warm build each")
    profile_runs, profile_outputs = bench_profiles(compared)
    print(f"N = {compared:,}: the large steps of a cold build, each alone on one core")
    parts = attempt(cold_parts, compared)
    print("Page budgets (production build of content/):")
    pages = page_budgets()
    report = Path(args.report).resolve()
    report.parent.mkdir(parents=True, exist_ok=True)  # --report into a new folder
    summary = summarize(runs)
    draw_chart(summary, report.parent / CHART.name)
    loads = (load_start, os.getloadavg()[0])
    runs += profile_runs  # beside the rounds' runs: the targets read their cold builds
    write_report(
        runs, pages, started, report, args.rounds, outputs, compared, loads, parts,
        commit=commit, failures=failures,
        extra=[
            *baseline_lines(runs, compared),
            *separate_pass_lines(runs),
            *profile_lines(profile_runs, summary[compared]["plain"], profile_outputs),
        ],
    )  # fmt: skip
    (WORK / "results.json").write_text(
        json.dumps(
            {
                "runs": [asdict(r) for r in runs],
                "pages": pages,
                "outputs": outputs,
                "parts": parts,
                "profiles": profile_outputs,
            }
        )
    )
    print("Targets (medians):")
    for target, limit, measured, met in target_rows(summary, runs, compared):
        verdict = "REPORT" if met is None else "PASS  " if met else "MISSED"
        print(f"  {verdict} {target}: {measured} (limit {limit})")
    print(f"Report: {report.relative_to(ROOT) if report.is_relative_to(ROOT) else report}")
    for failure in failures:
        print(f"FAILED: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
