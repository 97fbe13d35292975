"""A share image (1200x630 PNG, for og:image) for every published post and page, and the site.

Signals:

* ``generator_init``: put ``SHARE_IMAGE_URL``, the site's own image (home and list pages), in
  the template context.
* ``article_generator_finalized`` / ``page_generator_finalized``: give each published (or
  hidden) article and page a ``share_image`` URL beside its page (``<slug>/share.png`` for
  ``<slug>/index.html``). Drafts get none: their titles must not reach a public folder.
* ``all_generators_finalized``: everything is read: note which images this build needs (the
  titles are final). Nothing is drawn yet: strict_build may still refuse the build in this
  same phase, and blinker calls its receivers in the order of ``PLUGINS``.
* ``get_writer`` (sent once, after every receiver of ``all_generators_finalized`` has run,
  just before the first page is written): the build was not refused, so start drawing the
  images that are not in the cache (worker processes, forked now, while this process runs
  no other thread) and copying all into the output (a thread), so both go on while Pelican
  writes the pages. Returns no writer.
* ``finalized``: wait for the drawing and copying to finish.

Drawn with Pillow's built-in font (``ImageFont.load_default(size=...)``, Pillow >= 10.1), so a
fresh machine needs no system fonts, as a palette PNG (see :data:`TITLE_STEPS`). Images are
cached in ``CACHE_PATH/share-images`` under a hash of what they show plus ``DRAW_VERSION``,
and of their own bytes, checked before use
(blog.plugins.CheckedStore: an image cut short or edited through its link in an output is drawn
again, never published): a 1,000-post rebuild copies files instead of drawing them; images no
page uses any more leave the cache. Change ``DRAW_VERSION`` whenever the drawing code changes.
The colours are the stylesheet's (blog/plugins/palette.py) and part of the cache key, so a new
theme colour redraws every image. ``SHARE_IMAGES = False`` skips the drawing; the live preview
(tasks.py) sets it: no one shares a local preview, and its rebuilds must stay fast.
"""

from __future__ import annotations

import hashlib
import html
import logging
import multiprocessing
import re
import threading
import unicodedata
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

from pelican import signals

from . import BuildState, CheckedStore, place_cached, use_defaults, worker_pool
from .palette import palette

#: What this plugin writes at the top of the output folder: the content rules reserve it.
WRITES = ("share.png",)  # the home page's share image

logger = logging.getLogger(__name__)

DRAW_VERSION = "2"
SIZE = (1200, 630)
MARGIN = 80
#: What each part of the image is drawn with: a name from the stylesheet's palette.
COLOURS = {"background": "surface", "text": "text", "muted": "muted", "accent": "accent"}
TITLE_SIZES = (72, 64, 56, 48)  # largest that fits in MAX_LINES wins
MAX_LINES = 5
# Pillow's built-in font has Latin letters and curly quotes but no dashes or accents.
FOLD = str.maketrans({"–": "-", "—": "-", "…": "...", "\u00a0": " "})
TAG = re.compile(r"<[^>]+>")
POOL_THRESHOLD = 16  # below this many new images a process pool costs more than it saves


def plain_text(markup: str) -> str:
    """A title as Pelican stores it (escaped, typogrified HTML) -> text the font can draw."""
    text = html.unescape(TAG.sub("", markup)).translate(FOLD)
    folded = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in folded if not unicodedata.combining(c)).split())


def share_path(save_as: str) -> str:
    """`x/index.html` -> `x/share.png`, `index.html` -> `share.png`, `a.html` -> `a-share.png`."""
    if save_as == "index.html" or save_as.endswith("/index.html"):
        return save_as[: -len("index.html")] + "share.png"
    return save_as.rsplit(".", 1)[0] + "-share.png"


