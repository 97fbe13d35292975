"""Full-text search: index the written site with Pagefind (the `pagefind[bin]` package).

Pagefind reads the finished HTML. Rather than have it walk the output folder once everything
is written (its ``--site`` mode), this plugin hands it each page as soon as Pelican has written
it, through Pagefind's Python API (a ``pagefind --service`` process, driven from a thread of
this process): Pagefind parses pages on a core that Pelican's single-threaded writing leaves
idle, and the index is ready moments after the last page. Pages go to Pagefind one at a time
in the order Pelican writes them, so the index is the same on every machine (a folder walk
follows the filesystem's order of entries).

Signals:

* ``initialized``: forget the last build's indexer.
* ``all_generators_finalized``: count the posts and pages this build publishes (a build that
  publishes some, yet gives Pagefind no page marked for the index, warns: the theme lost
  its mark; a site with none yet gets an empty index).
* ``content_written``: hash the page (any ``.html`` file) as it would go to Pagefind. While
  every page so far is the one the last build sent at that place (same address, same bytes),
  nothing more is done; at the first that is not, Pagefind starts and is given every page so
  far, then each page as it is written (:class:`SearchFeed`).
* ``finalized``: the same for the HTML files nobody announced (HTML copied as a static file),
  in name order. When every page was the last build's, in the same order, with the same
  Pagefind and settings, the last build's bundle is placed from ``CACHE_PATH/search-bundle/``
  (each file checked against the hash it is kept under) and Pagefind never starts: it would
  write the same bytes. Otherwise take the bundle from Pagefind and write it to
  ``output/pagefind/``, reusing the kept files that are unchanged (see :class:`Bundle`).

Only elements marked ``data-pagefind-body`` are indexed, and the theme puts that attribute
on published articles and pages only (never on drafts, lists, search or 404 pages), so
drafts in a local build's ``drafts/`` folder stay out of the index.
``theme/static/js/search.js`` loads the bundle on the /search/ page.

``SEARCH_INDEX = False`` skips indexing; the live preview (``invoke livereload``, tasks.py) sets
it, because there a page must refresh within a second of a save.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import importlib.metadata
import json
import logging
import os
import shutil
import threading
from collections import deque
from pathlib import Path
from typing import Any

from pelican import signals

from ..pagefind_client import service_class
from . import BuildState, digest, keep_only, place_cached, use_defaults, write_whole

#: What this plugin writes at the top of the output folder: the content rules reserve it.
WRITES = ("pagefind",)

logger = logging.getLogger(__name__)

_END, _ABANDON = object(), object()
BODY_MARK = "data-pagefind-body"
STORE = "search-bundle"  # the bundle's files, kept in the build cache
#: What the last indexed build sent and got back, beside the store (not in it: the store holds
#: only the bundle's files, see keep_only).
MANIFEST = "search-bundle.json"
#: Pages Pagefind has not taken yet whose text waits in memory: beyond these, only a page's path
#: waits and the indexer reads the written file when it gets to it. Pagefind parses more slowly
#: than Pelican writes, so without a bound every page of a large site would wait in memory
#: (5,000 posts: a few hundred MiB at the end of the writing phase).
HELD = 16
#: Requests written to Pagefind's input and not yet answered: each is the page's text again,
#: as base64 of JSON, in the pipe's buffer until Pagefind reads it.
IN_FLIGHT = 8


class _Abandoned(Exception):
    """Stop the indexer without writing anything."""


class Indexer:
    """One Pagefind index, fed page by page from Pelican's thread, built in another.

    The pages go through an asyncio queue of the indexing thread's own event loop, so no
    thread ever blocks waiting for the next page: a build that stops half-way leaves nothing
    that keeps the process alive (the thread is a daemon; Pagefind ends when its input does).
    """

    def __init__(self, site: str, language: str, store: Path) -> None:
        self.site = site
        self.language = language
        self.store = store  # where the bundle's files are kept between builds (Bundle)
        # Pages queued and taken, each counted by one thread only: their difference is the
        # backlog (HELD).
        self._added = self._taken = 0
        self.placed: list[list[str]] = []  # the bundle written: [path, name in the store]
        self.error: BaseException | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._pages: asyncio.Queue[Any] | None = None
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="pagefind", daemon=True)
        self._thread.start()
        self._ready.wait()

    def _put(self, item: Any) -> None:
        try:
            assert self._loop is not None and self._pages is not None
            self._loop.call_soon_threadsafe(self._pages.put_nowait, item)
        except (AssertionError, RuntimeError):  # the indexer stopped: finish() says why
            pass

    def add(self, path: str, content: str | None = None) -> None:
        """Queue one written HTML file (an absolute path inside the site); `content`, when
        given, is what :func:`searchable` made of it already."""
        self._added += 1
        if content is None or self._added - self._taken > HELD:
            self._put(path)  # read again when its turn comes
        else:
            self._put((path, content))

    def finish(self) -> None:
        """Wait for Pagefind to write its bundle of the pages added (the feed adds every HTML
        file of the site, announced or not: :meth:`SearchFeed.finish`)."""
        self._put(_END)
        self._thread.join()
        if self.error is not None:
            raise self.error

    def abandon(self) -> None:
        """Stop without writing (a build that ended before ``finalized``)."""
        self._put(_ABANDON)
        self._thread.join()

    def _run(self) -> None:
        try:
            asyncio.run(self._main())
        except _Abandoned:
            pass
        except BaseException as error:  # raised again in Pelican's thread, by finish()
            self.error = error
        finally:
            self._ready.set()

    async def _main(self) -> None:
        self._loop, self._pages = asyncio.get_running_loop(), asyncio.Queue()
        self._ready.set()
        await self._index()

    async def _index(self) -> None:
        from pagefind.index import IndexConfig

        # A relative output path is resolved against the process's working folder, not the
        # site: give it whole, or the bundle lands wherever `pelican` was started.
        config = IndexConfig(
            force_language=self.language, output_path=os.path.join(self.site, "pagefind")
        )
        service = await service_class()().launch()
        try:
            index = await service.create_index(config)
            added: deque[asyncio.Future[Any]] = deque()
            assert self._pages is not None
            while True:
                path = await self._pages.get()
                if isinstance(path, (str, tuple)):
                    self._taken += 1
                if path is _END:
                    break
                if path is _ABANDON:
                    raise _Abandoned
                if isinstance(path, tuple):
                    path, content = path
                else:
                    content = read_searchable(path)
                if content is None:
                    continue
                # The URL comes from the path relative to the site, as in a folder walk.
                relative = os.path.relpath(path, self.site).replace(os.sep, "/")
                if len(added) >= IN_FLIGHT:  # bound what waits in the pipe (IN_FLIGHT)
                    await added.popleft()
                # Sent now (tasks start in the order they are made), answered later.
                request = index.add_html_file(content=content, source_path=relative)
                added.append(asyncio.ensure_future(request))
                path = content = None  # not held while the next page is awaited
            await asyncio.gather(*added)
            # Not index.get_files(), which holds the whole bundle, then all its files decoded
            # beside it: each file is placed as it arrives (blog/pagefind_client.py).
            bundle = Bundle(Path(self.site, "pagefind"), self.store)
            service.on_file = bundle.add
            request = {"type": "GetFiles", "index_id": index._index_id}
            answer = await service.send(request)  # type: ignore[arg-type]
            for file in answer.get("files") or []:  # an answer not handed over file by file
                bundle.add(file["path"], file["content"])
        finally:
            await service.close()
        self.placed = bundle.finish()


class Bundle:
    """Pagefind's bundle written to `folder` (output/pagefind), replacing any earlier one,
    one file at a time as Pagefind's answer to ``GetFiles`` hands it over.

    The files come from Pagefind's memory, not from its own writing, which in pagefind 1.5.2
    may answer "written" before its last file is whole (pagefind#1272): here every file is
    whole once :meth:`finish` returns. Each file is kept in `store` (a folder in the build
    cache) under a hash of its bytes and placed in the output as a hard link
    (blog.plugins.place_cached): after editing one post, all but a few of the thousands of
    files (one a page, plus the index chunks) are last build's, not written again; a kept
    file whose bytes are no longer Pagefind's (cut short, edited through its link in an
    output) is written again. Files no longer in the bundle leave the store at the end.
    """

    def __init__(self, folder: Path, store: Path) -> None:
        self.folder, self.store = folder, store
        if folder.exists():
            shutil.rmtree(folder)  # an earlier build's bundle: stale pages must not stay findable
        store.mkdir(parents=True, exist_ok=True)
        self.placed: list[list[str]] = []  # [path in the bundle, name in the store]

    def add(self, path: str, content: str) -> None:
        """One file: its path in the bundle, its bytes as base64 text."""
        target = self.folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        data = base64.b64decode(content)
        name = hashlib.blake2b(data, digest_size=20).hexdigest()
        cached = self.store / name
        if not _holds(cached, data):  # missing, or damaged since (cut, edited via a link)
            write_whole(cached, data)
        place_cached(cached, target)
        self.placed.append([path, name])

    def finish(self) -> list[list[str]]:
        """The bundle as [path in the bundle, name in the store] pairs."""
        keep_only(self.store, {name for _path, name in self.placed})
        return self.placed


def _holds(cached: Path, data: bytes) -> bool:
    """`cached` has exactly `data`: a kept file is compared before it is placed again, so a
    file damaged in the cache is written anew, never published."""
    try:
        return cached.read_bytes() == data
    except OSError:
        return False


def read_searchable(path: str) -> str | None:
    """:func:`searchable` of the written file at `path`."""
    with open(path, encoding="utf-8") as handle:
        return searchable(handle.read())


def searchable(page: str) -> str | None:
    """What Pagefind needs of a written page: None for a page it would leave out anyway.

    Pagefind indexes only pages with ``data-pagefind-body`` once any page has it (the theme
    marks every published post and page), and skips ``<style>`` elements. Leaving both out
    before a page is sent keeps most bytes off the pipe to Pagefind (the inline stylesheet
    is half of a short page) and the lists, tags and archives out of its parser; the bundle
    is the same. (A page that merely mentions the attribute's name in its text is sent, and
    Pagefind drops it as before.)"""
    if BODY_MARK not in page:
        return None
    start = page.find("<style")
    while start != -1:
        end = page.find("</style>", start)
        if end == -1:
            break
        page = page[:start] + page[end + len("</style>") :]
        start = page.find("<style", start)
    return page


def indexer_key(language: str) -> str:
    """What, besides the pages, decides Pagefind's bundle: the Pagefind that would run (its
    packages' versions, the binary's path, size and time), the language forced, and this
    module's own source (what it sends, how)."""
    from pagefind.service import get_executable

    parts = [f"language={language}", Path(__file__).read_text(encoding="utf-8")]
    for package in ("pagefind", "pagefind_bin", "pagefind_bin_extended"):
        try:
            parts.append(f"{package}={importlib.metadata.version(package)}")
        except importlib.metadata.PackageNotFoundError:
            parts.append(f"{package}=none")
    binary = get_executable()
    if binary is not None:
        stat = os.stat(binary)
        parts.append(f"binary={os.path.abspath(binary)} {stat.st_size} {stat.st_mtime_ns}")
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


