"""Names and paths: which files Pelican reads as posts or pages, where a file really is
(links followed), the addresses and file names a slug makes, and the characters XML and URLs
cannot carry. Shared by the checks and by the plugins that place files (site_paths)."""

from __future__ import annotations

import fnmatch
import functools
import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

MARKDOWN_EXTENSIONS = (".md", ".markdown", ".mkd", ".mdown")

#: Characters XML 1.0 cannot carry (it allows tab, LF and CR below U+0020): feedgenerator
#: refuses them mid-write, and in an attribute or a sitemap they make the file ill-formed.
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
#: One file or folder name: most file systems hold 255 bytes. The build adds up to 10 bytes to
#: a name it makes (``.br``/``.gz`` copies, ``-share.png``), so names from content stay under.
NAME_MAX = 255
NAME_LIMIT = NAME_MAX - 10
#: Characters a slug may not have: they change what the address means (``?`` starts a query,
#: ``#`` a fragment, ``%`` an escape, ``\`` is a folder on Windows) or a URL cannot carry them
#: as they are (RFC 3986: space, ``"<>[]^`{|}``). Letters in any script, digits and
#: ``-._~!$&'()*+,;=:@`` are fine; ``/`` makes folders.
_SLUG_UNSAFE = re.compile(r"""[\s"<>\[\]^`{|}?#%\\]""")


def display_path(path: Path | str) -> str:
    """Path as the author sees it: relative to the current folder when inside it. A link is
    shown as itself, not as the file it points to."""
    path = Path(os.path.abspath(path))
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


@functools.lru_cache(maxsize=256)
def _parts(folder: str) -> tuple[str, ...]:
    """A settings folder ("", "pages", "a/b") as path parts; the same few for every file."""
    return Path(folder).parts


def _under(rel: Path, folders: Iterable[str]) -> bool:
    parts = rel.parts
    for folder in folders:
        if folder in ("", "."):
            return True
        prefix = _parts(folder)
        if parts[: len(prefix)] == prefix:
            return True
    return False


def kind_of(rel: Path, settings: Mapping[str, Any]) -> str | None:
    """'page', 'article' or None (not read by Pelican) for a path relative to the content root."""
    static_paths = settings.get("STATIC_PATHS", ["images"])
    # Pelican adds ARTICLE_PATHS ("" here) to PAGE_EXCLUDES; only named folders exclude.
    excluded = {p for p in [*settings.get("ARTICLE_EXCLUDES", []), *static_paths] if p}
    if _under(rel, settings.get("PAGE_PATHS", ["pages"])):
        return "page"
    if _under(rel, settings.get("ARTICLE_PATHS", [""])) and not _under(rel, excluded):
        return "article"
    return None


@functools.lru_cache(maxsize=4096)
def real_folder(folder: str) -> str:
    """A folder's real path; cached, since a content tree has few folders and many files.
    (A build runs in seconds; a link changed during one is seen by the next.)"""
    return os.path.realpath(folder)


def inside(path: Path | str, folder: Path | str) -> bool:
    """`path` is `folder` or under it, once every link on the way is followed."""
    path = os.path.abspath(path)
    parent, name = os.path.split(path)
    real = (
        os.path.realpath(path) if os.path.islink(path) else os.path.join(real_folder(parent), name)
    )
    base = real_folder(os.path.abspath(folder))
    return os.path.commonpath([real, base]) == base


#: Extensions Pelican has a reader for besides Markdown. This site reads none of them
#: (``READERS`` in pelicanconf.py): every post is Markdown, so every rule here checks it.
OTHER_READERS = (".html", ".htm", ".rst")


def ignored(rel: Path, settings: Mapping[str, Any]) -> bool:
    """A file or folder name on the way matches ``IGNORE_FILES`` (Pelican then never reads
    it: a dot-folder such as ``.trash``), or starts with a dot."""
    patterns = settings.get("IGNORE_FILES") or []
    return any(
        part.startswith(".") or any(fnmatch.fnmatch(part, p) for p in patterns)
        for part in rel.parts
    )


def _sources(root: Path, settings: Mapping[str, Any]) -> Iterable[tuple[Path, str]]:
    """Every file under the content folder that Pelican looks at as a post or page (not
    ignored, not through a link out of the folder), with its kind, in a stable order."""
    for path in sorted(root.rglob("*")):
        if path.suffix.lower() not in MARKDOWN_EXTENSIONS + OTHER_READERS or not path.is_file():
            continue
        rel = path.relative_to(root)
        if ignored(rel, settings) or not inside(path, root):
            continue
        kind = kind_of(rel, settings)
        if kind:
            yield path, kind


