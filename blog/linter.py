"""Content linter: finds what is wrong in the Markdown under content/, with file and line.

Used three ways, all with the same checks:

* `invoke check` and `python -m blog.linter [PATH]`: prints one line per problem,
  ``path:line: severity: what is wrong``, plus each post's reading grade, and exits 1 on errors;
* the tests (tests/test_lint.py) and CI run it over content/;
* blog/plugins/strict_build.py calls :func:`lint_tree` so the strict build names the file for
  problems Pelican reports without one (a broken ``{filename}`` link, a duplicate slug);
* blog/devserver.py calls :func:`lint_file` on the one post that was saved.

:func:`lint_file` is the one place a file is checked: :func:`lint_tree` calls it for every file,
then adds what needs all files at once (duplicate slugs, reading grades). A new per-file rule is
a function ``check_x(doc, settings) -> list[Problem]`` added to :data:`FILE_CHECKS`.

Not a Pelican plugin: it has no ``register()`` and reads the files itself, because Pelican's
reader forgets line numbers and drops a bad post instead of explaining it.

Errors: missing or empty Title, Date, Category (posts) or Summary; an impossible date; an
unknown Status; a summary over ``LINT_SUMMARY_MAX_CHARS`` (160); an image without alt text; an
internal ``{filename}``/``{static}``/``{attach}`` link or image whose target does not exist;
two files with the same slug; an empty file; a file that is not UTF-8.
Warnings: a reading grade (Flesch-Kincaid, computed offline by pelican-statistics'
formulas) above ``READING_GRADE_WARN``. The grade is information: the words stay the author's.
"""

from __future__ import annotations

