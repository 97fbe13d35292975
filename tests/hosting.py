"""What a static host and a browser make of the built files, for the tests: the `_headers` file
as Netlify and Cloudflare Pages read it, a Content-Security-Policy as directives, and a page's
inline `<style>` with the hash a browser computes for it."""

from __future__ import annotations

import base64
import hashlib
import re

STYLE = re.compile(rb"<style>(.*?)</style>", re.DOTALL)


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


def inline_style(html: bytes) -> bytes:
    """The text of a page's one `<style>` element, as bytes on the wire."""
    found = STYLE.findall(html)
    assert len(found) == 1 and html.count(b"<style") == 1, "exactly one <style> element"
    return found[0]


def style_hash(css: bytes) -> str:
    """The CSP source a browser computes for an inline element with this text."""
    return f"'sha256-{base64.b64encode(hashlib.sha256(css).digest()).decode()}'"


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
