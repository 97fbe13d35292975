"""One Content-Security-Policy for every host: the page `<meta>` and the `_headers` file.

Settings (publishconf.py):

* ``CSP``: directive -> list of sources. Empty means no policy, as in local previews, where
  the livereload script is inline and a strict policy would block it.
* ``HOST_HEADERS``: path rule -> {header: value}, for hosts that read a `_headers` file
  (Netlify, Cloudflare Pages). The CSP is added to the ``/*`` rule, which covers every path.
  When several rules match, both hosts send every matching header, so each header belongs
  in one rule only, or its values would be joined.

The stylesheet is inline in every page (blog/plugins/inline_style.py). The policy allows that
one ``<style>`` by the sha256 of its exact text, added to ``style-src`` at build time, so the
setting never holds a stale hash and a changed stylesheet changes the header and every page's
``<meta>`` in the same build. Any other inline style, and every inline script, stays blocked:
there is never an ``'unsafe-inline'``.

Signals:

* ``initialized``: start a build; an unknown ``HOST`` (blog/hosting/) stops it here with one
  sentence, before anything is written.
* ``generator_init``: put ``CSP_META`` in the template context: the policy without the
  directives a `<meta>` cannot carry (``frame-ancestors``, ``report-uri``, ``sandbox``), for
  partials/head/csp_meta.html. GitHub Pages and plain folder hosts send no custom headers; the
  `<meta>` is their policy.
* ``finalized``: write what the build's host profile reads (``HOST``, blog/hosting/): `_headers`
  (Cloudflare Pages, Netlify; also any build without a ``HOST``) or Apache's `.htaccess`, with
  the full policy, so header and `<meta>` never differ.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pelican import signals

from ..hosting.policy import build_policy, render_headers, render_policy
from . import BuildState, use_defaults

#: What this plugin writes at the top of the output folder: the content rules reserve it.
WRITES = ("_headers", ".htaccess")

# Empty: no policy and no _headers file (a local preview); publishconf.py sets both.
DEFAULTS: dict[str, Any] = {"CSP": {}, "HOST_HEADERS": {}}
state = BuildState(__name__)


def start(pelican: Any) -> None:
    from blog.hosting import profile_of

    if state.begin(pelican):
        use_defaults(pelican.settings, DEFAULTS)
        profile_of(pelican.settings)  # an unknown HOST stops here, before anything is written


def publish_meta(generator: Any) -> None:
    if state.active(generator.settings):
        generator.context["CSP_META"] = render_policy(build_policy(generator.settings), meta=True)


def write_headers(pelican: Any) -> None:
    from blog.hosting import servers, writes_headers_file, writes_htaccess

    settings = pelican.settings
    if not state.active(settings):
        return
    csp, rules = build_policy(settings), settings["HOST_HEADERS"]
    output = Path(settings["OUTPUT_PATH"])
    if writes_htaccess(settings):
        (output / ".htaccess").write_text(servers.htaccess(settings), encoding="utf-8")
    if (csp or rules) and writes_headers_file(settings):
        (output / "_headers").write_text(render_headers(csp, rules), encoding="utf-8")


def register() -> None:
    signals.initialized.connect(start)
    signals.generator_init.connect(publish_meta)
    signals.finalized.connect(write_headers)