import argparse
import html
import os
import re
import sys
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
_FENCE = re.compile(r"^\s*(```|~~~)")
_MD_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\(\s*<?(?P<src>[^)\s>]+)")
_HTML_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ALT_ATTR = re.compile(r"""\balt\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_SRC_ATTR = re.compile(r"""\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_INTERNAL = re.compile(
    r"(?:\{(?P<kind>filename|static|attach)\}|\|(?P<kind2>filename|static|attach)\|)"
    r"(?P<target>[^)\s\"'>]+)"
)


@dataclass(frozen=True)
class Problem:
    """One finding; ``str()`` gives the ``path:line: severity: message`` line."""

    path: str
    line: int
    severity: str
    message: str

    def __str__(self) -> str:
        return self.format(severity=True)

    def format(self, severity: bool = False) -> str:
        """``path:line: message``, the form every build and the live preview show;
        with `severity`, ``path:line: severity: message`` (the `invoke check` listing)."""
        label = f"{self.severity}: " if severity else ""
        return f"{self.path}:{self.line}: {label}{self.message}"


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

    @property
    def body(self) -> str:
        return "\n".join(self.lines[self.body_start :])


def display_path(path: Path | str) -> str:
    """Path as the author sees it: relative to the current folder when inside it."""
    path = Path(path).resolve()
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def parse_front_matter(lines: list[str]) -> tuple[dict[str, str], dict[str, int], int]:
    """Return (metadata, line number of each key, index where the body starts)."""
    meta: dict[str, str] = {}
    where: dict[str, int] = {}
    index = 1 if lines and re.match(r"^-{3}\s*$", lines[0]) else 0
    key = None
    while index < len(lines):
        line = lines[index]
        if not line.strip() or re.match(r"^(-{3}|\.{3})\s*$", line):
            index += 1
            break
        match = _META.match(line)
        if match:
            key = match["key"].lower()
            meta[key] = match["value"].strip()
            where[key] = index + 1
        elif key and _META_MORE.match(line):
            meta[key] = f"{meta[key]} {line.strip()}".strip()
        else:
            break
        index += 1
    return meta, where, index


def _label(field: str) -> str:
    """A front matter key as the author writes it: 'last_reviewed' -> 'Last_reviewed'."""
    return field[:1].upper() + field[1:]


def _settings_value(settings: Mapping[str, Any], name: str) -> Any:
    return settings.get(name, DEFAULTS.get(name))


def _under(rel: Path, folders: Iterable[str]) -> bool:
    for folder in folders:
        if folder in ("", "."):
            return True
        if rel.parts[: len(Path(folder).parts)] == Path(folder).parts:
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


def content_files(root: Path, settings: Mapping[str, Any]) -> list[tuple[Path, str]]:
    """Every Markdown file Pelican would read, with its kind, in a stable order."""
    found = []
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.suffix.lower() not in MARKDOWN_EXTENSIONS:
            continue
        rel = path.relative_to(root)
        if any(part.startswith(".") for part in rel.parts):
            continue
        kind = kind_of(rel, settings)
        if kind:
            found.append((path, kind))
    return found


def load(path: Path, kind: str, root: Path) -> tuple[Document | None, list[Problem]]:
    """Read one file; an empty or non-UTF-8 file is a problem, not a crash."""
    shown = display_path(path)
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        byte = data[error.start]
        message = (
            f"the file is not UTF-8 text (byte 0x{byte:02X} at column {column}); "
            "save it with UTF-8 encoding"
        )
        return None, [Problem(shown, line, ERROR, message)]
    text = text.removeprefix("\ufeff")
    if not text.strip():
        message = "the file is empty; start it with Title, Date, Category and Summary lines"
        return None, [Problem(shown, 1, ERROR, message)]
    lines = text.splitlines()
    meta, where, body_start = parse_front_matter(lines)
    return Document(path, shown, kind, meta, where, lines, body_start, root), []


_markdown: Any = None


def _render(markdown_text: str) -> str:
    """Markdown to HTML with one reused converter (building one costs more than converting)."""
    global _markdown
    if _markdown is None:
        import markdown

        _markdown = markdown.Markdown()
    return _markdown.reset().convert(markdown_text)


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


def check_body(doc: Document, settings: Mapping[str, Any]) -> list[Problem]:
    """Images without alt text and internal links to files that do not exist."""
    root = doc.root
    problems = []
    in_fence = False
    for number, line in enumerate(doc.lines, start=1):
        if number > doc.body_start and _FENCE.match(line):
            in_fence = not in_fence
        if in_fence:
            continue
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
                problems.append(Problem(doc.display, number, ERROR, f"image {src} has no alt text"))
        for match in _INTERNAL.finditer(line):
            kind = match["kind"] or match["kind2"]
            target = unquote(match["target"].split("#")[0].split("?")[0])
            if not target:
                continue
            base = root if target.startswith("/") else doc.path.parent
            resolved = (base / target.lstrip("/")).resolve()
            if not resolved.is_file():
                problems.append(
                    Problem(
                        doc.display,
                        number,
                        ERROR,
                        f"{{{kind}}}{match['target']} points to {display_path(resolved)}, "
                        "which does not exist",
                    )
                )
    return problems


def slug_of(doc: Document, settings: Mapping[str, Any]) -> str | None:
    from pelican.settings import DEFAULT_CONFIG
    from pelican.utils import slugify

    if doc.meta.get("slug"):
        return doc.meta["slug"]
    if not doc.meta.get("title"):
        return None
    subs = settings.get("SLUG_REGEX_SUBSTITUTIONS", DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"])
    return slugify(html.escape(doc.meta["title"], quote=False), regex_subs=subs)


def check_slugs(docs: list[Document], settings: Mapping[str, Any]) -> list[Problem]:
    """Posts and pages share the URL space ({slug}/), so a slug may be used once per language."""
    seen: dict[tuple[str, str], Document] = {}
    problems = []
    for doc in docs:
        slug = slug_of(doc, settings)
        if not slug:
            continue
        key = (slug, doc.meta.get("lang", ""))
        if key in seen:
            first = seen[key]
            line = doc.meta_lines.get("slug", doc.meta_lines.get("title", 1))
            problems.append(
                Problem(
                    doc.display,
                    line,
                    ERROR,
                    f"duplicate slug '{slug}': {first.display} uses it too; "
                    "give one of them a different Slug",
                )
            )
        else:
            seen[key] = doc
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
    check_metadata,
    check_body,
)


def _lint_one(
    path: Path, kind: str, root: Path, settings: Mapping[str, Any]
) -> tuple[Document | None, list[Problem]]:
    doc, problems = load(path, kind, root)
    if doc is not None:
        for check in FILE_CHECKS:
            problems += check(doc, settings)
    return doc, problems


def lint_file(
    path: Path | str, settings: Mapping[str, Any], root: Path | str | None = None
) -> list[Problem]:
    """Every problem of one file on its own (no duplicate-slug check, no reading grade).

    `root` is the content folder (default: the settings' PATH); a file Pelican would not
    read as a post or page is checked as a post."""
    root = Path(root if root is not None else settings["PATH"]).resolve()
    path = Path(path).resolve()
    kind = kind_of(path.relative_to(root), settings) if path.is_relative_to(root) else None
    return _lint_one(path, kind or "article", root, settings)[1]


def lint_tree(
    root: Path | str,
    settings: Mapping[str, Any] | None = None,
    grades: bool = True,
) -> list[Problem]:
    """All problems in a content folder, in file order; reading grades only when `grades`."""
    settings = settings or {}
    root = Path(root).resolve()
    problems: list[Problem] = []
    docs: list[Document] = []
    for path, kind in content_files(root, settings):
        doc, found = _lint_one(path, kind, root, settings)
        problems += found
        if doc is not None:
            docs.append(doc)
    problems += check_slugs(docs, settings)
    if grades:
        limit = float(_settings_value(settings, "READING_GRADE_WARN"))
        for doc in docs:
            grade = reading_grade(doc)
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
    return problems


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
