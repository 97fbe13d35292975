"""The benchmark's verdicts and report: medians per size, the targets, the chart and
benchmarks/report.md."""

from __future__ import annotations

import os
import platform
import statistics
from datetime import datetime
from pathlib import Path

import corpus
from budgets import PAGE_BYTES_MAX, PAGE_REQUESTS_MAX
from measuring import READING, ROOT, SAMPLE_SECONDS, WHOLE_BUILD, WRITING, Run
from targets import COLD_RATIO_MAX, MEMORY_RATIO_MAX, target_rows

CHART = ROOT / "benchmarks" / "build-time.png"


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
            "plain_own": med("plain", PLAIN_STEPS, "own_mib"),
        }
        for step in ("cold", "warm", "rebuild"):
            s[step] = med("production", (step,))
            s[f"{step}_cpu"] = med("production", (step,), "cpu_seconds")
            s[f"{step}_mib"] = med("production", (step,), "peak_mib")
            s[f"{step}_own"] = med("production", (step,), "own_mib")
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


def _verdict(ok: bool | None) -> str:
    if ok is None:
        return "reported"
    return "PASS" if ok else "**MISSED**"


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


def failed_lines(failures: list[str]) -> list[str]:
    """The report's section on steps that failed (none: no section)."""
    if not failures:
        return []
    lines = ["## Steps that failed", "", "Their figures are missing below; fix and run again.", ""]
    return [*lines, *(f"- **FAILED** {failure}" for failure in failures), ""]


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
    commit: str = "unknown",
    failures: list[str] | None = None,
    extra: list[str] | None = None,
) -> str:
    """benchmarks/report.md. `failures`: the steps that could not run, listed first (their
    tables are missing), so a partial report never reads as a whole one; `extra`: sections
    placed before the page budgets."""
    import pelican

    summary = summarize(runs)
    sizes = sorted(summary)
    rev = outputs["rev"] if outputs else None
    lines = [
        "# Build benchmark and budgets",
        "",
        "Written by `invoke bench` (benchmarks/bench.py); do not edit by hand.",
        "",
        f"- Run: {started:%Y-%m-%d %H:%M} UTC, commit {commit}, Pelican {pelican.__version__},",
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
        "it waited for (Pagefind, compression and drawing workers). Tree peak memory: the "
        "summed resident memory (VmRSS) of the build process and all its descendants, sampled "
        f"every {SAMPLE_SECONDS * 1000:.0f} ms (at least the largest process's ru_maxrss); an "
        "upper bound, since a page two processes share counts in each. Own peak: the build "
        "process's own ru_maxrss, read by that process at its end (what `/usr/bin/time` "
        "reports for `pelican` when no child of it grew larger); Pagefind's own peak: its "
        "VmHWM, read just before the build closes it. Neither is a sample.",
        "",
        *failed_lines(failures or []),
        "## Targets",
        "",
        "| target | limit | measured (medians) | verdict |",
        "|---|--:|--:|---|",
    ]
    for target, limit, measured, met in target_rows(summary, runs, profile_size):
        lines.append(f"| {target} | {limit} | {measured} | {_verdict(met)} |")
    lines += [
        "",
        "## Medians",
        "",
        "| N | build | wall s | CPU s | tree peak MiB | own peak MiB | wall s per 1,000 posts "
        "| / plain (wall, CPU) |",
        "|--:|---|--:|--:|--:|--:|--:|--:|",
    ]
    for size in sizes:
        s = summary[size]
        lines.append(
            f"| {size:,} | plain Pelican | {s['plain']:.1f} | {s['plain_cpu']:.1f} | "
            f"{s['plain_mib']:.0f} | {s['plain_own']:.0f} | {s['plain_per_1000']:.1f} | "
            "1.00x, 1.00x |"
        )
        for step, name in (
            ("cold", "production, empty caches"),
            ("warm", "production, caches warm"),
            ("rebuild", "production rebuild, one post edited"),
        ):
            lines.append(
                f"| {size:,} | {name} | {s[step]:.1f} | {s[f'{step}_cpu']:.1f} | "
                f"{s[f'{step}_mib']:.0f} | {s[f'{step}_own']:.0f} | "
                f"{s[f'{step}_per_1000']:.1f} | "
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
        # The search indexer's own peak, against plain Pelican's own.
        indexed = [
            r.pagefind_mib
            for r in runs
            if r.size == size and r.kind == "production" and r.pagefind_mib
        ]
        if indexed:
            indexer = statistics.median(indexed)
            plain, limit = summary[size]["plain_own"], MEMORY_RATIO_MAX
            lines.append(
                f"- N={size:,}: Pagefind's own peak is {indexer:.0f} MiB (median of the "
                f"{len(indexed)} production builds that ran it), {indexer / plain:.2f}x plain "
                f"Pelican's own peak ({plain:.0f} MiB); the {limit:.1f}x limit on the build "
                f"process's own peak is {limit * plain:.0f} MiB."
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
    lines += extra or []  # sections of other steps (the host profiles side by side)
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
        "| N | round | step | build | load before | wall s | CPU s | tree peak MiB | own peak "
        "MiB | Pagefind's own peak MiB |",
        "|--:|--:|---|---|--:|--:|--:|--:|--:|--:|",
    ]
    for run in runs:
        note = " (cache key changed: content cache not reused)" if run.new_cache_key else ""
        kind = f"commit {rev}" if run.kind == "before" else run.kind
        lines.append(
            f"| {run.size:,} | {run.round} | {run.step} | {kind}{note} | {run.load:.1f} | "
            f"{run.seconds:.1f} | {run.cpu_seconds:.1f} | {run.peak_mib:.0f} | "
            f"{run.own_mib:.0f} | {run.pagefind_mib:.0f} |"
        )
    lines.append("")
    text = "\n".join(lines)
    path.write_text(text, encoding="utf-8")
    return text
