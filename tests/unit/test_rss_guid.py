"""blog/plugins/rss_guid.py: RSS `<guid>`s that are `tag:` ids say they are no permalinks."""

from __future__ import annotations

from feedgenerator import Atom1Feed, Rss201rev2Feed

from blog.plugins.rss_guid import mark_guids


def feed(kind: type) -> object:
    made = kind(title="t", link="https://x.test/", description="d")
    made.add_item(
        title="i", link="https://x.test/i/", description="d", unique_id="tag:x.test,2026:/i/"
    )
    return made


def test_rss_guids_are_marked_not_permalinks_and_atom_is_left_alone() -> None:
    rss, atom = feed(Rss201rev2Feed), feed(Atom1Feed)
    mark_guids({}, rss)
    mark_guids({}, atom)
    assert '<guid isPermaLink="false">tag:x.test,2026:/i/</guid>' in rss.writeString("utf-8")
    assert "isPermaLink" not in atom.writeString("utf-8")
