"""Production settings: what CI builds and publishes.

Imports the local settings and overrides only what must differ in public:
absolute URLs, no drafts, a strict build that fails on any warning.
"""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from pelicanconf import *

# The public address; set SITEURL in the environment to publish elsewhere.
SITEURL = os.environ.get("SITEURL", "https://keepingyourcalmincounseling.com").rstrip("/")
FEED_DOMAIN = SITEURL
RELATIVE_URLS = False

# Drafts are never written in production, and future-dated posts wait.
DRAFT_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""
WITH_FUTURE_DATES = False

# Any bad post, broken link or warning fails the build with a "path: problem" list.
STRICT = True

DELETE_OUTPUT_DIRECTORY = True
OUTPUT_RETENTION = [".git", "CNAME"]
