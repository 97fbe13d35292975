"""The live preview's hook into each full build: keep the build's generators for quick updates.

Signal: ``all_generators_finalized``, because at that point every post and page has been read
and the generators' context holds them all with the Jinja environment: exactly what the live
preview (blog/devserver.py) needs to re-read one saved post and write its page alone. Only
`invoke livereload` lists this plugin; production builds never do.
"""

from __future__ import annotations

from typing import Any

from pelican import signals


class LastBuild:
    """The generators of the newest full build; replaced by every build."""

    def __init__(self) -> None:
        self.generators: list[Any] = []

    def remember(self, generators: list[Any]) -> None:
        self.generators = list(generators)


last_build = LastBuild()


def register() -> None:
    signals.all_generators_finalized.connect(last_build.remember)
