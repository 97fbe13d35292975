"""The home page opens in a real browser and asks only the local server for anything."""

from urllib.parse import urlsplit


def test_home_loads_only_local_resources(page, site):
    page.goto(site.url + "/")
    assert page.title().startswith("Keeping Your Calm In Counseling")
    hosts = {urlsplit(url).netloc for url in page.requests}
    assert hosts == {urlsplit(site.url).netloc}
