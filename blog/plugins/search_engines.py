"""What search engines read besides the pages: ``sitemap.xml`` and ``robots.txt``.

The sitemap lists every published post and page and every list page but those named in
``NOINDEX`` (output paths, such as ``404.html``: the one list of pages search engines should
not index, which the theme also marks ``<meta name="robots" content="noindex">``), in the
format of pelican-sitemap 1.2.2 (which this replaces, configured by the same ``SITEMAP``
setting, whose ``exclude`` patterns NOINDEX replaces), with two differences: every address
is percent-encoded and XML-escaped (pelican-sitemap writes an author's ``Slug: q&a`` as it
is, and the file is not XML any more), and nothing is dated by the clock: a post or page
has its own date, a list page the site's (from blog/plugins/content_dates.py), so two builds
of the same content are identical.

Signals:

* ``initialized``: start a build (the list of written pages is per build), with this
  plugin's ``DEFAULTS``; a ``SITEMAP`` with ``exclude`` patterns is refused, naming NOINDEX.
* ``content_written``: note each page written, with the post or page it shows.
* ``finalized``: write ``robots.txt`` allowing everything and naming the sitemap. The
  ``Sitemap:`` line needs an absolute address, so a local build (SITEURL "") omits it.
* ``sitemap`` (pelican-granular-signals, after every ``finalized`` receiver: the phase for
  files that list the whole written site, blog/plugins/phases.py): write ``sitemap.xml``.
"""

from __future__ import annotations

import logging
import os
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote
from urllib.request import pathname2url
from xml.sax.saxutils import escape, quoteattr

from pelican import contents, signals

from . import BuildState, content_dates, phases, use_defaults

#: What this plugin writes at the top of the output folder: the content rules reserve it.
WRITES = ("sitemap.xml", "robots.txt")

logger = logging.getLogger(__name__)

HEADER = """<?xml version="1.0" encoding="utf-8"?>
<urlset xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
xsi:schemaLocation="http://www.sitemaps.org/schemas/sitemap/0.9 http://www.sitemaps.org/schemas/sitemap/0.9/sitemap.xsd"
xmlns:xhtml="http://www.w3.org/1999/xhtml"
xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
"""
ENTRY = """
<url>
<loc>{loc}</loc>
<lastmod>{lastmod}</lastmod>
<changefreq>{changefreq}</changefreq>
<priority>{priority}</priority>
{translations}</url>
"""
TRANSLATION = """<xhtml:link rel="alternate" hreflang={lang} href={href}/>
"""
FOOTER = """
</urlset>
"""
CHANGEFREQS = {"articles": "monthly", "pages": "monthly", "indexes": "daily"}
PRIORITIES = {"articles": 0.5, "pages": 0.5, "indexes": 0.5}
CHANGEFREQ_VALUES = {"always", "hourly", "daily", "weekly", "monthly", "yearly", "never"}
#: Characters an address keeps as they are; everything else is percent-encoded (UTF-8).
#: "%" is kept: list pages' addresses come already encoded from their file names.
URL_SAFE = "/:@!$&'()*+,;=~%"


class SitemapState(BuildState):
    """The pages this build wrote: (output file, the post or page it shows, or None)."""

    written: list[tuple[str, Any]]

    def reset(self) -> None:
        self.written = []


state = SitemapState(__name__)
# No page left out unless NOINDEX names it (pelicanconf.py names the 404 and search pages).
DEFAULTS: dict[str, Any] = {"SITEMAP": {"format": "xml"}, "NOINDEX": []}


class SitemapSettingError(SystemExit):
    """A sitemap setting this plugin does not take; the message says what to write instead."""


def start(pelican: Any) -> None:
    if not state.begin(pelican):
        return
    use_defaults(pelican.settings, DEFAULTS)
    sitemap, noindex = pelican.settings["SITEMAP"], pelican.settings["NOINDEX"]
    if not isinstance(noindex, (list, tuple)) or not all(isinstance(p, str) for p in noindex):
        raise SitemapSettingError(
            f"NOINDEX: {noindex!r} is not a list of output paths; write it as a list, such as "
            '["404.html", "search/index.html"]'
        )
    if isinstance(sitemap, dict) and "exclude" in sitemap:
        raise SitemapSettingError(
            "SITEMAP: 'exclude' is replaced by NOINDEX (pelicanconf.py): list there the output "
            'path of each page to keep out of search engines (such as "404.html"); those '
            "pages are left out of sitemap.xml and marked noindex"
        )


