"""Each host profile on its real server: Debian's nginx (with the brotli static module), Apache
twice (with mod_headers and mod_rewrite, and with neither), Caddy, and Cloudflare's own
`wrangler pages dev` for `_headers` (tests/webservers.py starts and stops them).

Each profile is built once per session (`invoke preview --host NAME`'s build) with the server's
address as SITEURL; nginx and Caddy serve it with the block `invoke server-config` prints,
Apache with the `.htaccess` the build wrote. For each server: every sitemap address answers 200;
where headers apply, the Content-Security-Policy header is the page's `<meta>` policy plus
`frame-ancestors`; a missing address answers 404 with the site's 404 page (and the headers);
the precompressed copies come back with the right Content-Encoding, `Vary: Accept-Encoding`
and bytes that decode to the page; no folder is listed; and in Chromium, search finds a seed
word with no CSP violation or console error; a rebuild of the same sources keeps ETag and
Last-Modified (a conditional request answers 304). A server missing here is a skip with the
reason, a failure under CI=true.
"""

from __future__ import annotations

import gzip
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import Message
from pathlib import Path
from xml.etree import ElementTree

import brotli
import pytest
import webservers
from bs4 import BeautifulSoup
from conftest import (
    FIXTURE_CONTENT,
    RECORD_VIOLATIONS,
    ROOT,
    browser_page,
    fixture_settings,
    require,
)
from hosting import policy

from blog.publishing import atomic_build

# server -> (its host profile, the program it needs, headers sent, copies served)
SERVERS = {
    "nginx": ("nginx", "nginx", True, True),
    "apache": ("apache", "apache", True, True),
    "apache-bare": ("apache", "apache", False, False),  # neither mod_headers nor mod_rewrite
    "caddy": ("caddy", "caddy", True, True),
    "wrangler": ("cloudflare-pages", "wrangler", True, False),
}
SEED_WORD = "outpatient"  # in content/, the intensive outpatient program post


@dataclass
class Served:
    name: str
    profile: str
    url: str
    output: Path
    headers: bool  # the server sends the policy and safety headers
    precompressed: bool  # the server sends the .br/.gz copies


class ProfileBuilds:
    """Each profile's build, made on first use (`invoke preview --host NAME`'s build, with the
    server's address as SITEURL), in a folder every user can read (Apache's children run as
    nobody)."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.content = base / "content"
        shutil.copytree(ROOT / "content", self.content)
        shutil.copytree(FIXTURE_CONTENT, self.content, dirs_exist_ok=True)
        self.urls: dict[str, str] = {}

    def build(self, profile: str) -> tuple[str, Path]:
        """The profile's address and output; built again on every call after the first."""
        url = self.urls.setdefault(profile, f"http://127.0.0.1:{webservers.free_port()}")
        output = atomic_build(
            "publishconf.py",
            self.base / profile / "site",
            PATH=str(self.content),
            SITEURL=url,
            FEED_DOMAIN=url,
            CACHE_PATH=str(self.base / "cache"),
            HOST=profile,
            **fixture_settings(self.content),
        )
        return url, output

    def get(self, profile: str) -> tuple[str, Path]:
        if profile in self.urls:
            return self.urls[profile], self.base / profile / "site"
        return self.build(profile)


@pytest.fixture(scope="session")
def profile_builds() -> Iterator[ProfileBuilds]:
    base = Path(tempfile.mkdtemp(prefix="hosts-"))
    os.chmod(base, 0o755)
    yield ProfileBuilds(base)
    shutil.rmtree(base, ignore_errors=True)


def server_config(host: str, root: Path, listen: str) -> str:
    """What `invoke server-config` prints, run as the owner runs it."""
    return subprocess.run(
        [sys.executable, "-m", "invoke", "server-config", "--host", host, "--root", str(root),
         "--listen", listen],
        cwd=ROOT, check=True, capture_output=True, text=True, timeout=120,
    ).stdout  # fmt: skip