class SearchFeed:
    """One build's pages for the search index: sent to Pagefind, or found unchanged.

    Every page is hashed as it would go to Pagefind ([its path in the site, blake2b of what
    :func:`searchable` makes of it]). While the list so far is the start of the last indexed
    build's list, Pagefind is not started. The first page that differs starts it, with every
    page so far, so it still parses while Pelican writes. When the whole list is the last
    build's and the key (:func:`indexer_key`) too, :meth:`finish` places the last bundle.
    """

    def __init__(self, site: str, language: str, cache: Path) -> None:
        self.site, self.language = site, language
        self.store = cache / STORE
        self.manifest = cache / MANIFEST
        self.key = indexer_key(language)
        self.sent: list[list[str]] = []
        self.paths: list[str] = []  # the files of `sent`, to send them if a later page differs
        self.queued: set[str] = set()
        self.indexer: Indexer | None = None
        self.last = self._last()
        self.reused = False  # the last bundle was placed: Pagefind did not run

    def _last(self) -> dict[str, Any] | None:
        """The record of the last index, if whole: its digest comes first (a record cut
        short, or with two files' names swapped, would place wrong bytes)."""
        try:
            sealed, _, text = self.manifest.read_text(encoding="utf-8").partition("\n")
            if digest(text.encode()) != sealed:
                return None
            last = json.loads(text)
        except (OSError, ValueError):
            return None
        if not isinstance(last, dict) or last.get("key") != self.key:
            return None
        if not isinstance(last.get("pages"), list) or not isinstance(last.get("files"), list):
            return None
        return last

    def _start(self) -> Indexer:
        self.indexer = Indexer(self.site, self.language, self.store)
        for path in self.paths:  # written already: read again, not kept in memory
            self.indexer.add(path)
        return self.indexer

    def add(self, path: str) -> None:
        """One written HTML file (an absolute path inside the site)."""
        self.queued.add(path)
        content = read_searchable(path)
        if content is None:
            return  # Pagefind would leave it out: not part of what decides the bundle
        relative = os.path.relpath(path, self.site).replace(os.sep, "/")
        page = [relative, hashlib.blake2b(content.encode(), digest_size=20).hexdigest()]
        self.sent.append(page)
        if self.indexer is not None:
            self.indexer.add(path, content)
            return
        pages = self.last["pages"] if self.last else []
        if len(self.sent) <= len(pages) and pages[len(self.sent) - 1] == page:
            self.paths.append(path)
        else:
            self._start().add(path, content)

    def finish(self) -> None:
        """The HTML files nobody announced, then the bundle: placed or made."""
        for path in sorted(Path(self.site).rglob("*.html")):
            if str(path) not in self.queued:
                self.add(str(path))
        if self.indexer is None and self.last and self.sent == self.last["pages"]:
            self.reused = _place_kept(self.last["files"], Path(self.site, "pagefind"), self.store)
        if self.reused:
            return
        indexer = self.indexer or self._start()
        self.indexer = None
        indexer.finish()
        record = {"key": self.key, "pages": self.sent, "files": indexer.placed}
        text = json.dumps(record)
        write_whole(self.manifest, f"{digest(text.encode())}\n{text}".encode())

    def abandon(self) -> None:
        if self.indexer is not None:
            self.indexer.abandon()
        self.indexer = None


