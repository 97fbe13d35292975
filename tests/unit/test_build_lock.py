"""blog/build_lock.py: one build at a time per cache folder; a killed build's leftovers go."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from blog.build_lock import BuildLocked, build_lock, remove_leftovers


def test_a_second_holder_is_refused_with_the_first_ones_process(tmp_path: Path) -> None:
    with build_lock(tmp_path / "cache"):
        with pytest.raises(BuildLocked) as refused, build_lock(tmp_path / "cache"):
            pass
        assert str(refused.value) == (
            f"Another build is running in this folder (process {os.getpid()}); "
            "wait for it to finish, then build again."
        )
    with build_lock(tmp_path / "cache"):  # released when the block ends
        pass


def test_leftovers_of_a_killed_build_are_removed_and_nothing_else(tmp_path: Path) -> None:
    output, cache = tmp_path / "output", tmp_path / "cache"
    for folder in (".output-new-abc", ".output-old-def", ".other-new-x", "output", "cache/x"):
        (tmp_path / folder).mkdir(parents=True)
    (cache / "x" / "half.png.tmp").write_bytes(b"half")
    (cache / "x" / "whole.png").write_bytes(b"whole")
    removed = remove_leftovers(output, cache)
    assert sorted(p.name for p in removed) == [".output-new-abc", ".output-old-def", "half.png.tmp"]
    left = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*"))
    assert left == [".other-new-x", "cache", "cache/x", "cache/x/whole.png", "output"]
