"""The theme's colours, read from its one stylesheet, for what cannot use CSS.

The stylesheet's ``:root`` custom properties (``--bg: #fbfaf7;``...) are the only place a
colour is written. The inline favicon (an SVG in a ``data:`` URI) and the share images
(PNG files drawn by plugins/share_image.py) cannot read CSS, so they take the same values
from :func:`palette` (the share images) and ``PALETTE`` in the template context (the favicon);
changing a colour in the stylesheet changes all three.

Signals: ``initialized`` starts a build; ``generator_init`` puts ``PALETTE`` in the template
context: ``{"bg": "#fbfaf7", ...}``, the colour properties of the first top-level ``:root``
rule (the light scheme; dark mode swaps them inside ``@media``) of ``PALETTE_STYLESHEET``
(``css/style.css`` in the theme's static folders), read once per build.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pelican import signals

from . import BuildValue, use_defaults

COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
ROOT_RULE = re.compile(r":root\s*\{([^}]*)\}")
COLOUR = re.compile(r"--([\w-]+)\s*:\s*(#[0-9a-fA-F]{3,8})\s*;")


def read_palette(css: str) -> dict[str, str]:
    """The hex colour custom properties of the first `:root` rule outside any at-rule."""
    css = COMMENT.sub("", css)
    for match in ROOT_RULE.finditer(css):
        before = css[: match.start()]
        if before.count("{") == before.count("}"):  # at the top level, not inside @media
            return {name: value.lower() for name, value in COLOUR.findall(match.group(1))}
    raise ValueError("the stylesheet has no top-level :root rule with colours")


DEFAULTS: dict[str, Any] = {"PALETTE_STYLESHEET": "css/style.css"}


def _stylesheet(settings: dict[str, Any]) -> Path:
    relative = settings["PALETTE_STYLESHEET"]
    for folder in settings["THEME_STATIC_PATHS"]:
        candidate = Path(settings["THEME"]) / folder / relative
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"PALETTE_STYLESHEET: {relative} is not in the theme's static folders")


def _read(settings: dict[str, Any]) -> dict[str, str]:
    return read_palette(_stylesheet(settings).read_text(encoding="utf-8"))


state = BuildValue(__name__, _read)


def palette(settings: dict[str, Any]) -> dict[str, str]:
    """This build's colours by custom property name, read once per build."""
    return state.get(settings)


def start(pelican: Any) -> None:
    if state.begin(pelican):
        use_defaults(pelican.settings, DEFAULTS)


def publish_palette(generator: Any) -> None:
    if state.active(generator.settings):
        generator.context["PALETTE"] = palette(generator.settings)


def register() -> None:
    signals.initialized.connect(start)
    signals.generator_init.connect(publish_palette)
