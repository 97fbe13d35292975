"""benchmarks/profiles.py: the report's host-profile table says what each profile's builds
measured, against the run's plain Pelican, and what each ships."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from conftest import ROOT


@pytest.fixture
def profiles(monkeypatch: pytest.MonkeyPatch):
    # The bench's modules import each other as siblings, as `python benchmarks/bench.py` runs.
    monkeypatch.syspath_prepend(str(ROOT / "benchmarks"))
    return importlib.import_module("profiles")


def test_each_profile_is_a_row_against_plain(profiles) -> None:
    from measuring import Run

    runs = [
        Run(1000, 1, "cold", "profile:github-pages", 6.0, 9.0, 150.0, 0.5),
        Run(1000, 1, "warm", "profile:github-pages", 4.0, 4.5, 140.0, 0.5),
        Run(1000, 1, "cold", "profile:nginx", 12.0, 30.0, 160.0, 0.5),
        Run(1000, 1, "warm", "profile:nginx", 4.4, 5.0, 145.0, 0.5),
    ]
    outputs = {"github-pages": (1200, 30_000_000), "nginx": (2800, 50_000_000)}
    lines = profiles.profile_lines(runs, 3.0, outputs)
    assert lines[0] == "## Host profiles side by side (1,000 posts, one build each)"
    assert (
        "| `github-pages` | 6.0 s | 2.00x | 9.0 s | 4.0 s | 1.33x | 150 | 1,200 | 30.0 |" in lines
    )
    assert "| `nginx` | 12.0 s | 4.00x | 30.0 s | 4.4 s | 1.47x | 160 | 2,800 | 50.0 |" in lines


def test_a_profile_without_both_builds_is_left_out(profiles) -> None:
    from measuring import Run

    runs = [Run(1000, 1, "cold", "profile:nginx", 12.0, 30.0, 160.0, 0.5)]
    lines = profiles.profile_lines(runs, 3.0, {"nginx": (1, 1)})
    assert not any(line.startswith("| `nginx`") for line in lines)
    assert profiles.profile_lines([], 3.0, {}) == []


def test_output_size_counts_every_file(profiles, tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_bytes(b"12345")
    (tmp_path / "index.html.br").write_bytes(b"123")
    assert profiles.output_size(tmp_path) == (2, 8)


def test_the_host_is_set_for_the_child_builds_and_restored(profiles, monkeypatch) -> None:
    import os

    monkeypatch.setenv("BENCH_HOST", "caddy")
    with profiles.host("github-pages"):
        assert os.environ["BENCH_HOST"] == "github-pages"
    assert os.environ["BENCH_HOST"] == "caddy"
    monkeypatch.delenv("BENCH_HOST")
    with profiles.host("nginx"):
        assert os.environ["BENCH_HOST"] == "nginx"
    assert "BENCH_HOST" not in os.environ
