"""RSS items say that their ``<guid>`` is an identifier, not an address.

Pelican gives every feed item a ``tag:`` URI as its unique id (stable, and the same as the
Atom ``<id>``). RSS 2.0 reads a ``<guid>`` without ``isPermaLink="false"`` as a permalink,
"a url that can be opened in a Web browser", which a ``tag:`` URI is not: the W3C Feed
Validation Service reports it as an error and a reader may try to open it.

Signal: ``feed_generated``, after Pelican has added the items and before it writes the feed:
mark each RSS item's id as not a permalink (feedgenerator then writes the attribute). Atom
feeds are left as they are: their ``<id>`` may be any URI.
"""

from __future__ import annotations

from typing import Any

from feedgenerator import Rss201rev2Feed
from pelican import signals


def mark_guids(context: Any, feed: Any) -> None:
    if not isinstance(feed, Rss201rev2Feed):
        return
    for item in feed.items:
        if item.get("unique_id"):
            item["unique_id_is_permalink"] = False


def register() -> None:
    signals.feed_generated.connect(mark_guids)
