"""Real small disks for the fault tests: a 6 MB tmpfs mounted for one test (root, or
passwordless sudo; skipped locally without either, failed under CI=true), filled or made
read-only by the test. A pytest plugin: tests/conftest.py loads it, so any test can ask for
``small_disk``."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import require


def as_root(command: list[str]) -> list[str] | None:
    """`command` run as root: directly when we are root, else through passwordless sudo."""
    if os.geteuid() == 0:
        return command
    sudo = shutil.which("sudo")
    if sudo and subprocess.run([sudo, "-n", "true"], capture_output=True).returncode == 0:
        return [sudo, "-n", *command]
    return None


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 6 MB tmpfs, owned by us; unmounted afterwards."""
    folder = tmp_path / "disk"
    folder.mkdir()
    options = f"size=6m,uid={os.getuid()},gid={os.getgid()},mode=0755"
    mount = as_root(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)])
    require(mount is not None, "root or passwordless sudo (to mount a small tmpfs)")
    assert mount is not None
    if subprocess.run(mount, capture_output=True).returncode != 0:
        require(False, "permission to mount a tmpfs")
    try:
        yield folder
    finally:
        subprocess.run(as_root(["umount", "-l", str(folder)]), capture_output=True)


def fill(disk: Path, leave: int) -> None:
    """Fill the disk until only `leave` bytes are free."""
    stat = os.statvfs(disk)
    free = stat.f_bavail * stat.f_frsize
    with open(disk / "filler", "wb") as handle:
        handle.truncate(0)
        chunk = b"\0" * (1 << 20)
        remaining = free - leave
        while remaining > 0:
            handle.write(chunk[: min(len(chunk), remaining)])
            remaining -= len(chunk)


def make_read_only(disk: Path) -> None:
    remount = as_root(["mount", "-o", "remount,ro", str(disk)])
    assert remount is not None  # small_disk mounted it with the same rights
    subprocess.run(remount, check=True, capture_output=True)
