"""blog/static_server.py: what both local servers answer to, and what they never serve."""

from __future__ import annotations

import socket
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from blog.static_server import local_host, local_origin, servable, serving


@pytest.mark.parametrize("host", ["localhost", "localhost:8000", "127.0.0.1:80", "[::1]:8000"])
def test_names_of_this_machine_are_local(host: str) -> None:
    assert local_host(host)


@pytest.mark.parametrize(
    "host",
    [
        *(None, "", "evil.example", "localhost.evil.example", "127.0.0.2"),
        *("[::1", "[evil]", "]", "[", "[127.0.0.1]"),  # urlsplit raises on these
    ],
)
def test_other_names_are_not(host: str | None) -> None:
    assert not local_host(host)


def test_an_origin_is_local_only_for_this_server_itself() -> None:
    assert local_origin("http://localhost:8000", 8000)
    assert not local_origin("http://localhost:9000", 8000)
    assert not local_origin("https://localhost:8000", 8000)
    assert not local_origin("http://evil.example:8000", 8000)
    assert not local_origin("http://localhost:notaport", 8000)
    assert not local_origin("http://[::1:8000", 8000)
    assert not local_origin("http://[evil]:8000", 8000)


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


def test_a_reader_leaving_mid_file_prints_no_traceback(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """A browser that closes its connection while a file is being sent (the reader went to
    another page) is nothing to report: no traceback on the author's console."""
    (tmp_path / "big.bin").write_bytes(b"x" * 20_000_000)
    with serving(tmp_path) as address:
        port = int(address.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port)) as client:
            client.sendall(b"GET /big.bin HTTP/1.1\r\nHost: localhost\r\n\r\n")
            client.recv(1024)  # the server is sending the file now
            # Closed with unread data: the kernel answers the server's next write with RST.
        deadline = time.monotonic() + 30
        while any("process_request" in t.name for t in threading.enumerate()):
            assert time.monotonic() < deadline, "the server never finished that request"
            time.sleep(0.01)
        with urllib.request.urlopen(f"{address}/big.bin") as response:
            assert len(response.read()) == 20_000_000  # and it goes on serving
    err = capfd.readouterr().err
    assert "Traceback" not in err, err
