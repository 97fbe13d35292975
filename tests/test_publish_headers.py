"""`_headers` for Netlify and Cloudflare Pages, and the same CSP as a `<meta>` in every page.

The policy comes from one setting (CSP in publishconf.py, rendered by blog/plugins/host_headers.py),
so these tests read the built files, never the setting: what a host would serve.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from conftest import ROOT, build_site

EXPECTED_CSP = {
    "default-src": {"'self'"},
    "script-src": {"'self'", "'wasm-unsafe-eval'"},
    "style-src": {"'self'"},
    "img-src": {"'self'", "data:"},
    "connect-src": {"'self'"},
    "font-src": {"'self'"},
    "object-src": {"'none'"},
    "base-uri": {"'self'"},
    "form-action": {"'self'"},
    "frame-ancestors": {"'none'"},
}
DATA_TYPES = {"application/ld+json", "application/json"}
IMMUTABLE = "public, max-age=31536000, immutable"


def parse_headers(text: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """The `_headers` grammar both hosts share: a path at the margin, `  Name: value` below."""
    rules: list[tuple[str, list[tuple[str, str]]]] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            assert line.startswith("/") and " " not in line, f"line {number}: bad path {line!r}"
            rules.append((line, []))
            continue
        name, sep, value = line.strip().partition(":")
        assert rules and sep and re.fullmatch(r"[A-Za-z0-9-]+", name), f"line {number}: {line!r}"
        assert not name.startswith("!"), "Cloudflare-only `! Header` detach syntax"
        rules[-1][1].append((name, value.strip()))
    return rules


def rule_regex(path: str) -> re.Pattern[str]:
    """`/theme/css/*` -> a regex for URL paths (`*` is a splat matching anything)."""
    return re.compile(
        "".join(".*" if part == "*" else re.escape(part) for part in re.split(r"(\*)", path))
    )


def policy(text: str) -> dict[str, set[str]]:
    directives = {}
    for part in text.split(";"):
        name, *sources = part.split()
        assert name not in directives, f"directive {name} appears twice"
        directives[name] = set(sources)
    return directives


@pytest.fixture(scope="module")
def rules(site) -> list[tuple[str, list[tuple[str, str]]]]:
    return parse_headers((site.output / "_headers").read_text(encoding="utf-8"))


def headers_for(rules, url_path: str) -> dict[str, str]:
    """The headers a host sends for `url_path`: every matching rule's, which must not clash."""
    sent: dict[str, str] = {}
    for path, headers in rules:
        if rule_regex(path).fullmatch(url_path):
            for name, value in headers:
                assert name.lower() not in {n.lower() for n in sent}, (
                    f"{name} is set by two rules for {url_path}: hosts would join the values"
                )
                sent[name] = value
    return sent


def test_headers_file_fits_both_hosts(site, rules):
    text = (site.output / "_headers").read_text(encoding="utf-8")
    assert len(rules) <= 100, "Cloudflare Pages reads at most 100 rules"
    assert all(len(line) <= 2000 for line in text.splitlines()), "Cloudflare's line limit"
    assert [path for path, _ in rules].count("/*") == 1


def test_every_page_gets_the_strict_policy_and_safety_headers(site, rules):
    names = ["Content-Security-Policy", "Referrer-Policy", "X-Content-Type-Options"]
    names += ["Permissions-Policy"]
    for url_path in ["/", "/about/", "/404.html", "/feeds/all.atom.xml", "/theme/css/x.css"]:
        sent = headers_for(rules, url_path)
        assert [name for name in names if name not in sent] == [], url_path
        assert policy(sent["Content-Security-Policy"]) == EXPECTED_CSP
        assert sent["Referrer-Policy"] == "no-referrer"
        assert sent["X-Content-Type-Options"] == "nosniff"
        features = dict(item.split("=", 1) for item in sent["Permissions-Policy"].split(", "))
        assert {"camera", "microphone", "geolocation"} <= set(features)
        assert set(features.values()) == {"()"}, "every listed feature is switched off"
    csp = headers_for(rules, "/").get("Content-Security-Policy", "")
    assert "default-src" in csp and "unsafe-inline" not in csp and "'unsafe-eval'" not in csp


def test_only_content_hashed_files_are_cached_forever(site, rules):
    forever = [
        path.relative_to(site.output).as_posix()
        for path in site.output.rglob("*")
        if path.is_file()
        and headers_for(rules, "/" + path.relative_to(site.output).as_posix()).get("Cache-Control")
        == IMMUTABLE
    ]
    assert any(name.endswith(".css") for name in forever), "the stylesheet is cached forever"
    for name in forever:
        base = Path(re.sub(r"\.(gz|br)$", "", name))
        match = re.fullmatch(r".+\.([0-9a-f]{10})\.[a-z0-9]+", base.name)
        assert match, f"{name} is cached as immutable but has no content hash in its name"
        digest = hashlib.sha256((site.output / base).read_bytes()).hexdigest()
        assert digest.startswith(match[1]), f"{name}: the name's hash is not the content's"
    # Pages and feeds change under the same URL: never cached forever.
    assert "Cache-Control" not in headers_for(rules, "/index.html")


def test_meta_policy_in_every_page_is_the_header_policy_without_frame_ancestors(site, rules):
    assert "Content-Security-Policy" in headers_for(rules, "/")
    header = policy(headers_for(rules, "/")["Content-Security-Policy"])
    expected = {k: v for k, v in header.items() if k != "frame-ancestors"}
    pages = site.html_files()
    assert len(pages) > 15
    for page in pages:
        soup = site.soup(str(page.relative_to(site.output)))
        metas = soup.select('meta[http-equiv="Content-Security-Policy"][content]')
        assert len(metas) == 1, page
        assert policy(metas[0]["content"]) == expected, page
        # A <meta> policy only covers what comes after it: it must precede every resource.
        head = [tag for tag in site.one(soup, "head").children if getattr(tag, "name", None)]
        resources = [i for i, tag in enumerate(head) if tag.name in {"link", "script", "style"}]
        assert resources, f"{page}: no stylesheet or other resource in <head>"
        assert head.index(metas[0]) < resources[0], page
        # Nothing inline that the policy would block (JSON-LD is data, never run).
        inline = [s for s in soup.select("script:not([src])") if s.get("type") not in DATA_TYPES]
        assert not soup.select("[style]") and not soup.select("style") and not inline, page


def test_local_builds_carry_no_policy(tmp_path):
    """Locally the livereload script is inline: a CSP there would block it."""
    build_site(ROOT / "content", tmp_path / "output", "http://localhost:8000", "pelicanconf.py")
    page = (tmp_path / "output" / "index.html").read_text(encoding="utf-8")
    assert "Content-Security-Policy" not in page
    assert not (tmp_path / "output" / "_headers").exists()
    assert re.search(r'href="http://localhost:8000/theme/css/style\.[0-9a-f]{10}\.css"', page)
