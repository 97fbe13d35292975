"""The build-cost targets the report checks, each with its limit, the measured figure and a
verdict (a miss is reported as a miss; a figure with no limit is reported as such)."""

from __future__ import annotations

import statistics

from baseline import BASELINE_TOLERANCE
from measuring import Run
from memory import SEPARATE

# Each judged on the medians of one run. Never loosened.
WARM_RATIO_MAX = 1.3  # production build, caches warm, nothing changed / plain Pelican
REBUILD_RATIO_MAX = 1.6  # production rebuild after editing one post / plain Pelican
COLD_RATIO_MAX = 3.0  # `github-pages` profile, empty caches (a fresh clone) / plain Pelican
MEMORY_RATIO_MAX = 2.0  # the build process's own peak / plain Pelican's, N=1,000 and 5,000
MEMORY_SIZES = (1000, 5000)
STEPS = ("cold", "warm", "rebuild")

Row = tuple[str, str, str, bool | None]


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def baseline_row(runs: list[Run], size: int) -> Row | None:
    bare = [r.seconds for r in runs if r.kind == "bare" and r.size == size]
    plain = [r.seconds for r in runs if r.kind == "plain" and r.size == size]
    if not bare or not plain:
        return None
    gap = _median(plain) / _median(bare) - 1
    return (
        f"1. harness's plain build against the bare `pelican` command, N={size:,}",
        f"±{BASELINE_TOLERANCE:.0%}",
        f"{gap:+.0%} ({_median(plain):.1f} s vs {_median(bare):.1f} s)",
        abs(gap) <= BASELINE_TOLERANCE,
    )


def ratio_rows(summary: dict) -> list[Row]:
    """2. and 3.: the warm build and the rebuild after one edit against plain, every size."""
    rows: list[Row] = []
    for number, step, name, limit in (
        (2, "warm", "warm build, nothing changed", WARM_RATIO_MAX),
        (3, "rebuild", "rebuild after editing one post", REBUILD_RATIO_MAX),
    ):
        for size, s in sorted(summary.items()):
            ratio = s[f"{step}_ratio"]
            rows.append(
                (
                    f"{number}. {name} / plain Pelican, N={size:,}",
                    f"{limit:.1f}x",
                    f"{ratio:.2f}x ({s[step]:.1f} s vs {s['plain']:.1f} s)",
                    ratio <= limit,
                )
            )
    return rows


def cold_rows(summary: dict, runs: list[Run], size: int) -> list[Row]:
    """4.: the `github-pages` profile's cold build against plain; `nginx`'s beside it."""
    rows: list[Row] = []
    if size not in summary:
        return rows
    plain = summary[size]["plain"]
    for name, limit in (("github-pages", COLD_RATIO_MAX), ("nginx", None)):
        cold = [r.seconds for r in runs if r.kind == f"profile:{name}" and r.step == "cold"]
        if not cold:
            continue
        ratio = _median(cold) / plain
        rows.append(
            (
                f"4. cold build (empty caches), `{name}` profile / plain Pelican, N={size:,}",
                f"{limit:.1f}x" if limit else "reported",
                f"{ratio:.2f}x ({_median(cold):.1f} s vs {plain:.1f} s)",
                ratio <= limit if limit else None,
            )
        )
    return rows


def memory_rows(summary: dict, runs: list[Run]) -> list[Row]:
    """5.: the build process's own peak (not its children's) against plain Pelican's, cold,
    warm and rebuild; Pagefind's own peak, and the tree's peak with Pagefind in a separate pass
    against concurrent, on their own lines."""
    rows: list[Row] = []
    for size in MEMORY_SIZES:
        if size not in summary:
            continue
        s = summary[size]
        plain = s["plain_own"]
        worst = max(s[f"{step}_own"] for step in STEPS)
        rows.append(
            (
                f"5. build process's own peak / plain Pelican's, N={size:,}",
                f"{MEMORY_RATIO_MAX:.1f}x",
                f"{worst / plain:.2f}x (cold {s['cold_own']:.0f}, warm {s['warm_own']:.0f}, "
                f"rebuild {s['rebuild_own']:.0f} MiB vs plain {plain:.0f} MiB)",
                worst <= MEMORY_RATIO_MAX * plain,
            )
        )
    for size in sorted(summary):
        indexed = [
            r.pagefind_mib
            for r in runs
            if r.size == size and r.kind == "production" and r.pagefind_mib
        ]
        if indexed:
            rows.append(
                (
                    f"5. Pagefind's own peak (its process), N={size:,}",
                    "reported",
                    f"{_median(indexed):.0f} MiB (median of {len(indexed)} builds that ran it)",
                    None,
                )
            )
        alone = [r for r in runs if r.size == size and r.kind == SEPARATE]
        cold = [r for r in runs if r.size == size and r.kind == "production" and r.step == "cold"]
        if alone and cold:
            concurrent = _median([r.peak_mib for r in cold])
            separate = max(summary[size]["cold_own"], alone[0].own_mib)
            rows.append(
                (
                    f"5. tree's peak, Pagefind in a separate pass / concurrent, N={size:,}",
                    "reported",
                    f"{separate:.0f} MiB vs {concurrent:.0f} MiB (Pagefind alone "
                    f"{alone[0].own_mib:.0f} MiB)",
                    None,
                )
            )
    return rows


def target_rows(summary: dict, runs: list[Run], compared: int = 1000) -> list[Row]:
    """(target, limit, measured, met) for each target this run measured; met is None for a
    figure the targets ask to see reported, with no limit of its own."""
    rows: list[Row] = []
    if row := baseline_row(runs, compared):
        rows.append(row)
    rows += ratio_rows(summary)
    rows += cold_rows(summary, runs, compared)
    rows += memory_rows(summary, runs)
    return rows
