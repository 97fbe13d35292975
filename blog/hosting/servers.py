"""What the servers that read their own configuration get: Apache's ``.htaccess`` (written by
the build, blog/plugins/host_headers.py) and the nginx ``server { }`` block and Caddyfile site
block that ``invoke server-config`` prints. All carry the same headers as ``_headers``: the
full Content-Security-Policy (the pages' ``<meta>`` policy plus ``frame-ancestors``) and the
``/*`` rule of ``HOST_HEADERS``, on every status (the 404 page too).

Caching, where the server config sets it: Pagefind's files whose names carry a hash of their
bytes (``/pagefind/fragment/``, ``/index/``, ``/filter/``, ``*.pf_meta``) are kept for a year;
everything else is revalidated on every visit (``no-cache``: a 304 when unchanged), since every
other file keeps its address from one version of the site to the next.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .policy import build_policy, render_policy

# The policy's style-src holds the hash of the theme's stylesheet: a stale block blocks it.
REPRINT = (
    "# Printed from the settings and stylesheet of this checkout: print it again, and reload\n"
    "# the server, after a change to the CSP, HOST_HEADERS or the theme's stylesheet."
)
HASHED = r"^/pagefind/(fragment|index|filter)/|\.pf_meta$"
LONG_LIVED = "public, max-age=31536000, immutable"
REVALIDATED = "no-cache"

# The Content-Type of each text extension the build precompresses (PRECOMPRESS_TEXT_EXTENSIONS),
# as Debian's /etc/mime.types gives it to the file itself: Apache must send the copy the same.
TYPES = {
    ".html": "text/html",
    ".htm": "text/html",
    ".css": "text/css",
    ".js": "text/javascript",
    ".json": "application/json",
    ".xml": "application/xml",
    ".atom": "application/atom+xml",
    ".rss": "application/rss+xml",
    ".xsl": "application/xslt+xml",
    ".txt": "text/plain",
}


def server_headers(settings: dict[str, Any]) -> list[tuple[str, str]]:
    """The headers every response gets: the full policy, then HOST_HEADERS' ``/*`` rule."""
    from blog.hosting import Refused

    csp = build_policy(settings)
    headers = [("Content-Security-Policy", render_policy(csp))] if csp else []
    rules = settings.get("HOST_HEADERS") or {}
    headers += list(rules.get("/*", {}).items())
    for name, value in headers:
        if not re.fullmatch(r"[A-Za-z0-9-]+", name) or any(c in value for c in '"\\\r\n'):
            raise Refused(
                f"The header {name!r}: {value!r} (CSP or HOST_HEADERS in publishconf.py) is not "
                "a header name (letters, digits, -) with a value free of quotes, backslashes "
                "and line breaks, which a server config cannot carry: fix it."
            )
    return headers


def site_path(settings: dict[str, Any]) -> str:
    """The path the site lives under ('' at a domain's root, '/blog' under a folder)."""
    return urlsplit(settings.get("SITEURL") or "").path.rstrip("/")


def htaccess(settings: dict[str, Any]) -> str:
    """Apache's `.htaccess` for the output folder. Every directive of a module sits inside
    `<IfModule>`: a directive of a module that is not loaded makes every request a 500. Without
    mod_headers the pages keep their `<meta>` policy; without mod_rewrite or mod_headers the
    copies are not served (Apache's own mod_deflate may still compress)."""
    headers = server_headers(settings)
    extensions = sorted(set(settings.get("PRECOMPRESS_TEXT_EXTENSIONS") or TYPES) & set(TYPES))
    lines = [
        "# Written by the build for Apache (HOST = 'apache') and replaced at every build: change",
        "# the policy in publishconf.py (CSP, HOST_HEADERS), not here. Needs AllowOverride All",
        "# (or at least FileInfo Indexes Options) for this folder.",
        f"ErrorDocument 404 {site_path(settings)}/404.html",
        "DirectoryIndex index.html",
        "Options -Indexes",
        "",
        "<IfModule mod_headers.c>",
        *(f'  Header always set {name} "{value}"' for name, value in headers),
        "</IfModule>",
        "",
        "# The .br/.gz copies, to browsers that accept them: the copy's type is its file's,",
        "# its encoding br or gzip; mod_rewrite adds Vary: Accept-Encoding by itself, as its",
        "# conditions read that header.",
        "<IfModule mod_mime.c>",
        "  RemoveLanguage .br",
        "  RemoveType .br .gz",
        "  RemoveEncoding .br .gz",
        "</IfModule>",
        "<IfModule mod_rewrite.c>",
        "<IfModule mod_headers.c>",
        "  RewriteEngine On",
    ]
    for token, ext in (("br", "br"), ("gzip", "gz")):
        lines += [
            f"  RewriteCond %{{HTTP:Accept-Encoding}} \\b{token}\\b",
            f"  RewriteCond %{{REQUEST_FILENAME}}.{ext} -f",
            f"  RewriteRule ^(.+)$ $1.{ext} [L]",
        ]
    lines += [
        r"  RewriteRule \.(br|gz)$ - [E=no-gzip:1,E=no-brotli:1]",
        *(
            f'  <FilesMatch "\\{ext}\\.(br|gz)$">\n    ForceType {TYPES[ext]}\n  </FilesMatch>'
            for ext in extensions
        ),
        '  <FilesMatch "\\.br$">',
        "    Header set Content-Encoding br",
        "  </FilesMatch>",
        '  <FilesMatch "\\.gz$">',
        "    Header set Content-Encoding gzip",
        "  </FilesMatch>",
        "</IfModule>",
        "</IfModule>",
    ]
    extra = (settings.get("HTACCESS_EXTRA") or "").strip("\n")
    if extra:  # the owner's own rules (redirects, say): kept at every build, after ours
        lines += ["", "# HTACCESS_EXTRA (publishconf.py)", extra]
    return "\n".join(lines) + "\n"


