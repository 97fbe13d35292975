"""Work out each post's and page's address once per build, not every time a template asks.

Pelican computes ``article.url`` and ``article.save_as`` from the settings' patterns on every
access (``Content.get_url_setting``: copy the metadata, format the pattern). The theme asks
many times for each post (its own page, every list, tag and archive page it appears on, the
feeds, the sitemap, the navigation on every page): at 1,000 posts, about 30,000 times, a
tenth of a warm build's writing. Once writing starts, a post's or page's address can no
longer change (every generator has read, sorted and linked its content), so it is worked
out once and remembered until the build ends.

Static files are left alone: ``{attach}`` links move a static file while pages are written.

Signals:

* ``initialized``: forget the last build's addresses, remember nothing yet.
* ``get_writer`` (sent once, after ``all_generators_finalized``, just before the first page
  is written): start remembering. Returns no writer.
* ``finalized``: stop remembering, so nothing outlives the build.

The method is replaced once, at ``register()``; it only remembers while a build that lists
this plugin is writing, and otherwise calls Pelican's own.
"""

from __future__ import annotations

from typing import Any

from pelican import signals
from pelican.contents import Content, Static

from . import BuildState

#: Pelican's own method, which the memo wraps (public: the tests count its calls).
pelican_get_url_setting = Content.get_url_setting


class UrlState(BuildState):
    """(id of a post or page, setting key) -> (the post or page, its value), while writing.
    The object is kept beside its value so its id cannot be reused during the build."""

    memo: dict[tuple[int, str], tuple[Any, str]] | None = None

    def reset(self) -> None:
        self.memo = None


state = UrlState(__name__)


def get_url_setting(self: Content, key: str) -> str:
    memo = state.memo
    if memo is None or isinstance(self, Static):
        return pelican_get_url_setting(self, key)
    try:
        return memo[id(self), key][1]
    except KeyError:
        value = pelican_get_url_setting(self, key)
        memo[id(self), key] = (self, value)
        return value


def start(pelican: Any) -> None:
    state.begin(pelican)


def writing(pelican: Any) -> None:
    if state.active(pelican.settings):
        state.memo = {}


def stop(pelican: Any) -> None:
    state.reset()


def register() -> None:
    Content.get_url_setting = get_url_setting  # type: ignore[method-assign]
    signals.initialized.connect(start)
    signals.get_writer.connect(writing)
    signals.finalized.connect(stop)