@pytest.fixture(scope="module", params=list(SERVERS))
def served(request, profile_builds) -> Iterator[Served]:
    """One server at a time (pytest runs a module-scoped parameter's tests together), so the
    two Apache servers share the Apache build and its port."""
    name = request.param
    profile, program, headers, precompressed = SERVERS[name]
    require(webservers.available(program), f"{name} ({program})")
    url, output = profile_builds.get(profile)
    port = int(url.rsplit(":", 1)[1])
    folder = Path(tempfile.mkdtemp(prefix=f"hosts-{name}-"))
    listen = f"127.0.0.1:{port}"
    if name == "nginx":
        server = webservers.nginx(server_config("nginx", output, listen), port, folder)
    elif name == "caddy":
        server = webservers.caddy(server_config("caddy", output, listen), port, folder)
    elif name.startswith("apache"):
        server = webservers.apache(output, port, folder, modules=name == "apache")
    else:
        server = webservers.wrangler_pages(output, port, folder)
    try:
        with server:
            yield Served(name, profile, url, output, headers, precompressed)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def fetch(url: str, encoding: str = "identity") -> tuple[int, Message, bytes]:
    """GET `url` as a browser asking for `encoding`: status, headers, body as sent (no
    redirect followed, nothing decoded)."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, headers={"Accept-Encoding": encoding})
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def decoded(headers: Message, body: bytes) -> bytes:
    encoding = (headers.get("Content-Encoding") or "identity").strip().lower()
    return {"br": brotli.decompress, "gzip": gzip.decompress, "identity": bytes}[encoding](body)


def meta_policy(html: bytes) -> dict[str, set[str]]:
    tag = BeautifulSoup(html, "lxml").find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert tag is not None, "the page carries its policy as a <meta>"
    return policy(tag["content"])


def check_headers(served: Served, headers: Message, html: bytes | None, where: str) -> None:
    """The policy header is the <meta> policy plus frame-ancestors, with the safety headers;
    a server that applies no headers sends no policy (the <meta> is the page's policy)."""
    csp = headers.get_all("Content-Security-Policy") or []
    if not served.headers:
        assert csp == [], f"{where}: {csp}"
        return
    assert len(csp) == 1, f"{where}: {csp}"
    if html is not None:
        assert policy(csp[0]) == {**meta_policy(html), "frame-ancestors": {"'none'"}}, where
    assert headers.get_all("Referrer-Policy") == ["no-referrer"], where
    assert headers.get("X-Content-Type-Options") == "nosniff", where
    assert "camera=()" in (headers.get("Permissions-Policy") or ""), where


def sitemap_paths(served: Served) -> list[str]:
    tree = ElementTree.parse(served.output / "sitemap.xml")
    locs = [loc.text or "" for loc in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert len(locs) > 10 and all(loc.startswith(served.url + "/") for loc in locs), locs[:3]
    return [loc[len(served.url) :] for loc in locs]


def test_every_sitemap_address_answers_200_with_the_headers(served: Served) -> None:
    for path in sitemap_paths(served):
        status, headers, body = fetch(served.url + path)
        assert status == 200, f"{served.name} {path}: {status}"
        html = body if path.endswith("/") else None
        check_headers(served, headers, html, f"{served.name} {path}")


def test_a_missing_address_is_the_sites_404_page(served: Served) -> None:
    page = (served.output / "404.html").read_bytes()
    assert b"988" in page, "the 404 page carries the crisis help"
    for path in ("/no-such-page/", "/no-such-file.html", "/pagefind/missing.js", "/feeds/x/"):
        status, headers, body = fetch(served.url + path)
        assert status == 404, f"{served.name} {path}: {status}"
        assert body == page, f"{served.name} {path}: not the site's 404 page"
        check_headers(served, headers, page, f"{served.name} {path} (404)")


def compressible(served: Served) -> list[str]:
    """URL paths of text files the build made copies of (in the precompressed profiles) or
    that a host compresses by itself: a page, a feed, the sitemap, a script, Pagefind's entry."""
    paths = ["/", "/about/", "/feeds/all.atom.xml", "/sitemap.xml", "/pagefind/pagefind-entry.json"]
    scripts = sorted(served.output.rglob("*.js"))
    assert scripts, "the build has a script"
    paths.append("/" + scripts[0].relative_to(served.output).as_posix())
    return paths


def test_precompressed_copies_come_back_encoded_and_decode_to_the_file(served: Served) -> None:
    for path in compressible(served):
        file = served.output / (path.lstrip("/") + ("index.html" if path.endswith("/") else ""))
        original = file.read_bytes()
        status, plain, body = fetch(served.url + path)
        assert status == 200 and body == original, f"{served.name} {path}"
        assert plain.get("Content-Encoding") in (None, "identity"), f"{served.name} {path}"
        for encoding in ("br", "gzip"):
            status, headers, body = fetch(served.url + path, encoding)
            where = f"{served.name} {path} ({encoding})"
            assert status == 200, where
            sent = headers.get("Content-Encoding")
            if served.precompressed:  # our copy, with what caches need to keep it apart
                assert file.with_name(file.name + (".br" if encoding == "br" else ".gz")).exists()
                assert sent == encoding, f"{where}: {sent}"
                vary = ",".join(headers.get_all("Vary") or []).lower().replace(" ", "")
                assert "accept-encoding" in vary.split(","), f"{where}: Vary {vary!r}"
            # Elsewhere the host may compress by itself (Apache's mod_deflate, wrangler's
            # workerd; wrangler pages dev sends no Vary then): the bytes must still decode.
            assert decoded(headers, body) == original, where
            assert headers.get("Content-Type") == plain.get("Content-Type"), where
            assert headers.get("Content-Language") is None, where


def test_no_folder_is_listed(served: Served) -> None:
    folders = [
        path for path in served.output.iterdir()
        if path.is_dir() and not (path / "index.html").exists()
    ]  # fmt: skip
    assert {"pagefind", "feeds"} <= {folder.name for folder in folders}
    for folder in folders:
        status, _headers, body = fetch(f"{served.url}/{folder.name}/")
        assert status in (403, 404), f"{served.name} /{folder.name}/: {status}"
        assert b"Index of" not in body and b"Parent Directory" not in body
        if body != (served.output / "404.html").read_bytes():  # which links the feeds
            names = [child.name.encode() for child in folder.iterdir()]
            assert not any(name in body for name in names), f"{served.name} lists /{folder.name}/"


def test_search_finds_a_seed_word_with_no_violation_or_error(served: Served, browser) -> None:
    with browser_page(browser) as page:
        errors: list[str] = []
        page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.add_init_script(RECORD_VIOLATIONS)
        page.goto(f"{served.url}/search/?q={SEED_WORD}", wait_until="networkidle")
        result = page.locator("#search-results a").first
        result.wait_for(timeout=15_000)
        assert re.search(SEED_WORD, page.locator("#search-results").inner_text(), re.I)
        assert page.evaluate("window.__violations") == []
        assert errors == []


def test_a_rebuild_keeps_validators_so_unchanged_files_answer_304(
    served: Served, profile_builds: ProfileBuilds
) -> None:
    """The same sources built again (the atomic swap writes a new tree): each unchanged file
    keeps its modification time, so the server's ETag and Last-Modified stay, and a browser's
    conditional request gets 304 instead of the whole file again."""
    paths = ["/", "/about/", "/feeds/all.atom.xml", "/pagefind/pagefind-entry.json"]
    before = {path: fetch(served.url + path)[1] for path in paths}
    profile_builds.build(served.profile)
    for path, headers in before.items():
        status, now, _body = fetch(served.url + path)
        assert status == 200
        # Apache marks an ETag weak (W/) while its file is less than a second old.
        strong = [(h.get("ETag") or "").removeprefix("W/") for h in (now, headers)]
        assert strong[0] == strong[1], f"{served.name} {path}"
        assert now.get("Last-Modified") == headers.get("Last-Modified"), f"{served.name} {path}"
        etag = now.get("ETag")
        if etag:
            request = urllib.request.Request(served.url + path, headers={"If-None-Match": etag})
            try:
                status = urllib.request.urlopen(request, timeout=30).status
            except urllib.error.HTTPError as error:
                status = error.code
            assert status == 304, f"{served.name} {path}: {status}"
