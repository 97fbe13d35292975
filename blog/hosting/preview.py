"""Preview deployments: the address a Cloudflare Pages or Netlify preview build is served at.

Loaded by publishconf.py by its path (runpy), so it imports nothing of the blog package.

* Cloudflare Pages sets ``CF_PAGES=1``, ``CF_PAGES_BRANCH`` and ``CF_PAGES_URL`` on every build,
  production included: a branch other than the production branch is what makes a preview.
* Netlify sets ``CONTEXT`` (``production``, ``deploy-preview``, ``branch-deploy``, ...) and
  ``DEPLOY_PRIME_URL``, the address of this deploy.
"""

from __future__ import annotations

import re
from collections.abc import Mapping


def _address(url: str) -> str | None:
    """`url` without its trailing slash, when it is a web address at all."""
    url = url.strip()
    if re.fullmatch(r"https?://[^\s/?#\"'<>]+(/[^\s?#\"'<>]*)?", url):
        return url.rstrip("/")
    return None


def preview_address(environ: Mapping[str, str], production_branch: str = "main") -> str | None:
    """The preview's address (no trailing slash) when this build is a preview, else None."""
    if environ.get("CF_PAGES") == "1":
        branch = environ.get("CF_PAGES_BRANCH", "")
        if branch and branch != production_branch:
            return _address(environ.get("CF_PAGES_URL", ""))
        return None
    context = environ.get("CONTEXT", "")
    if context and context != "production":
        return _address(environ.get("DEPLOY_PRIME_URL", ""))
    return None
