"""SVG images are published only when they cannot run code or load anything from elsewhere.

An SVG file is a document, not a picture: opened by itself (a reader taps the image, or a
link names it) it runs its ``<script>`` and its event handlers (``onload=``) with the site's
own address, and it may load other hosts' files (``href``, ``url(...)``, ``@import``) past
the page's Content-Security-Policy, or hold ``<foreignObject>`` HTML. A drawing exported by an
editor needs none of these. Pillow cannot read SVG (it is not a raster format), so before,
every SVG was refused with Pillow's "cannot identify image file" and an absolute path.

:func:`problems` parses the file with the standard library's expat parser, which never loads
an outside file; a ``<!ENTITY>`` declaration stops the parse at once (no entity is ever
expanded: a few lines of them can make gigabytes of text), as does anything else unsafe. Each
problem is ``path:line: what and what to do``, with the line in the SVG file.

Signal: ``static_generator_finalized``: the static files this build publishes are known and
none is copied yet. Each SVG among them is checked; a problem is a warning, so a local build
says it and goes on, and a strict build stops before writing a page.
"""

from __future__ import annotations

import logging
import re
import xml.parsers.expat
from pathlib import Path
from typing import Any

from pelican import signals

from .. import content_rules
from . import BuildState

logger = logging.getLogger(__name__)

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
#: Elements that run code, or embed another document, in an SVG.
ACTIVE = {"script", "foreignobject", "iframe", "embed", "object", "handler", "listener"}
_OUTSIDE_URL = re.compile(r"""url\(\s*['"]?\s*(?!#)""", re.IGNORECASE)
_CODE = re.compile(r"(?:java|vb)script:|data:", re.IGNORECASE)
EXPORT_AGAIN = "export the drawing again as plain SVG, or as PNG"


class _Stop(Exception):
    """A declaration that must not be expanded: stop parsing now."""


def _local(name: str) -> str:
    """An expat name ("NAMESPACE local" with namespaces on) without its namespace."""
    return name.rsplit(" ", 1)[-1].lower()


def problems(data: bytes) -> list[tuple[int, str]]:
    """(line, problem) for everything in an SVG file that is unsafe to publish; [] when none."""
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    found: list[tuple[int, str]] = []
    root: list[str] = []
    in_style = [False]

    def say(problem: str) -> None:
        found.append((parser.CurrentLineNumber, problem))

    def entity(name: str, *_args: Any) -> None:
        say(f"declares an entity ('{name}'), which can expand to huge text; delete the declaration")
        raise _Stop

    def start(name: str, attributes: dict[str, str]) -> None:
        element = _local(name)
        if not root:
            root.append(name)
        if element in ACTIVE:
            say(f"has a <{name.rsplit(' ', 1)[-1]}> element, which can run code; {EXPORT_AGAIN}")
        in_style[0] = element == "style"
        for attribute, value in attributes.items():
            shown = attribute.rsplit(" ", 1)[-1]
            if _local(attribute).startswith("on"):
                say(f"has an event handler ({shown}=), which runs code; {EXPORT_AGAIN}")
            elif _local(attribute) == "href" and not value.strip().startswith("#"):
                say(f'refers to another file ({shown}="{value[:60]}"); {EXPORT_AGAIN}')
            elif _OUTSIDE_URL.search(value) or _CODE.search(re.sub(r"\s", "", value)):
                say(f'refers to another file or runs code ({shown}="{value[:60]}"); {EXPORT_AGAIN}')

    def text(data: str) -> None:
        if in_style[0] and (_OUTSIDE_URL.search(data) or "@import" in data.lower()):
            say(f"has a stylesheet that loads another file (url(...) or @import); {EXPORT_AGAIN}")

    def instruction(target: str, _data: str) -> None:
        say(f"has a processing instruction (<?{target} ...?>) that can load a file; delete it")

    parser.EntityDeclHandler = entity
    parser.StartElementHandler = start
    parser.EndElementHandler = lambda _name: in_style.__setitem__(0, False)
    parser.CharacterDataHandler = text
    parser.ProcessingInstructionHandler = instruction
    try:
        parser.Parse(data, True)
    except _Stop:
        pass
    except xml.parsers.expat.ExpatError as error:
        reason = xml.parsers.expat.ErrorString(error.code)
        found.append((error.lineno, f"is not well-formed SVG ({reason}); {EXPORT_AGAIN}"))
        return found
    if not found and (not root or root[0] != f"{SVG_NAMESPACE} svg"):
        found.append(
            (1, f"is not an SVG image (no <svg> element in the SVG namespace); {EXPORT_AGAIN}")
        )
    return found


def file_problems(path: Path) -> list[str]:
    """The problems of one SVG file, each as ``path:line: problem``."""
    try:
        found = problems(path.read_bytes())
    except OSError as error:
        found = [(1, f"cannot be read ({error.strerror})")]
    return [f"{content_rules.display_path(path)}:{line}: {problem}" for line, problem in found]


def folder_problems(root: Path) -> list[str]:
    """The problems of every SVG file under `root` (the content folder) that is not in a
    dot-folder, which is never published (IGNORE_FILES); for `invoke check`."""
    found = []
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root).parts
        if path.suffix.lower() == ".svg" and not any(p.startswith(".") for p in relative):
            found += file_problems(path)
    return found


state = BuildState(__name__)


def check_static(generator: Any) -> None:
    if not state.active(generator.settings):
        return
    for static in getattr(generator, "staticfiles", ()):
        path = Path(static.source_path)
        if path.suffix.lower() == ".svg":
            for problem in file_problems(path):
                logger.warning("%s", problem)


def register() -> None:
    signals.initialized.connect(state.begin)
    signals.static_generator_finalized.connect(check_static)
