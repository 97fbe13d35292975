"""The site built exactly as CI builds it: every address it gives of itself is the site's.

Every other test build overrides SITEURL and FEED_DOMAIN, so they cannot see what
publishconf.py does with the address CI gives it. Here `invoke preview` runs in a copy of the
project with content/ as it is, in a process of its own, with nothing overridden but
SITEURL in the environment, the way the publish workflow sets it: with a trailing slash,
as GitHub Pages gives it. Every absolute address in the pages, feeds, sitemap, robots.txt
and `_headers` that points at this site must start with exactly the site's address: not the
local preview's (FEED_DOMAIN from pelicanconf.py) and no `//` after the host.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from checkout import invoke, make_checkout, output_of
from conftest import ROOT

SITEURL = "https://example.org/"  # as CI's environment gives it, trailing slash included
HOST = urlsplit(SITEURL).netloc
# Addresses the build could wrongly give of itself: the local preview and the default host.
NOT_HERE = {"localhost", "127.0.0.1", "[::1]", "keepingyourcalmincounseling.com"}
SCANNED = {".html", ".xml", ".txt", ""}  # "" is `_headers`
ADDRESS = re.compile(r"""(?:\b[a-z][a-z0-9+.-]*:)?//[^\s"'<>()\\]+""", re.IGNORECASE)


@pytest.fixture(scope="module")
def ci_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    checkout = make_checkout(tmp_path_factory.mktemp("ci"), {}, valid=False)
    shutil.copytree(ROOT / "content", checkout / "content", dirs_exist_ok=True)
    result = invoke(checkout, "preview", env={"SITEURL": SITEURL})
    assert result.returncode == 0, output_of(result)
    return checkout / "output"


def addresses(output: Path) -> list[tuple[str, str]]:
    """(file, address) for every absolute or scheme-relative address in the scanned files."""
    found = []
    for path in sorted(output.rglob("*")):
        if path.is_file() and path.suffix in SCANNED and "pagefind" not in path.parts:
            text = path.read_text(encoding="utf-8")
            rel = path.relative_to(output).as_posix()
            found += [(rel, match.group()) for match in ADDRESS.finditer(text)]
    return found


def misplaced(address: str) -> bool:
    """An address of a local host, without a scheme, or on the site's host but not exactly
    under SITEURL (another scheme, a `//` in the path)."""
    parts = urlsplit(address)
    if parts.hostname in NOT_HERE or not parts.scheme:
        return True
    return parts.netloc == HOST and (not address.startswith(SITEURL) or "//" in parts.path)


def test_every_address_of_the_site_is_the_ci_site_address(ci_output: Path) -> None:
    wrong = [f"{rel}: {address}" for rel, address in addresses(ci_output) if misplaced(address)]
    assert wrong == [], "\n".join(wrong)


def test_pages_feeds_and_sitemap_name_the_ci_site(ci_output: Path) -> None:
    """The addresses a reader's feed app, a search engine and a link preview use are there,
    and on the site: so the scan above had something to check in each kind of file."""
    home = BeautifulSoup((ci_output / "index.html").read_bytes(), "lxml")
    assert home.select_one('link[rel="canonical"]')["href"] == SITEURL
    feeds = [link["href"] for link in home.select('link[rel="alternate"]')]
    assert feeds and all(href.startswith(f"{SITEURL}feeds/") for href in feeds), feeds
    of_site = {rel: 0 for rel in ("sitemap.xml", "robots.txt", "feeds/all.atom.xml")}
    for rel, address in addresses(ci_output):
        if rel in of_site and address.startswith(SITEURL):
            of_site[rel] += 1
    assert of_site["sitemap.xml"] > 10 and of_site["feeds/all.atom.xml"] > 3, of_site
    assert of_site["robots.txt"] == 1, of_site
