"""Faults around a build, through the real `invoke` commands in a copy of the project:

* `invoke build` prints every problem, as `invoke livereload` does (a broken post never
  disappears silently);
* the published output is readable by a web server running as another user (checked with a
  real HTTP server run as ``nobody``), also after the atomic swap;
* two builds at once: the second refuses with one sentence; a build killed with ``kill -9``
  leaves no worker process behind, and the next build removes what it left;
* a full disk or a read-only output folder: one sentence, no traceback, the previous output
  intact (a real tmpfs, mounted small or read-only).

Switching user and mounting need root (or passwordless sudo, as on CI runners); without
either, those tests skip locally and fail under CI=true (`require`).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from checkout import (
    BROKEN,
    BROKEN_LINE,
    GOOD_PAGE,
    GOOD_TEXT,
    invoke,
    live_descendants,
    make_checkout,
    output_of,
    start_invoke,
)
from conftest import ROOT, indexed_urls, require
from disks import as_root, fill, make_read_only


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    return {
        path.relative_to(folder).as_posix(): (
            hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "dir",
            path.stat().st_mode,
        )
        for path in sorted([folder, *folder.rglob("*")])
    }


def corpus(checkout: Path, posts: int) -> None:
    """`posts` generated posts (benchmarks/corpus.py) as the checkout's content folder."""
    script = ROOT / "benchmarks" / "corpus.py"
    command = [sys.executable, str(script), str(checkout / "content"), "--posts", str(posts)]
    subprocess.run(command, check=True, capture_output=True)


# 7. `invoke build` prints what went wrong ------------------------------------------------


def test_invoke_build_prints_every_problem(tmp_path: Path) -> None:
    checkout = make_checkout(tmp_path, {"broken.md": BROKEN})
    result = invoke(checkout, "build")
    out = output_of(result)
    assert result.returncode == 0, out
    assert out.count(BROKEN_LINE) == 1, out
    assert "Traceback" not in out
    assert GOOD_TEXT in (checkout / "output" / GOOD_PAGE).read_text("utf-8")
    assert not (checkout / "output" / "broken-date").exists()


# 8. Readable by a web server running as another user -------------------------------------


