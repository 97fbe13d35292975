"""`Last_reviewed` front matter is a date, like `Date` and `Modified`.

Signal: ``readers_init``. Pelican turns only its own date fields into datetimes; we register
``last_reviewed`` with the same parser, so templates can format it (``locale_last_reviewed``)
and JSON-LD can give it as ISO 8601, and an impossible date fails the post the way a bad
``Date`` does (the strict build names the file). ``Reviewed_by`` stays text.
"""

from __future__ import annotations

from typing import Any

from pelican import readers, signals
from pelican.utils import get_date


def parse_review_date(value: str, settings: dict[str, Any]) -> Any:
    return get_date(value.replace("_", " "))


def add_processor(pelican_readers: Any) -> None:
    readers.METADATA_PROCESSORS.setdefault("last_reviewed", parse_review_date)


def register() -> None:
    signals.readers_init.connect(add_processor)
