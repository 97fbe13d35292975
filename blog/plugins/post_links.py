"""Links from a post to other posts: the previous and next post by date, and related posts.

Signal: ``article_generator_finalized``, when the published articles are known and sorted
and nothing is written yet. Sets on each published article:

* ``newer_article`` / ``older_article``: its neighbours in date order (None at the ends);
* ``related_posts``: up to ``RELATED_POSTS_MAX`` other posts sharing the most tags with it,
  newest first among equal counts.

Why our own and not pelican-neighbors/pelican-related-posts: both are dormant, and these are a
dozen lines. Related posts go through a tag -> posts index, so the cost grows with the posts
sharing a tag, not with the square of the site (a 5,000-post site is a second or two).
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from typing import Any

from pelican import signals

from . import BuildState, use_defaults


def link_neighbours(articles: list[Any]) -> None:
    """`articles` newest first (Pelican's order) -> each gets its newer and older neighbour."""
    for index, article in enumerate(articles):
        article.newer_article = articles[index - 1] if index > 0 else None
        article.older_article = articles[index + 1] if index + 1 < len(articles) else None


def link_related(articles: list[Any], limit: int) -> None:
    """Posts sharing the most tags; ties go to the newer post (lower index in `articles`)."""
    position = {id(article): index for index, article in enumerate(articles)}
    by_tag: dict[Any, list[Any]] = defaultdict(list)
    for article in articles:
        for tag in getattr(article, "tags", None) or ():
            by_tag[tag].append(article)
    for article in articles:
        shared: Counter[int] = Counter()
        for tag in getattr(article, "tags", None) or ():
            shared.update(id(other) for other in by_tag[tag] if other is not article)
        ranked = heapq.nsmallest(limit, shared, key=lambda key: (-shared[key], position[key]))
        article.related_posts = [articles[position[key]] for key in ranked]


DEFAULTS: dict[str, Any] = {"RELATED_POSTS_MAX": 3}
state = BuildState(__name__)


def start(pelican: Any) -> None:
    if state.begin(pelican):
        use_defaults(pelican.settings, DEFAULTS)


def add_links(generator: Any) -> None:
    if not state.active(generator.settings):
        return
    articles = generator.articles  # published, default language, newest first
    link_neighbours(articles)
    link_related(articles, generator.settings["RELATED_POSTS_MAX"])


def register() -> None:
    signals.initialized.connect(start)
    signals.article_generator_finalized.connect(add_links)
