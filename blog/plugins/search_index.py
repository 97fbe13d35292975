"""Full-text search: index the written site with Pagefind (the `pagefind[bin]` package).

Signal: ``finalized``, because Pagefind reads the finished HTML in the output folder.

Only elements marked ``data-pagefind-body`` are indexed, and the theme puts that attribute
on published articles and pages only (never on drafts, lists, search or 404 pages), so
drafts in a local build's ``drafts/`` folder stay out of the index. The bundle is written to
``output/pagefind/``; ``theme/static/js/search.js`` loads it on the /search/ page.

``SEARCH_INDEX = False`` skips indexing; the live preview (``invoke livereload``, tasks.py) sets
it, because there a page must refresh within a second of a save.
"""

from __future__ import annotations

import asyncio
import logging
import os
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from pelican import signals

logger = logging.getLogger(__name__)


async def _index(site: str, language: str) -> int:
    from pagefind.index import IndexConfig, PagefindIndex

    # A relative output path is resolved against the process's working folder, not the site:
    # give it whole, or the bundle lands wherever `pelican` was started.
    config = IndexConfig(force_language=language, output_path=os.path.join(site, "pagefind"))
    async with PagefindIndex(config=config) as index:
        result = await index.add_directory(site)
        return int(result["page_count"])


def build_index(pelican: Any) -> None:
    settings = pelican.settings
    if not settings.get("SEARCH_INDEX", True):
        return
    site = os.path.abspath(pelican.output_path)
    language = settings.get("DEFAULT_LANG", "en")
    try:
        asyncio.get_running_loop()
    except RuntimeError:  # the usual case: no event loop in this thread
        pages = asyncio.run(_index(site, language))
    else:  # called from inside an event loop (a live-reload server): use a thread of our own
        with ThreadPoolExecutor(1) as thread:
            pages = thread.submit(asyncio.run, _index(site, language)).result()
    if pages == 0:
        logger.warning("search: Pagefind found no page with data-pagefind-body in %s", site)
    else:
        logger.info("search: Pagefind indexed %d pages", pages)


def register() -> None:
    signals.finalized.connect(build_index)
