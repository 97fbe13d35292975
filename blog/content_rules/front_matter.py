"""The front matter: every key understood exactly as Pelican will read it, or an error at its
line. Required fields, dates, Status, reviewers, the summary's length, repeated keys, and the
characters XML cannot carry."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .document import ERROR, Document, Problem, label, plain_text, setting
from .paths import XML_FORBIDDEN

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
