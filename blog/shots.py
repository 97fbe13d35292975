"""Screenshots of every kind of page, behind `invoke shots`: look before committing a theme change.

The site is built for production, served on a free local port by the same handler as `invoke
serve` (the site's own 404 page), and photographed in Chromium (Debian's, through Playwright)
at each size and colour scheme: the first screen and the whole page. A size may carry a zoom
("1280x900@400"): the screen of that size zoomed to 400%, which a page sees as a 320x225 CSS px
viewport, photographed at the screen's own pixels.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from blog.static_server import serving


@dataclass(frozen=True)
class Screen:
    """A screen `width` x `height` device-independent pixels at `zoom` percent."""

    width: int
    height: int
    zoom: int = 100

    @classmethod
    def parse(cls, text: str) -> Screen:
        """ "375x812" or "1280x900@400" (a zoom in percent)."""
        match = re.fullmatch(r"\s*(\d+)x(\d+)(?:@(\d+)%?)?\s*", text)
        numbers = [int(n) for n in match.groups(100)] if match else []
        if not numbers or min(numbers) < 1:
            raise ValueError(
                f"{text!r} is not a screen size: write WIDTHxHEIGHT, e.g. 375x812 or 1280x900@400"
            )
        return cls(*numbers)

    @property
    def name(self) -> str:
        return f"{self.width}x{self.height}" + (f"-zoom{self.zoom}" if self.zoom != 100 else "")

    def context_options(self) -> dict[str, Any]:
        """Playwright's viewport (CSS px) and pixel ratio for this screen."""
        scale = self.zoom / 100
        viewport = {"width": round(self.width / scale), "height": round(self.height / scale)}
        return {"viewport": viewport, "device_scale_factor": scale}


# Small and old phones (320x568, 375x667: an iPhone SE), common phones, a laptop, and the
# laptop zoomed to 400% (WCAG 1.4.10 reflow: 320x225 CSS px).
SHOT_SIZES = tuple(
    Screen.parse(size)
    for size in ("320x568", "360x740", "375x667", "375x812", "1280x900", "1280x900@400")
)
SHOT_SCHEMES = ("light", "dark")


#: The kinds of page :func:`shot_pages` finds (a site without posts lacks some).
PAGE_KINDS = ("home", "article", "about", "help", "privacy", "archives", "year", "month")
PAGE_KINDS += ("topics", "topic", "categories", "category", "search", "search-results")
PAGE_KINDS += ("search-crisis", "404")


def parse_kinds(text: str) -> tuple[str, ...]:
    """ "help,article" -> ("help", "article"); an unknown kind is refused in one sentence."""
    kinds = tuple(kind.strip() for kind in text.split(",") if kind.strip())
    unknown = [kind for kind in kinds if kind not in PAGE_KINDS]
    if unknown or not kinds:
        raise ValueError(
            f"{', '.join(unknown) or repr(text)} is not a kind of page: "
            f"choose from {', '.join(PAGE_KINDS)}"
        )
    return kinds


def shot_pages(site: Path) -> dict[str, str]:
    """One URL path of each kind of page in a built site: {name: path}."""

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
        # What a reader in crisis sees: help above the results.
        "search-crisis": "search/?q=i%20want%20to%20kill%20myself",
        "404": "no-such-page/",
    }
    return {name: path for name, path in pages.items() if path is not None}


# What each page waits for before its picture: the search's answer.
READY = {"search-results": "#search-results li", "search-crisis": "#search-crisis"}


def chromium_path() -> str | None:
    """Debian's chromium (or CHROMIUM=/path): Playwright must not download a browser."""
    return os.environ.get("CHROMIUM") or shutil.which("chromium")


def take_shots(
    folder: Path,
    build: Callable[[Path, str], None],
    sizes: tuple[Screen, ...] = SHOT_SIZES,
    schemes: tuple[str, ...] = SHOT_SCHEMES,
    kinds: tuple[str, ...] = (),
) -> list[Path]:
    """Build the site with `build(site_folder, site_url)` into `folder`/site, serve it, and
    photograph each kind of page (or only `kinds`, names from :func:`shot_pages`) at each
    size and scheme: `<page>-<size>-<scheme>.png` (the first screen) and `...-full.png` (the
    whole page), then the print styles, from a dark screen, of the article and help pages
    among them: `article-print.png`, `help-print.png`. Earlier PNGs in `folder` go first."""
    from playwright.sync_api import sync_playwright

    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.png"):
        old.unlink()
    site = folder / "site"
    taken: list[Path] = []
    with serving(site) as url:
        build(site, url)
        pages = shot_pages(site)
        if kinds:
            pages = {name: path for name, path in pages.items() if name in kinds}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium_path(),
                args=["--headless", "--no-sandbox", "--disable-gpu"],
            )
            for screen in sizes:
                for scheme in schemes:
                    context = browser.new_context(**screen.context_options(), color_scheme=scheme)
                    page = context.new_page()
                    for name, path in pages.items():
                        page.goto(f"{url}/{path}", wait_until="networkidle")
                        if name in READY:
                            page.locator(READY[name]).first.wait_for(timeout=10_000)
                        stem = folder / f"{name}-{screen.name}-{scheme}"
                        page.screenshot(path=f"{stem}.png")
                        page.screenshot(path=f"{stem}-full.png", full_page=True)
                        taken += [Path(f"{stem}.png"), Path(f"{stem}-full.png")]
                    context.close()
            # Print, from a dark screen: what comes out of the printer.
            context = browser.new_context(viewport={"width": 800, "height": 1100})
            page = context.new_page()
            page.emulate_media(media="print", color_scheme="dark")
            for name in [name for name in ("article", "help") if name in pages]:
                page.goto(f"{url}/{pages[name]}", wait_until="networkidle")
                stem = folder / f"{name}-print"
                page.screenshot(path=f"{stem}.png", full_page=True)
                taken.append(Path(f"{stem}.png"))
            context.close()
            browser.close()
    return taken
