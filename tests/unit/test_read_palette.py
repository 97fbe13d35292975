"""blog/plugins/palette.py: the stylesheet's top-level `:root` colours, read once."""

from __future__ import annotations

import pytest

from blog.plugins.palette import read_palette


def test_the_top_level_root_rule_gives_the_colours_lower_case() -> None:
    css = (
        "/* :root { --bg: #000000; } in a comment */\n"
        "@media (prefers-color-scheme: dark) { :root { --bg: #111111; } }\n"
        ":root { --bg: #FAFAF7; --text: #222; --gap: 1rem; }\n"
    )
    assert read_palette(css) == {"bg": "#fafaf7", "text": "#222"}


def test_a_stylesheet_without_colours_at_the_top_level_is_refused() -> None:
    with pytest.raises(ValueError, match="no top-level :root"):
        read_palette("@media print { :root { --bg: #fff; } }")
