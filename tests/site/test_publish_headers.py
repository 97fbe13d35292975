"""`_headers` for Netlify and Cloudflare Pages, and the same CSP as a `<meta>` in every page.

The policy comes from one setting (CSP in publishconf.py, rendered by blog/plugins/host_headers.py)
plus the sha256 of the inline stylesheet (blog/plugins/inline_style.py), so these tests read the
built files, never the setting: what a host would serve. The hash is recomputed here from the
bytes between `<style>` and `</style>` in each page.
"""

from __future__ import annotations

import re

import pytest
from conftest import ROOT
from hosting import headers_for, inline_style, parse_headers, policy, style_hash

EXPECTED_CSP = {
    "default-src": {"'self'"},
    "script-src": {"'self'", "'wasm-unsafe-eval'"},
    "style-src": {"'self'"},  # and the inline stylesheet's hash: see expected_policy()
    "img-src": {"'self'", "data:"},
    "connect-src": {"'self'"},
    "font-src": {"'self'"},
    "object-src": {"'none'"},
    "base-uri": {"'self'"},
    "form-action": {"'self'"},
    "frame-ancestors": {"'none'"},
}
DATA_TYPES = {"application/ld+json", "application/json"}


def expected_policy(html: bytes) -> dict[str, set[str]]:
    style = {*EXPECTED_CSP["style-src"], style_hash(inline_style(html))}
    return {**EXPECTED_CSP, "style-src": style}


@pytest.fixture(scope="module")
def rules(site) -> list[tuple[str, list[tuple[str, str]]]]:
    return parse_headers((site.output / "_headers").read_text(encoding="utf-8"))


def test_headers_file_fits_both_hosts(site, rules):
    text = (site.output / "_headers").read_text(encoding="utf-8")
    assert len(rules) <= 100, "Cloudflare Pages reads at most 100 rules"
    assert all(len(line) <= 2000 for line in text.splitlines()), "Cloudflare's line limit"
    assert [path for path, _ in rules].count("/*") == 1


def test_every_page_gets_the_strict_policy_and_safety_headers(site, rules):
    names = ["Content-Security-Policy", "Referrer-Policy", "X-Content-Type-Options"]
    names += ["Permissions-Policy"]
    expected = expected_policy(site.path("").read_bytes())
    for url_path in ["/", "/about/", "/404.html", "/feeds/all.atom.xml", "/pagefind/x.js"]:
        sent = headers_for(rules, url_path)
        assert [name for name in names if name not in sent] == [], url_path
        assert policy(sent["Content-Security-Policy"]) == expected
        assert sent["Referrer-Policy"] == "no-referrer"
        assert sent["X-Content-Type-Options"] == "nosniff"
        features = dict(item.split("=", 1) for item in sent["Permissions-Policy"].split(", "))
        assert {"camera", "microphone", "geolocation"} <= set(features)
        assert set(features.values()) == {"()"}, "every listed feature is switched off"
    csp = headers_for(rules, "/").get("Content-Security-Policy", "")
    assert "default-src" in csp and "unsafe-inline" not in csp and "'unsafe-eval'" not in csp


def test_nothing_is_cached_forever(site, rules):
    """Every file keeps its URL from one version to the next (the stylesheet is inline; no file
    carries a content hash in its name), so a year-long immutable cache would serve stale files."""
    for path in site.output.rglob("*"):
        if path.is_file():
            url_path = "/" + path.relative_to(site.output).as_posix()
            cache = headers_for(rules, url_path).get("Cache-Control", "")
            assert "immutable" not in cache and "max-age=31536000" not in cache, url_path


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
        # Nothing inline that the policy would block (JSON-LD is data, never run): no style
        # attribute, no inline script, and one <style>, whose exact bytes the policy allows.
        inline = [s for s in soup.select("script:not([src])") if s.get("type") not in DATA_TYPES]
        assert not soup.select("[style]") and not inline, page
        assert soup.select("style") == soup.select("head > style"), page
        assert style_hash(inline_style(page.read_bytes())) in expected["style-src"], page


def test_every_page_carries_the_theme_stylesheet_inline(site):
    """The `<style>` is the theme's stylesheet with only comments and whitespace left out, the
    same in every page, and the only style: no page links a stylesheet file."""
    source = (ROOT / "theme/static/css/style.css").read_text(encoding="utf-8")
    assert '"/*' not in source and "'/*" not in source  # so the simple comment regex is right
    words = re.sub(r"\s+", "", re.sub(r"/\*.*?\*/", "", source, flags=re.DOTALL))
    styles = {inline_style(page.read_bytes()) for page in site.html_files()}
    assert len(styles) == 1
    css = styles.pop().decode("utf-8")
    assert re.sub(r"\s+", "", css.replace("/**/", "")) == words
    assert len(css) < len(source), "comments and indentation are left out"
    for rel in ("", "about/", "search/"):
        assert not site.soup(rel).select('link[rel~="stylesheet"]'), rel


def test_local_builds_carry_no_policy_and_the_same_inline_style(site, local_site):
    """Locally the livereload script is inline: a CSP there would block it. The stylesheet is
    inline there too, byte for byte the production one."""
    page = (local_site / "index.html").read_bytes()
    assert b"Content-Security-Policy" not in page
    assert not (local_site / "_headers").exists()
    assert inline_style(page) == inline_style(site.path("").read_bytes())
    assert not list((local_site / "theme").rglob("*.css"))
