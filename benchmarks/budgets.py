"""Page budgets on the real site (gzip bytes and requests per page), and the output compared
with another commit's (precompressed bytes, files that differ)."""

from __future__ import annotations

import gzip
import hashlib
import re
import shutil
from pathlib import Path
from urllib.parse import urljoin, urlparse

from measuring import ROOT, WORK

# Page budgets, on the real site.
PAGE_BYTES_MAX = 14_000  # gzip HTML + CSS: one network round trip (initial congestion window)
PAGE_REQUESTS_MAX = 1  # the HTML alone: the stylesheet is inline (blog/plugins/inline_style.py)
BUDGET_PAGES = {"home": "", "article": "intensive-outpatient-therapy-program/", "about": "about/"}

COMPRESSED = (".br", ".gz", ".zst")


def compare_outputs(after: Path, before: Path) -> dict:
    """Precompressed bytes of both outputs, and which other files differ."""

    def files(root: Path) -> dict[str, Path]:
        return {p.relative_to(root).as_posix(): p for p in root.rglob("*") if p.is_file()}

    new, old = files(after), files(before)

    def compressed(found: dict[str, Path], ext: str) -> int:
        return sum(p.stat().st_size for name, p in found.items() if name.endswith(ext))

    plain_names = {n for n in new.keys() | old.keys() if not n.endswith(COMPRESSED)}

    def digest(found: dict[str, Path], name: str) -> str | None:
        path = found.get(name)
        return hashlib.blake2b(path.read_bytes()).hexdigest() if path else None

    differing = sorted(n for n in plain_names if digest(new, n) != digest(old, n))
    return {
        "br_after": compressed(new, ".br"),
        "br_before": compressed(old, ".br"),
        "gz_after": compressed(new, ".gz"),
        "gz_before": compressed(old, ".gz"),
        "files": len(plain_names),
        "differing": differing,
    }


# ---------------------------------------------------------------------------------------------
# Page budgets, on the real site


def build_real_site(output: Path, siteurl: str | None = None) -> Path:
    """Production build of content/ into `output` (in this process); returns `output`."""
    from pelican import Pelican
    from pelican.settings import read_settings

    shutil.rmtree(output, ignore_errors=True)
    override = {"OUTPUT_PATH": str(output), "CACHE_PATH": str(output.parent / "site-cache")}
    if siteurl:
        override.update(SITEURL=siteurl, FEED_DOMAIN=siteurl)
    Pelican(read_settings(str(ROOT / "publishconf.py"), override=override)).run()
    return output


def _local_file(output: Path, siteurl: str, url: str) -> Path | None:
    """The output file for a URL of this site, or None for another host."""
    parsed, site = urlparse(url), urlparse(siteurl)
    if parsed.scheme and parsed.netloc != site.netloc:
        return None
    path = parsed.path[len(site.path) :] if parsed.path.startswith(site.path) else parsed.path
    target = output / path.lstrip("/")
    return target / "index.html" if path.endswith("/") or not path else target


def page_weight(output: Path, siteurl: str, rel: str) -> dict:
    """gzip bytes of a page's HTML and stylesheets, and every request needed to render it."""
    from bs4 import BeautifulSoup

    page_url = f"{siteurl}/{rel}"
    html = (output / rel / "index.html").read_bytes()
    soup = BeautifulSoup(html, "lxml")
    requests = [page_url]
    css_bytes = 0
    for tag in soup.find_all(["link", "script", "img", "iframe", "video", "audio", "source"]):
        rels = {r.lower() for r in tag.get("rel", [])}
        if tag.name == "link":
            if not rels & {"stylesheet", "icon", "preload", "modulepreload", "manifest"}:
                continue  # canonical, alternate, search...: not fetched to render
            url = tag.get("href")
        elif tag.name == "img" and tag.get("loading") == "lazy":
            url = tag.get("src")  # still fetched when in view; counted
        else:
            url = tag.get("src")
        if not url or url.startswith("data:"):
            continue
        url = urljoin(page_url, url)
        requests.append(url)
        if "stylesheet" in rels:
            css = _local_file(output, siteurl, url)
            if css and css.is_file():
                data = css.read_bytes()
                css_bytes += len(gzip.compress(data, 9, mtime=0))
                # Anything the stylesheet pulls in is one more request.
                text = data.decode("utf-8", "replace")
                for ref in re.findall(r"url\(\s*['\"]?([^'\")]+)", text):
                    if not ref.startswith("data:"):
                        requests.append(urljoin(url, ref))
                for ref in re.findall(r"@import\s+(?:url\()?['\"]?([^'\")\s;]+)", text):
                    requests.append(urljoin(url, ref))
    for style in soup.find_all("style"):  # inline: its bytes are the HTML's, its url()s requests
        text = style.get_text()
        for ref in re.findall(r"url\(\s*['\"]?([^'\")]+)|@import\s+['\"]([^'\"]+)", text):
            if not (ref[0] or ref[1]).startswith("data:"):
                requests.append(urljoin(page_url, ref[0] or ref[1]))
    html_bytes = len(gzip.compress(html, 9, mtime=0))
    return {
        "page": rel or "/",
        "html_gzip": html_bytes,
        "css_gzip": css_bytes,
        "total_gzip": html_bytes + css_bytes,
        "requests": len(dict.fromkeys(requests)),
        "request_urls": list(dict.fromkeys(requests)),
    }


def page_budgets(say=print) -> list[dict]:
    from pelican.settings import read_settings

    siteurl = read_settings(str(ROOT / "publishconf.py"))["SITEURL"]
    output = build_real_site(WORK / "site")
    results = []
    for name, rel in BUDGET_PAGES.items():
        weight = {"name": name, **page_weight(output, siteurl, rel)}
        results.append(weight)
        say(f"  {name:<8} {weight['total_gzip']:>6,} B gzip HTML+CSS "
            f"({weight['html_gzip']:,} + {weight['css_gzip']:,}), "
            f"{weight['requests']} requests")  # fmt: skip
    # The largest page of the site must fit the budget too (pages are folders with index.html).
    sizes = {p: len(gzip.compress(p.read_bytes(), 9, mtime=0)) for p in output.rglob("index.html")}
    largest = max(sizes, key=sizes.__getitem__).parent
    rel = "" if largest == output else f"{largest.relative_to(output).as_posix()}/"
    weight = {"name": "largest", **page_weight(output, siteurl, rel)}
    results.append(weight)
    say(f"  largest  {weight['total_gzip']:>6,} B gzip HTML+CSS ({weight['page']}), "
        f"{weight['requests']} requests")  # fmt: skip
    return results
