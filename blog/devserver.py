"""The development server behind `invoke livereload`: on save, rewrite only the saved post's
page, then reload the browser.

Pelican 4.9 removed ``WRITE_SELECTED``, and a full rebuild of 1,000 posts takes seconds even
with the content cache. `invoke livereload` (tasks.py) instead keeps the last full build in
memory and, when one Markdown file changes, re-reads that file and writes that one page with
the same templates and context: a few milliseconds at any site size. The lists (home page,
archives, categories, feeds) are rebuilt by a full build in the background, and the browser
reloads again when it is done, only when the change can show there (title, date, summary,
category, tags, slug or status changed; a file was added or removed; a template, plugin or
setting changed).

Each full build lists the plugin blog/plugins/live_preview.py, which keeps that build's
generators (their context holds every post, page and the Jinja environment) for the next quick
update. Production builds never load it.

A broken edit does not stop the server: the post's page shows the problem ("Date '2026-02-30'
is not a valid date", with the file and line from blog/content_rules/) until the next save,
and the terminal says the same.

Like `invoke serve` (blog/static_server.py), it answers only to this machine, gives the site's
404 page and serves nothing outside the output; its websocket, which names every saved file,
accepts only pages served by itself (its ``Origin``).
Full builds take the checkout's build lock (blog/build_lock.py), waiting for `invoke preview`.
"""

from __future__ import annotations

import html
import logging
import os
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from pelican import Pelican
from pelican.contents import Article, Page
from pelican.generators import ArticlesGenerator, PagesGenerator
from pelican.writers import Writer

from . import content_rules as rules
from .build_lock import build_lock
from .plugins.live_preview import last_build
from .plugins.strict_build import explain_exception, forget_logged_messages
from .static_server import (
    NOT_LOCAL,
    local_host,
    local_origin,
    not_found_page,
    servable,
    stop_on_terminate,
)

logger = logging.getLogger(__name__)

#: Fields that appear on list pages and feeds: a change here needs the background full build.
LISTED = ("title", "date", "category", "tags", "authors", "slug", "status", "summary", "save_as")
ARTICLE_LISTS = ("articles", "translations", "drafts", "drafts_translations")
ARTICLE_LISTS += ("hidden_articles", "hidden_translations")
PAGE_LISTS = ("pages", "translations", "hidden_pages", "hidden_translations")
PAGE_LISTS += ("draft_pages", "draft_translations")


def _find(generators: Iterable[Any], kind: type) -> Any:
    return next((g for g in generators if isinstance(g, kind)), None)


