"""The local servers answer only to this machine and serve the site's 404 page.

`invoke serve` and `invoke livereload` run for real, each in its own process on a free port of
127.0.0.1. A page on another site can reach them through the reader's browser: with its own
name pointed at 127.0.0.1 (DNS rebinding) its requests carry that name as ``Host``; and a
script on it can open the live preview's websocket, which names every saved file. Both must
be refused; requests from this machine (localhost, 127.0.0.1, [::1]) must work as before.
"""

from __future__ import annotations

import asyncio
import http.client
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from checkout import (
    BROKEN,
    BROKEN_LINE,
    GOOD_TEXT,
    invoke,
    live_descendants,
    make_checkout,
    output_of,
    start_invoke,
    stop_group,
)

NOT_LOCAL = b"This preview answers only to localhost, 127.0.0.1 and [::1].\n"
DRAFT = (
    "Title: Secret draft\nDate: 2026-01-12\nCategory: X\nSlug: secret-draft\nSummary: s.\n"
    "Status: draft\n\nThese notes are not ready for anyone.\n"
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(port: int, path: str, host: str | None = "default") -> tuple[int, bytes]:
    """GET `path`, with the Host header given (default: 127.0.0.1:port; None: no header)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.putrequest("GET", path, skip_host=True, skip_accept_encoding=True)
        if host is not None:
            connection.putheader("Host", f"127.0.0.1:{port}" if host == "default" else host)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def wait_until_serving(port: int, process: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server stopped: {process.communicate()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    pytest.fail("the server never listened")


# `invoke serve` -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, Path, int]]:
    checkout = make_checkout(tmp_path_factory.mktemp("serve"), {})
    assert invoke(checkout, "build").returncode == 0
    port = free_port()
    process = start_invoke(checkout, "serve", "--port", str(port))
    wait_until_serving(port, process)
    try:
        yield port, checkout / "output", process.pid
    finally:
        stop_group(process)


def test_serve_answers_pages_to_this_machine(served) -> None:
    port, _output, _pid = served
    for host in (f"localhost:{port}", f"127.0.0.1:{port}", f"[::1]:{port}", "localhost"):
        status, body = get(port, "/calm-breathing/", host)
        assert status == 200, host
        assert GOOD_TEXT.encode() in body


def test_serve_gives_the_404_page_for_a_missing_path(served) -> None:
    port, output, _pid = served
    for path in ("/no-such-page/", "/no-such-file.css", "/drafts/nothing/"):
        status, body = get(port, path)
        assert status == 404, path
        assert body == (output / "404.html").read_bytes(), path


@pytest.mark.parametrize("host", ["evil.example", "evil.example:{port}", "127.0.0.1.nip.io", None])
def test_serve_refuses_other_host_names(served, host: str | None) -> None:
    port, _output, _pid = served
    status, body = get(port, "/calm-breathing/", host.format(port=port) if host else None)
    assert (status, body) == (403, NOT_LOCAL)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_serve_runs_no_child_process_and_stops_on_a_signal(tmp_path: Path, sig: int) -> None:
    """Ctrl-C in the author's terminal, SIGTERM from anything else (a background job ignores
    SIGINT): either stops it cleanly, and nothing of it is left listening."""
    checkout = make_checkout(tmp_path, {})
    assert invoke(checkout, "build").returncode == 0
    port = free_port()
    process = start_invoke(checkout, "serve", "--port", str(port))
    wait_until_serving(port, process)
    assert get(port, "/")[0] == 200
    assert live_descendants(process.pid) == set(), "a server process of its own would outlive it"
    printed = stop_group(process, sig)
    assert process.returncode == 0, printed
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
        pass


# `invoke livereload` ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    base = tmp_path_factory.mktemp("live")
    checkout = make_checkout(base, {"secret-draft.md": DRAFT, "broken.md": BROKEN})
    port = free_port()
    process = start_invoke(
        checkout, "livereload", "--port", str(port), "--output", str(base / "live-output")
    )
    wait_until_serving(port, process)
    state = {"port": port, "checkout": checkout, "output": base / "live-output"}
    state["process"] = process
    try:
        yield state
    finally:
        stop_group(process)


def test_livereload_serves_drafts_to_this_machine_only(live) -> None:
    port = live["port"]
    status, body = get(port, "/drafts/secret-draft/", f"localhost:{port}")
    assert status == 200 and b"These notes are not ready" in body
    for host in ("attacker.example", f"attacker.example:{port}", "localhost.evil.example"):
        assert get(port, "/drafts/secret-draft/", host) == (403, NOT_LOCAL), host
        assert get(port, "/livereload.js", host) == (403, NOT_LOCAL), host
    # Without a Host header, Tornado itself refuses an HTTP/1.1 request.
    assert get(port, "/drafts/secret-draft/", None)[0] == 400


def test_livereload_gives_the_404_page(live) -> None:
    status, body = get(live["port"], "/no-such-page/")
    assert status == 404
    assert (live["output"] / "404.html").read_bytes().split(b"</head>")[1] in body


def handshake(port: int, origin: str, host: str | None = None) -> object:
    """:func:`_handshake` on an event loop of its own, in a thread: the browser tests leave
    Playwright's loop running in this one."""
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, _handshake(port, origin, host)).result()


