"""Tasks for writing, previewing, testing and publishing the blog (run with `invoke`)."""

from __future__ import annotations

import errno
import io
import os
import shutil
import sys
from contextlib import contextmanager
from pathlib import Path

from invoke import task

ROOT = Path(__file__).resolve().parent
OUTPUT = ROOT / "output"
PORT = int(os.environ.get("PORT", "8000"))


def _pelican_settings(config: str, **override):
    from pelican.settings import read_settings

    return read_settings(str(ROOT / config), override=override or None)


def _init_logging() -> None:
    """Pelican's console: every warning and error of a build, as `invoke livereload` shows."""
    import logging

    from pelican.log import init as init_logging

    init_logging(logging.WARNING)


def _build(config: str = "pelicanconf.py", **override) -> dict:
    """Build in-process so errors are reported, not swallowed by a subprocess.

    Returns the settings the build used."""
    from pelican import Pelican

    settings = _pelican_settings(config, **override)
    Pelican(settings).run()
    return settings


def _cache_path(override: dict) -> Path:
    """The cache folder (and so the build lock) of this checkout, whatever the current folder."""
    return Path(override.get("CACHE_PATH") or ROOT / "cache").resolve()


_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ENAMETOOLONG: "a file name is too long",
}


def _file_being_written(error: BaseException) -> str | None:
    """The file a write error happened in, when the error does not name it: a write that fills
    the disk (Pelican writing a feed, say) raises one naming no file. The innermost frame that
    holds a file open for writing says which."""
    frames = []
    trace = error.__traceback__
    while trace is not None:
        frames.append(trace.tb_frame)
        trace = trace.tb_next
    for frame in reversed(frames):
        for value in frame.f_locals.values():
            mode, name = getattr(value, "mode", ""), getattr(value, "name", None)
            if isinstance(value, io.IOBase) and isinstance(name, str) and set(mode) & set("wax"):
                return name
    return None


def _sentence(error: OSError, output: Path, atomic: bool) -> str:
    """A failed write as one sentence: what, where, and what became of the output."""
    reason = _REASONS.get(error.errno or 0, error.strerror or str(error))
    # A copy or rename names its source first and the file it was writing second.
    written = getattr(error, "filename2", None) or error.filename or _file_being_written(error)
    where = f" at {written}" if written else ""
    kept = f"{output} is unchanged" if atomic else f"{output} may be incomplete"
    return f"The build stopped: {reason}{where}; {kept}. Fix that and build again."


@contextmanager
def _build_guard(output: Path, cache: Path, atomic: bool):
    """One build at a time (blog/build_lock.py); a failed write is one sentence, no traceback."""
    from invoke import Exit

    from blog.build_lock import BuildLocked, build_lock, remove_leftovers

    try:
        with build_lock(cache):
            remove_leftovers(output, cache)
            yield
    except BuildLocked as locked:
        raise Exit(str(locked), 1) from None
    except OSError as error:
        raise Exit(_sentence(error, output, atomic), 1) from None


def publishable(folder: Path) -> None:
    """Folders 0755, files 0644: a web server running as another user reads every file.
    (Pelican writes with the umask; a fresh build folder from mkdtemp is 0700.)"""
    os.chmod(folder, 0o755)
    for parent, dirs, files in os.walk(folder):
        for name in dirs:
            os.chmod(os.path.join(parent, name), 0o755, follow_symlinks=False)
        for name in files:
            path = os.path.join(parent, name)
            if not os.path.islink(path):
                os.chmod(path, 0o644)


def _content_override(content: str | None, output: Path | None) -> dict:
    override = {"CACHE_PATH": str(ROOT / "cache")}
    if content:
        override["PATH"] = str(Path(content).resolve())
    if output:
        override["OUTPUT_PATH"] = str(Path(output).resolve())
    return override


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
    """Build the site locally (drafts included) into output/; print every problem found."""
    _init_logging()
    override = _content_override(content, Path(output) if output else None)
    target = Path(override.get("OUTPUT_PATH") or OUTPUT)
    with _build_guard(target, _cache_path(override), atomic=False):
        settings = _build(**override)
        publishable(Path(settings["OUTPUT_PATH"]))


@task(
    help={
        "port": "port to serve on (default 8000, or $PORT)",
        "output": "folder to serve (default: output/)",
    }
)
def serve(c, port=PORT, output=None):
    """Serve output/ at http://localhost:8000 without rebuilding (Ctrl-C stops it)."""
    from blog import devserver

    devserver.serve_folder(Path(output) if output else OUTPUT, host="localhost", port=int(port))


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
    }
)
def new_post(c, title, category="", tags="", summary="", content=None):
    """Create content/<slug>.md as a draft with every front matter field; never overwrites."""
    from invoke import Exit

    from blog.authoring import AuthoringError
    from blog.authoring import new_post as create

    try:
        said = create(title, category=category, tags=tags, summary=summary, content=content)
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
    from blog.authoring import check as lint

    if code := lint(max_grade, path):
        from invoke import Exit

        raise Exit(code=code)


