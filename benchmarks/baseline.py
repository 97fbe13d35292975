"""The baseline checked against itself: plain Pelican built by the bare `pelican` command, as a
person times it, beside the harness's own plain build of the same corpus in the same run.

The harness's plain build (measuring.timed_build) runs `bench.py _build plain` in a child
process while this process samples the child's memory every 20 ms. The bare build runs
`python -m pelican CONTENT -o OUTPUT -s plain_settings.py -q` with nothing sampled (its peak
memory is the kernel's `ru_maxrss`), so the two differ only by the harness. Every ratio of the
report divides by the harness's plain build: the report shows how far that is from the bare
command, so a slow harness baseline cannot flatter the ratios unseen.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from statistics import median

from measuring import PLAIN_SETTINGS, WORK, Run, run_alone

#: The harness's plain build may differ from the bare command's by at most this share.
BASELINE_TOLERANCE = 0.15


def bare_build(size: int, number: int, content: Path, output: Path) -> Run:
    """Plain Pelican by its own command line; wall and CPU seconds, ``ru_maxrss``."""
    settings = WORK / "plain_settings.py"
    settings.write_text(PLAIN_SETTINGS, encoding="utf-8")
    shutil.rmtree(output, ignore_errors=True)
    command = [sys.executable, "-m", "pelican", str(content), "-o", str(output)]
    command += ["-s", str(settings), "-q"]
    seconds, cpu, peak, load = run_alone(command, f"bare pelican build of {content}")
    return Run(size, number, "bare", "bare", seconds, cpu, peak, load, own_mib=peak)


def baseline_lines(runs: list[Run], size: int) -> list[str]:
    """The report's check of the baseline at `size`: medians of both, and the verdict."""
    bare = [r for r in runs if r.kind == "bare" and r.size == size]
    harness = [r for r in runs if r.kind == "plain" and r.size == size]
    if not bare or not harness:
        return []
    bare_s, harness_s = median(r.seconds for r in bare), median(r.seconds for r in harness)
    gap = harness_s / bare_s - 1
    verdict = "met" if abs(gap) <= BASELINE_TOLERANCE else "MISSED"
    return [
        f"## The baseline ({size:,} posts)",
        "",
        "| plain Pelican | builds | median wall | median CPU | peak MiB |",
        "|---|--:|--:|--:|--:|",
        f"| bare `pelican` command | {len(bare)} | {bare_s:.2f} s | "
        f"{median(r.cpu_seconds for r in bare):.2f} s | {max(r.peak_mib for r in bare):.0f} |",
        f"| the harness's plain build | {len(harness)} | {harness_s:.2f} s | "
        f"{median(r.cpu_seconds for r in harness):.2f} s | "
        f"{max(r.peak_mib for r in harness):.0f} |",
        "",
        f"The harness's plain build is {gap:+.0%} against the bare command "
        f"(limit ±{BASELINE_TOLERANCE:.0%}): {verdict}.",
        "",
    ]
