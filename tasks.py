"""Tasks for writing, previewing, testing and publishing the blog (run with `invoke`)."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from invoke import task

from blog import publishing

ROOT = publishing.ROOT
OUTPUT = publishing.OUTPUT
PORT = int(os.environ.get("PORT", "8000"))


# The build and publish machinery lives in blog/publishing.py; the tasks below parse and print.


def _init_logging() -> None:
    """Pelican's console: every warning and error of a build, as `invoke livereload` shows."""
    import logging

    from pelican.log import init as init_logging

    init_logging(logging.WARNING)


@task
def clean(c):
    """Remove the local output folder."""
    shutil.rmtree(OUTPUT, ignore_errors=True)


@task(
    help={
        "content": "content folder (default: content/)",
        "output": "output folder (default: output/)",
    }
)
def build(c, content=None, output=None):
    """Build the site locally (drafts included) into output/; print every problem found.

    Built into a fresh folder and swapped in whole, as `invoke preview` is: a removed post's
    page (and its entry in the search index, which Pagefind makes from the pages written)
    goes with it, and a build that stops leaves the previous output as it was."""
    _init_logging()
    publishing.local_build(content, output)


@task(
    help={
        "port": "port to serve on (default 8000, or $PORT)",
        "output": "folder to serve (default: output/)",
    }
)
def serve(c, port=PORT, output=None):
    """Serve output/ at http://localhost:8000 without rebuilding (Ctrl-C stops it)."""
    from blog.static_server import serve_folder

    serve_folder(Path(output) if output else OUTPUT, host="localhost", port=int(port))


@task(
    help={
        "port": "port to serve on (default 8000, or $PORT)",
        "content": "content folder (default: content/)",
        "output": "output folder (default: output/)",
    }
)
def livereload(c, port=PORT, content=None, output=None):
    """Build, serve at http://localhost:8000; on save, rewrite that page and reload the browser.

    Editing a post rewrites only its page (milliseconds, at any site size); lists, feeds and
    template changes follow from a full build in the background. A broken post shows its
    problem on its page; the server keeps running.
    """
    import logging

    from blog import authoring, devserver

    _init_logging()  # Pelican's warnings; our one line per save at INFO
    logging.getLogger(devserver.__name__).setLevel(logging.INFO)
    settings = authoring.live_settings(content, output)
    devserver.serve(
        lambda: authoring.live_settings(content, output),
        watch=authoring.live_watch(settings),
        host="localhost",
        port=int(port),
    )


@task(
    help={
        "title": "the post's title, in quotes",
        "category": "its category (the theme shows it; `invoke check` requires it)",
        "tags": "comma-separated topics",
        "summary": "one sentence, at most 160 characters",
        "content": "content folder (default: content/)",
        "slug": "the post's address, when the title's is taken (default: made from the title)",
    }
)
def new_post(c, title, category="", tags="", summary="", content=None, slug=""):
    """Create content/<slug>.md as a draft with every front matter field; never overwrites."""
    from invoke import Exit

    from blog.authoring import AuthoringError
    from blog.authoring import new_post as create

    try:
        said = create(
            title, category=category, tags=tags, summary=summary, content=content, slug=slug
        )
    except AuthoringError as error:
        raise Exit(str(error), 1) from None
    print("\n".join(said))


@task(
    help={
        "max_grade": "warn when a post's reading grade is above this (default READING_GRADE_WARN)",
        "path": "content folder (default: content/)",
    }
)
def check(c, max_grade=None, path=None):
    """Lint the content: `path:line: problem` for each error; reading grades as information."""
    from invoke import Exit

    from blog.authoring import AuthoringError
    from blog.authoring import check as lint

    try:
        code = lint(max_grade, path)
    except AuthoringError as error:  # a setting to fix first: one line each, no traceback
        raise Exit(str(error), 1) from None
    if code:
        raise Exit(code=code)


# Publishing (README "Deploying"): a production build is strict (STRICT in publishconf.py) and
# atomic, so a failed build never leaves output/ empty or half-written.


HOST_HELP = (
    "host profile: github-pages (default), cloudflare-pages, netlify, nginx, apache, caddy "
    "(default: HOST in publishconf.py, or $SITE_HOST)"
)


