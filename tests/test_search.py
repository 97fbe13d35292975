"""Search: Pagefind indexes published posts and pages only, the same way every build,
and the /search/ page searches as you type under the production CSP, or offers the archives."""

from __future__ import annotations

import gzip
import json
import shutil
import threading
from pathlib import Path

import pytest
from conftest import ROOT, build_site

IOP = "intensive-outpatient-therapy-program/"


def indexed_urls(output: Path) -> set[str]:
    """The page URLs in a Pagefind bundle (each fragment is gzipped JSON after a signature)."""
    fragments = sorted((output / "pagefind" / "fragment").glob("*.pf_fragment"))
    assert fragments, f"no Pagefind fragment in {output}/pagefind/fragment"
    urls = set()
    for fragment in fragments:
        data = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
        assert "url" in data, f"{fragment.name} has no url: {sorted(data)}"
        urls.add(data["url"])
    return urls


def body_pages(output: Path) -> set[str]:
    """URLs of the pages the theme marks for indexing."""
    return {
        "/" + path.relative_to(output).parent.as_posix().removeprefix(".") + "/"
        for path in output.rglob("index.html")
        if "data-pagefind-body" in path.read_text(encoding="utf-8")
    }


def test_index_holds_published_posts_and_pages_only(site):
    urls = indexed_urls(site.output)
    assert urls == body_pages(site.output)
    assert {f"/{IOP}", "/about/", "/help/", "/privacy/"} <= urls
    assert not {"/", "/search/", "/archives/", "/tags/"} & urls


@pytest.fixture(scope="module")
def local_with_draft(tmp_path_factory) -> Path:
    """A local (pelicanconf) build, which writes drafts to drafts/."""
    base = tmp_path_factory.mktemp("drafts")
    shutil.copytree(ROOT / "content", base / "content")
    shutil.copy(ROOT / "tests/fixtures/drafts/draft-post.md", base / "content")
    build_site(base / "content", base / "out", "", config="pelicanconf.py")
    return base / "out"


def test_drafts_are_never_indexed(local_with_draft):
    drafts = list((local_with_draft / "drafts").rglob("index.html"))
    assert drafts, "the local build wrote a draft"
    urls = indexed_urls(local_with_draft)
    assert f"/{IOP}" in urls
    assert not [url for url in urls if url.startswith("/drafts/")]


@pytest.fixture(scope="module")
def rebuilt(site, tmp_path_factory) -> Path:
    """The site's content built again, with the site's share-image cache copied in."""
    base = tmp_path_factory.mktemp("rebuild")
    shutil.copytree(site.output.parent / "cache", base / "cache")
    build_site(site.content, base / "out", site.url)
    return base


def test_index_is_identical_across_builds(site, rebuilt):
    first = sorted(p.relative_to(site.output) for p in (site.output / "pagefind").rglob("*"))
    again = sorted(p.relative_to(rebuilt / "out") for p in (rebuilt / "out/pagefind").rglob("*"))
    assert first == again and first
    for rel in first:
        if (site.output / rel).is_file():
            assert (site.output / rel).read_bytes() == (rebuilt / "out" / rel).read_bytes(), rel