def content_files(root: Path, settings: Mapping[str, Any]) -> list[tuple[Path, str]]:
    """Every Markdown file Pelican would read, with its kind, in a stable order. A link that
    leads out of the content folder is not followed (see checks.check_links_out). Pelican
    matches extensions in their case: ``x.MD`` is not read (see :func:`unread_files`)."""
    return [
        (path, kind)
        for path, kind in _sources(root, settings)
        if path.suffix in MARKDOWN_EXTENSIONS
    ]


def unread_files(root: Path, settings: Mapping[str, Any]) -> list[Path]:
    """Files where posts live that look like posts but are never published: HTML or
    reStructuredText (no reader here) and Markdown whose extension is not in lower case."""
    return [
        path for path, _kind in _sources(root, settings) if path.suffix not in MARKDOWN_EXTENSIONS
    ]


def file_names(pattern: str, slug: str) -> list[str]:
    """The file and folder names a save-as pattern makes with this slug (other fields, such
    as ``{date:%Y}``, left out: they make short names)."""
    return [
        re.sub(r"\{[^}]*\}", "", part.replace("{slug}", slug))
        for part in pattern.split("/")
        if "{slug}" in part
    ]


def too_long(name: str) -> int:
    """The byte length of a file name made from content, when it is over NAME_LIMIT; else 0."""
    size = len(name.encode("utf-8", errors="surrogatepass"))
    return size if size > NAME_LIMIT else 0


def unsafe_slug(slug: str) -> str | None:
    """Why an author's Slug cannot be an address as it is, or None when it can."""
    parts = slug.split("/")
    if slug.startswith("/") or any(part in (".", "..") for part in parts):
        return "would put the page outside its place in the site"
    if "" in parts:
        return "has an empty part between slashes"
    bad = sorted(set(_SLUG_UNSAFE.findall(slug)) - set(XML_FORBIDDEN.findall(slug)))
    if bad:
        shown = " ".join("space" if c == " " else c for c in bad if c.isprintable()) or "space"
        return f"has characters an address cannot carry as they are ({shown})"
    return None


