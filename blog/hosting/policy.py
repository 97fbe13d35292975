"""The one policy source for every host: the ``CSP`` setting plus the inline stylesheet's hash,
rendered as a header value, a `<meta>` value (without the directives a `<meta>` cannot carry)
and a `_headers` file. blog/plugins/host_headers.py writes them into a build;
blog/hosting/servers.py puts the same values into nginx's, Caddy's and Apache's configuration.
"""

from __future__ import annotations

from typing import Any

from ..plugins.inline_style import inline_style

# Directives browsers ignore (and the HTML spec forbids) in a <meta> policy.
HEADER_ONLY = frozenset({"frame-ancestors", "report-uri", "sandbox"})


def render_policy(csp: dict[str, list[str]], *, meta: bool = False) -> str:
    """`{"default-src": ["'self'"], ...}` -> "default-src 'self'; ..." in the given order."""
    return "; ".join(
        f"{directive} {' '.join(sources)}".strip()
        for directive, sources in csp.items()
        if not (meta and directive in HEADER_ONLY)
    )


def render_headers(csp: dict[str, list[str]], rules: dict[str, dict[str, str]]) -> str:
    """The `_headers` file: a path rule at the margin, its headers indented below it."""
    if csp and "/*" not in rules:
        raise ValueError("HOST_HEADERS needs a '/*' rule to carry the CSP to every page")
    blocks = []
    for path, headers in rules.items():
        if path == "/*" and csp:
            headers = {"Content-Security-Policy": render_policy(csp), **headers}
        lines = [path, *(f"  {name}: {value}" for name, value in headers.items())]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def build_policy(settings: dict[str, Any]) -> dict[str, list[str]]:
    """The CSP setting plus the hash of this build's inline stylesheet in ``style-src``."""
    # No CSP is no policy: a local build, or settings read outside a build (server-config).
    csp = dict(settings.get("CSP") or {})
    style = inline_style(settings) if csp else None
    if style:
        # Without a style-src of its own, styles fall back to default-src: keep what it allows.
        allowed = csp.get("style-src", csp.get("default-src", []))
        csp["style-src"] = [*allowed, style[1]]
    return csp
