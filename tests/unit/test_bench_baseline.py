"""benchmarks/baseline.py: the report says how far the harness's plain build is from the bare
`pelican` command's, and misses the 15% limit as a miss."""

from __future__ import annotations

import importlib

import pytest
from conftest import ROOT


@pytest.fixture
def baseline(monkeypatch: pytest.MonkeyPatch):
    # The bench's modules import each other as siblings, as `python benchmarks/bench.py` runs.
    monkeypatch.syspath_prepend(str(ROOT / "benchmarks"))
    return importlib.import_module("baseline")


def runs(bare: list[float], plain: list[float]):
    from measuring import Run

    made = [Run(1000, 1, "bare", "bare", s, s, 60.0, 0.1) for s in bare]
    return made + [Run(1000, 1, "full-1", "plain", s, s, 70.0, 0.1) for s in plain]


def test_a_close_baseline_is_met(baseline) -> None:
    lines = baseline.baseline_lines(runs([4.0, 4.2, 4.1], [4.4, 4.3, 4.5]), 1000)
    assert "| bare `pelican` command | 3 | 4.10 s | 4.10 s | 60 |" in lines
    assert "The harness's plain build is +7% against the bare command (limit ±15%): met." in lines


@pytest.mark.parametrize("plain", [[6.0, 6.1, 5.9], [3.0, 3.1, 2.9]])
def test_a_baseline_off_by_more_than_15_percent_is_a_miss(baseline, plain) -> None:
    (verdict,) = [line for line in baseline.baseline_lines(runs([4.0], plain), 1000) if "%" in line]
    assert verdict.endswith("MISSED.")


def test_no_bare_build_no_section(baseline) -> None:
    assert baseline.baseline_lines(runs([], [4.0]), 1000) == []
