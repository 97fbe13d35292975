"""blog/plugins/content_dates.py: the site's date and copyright years come from its content."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

import pytest

from blog.plugins.content_dates import copyright_years, site_date


def item(date: datetime | None, modified: datetime | None = None) -> SimpleNamespace:
    return SimpleNamespace(date=date, modified=modified)


def test_the_newest_date_or_modified_date_of_posts_and_pages() -> None:
    posts = SimpleNamespace(articles=[item(datetime(2024, 1, 2)), item(datetime(2020, 5, 1))])
    pages = SimpleNamespace(pages=[item(datetime(2021, 1, 1), modified=datetime(2025, 3, 4))])
    assert site_date([posts, pages]) == datetime(2025, 3, 4)
    assert copyright_years([posts, pages]) == (2020, 2024)  # posts only


@pytest.mark.parametrize(
    ("epoch", "expected"),
    [("86400", datetime(1970, 1, 2, tzinfo=UTC)), ("", datetime(1970, 1, 1, tzinfo=UTC))],
)
def test_without_content_the_source_date_epoch_else_1970(
    monkeypatch: pytest.MonkeyPatch, epoch: str, expected: datetime
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    assert site_date([SimpleNamespace(articles=[], pages=[])]) == expected
    assert copyright_years([SimpleNamespace(articles=[])]) is None
