"""Tasks for writing, previewing, testing and publishing the blog (run with `invoke`)."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from invoke import task

ROOT = Path(__file__).resolve().parent
OUTPUT = ROOT / "output"
PORT = int(os.environ.get("PORT", "8000"))


def _pelican_settings(config: str, **override):
    from pelican.settings import read_settings

    return read_settings(str(ROOT / config), override=override or None)


def _build(config: str = "pelicanconf.py", **override) -> None:
    """Build in-process so errors are reported, not swallowed by a subprocess."""
    from pelican import Pelican

    Pelican(_pelican_settings(config, **override)).run()


@task
def clean(c):
    """Remove the local output folder."""
    shutil.rmtree(OUTPUT, ignore_errors=True)


@task
def build(c):
    """Build the site locally (drafts included) into output/."""
    _build()


@task
def serve(c):
    """Serve output/ at http://localhost:8000 without rebuilding."""
    c.run(f"{sys.executable} -m pelican --listen --port {PORT} -o {OUTPUT} -s pelicanconf.py")


@task
def livereload(c):
    """Build, serve at http://localhost:8000 and rebuild + reload the browser on every save."""
    from livereload import Server

    def rebuild() -> None:
        try:
            _build()
        except Exception as error:  # keep serving: the author fixes and saves again
            print(f"Build failed: {error}", file=sys.stderr)

    rebuild()
    server = Server()
    for pattern in ("content/**/*", "theme/**/*", "plugins/*.py", "pelicanconf.py"):
        server.watch(pattern, rebuild)
    server.serve(host="localhost", port=PORT, root=str(OUTPUT))
