"""blog/plugins/live_preview.py: the newest full build's generators, for blog/devserver.py."""

from __future__ import annotations

from blog.plugins import live_preview


def test_each_build_replaces_the_last_ones_generators() -> None:
    remembered = live_preview.LastBuild()
    first, second = [object(), object()], [object()]
    remembered.remember(first)
    remembered.remember(second)
    assert remembered.generators == second and remembered.generators is not second
