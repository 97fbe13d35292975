"""What search engines read besides the pages: `robots.txt`, and a reproducible `sitemap.xml`.

The sitemap itself is pelican-sitemap's (``pelican.plugins.sitemap``, configured by
``SITEMAP`` in pelicanconf.py). Two things it does not do, done here:

* ``all_generators_finalized``: pelican-sitemap dates list pages (home, tags, archives) with
  the clock time of the build, so two builds of the same content differ. Give it the date of
  the newest published post or page instead: a list page changes when a post does.
* ``finalized``: write ``robots.txt`` allowing everything and naming the sitemap. The
  ``Sitemap:`` line needs an absolute address, so a local build (SITEURL "") omits it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pelican import signals


def pin_sitemap_date(generators: list[Any]) -> None:
    try:
        from pelican.plugins.sitemap import sitemap
    except ImportError:
        return
    dates = [
        getattr(item, "modified", None) or item.date
        for generator in generators
        for name in ("articles", "pages")
        for item in getattr(generator, name, ())
        if getattr(item, "date", None) or getattr(item, "modified", None)
    ]
    if dates:
        sitemap.generator.now = max(dates)


def write_robots(pelican: Any) -> None:
    siteurl = pelican.settings.get("SITEURL", "")
    lines = ["User-agent: *", "Allow: /"]
    if siteurl.startswith(("http://", "https://")) and pelican.settings.get("SITEMAP"):
        lines += ["", f"Sitemap: {siteurl}/sitemap.xml"]
    Path(pelican.output_path, "robots.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def register() -> None:
    signals.all_generators_finalized.connect(pin_sitemap_date)
    signals.finalized.connect(write_robots)
