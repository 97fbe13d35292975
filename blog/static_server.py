"""The static server behind `invoke serve`, and what both local servers (this one and the live
preview, blog/devserver.py) share: they answer only to this machine, give the site's own 404
page, and serve nothing outside the output folder.

Requests whose ``Host`` is not ``localhost``, ``127.0.0.1`` or ``[::1]`` get 403, so a site on
the internet cannot point its own name at 127.0.0.1 and read drafts through the reader's
browser (DNS rebinding). A missing page gets the site's 404 page; so does a path with a NUL
byte, a link in the output that leads out of it (to /etc/passwd), or a folder without
index.html (never a list of its files), and no odd path prints a traceback (:func:`servable`).
SIGTERM stops a server as Ctrl-C does (:func:`stop_on_terminate`).
"""

from __future__ import annotations

import functools
import http.server
import logging
import os
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

logger = logging.getLogger(__name__)

LOCAL_NAMES = ("localhost", "127.0.0.1", "::1")
NOT_LOCAL = "This preview answers only to localhost, 127.0.0.1 and [::1].\n"


def local_host(host: str | None) -> bool:
    """A Host header naming this machine (any port); not a name that may point elsewhere."""
    if not host:
        return False
    try:
        name = urlsplit(f"//{host.strip()}").hostname
    except ValueError:  # "[::1", "[evil]": no name at all, so not this machine's
        return False
    return name in LOCAL_NAMES


def local_origin(origin: str | None, port: int) -> bool:
    """An Origin that is a page of this server itself."""
    if not origin:
        return False
    try:
        parts = urlsplit(origin)
        origin_port = parts.port or 80
    except ValueError:  # a bracket left open, a port that is not a number
        return False
    return parts.scheme == "http" and parts.hostname in LOCAL_NAMES and origin_port == port


def servable(path: str, folder: str | os.PathLike[str]) -> bool:
    """`path` is in `folder` once every link is followed (a link to /etc/passwd is a missing
    page), and has no NUL byte (which makes open() raise)."""
    try:
        real, root = os.path.realpath(path), os.path.realpath(folder)
    except (OSError, ValueError):  # ValueError: a NUL byte
        return False
    return "\x00" not in path and (real == root or real.startswith(root + os.sep))


def not_found_page(folder: Path) -> bytes | None:
    page = folder / "404.html"
    return page.read_bytes() if page.is_file() else None


class SiteRequestHandler(http.server.SimpleHTTPRequestHandler):
    """`invoke serve`: the output folder as a static host serves it (its own 404 page), to
    this machine only."""

    def log_message(self, format: str, *args: Any) -> None:
        logger.info("%s", format % args)

    def _local(self) -> bool:
        if local_host(self.headers.get("Host")):
            return True
        self._send(403, NOT_LOCAL.encode(), "text/plain; charset=utf-8")
        return False

    def _send(self, code: int, body: bytes, content_type: str) -> None:
        """A whole response: status, type, length, and the body unless this is a HEAD."""
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_GET(self) -> None:
        if self._local():
            super().do_GET()

    def do_HEAD(self) -> None:
        if self._local():
            super().do_HEAD()

    def send_head(self) -> Any:
        if not servable(self.translate_path(self.path), self.directory):
            self.send_error(404)
            return None
        return super().send_head()

    def list_directory(self, path: str | os.PathLike[str]) -> Any:
        self.send_error(404)  # as on a static host: a folder without index.html is missing
        return None

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        body = not_found_page(Path(self.directory)) if code == 404 else None
        if body is None:
            super().send_error(code, message, explain)
            return
        self._send(404, body, "text/html; charset=utf-8")


class SiteServer(http.server.ThreadingHTTPServer):
    """A threading HTTP server that lets a reader leave: a browser closing its connection
    while a file is on its way (another page was clicked, the tab was closed) is routine, so it
    is logged at debug level instead of printed as a traceback on the author's console."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        error = sys.exc_info()[1]
        if isinstance(error, ConnectionError):  # BrokenPipe, ConnectionReset, ConnectionAborted
            logger.debug("%s left before its response was sent: %s", client_address, error)
            return
        super().handle_error(request, client_address)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def stop_on_terminate() -> None:
    """SIGTERM stops a server as Ctrl-C does (a clean exit 0). A server started in the
    background ignores SIGINT, so a test, a service manager or `kill` sends SIGTERM."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _interrupt)


def serve_folder(folder: Path, host: str = "localhost", port: int = 8000) -> None:
    """Serve `folder` in this process until Ctrl-C or SIGTERM (no child process to leave
    behind)."""
    stop_on_terminate()
    handler = functools.partial(SiteRequestHandler, directory=str(folder))
    server = SiteServer((host, port), handler)
    print(f"Serving {folder} at http://localhost:{port}/ (Ctrl-C stops it)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


class QuietHandler(SiteRequestHandler):
    """:class:`SiteRequestHandler` without a log line per request."""

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serving(folder: Path) -> Iterator[str]:
    """Serve `folder` from a thread of this process on a free local port, as `invoke serve`
    does but silent; yield its address (``invoke shots`` and the tests' shared builds)."""
    server = SiteServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(folder)))
    # shutdown() waits for the loop to look at its flag, every poll_interval (0.5 s by default:
    # half a second at the end of every `invoke shots`, two seconds for the tests' four servers).
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
