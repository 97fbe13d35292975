"""What a post's body renders to, with the site's own Markdown settings: the elements and
attributes Pelican will publish. A rule that reads the Markdown source (with its line numbers)
asks here whether what it found is really a link or an image: a footnote, a code block
(fenced or indented) or escaped brackets ``\\[text\\](/x/)`` look like links in the source
and render as text.

Rendering costs as much as Pelican's own reading, so it happens only for a file whose source
shows something to confirm (a problem found, or markup that may load another host's content),
and at most once per file and build (the result is kept on the document)."""

from __future__ import annotations

import html
import re
import threading
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

from .document import ERROR, Document, Problem

#: Lists or quotes nested deeper than this are refused before rendering: Python-Markdown
#: renders nesting by recursion and stops with RecursionError somewhere past 150 levels.
MAX_NESTING = 100

_converters = threading.local()
_INDENT = re.compile(r"^(?P<indent>[ \t]*)(?:[-*+]|\d+[.)])[ \t]")
_QUOTES = re.compile(r"^[ \t]*((?:>[ \t]*)+)")


@dataclass(frozen=True)
class Element:
    """One start tag of the rendered body: its name and attributes (names in lower case,
    values unescaped, an attribute without a value as "")."""

    tag: str
    attrs: dict[str, str]


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[Element] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append(Element(tag, {name: value or "" for name, value in attrs}))


def _converter(settings: Mapping[str, Any]) -> Any:
    """One Markdown converter per thread and Markdown settings, configured as Pelican's
    Markdown reader configures its own (every extension of ``MARKDOWN``)."""
    import markdown

    config = dict(settings.get("MARKDOWN") or {})
    key = repr(config)
    cache = getattr(_converters, "by_settings", None)
    if cache is None:
        cache = _converters.by_settings = {}
    if key not in cache:
        configs = dict(config.get("extension_configs") or {})
        extensions = list(dict.fromkeys([*(config.get("extensions") or []), *configs]))
        options = {k: v for k, v in config.items() if k not in ("extensions", "extension_configs")}
        cache[key] = markdown.Markdown(extensions=extensions, extension_configs=configs, **options)
    return cache[key]


def nesting(doc: Document) -> tuple[int, int]:
    """(deepest nesting of lists and quotes in the body, its line), counted from the source
    without rendering: list items by indentation (4 spaces or a tab a level), quotes by ``>``."""
    deepest, where = 0, 0
    for index in range(doc.body_start, len(doc.lines)):
        line = doc.lines[index]
        depth = 0
        if (item := _INDENT.match(line)) is not None:
            depth = len(item["indent"].expandtabs(4)) // 4 + 1
        if (quote := _QUOTES.match(line)) is not None:
            depth += quote[1].count(">")
        if depth > deepest:
            deepest, where = depth, index + 1
    return deepest, where


def elements_of(markdown_text: str, settings: Mapping[str, Any]) -> list[Element]:
    """Every start tag of a piece of Markdown (a Summary) as the site renders it."""
    collector = _Collector()
    collector.feed(_converter(settings).reset().convert(markdown_text))
    collector.close()
    return collector.found


def elements(doc: Document, settings: Mapping[str, Any]) -> list[Element] | None:
    """Every start tag of the body as the site renders it; None when it cannot be rendered
    (nested too deep: see check_nesting)."""
    if "elements" not in doc.cache:
        found: list[Element] | None = None
        if nesting(doc)[0] <= MAX_NESTING:
            try:
                found = elements_of(doc.body, settings)
            except RecursionError:
                found = None
        doc.cache["elements"] = found
    return doc.cache["elements"]


def _forms(value: str) -> set[str]:
    """A value as the source may write it and as it renders (entities decoded)."""
    return {value, html.unescape(value)}


def confirm(
    doc: Document,
    settings: Mapping[str, Any],
    found: Iterable[tuple[int, str]],
    attributes: tuple[str, ...] = ("href", "src"),
    contains: bool = False,
) -> list[tuple[int, str]]:
    """The (line, value) pairs found in the source that the rendered body really has as one of
    `attributes` (each rendered value confirms one finding, in order); with `contains`, a
    rendered value that contains the found text counts (``{filename}x.md#part``).
    A body that cannot be rendered confirms everything (its nesting is its own error)."""
    found = list(found)
    if not found:
        return []
    rendered = elements(doc, settings)
    if rendered is None:
        return found
    values = Counter(
        element.attrs[name]
        for element in rendered
        for name in attributes
        if element.attrs.get(name)
    )
    kept = []
    for line, value in found:
        forms = _forms(value)
        match = next(
            (
                candidate
                for candidate, count in values.items()
                if count > 0
                and (candidate in forms or (contains and any(form in candidate for form in forms)))
            ),
            None,
        )
        if match is not None:
            values[match] -= 1
            kept.append((line, value))
    return kept


def line_of(doc: Document, needles: Iterable[str], after: int = 0) -> int:
    """The first body line after line `after` (else from the body's start) that contains one
    of `needles` (a rendered value in its source form, letter case aside), else the body's
    first line: where to point the author."""
    wanted = [needle.lower() for value in needles for needle in _forms(value) if needle]
    for start in (max(doc.body_start, after), doc.body_start):
        for index in range(start, len(doc.lines)):
            line = doc.lines[index].lower()
            if any(needle in line for needle in wanted):
                return index + 1
    return doc.body_start + 1


def check_nesting(doc: Document, settings: Mapping[str, Any]) -> list[Problem]:
    """Lists or quotes nested deeper than Markdown can render (it would stop the build)."""
    depth, line = nesting(doc)
    if depth <= MAX_NESTING:
        return []
    return [
        Problem(
            doc.display,
            line,
            ERROR,
            f"lists or quotes nested {depth} levels deep here; Markdown cannot render more "
            f"than {MAX_NESTING} levels: flatten them",
        )
    ]
