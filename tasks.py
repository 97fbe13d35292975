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


@task(
    help={
        "title": "the post's title, in quotes",
        "category": "its category (the theme shows it; `invoke check` requires it)",
        "tags": "comma-separated topics",
        "summary": "one sentence, at most 160 characters",
        "content": "content folder (default: content/)",
    }
)
def new_post(c, title, category="", tags="", summary="", content=None):
    """Create content/<slug>.md as a draft with every front matter field; never overwrites."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from invoke import Exit
    from pelican.utils import slugify

    settings = _pelican_settings("pelicanconf.py")
    folder = Path(content) if content else ROOT / settings["PATH"]
    slug = slugify(title, regex_subs=settings["SLUG_REGEX_SUBSTITUTIONS"])
    if not slug:
        raise Exit(f"Cannot make a slug from the title {title!r}: use letters or digits.", 1)
    now = datetime.now(ZoneInfo(settings["TIMEZONE"])).strftime("%Y-%m-%d %H:%M")
    if not folder.is_dir():
        raise Exit(f"{folder} is not a folder: run this from the blog's folder.", 1)
    target = folder / f"{slug}.md"
    text = (
        f"Title: {title}\n"
        f"Date: {now}\n"
        f"Category: {category}\n"
        f"Tags: {tags}\n"
        f"Author: {settings['AUTHOR']}\n"
        f"Slug: {slug}\n"
        f"Summary: {summary}\n"
        "Status: draft\n"
        "\n"
        "Write the post here, in Markdown.\n"
    )
    try:
        with target.open("x", encoding="utf-8") as handle:  # "x": fail if it exists
            handle.write(text)
    except FileExistsError:
        raise Exit(f"{target} already exists: not overwritten. Pick another title.", 1) from None
    shown = target.relative_to(ROOT) if target.is_relative_to(ROOT) else target
    print(f"Created {shown} (draft, previewed at /drafts/{slug}/ by `invoke livereload`).")
    missing = [name for name, value in (("Category", category), ("Summary", summary)) if not value]
    if missing:
        print(f"Fill in {' and '.join(missing)}; `invoke check` lists what is left.")
    print("To publish, delete the line 'Status: draft'.")


@task(
    help={
        "max_grade": "warn when a post's reading grade is above this (default READING_GRADE_WARN)",
        "path": "content folder (default: content/)",
    }
)
def check(c, max_grade=None, path=None):
    """Lint the content: `path:line: problem` for each error; reading grades as information."""
    sys.path.insert(0, str(ROOT / "plugins"))
    import content_lint

    args = [path] if path else []
    if max_grade is not None:
        args += ["--max-grade", str(max_grade)]
    code = content_lint.main(["-s", str(ROOT / "pelicanconf.py"), *args])
    if code:
        from invoke import Exit

        raise Exit(code=code)
