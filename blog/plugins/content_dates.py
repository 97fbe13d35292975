"""The site's own date comes from its content, never from the clock.

Two builds of the same content must be byte-identical, also for a site with no posts yet.
A feed's ``updated`` is its newest entry's date, but a feed with no entries takes the clock
time (feedgenerator's ``latest_post_date``); the sitemap dates list pages (home, tags,
archives) with the date of the site. That date is the newest ``Date`` or ``Modified`` of a
published post or page; without any (no posts, pages without dates) it is
``SOURCE_DATE_EPOCH`` when set (the reproducible-builds convention), else 1970-01-01 UTC.

Signals:

* ``initialized``: start a build.
* ``all_generators_finalized``: everything is read; work out the site's date, which
  blog/plugins/search_engines.py asks :func:`date_of` for (the sitemap), and put
  ``COPYRIGHT_YEARS`` (first and last year of the published posts) in the templates' context,
  for the footer.
* ``feed_generated``: a feed with no entries is dated with the site's date.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from typing import Any

from pelican import signals

from . import BuildState


class DateState(BuildState):
    """The site's date, once everything is read."""

    date: datetime | None = None

    def reset(self) -> None:
        self.date = None


state = DateState(__name__)


def date_of(settings: dict[str, Any]) -> datetime | None:
    """The site's date in the build whose settings are `settings`, once all is read."""
    return state.date if state.active(settings) else None


def site_date(generators: list[Any]) -> datetime:
    """The newest date of a published post or page; else SOURCE_DATE_EPOCH; else 1970."""
    dates = [
        getattr(item, "modified", None) or item.date
        for generator in generators
        for name in ("articles", "pages")
        for item in getattr(generator, name, ())
        if getattr(item, "date", None) or getattr(item, "modified", None)
    ]
    if dates:
        return max(dates)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    try:
        return datetime.fromtimestamp(int(epoch) if epoch.isdigit() else 0, tz=UTC)
    except (OverflowError, OSError, ValueError):  # refused with one sentence (owner_settings.py)
        return datetime.fromtimestamp(0, tz=UTC)


def start(pelican: Any) -> None:
    state.begin(pelican)


def copyright_years(generators: list[Any]) -> tuple[int, int] | None:
    """The first and last year of the published posts, or None without any."""
    years = [
        item.date.year
        for generator in generators
        for item in getattr(generator, "articles", ())
        if getattr(item, "date", None)
    ]
    return (min(years), max(years)) if years else None


def pin(generators: list[Any]) -> None:
    settings = generators[0].settings
    if state.active(settings):
        state.date = site_date(generators)
        # Once per build, not in the footer of every page (at 1,000 posts, mapping every post's
        # date in each of ~3,800 pages' footers was most of a warm build's writing time).
        generators[0].context["COPYRIGHT_YEARS"] = copyright_years(generators)


def date_empty_feed(context: Any, feed: Any) -> None:
    date = state.date
    if date is None or not state.active() or feed.items:
        return
    feed.latest_post_date = lambda: date


def register() -> None:
    signals.initialized.connect(start)
    signals.all_generators_finalized.connect(pin)
    signals.feed_generated.connect(date_empty_feed)
