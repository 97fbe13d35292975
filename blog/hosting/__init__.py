"""Host profiles: what each static host reads besides the pages, chosen by one ``HOST`` setting.

``HOST`` (publishconf.py; ``SITE_HOST`` in the environment; ``invoke preview --host NAME`` and
``invoke publish --host NAME``) names one of :data:`PROFILES`. Each profile writes exactly what
its host uses, all from the one policy source (``CSP`` and ``HOST_HEADERS``, rendered by
blog/hosting/policy.py and written into each build by blog/plugins/host_headers.py):

* ``_headers`` for Cloudflare Pages and Netlify, which read it;
* ``.htaccess`` for Apache (servers.htaccess);
* the ``.br``/``.gz`` copies (blog/plugins/precompress_cache.py) only where the server sends
  them: nginx (gzip_static, brotli_static), Caddy (precompressed) and Apache (its rewrite
  rules). GitHub Pages, Cloudflare Pages and Netlify compress by themselves and never serve
  the copies.

A build whose settings have no ``HOST`` (the local settings, a plugin's own test) follows its
``PRECOMPRESS_*`` settings and writes ``_headers``, as before profiles existed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

DEFAULT = "github-pages"


@dataclass(frozen=True)
class Profile:
    name: str
    headers_file: bool = False  # `_headers` (Cloudflare Pages, Netlify)
    htaccess: bool = False  # `.htaccess` (Apache)
    precompressed: bool = False  # `.br`/`.gz` copies beside the text files


PROFILES = {
    profile.name: profile
    for profile in (
        Profile("github-pages"),
        Profile("cloudflare-pages", headers_file=True),
        Profile("netlify", headers_file=True),
        Profile("nginx", precompressed=True),
        Profile("apache", htaccess=True, precompressed=True),
        Profile("caddy", precompressed=True),
    )
}


class Refused(SystemExit):
    """What the hosting code cannot do, as one sentence saying what to do instead (a
    SystemExit's text is printed alone, without a traceback)."""


class UnknownHost(Refused):
    """A HOST that names no profile."""


def choose(name: str | None) -> Profile:
    """The profile called `name`; an unknown name stops with what to write instead."""
    name = (name or DEFAULT).strip().lower()
    if name not in PROFILES:
        raise UnknownHost(
            f"HOST {name!r} (publishconf.py, SITE_HOST or --host) is not a host profile: "
            f"use one of {', '.join(PROFILES)}."
        )
    return PROFILES[name]


def profile_of(settings: dict[str, Any]) -> Profile | None:
    """The build's profile, or None when its settings name no HOST."""
    return choose(settings["HOST"]) if settings.get("HOST") else None


def writes_headers_file(settings: dict[str, Any]) -> bool:
    profile = profile_of(settings)
    return profile is None or profile.headers_file


def writes_htaccess(settings: dict[str, Any]) -> bool:
    profile = profile_of(settings)
    return profile is not None and profile.htaccess


def precompresses(settings: dict[str, Any]) -> bool:
    profile = profile_of(settings)
    return profile is None or profile.precompressed