# Publishing (README "Deploying"): a production build is strict (STRICT in publishconf.py) and
# atomic, so a failed build never leaves output/ empty or half-written.


def _atomic_build(config: str = "publishconf.py", output: Path = OUTPUT, **override) -> Path:
    """Build into a fresh folder beside `output`; swap it in only if the whole build succeeds.

    Any failure leaves the previous `output` byte-for-byte as it was. OUTPUT_RETENTION files
    of the old output (.git of a deploy checkout, CNAME) are carried over unless the build
    wrote its own. The fresh folder also keeps pelican-precompress from leaving stale copies.
    One build at a time (the lock in the cache folder); a full disk or a read-only folder is
    one sentence (invoke's Exit), not a traceback.
    """
    import tempfile

    output = Path(output).resolve()
    override.setdefault("CACHE_PATH", str(ROOT / "cache"))
    with _build_guard(output, _cache_path(override), atomic=True):
        output.parent.mkdir(parents=True, exist_ok=True)
        fresh = Path(tempfile.mkdtemp(prefix=f".{output.name}-new-", dir=output.parent))
        try:
            settings = _build(config, OUTPUT_PATH=str(fresh), **override)
            publishable(fresh)  # before the retained files, which keep their own modes
            for name in settings["OUTPUT_RETENTION"]:
                kept, target = output / name, fresh / name
                if target.exists() or not kept.exists():
                    continue
                if kept.is_dir():
                    shutil.copytree(kept, target, symlinks=True)
                else:
                    shutil.copy2(kept, target)
        except BaseException:  # StrictBuildError is a SystemExit
            from blog.plugins import BuildState

            BuildState.stop_all()  # nothing may write into `fresh` once it is removed
            shutil.rmtree(fresh, ignore_errors=True)
            raise
        # The swap: two renames in one folder; the old tree is deleted once the new one is in.
        old = fresh.with_name(fresh.name.replace("-new-", "-old-"))
        if output.exists():
            os.rename(output, old)
        os.rename(fresh, output)
        shutil.rmtree(old, ignore_errors=True)
    return output


@task(
    help={
        "content": "content folder (default: content/)",
        "output": "output folder (default: output/)",
    }
)
def preview(c, content=None, output=None):
    """Strict production build (publishconf.py) into output/, swapped in only if it succeeds.

    Links are absolute to SITEURL; to browse locally: SITEURL=http://localhost:8000 invoke preview
    and then invoke serve.
    """
    _init_logging()
    target = Path(output).resolve() if output else OUTPUT
    _atomic_build("publishconf.py", target, **_content_override(content, None))
    print(f"Production build ready in {target}")


def _push_gh_pages(output: Path, push: bool = True, remote: str = "origin") -> None:
    """Commit `output` as the whole tree of the gh-pages branch (ghp-import), then push it."""
    from ghp_import import ghp_import

    if (output / ".git").exists():
        from invoke import Exit

        raise Exit(f"{output} is a git checkout of its own: push it with git, not to gh-pages.", 1)
    # .nojekyll: GitHub Pages must serve the files as they are, `_headers` included.
    ghp_import(str(output), mesg="Publish the site", nojekyll=True, push=push, remote=remote)


@task(
    help={
        "push": "push the gh-pages branch to the remote (--no-push: only update it locally)",
        "remote": "the git remote to push to (default: origin)",
    }
)
def publish(c, push=True, remote="origin"):
    """`invoke preview`, then commit output/ to the gh-pages branch and push it (ghp-import)."""
    _init_logging()
    _atomic_build("publishconf.py", OUTPUT)
    _push_gh_pages(OUTPUT, push=push, remote=remote)
    pushed = f" and pushed it to {remote}" if push else ""
    print(f"Committed {OUTPUT} to the gh-pages branch{pushed}")


# Benchmarks and budgets (benchmarks/, README "Benchmarks"): scripts, not tests.


@task(help={"sizes": "comma-separated post counts (default 1000,5000; 1000 for a quick run)"})
def bench(c, sizes="1000,5000"):
    """Time the production build against plain Pelican; check the budgets; write the report."""
    c.run(f"{sys.executable} {ROOT / 'benchmarks' / 'bench.py'} --sizes {sizes}", pty=False)


@task
def audit(c):
    """Lighthouse (mobile) on home, article, about and search of a local production build."""
    c.run(f"{sys.executable} {ROOT / 'benchmarks' / 'audit.py'}", pty=False)


# Looking before committing a theme change: screenshots of every kind of page.

SHOT_SIZES = ((360, 740), (375, 812), (1280, 900))
SHOT_SCHEMES = ("light", "dark")