def test_search_page_without_javascript_offers_archives_and_topics(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{site.url}/search/")
        assert not page.locator("#search").is_visible()
        assert page.locator(".search-nojs").is_visible()
        for name in ("Every post, newest first (archives)", "Posts by topic"):
            assert page.get_by_role("link", name=name).is_visible()
    finally:
        context.close()


def test_search_as_you_type_under_the_production_csp(site, page):
    html = site.path("search/").read_text(encoding="utf-8")
    assert 'http-equiv="Content-Security-Policy"' in html  # the strict policy is in force
    assert "<script>" not in html and " style=" not in html
    page.goto(f"{site.url}/search/")
    assert not page.locator(".search-nojs").is_visible()
    page.get_by_label("Search the posts").press_sequentially("eligible", delay=40)
    result = page.locator("#search-results a").first
    result.wait_for(timeout=10_000)
    assert result.get_attribute("href") == f"{site.url}/{IOP}"
    assert result.inner_text().startswith("Intensive Outpatient Therapy Program")
    assert "eligible" in page.locator("#search-results mark").first.inner_text().lower()
    assert "found for “eligible”" in page.locator("#search-status").inner_text()
    assert page.errors == []  # a CSP violation or script error is logged as an error
    assert all(url.startswith(site.url) for url in page.requests)


def test_search_query_in_the_address_runs_at_once(site, page):
    page.goto(f"{site.url}/search/?q=outpatient")
    page.locator("#search-results a").first.wait_for(timeout=10_000)
    assert page.get_by_label("Search the posts").input_value() == "outpatient"
    assert page.errors == []


def test_search_page_first_load_is_small(site, browser):
    """HTML + CSS + JS of the search page's first load, gzipped (the host compresses them)."""
    context = browser.new_context()
    page = context.new_page()
    sizes: dict[str, int] = {}
    page.on(
        "response",
        lambda r: (
            sizes.__setitem__(r.url, len(gzip.compress(r.body(), 6)))
            if r.request.resource_type in {"document", "stylesheet", "script"}
            else None
        ),
    )
    try:
        page.goto(f"{site.url}/search/", wait_until="networkidle")
        # The sizes were recorded: at least the page itself and its script.
        assert f"{site.url}/search/" in sizes and len(sizes) >= 2, sorted(sizes)
        first = sum(sizes.values())
        page.get_by_label("Search the posts").press_sequentially("eligible")
        page.locator("#search-results a").first.wait_for(timeout=10_000)
        page.wait_for_load_state("networkidle")
    finally:
        context.close()
    print(f"\nsearch page first load: {first} gzip bytes; {len(sizes)} files after a search")
    assert first < 15_000
    assert any(url.endswith("/pagefind/pagefind.js") for url in sizes)


def test_share_images_are_not_redrawn_on_a_rebuild(site, rebuilt):
    """The rebuild started with the first build's cache: every image came from it."""

    def cached(cache: Path) -> dict[str, int]:  # wherever CACHE_PATH points inside the folder
        return {p.name: p.stat().st_mtime_ns for p in cache.rglob("share-images/*.png")}

    before, after = cached(site.output.parent / "cache"), cached(rebuilt / "cache")
    assert len(before) >= 7 and after.keys() == before.keys()
    assert all(after[name] <= before[name] for name in before)  # copies, none drawn anew
    pngs = sorted(site.output.rglob("share.png"))
    assert len(pngs) >= 7, "the site image and one per post and page"
    for png in pngs:
        assert png.read_bytes() == (rebuilt / "out" / png.relative_to(site.output)).read_bytes()


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_pages_fed_as_written_index_as_pagefind_reads_them(site, tmp_path):
    """blog/plugins/search_index.py hands Pagefind each page as it is written; the bundle is
    byte for byte the one Pagefind makes when it walks the folder itself, given the same pages
    in the same order (a walk follows the order of the folder's entries)."""
    import asyncio
    import os

    from pagefind.index import IndexConfig, PagefindIndex

    from blog.plugins.search_index import Indexer

    pages = tmp_path / "pages"
    for path in site.output.rglob("*.html"):
        target = pages / path.relative_to(site.output)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)

    def walk(folder: str) -> list[str]:  # the folder's own order, as Pagefind's walk sees it
        found = []
        for entry in os.scandir(folder):
            if entry.is_dir(follow_symlinks=False):
                found += walk(entry.path)
            elif entry.name.endswith(".html"):
                found.append(entry.path)
        return found

    order = walk(str(pages))
    assert len(order) > 20

    async def walked() -> None:
        config = IndexConfig(force_language="en", output_path=str(tmp_path / "walked"))
        async with PagefindIndex(config=config) as index:
            await index.add_directory(str(pages))

    # In a thread: a browser test earlier in the session may leave this thread an event loop.
    thread = threading.Thread(target=asyncio.run, args=(walked(),))
    thread.start()
    thread.join()
    indexer = Indexer(str(pages), "en")
    for path in order:
        indexer.add(path)
    indexer.finish()
    fed = _tree(pages / "pagefind")
    assert len(fed) > 5 and fed == _tree(tmp_path / "walked")


def test_a_bundle_is_whole_before_pagefind_is_stopped(site, tmp_path):
    """pagefind 1.5.2 may say "written" before its last file is on disk; the indexer waits for
    a whole bundle (and says so if it never is) instead of stopping Pagefind half-way."""
    import asyncio

    from blog.plugins.search_index import _settle

    bundle = tmp_path / "pagefind"
    shutil.copytree(site.output / "pagefind", bundle)

    def settle(limit: float) -> None:  # in a thread, as above; its error raised here
        failed = []

        def run() -> None:
            try:
                asyncio.run(_settle(bundle, interval=0.01, limit=limit))
            except RuntimeError as error:
                failed.append(error)

        thread = threading.Thread(target=run)
        thread.start()
        thread.join()
        if failed:
            raise failed[0]

    settle(2)  # whole: returns
    for broken in ("pagefind-entry.json", next(bundle.glob("fragment/*.pf_fragment"))):
        path = bundle / broken
        whole = path.read_bytes()
        path.write_bytes(whole[: len(whole) // 2])  # cut short, as when stopped mid-write
        with pytest.raises(RuntimeError, match="still incomplete"):
            settle(0.2)
        path.write_bytes(whole)
