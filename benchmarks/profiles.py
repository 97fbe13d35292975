"""The host profiles side by side (blog/hosting/): a cold, then a warm, production build of the
same corpus for `github-pages` (the default: no precompressed copies) and `nginx` (with the
`.br`/`.gz` copies), in the same run as the rounds, so that run's plain Pelican is the baseline
of both. One build of each: read them beside the rounds' medians, on a quiet machine.
"""

from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from pathlib import Path

from measuring import WORK, Run, timed_build

PROFILES = ("github-pages", "nginx")


@contextmanager
def host(name: str):
    """BENCH_HOST for the child builds started inside (measuring.build_settings reads it)."""
    before = os.environ.get("BENCH_HOST")
    os.environ["BENCH_HOST"] = name
    try:
        yield
    finally:
        if before is None:
            del os.environ["BENCH_HOST"]
        else:
            os.environ["BENCH_HOST"] = before


def output_size(folder: Path) -> tuple[int, int]:
    """Files and bytes a host receives."""
    files = [path for path in folder.rglob("*") if path.is_file()]
    return len(files), sum(path.stat().st_size for path in files)


def bench_profiles(size: int, say=print) -> tuple[list[Run], dict[str, tuple[int, int]]]:
    """Cold then warm production builds of each profile on the `size` corpus as the rounds
    left it; the runs (kind ``profile:NAME``) and each profile's output (files, bytes)."""
    base = WORK / f"n{size}"
    runs: list[Run] = []
    outputs: dict[str, tuple[int, int]] = {}
    for name in PROFILES:
        cache, output = base / f"cache-{name}", base / f"output-{name}"
        shutil.rmtree(cache, ignore_errors=True)  # cold: a fresh clone
        for step in ("cold", "warm"):
            with host(name):
                measured = timed_build(
                    "production", base / "content", output, cache, base / f"{step}-{name}.log"
                )
            runs.append(Run(size, 1, step, f"profile:{name}", measured.seconds,
                            measured.cpu_seconds, measured.peak_mib, measured.load,
                            own_mib=measured.own_mib,
                            pagefind_mib=measured.pagefind_mib))  # fmt: skip
            say(f"  {size:>6,} posts  {name:<12} {step:<5} {measured.seconds:7.1f} s wall "
                f"{measured.cpu_seconds:7.1f} s CPU {measured.peak_mib:6.0f} MiB  "
                f"load {measured.load:4.1f}")  # fmt: skip
        outputs[name] = output_size(output)
    return runs, outputs


def profile_lines(runs: list[Run], plain: float, outputs: dict[str, tuple[int, int]]) -> list[str]:
    """The report's table: each profile's cold and warm build against this run's plain median."""
    if not outputs:
        return []
    size = runs[0].size
    lines = [
        f"## Host profiles side by side ({size:,} posts, one build each)",
        "",
        f"Plain Pelican's median in this run: {plain:.1f} s. `github-pages` is the default "
        "profile (no precompressed copies); `nginx` adds a `.br` and a `.gz` copy of every text "
        "file (as do `apache` and `caddy`).",
        "",
        "| profile | cold | cold / plain | cold CPU | warm | warm / plain | peak MiB | files "
        "| MB |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for name in PROFILES:
        built = {r.step: r for r in runs if r.kind == f"profile:{name}"}
        if name not in outputs or set(built) != {"cold", "warm"}:
            continue
        cold, warm = built["cold"], built["warm"]
        files, size_bytes = outputs[name]
        lines.append(
            f"| `{name}` | {cold.seconds:.1f} s | {cold.seconds / plain:.2f}x | "
            f"{cold.cpu_seconds:.1f} s | {warm.seconds:.1f} s | {warm.seconds / plain:.2f}x | "
            f"{max(cold.peak_mib, warm.peak_mib):.0f} | {files:,} | {size_bytes / 1e6:.1f} |"
        )
    return [*lines, ""]
