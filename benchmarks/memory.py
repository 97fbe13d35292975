"""Memory beyond the build process: Pagefind indexing in a separate pass, after Pelican has
exited, measured against the production build that runs it concurrently.

The production build hands Pagefind each page as it is written (blog/plugins/search_index.py),
so the two processes hold their memory at the same time: the process tree's peak is about
their sum. Indexing after Pelican has exited would bound the tree by the larger of the two
instead. This measures that alternative rather than guessing it: the Pagefind binary the build
uses runs alone (``pagefind --site``) on the production output the last round left, and its
own peak (``ru_maxrss``) is set beside the build's own peak and the tree's concurrent peak.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from measuring import WORK, Run, run_alone

SEPARATE = "pagefind-alone"  # the Run kind of Pagefind's separate pass


def separate_pass(size: int, site: Path, language: str = "en") -> Run:
    """Pagefind alone on the finished `site`, into a scratch folder: wall and CPU seconds, its
    own peak MiB (the kernel's ru_maxrss, exact, not sampled)."""
    from pagefind.service import get_executable

    binary = get_executable()
    if binary is None:
        raise SystemExit("the Pagefind binary (pagefind[bin]) is not installed")
    scratch = WORK / f"n{size}" / "separate-pass"
    shutil.rmtree(scratch, ignore_errors=True)
    command = [str(binary), "--site", str(site), "--output-path", str(scratch)]
    command += ["--force-language", language, "--silent"]
    seconds, cpu, peak, load = run_alone(command, f"pagefind --site {site}")
    return Run(size, 1, "separate", SEPARATE, seconds, cpu, peak, load, own_mib=peak)


def separate_pass_lines(runs: list[Run]) -> list[str]:
    """The report's comparison: each size's cold production build (Pagefind concurrent) against
    the same build's own peak followed by Pagefind's separate pass."""
    rows = []
    for alone in (r for r in runs if r.kind == SEPARATE):
        cold = [r for r in runs if r.size == alone.size and r.kind == "production"]
        cold = [r for r in cold if r.step == "cold"] or cold
        if not cold:
            continue
        build = max(cold, key=lambda r: r.peak_mib)  # the largest concurrent tree of the size
        separate = max(build.own_mib, alone.own_mib)
        rows.append(
            f"| {alone.size:,} | {build.peak_mib:.0f} | {build.own_mib:.0f} | "
            f"{build.pagefind_mib:.0f} | {alone.own_mib:.0f} ({alone.seconds:.1f} s) | "
            f"{separate:.0f} | {separate - build.peak_mib:+.0f} |"
        )
    if not rows:
        return []
    return [
        "## Pagefind concurrent or in a separate pass",
        "",
        "The production build feeds Pagefind while Pelican writes: both processes hold their "
        "memory at once. Measured alternative: after the rounds, the same Pagefind binary "
        "indexes the last production output alone (`pagefind --site`), after Pelican has "
        "exited; that tree's peak is the larger of the build's own peak (which would be "
        "lower still without its side of the feed) and Pagefind's alone. MiB; the concurrent "
        "figures are the cold build with the largest tree peak of each size.",
        "",
        "| N | tree peak, concurrent | build process's own peak | Pagefind's own peak, "
        "concurrent | Pagefind alone, separate pass | tree peak, separate pass | change |",
        "|--:|--:|--:|--:|--:|--:|--:|",
        *rows,
        "",
    ]
