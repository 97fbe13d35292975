"""blog/plugins/post_links.py: previous/next posts and related posts by shared tags."""

from __future__ import annotations

from types import SimpleNamespace

from blog.plugins.post_links import link_neighbours, link_related


def posts(*tags: str) -> list[SimpleNamespace]:
    return [SimpleNamespace(name=i, tags=t.split()) for i, t in enumerate(tags)]


def test_neighbours_of_posts_newest_first() -> None:
    newest, middle, oldest = articles = posts("a", "b", "c")
    link_neighbours(articles)
    assert (newest.newer_article, newest.older_article) == (None, middle)
    assert (middle.newer_article, middle.older_article) == (newest, oldest)
    assert (oldest.newer_article, oldest.older_article) == (middle, None)


def test_related_posts_by_most_shared_tags_then_newest() -> None:
    articles = posts("x y", "x", "x y z", "y z", "q")
    link_related(articles, limit=2)
    assert [p.name for p in articles[0].related_posts] == [2, 1]  # 2 shares x and y
    assert [p.name for p in articles[3].related_posts] == [2, 0]  # 2 shares y and z, 0 shares y
    assert articles[4].related_posts == []
