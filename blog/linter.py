"""Content linter: finds what is wrong in the Markdown under content/, with file and line.

Used three ways, all with the same checks:

* `invoke check` and `python -m blog.linter [PATH]`: prints one line per problem,
  ``path:line: severity: what is wrong``, plus each post's reading grade, and exits 1 on errors;
* the tests (tests/unit/test_lint.py) and CI run it over content/;
* blog/plugins/strict_build.py calls :func:`lint_tree` so the strict build names the file for
  problems Pelican reports without one (a broken ``{filename}`` link, a duplicate slug);
* blog/devserver.py calls :func:`lint_file` on the one post that was saved.

:func:`lint_file` is the one place a file is checked: :func:`lint_tree` calls it for every file,
then adds what needs all files at once (duplicate slugs, reading grades). A new per-file rule is
a function ``check_x(doc, settings) -> list[Problem]`` added to :data:`FILE_CHECKS`.

Not a Pelican plugin: it has no ``register()`` and reads the files itself, because Pelican's
reader forgets line numbers and drops a bad post instead of explaining it.

Errors: missing or empty Title, Date, Category (posts) or Summary; a front matter key given
twice; an impossible date; an unknown Status; a ``Reviewed_by`` name the ``REVIEWERS``
setting does not list; a summary over ``LINT_SUMMARY_MAX_CHARS`` (160);
a character XML cannot carry (a C0 control other than tab and newline, U+FFFE, U+FFFF); an
address (slug) that is empty, leaves the site, has characters a URL cannot carry as they are,
or makes a file name longer than a file system holds (the same for each tag, category and
author); an image without alt text; an internal ``{filename}``/``{static}``/``{attach}`` link or
image whose target does not exist or is outside the content folder; a link (a file or folder)
under the content folder that leads out of it; two files with the same address; an empty
file; a file that is not UTF-8.
Warnings: a draft whose slug a published post already uses (locally); a reading grade
(Flesch-Kincaid, computed offline by pelican-statistics' formulas) above
``READING_GRADE_WARN``. The grade is information: the words stay the author's.

Drafts: with settings that do not publish drafts (``DRAFT_SAVE_AS`` empty, as in
publishconf.py), a draft's problems are information only, so a draft never blocks production.

Where a link points (root-relative ``/x/`` and relative links) depends on the pages the build
writes; :func:`site_links` lists each link with its line and blog/plugins/site_paths.py checks
them against the written site.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import html
import os
import re
import sys
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

ERROR, WARNING, INFO = "error", "warning", "info"
MARKDOWN_EXTENSIONS = (".md", ".markdown", ".mkd", ".mdown")
ARTICLE_FIELDS = ("title", "date", "category", "summary")
PAGE_FIELDS = ("title", "summary")
STATUSES = ("published", "draft", "hidden")
#: Front matter Pelican (and blog/plugins/review_dates.py) parse as dates: empty is an error there.
DATE_FIELDS = ("date", "modified", "last_reviewed")
DEFAULTS: dict[str, Any] = {"LINT_SUMMARY_MAX_CHARS": 160, "READING_GRADE_WARN": 9.0}

# Python-Markdown's meta extension syntax, which Pelican's Markdown reader uses.
_META = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")
_META_MORE = re.compile(r"^[ ]{4,}(?P<value>.*)")
_FENCE = re.compile(r"^[ ]{0,3}(?P<fence>`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(?<!`)(?P<ticks>`+)(?!`).+?(?<!`)(?P=ticks)(?!`)")
_COMMENT = re.compile(r"<!--.*?(-->|$)")
_MD_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\(\s*<?(?P<src>[^)\s>]+)")
_HTML_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ALT_ATTR = re.compile(r"""\balt\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_SRC_ATTR = re.compile(r"""\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_HREF_ATTR = re.compile(r"""\b(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
_MD_LINK = re.compile(r"\]\(\s*<?(?P<url>[^)\s>]+)")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)
_REF_DEFINITION = re.compile(r"^[ ]{0,3}\[[^\]]+\]:\s*<?(?P<url>[^\s>]+)")
#: Characters XML 1.0 cannot carry (it allows tab, LF and CR below U+0020): feedgenerator
#: refuses them mid-write, and in an attribute or a sitemap they make the file ill-formed.
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_CHARACTER_NAMES = {
    0x00: "NUL character",
    0x08: "backspace",
    0x0B: "vertical tab",
    0x0C: "form feed (page break)",
    0x1B: "escape character",
    0xFFFE: "non-character",
    0xFFFF: "non-character",
}
#: One file or folder name: most file systems hold 255 bytes. The build adds up to 10 bytes to
#: a name it makes (``.br``/``.gz`` copies, ``-share.png``), so names from content stay under.
NAME_MAX = 255
NAME_LIMIT = NAME_MAX - 10
#: Characters a slug may not have: they change what the address means (``?`` starts a query,
#: ``#`` a fragment, ``%`` an escape, ``\`` is a folder on Windows) or a URL cannot carry them
#: as they are (RFC 3986: space, ``"<>[]^`{|}``). Letters in any script, digits and
#: ``-._~!$&'()*+,;=:@`` are fine; ``/`` makes folders.
_SLUG_UNSAFE = re.compile(r"""[\s"<>\[\]^`{|}?#%\\]""")
_INTERNAL = re.compile(
    r"(?:\{(?P<kind>filename|static|attach)\}|\|(?P<kind2>filename|static|attach)\|)"
    r"(?P<target>[^)\s\"'>]+)"
)


@dataclass(frozen=True)
class Problem:
    """One finding; ``str()`` gives the ``path:line: severity: message`` line."""

    path: str
    line: int  # 0: the file or folder as a whole (a link out of content/)
    severity: str
    message: str
    #: Another file the problem is about (a link's missing or outside target), absolute, so
    #: the strict build can tell that Pelican's message about that file says the same thing.
    about: str | None = None

    def __str__(self) -> str:
        return self.format(severity=True)

    def format(self, severity: bool = False) -> str:
        """``path:line: message``, the form every build and the live preview show;
        with `severity`, ``path:line: severity: message`` (the `invoke check` listing)."""
        label = f"{self.severity}: " if severity else ""
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {label}{self.message}"


@dataclass
class Document:
    """A Markdown file split into front matter (with line numbers) and body."""

    path: Path
    display: str
    kind: str  # "article" or "page"
    meta: dict[str, str]
    meta_lines: dict[str, int]
    lines: list[str]
    body_start: int  # index into lines
    root: Path  # the content folder: where root-relative links start
    repeats: dict[str, list[int]] = dataclasses.field(
        default_factory=dict
    )  # key -> every line giving it
    readable: bool = True  # False: not UTF-8 (read with replacement only to find its Status)

    @property
    def body(self) -> str:
        return "\n".join(self.lines[self.body_start :])

    @property
    def is_draft(self) -> bool:
        return self.meta.get("status", "").strip().lower() == "draft"


def display_path(path: Path | str) -> str:
    """Path as the author sees it: relative to the current folder when inside it. A link is
    shown as itself, not as the file it points to."""
    path = Path(os.path.abspath(path))
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def split_lines(text: str) -> list[str]:
    """Lines as Markdown and an editor count them: only CR, LF and CRLF end a line (not the
    vertical tab, form feed or U+2028 that ``str.splitlines`` also splits on)."""
    lines = re.split(r"\r\n|\r|\n", text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def parse_front_matter(lines: list[str]) -> tuple[dict[str, str], dict[str, int], int]:
    """Return (metadata, line number of each key, index where the body starts)."""
    meta, where, index, _repeats = read_front_matter(lines)
    return meta, where, index


def read_front_matter(
    lines: list[str],
) -> tuple[dict[str, str], dict[str, int], int, dict[str, list[int]]]:
    """Return (metadata, line number of each key, index where the body starts, every line of
    each key). A key given twice keeps its first value, as Pelican does."""
    meta: dict[str, str] = {}
    where: dict[str, int] = {}
    repeats: dict[str, list[int]] = {}
    index = 1 if lines and re.match(r"^-{3}\s*$", lines[0]) else 0
    key = None
    first = True  # the current key is given for the first time (a repeat is ignored)
    while index < len(lines):
        line = lines[index]
        if not line.strip() or re.match(r"^(-{3}|\.{3})\s*$", line):
            index += 1
            break
        match = _META.match(line)
        if match:
            key = match["key"].lower()
            repeats.setdefault(key, []).append(index + 1)
            first = key not in meta
            if first:
                meta[key] = match["value"].strip()
                where[key] = index + 1
        elif key and _META_MORE.match(line):
            if first:
                meta[key] = f"{meta[key]} {line.strip()}".strip()
        else:
            break
        index += 1
    return meta, where, index, repeats


def _label(field: str) -> str:
    """A front matter key as the author writes it: 'last_reviewed' -> 'Last_reviewed'."""
    return field[:1].upper() + field[1:]


def _settings_value(settings: Mapping[str, Any], name: str) -> Any:
    return settings.get(name, DEFAULTS.get(name))


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
def _real_folder(folder: str) -> str:
    """A folder's real path; cached, since a content tree has few folders and many files.
    (A build runs in seconds; a link changed during one is seen by the next.)"""
    return os.path.realpath(folder)


def inside(path: Path | str, folder: Path | str) -> bool:
    """`path` is `folder` or under it, once every link on the way is followed."""
    path = os.path.abspath(path)
    parent, name = os.path.split(path)
    real = (
        os.path.realpath(path) if os.path.islink(path) else os.path.join(_real_folder(parent), name)
    )
    base = _real_folder(os.path.abspath(folder))
    return os.path.commonpath([real, base]) == base


def content_files(root: Path, settings: Mapping[str, Any]) -> list[tuple[Path, str]]:
    """Every Markdown file Pelican would read, with its kind, in a stable order. A link that
    leads out of the content folder is not followed (see :func:`check_links_out`)."""
    found = []
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.suffix.lower() not in MARKDOWN_EXTENSIONS:
            continue
        rel = path.relative_to(root)
        if any(part.startswith(".") for part in rel.parts) or not inside(path, root):
            continue
        kind = kind_of(rel, settings)
        if kind:
            found.append((path, kind))
    return found


def load(path: Path, kind: str, root: Path) -> tuple[Document | None, list[Problem]]:
    """Read one file; an empty or non-UTF-8 file is a problem, not a crash. A file that is not
    UTF-8 still gives a Document (read with replacement characters, ``readable`` False), so
    its Status is known; no other check reads it."""
    shown = display_path(path)
    data = path.read_bytes()
    problems = []
    try:
        text = data.decode("utf-8")
        readable = True
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        byte = data[error.start]
        message = (
            f"the file is not UTF-8 text (byte 0x{byte:02X} at column {column}); "
            "save it with UTF-8 encoding"
        )
        problems.append(Problem(shown, line, ERROR, message))
        text, readable = data.decode("utf-8", errors="replace"), False
    text = text.removeprefix("\ufeff")
    if not text.strip():
        message = "the file is empty; start it with Title, Date, Category and Summary lines"
        return None, [Problem(shown, 1, ERROR, message)]
    lines = split_lines(text)
    meta, where, body_start, repeats = read_front_matter(lines)
    doc = Document(path, shown, kind, meta, where, lines, body_start, root, repeats, readable)
    return doc, problems


_converters = threading.local()


def _render(markdown_text: str) -> str:
    """Markdown to HTML with one reused converter per thread (building one costs more than
    converting; the live preview lints from its server thread and its background build)."""
    converter = getattr(_converters, "markdown", None)
    if converter is None:
        import markdown

        converter = _converters.markdown = markdown.Markdown()
    return converter.reset().convert(markdown_text)


def _plain(markdown_text: str) -> str:
    """Markdown to plain text, for measuring a summary."""
    if not re.search(r"[*_`\[<&\\]", markdown_text):
        return markdown_text.strip()  # nothing to render
    return html.unescape(re.sub(r"<[^>]+>", "", _render(markdown_text))).strip()


def _valid_date(value: str) -> bool:
    from datetime import datetime

    from pelican.utils import get_date

    for pattern in ("%Y-%m-%d %H:%M", "%Y-%m-%d", "%Y-%m-%d %H:%M:%S"):
        try:
            datetime.strptime(value, pattern)
            return True
        except ValueError:
            pass
    try:  # everything else Pelican accepts (dateutil)
        get_date(value)
    except (ValueError, OverflowError):
        return False
    return True


def check_metadata(doc: Document, settings: Mapping[str, Any]) -> list[Problem]:
    problems = []
    required = ARTICLE_FIELDS if doc.kind == "article" else PAGE_FIELDS
    for field in required:
        if field not in doc.meta:
            problems.append(Problem(doc.display, 1, ERROR, f"missing {_label(field)}"))
        elif not doc.meta[field]:
            line = doc.meta_lines[field]
            problems.append(Problem(doc.display, line, ERROR, f"{_label(field)} is empty"))
    for field in DATE_FIELDS:
        value = doc.meta.get(field)
        if field in doc.meta and not value and field not in required:
            problems.append(
                Problem(
                    doc.display,
                    doc.meta_lines[field],
                    ERROR,
                    f"{_label(field)} is empty; give a date or delete the line",
                )
            )
        if value and not _valid_date(value.replace("_", " ")):
            problems.append(
                Problem(
                    doc.display,
                    doc.meta_lines[field],
                    ERROR,
                    f"{_label(field)} '{value}' is not a valid date; "
                    "write it as YYYY-MM-DD or YYYY-MM-DD HH:MM",
                )
            )
    status = doc.meta.get("status", "").lower()
    if status and status not in STATUSES:
        problems.append(
            Problem(
                doc.display,
                doc.meta_lines["status"],
                ERROR,
                f"Status '{doc.meta['status']}' is not one of: {', '.join(STATUSES)}",
            )
        )
    reviewer = doc.meta.get("reviewed_by")
    reviewers = settings.get("REVIEWERS") or {}
    if reviewer and reviewer not in reviewers:
        known = ", ".join(f"'{name}'" for name in reviewers) or "none yet"
        problems.append(
            Problem(
                doc.display,
                doc.meta_lines["reviewed_by"],
                ERROR,
                f"Reviewed_by '{reviewer}' is not in REVIEWERS in pelicanconf.py (known: "
                f"{known}); add them there with their credentials, or delete the line",
            )
        )
    limit = int(_settings_value(settings, "LINT_SUMMARY_MAX_CHARS"))
    summary = doc.meta.get("summary")
    if summary:
        length = len(_plain(summary))
        if length > limit:
            problems.append(
                Problem(
                    doc.display,
                    doc.meta_lines["summary"],
                    ERROR,
                    f"Summary is {length} characters; keep it to {limit} or fewer",
                )
            )
    return problems


def _attr(pattern: re.Pattern[str], tag: str) -> str | None:
    match = pattern.search(tag)
    if not match:
        return None
    return next(group for group in match.groups() if group is not None)


def check_repeats(doc: Document, settings: Mapping[str, Any]) -> list[Problem]:
    """A front matter key given twice: Pelican keeps one (or, for Title, fails to read the
    file), so the other line is silently lost."""
    problems = []
    for key, lines in doc.repeats.items():
        if len(lines) > 1:
            where = ", ".join(map(str, lines[:-1])) + f" and {lines[-1]}"
            message = f"{_label(key)} is given {len(lines)} times (lines {where}); keep one line"
            if key in ("tags", "authors"):
                message += f" (one {_label(key)} line lists several, separated by commas)"
            problems.append(Problem(doc.display, lines[1], ERROR, message))
    return problems


def _character_name(char: str) -> str:
    return _CHARACTER_NAMES.get(ord(char), "control character")


def check_characters(doc: Document, settings: Mapping[str, Any]) -> list[Problem]:
    """Characters XML cannot carry, anywhere in the file (front matter or body): invisible in
    an editor, they often come with text pasted from a word processor."""
    problems = []
    for number, line in enumerate(doc.lines, start=1):
        found = XML_FORBIDDEN.findall(line)
        if not found or not doc.readable:
            continue
        first = found[0]
        column = line.index(first) + 1
        more = f" (and {len(found) - 1} more on this line)" if len(found) > 1 else ""
        problems.append(
            Problem(
                doc.display,
                number,
                ERROR,
                f"invisible {_character_name(first)} (U+{ord(first):04X}) at column {column}"
                f"{more}; feeds and the sitemap cannot carry it: delete it (it often comes "
                "with text pasted from a word processor)",
            )
        )
    return problems


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


def _slugify(value: str, settings: Mapping[str, Any]) -> str:
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
_DEFAULT_PATTERNS = {"ARTICLE_SAVE_AS": "{slug}.html", "PAGE_SAVE_AS": "pages/{slug}.html"}


def _patterns(settings: Mapping[str, Any], names: Iterable[str]) -> list[str]:
    return [str(settings[n]) for n in names if settings.get(n)] or [
        _DEFAULT_PATTERNS.get(n, "{slug}") for n in names
    ][:1]


def check_address(doc: Document, settings: Mapping[str, Any]) -> list[Problem]:
    """The page's address (its slug, from Slug or from Title) and those of its category, tags
    and authors: not empty, inside the site, carried by a URL as they are, and short enough to
    be a file name (a 500-character title would stop the build with "File name too long")."""
    problems = []
    slug = slug_of(doc, settings)
    explicit = bool(doc.meta.get("slug"))
    line = doc.meta_lines["slug"] if explicit else doc.meta_lines.get("title", 1)
    if "slug" in doc.meta and not doc.meta["slug"]:
        problems.append(
            Problem(
                doc.display,
                doc.meta_lines["slug"],
                ERROR,
                "Slug is empty; give the address (a-calm-morning) or delete the line",
            )
        )
    elif slug is not None and not slug:
        problems.append(
            Problem(
                doc.display,
                line,
                ERROR,
                f"the Title '{doc.meta['title']}' makes no address (it has no letters or "
                "digits); add a line 'Slug: words-for-the-address'",
            )
        )
    elif slug and explicit and (why := unsafe_slug(slug)):
        problems.append(
            Problem(
                doc.display,
                line,
                ERROR,
                f"Slug '{slug}' {why}; use letters, digits and hyphens (a-calm-morning)",
            )
        )
    elif slug:
        key = "PAGE_SAVE_AS" if doc.kind == "page" else "ARTICLE_SAVE_AS"
        sizes = [too_long(n) for p in _patterns(settings, [key]) for n in file_names(p, slug)]
        if any(sizes):
            source = "Slug" if explicit else "address made from the Title"
            fix = "shorten it" if explicit else "add a shorter 'Slug:' line"
            problems.append(
                Problem(
                    doc.display,
                    line,
                    ERROR,
                    f"the {source} is {max(sizes)} bytes long, more than a file name can hold "
                    f"({NAME_LIMIT} here); {fix}",
                )
            )
    for field_name, pattern_names in TAXONOMIES:
        if not doc.meta.get(field_name):
            continue
        values = (
            doc.meta[field_name].split(",") if field_name != "category" else [doc.meta[field_name]]
        )
        label = {"tags": "Tag", "authors": "Author"}.get(field_name, _label(field_name))
        for value in (v.strip() for v in values):
            if not value:
                continue
            where = doc.meta_lines[field_name]
            value_slug = _slugify(value, settings)
            if not value_slug:
                problems.append(
                    Problem(
                        doc.display,
                        where,
                        ERROR,
                        f"{label} '{value}' makes no address (it has no letters or digits); "
                        "use words",
                    )
                )
                continue
            patterns = _patterns(settings, pattern_names)
            sizes = [too_long(n) for p in patterns for n in file_names(p, value_slug)]
            if any(sizes):
                problems.append(
                    Problem(
                        doc.display,
                        where,
                        ERROR,
                        f"{label} '{value[:40]}...' makes a file name of {max(sizes)} bytes, more "
                        f"than a file name can hold ({NAME_LIMIT} here); shorten it",
                    )
                )
    return problems


def _body_lines(doc: Document) -> Iterable[tuple[int, str]]:
    """(line number, text) of each body line Markdown renders as text, with inline code and
    HTML comments blanked out (kept as spaces, so columns stay); fenced code is skipped."""
    fence = None
    in_comment = False
    for index in range(doc.body_start, len(doc.lines)):
        line = doc.lines[index]
        match = _FENCE.match(line)
        if fence is None and match:
            fence = match["fence"]
            continue
        if fence is not None:
            if match and match["fence"][0] == fence[0] and len(match["fence"]) >= len(fence):
                fence = None
            continue
        if in_comment:
            end = line.find("-->")
            if end < 0:
                continue
            line = " " * (end + 3) + line[end + 3 :]
            in_comment = False
        if "`" in line:
            line = _CODE_SPAN.sub(lambda m: " " * len(m[0]), line)
        if "<!--" in line:
            line = _COMMENT.sub(lambda m: " " * len(m[0]), line)
        if "<!--" in line:  # a comment that goes on past this line
            line, in_comment = line[: line.index("<!--")], True
        yield index + 1, line


def site_links(doc: Document) -> list[tuple[int, str]]:
    """(line, address) of every link and image in the body that stays on this site: root-
    relative (``/x/``) and relative (``x/``, ``../x``), without ``{filename}`` and the like."""
    found = []
    for number, line in _body_lines(doc):
        if "](" not in line and "<" not in line and "]:" not in line:
            continue  # no link on this line (most lines of prose): skip the patterns
        urls = [m["url"] for m in _MD_LINK.finditer(line)]
        urls += [_attr(_HREF_ATTR, m[0]) or "" for m in re.finditer(r"<[a-z][^>]*>", line, re.I)]
        if (ref := _REF_DEFINITION.match(line)) is not None:
            urls.append(ref["url"])
        for url in urls:
            if (
                not url
                or url.startswith(("#", "//", "{", "|"))
                or re.match(r"^[a-z][a-z0-9+.-]*:", url, re.I)
            ):
                continue  # a fragment, another host, a scheme (https:, mailto:), {filename}
            found.append((number, url))
    return found


def check_body(doc: Document, settings: Mapping[str, Any]) -> list[Problem]:
    """Images without alt text and internal links to files that do not exist or are outside
    the content folder."""
    root = doc.root
    problems = []
    for number, line in _body_lines(doc):
        if "![" not in line and "<" not in line and "{" not in line and "|" not in line:
            continue  # no image and no {filename}-style link on this line: skip the patterns
        for match in _MD_IMAGE.finditer(line):
            if not match["alt"].strip():
                problems.append(
                    Problem(
                        doc.display,
                        number,
                        ERROR,
                        f"image {match['src']} has no alt text; describe it: ![what it shows](...)",
                    )
                )
        for tag in _HTML_IMG.findall(line):
            alt = _attr(_ALT_ATTR, tag)
            if alt is None or not alt.strip():
                src = _attr(_SRC_ATTR, tag) or "?"
                problems.append(
                    Problem(
                        doc.display,
                        number,
                        ERROR,
                        f'image {src} has no alt text; describe it: alt="what it shows"',
                    )
                )
        for match in _INTERNAL.finditer(line):
            kind = match["kind"] or match["kind2"]
            target = unquote(match["target"].split("#")[0].split("?")[0])
            if not target:
                continue
            base = root if target.startswith("/") else doc.path.parent
            joined = Path(os.path.abspath(base / target.lstrip("/")))
            link = f"{{{kind}}}{match['target']}"
            if not inside(joined, root):
                message = (
                    f"{link} points outside the content folder (to {joined}); "
                    "only files in the content folder are published: copy the file in"
                )
            elif not joined.is_file():
                message = f"{link} points to {display_path(joined)}, which does not exist"
            elif kind == "filename" and _unpublished_draft(joined, root, settings):
                message = (
                    f"{link} points to {display_path(joined)}, a draft, which this build does "
                    "not publish: the link would be broken and show the draft's address; "
                    "publish that post first, or remove the link"
                )
            else:
                continue
            problems.append(Problem(doc.display, number, ERROR, message, about=str(joined)))
    return problems


def _unpublished_draft(path: Path, root: Path, settings: Mapping[str, Any]) -> bool:
    """`path` is a post or page with `Status: draft` and these settings write no drafts."""
    kind = kind_of(path.relative_to(root), settings)
    if kind is None or drafts_published(settings, kind):
        return False
    return _draft(str(path))


@functools.lru_cache(maxsize=4096)
def _draft(path: str) -> bool:
    """The file's front matter says `Status: draft`. Cached: a site links to the same few
    posts from many files; the cache is emptied whenever a lint starts (see _fresh), so a
    file edited since is read again."""
    try:
        with open(path, encoding="utf-8") as handle:
            lines = handle.read().splitlines()
    except (OSError, UnicodeDecodeError):
        return False  # its own problem, reported on that file
    status = parse_front_matter(lines)[0].get("status", "")
    return status.strip().lower() == "draft"


def _fresh() -> None:
    """Forget what the last lint learnt of the file system: files change between builds."""
    _real_folder.cache_clear()  # folders may have become links since the last build
    _draft.cache_clear()


def slug_of(doc: Document, settings: Mapping[str, Any]) -> str | None:
    if doc.meta.get("slug"):
        return doc.meta["slug"]
    if not doc.meta.get("title"):
        return None
    return _slugify(html.escape(doc.meta["title"], quote=False), settings)


def drafts_published(settings: Mapping[str, Any], kind: str = "article") -> bool:
    """Whether these settings write drafts (locally, under drafts/) or not (production)."""
    name = "DRAFT_PAGE_SAVE_AS" if kind == "page" else "DRAFT_SAVE_AS"
    return bool(settings.get(name, "drafts/{slug}.html"))


def _address(doc: Document, settings: Mapping[str, Any], published: bool) -> str | None:
    """Where the file's page goes: the save-as pattern with its slug; None without a slug."""
    slug = slug_of(doc, settings)
    if not slug:
        return None
    if doc.is_draft and not published:
        key = "DRAFT_PAGE_SAVE_AS" if doc.kind == "page" else "DRAFT_SAVE_AS"
    else:
        key = "PAGE_SAVE_AS" if doc.kind == "page" else "ARTICLE_SAVE_AS"
    pattern = str(settings.get(key) or _DEFAULT_PATTERNS.get(key, "{slug}"))
    return f"{pattern.replace('{slug}', slug)}|{doc.meta.get('lang', '')}"


def check_slugs(docs: list[Document], settings: Mapping[str, Any]) -> list[Problem]:
    """Two files for one address. Posts and pages share the URL space ({slug}/), so a slug may
    be used once per language; drafts have their own (drafts/{slug}/, locally only). A draft
    whose slug a published file already uses gets a warning naming the draft: it is the one to
    change before it is published, since the published address is live."""
    seen: dict[str, Document] = {}
    published = {}
    problems = []
    for doc in docs:
        if doc.is_draft and not drafts_published(settings, doc.kind):
            continue  # not in this build
        address = _address(doc, settings, published=False)
        if address is None:
            continue
        line = doc.meta_lines.get("slug", doc.meta_lines.get("title", 1))
        if address in seen:
            first = seen[address]
            problems.append(
                Problem(
                    doc.display,
                    line,
                    ERROR,
                    f"duplicate slug '{slug_of(doc, settings)}': {first.display} uses it too; "
                    "give one of them a different Slug",
                )
            )
        else:
            seen[address] = doc
        if not doc.is_draft:
            published[_address(doc, settings, published=True)] = doc
    for doc in docs:
        if not doc.is_draft or not drafts_published(settings, doc.kind):
            continue
        taken = published.get(_address(doc, settings, published=True))
        if taken is not None:
            line = doc.meta_lines.get("slug", doc.meta_lines.get("title", 1))
            problems.append(
                Problem(
                    doc.display,
                    line,
                    WARNING,
                    f"this draft's slug '{slug_of(doc, settings)}' is the address of "
                    f"{taken.display}, which is published; give the draft a different Slug "
                    "before you publish it",
                )
            )
    return problems


def check_links_out(root: Path) -> list[Problem]:
    """Links (symbolic) under the content folder that lead out of it. Pelican follows them and
    would publish what they point to (a link to /etc publishes /etc/shadow); the build leaves
    them out (blog/plugins/site_paths.py) and this says why."""
    problems = []
    for folder, dirs, files in os.walk(root):
        for name in sorted([*dirs, *files]):
            path = Path(folder) / name
            if path.is_symlink() and not inside(path, root):
                problems.append(
                    Problem(
                        display_path(path),
                        0,
                        ERROR,
                        f"is a link to {os.path.realpath(path)}, outside the content folder; "
                        "the build does not follow it: copy what it should publish into the "
                        "content folder",
                        about=str(Path(os.path.abspath(path))),
                    )
                )
        dirs.sort()
    return problems


def reading_grade(doc: Document) -> float | None:
    """Flesch-Kincaid grade of the body, with pelican-statistics' syllable and sentence rules.

    Each heading, paragraph and list item counts as its own sentence, so a heading without a
    full stop is not glued to the sentence after it.
    """
    from pelican.plugins.statistics.readability import flesch_kincaid_level, text_stats

    rendered = _render(doc.body)
    blocks = re.findall(r"<(h[1-6]|p|li|td|th|blockquote)\b[^>]*>(.*?)</\1>", rendered, re.S)
    sentences = (html.unescape(re.sub(r"<[^>]+>", "", inner)).strip() for _, inner in blocks)
    text = " ".join(sentence.rstrip(".") + "." for sentence in sentences)
    stats = text_stats(text, 0)
    if stats[0] == 0:
        return None
    return round(flesch_kincaid_level(stats), 1)


#: The checks of one file, in order; each takes (document, settings) and returns its problems.
FILE_CHECKS: tuple[Callable[[Document, Mapping[str, Any]], list[Problem]], ...] = (
    check_repeats,
    check_metadata,
    check_characters,
    check_address,
    check_body,
)


def _lint_one(
    path: Path, kind: str, root: Path, settings: Mapping[str, Any]
) -> tuple[Document | None, list[Problem]]:
    doc, problems = load(path, kind, root)
    if doc is not None and doc.readable:
        for check in FILE_CHECKS:
            problems += check(doc, settings)
    if doc is not None and doc.is_draft and not drafts_published(settings, kind):
        # A draft never blocks a build that does not publish it: its problems are information.
        problems = [
            dataclasses.replace(p, severity=INFO, message=f"(draft, not published) {p.message}")
            for p in problems
        ]
    return doc, problems


def lint_file(
    path: Path | str, settings: Mapping[str, Any], root: Path | str | None = None
) -> list[Problem]:
    """Every problem of one file on its own (no duplicate-slug check, no reading grade).

    `root` is the content folder (default: the settings' PATH); a file Pelican would not
    read as a post or page is checked as a post."""
    _fresh()
    root = Path(os.path.abspath(root if root is not None else settings["PATH"]))
    path = Path(os.path.abspath(path))
    kind = kind_of(path.relative_to(root), settings) if path.is_relative_to(root) else None
    return _lint_one(path, kind or "article", root, settings)[1]


def lint_documents(
    root: Path | str, settings: Mapping[str, Any] | None = None, grades: bool = True
) -> tuple[list[Document], list[Problem]]:
    """Every post and page of a content folder, and all their problems, in file order;
    reading grades only when `grades`."""
    settings = settings or {}
    root = Path(os.path.abspath(root))
    _fresh()
    problems: list[Problem] = check_links_out(root)
    docs: list[Document] = []
    for path, kind in content_files(root, settings):
        doc, found = _lint_one(path, kind, root, settings)
        problems += found
        if doc is not None:
            docs.append(doc)
    problems += check_slugs([doc for doc in docs if doc.readable], settings)
    if grades:
        limit = float(_settings_value(settings, "READING_GRADE_WARN"))
        for doc in docs:
            grade = reading_grade(doc) if doc.readable else None
            if grade is None:
                continue
            if grade > limit:
                message = f"reading grade {grade} (Flesch-Kincaid) is above {limit:g}"
                problems.append(Problem(doc.display, 1, WARNING, message))
            else:
                message = f"reading grade {grade} (Flesch-Kincaid)"
                problems.append(Problem(doc.display, 1, INFO, message))
    order = {doc.display: i for i, doc in enumerate(docs)}
    problems.sort(key=lambda p: (order.get(p.path, -1), p.path, p.line))
    return docs, problems


def lint_tree(
    root: Path | str,
    settings: Mapping[str, Any] | None = None,
    grades: bool = True,
) -> list[Problem]:
    """All problems in a content folder, in file order; reading grades only when `grades`."""
    return lint_documents(root, settings, grades)[1]


def read_project_settings(config: str | os.PathLike[str] | None) -> dict[str, Any]:
    """Pelican settings from a settings file (the project's pelicanconf.py by default)."""
    from pelican.settings import read_settings

    if config is None:
        config = Path(__file__).resolve().parent.parent / "pelicanconf.py"
    return dict(read_settings(str(config)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m blog.linter", description="Check the Markdown in a Pelican content folder."
    )
    parser.add_argument("path", nargs="?", help="content folder (default: the settings' PATH)")
    parser.add_argument("-s", "--settings", help="Pelican settings file (default: pelicanconf.py)")
    parser.add_argument("--max-grade", type=float, help="warn above this reading grade")
    parser.add_argument("-q", "--quiet", action="store_true", help="print errors and warnings only")
    args = parser.parse_args(argv)

    settings = read_project_settings(args.settings)
    if args.max_grade is not None:
        settings["READING_GRADE_WARN"] = args.max_grade
    root = Path(args.path or settings["PATH"])
    if not root.is_dir():
        print(f"{root}: no such content folder", file=sys.stderr)
        return 2
    problems = lint_tree(root, settings)
    for problem in problems:
        if not (args.quiet and problem.severity == INFO):
            print(problem)
    errors = sum(p.severity == ERROR for p in problems)
    warnings = sum(p.severity == WARNING for p in problems)
    print(f"{errors} error(s), {warnings} warning(s)", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