@pytest.fixture
def shared_folder() -> Iterator[Path]:
    """A folder every user may enter (pytest's own temporary folders are private, 0700)."""
    folder = Path(tempfile.mkdtemp(prefix="blog-shared-", dir="/tmp"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def modes(folder: Path) -> set[tuple[str, int]]:
    return {
        ("dir" if path.is_dir() else "file", path.stat().st_mode & 0o7777)
        for path in [folder, *folder.rglob("*")]
        if not path.is_symlink()
    }


def test_published_output_is_served_to_another_user(shared_folder: Path) -> None:
    checkout = make_checkout(shared_folder, {})
    # The system's Python: the project's virtual environment may be out of nobody's reach.
    python = shutil.which("python3", path="/usr/bin:/bin")
    server_command = [
        *("runuser", "-u", "nobody", "--"),
        *(str(python), "-m", "http.server", "--bind", "127.0.0.1"),
    ]
    command = as_root(server_command)
    usable = command is not None and python is not None and shutil.which("runuser") is not None
    require(usable, "root (or passwordless sudo), runuser and /usr/bin/python3")
    for build in ("first", "second"):  # the second build replaces the first (atomic swap)
        result = invoke(checkout, "preview", umask=0o077)  # a private umask, on purpose
        assert result.returncode == 0, output_of(result)
        output = checkout / "output"
        assert modes(output) == {("dir", 0o755), ("file", 0o644)}, build
    port = free_port()
    server = subprocess.Popen(
        [*command, str(port), "--directory", str(output)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        paths = ["", "calm-breathing/", "feeds/all.atom.xml", "theme/js/search.js"]
        paths += ["pagefind/pagefind.js", "calm-breathing/share.png", "sitemap.xml"]
        for path in paths:
            url = f"http://127.0.0.1:{port}/{path}"
            for _attempt in range(50):
                try:
                    with urllib.request.urlopen(url, timeout=5) as response:
                        assert response.status == 200, url
                        assert response.read(), url
                    break
                except ConnectionRefusedError:
                    time.sleep(0.1)
                except urllib.error.URLError as error:
                    if isinstance(error.reason, ConnectionRefusedError):
                        time.sleep(0.1)
                        continue
                    raise AssertionError(f"{url}: {error}") from None
            else:
                pytest.fail(f"the server as nobody never answered on {url}")
    finally:
        server.terminate()
        server.wait(10)


# 9. Two builds at once; a killed build --------------------------------------------------


def _wait_for(predicate, timeout: float, step: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return False


def test_a_second_build_refuses_while_one_runs(tmp_path: Path) -> None:
    checkout = make_checkout(tmp_path, {})
    corpus(checkout, 20)
    lock = checkout / "cache" / "build.lock"
    first = start_invoke(checkout, "preview")
    try:

        def held() -> bool:
            return lock.exists() and lock.read_text().strip() == str(first.pid)

        assert _wait_for(held, 60, 0.005)
        # Freeze the first build (its whole process group) while it holds the lock, so the
        # second build meets it however fast the first would finish on a quiet machine.
        os.killpg(first.pid, signal.SIGSTOP)
        sentence = (
            f"Another build is running in this folder (process {first.pid}); "
            "wait for it to finish, then build again."
        )
        for command in ("preview", "build"):
            second = invoke(checkout, command)
            assert second.returncode == 1, output_of(second)
            assert second.stderr.strip() == sentence
            assert second.stdout == ""
        assert first.poll() is None, "the first build was still running"
    finally:
        os.killpg(first.pid, signal.SIGCONT)
        stdout, stderr = first.communicate(timeout=600)
    assert first.returncode == 0, stdout + stderr
    # Its search index is whole: every file of the bundle has bytes, and it lists the posts.
    bundle = checkout / "output" / "pagefind"
    files = [p for p in bundle.rglob("*") if p.is_file()]
    assert files and all(p.stat().st_size > 0 for p in files)
    assert (bundle / "pagefind-entry.json").read_text("utf-8").count('"page_count":') == 1


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] != "Z"


def test_a_killed_build_leaves_no_worker_and_the_next_one_cleans_up(tmp_path: Path) -> None:
    checkout = make_checkout(tmp_path, {})
    corpus(checkout, 24)  # more than share_image's pool threshold: worker processes draw
    build = start_invoke(checkout, "preview", output=subprocess.DEVNULL)
    seen: set[int] = set()
    assert _wait_for(lambda: bool(seen.update(live_descendants(build.pid)) or seen), 120, 0.01), (
        "the build started no worker process to test with"
    )
    os.kill(build.pid, signal.SIGKILL)
    build.wait()
    try:
        assert _wait_for(lambda: not any(_alive(pid) for pid in seen), 10), "workers outlived it"
    finally:  # a failing check must not leave them running either
        for pid in seen:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
    assert list(checkout.glob(".output-new-*")), "the killed build left its folder (the setup)"
    # What a killed build leaves: its fresh folder, and temporary files in the cache.
    (checkout / ".output-old-x").mkdir()
    stale = checkout / "cache" / "share-images" / "0123456789abcdef01234567.tmp"
    stale.parent.mkdir(parents=True, exist_ok=True)
    stale.write_bytes(b"half an image")
    result = invoke(checkout, "preview")
    assert result.returncode == 0, output_of(result)
    assert sorted(p.name for p in checkout.iterdir() if p.name.startswith(".")) == []
    assert list((checkout / "cache").rglob("*.tmp")) == []
    assert (checkout / "output" / "index.html").is_file()


# 10. A full disk, a read-only output folder ------------------------------------------------


def _previous_output(disk: Path) -> Path:
    output = disk / "output"
    output.mkdir()
    (output / "index.html").write_text("the previous, good site\n", "utf-8")
    (output / "about").mkdir()
    (output / "about" / "index.html").write_text("about\n", "utf-8")
    return output


SENTENCE = re.compile(
    r"The build stopped: (?P<reason>[^;]+) at (?P<path>\S+); (?P<output>\S+) "
    r"(?P<state>is unchanged|may be incomplete)\. Fix that and build again\."
)


@pytest.mark.parametrize("command", ["preview", "build"])
def test_a_full_disk_is_one_sentence_and_the_previous_output_stays(
    tmp_path: Path, small_disk: Path, command: str
) -> None:
    checkout = make_checkout(tmp_path, {})
    corpus(checkout, 30)
    output = _previous_output(small_disk)
    before = snapshot(output)
    fill(small_disk, 200_000)
    result = invoke(checkout, command, "--output", str(output))
    out = output_of(result)
    assert result.returncode == 1, out
    assert "Traceback" not in out, out
    last = result.stderr.strip().splitlines()[-1]
    match = SENTENCE.fullmatch(last)
    assert match, last
    assert match["reason"] == "the disk is full"
    assert match["path"].startswith(str(small_disk)), "names the file it could not write"
    assert match["output"] == str(output)
    # Both builds are atomic: the local one too (it swaps its output in whole, so a removed
    # post's page goes with it), so neither leaves a half-written output.
    assert match["state"] == "is unchanged"
    assert snapshot(output) == before
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler", "output"]


@pytest.mark.parametrize("command", ["preview", "build"])
def test_a_read_only_output_is_one_sentence_and_the_previous_output_stays(
    tmp_path: Path, small_disk: Path, command: str
) -> None:
    checkout = make_checkout(tmp_path, {})
    output = _previous_output(small_disk)
    before = snapshot(output)
    make_read_only(small_disk)
    result = invoke(checkout, command, "--output", str(output))
    out = output_of(result)
    assert result.returncode == 1, out
    assert "Traceback" not in out, out
    match = SENTENCE.fullmatch(result.stderr.strip().splitlines()[-1])
    assert match, out
    assert match["reason"] == "the file system is read-only"
    assert snapshot(output) == before


# A removed post leaves the local build ----------------------------------------------------

REMOVED = (
    "Title: Gone tomorrow\nDate: 2026-01-05 09:00\nCategory: Coping Skills\n"
    "Summary: A post its author removes.\n\nThe word zephyrquill is only here.\n"
)


def test_a_removed_post_leaves_the_local_build_and_its_search(tmp_path: Path) -> None:

    checkout = make_checkout(tmp_path, {"gone-tomorrow.md": REMOVED})
    output = checkout / "output"
    first = invoke(checkout, "build")
    assert first.returncode == 0, output_of(first)
    assert (output / "gone-tomorrow" / "index.html").exists()
    assert any("gone-tomorrow" in url for url in indexed_urls(output))
    (checkout / "content" / "gone-tomorrow.md").unlink()
    again = invoke(checkout, "build")
    assert again.returncode == 0, output_of(again)
    assert not (output / "gone-tomorrow").exists()
    assert GOOD_TEXT in (output / GOOD_PAGE).read_text("utf-8")
    assert not any("gone-tomorrow" in url for url in indexed_urls(output))
    for path in output.rglob("*"):  # no list, feed or sitemap names it either
        if path.is_file() and path.suffix in {".html", ".xml", ".json"}:
            assert "zephyrquill" not in path.read_text("utf-8", "replace"), path
            assert "gone-tomorrow" not in path.read_text("utf-8", "replace"), path
