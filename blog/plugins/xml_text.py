"""Text that XML can carry: characters XML 1.0 forbids never reach a page, feed or sitemap.

A control character pasted from a word processor (a vertical tab is Word's line break; NUL,
form feed, escape ...) stops Pelican mid-write with feedgenerator's
``UnserializableContentError``, naming no file; in an attribute (a tag, a link) it passes
feedgenerator and makes the feed ill-formed. The linter reports each one at ``path:line``
(a strict build stops there); a local build must go on, so here every such character in a
Markdown file is read as a space, before Pelican parses the front matter and the body.

Signal: ``readers_init``, where Pelican's readers are chosen: each Markdown reader class (the
one blog/plugins/safe_metadata.py extends, whichever of the two runs first) is
replaced by a subclass that cleans the raw text of every metadata field before it is parsed
(title, tags, slug ...) and the HTML of the body.
"""

from __future__ import annotations

from typing import Any

from pelican import signals

from ..content_rules import XML_FORBIDDEN
from . import extend_markdown_readers


def xml_text(text: str) -> str:
    """`text` with each character XML 1.0 cannot carry replaced by a space."""
    return XML_FORBIDDEN.sub(" ", text)


class XmlTextReader:
    """Mixed in before a Markdown reader class: its metadata and body are XML text."""

    def _parse_metadata(self, meta: dict[str, list[str]]) -> dict[str, Any]:
        meta = {key: [xml_text(value) for value in values] for key, values in meta.items()}
        return super()._parse_metadata(meta)  # type: ignore[misc]

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        content, metadata = super().read(source_path)  # type: ignore[misc]
        return xml_text(content), metadata


def add_reader(readers: Any) -> None:
    extend_markdown_readers(readers, XmlTextReader)


def register() -> None:
    signals.readers_init.connect(add_reader)
