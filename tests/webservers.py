"""Real web servers for the host tests (tests/test_hosts_servers.py), each started from the
configuration the project generates, on a free loopback port, in its own process group, and
always stopped (SIGTERM to the group, then SIGKILL) when the `with` block ends, however it ends.

* nginx: Debian's, with a generated main config that loads the brotli static module (the line
  docs/hosting.md tells the owner to have) and the block `invoke server-config --host nginx`
  prints.
* Apache: Debian's, its own ServerRoot and config in a temporary folder, Debian's default
  modules (autoindex and deflate included) and `AllowOverride All`, so the build's `.htaccess`
  applies; with or without mod_headers and mod_rewrite.
* Caddy: the site block `invoke server-config --host caddy` prints, behind a minimal global
  block (no admin endpoint, no automatic HTTPS).
* `wrangler pages dev`: Cloudflare's own local Pages server (workerd), reading `_headers`.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from conftest import ROOT

NGINX = "/usr/sbin/nginx"
NGINX_BROTLI = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")
APACHE = "/usr/sbin/apache2"
APACHE_MODULES = Path("/usr/lib/apache2/modules")
# Debian's default set (a2enmod's list after installing apache2), minus the MPM it picks.
APACHE_DEFAULT = [
    "mpm_prefork", "authz_core", "authz_host", "access_compat", "alias", "autoindex", "deflate",
    "dir", "env", "filter", "mime", "negotiation", "reqtimeout", "setenvif",
]  # fmt: skip


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wrangler() -> str | None:
    """wrangler from ./node_modules (.ci/run installs it), $WRANGLER, or PATH."""
    local = ROOT / "node_modules" / ".bin" / "wrangler"
    return os.environ.get("WRANGLER") or (
        str(local) if local.exists() else shutil.which("wrangler")
    )


def available(name: str) -> bool:
    return {
        "nginx": os.path.exists(NGINX) and NGINX_BROTLI.exists(),
        "apache": os.path.exists(APACHE) and (APACHE_MODULES / "mod_rewrite.so").exists(),
        "caddy": shutil.which("caddy") is not None,
        "wrangler": wrangler() is not None and shutil.which("node") is not None,
    }[name]


def _end_with_the_tests() -> None:
    """In the server's process, before it starts: SIGTERM when the test process ends, however
    it ends (kill -9 too), so no server outlives the suite. Its own session keeps it out of a
    Ctrl-C meant for pytest; the fixture stops it first."""
    import ctypes

    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


@contextlib.contextmanager
def running(command: list[str], port: int, log: Path, **popen) -> Iterator[None]:
    """Run `command` until the block ends; wait until `port` answers HTTP first."""
    with log.open("wb") as out:
        process = subprocess.Popen(
            command,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=_end_with_the_tests,
            **popen,
        )
    try:
        deadline = time.monotonic() + 90
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"{command[0]} stopped: {log.read_text(errors='replace')}")
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2).close()
                break
            except urllib.error.HTTPError:
                break  # it answers
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{command[0]} did not answer: {log.read_text()}") from None
                time.sleep(0.2)
        yield
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=15)


def nginx(server_block: str, port: int, folder: Path) -> contextlib.AbstractContextManager:
    """nginx with a main config of its own around `server_block`."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "logs").mkdir(exist_ok=True)
    config = folder / "nginx.conf"
    config.write_text(
        f"load_module {NGINX_BROTLI};\n"
        "daemon off;\n"
        "master_process on;\n"
        "worker_processes 1;\n"
        f"pid {folder}/nginx.pid;\n"
        f"error_log {folder}/logs/error.log;\n"
        "events { worker_connections 64; }\n"
        "http {\n"
        "    include /etc/nginx/mime.types;\n"
        "    default_type application/octet-stream;\n"
        "    access_log off;\n"
        f"    client_body_temp_path {folder}/body;\n"
        f"    proxy_temp_path {folder}/proxy;\n"
        f"    fastcgi_temp_path {folder}/fastcgi;\n"
        f"    uwsgi_temp_path {folder}/uwsgi;\n"
        f"    scgi_temp_path {folder}/scgi;\n"
        f"{server_block}"
        "}\n",
        encoding="utf-8",
    )
    return running([NGINX, "-p", str(folder), "-c", str(config)], port, folder / "out.log")


