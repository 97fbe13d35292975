"""The content rules as a package (blog/content_rules/): each source file is read once per build
and that one reading is shared by the linter, the strict build and the link check."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from conftest import ROOT

from blog import content_rules as rules

POST = """Title: {title}
Date: 2026-01-10 09:00
Category: Coping Skills
Summary: A short summary.

{body}
"""

#: Runs a production build in a new process and counts, per Markdown file, the times the
#: content rules opened it, for whichever caller (the linter, the strict build, a plugin's
#: link check); Pelican's own reader and content cache are not counted. An audit hook sees
#: every `open`, however it is called.
COUNT_OPENS = textwrap.dedent(
    """
    import collections, json, sys, traceback
    rules = sys.argv[1]
    counts = collections.Counter()
    def hook(event, args):
        if event == "open" and isinstance(args[0], str) and args[0].endswith(".md"):
            if any(frame.filename.startswith(rules) for frame in traceback.extract_stack()):
                counts[args[0]] += 1
    sys.addaudithook(hook)
    from pelican import Pelican
    from pelican.settings import read_settings
    settings = read_settings(sys.argv[2], override=json.loads(sys.argv[3]))
    Pelican(settings).run()
    print(json.dumps(counts))
    """
)


def write_site(content: Path) -> None:
    (content / "pages").mkdir(parents=True)
    (content / "first.md").write_text(POST.format(title="First", body="Words."), "utf-8")
    body = "See [the first]({filename}first.md), [about](/about/) and [home](/)."
    (content / "second.md").write_text(POST.format(title="Second", body=body), "utf-8")
    about = "Title: About\nSummary: Who writes here.\n\nA page.\n"
    (content / "pages" / "about.md").write_text(about, "utf-8")


def test_a_build_reads_each_source_file_once(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_site(content)
    override = {
        "PATH": str(content),
        "OUTPUT_PATH": str(tmp_path / "out"),
        "CACHE_PATH": str(tmp_path / "cache"),
        "SITEURL": "http://127.0.0.1:9",
        "FEED_DOMAIN": "http://127.0.0.1:9",
    }
    rules_folder, config = ROOT / "blog" / "content_rules", ROOT / "publishconf.py"
    result = subprocess.run(
        [sys.executable, "-c", COUNT_OPENS, str(rules_folder), str(config), json.dumps(override)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    counts = json.loads(result.stdout.strip().splitlines()[-1])
    names = {str(path) for path in content.rglob("*.md")}
    assert counts == dict.fromkeys(names, 1), counts


def test_one_reading_is_shared_until_the_next_lint(tmp_path: Path) -> None:
    write_site(tmp_path)
    settings = rules.read_project_settings(ROOT / "pelicanconf.py")
    docs, _problems = rules.lint_documents(tmp_path, settings, grades=False)
    first = next(doc for doc in docs if doc.path.name == "first.md")
    assert rules.load(first.path, "article", tmp_path)[0] is first
    first.path.write_text(POST.format(title="First, edited", body="Words."), "utf-8")
    rules.fresh()  # a new build
    assert rules.load(first.path, "article", tmp_path)[0].meta["title"] == "First, edited"
