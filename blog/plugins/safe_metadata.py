"""Escape plain-text metadata before typogrify, so templates can autoescape.

Signal: ``readers_init``. Pelican runs typogrify on ``title`` and ``summary``
inside ``Readers.read_file``, right after the reader returns, which turns them
into HTML. We extend the Markdown reader so the author's raw text in those two
fields is HTML-escaped *before* that step: ``<script>`` becomes text, and the
typogrified result is safe to mark ``|safe`` in templates. Every other
metadata field stays a plain string and is escaped by Jinja's autoescape.
The reader in place is subclassed, not replaced, so blog/plugins/xml_text.py may
extend it before or after this plugin.
"""

from __future__ import annotations

import html
from typing import Any

from pelican import signals

from . import extend_markdown_readers

#: Fields that Pelican (or typogrify) turns into HTML.
ESCAPED_FIELDS = ("title", "summary")


class SafeMetadata:
    """Mixed in before a Markdown reader class: its title and summary are text, not raw HTML."""

    def _parse_metadata(self, meta: dict[str, list[str]]) -> dict[str, Any]:
        for field in ESCAPED_FIELDS:
            if field in meta:
                # quote=False: typogrify must still see the quotes to curl them.
                meta[field] = [html.escape(value, quote=False) for value in meta[field]]
        return super()._parse_metadata(meta)  # type: ignore[misc]


def add_reader(readers: Any) -> None:
    extend_markdown_readers(readers, SafeMetadata)


def register() -> None:
    signals.readers_init.connect(add_reader)