def _place_kept(files: list[Any], folder: Path, store: Path) -> bool:
    """Place the last build's bundle from `store`, when every file is there with the bytes
    its name hashes (read and hashed now: a file cut short or edited through its link in an
    output is not published); False, with nothing placed, when one is not."""
    kept = {}
    for entry in files:
        path, name = entry if isinstance(entry, list) and len(entry) == 2 else ("", "")
        target = folder / str(path)
        if not path or folder.resolve() not in target.resolve().parents:
            return False  # not a manifest this plugin wrote
        try:
            data = (store / str(name)).read_bytes()
        except OSError:
            return False
        if hashlib.blake2b(data, digest_size=20).hexdigest() != name:
            return False
        kept[target] = store / name
    if not kept:
        return False
    if folder.exists():
        shutil.rmtree(folder)
    for target, cached in kept.items():
        target.parent.mkdir(parents=True, exist_ok=True)
        place_cached(cached, target)
    return True


class SearchState(BuildState):
    """This build's feed of pages, from the first page written to ``finalized``."""

    feed: SearchFeed | None = None
    site: str = ""
    published = 0  # posts and pages this build publishes (all_generators_finalized)

    def reset(self) -> None:
        if self.feed is not None:
            self.feed.abandon()
        self.feed = None
        self.published = 0


