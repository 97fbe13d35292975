"""Search: Pagefind indexes published posts and pages only, the same way every build,
and the /search/ page searches as you type under the production CSP, or offers the archives."""

from __future__ import annotations

import gzip
import json
import shutil
import threading
from pathlib import Path

import pytest
from conftest import ROOT, browser_page, build_site, indexed_urls

IOP = "intensive-outpatient-therapy-program/"


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


def test_drafts_are_never_indexed(local_site):
    """A local build (conftest's local_site) writes drafts to drafts/; none is indexed."""
    drafts = list((local_site / "drafts").rglob("index.html"))
    assert drafts, "the local build wrote a draft"
    urls = indexed_urls(local_site)
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
    with browser_page(browser, java_script_enabled=False) as page:
        page.goto(f"{site.url}/search/")
        assert not page.locator("#search").is_visible()
        assert page.locator(".search-nojs").is_visible()
        for name in ("Every post, newest first (archives)", "Posts by topic"):
            assert page.get_by_role("link", name=name).is_visible()


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


def test_search_page_first_load_is_small(site, page):
    """HTML + CSS + JS of the search page's first load, gzipped (the host compresses them)."""

    def sizes() -> dict[str, int]:
        return {
            r.url: len(gzip.compress(r.body(), 6))
            for r in page.responses
            if r.request.resource_type in {"document", "stylesheet", "script"}
        }

    page.goto(f"{site.url}/search/", wait_until="networkidle")
    loaded = sizes()
    # The sizes were recorded: at least the page itself and its script.
    assert f"{site.url}/search/" in loaded and len(loaded) >= 2, sorted(loaded)
    first = sum(loaded.values())
    page.get_by_label("Search the posts").press_sequentially("eligible")
    page.locator("#search-results a").first.wait_for(timeout=10_000)
    page.wait_for_load_state("networkidle")
    after = sizes()
    print(f"\nsearch page first load: {first} gzip bytes; {len(after)} files after a search")
    assert first < 15_000
    assert any(url.endswith("/pagefind/pagefind.js") for url in after)


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
    indexer = Indexer(str(pages), "en", tmp_path / "store")
    for path in order:
        indexer.add(path)
    indexer.finish()
    fed = _tree(pages / "pagefind")
    assert len(fed) > 5 and fed == _tree(tmp_path / "walked")


def _bundle(output: Path) -> dict[str, bytes]:
    """Every file of a Pagefind bundle by path; each gzipped index file decoded to its end
    (a file cut short, as by a Pagefind stopped while writing, fails here)."""
    files = {}
    for path in sorted((output / "pagefind").rglob("*")):
        if path.is_file() and path.suffix not in {".br", ".gz"}:
            data = path.read_bytes()
            assert data, f"{path} is empty"
            if path.suffix.startswith(".pf_"):
                gzip.decompress(data)
            files[path.relative_to(output).as_posix()] = data
    json.loads(files["pagefind/pagefind-entry.json"])
    return files


def test_a_rebuild_after_an_edit_gives_a_fresh_builds_bundle(site, tmp_path):
    """The bundle's files are kept in the build cache and reused. A local build (which keeps
    its output folder) after a post was edited gives, byte for byte, the bundle a build from
    nothing gives: the new words are findable, no file of the old text is left behind."""
    content = tmp_path / "content"
    shutil.copytree(site.content, content)
    local = tmp_path / "local" / "out"
    build_site(content, local, site.url, config="pelicanconf.py")
    post = content / "intensive-outpatient-therapy.md"
    post.write_text(post.read_text(encoding="utf-8") + "\nA quillmorrow day.\n", encoding="utf-8")
    build_site(content, local, site.url, config="pelicanconf.py")  # warm, same output folder
    fresh = tmp_path / "fresh" / "out"
    build_site(content, fresh, site.url, config="pelicanconf.py")
    again, new = _bundle(local), _bundle(fresh)
    assert len(new) > 5
    assert sorted(again) == sorted(new)
    assert again == new
    fragments = [gzip.decompress(data) for path, data in again.items() if "/fragment/" in path]
    assert any(b"quillmorrow" in fragment for fragment in fragments)


def test_a_theme_that_marks_no_page_for_the_index_is_reported(site, tmp_path, caplog):
    """Posts are published, yet no page carries data-pagefind-body: search would find nothing,
    so the build says so (a warning, which fails a strict build)."""
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    marked = 0
    for template in theme.rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        marked += text.count(" data-pagefind-body")
        template.write_text(text.replace(" data-pagefind-body", ""), encoding="utf-8")
    assert marked
    with caplog.at_level("WARNING"):
        build_site(site.content, tmp_path / "out", site.url, THEME=str(theme), STRICT=False)
    said = [r.getMessage() for r in caplog.records if r.name == "blog.plugins.search_index"]
    assert any("Pagefind found no page with data-pagefind-body" in line for line in said), said


def test_pagefind_runs_only_when_a_page_sent_to_it_changed(site, tmp_path, monkeypatch):
    """Pagefind is started through a wrapper that counts its runs. An unchanged warm build
    (production settings, a fresh output folder, the same cache) places the kept bundle without
    starting it, byte for byte the cold build's; a kept file damaged in the cache, or an edited
    post, starts it again, and the bundle is a fresh build's."""
    from pagefind_bin import get_executable

    runs = tmp_path / "runs"
    wrapper = tmp_path / "pagefind"
    wrapper.write_text(f'#!/bin/sh\necho run >> "{runs}"\nexec "{get_executable()}" "$@"\n')
    wrapper.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(wrapper))
    content = tmp_path / "content"
    shutil.copytree(site.content, content)

    def build(name: str, cache: str = "cache") -> tuple[dict[str, bytes], int]:
        out = tmp_path / name / "out"
        build_site(content, out, site.url, CACHE_PATH=str(tmp_path / cache))
        return _bundle(out), len(runs.read_text().split()) if runs.exists() else 0

    cold, started = build("cold")
    assert started == 1 and len(cold) > 5
    warm, started = build("warm")
    assert started == 1, "an unchanged warm build started Pagefind"
    assert warm == cold
    kept = next(p for p in (tmp_path / "cache").rglob("search-bundle/*") if p.is_file())
    kept.write_bytes(kept.read_bytes()[:-1])  # cut short (hard links: the outputs' copy too)
    again, started = build("damaged")
    assert started == 2, "a damaged kept file was placed without indexing"
    assert again == cold  # the bytes read before the cut
    post = content / "intensive-outpatient-therapy.md"
    post.write_text(post.read_text(encoding="utf-8") + "\nA quillmorrow day.\n", encoding="utf-8")
    edited, started = build("edited")
    assert started == 3, "an edited post did not start Pagefind"
    fresh, _ = build("fresh", cache="fresh-cache")
    assert edited == fresh != warm
    # The last page sent (privacy, the last page written) leaves the index: every page sent
    # is as last time, and one fewer. Hidden, it is still written, so its links hold.
    privacy = content / "pages" / "privacy.md"
    privacy.write_text("Status: hidden\n" + privacy.read_text(encoding="utf-8"), encoding="utf-8")
    fewer, started = build("fewer")
    assert started == 5, "a page that left the index did not start Pagefind"
    assert fewer == build("fresh-fewer", cache="fresher-cache")[0] != edited
