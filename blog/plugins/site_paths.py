"""Paths in and out: the build reads only under the content folder, writes only under
OUTPUT_PATH, one file per address, with names a file system holds; every link in a post
leads to a page the site has.

Pelican follows links (symbolic) out of the content folder and publishes what they point to
(a link to /etc publishes /etc/shadow); copies a ``{static}../../x`` target to
``output/../../x``; checks "inside the output folder" as a string prefix (``../output-x``
passes); crashes mid-write on a file name over 255 bytes (a long title makes one); and, with
two posts for one address, crashes on the second. Every item that would do one of these is
left out here, with a warning ``path: left out: why`` (the strict build turns it into a
failure; the linter has already named the line).

Signals:

* ``initialized``: start a build (state below).
* ``generator_init``: each generator looks for files without following a link (symbolic)
  out of the content folder: Pelican's ``get_files`` walks with ``followlinks=True``, so a link
  to / would have it walk the whole disk. Each such link is left out once, with a warning.
* ``article_generator_pretaxonomy``: every post has been read and no category, tag or author
  page has been made from it yet: leave out posts whose source is outside the content folder,
  whose output (or whose category, tag or author page) would be outside OUTPUT_PATH or have
  a name too long, or whose address an earlier post already has.
* ``page_generator_finalized``: the same for pages (posts and pages share addresses).
* ``static_generator_finalized``: the same for images and other static files, before any is
  copied.
* ``all_generators_finalized``: keep the generators, for the link check.
* ``optimize`` (pelican-granular-signals, after every ``finalized`` receiver, so after the
  search index, share images and image copies are written; blog/plugins/phases.py): each
  root-relative (``/x/``) or relative link in a published post or page must lead to a file of
  the output, or it is a warning ``path:line: ...``. The strict build judges the warnings
  later, at ``deploy`` (blog/plugins/strict_build.py).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from pelican import signals

from .. import content_rules as rules
from . import BuildState, phases

logger = logging.getLogger(__name__)

ARTICLE_LISTS = ("articles", "translations", "hidden_articles", "hidden_translations")
ARTICLE_LISTS += ("drafts", "drafts_translations")
PAGE_LISTS = ("pages", "translations", "hidden_pages", "hidden_translations")
PAGE_LISTS += ("draft_pages", "draft_translations")
#: Taxonomy attribute of a post -> the settings whose patterns name its pages and feeds.
TAXONOMY_OUTPUTS = {
    "category": ("CATEGORY_SAVE_AS", "CATEGORY_FEED_ATOM", "CATEGORY_FEED_RSS"),
    "tags": ("TAG_SAVE_AS", "TAG_FEED_ATOM", "TAG_FEED_RSS"),
    "authors": ("AUTHOR_SAVE_AS", "AUTHOR_FEED_ATOM", "AUTHOR_FEED_RSS"),
}


class PathsState(BuildState):
    """This build's generators (for the link check) and the addresses claimed so far."""

    generators: list[Any]
    claimed: dict[str, Any]
    reported: set[str]  # links out of the content folder already warned about

    def reset(self) -> None:
        self.generators = []
        self.claimed = {}
        self.reported = set()


state = PathsState(__name__)


def start(pelican: Any) -> None:
    state.begin(pelican)
    rules.forget_folders()  # folders may have become links since the last build


def links_out(content: str) -> list[str]:
    """Every link under the content folder that leads out of it, relative to the folder."""
    found = []
    for folder, dirs, files in os.walk(content):
        for name in [*dirs, *files]:
            path = os.path.join(folder, name)
            if os.path.islink(path) and not rules.inside(path, content):
                found.append(os.path.relpath(path, content))
    return sorted(found)


def stay_inside(generator: Any) -> None:
    """Give `generator` a get_files that does not follow links out of the content folder."""
    if not state.active(generator.settings) or getattr(generator.get_files, "inside", False):
        return
    original = generator.get_files
    content = generator.path

    def get_files(paths: Any, exclude: list[str] | None = None, extensions: Any = None) -> Any:
        outside = links_out(content)
        for link in outside:
            if link not in state.reported:
                state.reported.add(link)
                logger.warning(
                    "%s: left out: it is a link to %s, outside the content folder",
                    _shown(os.path.join(content, link)),
                    os.path.realpath(os.path.join(content, link)),
                )
        paths = [paths] if isinstance(paths, str) else list(paths)
        paths = [p for p in paths if rules.inside(os.path.join(content, p), content)]
        found = original(paths, [*(exclude or []), *outside], extensions)
        return {f for f in found if rules.inside(os.path.join(content, f), content)}

    get_files.inside = True  # type: ignore[attr-defined]
    generator.get_files = get_files


def _shown(path: str) -> str:
    return rules.display_path(path)


def output_problem(save_as: str, settings: dict[str, Any]) -> str | None:
    """Why `save_as` cannot be written under OUTPUT_PATH, or None when it can."""
    output = os.path.abspath(settings["OUTPUT_PATH"])
    target = os.path.abspath(os.path.join(output, save_as))
    if os.path.commonpath([output, target]) != output or target == output:
        return f"its output {save_as} would be outside the output folder"
    for name in Path(os.path.relpath(target, output)).parts:
        if size := rules.too_long(name):
            return f"its output {save_as[:60]}... has a name of {size} bytes, too long for a file"
    return None


def source_problem(source: str, settings: dict[str, Any]) -> str | None:
    """Why the file at `source` must not be read, or None when it may."""
    if not rules.inside(source, settings["PATH"]):
        return f"it is (through a link) {os.path.realpath(source)}, outside the content folder"
    return None


