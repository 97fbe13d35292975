"""Escape plain-text metadata before typogrify, so templates can autoescape.

Signal: ``readers_init``. Pelican runs typogrify on ``title`` and ``summary``
inside ``Readers.read_file``, right after the reader returns, which turns them
into HTML. We wrap the Markdown reader so the author's raw text in those two
fields is HTML-escaped *before* that step: ``<script>`` becomes text, and the
typogrified result is safe to mark ``|safe`` in templates. Every other
metadata field stays a plain string and is escaped by Jinja's autoescape.
"""

from __future__ import annotations

import html
from typing import Any

from pelican import signals
from pelican.readers import MarkdownReader

#: Fields that Pelican (or typogrify) turns into HTML.
ESCAPED_FIELDS = ("title", "summary")


class SafeMarkdownReader(MarkdownReader):
    """Markdown reader whose title and summary are text, not raw HTML."""

    def _parse_metadata(self, meta: dict[str, list[str]]) -> dict[str, Any]:
        for field in ESCAPED_FIELDS:
            if field in meta:
                # quote=False: typogrify must still see the quotes to curl them.
                meta[field] = [html.escape(value, quote=False) for value in meta[field]]
        return super()._parse_metadata(meta)


def add_reader(readers: Any) -> None:
    for ext in SafeMarkdownReader.file_extensions:
        readers.reader_classes[ext] = SafeMarkdownReader


def register() -> None:
    signals.readers_init.connect(add_reader)
