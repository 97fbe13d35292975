"""blog/plugins/search_engines.py: sitemap addresses percent-encoded, dates in W3C form."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from blog.plugins.search_engines import address, format_date


def test_addresses_are_percent_encoded_so_they_are_safe_in_xml() -> None:
    # `&` is left for the XML writer to escape; what an address cannot carry is encoded.
    assert address("https://x.test", "tag/café & tea/") == "https://x.test/tag/caf%C3%A9%20&%20tea/"
    assert address("https://x.test", 'a<b>"c"/') == "https://x.test/a%3Cb%3E%22c%22/"


def test_dates_in_w3c_form_with_the_zone() -> None:
    zone = timezone(timedelta(hours=-5))
    assert format_date(datetime(2026, 3, 4, 9, 30, tzinfo=zone)) == "2026-03-04T09:30:00-05:00"
    assert format_date(datetime(2026, 3, 4, 9, 30)) == "2026-03-04T09:30:00-00:00"