async def _handshake(port: int, origin: str, host: str | None = None) -> object:
    """Open the live preview's websocket as a page of `origin` would; its first answer, or
    the HTTP status that refused it."""
    from tornado.httpclient import HTTPClientError, HTTPRequest
    from tornado.websocket import websocket_connect

    headers = {"Origin": origin}
    if host:
        headers["Host"] = host
    url = f"ws://127.0.0.1:{port}/livereload"
    request = HTTPRequest(url, headers=headers, connect_timeout=10, request_timeout=10)
    try:
        connection = await websocket_connect(request)
    except HTTPClientError as error:
        return error.code
    hello = '{"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]}'
    await connection.write_message(hello)
    answer = await asyncio.wait_for(connection.read_message(), 10)
    connection.close()
    return answer


@pytest.mark.parametrize(
    "origin",
    ["http://evil.example", "https://localhost:{port}", "http://localhost:1", "null"],
)
def test_livereload_websocket_refuses_other_origins(live, origin: str) -> None:
    port = live["port"]
    assert handshake(port, origin.format(port=port)) == 403


def test_livereload_websocket_refuses_other_host_names(live) -> None:
    port = live["port"]
    origin = f"http://localhost:{port}"
    assert handshake(port, origin, host=f"evil.example:{port}") == 403


@pytest.mark.parametrize("name", ["localhost", "127.0.0.1"])
def test_livereload_websocket_answers_its_own_pages(live, name: str) -> None:
    port = live["port"]
    answer = handshake(port, f"http://{name}:{port}")
    assert isinstance(answer, str) and '"command": "hello"' in answer


def test_livereload_and_build_print_the_same_problem(live, tmp_path: Path) -> None:
    """`invoke build` prints what `invoke livereload` printed for a broken post, once.
    (Last in this file: it stops the live preview to read what it printed.)"""
    build = invoke(live["checkout"], "build", "--output", str(tmp_path / "built"))
    assert output_of(build).count(BROKEN_LINE) == 1, output_of(build)
    printed = stop_group(live["process"])  # SIGTERM: stops it as Ctrl-C does
    assert live["process"].returncode == 0, printed
    assert printed.count(BROKEN_LINE) == 1, printed


# Odd paths and links out of the output, in both servers ----------------------------------

#: Paths a scanner, a typo or a hostile page sends: a NUL byte, dots spelled in percent
#: escapes, bytes that are not UTF-8, a path longer than any file name, a lone "%".
ODD_PATHS = [
    "/%00",
    "/index.html%00.txt",
    "/a%00b/",
    "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/..%2f..%2f..%2fetc/passwd",
    "/%ff%fe/",
    "/%c0%ae%c0%ae/",
    "/" + "a" * 5000,
    "/" + "a/" * 2000,
    "/%",
]
#: Links placed in the output folder (by a symlinked content folder, or by hand).
LINKS_OUT = {"passwd.html": "/etc/passwd", "etc": "/etc"}


def _link_out(output: Path) -> None:
    for name, target in LINKS_OUT.items():
        (output / name).symlink_to(target)


@pytest.mark.parametrize("command", ["serve", "livereload"])
def test_odd_paths_and_links_out_are_missing_pages_without_a_traceback(tmp_path, command):
    checkout = make_checkout(tmp_path, {})
    output = tmp_path / "site"
    if command == "serve":
        assert invoke(checkout, "build", "--output", str(output)).returncode == 0
        _link_out(output)
    port = free_port()
    process = start_invoke(checkout, command, "--port", str(port), "--output", str(output))
    try:
        wait_until_serving(port, process)
        if command == "livereload":
            deadline = time.monotonic() + 120
            while not (output / "index.html").exists() and time.monotonic() < deadline:
                time.sleep(0.2)
            _link_out(output)
        for path in [*ODD_PATHS, "/passwd.html", "/etc/passwd", "/etc/"]:
            status, body = get(port, path)
            assert status in (400, 403, 404, 414), (path, status)  # refused, never served
            assert b"root:" not in body, path
        assert get(port, "/calm-breathing/")[0] == 200  # still serving
    finally:
        said = stop_group(process)
    assert "Traceback" not in said, said
