"""Content-hashed names for theme assets, so hosts may cache them forever.

`ASSET_HASH_FILES` lists files under the theme's static folder (e.g. ``css/style.css``).
Each is published as ``<stem>.<hash>.<suffix>``; a changed file gets a new name, so a
year-long ``immutable`` cache (see the `_headers` rule in publishconf.py) never serves a
stale stylesheet.

Signals:

* ``initialized``: hash the theme's source files and put their final URLs in the
  ``ASSET_URLS`` setting, because templates must know the names before any page renders.
* ``finalized``: rename the copies Pelican made in the output to those names, after
  checking each copy is byte-for-byte the file that was hashed.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

from pelican import signals

HASH_LENGTH = 10  # 40 bits: plenty to tell versions of one file apart


def hashed_name(relative: str, data: bytes) -> str:
    """`css/style.css` + its bytes -> `css/style.<first 10 hex of sha256>.css`."""
    path = Path(relative)
    digest = hashlib.sha256(data).hexdigest()[:HASH_LENGTH]
    return (path.parent / f"{path.stem}.{digest}{path.suffix}").as_posix()


def _source(settings: dict[str, Any], relative: str) -> Path:
    """The theme file behind `relative`, searched in THEME_STATIC_PATHS like Pelican does."""
    theme = Path(settings["THEME"])
    for folder in settings["THEME_STATIC_PATHS"]:
        candidate = theme / folder / relative
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"ASSET_HASH_FILES: {relative} is not in the theme's static folders")


def publish_urls(pelican: Any) -> None:
    settings = pelican.settings
    static_dir = settings["THEME_STATIC_DIR"]
    names = {
        relative: hashed_name(relative, _source(settings, relative).read_bytes())
        for relative in settings.get("ASSET_HASH_FILES", [])
    }
    # Output paths relative to the theme's output folder, and URLs relative to SITEURL.
    settings["ASSET_HASHED_NAMES"] = names
    settings["ASSET_URLS"] = {relative: f"{static_dir}/{name}" for relative, name in names.items()}


def rename_outputs(pelican: Any) -> None:
    settings = pelican.settings
    static = Path(settings["OUTPUT_PATH"]) / settings["THEME_STATIC_DIR"]
    for relative, name in settings.get("ASSET_HASHED_NAMES", {}).items():
        copied, target = static / relative, static / name
        if hashed_name(relative, copied.read_bytes()) != name:
            # The theme file changed between hashing and copying: the pages link a wrong name.
            raise RuntimeError(f"{copied}: changed during the build; build again")
        os.replace(copied, target)


def register() -> None:
    signals.initialized.connect(publish_urls)
    signals.finalized.connect(rename_outputs)