def note(path: str, context: dict[str, Any] | None = None, **_kwargs: Any) -> None:
    if state.active() and context is not None:
        state.written.append((path, context.get("article") or context.get("page")))


def address(siteurl: str, url: str) -> str:
    """A page's absolute address, percent-encoded: safe to put in XML once escaped."""
    return quote(f"{siteurl}/{url}", safe=URL_SAFE)


def format_date(date: datetime) -> str:
    """W3C date-time, as pelican-sitemap writes it."""
    if date.tzinfo:
        zone = date.strftime("%z")
        zone = zone[:-2] + ":" + zone[-2:]
    else:
        zone = "-00:00"
    return date.strftime("%Y-%m-%dT%H:%M:%S") + zone


def _clean(url: str) -> str:
    """A folder's address, not its index.html."""
    return re.sub(r"(?:^|(?<=/))index.html$", "", url)


def _kind(item: Any) -> str:
    if isinstance(item, contents.Article):
        return "articles"
    return "pages" if isinstance(item, contents.Page) else "indexes"


def _changefreq(item: Any, default: str) -> str:
    value = getattr(item, "changefreq", default)
    if value not in CHANGEFREQ_VALUES:
        choices = ", ".join(sorted(CHANGEFREQ_VALUES))
        logger.warning("sitemap: Changefreq '%s' is not one of: %s", value, choices)
        return default
    return value


def _priority(item: Any, default: float) -> float:
    value = getattr(item, "priority", default)
    try:
        return float(value)
    except (TypeError, ValueError):
        logger.warning("sitemap: Priority '%s' is not a number such as 0.5", value)
        return default


def write_sitemap(pelican: Any) -> None:
    settings = pelican.settings
    config = settings.get("SITEMAP")
    if not state.active(settings) or not isinstance(config, dict):
        return
    output = pelican.output_path
    siteurl = settings.get("SITEURL", "")
    noindex = set(settings["NOINDEX"])
    for missing in sorted(
        noindex - {os.path.relpath(path, output) for path, _item in state.written}
    ):
        logger.warning(
            "NOINDEX: %r is no page of this site; name the output path of the page, such as "
            '"search/index.html" for the address /search/',
            missing,
        )
    changefreqs = {**CHANGEFREQS, **config.get("changefreqs", {})}
    priorities = {**PRIORITIES, **config.get("priorities", {})}
    site_date = content_dates.date_of(settings) or datetime.fromtimestamp(0, tz=UTC)
    entries = []
    for path, item in state.written:
        url = _clean(item.url if item else pathname2url(os.path.relpath(path, output)))
        private = getattr(item, "private", "") == "True"
        hidden = getattr(item, "status", "published") != "published"
        if private or hidden or Path(os.path.relpath(path, output)).as_posix() in noindex:
            continue
        entries.append((url, item))
    entries.sort(key=lambda entry: entry[0])
    is_xml = config.get("format", "xml") == "xml"
    name = os.path.join(output, "sitemap." + ("xml" if is_xml else "txt"))
    with open(name, "w", encoding="utf-8") as out:
        if not is_xml:
            out.writelines(f"{address(siteurl, url)}\n" for url, _item in entries)
            return
        out.write(HEADER)
        for url, item in entries:
            kind = _kind(item)
            date = getattr(item, "modified", None) or getattr(item, "date", None) or site_date
            translations = "".join(
                TRANSLATION.format(
                    lang=quoteattr(str(other.lang)),
                    href=quoteattr(address(siteurl, _clean(other.url))),
                )
                for other in getattr(item, "translations", ())
            )
            out.write(
                ENTRY.format(
                    loc=escape(address(siteurl, url)),
                    lastmod=format_date(date),
                    changefreq=_changefreq(item, changefreqs[kind]),
                    priority=_priority(item, priorities[kind]),
                    translations=translations,
                )
            )
        out.write(FOOTER)


def write_robots(pelican: Any) -> None:
    siteurl = pelican.settings.get("SITEURL", "")
    lines = ["User-agent: *", "Allow: /"]
    if siteurl.startswith(("http://", "https://")) and pelican.settings.get("SITEMAP"):
        lines += ["", f"Sitemap: {siteurl}/sitemap.xml"]
    Path(pelican.output_path, "robots.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def register() -> None:
    signals.initialized.connect(start)
    signals.content_written.connect(note)
    signals.finalized.connect(write_robots)
    phases.signal("sitemap").connect(write_sitemap)
