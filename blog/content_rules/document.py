"""The document: one source file read once per build, split into front matter (with the line
of each key) and body, and what the body renders to. :func:`load` keeps what it read until
:func:`forget_documents` (called when a lint starts, so once per build): the linter, the strict
build and the link check (blog/plugins/site_paths.py) share one parse of each file."""

from __future__ import annotations

import dataclasses
import hashlib
import html
import os
import re
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .paths import display_path, drafts_published, slugify

ERROR, WARNING, INFO = "error", "warning", "info"
DEFAULTS: dict[str, Any] = {"LINT_SUMMARY_MAX_CHARS": 160, "READING_GRADE_WARN": 9.0}

# Python-Markdown's meta extension syntax, which Pelican's Markdown reader uses.
_META = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")
_META_MORE = re.compile(r"^[ ]{4,}(?P<value>.*)")
_FENCE = re.compile(r"^[ ]{0,3}(?P<fence>`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(?<!`)(?P<ticks>`+)(?!`).+?(?<!`)(?P=ticks)(?!`)")
_COMMENT = re.compile(r"<!--.*?(-->|$)")
_HREF_ATTR = re.compile(r"""\b(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
_MD_LINK = re.compile(r"\]\(\s*<?(?P<url>[^)\s>]+)")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)
_REF_DEFINITION = re.compile(r"^[ ]{0,3}\[[^\]]+\]:\s*<?(?P<url>[^\s>]+)")


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
    continued: dict[int, str] = dataclasses.field(default_factory=dict)  # see FrontMatter
    stopped: bool = False  # see FrontMatter
    digest: str = ""  # of the file's bytes as read: what its kept findings are keyed by
    #: What rules worked out from this file in this build (its rendered elements), kept so
    #: that no rule works it out twice.
    cache: dict[str, Any] = dataclasses.field(default_factory=dict, repr=False, compare=False)

    @property
    def body(self) -> str:
        return "\n".join(self.lines[self.body_start :])

    @property
    def is_draft(self) -> bool:
        return self.meta.get("status", "").strip().lower() == "draft"


def split_lines(text: str) -> list[str]:
    """Lines as Markdown and an editor count them: only CR, LF and CRLF end a line (not the
    vertical tab, form feed or U+2028 that ``str.splitlines`` also splits on)."""
    lines = re.split(r"\r\n|\r|\n", text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def parse_front_matter(lines: list[str]) -> tuple[dict[str, str], dict[str, int], int]:
    """Return (metadata, line number of each key, index where the body starts)."""
    front = read_front_matter(lines)
    return front.meta, front.where, front.body_start


@dataclass
class FrontMatter:
    """The front matter as Pelican's Markdown reader (the meta extension) reads it."""

    meta: dict[str, str]  # key (lower case) -> value; a repeated key keeps its first value
    where: dict[str, int]  # key -> its line
    body_start: int  # index of the body's first line
    repeats: dict[str, list[int]]  # key -> every line giving it
    continued: dict[int, str]  # line of an indented line -> the key whose value it continues
    stopped: bool  # ended by a line that is not a key (no blank line): that line is body text


def read_front_matter(lines: list[str]) -> FrontMatter:
    """Read the front matter as Python-Markdown's meta extension does: ``Key: value`` lines,
    indented lines continuing a value, up to a blank line (or ``---``/``...``) or the first
    line that is neither, which starts the body."""
    front = FrontMatter({}, {}, 0, {}, {}, False)
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
            front.repeats.setdefault(key, []).append(index + 1)
            first = key not in front.meta
            if first:
                front.meta[key] = match["value"].strip()
                front.where[key] = index + 1
        elif key and _META_MORE.match(line):
            front.continued[index + 1] = key
            if first:
                front.meta[key] = f"{front.meta[key]} {line.strip()}".strip()
        else:
            front.stopped = True
            break
        index += 1
    front.body_start = index
    return front


def label(field: str) -> str:
    """A front matter key as the author writes it: 'last_reviewed' -> 'Last_reviewed'."""
    return field[:1].upper() + field[1:]


def setting(settings: Mapping[str, Any], name: str) -> Any:
    return settings.get(name, DEFAULTS.get(name))


#: What :func:`load` read in this build, by (file, content folder): the linter, the strict build
#: and the link check ask for the same files. Emptied by :func:`forget_documents`.
_documents: dict[tuple[str, str], tuple[Document | None, tuple[Problem, ...]]] = {}


#: What the link check needs of each file once :func:`release_texts` let go of its text.
_links: dict[tuple[str, str], Links | None] = {}


@dataclass(frozen=True)
class Links:
    """A file's links to this site, as :func:`site_links` gives them, and its name as shown."""

    display: str
    links: tuple[tuple[int, str], ...]


def forget_documents() -> None:
    """Forget every file read so far: called when a lint starts, so each build reads each
    file anew (files change between builds) and once."""
    _documents.clear()
    _links.clear()


def release_texts() -> None:
    """Keep each read file's site links and let go of its text (called by the strict build
    when its lint is done): the link check needs only the links, after every page is
    written, and holding 5,000 posts' lines until then cost a production build about 40 MiB
    of its peak memory (benchmarks/report.md)."""
    for key, (doc, _problems) in _documents.items():
        _links[key] = _links_in(doc)
    _documents.clear()


def links_of(path: Path, root: Path) -> Links | None:
    """The links to this site of the post or page at `path` (None: empty or not UTF-8), kept
    by :func:`release_texts` or read now."""
    key = (os.path.abspath(path), os.path.abspath(root))
    if key in _links:
        return _links[key]
    return _links_in(load(path, "article", root)[0])


def _links_in(doc: Document | None) -> Links | None:
    if doc is None or not doc.readable:
        return None
    return Links(doc.display, tuple(site_links(doc)))


def load(path: Path, kind: str, root: Path) -> tuple[Document | None, list[Problem]]:
    """Read one file (once per build, see :data:`_documents`); an empty or non-UTF-8 file is a
    problem, not a crash. A file that is not UTF-8 still gives a Document (read with
    replacement characters, ``readable`` False), so its Status is known; no other check reads
    it."""
    key = (os.path.abspath(path), os.path.abspath(root))
    if key not in _documents:
        doc, problems = _read(Path(key[0]), kind, Path(key[1]))
        _documents[key] = doc, tuple(problems)
    doc, problems = _documents[key]
    if doc is not None and doc.kind != kind:
        doc = dataclasses.replace(doc, kind=kind)
    return doc, list(problems)


def _read(path: Path, kind: str, root: Path) -> tuple[Document | None, list[Problem]]:
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
    front = read_front_matter(lines)
    doc = Document(
        path,
        shown,
        kind,
        front.meta,
        front.where,
        lines,
        front.body_start,
        root,
        front.repeats,
        readable,
        front.continued,
        front.stopped,
        digest=hashlib.blake2b(data, digest_size=20).hexdigest(),
    )
    return doc, problems


_converters = threading.local()


def render(markdown_text: str) -> str:
    """Markdown to HTML with one reused converter per thread (building one costs more than
    converting; the live preview lints from its server thread and its background build)."""
    converter = getattr(_converters, "markdown", None)
    if converter is None:
        import markdown

        converter = _converters.markdown = markdown.Markdown()
    return converter.reset().convert(markdown_text)


def plain_text(markdown_text: str) -> str:
    """Markdown to plain text, for measuring a summary."""
    if not re.search(r"[*_`\[<&\\]", markdown_text):
        return markdown_text.strip()  # nothing to render
    return html.unescape(re.sub(r"<[^>]+>", "", render(markdown_text))).strip()


def attribute(pattern: re.Pattern[str], tag: str) -> str | None:
    match = pattern.search(tag)
    if not match:
        return None
    return next(group for group in match.groups() if group is not None)


_LIST_ITEM = re.compile(r"^[ ]{0,3}(?:[-*+]|\d+[.)]|\[\^[^\]]+\]:)(?:[ \t]|$)")


def body_lines(doc: Document) -> Iterable[tuple[int, str]]:
    """(line number, text) of each body line Markdown renders as text, with inline code and
    HTML comments blanked out (kept as spaces, so columns stay); fenced code and indented
    code blocks (4 spaces or a tab after a blank line, outside a list or footnote) are
    skipped. What is left may still render as text (escaped brackets): rendered.confirm
    settles that."""
    fence = None
    in_comment = False
    blank_before, in_list, in_code = True, False, False
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
        if not line.strip():
            blank_before = True
            continue
        indented = line.startswith(("    ", "\t"))
        if indented and not in_comment and (in_code or (blank_before and not in_list)):
            in_code, blank_before = True, False
            continue
        in_code, blank_before = False, False
        if _LIST_ITEM.match(line):
            in_list = True
        elif not indented:
            in_list = False
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
    for number, line in body_lines(doc):
        if "](" not in line and "<" not in line and "]:" not in line:
            continue  # no link on this line (most lines of prose): skip the patterns
        urls = [m["url"] for m in _MD_LINK.finditer(line)]
        urls += [
            attribute(_HREF_ATTR, m[0]) or "" for m in re.finditer(r"<[a-z][^>]*>", line, re.I)
        ]
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


def slug_of(doc: Document, settings: Mapping[str, Any]) -> str | None:
    if doc.meta.get("slug"):
        return doc.meta["slug"]
    if not doc.meta.get("title"):
        return None
    return slugify(html.escape(doc.meta["title"], quote=False), settings)


def future_date(value: str, settings: Mapping[str, Any]) -> str | None:
    """`value` (a Date) when it is later than now, as Pelican compares it; else None."""
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    from pelican.utils import get_date

    try:
        date = get_date(value.replace("_", " "))
        if date.tzinfo is None:
            date = date.replace(tzinfo=ZoneInfo(str(settings.get("TIMEZONE") or "UTC")))
    except (ValueError, OverflowError, KeyError):
        return None  # not a date: its own problem, reported on that file
    return value if date > datetime.now(UTC) else None


def unpublished_here(doc: Document, settings: Mapping[str, Any]) -> bool:
    """This build writes no page for the file: a draft, or a post dated in the future (which
    Pelican makes a draft when WITH_FUTURE_DATES is off), with settings that write no drafts.
    Its problems are information only: a draft never blocks production."""
    if drafts_published(settings, doc.kind):
        return False
    if doc.is_draft:
        return True
    future = doc.kind == "article" and not settings.get("WITH_FUTURE_DATES", True)
    return future and future_date(doc.meta.get("date", ""), settings) is not None