def _taxonomy_problem(item: Any, settings: dict[str, Any]) -> str | None:
    """Why a page of the item's category, tags or authors could not be written, or None."""
    for attribute, names in TAXONOMY_OUTPUTS.items():
        values = getattr(item, attribute, None)
        for value in values if isinstance(values, list) else [values] if values else []:
            patterns = [str(settings[name]) for name in names if settings.get(name)]
            slug = getattr(value, "slug", "")
            sizes = [rules.too_long(n) for p in patterns for n in rules.file_names(p, slug)]
            if any(sizes):
                return (
                    f"its {attribute} '{str(value)[:40]}...' makes a file name of {max(sizes)} "
                    "bytes, too long for a file"
                )
    return None


def reserved_problem(item: Any, save_as: str, settings: dict[str, Any]) -> str | None:
    """Why a post's or page's address is one the site itself writes (its archives, feeds,
    search bundle...), or None: Pelican would stop on the clash or overwrite one of them."""
    first = save_as.split("/")[0]
    slug = str(getattr(item, "slug", "") or "")
    if not slug or slug.split("/")[0] != first:
        return None  # the address does not start with the slug (drafts/...)
    source = rules.reserved(first, settings)
    if source is None:
        return None
    return f"its address {first}/ is one the site itself writes ({source})"


def _leave_out(items: list[Any], settings: dict[str, Any], claimed: dict[str, Any]) -> None:
    """Remove, in place, each item that must not be built, with a warning saying why."""
    for item in sorted(items, key=lambda item: item.source_path):
        save_as = getattr(item, "save_as", "")
        why = source_problem(item.source_path, settings)
        if why is None and save_as:
            why = output_problem(save_as, settings) or _taxonomy_problem(item, settings)
            why = why or reserved_problem(item, save_as, settings)
            if why is None and save_as in claimed:
                first = claimed[save_as].source_path
                why = f"its output {save_as} is already used by {_shown(first)} (same slug)"
        if why is None:
            if save_as:
                claimed[save_as] = item
            continue
        logger.warning("%s: left out: %s", _shown(item.source_path), why)
        items.remove(item)


def check_articles(generator: Any) -> None:
    if not state.active(generator.settings):
        return
    for name in ARTICLE_LISTS:
        _leave_out(getattr(generator, name, []), generator.settings, state.claimed)


def check_pages(generator: Any) -> None:
    if not state.active(generator.settings):
        return
    for name in PAGE_LISTS:
        _leave_out(getattr(generator, name, []), generator.settings, state.claimed)


def check_static(generator: Any) -> None:
    if not state.active(generator.settings):
        return
    settings = generator.settings
    for static in sorted(generator.staticfiles, key=lambda s: s.source_path):
        source = os.path.join(generator.path, static.source_path)
        # get_url_setting, not the save_as property: reading the property marks the file's
        # address as used, and an {attach} link would then refuse to move it next to its post.
        save_as = static.get_url_setting("save_as")
        why = source_problem(source, settings) or output_problem(save_as, settings)
        if why is not None:
            logger.warning("%s: left out: %s", _shown(source), why)
            generator.staticfiles.remove(static)


def remember(generators: list[Any]) -> None:
    if state.active(generators[0].settings):
        state.generators = list(generators)


def _written(output: str, path: str) -> bool:
    """A URL path (without the site's prefix) names a file of the output, as a static host
    serves it: a folder through its index.html."""
    target = os.path.normpath(os.path.join(output, path.lstrip("/")))
    if os.path.commonpath([output, target]) != output:
        return False
    if path.endswith("/") or os.path.isdir(target):
        return os.path.isfile(os.path.join(target, "index.html"))
    return os.path.isfile(target)


def check_links(pelican: Any) -> None:
    """Warn, with file and line, about each link in a written post or page that leads to no
    file of the output. Links to other hosts and ``{filename}`` links are checked elsewhere."""
    settings = pelican.settings
    if not state.active(settings):
        return
    output = os.path.abspath(settings["OUTPUT_PATH"])
    root = Path(os.path.abspath(settings["PATH"]))
    prefix = urlsplit(settings.get("SITEURL") or "").path.rstrip("/")
    for generator in state.generators:
        for name in dict.fromkeys(ARTICLE_LISTS + PAGE_LISTS):  # "translations" is in both
            for item in getattr(generator, name, None) or []:
                if not getattr(item, "save_as", "") or not getattr(item, "source_path", ""):
                    continue
                source = Path(item.source_path)
                found = rules.links_of(source, root)
                if found is None:
                    continue
                base = f"{prefix}/{item.url.lstrip('/')}"
                broken = []
                for line, url in found.links:
                    path = unquote(urlsplit(urljoin(base, url)).path)
                    ours = path == prefix or path.startswith(f"{prefix}/")
                    if not (ours and _written(output, path[len(prefix) :])):
                        broken.append((line, url, path))
                if not broken:
                    continue
                # Only what the body renders as a link: not a footnote, code or escaped text
                # (the file read again: the lint let go of its text, rules.release_texts).
                doc, _problems = rules.load(source, "article", root)
                if doc is None or not doc.readable:
                    continue
                real = rules.confirm(doc, settings, [(line, url) for line, url, _ in broken])
                for line, url, path in broken:
                    if (line, url) not in real:
                        continue
                    real.remove((line, url))
                    logger.warning(
                        "%s:%d: the link %s leads to no page of this site (%s); link to an "
                        "address the site has, such as /about/",
                        found.display,
                        line,
                        url,
                        path,
                    )


def register() -> None:
    signals.initialized.connect(start)
    signals.generator_init.connect(stay_inside)
    signals.article_generator_pretaxonomy.connect(check_articles)
    signals.page_generator_finalized.connect(check_pages)
    signals.static_generator_finalized.connect(check_static)
    signals.all_generators_finalized.connect(remember)
    phases.signal("optimize").connect(check_links)
