"""blog/static_server.py: what both local servers answer to, and what they never serve."""

from __future__ import annotations

from pathlib import Path

import pytest

from blog.static_server import local_host, local_origin, servable


@pytest.mark.parametrize("host", ["localhost", "localhost:8000", "127.0.0.1:80", "[::1]:8000"])
def test_names_of_this_machine_are_local(host: str) -> None:
    assert local_host(host)


@pytest.mark.parametrize("host", [None, "", "evil.example", "localhost.evil.example", "127.0.0.2"])
def test_other_names_are_not(host: str | None) -> None:
    assert not local_host(host)


def test_an_origin_is_local_only_for_this_server_itself() -> None:
    assert local_origin("http://localhost:8000", 8000)
    assert not local_origin("http://localhost:9000", 8000)
    assert not local_origin("https://localhost:8000", 8000)
    assert not local_origin("http://evil.example:8000", 8000)
    assert not local_origin("http://localhost:notaport", 8000)


def test_nothing_outside_the_folder_is_servable(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "page.html").write_text("hi", encoding="utf-8")
    (site / "passwd.html").symlink_to("/etc/passwd")
    (site / "etc").symlink_to("/etc")
    assert servable(str(site / "page.html"), site)
    assert servable(str(site), site)
    assert not servable(str(site / "passwd.html"), site)
    assert not servable(str(site / "etc" / "hostname"), site)
    assert not servable(str(site / "page.html\x00"), site)
    assert not servable(str(tmp_path / "site-other" / "x"), site)
