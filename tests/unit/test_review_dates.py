"""blog/plugins/review_dates.py: `Last_reviewed` is read as a date, an impossible one refused."""

from __future__ import annotations

from datetime import datetime

import pytest

from blog.plugins.review_dates import parse_review_date


def test_a_review_date_is_a_datetime() -> None:
    assert parse_review_date("2026-03-04", {}) == datetime(2026, 3, 4)
    assert parse_review_date("2026-03-04 09:30", {}) == datetime(2026, 3, 4, 9, 30)


def test_an_impossible_review_date_is_an_error() -> None:
    with pytest.raises(ValueError):
        parse_review_date("2026-02-30", {})