@task(
    help={
        "content": "content folder (default: content/)",
        "output": "output folder (default: output/)",
        "host": HOST_HELP,
    }
)
def preview(c, content=None, output=None, host=None):
    """Strict production build (publishconf.py) into output/, swapped in only if it succeeds.

    Links are absolute to SITEURL; to browse locally: SITEURL=http://localhost:8000 invoke preview
    and then invoke serve. --host writes what that host reads (docs/hosting.md).
    """
    _init_logging()
    target = Path(output).resolve() if output else OUTPUT
    override = {**publishing.content_override(content, None), **publishing.host_override(host)}
    publishing.atomic_build("publishconf.py", target, **override)
    print(f"Production build ready in {target}")


@task(
    help={
        "push": "push the gh-pages branch to the remote (--no-push: only update it locally)",
        "remote": "the git remote to push to (default: origin)",
        "host": HOST_HELP,
    }
)
def publish(c, push=True, remote="origin", host=None):
    """`invoke preview`, then commit output/ to the gh-pages branch and push it (ghp-import)."""
    _init_logging()
    publishing.atomic_build("publishconf.py", OUTPUT, **publishing.host_override(host))
    publishing.push_gh_pages(OUTPUT, push=push, remote=remote)
    pushed = f" and pushed it to {remote}" if push else ""
    print(f"Committed {OUTPUT} to the gh-pages branch{pushed}")


@task(
    help={
        "host": "nginx (a server { } block) or caddy (a Caddyfile site block)",
        "root": "the folder the server serves: the built site (default: output/)",
        "listen": "port, or address:port, to listen on (default 80)",
    }
)
def server_config(c, host=None, root=None, listen="80"):
    """Print nginx's server block or a Caddyfile site block for the built site.

    Headers on every status, the site's 404 page, the precompressed copies, caching
    (docs/hosting.md).
    """
    from blog.hosting import Refused, servers

    if not host:
        raise Refused("Name the server: --host nginx or --host caddy.")

    settings = publishing.pelican_settings("publishconf.py", **publishing.host_override(host))
    print(servers.server_config(host, settings, Path(root or OUTPUT), listen), end="")


# Benchmarks and budgets (benchmarks/, README "Benchmarks"): scripts, not tests.


@task(help={"sizes": "comma-separated post counts (default 1000,5000; 1000 for a quick run)"})
def bench(c, sizes="1000,5000"):
    """Time the production build against plain Pelican; check the budgets; write the report."""
    c.run(f"{sys.executable} {ROOT / 'benchmarks' / 'bench.py'} --sizes {sizes}", pty=False)


@task
def audit(c):
    """Lighthouse (mobile) on home, article, about and search of a local production build."""
    c.run(f"{sys.executable} {ROOT / 'benchmarks' / 'audit.py'}", pty=False)


# Looking before committing a theme change: screenshots of every kind of page (blog/shots.py).


@task(
    help={
        "content": "content folder (default: content/)",
        "folder": "where the screenshots go (default: shots/, which git ignores)",
        "sizes": "comma-separated screens, a zoom after @ (default "
        "320x568,360x740,375x667,375x812,1280x900,1280x900@400)",
        "schemes": "comma-separated colour schemes (default light,dark)",
        "pages": "comma-separated kinds of page (default all: home, article, help, ...)",
    }
)
def shots(c, content=None, folder=None, sizes=None, schemes=None, pages=None):
    """Screenshots of every kind of page at each size (small phones to a laptop zoomed to 400%),
    light and dark.

    A production build of the content, served locally and photographed in Chromium: for each
    page, size and scheme, `<page>-<size>-<scheme>.png` (the first screen) and `...-full.png`
    (the whole page), plus `article-print.png` and `help-print.png` (print styles, from a dark
    screen). Look at them before committing a theme change.
    """
    from invoke import Exit

    from blog.shots import SHOT_SCHEMES, SHOT_SIZES, Screen, parse_kinds, take_shots

    folder = Path(folder or ROOT / "shots").resolve()
    content = Path(content or publishing.pelican_settings("pelicanconf.py")["PATH"]).resolve()
    try:
        screens = tuple(map(Screen.parse, sizes.split(","))) if sizes else SHOT_SIZES
    except ValueError as error:
        raise Exit(f"--sizes: {error}", 1) from None
    try:
        kinds = parse_kinds(pages) if pages else ()
    except ValueError as error:
        raise Exit(f"--pages: {error}", 1) from None

    def build(site: Path, url: str) -> None:
        publishing.atomic_build(
            "publishconf.py",
            site,
            PATH=str(content),
            SITEURL=url,
            FEED_DOMAIN=url,
            CACHE_PATH=str(folder / "cache"),
        )

    taken = take_shots(
        folder, build, screens, tuple(schemes.split(",")) if schemes else SHOT_SCHEMES, kinds
    )
    print(f"{len(taken)} screenshots in {folder}")
