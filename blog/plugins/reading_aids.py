"""Reading aids for a post: reading time, an outline of its sections, and heading anchors.

Signals:

* ``content_object_init``: count the words of each article or page once, when it is read,
  and list its ``<h2 id>`` sections (ids come from Markdown's ``toc`` extension). The theme
  shows ``reading_time`` in the post's meta line and a table of contents when ``outline`` has
  ``TOC_MIN_HEADINGS`` entries or more.
* ``generator_init``: give templates the ``heading_anchors`` filter, which adds a labelled
  link to every ``<h2 id>``/``<h3 id>``. It runs at render time, not on the stored content, so
  auto-generated summaries and feeds never carry "#" links that point at the wrong page.

A regex is enough here: Markdown's ``toc`` extension writes every heading as
``<hN id="...">...</hN>``; there is no arbitrary HTML to parse.
"""

from __future__ import annotations

import html
import math
import re
from typing import Any

from markupsafe import Markup
from pelican import signals

from . import BuildState, use_defaults

HEADING = re.compile(r'<h([23]) id="([^"]+)">(.*?)</h\1>', re.DOTALL)
TAG = re.compile(r"<[^>]+>")
WORD = re.compile(r"\w+(?:['’]\w+)*")


def plain_text(fragment: str) -> str:
    """`Who&#8217;s <span class="caps">IOP</span>` -> `Who’s IOP` (for labels and counting)."""
    return " ".join(html.unescape(TAG.sub(" ", fragment)).split())


def reading_minutes(content: str, words_per_minute: int) -> int:
    """Whole minutes to read, at least one."""
    words = len(WORD.findall(html.unescape(TAG.sub(" ", content))))
    return max(1, math.ceil(words / words_per_minute))


def outline(content: str) -> list[dict[str, str]]:
    """The post's sections: `[{"id": ..., "text": plain text}]` for each `<h2 id>`."""
    return [
        {"id": anchor, "text": plain_text(inner)}
        for level, anchor, inner in HEADING.findall(content)
        if level == "2"
    ]


def heading_anchors(content: str) -> Markup:
    """Add after each `<h2 id>`/`<h3 id>` a link to it, named for screen readers.

    The visible "#" is hidden from assistive technology (it would be read as "number sign");
    the link's name is "Link to section: <heading text>". Search indexing skips it.
    """

    def anchor(match: re.Match[str]) -> str:
        _level, target, inner = match.groups()
        label = html.escape(plain_text(inner))
        return (
            f'<div class="heading-anchored">{match.group(0)}'
            f'<a class="heading-anchor" href="#{target}" data-pagefind-ignore>'
            f'<span aria-hidden="true">#</span>'
            f'<span class="visually-hidden">Link to section: {label}</span></a></div>'
        )

    return Markup(HEADING.sub(anchor, str(content)))


DEFAULTS: dict[str, Any] = {"READING_SPEED_WPM": 200, "TOC_MIN_HEADINGS": 3}
state = BuildState(__name__)


def start(pelican: Any) -> None:
    if state.begin(pelican):
        use_defaults(pelican.settings, DEFAULTS)


def describe(instance: Any) -> None:
    raw = getattr(instance, "_content", None)
    if raw is None or not state.active(instance.settings):  # static files; another build
        return
    settings = instance.settings
    instance.reading_time = reading_minutes(raw, settings["READING_SPEED_WPM"])
    instance.outline = outline(raw)
    instance.show_toc = len(instance.outline) >= settings["TOC_MIN_HEADINGS"]


def add_filters(generator: Any) -> None:
    generator.env.filters["heading_anchors"] = heading_anchors


def register() -> None:
    signals.initialized.connect(start)
    signals.content_object_init.connect(describe)
    signals.generator_init.connect(add_filters)