def apache(root: Path, port: int, folder: Path, modules: bool) -> contextlib.AbstractContextManager:
    """Apache serving `root` as Debian's default site does (Options Indexes), with the
    folder's `.htaccess` applied; mod_headers and mod_rewrite loaded when `modules`."""
    folder.mkdir(parents=True, exist_ok=True)
    names = APACHE_DEFAULT + (["headers", "rewrite"] if modules else [])
    loads = "".join(f"LoadModule {n}_module {APACHE_MODULES}/mod_{n}.so\n" for n in names)
    debian = Path("/etc/apache2/mods-available")
    includes = "".join(
        f"Include {debian}/{name}.conf\n"
        for name in ("mime", "deflate", "autoindex", "dir", "setenvif", "alias")
        if (debian / f"{name}.conf").exists()
    )
    config = folder / "apache2.conf"
    config.write_text(
        f"ServerRoot {folder}\n"
        f"{loads}"
        "ServerName 127.0.0.1\n"
        f"Listen 127.0.0.1:{port}\n"
        f"PidFile {folder}/apache2.pid\n"
        f"DefaultRuntimeDir {folder}\n"
        f"ErrorLog {folder}/error.log\n"
        "LogLevel warn\n"
        "User nobody\n"
        "Group nogroup\n"
        "TypesConfig /etc/mime.types\n"
        f"{includes}"
        '<FilesMatch "^\\.ht">\n  Require all denied\n</FilesMatch>\n'
        "<Directory />\n  Options FollowSymLinks\n  AllowOverride None\n"
        "  Require all denied\n</Directory>\n"
        f"DocumentRoot {root}\n"
        f"<Directory {root}>\n  Options Indexes FollowSymLinks\n  AllowOverride All\n"
        "  Require all granted\n</Directory>\n",
        encoding="utf-8",
    )
    env = {**os.environ, "APACHE_RUN_DIR": str(folder), "APACHE_LOCK_DIR": str(folder)}
    env.update(APACHE_LOG_DIR=str(folder), APACHE_RUN_USER="nobody", APACHE_RUN_GROUP="nogroup")
    command = [APACHE, "-f", str(config), "-d", str(folder), "-DFOREGROUND"]
    return running(command, port, folder / "out.log", env=env)


def caddy(site_block: str, port: int, folder: Path) -> contextlib.AbstractContextManager:
    """Caddy with the printed site block and a minimal global block of the test's own."""
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "Caddyfile"
    config.write_text(
        "{\n    admin off\n    auto_https off\n}\n\n" + site_block,
        encoding="utf-8",
    )
    env = {**os.environ, "HOME": str(folder), "XDG_DATA_HOME": str(folder / "data")}
    env["XDG_CONFIG_HOME"] = str(folder / "config")
    command = ["caddy", "run", "--config", str(config), "--adapter", "caddyfile"]
    return running(command, port, folder / "out.log", env=env)


def wrangler_pages(root: Path, port: int, folder: Path) -> contextlib.AbstractContextManager:
    """`wrangler pages dev` serving `root`, offline: no metrics, no update check."""
    folder.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "HOME": str(folder), "WRANGLER_SEND_METRICS": "false"}
    env.update(XDG_CONFIG_HOME=str(folder / "config"), CI="true", NO_UPDATE_NOTIFIER="1")
    command = [
        wrangler(), "pages", "dev", str(root), "--ip", "127.0.0.1", "--port", str(port),
        # the newest date the bundled workerd supports: wrangler's default is today's
        "--compatibility-date", "2026-04-01", "--inspector-port", str(free_port()),
    ]  # fmt: skip
    return running(command, port, folder / "out.log", env=env, cwd=folder)
