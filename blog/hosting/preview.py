"""Preview deployments: the address a Cloudflare Pages or Netlify preview build is served at.

Loaded by publishconf.py by its path (runpy), so it imports nothing of the blog package.

* Cloudflare Pages sets ``CF_PAGES=1``, ``CF_PAGES_BRANCH`` and ``CF_PAGES_URL`` on every build,
  production included: a branch other than the production branch is what makes a preview.
* Netlify sets ``CONTEXT`` (``production``, ``deploy-preview``, ``branch-deploy``, ...) and
  ``DEPLOY_PRIME_URL``, the address of this deploy.
"""

from __future__ import annotations

from collections.abc import Mapping


def preview_address(environ: Mapping[str, str], production_branch: str = "main") -> str | None:
    """The preview's address (no trailing slash) when this build is a preview, else None."""
    if environ.get("CF_PAGES") == "1":
        branch = environ.get("CF_PAGES_BRANCH", "")
        url = environ.get("CF_PAGES_URL", "")
        if branch and branch != production_branch and url:
            return url.rstrip("/")
        return None
    context, url = environ.get("CONTEXT", ""), environ.get("DEPLOY_PRIME_URL", "")
    if context and context != "production" and url:
        return url.rstrip("/")
    return None
