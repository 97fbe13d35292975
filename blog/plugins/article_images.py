"""Article images: width, height, loading="lazy", srcset and sizes, with resized copies by Pillow.

An author writes ``![What it shows]({static}images/lake.jpg)``; the page gets
``<img alt=... src=".../images/lake.jpg" width="1600" height="900" loading="lazy"
decoding="async" srcset=".../derivatives/480/images/lake.jpg 480w, ..., .../images/lake.jpg
1600w" sizes="...">``. width/height reserve the space (no layout shift; the stylesheet keeps
``height: auto``), and phones download a small copy.

Why not pelican-image-process: it re-parses and re-serialises every written HTML page with
BeautifulSoup (its ``content_written`` handler), which rewrites the markup of pages that have
no image at all. Pillow is already a dependency and this needs only a resize.

Signals:

* ``content_object_init``: rewrite each ``<img>`` of a post or page whose source is a file in
  the content folder (``{static}``, ``{attach}``, ``{filename}`` or ``/images/...``), reading
  its size with Pillow, and note which resized copies the srcset names.
* ``finalized``: write those copies into the output (only when missing or older than the
  original), so a build with no new image does no image work.

Settings: ``ARTICLE_IMAGE_WIDTHS`` (default 480, 800, 1200; widths at or above the
original's are left out, the original is always offered) and ``ARTICLE_IMAGE_SIZES``.
"""

from __future__ import annotations

import html
import logging
import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from pelican import signals

from .. import content_rules
from . import BuildState, use_defaults

logger = logging.getLogger(__name__)

# The widths of the copies, and `sizes` as the theme lays an image out (--measure, 42rem).
DEFAULTS: dict[str, Any] = {
    "ARTICLE_IMAGE_WIDTHS": [480, 800, 1200],
    "ARTICLE_IMAGE_SIZES": "(min-width: 46rem) 42rem, 100vw",
}
DERIVATIVES = "derivatives"
SAVE_AGAIN = "save it again from the original"

_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r"""([\w:-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>/]+)))?""")
_INTERNAL = re.compile(r"^(?:\{(?:static|attach|filename)\}|\|(?:static|attach|filename)\|)")


class ImageState(BuildState):
    """The resized copies this build's pages link to, written at `finalized`."""

    #: (source file, output path of the copy, width)
    pending: set[tuple[Path, str, int]]
    #: source file -> the posts and pages that show it
    users: dict[Path, set[str]]

    def reset(self) -> None:
        self.pending = set()
        self.users = {}


state = ImageState(__name__)


def _attributes(tag: str) -> dict[str, str]:
    inner = tag[4:].rstrip(">").rstrip("/")
    return {
        m[1].lower(): html.unescape(next((g for g in m.groups()[1:] if g is not None), ""))
        for m in _ATTR.finditer(inner)
    }


def _source(src: str, instance: Any) -> tuple[Path, str] | None:
    """The image file in the content folder and its path in the output, or None."""
    content = Path(instance.settings["PATH"]).resolve()
    target = unquote(_INTERNAL.sub("", src).split("#")[0].split("?")[0])
    if target == src and not src.startswith("/"):
        return None  # an outside address or a relative URL: not ours to resize
    if target.startswith("/"):
        path = content / target.lstrip("/")
    else:
        path = Path(instance.source_path).resolve().parent / target
    path = path.resolve()
    if not path.is_file() or not path.is_relative_to(content):
        return None
    return path, path.relative_to(content).as_posix()


def _url(settings: dict[str, Any], rel: str) -> str:
    return f"{settings.get('SITEURL', '')}/{rel}"


