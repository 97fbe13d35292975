"""`invoke audit`: Lighthouse on the production build, mobile form factor, four category scores.

Builds the site with publishconf.py into benchmarks/work/audit-site with SITEURL set to a local
address, serves it on 127.0.0.1 (nothing is fetched from another host), and runs Lighthouse
12.2.3 (`npx --yes lighthouse@12.2.3`; Lighthouse 13 needs Node 22) with Debian's chromium on
the home, article, about and search pages. Prints the performance, accessibility,
best-practices and SEO scores of each (target: 100 in each) and writes the JSON reports next to
the site. Exits 1 if a score is below the target, 2 if Lighthouse could not run.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import mimetypes
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "benchmarks" / "work"

LIGHTHOUSE = "lighthouse@12.2.3"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
PAGES = {
    "home": "",
    "article": "intensive-outpatient-therapy-program/",
    "about": "about/",
    "search": "search/",
}
CHROME_FLAGS = "--headless --no-sandbox --disable-gpu --disable-background-networking"
TARGET = 100
mimetypes.add_type("application/wasm", ".wasm")  # Pagefind's search runs WebAssembly
mimetypes.add_type("text/javascript", ".js")


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Quiet static server (types for .wasm/.js set with `mimetypes` below)."""

    def log_message(self, format: str, *args: object) -> None:
        pass


def chromium() -> str | None:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    return os.environ.get("CHROME_PATH") or found


def run_lighthouse(url: str, out: Path, chrome: str) -> dict[str, int]:
    command = [
        "npx",
        "--yes",
        LIGHTHOUSE,
        url,
        "--quiet",
        "--output=json",
        f"--output-path={out}",
        "--form-factor=mobile",
        "--screenEmulation.mobile",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={CHROME_FLAGS}",
    ]
    env = {**os.environ, "CHROME_PATH": chrome}
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    if result.returncode != 0 or not out.exists():
        raise RuntimeError(f"Lighthouse failed on {url}:\n{result.stderr[-2000:]}")
    report = json.loads(out.read_text(encoding="utf-8"))
    scores = {}
    for name in CATEGORIES:
        score = report["categories"][name]["score"]
        scores[name] = -1 if score is None else round(score * 100)
    return scores


def failing_audits(out: Path) -> list[str]:
    """Titles of the audits that cost points, to say what to fix."""
    report = json.loads(out.read_text(encoding="utf-8"))
    found = []
    for category in report["categories"].values():
        for ref in category["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref.get("weight", 0) > 0 and audit.get("score") not in (None, 1):
                found.append(f"{category['id']}: {audit['title']}")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=0, help="local port (default: any free one)")
    args = parser.parse_args(argv)
    chrome = chromium()
    if not chrome or not shutil.which("npx"):
        print("Lighthouse needs npx (Node) and chromium (CHROME_PATH).", file=sys.stderr)
        return 2

    from budgets import build_real_site

    output = WORK / "audit-site"
    output.mkdir(parents=True, exist_ok=True)
    handler = functools.partial(_Handler, directory=str(output))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler)
    siteurl = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        build_real_site(output, siteurl=siteurl)
        reports = WORK / "lighthouse"
        reports.mkdir(parents=True, exist_ok=True)
        below = False
        print(f"{'page':<8} " + " ".join(f"{c:>15}" for c in CATEGORIES))
        for name, rel in PAGES.items():
            out = reports / f"{name}.json"
            out.unlink(missing_ok=True)
            try:
                scores = run_lighthouse(f"{siteurl}/{rel}", out, chrome)
            except (RuntimeError, subprocess.TimeoutExpired) as error:
                print(error, file=sys.stderr)
                return 2
            print(f"{name:<8} " + " ".join(f"{scores[c]:>15}" for c in CATEGORIES))
            if any(score < TARGET for score in scores.values()):
                below = True
                for line in failing_audits(out):
                    print(f"         - {line}")
        print(f"JSON reports: {reports.relative_to(ROOT)}")
        if below:
            print(f"Below the target of {TARGET} in at least one category (see above).")
        return 1 if below else 0
    finally:
        server.shutdown()
        server.server_close()


if __name__ == "__main__":
    raise SystemExit(main())