def slugify(value: str, settings: Mapping[str, Any]) -> str:
    from pelican.settings import DEFAULT_CONFIG

    subs = settings.get("SLUG_REGEX_SUBSTITUTIONS", DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"])
    preserve = bool(settings.get("SLUGIFY_PRESERVE_CASE", False))
    return _slug(
        value, tuple(map(tuple, subs)), preserve, bool(settings.get("SLUGIFY_USE_UNICODE"))
    )


@functools.lru_cache(maxsize=4096)
def _slug(value: str, subs: tuple[Any, ...], preserve_case: bool, use_unicode: bool) -> str:
    """Pelican's slugify, remembered: a site repeats its tags and categories in every post."""
    from pelican.utils import slugify

    return slugify(value, regex_subs=subs, preserve_case=preserve_case, use_unicode=use_unicode)


#: Front matter that names a list page, and the settings whose patterns make its files.
TAXONOMIES = (
    ("category", ("CATEGORY_SAVE_AS", "CATEGORY_FEED_ATOM", "CATEGORY_FEED_RSS")),
    ("tags", ("TAG_SAVE_AS", "TAG_FEED_ATOM", "TAG_FEED_RSS")),
    ("author", ("AUTHOR_SAVE_AS", "AUTHOR_FEED_ATOM", "AUTHOR_FEED_RSS")),
    ("authors", ("AUTHOR_SAVE_AS", "AUTHOR_FEED_ATOM", "AUTHOR_FEED_RSS")),
)
DEFAULT_PATTERNS = {"ARTICLE_SAVE_AS": "{slug}.html", "PAGE_SAVE_AS": "pages/{slug}.html"}


def save_patterns(settings: Mapping[str, Any], names: Iterable[str]) -> list[str]:
    return [str(settings[n]) for n in names if settings.get(n)] or [
        DEFAULT_PATTERNS.get(n, "{slug}") for n in names
    ][:1]


def drafts_published(settings: Mapping[str, Any], kind: str = "article") -> bool:
    """Whether these settings write drafts (locally, under drafts/) or not (production)."""
    name = "DRAFT_PAGE_SAVE_AS" if kind == "page" else "DRAFT_SAVE_AS"
    return bool(settings.get(name, "drafts/{slug}.html"))


def forget_folders() -> None:
    """Forget which folders are links (a folder may have become one since the last build) and
    what the settings reserve (they may have changed)."""
    real_folder.cache_clear()
    _reserved.clear()


#: strftime fields as the text they make, for a save-as folder named by a date ({date:%Y}).
_STRFTIME = {"Y": r"\d{4}", "y": r"\d{2}", "m": r"\d{1,2}", "d": r"\d{1,2}", "b": "[a-z]{3}"}


def _date_folder(component: str) -> re.Pattern[str] | None:
    """A save-as folder made only of dates and text (``{date:%Y}``), as a pattern of the
    names it makes; None when another field (a slug) makes it."""
    parts = re.split(r"(\{[^}]*\})", component)
    if not any(part.startswith("{date:") for part in parts):
        return None
    regex = ""
    for part in parts:
        if part.startswith("{date:"):
            fields = re.split(r"%(-?\w)", part[len("{date:") : -1])
            regex += "".join(
                _STRFTIME.get(f.lstrip("-"), ".+") if i % 2 else re.escape(f)
                for i, f in enumerate(fields)
            )
        elif part.startswith("{"):
            return None
        else:
            regex += re.escape(part)
    return re.compile(regex, re.IGNORECASE)


def reserved_addresses(
    settings: Mapping[str, Any],
) -> tuple[dict[str, str], list[tuple[re.Pattern[str], str]]]:
    """What the site itself writes at the top of its output folder, derived from the settings:
    ({name: the setting or plugin that writes it}, [(pattern of dated names, setting)]).

    Every ``*_SAVE_AS`` and feed setting, the direct templates (``404.html``, and ``404`` as
    well, which would look like it), the
    template pages, the pagination pattern, the static folders and their files' new paths,
    the theme's folder, and the ``WRITES`` of each plugin in PLUGINS. A post or page whose
    address starts with one of these would overwrite it or be overwritten."""
    import importlib

    names: dict[str, str] = {}
    dated: list[tuple[re.Pattern[str], str]] = []

    def add(path: Any, source: str) -> None:
        if not isinstance(path, str) or not path.strip("/"):
            return
        first = path.lstrip("/").split("/")[0]
        if "{" not in first:
            names.setdefault(first.lower(), source)
        elif (pattern := _date_folder(first)) is not None:
            dated.append((pattern, source))

    for key, value in settings.items():
        if key.endswith(("_SAVE_AS", "_FEED_ATOM", "_FEED_RSS")) or key in (
            "FEED_ATOM",
            "FEED_RSS",
            "FEED_ALL_ATOM",
            "FEED_ALL_RSS",
        ):
            add(value, key)
    for name in settings.get("DIRECT_TEMPLATES") or ():
        save_as = settings.get(f"{str(name).upper()}_SAVE_AS", f"{name}.html")
        add(save_as, "DIRECT_TEMPLATES")
        if save_as == f"{name}.html":  # /404.html: the address /404/ would look like it
            add(str(name), "DIRECT_TEMPLATES")
    for target in (settings.get("TEMPLATE_PAGES") or {}).values():
        add(target, "TEMPLATE_PAGES")
    for _minimum, _url, save_as in settings.get("PAGINATION_PATTERNS") or ():
        add(str(save_as).format(base_name="", number=2, url="", save_as=""), "PAGINATION_PATTERNS")
    for folder in settings.get("STATIC_PATHS") or ():
        add(folder, "STATIC_PATHS")
    for meta in (settings.get("EXTRA_PATH_METADATA") or {}).values():
        add((meta or {}).get("save_as") or (meta or {}).get("path"), "EXTRA_PATH_METADATA")
    add(settings.get("THEME_STATIC_DIR", "theme"), "THEME_STATIC_DIR")
    for plugin in settings.get("PLUGINS") or ():
        if not isinstance(plugin, str):
            continue
        try:
            module = importlib.import_module(plugin)
        except ImportError:
            continue  # Pelican says so itself
        for written in getattr(module, "WRITES", ()):
            add(written, plugin.rsplit(".", 1)[-1])
    return names, dated


_reserved: dict[int, tuple[Mapping[str, Any], Any]] = {}


def reserved(first: str, settings: Mapping[str, Any]) -> str | None:
    """What writes the address `first` (a slug's first folder) already, or None. Worked out
    once per settings object and lint (forget_folders empties it)."""
    known = _reserved.get(id(settings))
    if known is None or known[0] is not settings:
        known = _reserved[id(settings)] = (settings, reserved_addresses(settings))
    names, dated = known[1]
    if (source := names.get(first.lower())) is not None:
        return source
    return next((source for pattern, source in dated if pattern.fullmatch(first)), None)
