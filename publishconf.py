"""Production settings: what CI builds and publishes.

Imports the local settings and overrides only what must differ in public:
absolute URLs, no drafts, a strict build that fails on any warning.
"""

from __future__ import annotations

import os
import runpy
from pathlib import Path

# Every local setting first. Pelican loads a settings file by its path, so load pelicanconf.py
# beside this file the same way: `pelican -s publishconf.py` works from any folder, with no
# sys.path edits. Pelican reads only the upper-case names.
_local = runpy.run_path(str(Path(__file__).with_name("pelicanconf.py")))
globals().update((name, value) for name, value in _local.items() if name.isupper())

# The host the site is deployed to (docs/hosting.md): github-pages, cloudflare-pages, netlify,
# nginx, apache or caddy. Each profile writes exactly what its host reads (blog/hosting/):
# `_headers`, `.htaccess`, precompressed copies. `invoke preview --host NAME` and SITE_HOST in
# the environment choose another for one build.
HOST = os.environ.get("SITE_HOST") or "github-pages"
# Apache: your own .htaccess lines (redirects, say), added after the generated ones at every
# build; the build replaces output/.htaccess, so rules written into it by hand are lost.
HTACCESS_EXTRA = ""

# A preview deployment (Cloudflare Pages on a branch other than PRODUCTION_BRANCH, Netlify in a
# context other than production) is served at its own address: links and the policy use it
# when SITEURL is not set, and every page says noindex. Loaded by path, as pelicanconf.py is.
PRODUCTION_BRANCH = os.environ.get("PRODUCTION_BRANCH") or "main"
_preview = runpy.run_path(str(Path(__file__).with_name("blog") / "hosting" / "preview.py"))
PREVIEW_URL = _preview["preview_address"](os.environ, PRODUCTION_BRANCH) or ""
NOINDEX_EVERY_PAGE = bool(PREVIEW_URL)

# The public address; set SITEURL in the environment to publish elsewhere.
SITEURL = (
    os.environ.get("SITEURL") or PREVIEW_URL or "https://keepingyourcalmincounseling.com"
).rstrip("/")
FEED_DOMAIN = SITEURL
RELATIVE_URLS = False

# Drafts are never written in production, and future-dated posts wait (Pelican makes them
# drafts). A draft in another language (`Lang:`) has settings of its own.
DRAFT_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""
DRAFT_LANG_SAVE_AS = ""
DRAFT_PAGE_LANG_SAVE_AS = ""
WITH_FUTURE_DATES = False

# Any bad post, broken link or warning fails the build with a "path: problem" list.
STRICT = True

DELETE_OUTPUT_DIRECTORY = True
OUTPUT_RETENTION = [".git", "CNAME"]

# Content-Security-Policy, one source for both the `_headers` file and the <meta> tag in every
# page (blog/plugins/host_headers.py). It starts at 'self' and names a source only when a feature
# needs it; never 'unsafe-inline'. The inline stylesheet is allowed by its sha256, which the
# build appends to style-src from the exact text it writes into the pages (inline_style.py).
CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'wasm-unsafe-eval'"],  # Pagefind search runs WebAssembly
    "style-src": ["'self'"],  # + 'sha256-...' of the inline stylesheet, computed at build time
    "img-src": ["'self'", "data:"],
    "connect-src": ["'self'"],  # Pagefind fetches its index
    "font-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],  # header only: a <meta> policy cannot carry it
}
# `_headers` for Netlify and Cloudflare Pages (same syntax on both). Each header sits in one
# rule only: where rules overlap, both hosts send all matching headers and join repeats.
HOST_HEADERS = {
    "/*": {
        "Referrer-Policy": "no-referrer",
        "X-Content-Type-Options": "nosniff",
        "Permissions-Policy": (
            "accelerometer=(), browsing-topics=(), camera=(), geolocation=(), gyroscope=(), "
            "magnetometer=(), microphone=(), payment=(), usb=()"
        ),
    },
}
if NOINDEX_EVERY_PAGE:  # a preview deployment: feeds, sitemap and the rest stay unindexed too
    HOST_HEADERS["/*"]["X-Robots-Tag"] = "noindex"

# `.gz` and `.br` copies of text files, for hosts that serve precompressed files (nginx
# gzip_static/brotli_static, Caddy, Apache's rewrite rules; only the nginx, caddy and apache
# profiles make them, blog/hosting/): made while Pelican writes, on every core, and reused for
# unchanged files (blog/plugins/precompress_cache.py, pelican-precompress's settings and
# compressors; it replaces that plugin's own pass, which is not listed). Brotli at quality 10,
# not 11: 0.40x the CPU time for copies 2.2-2.5% larger (benchmarks/README.md).
PLUGINS = [*_local["PLUGINS"], "blog.plugins.precompress_cache"]
PRECOMPRESS_GZIP = True
PRECOMPRESS_BROTLI = True
PRECOMPRESS_BROTLI_QUALITY = 10
PRECOMPRESS_ZSTANDARD = False
PRECOMPRESS_ZOPFLI = False

# Build speed (benchmarks/report.md): Pelican's content cache, keyed by each file's bytes (md5,
# so a fresh clone can reuse it) and, through blog/plugins/cache_key.py, by every setting, plugin
# source and installed package version: any of those changes starts an empty cache.
PLUGINS += ["blog.plugins.cache_key"]
# Files the content cache lacks (every file, in a fresh clone) are read on every core first
# (blog/plugins/parallel_read.py); Pelican then takes them from the cache.
PLUGINS += ["blog.plugins.parallel_read"]
# Templates do not change during a build: without this, Jinja checks each template file's
# modification time every time a page includes it (35,000 stat calls for 1,000 posts).
JINJA_ENVIRONMENT = {**_local["JINJA_ENVIRONMENT"], "auto_reload": False}
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CHECK_MODIFIED_METHOD = "md5"
# Pelican writes its whole content cache at every build; gzip at level 9 took a quarter of a
# second of each build at 1,000 posts (8 MB uncompressed, 1 MB gzipped; the CI cache is
# compressed again anyway).
GZIP_CACHE = False