class LivePreview:
    """Full builds (first, and in the background) plus one-page updates in between."""

    def __init__(
        self,
        settings_factory: Callable[[], dict[str, Any]],
        call_soon: Callable[..., None] = lambda fn, *a: fn(*a),
        reload: Callable[[str], None] = lambda path: None,
    ) -> None:
        self.settings_factory = settings_factory
        self.settings = settings_factory()
        self.content = Path(self.settings["PATH"]).resolve()
        self.output = Path(self.settings["OUTPUT_PATH"]).resolve()
        self.call_soon = call_soon  # run on the server's thread
        self.reload = reload
        self._full_lock = threading.Lock()
        self._full_again = False
        self._full_thread: threading.Thread | None = None
        # Source file -> output path, kept across builds: a post that a build left out
        # because it is broken still has an address where its problem can be shown.
        self.known: dict[Path, str] = {}

    # Full builds -------------------------------------------------------------

    def full_build(self) -> bool:
        """Build everything; report a failure and keep serving the last good output."""
        started = time.time()
        try:
            self.settings = self.settings_factory()
            with build_lock(self.settings["CACHE_PATH"], wait=True):
                Pelican(self.settings).run()
        except (Exception, SystemExit) as error:
            logger.error("Build failed, still serving the last good pages: %s", error)
            return False
        logger.info("Full build in %.2f s", time.time() - started)
        for generator in last_build.generators:
            for name in ARTICLE_LISTS + PAGE_LISTS:
                for item in getattr(generator, name, []) or []:
                    if getattr(item, "save_as", "") and getattr(item, "source_path", ""):
                        self.known[Path(item.source_path)] = item.save_as
        return True

    def schedule_full_build(self) -> None:
        """Run a full build in the background; reload the browser when it is done."""
        with self._full_lock:
            if self._full_thread and self._full_thread.is_alive():
                self._full_again = True
                return
            self._full_thread = threading.Thread(target=self._full_loop, daemon=True)
            self._full_thread.start()

    def wait_for_full_build(self, timeout: float) -> bool:
        """Wait for the background full build (if one runs); False if it is still running."""
        thread = self._full_thread
        if thread is not None:
            thread.join(timeout)
        return thread is None or not thread.is_alive()

    def _full_loop(self) -> None:
        while True:
            started = time.time()
            self.full_build()
            self.call_soon(self._after_full_build, started)
            with self._full_lock:
                if not self._full_again:
                    return
                self._full_again = False

    def _after_full_build(self, started: float) -> None:
        # A quick update that ran during the full build may have been overwritten by it.
        for path in self._markdown_files():
            if path.stat().st_mtime >= started:
                self.update_page(path)
        self.reload("*")

    def _markdown_files(self) -> list[Path]:
        return [path for path, _kind in rules.content_files(self.content, self.settings)]

    # Changes -----------------------------------------------------------------

    def is_post(self, path: Path) -> bool:
        return path.suffix.lower() in rules.MARKDOWN_EXTENSIONS and path.is_relative_to(
            self.content
        )

    def changed(self, paths: Iterable[str | os.PathLike[str]]) -> str:
        """Handle saved files; returns 'page', 'page+lists', 'full' or 'error'."""
        paths = [Path(p).resolve() for p in paths]
        posts = [p for p in paths if self.is_post(p) and p.is_file()]
        if not posts or len(posts) != len(paths):
            self.schedule_full_build()  # templates, settings, images, added or removed files
            return "full"
        results = [self.update_page(p) for p in posts]
        if "error" in results:
            return "error"
        if "unknown" in results or "lists" in results:
            self.schedule_full_build()
            return "page+lists" if "unknown" not in results else "full"
        return "page"

    def update_page(self, path: Path) -> str:
        """Re-read one post and write its page: 'page', 'lists' (lists differ too), 'unknown'
        (not in the last build: a new file), or 'error' (its page now shows the problem)."""
        generators = list(last_build.generators)
        articles = _find(generators, ArticlesGenerator)
        pages = _find(generators, PagesGenerator)
        if articles is None or pages is None:
            return "unknown"
        found = self._lookup(path, articles, ARTICLE_LISTS) or self._lookup(path, pages, PAGE_LISTS)
        if found is None:
            if path in self.known:  # left out of the last build: show why, or rebuild
                problems = self._lint(path)
                if problems:
                    self._write_error(self.known[path], problems)
                    return "error"
            return "unknown"
        generator, names, old = found
        rel = str(path.relative_to(Path(generator.path).resolve()))
        problems = self._lint(path)
        try:
            new = generator.readers.read_file(
                base_path=generator.path,
                path=rel,
                content_class=Page if generator is pages else Article,
                context=generator.context,
            )
            valid = new.is_valid()
        except Exception as error:
            problems = problems or [f"{rules.display_path(path)}: {explain_exception(error)}"]
            valid = False
        if not valid or problems:
            self._write_error(old.save_as, problems or [f"{path}: could not be published"])
            return "error"
        for name in names:
            items = getattr(generator, name)
            for index, item in enumerate(items):
                if item is old:
                    items[index] = new
        generator.context["generated_content"][rel] = new
        self._write(generator, new)
        self.known[path] = new.save_as
        same = all(getattr(old, f, None) == getattr(new, f, None) for f in LISTED)
        return "page" if same else "lists"

    @staticmethod
    def _lookup(path: Path, generator: Any, names: tuple[str, ...]) -> Any:
        # Pelican's source_path is absolute under the (resolved) content folder: compare
        # strings, since resolving 1,000 paths on every save costs more than the update.
        wanted = str(path)
        for name in names:
            for item in getattr(generator, name, []):
                if item.source_path == wanted:
                    return generator, names, item
        return None

    def _lint(self, path: Path) -> list[str]:
        problems = rules.lint_file(path, self.settings, self.content)
        errors = [p.format() for p in problems if p.severity == rules.ERROR]
        for error in errors:
            logger.warning("%s", error)
        return errors

    def _write(self, generator: Any, item: Any) -> None:
        writer = Writer(generator.output_path, settings=generator.settings)
        template = generator.get_template(item.template)
        override = hasattr(item, "override_save_as")
        if isinstance(generator, PagesGenerator):
            writer.write_file(
                item.save_as,
                template,
                generator.context,
                page=item,
                relative_urls=generator.settings["RELATIVE_URLS"],
                override_output=override,
                url=item.url,
            )
            return
        extra = {"all_articles": generator.articles} if item.status == "draft" else {}
        writer.write_file(
            item.save_as,
            template,
            generator.context,
            article=item,
            category=item.category,
            override_output=override,
            blog=True,
            url=item.url,
            **extra,
        )

    def _write_error(self, save_as: str, problems: list[str]) -> None:
        """Put the problem where the author is looking: in place of the post's page."""
        if not save_as:
            return
        target = self.output / save_as
        items = "\n".join(f"<li><code>{html.escape(p)}</code></li>" for p in problems)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(
            '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            "<title>This post has a problem</title>\n</head>\n<body>\n<main>\n"
            "<h1>This post has a problem</h1>\n"
            f"<ul>\n{items}\n</ul>\n"
            "<p>Fix it and save: this page reloads by itself. The rest of the site is "
            "still the last good build.</p>\n</main>\n</body>\n</html>\n",
            encoding="utf-8",
        )