state = SearchState(__name__)


# SEARCH_INDEX = False: no index, and the theme shows no search box (the live preview).
DEFAULTS: dict[str, Any] = {"SEARCH_INDEX": True}


def start(pelican: Any) -> None:
    if state.begin(pelican):
        use_defaults(pelican.settings, DEFAULTS)
    if state.active() and pelican.settings["SEARCH_INDEX"]:
        state.site = os.path.abspath(pelican.output_path)
    else:
        state.settings = None  # this build indexes nothing


def _feed(settings: dict[str, Any]) -> SearchFeed:
    # CACHE_PATH is read now, not at `initialized`, whose handlers may still move it
    # (blog/plugins/cache_key.py).
    return SearchFeed(state.site, settings.get("DEFAULT_LANG", "en"), Path(settings["CACHE_PATH"]))


def page_written(path: str, **_kwargs: Any) -> None:
    if not state.active() or not path.endswith(".html"):
        return
    if state.feed is None:
        state.feed = _feed(state.settings or {})
    state.feed.add(os.path.abspath(path))


def build_index(pelican: Any) -> None:
    if not state.active(pelican.settings):
        return
    feed = state.feed or _feed(pelican.settings)
    state.feed = None
    feed.finish()
    if feed.reused:
        logger.info("search: every page as last time; the last build's index placed")
    pages = sum(1 for _ in Path(state.site, "pagefind", "fragment").glob("*"))  # one a page
    if pages == 0 and state.published:
        # Posts were published, yet no page was marked for the index: the theme lost
        # data-pagefind-body. (A site with no post or page yet has an empty index.)
        logger.warning("search: Pagefind found no page with data-pagefind-body in %s", state.site)
    else:
        logger.info("search: Pagefind indexed %d pages", pages)


def count_published(generators: list[Any]) -> None:
    if state.active():
        state.published = sum(
            len(getattr(generator, "articles", [])) + len(getattr(generator, "pages", []))
            for generator in generators
        )


def register() -> None:
    signals.initialized.connect(start)
    signals.all_generators_finalized.connect(count_published)
    signals.content_written.connect(page_written)
    signals.finalized.connect(build_index)
