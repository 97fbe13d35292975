"""`invoke livereload`: saving one post rewrites only that post's page and reloads the browser.

The test generates a deterministic corpus in a temp folder (LIVERELOAD_POSTS, default 100
posts of about 350 words), starts the real `invoke livereload` on it, opens one post in
Chromium (the page carries livereload's script), then saves the Markdown file several times.
Each save must reach the page the browser shows with no other file of the site rewritten:
that is what keeps a save quick at any site size. The seconds are printed (`-s`), not
asserted: a busy machine must not fail the suite; generous time-outs only. A broken save must
show its problem on that page, keep the server up, and a fixed save must bring the post back.
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from checkout import STARTED, stop_group
from conftest import ROOT

POSTS = int(os.environ.get("LIVERELOAD_POSTS", "100"))
EDITS = 3
TIMEOUT_MS = 60_000  # generous: the mechanism is tested here, the seconds are printed
WORDS = [
    "calm",
    "breath",
    "session",
    "therapist",
    "feeling",
    "patient",
    "week",
    "group",
    "skill",
    "routine",
    "morning",
    "support",
    "family",
    "trust",
    "progress",
    "worry",
    "sleep",
    "walk",
    "journal",
    "plan",
    "question",
    "answer",
]
CATEGORIES = ["Coping Skills", "Treatment Options", "Family", "Work", "Sleep"]


def write_corpus(folder: Path, count: int) -> None:
    """`count` posts with real front matter and a few paragraphs each; deterministic."""
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        words = [WORDS[(n * 7 + i * 3) % len(WORDS)] for i in range(350)]
        sentences = [" ".join(words[i : i + 14]).capitalize() + "." for i in range(0, 350, 14)]
        paragraphs = [" ".join(sentences[i : i + 5]) for i in range(0, len(sentences), 5)]
        body = "\n\n".join(paragraphs)
        (folder / f"post-{n:04d}.md").write_text(
            f"Title: Post number {n}\n"
            f"Date: 20{10 + n % 15:02d}-{1 + n % 12:02d}-{1 + n % 28:02d} 09:00\n"
            f"Category: {CATEGORIES[n % len(CATEGORIES)]}\n"
            f"Tags: {WORDS[n % len(WORDS)]}, {WORDS[(n + 5) % len(WORDS)]}\n"
            f"Slug: post-{n:04d}\n"
            f"Summary: Summary of post {n}.\n\n"
            f"## Part one\n\n{body}\n\nMARKER paragraph.\n",
            encoding="utf-8",
        )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path, Path]]:
    base = tmp_path_factory.mktemp("live")
    content, output = base / "content", base / "output"
    write_corpus(content, POSTS)
    port = free_port()
    log = (base / "server.log").open("w")
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "invoke", "livereload", "--port", str(port)),
            *("--content", str(content), "--output", str(output)),
        ],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # stop_group stops it and anything it started
    )
    STARTED.append(process)
    url = f"http://localhost:{port}"
    deadline = time.time() + 300
    try:
        while time.time() < deadline:
            assert process.poll() is None, (base / "server.log").read_text()
            try:
                with socket.create_connection(("localhost", port), timeout=1):
                    break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("livereload did not start")
        yield url, content, output, base / "server.log"
    finally:
        stop_group(process)
        log.close()


def save(path: Path, text: str) -> float:
    """Write like an editor does, and return the time the save finished."""
    path.write_text(text, encoding="utf-8")
    return time.perf_counter()


def written(output: Path) -> dict[Path, int]:
    """Every file of the site with the time it was last written."""
    return {path: path.stat().st_mtime_ns for path in output.rglob("*") if path.is_file()}


def test_a_save_rewrites_only_its_page_and_reloads_the_browser(browser, server) -> None:
    url, content, output, log = server
    page = browser.new_page()
    slug = f"post-{POSTS // 2:04d}"
    page.goto(f"{url}/{slug}/")
    page.wait_for_function("() => !!window.LiveReload", timeout=TIMEOUT_MS)
    source = content / f"{slug}.md"
    its_page = output / slug / "index.html"
    original = source.read_text("utf-8")
    times = []
    for edit in range(EDITS):
        before = written(output)
        # One word: typogrify joins a paragraph's last two words with a no-break space.
        token = f"edited{edit}zebra"
        saved = save(source, original.replace("MARKER paragraph.", f"An {token}."))
        page.wait_for_function(
            "t => document.body && document.body.innerText.includes(t)",
            arg=token,
            timeout=TIMEOUT_MS,
        )
        times.append(time.perf_counter() - saved)
        after = written(output)
        rewritten = sorted(str(p.relative_to(output)) for p in after if after[p] != before.get(p))
        assert rewritten == [str(its_page.relative_to(output))], (
            rewritten,
            log.read_text()[-3000:],
        )
    page.close()
    report = ", ".join(f"{t * 1000:.0f}" for t in times)
    print(
        f"\nedit-to-refresh at {POSTS} posts: median {statistics.median(times) * 1000:.0f} ms, "
        f"max {max(times) * 1000:.0f} ms ({report} ms)"
    )


def test_broken_edit_shows_the_error_and_keeps_serving(browser, server) -> None:
    url, content, _output, _log = server
    page = browser.new_page()
    page.goto(f"{url}/post-0042/")  # every corpus has it: at least 44 posts
    page.wait_for_function("() => !!window.LiveReload", timeout=TIMEOUT_MS)
    source = content / "post-0042.md"
    original = source.read_text("utf-8")
    broken = original.replace(original.splitlines()[1], "Date: 2026-02-30 09:00")
    save(source, broken)
    page.wait_for_function(
        "() => document.body && document.body.innerText.includes('not a valid date')",
        timeout=TIMEOUT_MS,
    )
    assert "post-0042.md:2" in page.inner_text("body")
    # Still serving: another page loads, and fixing the post brings it back.
    other = browser.new_page()
    assert other.goto(f"{url}/post-0043/").status == 200
    other.close()
    save(source, original.replace("MARKER paragraph.", "Now fixedagain."))
    page.wait_for_function(
        "() => document.body && document.body.innerText.includes('fixedagain')",
        timeout=TIMEOUT_MS,
    )
    save(source, original)
    page.close()


def test_preview_updates_in_process(tmp_path: Path) -> None:
    """The same preview without a browser: what each kind of save rewrites."""
    from blog import authoring, devserver

    content, output = tmp_path / "content", tmp_path / "output"
    write_corpus(content, 20)
    preview = devserver.LivePreview(lambda: authoring.live_settings(str(content), str(output)))
    assert preview.full_build()
    source = content / "post-0007.md"
    page = output / "post-0007" / "index.html"
    original = source.read_text("utf-8")

    source.write_text(original.replace("MARKER paragraph.", "Bodyonly edit."), "utf-8")
    before = (output / "index.html").stat().st_mtime_ns
    assert preview.changed([source]) == "page"
    assert "Bodyonly" in page.read_text("utf-8")
    assert (output / "index.html").stat().st_mtime_ns == before  # lists untouched

    renamed = original.replace("Title: Post number 7", "Title: Renamed seven today")
    source.write_text(renamed, "utf-8")
    assert preview.changed([source]) == "page+lists"
    assert "Renamed seven" in page.read_text("utf-8")
    assert preview.wait_for_full_build(120)  # the background build brings the lists up to date
    assert "Renamed seven" in (output / "archives" / "index.html").read_text("utf-8")

    source.write_text(original.replace("Date: ", "Date: 2026-02-30 x", 1), "utf-8")
    assert preview.changed([source]) == "error"
    assert "is not a valid date" in page.read_text("utf-8")

    (content / "brand-new.md").write_text(original.replace("post-0007", "brand-new"), "utf-8")
    assert preview.changed([content / "brand-new.md"]) == "full"
    assert preview.wait_for_full_build(120)
    assert (output / "brand-new" / "index.html").is_file()
