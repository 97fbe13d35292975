"""A save while the production build reads the posts is published by the next build
(blog/plugins/content_cache.py).

The race, made deterministic: each build runs in a child process (parallel_read.py forks only
a process without threads) with the production settings and Pelican's content cache; a hook
wraps the Markdown reader so that right after the first build has read `edited.md`, the file
is saved with a new summary, as an author's editor would, in the window between reading and
Pelican's hash of the file. With the posts read ahead on worker processes and without. The
next (warm) build must publish the new summary, as a cold build does.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from benchmarks import corpus

SCRIPT = """
import logging, sys
from pathlib import Path
from pelican import Pelican, signals
from pelican.log import init
from pelican.settings import read_settings

init(logging.WARNING)
content, output, cache, save, ahead = sys.argv[1:6]
edited = Path(content) / "edited.md"
new_text = edited.read_text(encoding="utf-8").replace("OLD SUMMARY", "NEW SUMMARY")

def save_after_reading(generator):
    readers = getattr(generator, "readers", None)
    reader = getattr(readers, "readers", {}).get("md")
    if reader is None or save != "save":
        return
    read = reader.read

    def read_then_save(path):
        result = read(path)
        if Path(path).name == "edited.md":
            edited.write_text(new_text, encoding="utf-8")  # the author saves now
        return result

    reader.read = read_then_save

signals.generator_init.connect(save_after_reading)
settings = read_settings("publishconf.py", override={
    "PATH": content, "OUTPUT_PATH": output, "CACHE_PATH": cache,
    "SITEURL": "http://127.0.0.1:9", "FEED_DOMAIN": "http://127.0.0.1:9",
    "SEARCH_INDEX": False, "SHARE_IMAGES": False, "READ_WORKERS": 2,
})
if ahead == "no-read-ahead":
    settings["PLUGINS"] = [p for p in settings["PLUGINS"] if not p.endswith("parallel_read")]
Pelican(settings).run()
"""

POST = (
    "Title: Edited while building\nDate: 2024-02-01 09:00\nCategory: Coping Skills\n"
    "Summary: OLD SUMMARY of the post.\n\nThe body stays the same.\n"
)


def build(base: Path, name: str, save: bool, ahead: str) -> str:
    """Build base/content into base/<name> with the shared cache; the edited post's page."""
    args = [str(base / "content"), str(base / name), str(base / "cache")]
    args += ["save" if save else "no", ahead]
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return (base / name / "edited-while-building" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("ahead", ["read-ahead", "no-read-ahead"])
def test_a_save_between_reading_and_hashing_is_published_next_time(tmp_path, ahead):
    corpus.generate(tmp_path / "content", posts=20)  # enough for parallel_read's pool
    (tmp_path / "content" / "edited.md").write_text(POST, encoding="utf-8")
    first = build(tmp_path, "first", save=True, ahead=ahead)
    # Read ahead, Pelican sees the saved file itself (its stamp changed since the cache was
    # asked) and publishes it now; read by Pelican, the page has what was read before the save.
    assert ("NEW SUMMARY" if ahead == "read-ahead" else "OLD SUMMARY") in first
    assert "NEW SUMMARY" in (tmp_path / "content" / "edited.md").read_text(encoding="utf-8")
    warm = build(tmp_path, "warm", save=False, ahead=ahead)
    assert "NEW SUMMARY" in warm and "OLD SUMMARY" not in warm
