"""The checks of one file's front matter and addresses, and of all files together (two files
for one address, links out of the content folder). A new per-file rule is a function
``check_x(doc, settings) -> list[Problem]`` added to :data:`FILE_CHECKS`."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from .document import ERROR, WARNING, Document, Problem, label, plain_text, setting, slug_of
from .links import check_body
from .paths import (
    DEFAULT_PATTERNS,
    NAME_LIMIT,
    TAXONOMIES,
    XML_FORBIDDEN,
    display_path,
    drafts_published,
    file_names,
    inside,
    save_patterns,
    slugify,
    too_long,
    unsafe_slug,
)

ARTICLE_FIELDS = ("title", "date", "category", "summary")
PAGE_FIELDS = ("title", "summary")
STATUSES = ("published", "draft", "hidden")
#: Front matter Pelican (and blog/plugins/review_dates.py) parse as dates: empty is an error there.
DATE_FIELDS = ("date", "modified", "last_reviewed")


_CHARACTER_NAMES = {
    0x00: "NUL character",
    0x08: "backspace",
    0x0B: "vertical tab",
    0x0C: "form feed (page break)",
    0x1B: "escape character",
    0xFFFE: "non-character",
    0xFFFF: "non-character",
}


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
            problems.append(Problem(doc.display, 1, ERROR, f"missing {label(field)}"))
        elif not doc.meta[field]:
            line = doc.meta_lines[field]
            problems.append(Problem(doc.display, line, ERROR, f"{label(field)} is empty"))
    for field in DATE_FIELDS:
        value = doc.meta.get(field)
        if field in doc.meta and not value and field not in required:
            problems.append(
                Problem(
                    doc.display,
                    doc.meta_lines[field],
                    ERROR,
                    f"{label(field)} is empty; give a date or delete the line",
                )
            )
        if value and not _valid_date(value.replace("_", " ")):
            problems.append(
                Problem(
                    doc.display,
                    doc.meta_lines[field],
                    ERROR,
                    f"{label(field)} '{value}' is not a valid date; "
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
    limit = int(setting(settings, "LINT_SUMMARY_MAX_CHARS"))
    summary = doc.meta.get("summary")
    if summary:
        length = len(plain_text(summary))
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


def check_repeats(doc: Document, settings: Mapping[str, Any]) -> list[Problem]:
    """A front matter key given twice: Pelican keeps one (or, for Title, fails to read the
    file), so the other line is silently lost."""
    problems = []
    for key, lines in doc.repeats.items():
        if len(lines) > 1:
            where = ", ".join(map(str, lines[:-1])) + f" and {lines[-1]}"
            message = f"{label(key)} is given {len(lines)} times (lines {where}); keep one line"
            if key in ("tags", "authors"):
                message += f" (one {label(key)} line lists several, separated by commas)"
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
        sizes = [too_long(n) for p in save_patterns(settings, [key]) for n in file_names(p, slug)]
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
        shown = {"tags": "Tag", "authors": "Author"}.get(field_name, label(field_name))
        for value in (v.strip() for v in values):
            if not value:
                continue
            where = doc.meta_lines[field_name]
            value_slug = slugify(value, settings)
            if not value_slug:
                problems.append(
                    Problem(
                        doc.display,
                        where,
                        ERROR,
                        f"{shown} '{value}' makes no address (it has no letters or digits); "
                        "use words",
                    )
                )
                continue
            patterns = save_patterns(settings, pattern_names)
            sizes = [too_long(n) for p in patterns for n in file_names(p, value_slug)]
            if any(sizes):
                problems.append(
                    Problem(
                        doc.display,
                        where,
                        ERROR,
                        f"{shown} '{value[:40]}...' makes a file name of {max(sizes)} bytes, more "
                        f"than a file name can hold ({NAME_LIMIT} here); shorten it",
                    )
                )
    return problems


def _address(doc: Document, settings: Mapping[str, Any], published: bool) -> str | None:
    """Where the file's page goes: the save-as pattern with its slug; None without a slug."""
    slug = slug_of(doc, settings)
    if not slug:
        return None
    if doc.is_draft and not published:
        key = "DRAFT_PAGE_SAVE_AS" if doc.kind == "page" else "DRAFT_SAVE_AS"
    else:
        key = "PAGE_SAVE_AS" if doc.kind == "page" else "ARTICLE_SAVE_AS"
    pattern = str(settings.get(key) or DEFAULT_PATTERNS.get(key, "{slug}"))
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


#: The checks of one file, in order; each takes (document, settings) and returns its problems.
FILE_CHECKS: tuple[Callable[[Document, Mapping[str, Any]], list[Problem]], ...] = (
    check_repeats,
    check_metadata,
    check_characters,
    check_address,
    check_body,
)