def _shot_pages(site: Path) -> dict[str, str]:
    """One URL path of each kind of page in a built site: {name: path}."""
    import re

    def first(pattern: str) -> str | None:
        for path in sorted(site.rglob("index.html")):
            rel = path.relative_to(site).parent.as_posix()
            if re.fullmatch(pattern, rel):
                return rel + "/"
        return None

    articles = sorted(
        path.relative_to(site).parent.as_posix() + "/"
        for path in site.rglob("index.html")
        if 'property="og:type" content="article"' in path.read_text(encoding="utf-8")
    )
    pages = {
        "home": "",
        "article": articles[0] if articles else None,
        "about": "about/",
        "help": "help/",
        "privacy": "privacy/",
        "archives": "archives/",
        "year": first(r"\d{4}"),
        "month": first(r"\d{4}/\d{2}"),
        "topics": "tags/",
        "topic": first(r"tag/[^/]+"),
        "categories": "categories/",
        "category": first(r"category/[^/]+"),
        "search": "search/",
        "search-results": "search/?q=therapy",
        "404": "no-such-page/",
    }
    return {name: path for name, path in pages.items() if path is not None}


def take_shots(
    content: Path,
    folder: Path,
    sizes: tuple[tuple[int, int], ...] = SHOT_SIZES,
    schemes: tuple[str, ...] = SHOT_SCHEMES,
    **override,
) -> list[Path]:
    """Build `content` for production into `folder`/site, serve it, and screenshot each kind
    of page at each size and colour scheme: the first screen and the whole page."""
    import functools
    import http.server
    import threading

    from playwright.sync_api import sync_playwright

    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.png"):
        old.unlink()
    site = folder / "site"

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def send_error(self, code, message=None, explain=None):  # the site's own 404 page
            page = site / "404.html"
            if code != 404 or not page.exists():
                return super().send_error(code, message, explain)
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(site))
    )
    url = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    taken = []
    try:
        _atomic_build(
            "publishconf.py",
            site,
            PATH=str(content),
            SITEURL=url,
            FEED_DOMAIN=url,
            CACHE_PATH=str(folder / "cache"),
            **override,
        )
        chromium = os.environ.get("CHROMIUM") or shutil.which("chromium")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium,
                args=["--headless", "--no-sandbox", "--disable-gpu"],
            )
            for width, height in sizes:
                for scheme in schemes:
                    context = browser.new_context(
                        viewport={"width": width, "height": height}, color_scheme=scheme
                    )
                    page = context.new_page()
                    for name, path in _shot_pages(site).items():
                        page.goto(f"{url}/{path}", wait_until="networkidle")
                        if name == "search-results":
                            page.locator("#search-results li").first.wait_for(timeout=10_000)
                        stem = folder / f"{name}-{width}x{height}-{scheme}"
                        page.screenshot(path=f"{stem}.png")
                        page.screenshot(path=f"{stem}-full.png", full_page=True)
                        taken += [Path(f"{stem}.png"), Path(f"{stem}-full.png")]
                    context.close()
            # Print, from a dark screen: what comes out of the printer.
            context = browser.new_context(viewport={"width": 800, "height": 1100})
            page = context.new_page()
            page.emulate_media(media="print", color_scheme="dark")
            for name in ("article", "help"):
                page.goto(f"{url}/{_shot_pages(site)[name]}", wait_until="networkidle")
                stem = folder / f"{name}-print"
                page.screenshot(path=f"{stem}.png", full_page=True)
                taken.append(Path(f"{stem}.png"))
            context.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return taken


@task(
    help={
        "content": "content folder (default: content/)",
        "folder": "where the screenshots go (default: shots/, which git ignores)",
        "sizes": "comma-separated viewports (default 360x740,375x812,1280x900)",
        "schemes": "comma-separated colour schemes (default light,dark)",
    }
)
def shots(c, content=None, folder=None, sizes=None, schemes=None):
    """Screenshots of every kind of page at 360x740, 375x812 and 1280x900, light and dark.

    A production build of the content, served locally and photographed in Chromium: for each
    page, size and scheme, `<page>-<size>-<scheme>.png` (the first screen) and `...-full.png`
    (the whole page), plus `article-print.png` and `help-print.png` (print styles, from a dark
    screen). Look at them before committing a theme change.
    """
    folder = Path(folder or ROOT / "shots").resolve()
    content = Path(content or _pelican_settings("pelicanconf.py")["PATH"]).resolve()
    viewports = SHOT_SIZES
    if sizes:
        viewports = tuple(tuple(int(n) for n in size.split("x")) for size in sizes.split(","))
    taken = take_shots(
        content,
        folder,
        viewports,
        tuple(schemes.split(",")) if schemes else SHOT_SCHEMES,
    )
    print(f"{len(taken)} screenshots in {folder}")