def _wrap(text: str, font: Any, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and font.getlength(candidate) <= width:
            lines[-1] = candidate
        else:
            lines.append(word)
    return lines


#: Palette indexes: the title's ink over the background in 128 steps of coverage (0 is the
#: background), the site name's in 127, and the accent. The RGB drawings of DRAW_VERSION 1
#: (about 480 colours) differ from these by at most 2 of 255 in a channel of a pixel
#: (tests/test_sharing.py); the file is half the size and encoded faster (one byte a pixel).
TITLE_STEPS, NAME_STEPS, ACCENT = 128, 127, 255
_TITLE_INDEX = [v * (TITLE_STEPS - 1) // 255 for v in range(256)]
_NAME_INDEX = [TITLE_STEPS + v * (NAME_STEPS - 1) // 255 for v in range(256)]
_INKED = [255 if v else 0 for v in range(256)]


def _rgb(colour: str) -> tuple[int, int, int]:
    from PIL import ImageColor

    red, green, blue = ImageColor.getrgb(colour)[:3]
    return red, green, blue


def _palette(colours: dict[str, str]) -> list[int]:
    """The palette of :data:`TITLE_STEPS`..: each step the ink's colour blended over the
    background, as Pillow blends antialiased text over an RGB image."""
    background = _rgb(colours["background"])
    entries: list[int] = []
    for ink, steps in ((_rgb(colours["text"]), TITLE_STEPS), (_rgb(colours["muted"]), NAME_STEPS)):
        for step in range(steps):
            alpha = step / (steps - 1)
            entries += [round(b + (i - b) * alpha) for b, i in zip(background, ink, strict=True)]
    return entries + list(_rgb(colours["accent"]))


def draw(title: str, site_name: str, target: str, colours: dict[str, str]) -> None:
    """Draw one image to `target`: the title large, the site name below a coloured bar.

    The text is drawn as coverage (Pillow's antialiasing, 0-255) on two grey canvases, then
    mapped to palette indexes (:data:`TITLE_STEPS`), so the PNG is a palette image."""
    from PIL import Image, ImageDraw, ImageFont

    title_ink, name_ink = Image.new("L", SIZE, 0), Image.new("L", SIZE, 0)
    canvas = ImageDraw.Draw(title_ink)
    width = SIZE[0] - 2 * MARGIN
    for size in TITLE_SIZES:
        font = ImageFont.load_default(size=size)
        lines = _wrap(title, font, width)
        if len(lines) <= MAX_LINES:
            break
    if len(lines) > MAX_LINES:
        lines = [*lines[: MAX_LINES - 1], lines[MAX_LINES - 1] + " ..."]
    line_height = int(size * 1.25)
    top = MARGIN + 20
    for number, line in enumerate(lines):
        canvas.text((MARGIN, top + number * line_height), line, font=font, fill=255)
    name_font = ImageFont.load_default(size=36)
    ImageDraw.Draw(name_ink).text(
        (MARGIN, SIZE[1] - MARGIN - 36), site_name, font=name_font, fill=255
    )
    index = title_ink.point(_TITLE_INDEX)
    index.paste(name_ink.point(_NAME_INDEX), mask=name_ink.point(_INKED))  # drawn last: on top
    bars = ImageDraw.Draw(index)
    bars.rectangle((0, 0, SIZE[0], 20), fill=ACCENT)
    bars.rectangle((MARGIN, SIZE[1] - MARGIN - 62, MARGIN + 96, SIZE[1] - MARGIN - 56), fill=ACCENT)
    image = Image.frombytes("P", SIZE, index.tobytes())
    image.putpalette(_palette(colours))
    # Low compression: a few kB more per file, half the time; drawing is build time.
    image.save(target, "PNG", compress_level=3)


def _cache_key(title: str, site_name: str, colours: dict[str, str]) -> str:
    painted = (f"{part}={colour}" for part, colour in sorted(colours.items()))
    drawn = "\0".join([DRAW_VERSION, site_name, title, *painted])
    return hashlib.sha256(drawn.encode()).hexdigest()[:24]


DEFAULTS: dict[str, Any] = {"SHARE_IMAGES": True}


def start(pelican: Any) -> None:
    if state.begin(pelican):
        use_defaults(pelican.settings, DEFAULTS)


def site_image(generator: Any) -> None:
    if state.active(generator.settings):
        generator.context["SHARE_IMAGE_URL"] = share_path(generator.settings["INDEX_SAVE_AS"])


def assign(generator: Any) -> None:
    items = [
        *getattr(generator, "articles", ()),
        *getattr(generator, "hidden_articles", ()),
        *getattr(generator, "pages", ()),
        *getattr(generator, "hidden_pages", ()),
    ]
    for item in items:
        if item.save_as:
            item.share_image = share_path(item.save_as)


class ShareState(BuildState):
    """This build's images: wanted from ``all_generators_finalized``, in progress from
    ``get_writer`` to ``finalized``."""

    wanted: dict[str, str] | None = None  # output path -> title drawn
    worker: threading.Thread | None = None
    error: BaseException | None = None

    def reset(self) -> None:
        self.wanted = None
        self.settle()

    def settle(self) -> BaseException | None:
        """Wait for the images in progress; return what went wrong, if anything."""
        worker, self.worker = self.worker, None
        if worker is not None:
            worker.join()
        error, self.error = self.error, None
        return error


state = ShareState(__name__)


def _pool() -> ProcessPoolExecutor:
    """Worker processes forked now, while the build runs no other thread (forking a process
    that runs threads can copy a lock another thread holds); where fork is not available,
    spawned ones."""
    methods = multiprocessing.get_all_start_methods()
    method = "fork" if "fork" in methods and threading.active_count() == 1 else "spawn"
    return worker_pool(mp_context=multiprocessing.get_context(method))


def collect(generators: list[Any]) -> None:
    """Note every image this build needs; draw none (see the module's docstring)."""
    settings = generators[0].settings
    if not state.active(settings) or not settings["SHARE_IMAGES"]:
        return
    # (output path, title): the site's own image shows its description under its name.
    wanted = {
        share_path(settings["INDEX_SAVE_AS"]): plain_text(settings.get("SITE_DESCRIPTION") or "")
    }
    for generator in generators:
        for name in ("articles", "hidden_articles", "pages", "hidden_pages"):
            for item in getattr(generator, name, ()):
                if getattr(item, "share_image", None):
                    wanted[item.share_image] = plain_text(item.title)
    state.wanted = wanted


def render_all(pelican: Any) -> None:
    """Start drawing and placing the images noted by :func:`collect`; returns no writer."""
    settings = pelican.settings
    wanted, state.wanted = state.wanted, None
    if not state.active(settings) or wanted is None:
        return
    site_name = plain_text(settings["SITENAME"])
    colours = {part: palette(settings)[name] for part, name in COLOURS.items()}
    store = CheckedStore(Path(settings["CACHE_PATH"]) / "share-images", suffix=".png")
    keys = {path: _cache_key(title, site_name, colours) for path, title in wanted.items()}
    sources = {path: store.get(key) for path, key in keys.items()}  # None: missing or damaged
    missing = {keys[path]: wanted[path] for path, src in sources.items() if src is None}
    # Drawn by the workers beside the cache's files, under names that are not entries.
    drafts = {key: store.folder / f".{key}.drawing.png" for key in missing}
    jobs = [(title, site_name, str(drafts[key]), colours) for key, title in missing.items()]
    pool = _pool() if len(jobs) >= POOL_THRESHOLD else None
    drawn: dict[str, Future[None]] = {}
    if pool is not None:
        drawn = {key: pool.submit(draw, *job) for key, job in zip(missing, jobs, strict=True)}
    output = Path(settings["OUTPUT_PATH"])

    def place() -> None:
        try:
            if pool is None:
                for job in jobs:
                    draw(*job)
            for job in drawn.values():
                job.result()
            made = {}
            for key in missing:  # one image for every page with the same title
                made[key] = store.put(key, drafts[key].read_bytes())
                drafts[key].unlink()
            for path, src in sources.items():
                target = output / path
                target.parent.mkdir(parents=True, exist_ok=True)
                place_cached(src or made[keys[path]], target)
            store.prune()
        except BaseException as error:  # raised again in Pelican's thread at `finalized`
            state.error = error
        finally:
            if pool is not None:
                pool.shutdown(cancel_futures=True)
        logger.info(
            "share images: %d drawn, %d from cache", len(missing), len(sources) - len(missing)
        )

    state.worker = threading.Thread(target=place, name="share-images", daemon=True)
    state.worker.start()


def wait(pelican: Any) -> None:
    if state.active(pelican.settings):
        error = state.settle()
        if error is not None:
            raise error


def register() -> None:
    signals.initialized.connect(start)
    signals.generator_init.connect(site_image)
    signals.article_generator_finalized.connect(assign)
    signals.page_generator_finalized.connect(assign)
    signals.all_generators_finalized.connect(collect)
    signals.get_writer.connect(render_all)
    signals.finalized.connect(wait)