def rewrite(instance: Any) -> None:
    content = getattr(instance, "_content", None)
    if not content or "<img" not in content or not state.active():
        return
    from PIL import Image

    settings = instance.settings
    widths = sorted(settings["ARTICLE_IMAGE_WIDTHS"])
    sizes = settings["ARTICLE_IMAGE_SIZES"]

    def one(match: re.Match[str]) -> str:
        tag = match.group(0)
        attrs = _attributes(tag)
        found = _source(attrs.get("src", ""), instance)
        if found is None or "srcset" in attrs:
            return tag
        path, rel = found
        if path.suffix.lower() == ".svg":
            return tag  # drawn at any size: no copies (Pillow cannot read SVG; safe_svg.py)
        state.users.setdefault(path, set()).add(instance.source_path)
        try:
            with Image.open(path) as image:
                width, height = image.size
        except (OSError, SyntaxError, ValueError) as error:  # cut short, not a picture
            where = _shown_in(instance.source_path, path)
            logger.warning("%s: image %s cannot be read (%s): %s", where, rel, error, SAVE_AGAIN)
            return tag
        srcset = []
        for size in widths:
            if size < width:
                copy = f"{DERIVATIVES}/{size}/{rel}"
                state.pending.add((path, copy, size))
                srcset.append(f"{_url(settings, copy)} {size}w")
        srcset.append(f"{_url(settings, rel)} {width}w")
        attrs.setdefault("width", str(width))
        attrs.setdefault("height", str(height))
        attrs.setdefault("loading", "lazy")
        attrs.setdefault("decoding", "async")
        attrs["srcset"] = ", ".join(srcset)
        attrs["sizes"] = sizes
        parts = " ".join(f'{name}="{html.escape(value)}"' for name, value in attrs.items())
        return f"<img {parts}>"

    instance._content = _IMG.sub(one, content)


def write_copies(pelican: Any) -> None:
    from PIL import Image

    if not state.active(pelican.settings):
        return
    output = Path(pelican.settings["OUTPUT_PATH"])
    unreadable: set[Path] = set()
    for source, rel, width in sorted(state.pending):
        target = output / rel
        if source in unreadable or (
            target.exists() and target.stat().st_mtime >= source.stat().st_mtime
        ):
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            with Image.open(source) as image:
                height = round(image.height * width / image.width)
                resized = image.resize((width, height), Image.Resampling.LANCZOS)
                options = {"optimize": True}
                if image.format == "JPEG":
                    options["quality"] = 82
                resized.save(target, format=image.format, **options)
        except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
            # Pillow's "image file is truncated" names no file: say which, and where it shows.
            target.unlink(missing_ok=True)
            unreadable.add(source)
            where = ", ".join(_shown_in(post, source) for post in sorted(state.users[source]))
            content = Path(pelican.settings["PATH"]).resolve()
            rel = source.relative_to(content).as_posix()
            logger.warning("%s: image %s cannot be read (%s): %s", where, rel, error, SAVE_AGAIN)
            continue
        os.utime(target)
    state.reset()


PICTURES = (".png", ".jpg", ".jpeg", ".gif", ".webp")


def unreadable_pictures(root: Path) -> list[str]:
    """``path: problem`` for each picture under `root` (the content folder, not its
    dot-folders) that Pillow cannot read whole; for `invoke check`, which does not know which
    post shows it (a build names the posts too)."""
    from PIL import Image

    found = []
    for path in sorted(root.rglob("*")):
        if path.suffix.lower() not in PICTURES or any(
            part.startswith(".") for part in path.relative_to(root).parts
        ):
            continue
        try:
            with Image.open(path) as image:
                image.load()
        except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
            found.append(
                f"{content_rules.display_path(path)}: cannot be read ({error}): {SAVE_AGAIN}"
            )
    return found


def _shown_in(post: str, image: Path) -> str:
    """`post` as path:line, the line being the first that names the image's file."""
    shown = content_rules.display_path(post)
    try:
        lines = Path(post).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return shown
    for number, line in enumerate(lines, 1):
        if image.name in unquote(line):
            return f"{shown}:{number}"
    return shown


def start(pelican: Any) -> None:
    if state.begin(pelican):
        use_defaults(pelican.settings, DEFAULTS)


def register() -> None:
    signals.initialized.connect(start)
    signals.content_object_init.connect(rewrite)
    signals.finalized.connect(write_copies)
