"""blog/plugins/parallel_read.py: reading ahead in worker processes changes nothing.

Each build runs in a child process (a test session runs threads, and the plugin forks only a
process that runs none): the same generated corpus plus posts that cannot be read or that make
the reader warn, built with empty caches with the plugin and without it. The output and what
the build says about the bad posts must be the same; the plugin must really have read ahead.
The share images (drawn by forked workers, some posts sharing a title) are compared too.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from benchmarks import corpus

SCRIPT = """
import json, logging, sys
from pelican import Pelican
from pelican.log import init
from pelican.settings import read_settings
from blog.plugins import parallel_read

init(logging.WARNING)

content, output, cache, listed = sys.argv[1:5]
settings = read_settings("publishconf.py", override={
    "PATH": content, "OUTPUT_PATH": output, "CACHE_PATH": cache,
    "SITEURL": "http://127.0.0.1:9", "FEED_DOMAIN": "http://127.0.0.1:9",
    "STRICT": False, "SEARCH_INDEX": False,
})
if listed == "without":
    settings["PLUGINS"] = [p for p in settings["PLUGINS"] if p != parallel_read.__name__]
Pelican(settings).run()
print(json.dumps({"read": parallel_read.state.read, "missing": parallel_read.state.missing}))
"""

BAD = {
    # The reader raises: Pelican must report it as it does without the plugin.
    "posts/bad-date.md": "Title: Bad date\nDate: 2024-13-45\n\nBody text.\n",
    # The reader warns and goes on: Pelican's own process must say it, once.
    "posts/two-categories.md": (
        "Title: Two categories\nCategory: Recovery\nCategory: Self-Care\nDate: 2024-01-02\n\n"
        "Body text.\n"
    ),
}


def _build(content: Path, base: Path, listed: str) -> tuple[dict, str]:
    output, cache = base / f"output-{listed}", base / f"cache-{listed}"
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(content), str(output), str(cache), listed],
        cwd=ROOT,
        # Pelican's console wraps at the terminal's width: a long temp path (pytest-xdist's
        # worker folders) would split a file name over two lines.
        env={**os.environ, "COLUMNS": "1000"},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    counts = json.loads(result.stdout.strip().splitlines()[-1])
    return counts, result.stdout + result.stderr


def _texts(output: Path) -> dict[str, bytes]:
    return {
        path.relative_to(output).as_posix(): path.read_bytes()
        for path in sorted(output.rglob("*"))
        if path.is_file() and path.suffix in {".html", ".xml", ".txt", ".png"}
    }


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict:
    base = tmp_path_factory.mktemp("parallel-read")
    content = base / "content"
    corpus.generate(content, posts=40)
    (content / "posts" / "latin-1.md").write_bytes(
        "Title: Caf\xe9\nDate: 2024-01-03\n\nCaf\xe9 au lait.\n".encode("latin-1")
    )
    for relative, text in BAD.items():
        (content / relative).write_text(text, encoding="utf-8")
    found = {}
    for listed in ("with", "without"):
        counts, log = _build(content, base, listed)
        found[listed] = {"counts": counts, "log": log, "texts": _texts(base / f"output-{listed}")}
    return found


def test_the_plugin_read_ahead(builds) -> None:
    counts = builds["with"]["counts"]
    assert counts["missing"] == 44, counts  # 40 posts, the 3 bad ones and pages/about.md
    assert counts["read"] == 40, counts  # not the bad posts, nor one page (too few for a pool)


def test_a_warning_is_said_once(builds) -> None:
    log = builds["with"]["log"]
    assert log.count("Category is given 2 times") == 1, log  # the linter's word for it


def test_output_is_the_same(builds) -> None:
    with_plugin, without = builds["with"]["texts"], builds["without"]["texts"]
    assert len(without) > 40 and sorted(with_plugin) == sorted(without)
    assert [name for name in without if with_plugin[name] != without[name]] == []


@pytest.mark.parametrize("name", ["bad-date.md", "two-categories.md", "latin-1.md"])
def test_bad_posts_are_reported_as_without_it(builds, name: str) -> None:
    def mentions(log: str) -> list[str]:
        lines = (re.sub(r"\[\d\d:\d\d:\d\d\]", "", line) for line in log.splitlines())
        return sorted(re.sub(r"\s+", " ", line).strip() for line in lines if name in line)

    assert mentions(builds["without"]["log"]), f"the build says nothing about {name}"
    assert mentions(builds["with"]["log"]) == mentions(builds["without"]["log"])