def serve(
    settings_factory: Callable[[], dict[str, Any]],
    watch: list[Path],
    host: str = "localhost",
    port: int = 8000,
) -> None:
    """Build once, then serve the output with livereload and update pages on every save."""
    import watchfiles
    from livereload.handlers import LiveReloadHandler
    from livereload.watcher import Watcher
    from tornado.ioloop import IOLoop

    stop_on_terminate()
    preview = LivePreview(settings_factory)
    if not preview.full_build():
        logger.error("The first build failed: fix the problem and save, the server keeps running.")

    class FileEvents(Watcher):
        """livereload watcher fed by watchfiles (inotify), not by polling every 0.8 s."""

        def start(self, callback: Callable[[], None]) -> bool:
            loop = IOLoop.current()
            preview.call_soon = loop.add_callback
            preview.reload = lambda path: LiveReloadHandler.reload_waiters(path)

            def run() -> None:
                for changes in watchfiles.watch(*watch, debounce=100, step=10):
                    paths = sorted({path for _change, path in changes if _wanted(path)})
                    if paths:
                        loop.add_callback(on_change, paths)

            threading.Thread(target=run, daemon=True).start()
            return True

        def examine(self) -> tuple[None, None]:
            return None, None

    def on_change(paths: list[str]) -> None:
        forget_logged_messages()  # the same problem, saved again, is reported again
        started = time.perf_counter()
        result = preview.changed(paths)
        took = (time.perf_counter() - started) * 1000
        shown = ", ".join(rules.display_path(p) for p in paths)
        logger.info("%s: %s update in %.0f ms", shown, result, took)
        if result in ("page", "page+lists", "error"):
            LiveReloadHandler.reload_waiters(paths[0])

    server = local_live_server()(watcher=FileEvents())
    server.serve(host=host, port=port, root=str(preview.output), restart_delay=0)


def _wanted(path: str) -> bool:
    """Skip editors' temporary files (.swp, ~, 4913, .#name)."""
    name = os.path.basename(path)
    return not (
        name.startswith((".", "#"))
        or name.endswith(("~", ".swp", ".swx", ".tmp"))
        or name.isdigit()
        or "__pycache__" in path
    )


def local_live_server() -> type:
    """livereload's Server, with handlers that answer only to this machine and a 404 page."""
    from livereload import Server
    from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler, StaticFileHandler
    from livereload.server import LiveScriptInjector
    from tornado import escape, web

    class LocalOnly(web.RequestHandler):
        def prepare(self) -> None:
            if not local_host(self.request.headers.get("Host")):
                self.set_status(403)
                self.set_header("Content-Type", "text/plain; charset=utf-8")
                self.finish(NOT_LOCAL)

    class Reload(LocalOnly, LiveReloadHandler):  # type: ignore[misc]
        port = 0

        def check_origin(self, origin: str) -> bool:
            return local_origin(origin, self.port)

    class Script(LocalOnly, LiveReloadJSHandler):  # type: ignore[misc]
        pass

    class Static(LocalOnly, StaticFileHandler):  # type: ignore[misc]
        def validate_absolute_path(self, root: str, absolute_path: str) -> str | None:
            if not servable(absolute_path, root):  # a NUL byte, a link out of the output
                raise web.HTTPError(404)
            return super().validate_absolute_path(root, absolute_path)

        def write_error(self, status_code: int, **kwargs: Any) -> None:
            body = not_found_page(Path(self.root)) if status_code == 404 else None
            if body is None:
                super().write_error(status_code, **kwargs)
                return
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.finish(body)

    class LocalServer(Server):
        def application(self, port: int, host: str, liveport: Any = None, **options: Any) -> None:
            LiveReloadHandler.watcher = self.watcher
            LiveReloadHandler.live_css = options.get("live_css", True)
            Reload.port = int(port)
            script = escape.utf8(
                '<script type="text/javascript">(function(){'
                'var s=document.createElement("script");'
                f"var port={int(port)};"
                's.src="//"+window.location.hostname+":"+port'
                '+ "/livereload.js?port=" + port;'
                "document.head.appendChild(s);"
                "})();</script>"
            )

            class Inject(LiveScriptInjector):
                pass

            Inject.script = script
            handlers = [
                (r"/livereload", Reload),
                (r"/livereload.js", Script),
                (r"/(.*)", Static, {"path": self.root, "default_filename": "index.html"}),
            ]
            web.Application(handlers=handlers, transforms=[Inject]).listen(port, address=host)

    return LocalServer