def _listen_address(listen: str) -> str:
    """A port alone or address:port, nothing a config line could be broken by."""
    from blog.hosting import Refused

    listen = str(listen).strip()
    port = listen.rsplit(":", 1)[-1]
    if not (re.fullmatch(r"[\w.\-\[\]:]+", listen) and port.isdigit() and 0 < int(port) < 65536):
        raise Refused(
            f"--listen {listen!r} is not a port (80) or an address and port (127.0.0.1:8080)."
        )
    return listen


def _root(root: Path) -> str:
    """The site's folder on the server, absolute, quoted for both config languages."""
    from blog.hosting import Refused

    text = str(Path(root).absolute())
    if any(char in text for char in '"\\;{}$#') or any(ord(char) < 32 for char in text):
        raise Refused(
            f"--root {text!r} holds a character a server config would read as syntax "
            "(quote, backslash, ;, braces, $, # or a control character): serve the site "
            "from a folder without one."
        )
    return f'"{text}"'


def nginx_server(settings: dict[str, Any], root: Path, listen: str) -> str:
    """A complete nginx `server { }` block serving the built site at `root` on `listen`.

    `add_header` is inherited by a location only when the location sets none of its own, so
    each location repeats the whole set; `always` sends them with the 404 page too."""
    headers = server_headers(settings)

    def location(match: str, cache: str, extra: tuple[str, ...] = ()) -> list[str]:
        return [
            f"    location {match} {{",
            *extra,
            f'        add_header Cache-Control "{cache}" always;',
            *(f'        add_header {name} "{value}" always;' for name, value in headers),
            "    }",
        ]

    return (
        "\n".join(
            [
                "# The built site, served by nginx (`invoke server-config --host nginx`).",
                "# brotli_static needs Debian's libnginx-mod-http-brotli-static, loaded in",
                "# nginx.conf: load_module modules/ngx_http_brotli_static_module.so;",
                REPRINT,
                "server {",
                f"    listen {_listen_address(listen)};",
                "    server_name _;",
                f"    root {_root(root)};",
                "    index index.html;",
                "    autoindex off;",
                "    absolute_redirect off;",
                "    server_tokens off;",
                "",
                "    # The .gz and .br copies beside each text file, with Vary: Accept-Encoding.",
                "    gzip_static on;",
                "    brotli_static on;",
                "    gzip_vary on;",
                "",
                "    error_page 404 /404.html;",
                "",
                *location("/", REVALIDATED, ("        try_files $uri $uri/ =404;",)),
                *location(f"~ {HASHED}", LONG_LIVED),
                "}",
            ]
        )
        + "\n"
    )


def caddy_site(settings: dict[str, Any], root: Path, listen: str) -> str:
    """A complete Caddyfile site block (no global options block, so it fits any Caddyfile)."""
    listen = _listen_address(listen)
    address = f"http://:{listen}" if listen.isdigit() else f"http://{listen}"
    headers = server_headers(settings)
    header_block = [
        "    header {",
        *(f'        {name} "{value}"' for name, value in headers),
        "    }",
    ]
    return (
        "\n".join(
            [
                "# The built site, served by Caddy (`invoke server-config --host caddy`).",
                REPRINT,
                f"{address} {{",
                f"    root * {_root(root)}",
                *header_block,
                f"    @hashed path_regexp hashed {HASHED}",
                f"    @revalidated not path_regexp {HASHED}",
                f'    header @hashed Cache-Control "{LONG_LIVED}"',
                f'    header @revalidated Cache-Control "{REVALIDATED}"',
                "    file_server {",
                "        precompressed br gzip",
                "    }",
                "    handle_errors {",
                "        @missing expression {err.status_code} == 404",
                "        handle @missing {",
                "            rewrite * /404.html",
                "            file_server",
                "        }",
                "    }",
                "}",
            ]
        )
        + "\n"
    )


def server_config(host: str, settings: dict[str, Any], root: Path, listen: str) -> str:
    """What `invoke server-config --host HOST` prints: nginx's or Caddy's block."""
    from blog.hosting import Refused, choose
    from blog.plugins import with_defaults

    profile = choose(host)
    settings = with_defaults(settings)  # outside a build: the plugins' defaults, as in a build
    renderers = {"nginx": nginx_server, "caddy": caddy_site}
    if profile.name in renderers:
        return renderers[profile.name](settings, root, listen)
    if profile.htaccess:
        raise Refused(
            "Apache reads the .htaccess that `invoke preview --host apache` writes into the "
            "output: there is no server block to print (docs/hosting.md, Apache)."
        )
    raise Refused(
        f"{profile.name} serves the uploaded folder with its own configuration: there is no "
        "server block to print (docs/hosting.md). server-config knows nginx and caddy."
    )
