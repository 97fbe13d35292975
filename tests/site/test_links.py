"""Every internal link and #fragment in the built site resolves."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup

ATTRS = {"a": "href", "link": "href", "img": "src", "script": "src", "source": "srcset"}


def _target(site, url: str) -> tuple[Path, str] | None:
    """The output file and fragment an internal URL points at, or None if it is external."""
    parts = urlsplit(url)
    local = urlsplit(site.url)
    if parts.scheme in {"mailto", "tel", "data", "sms"}:
        return None
    if parts.netloc and parts.netloc != local.netloc:
        return None
    path = site.output / unquote(parts.path).lstrip("/")
    if parts.path.endswith("/") or path.is_dir():
        path = path / "index.html"
    return path, parts.fragment


def test_internal_links_and_fragments_resolve(site):
    ids: dict[Path, set[str]] = {}
    broken: list[str] = []
    checked = 0
    for page in site.html_files():
        base = site.url + "/" + page.relative_to(site.output).as_posix()
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        for tag, attr in ATTRS.items():
            for element in soup.find_all(tag):
                value = element.get(attr)
                if not value:
                    continue
                url = value.split()[0] if attr == "srcset" else value
                target = _target(site, urljoin(base, url))
                if target is None:
                    continue
                path, fragment = target
                checked += 1
                if not path.exists():
                    broken.append(f"{page.relative_to(site.output)}: {value}")
                    continue
                if fragment and path.suffix == ".html":
                    if path not in ids:
                        target_soup = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
                        ids[path] = {e["id"] for e in target_soup.select("[id]")}
                    if fragment not in ids[path]:
                        broken.append(f"{page.relative_to(site.output)}: {value} (no #{fragment})")
    assert broken == []
    assert checked > 50  # the walk really saw the site's links
