"""The front matter: every key understood exactly as Pelican will read it, or an error at its
line. Required fields, dates, Status, reviewers, the summary's length, repeated keys, and the
characters XML cannot carry."""

from __future__ import annotations

import difflib
import re
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
    if "status" in doc.meta and not status:
        problems.append(
            Problem(
                doc.display,
                doc.meta_lines["status"],
                ERROR,
                f"Status is empty; write one of: {', '.join(STATUSES)}, or delete the line",
            )
        )
    if status and status not in STATUSES and INVISIBLE.sub("", status) not in STATUSES:
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


#: Keys Pelican or this site reads. Any other key is most likely a typo (``Staus: draft``
#: publishes a draft): a key the theme starts to read is added here.
KNOWN_KEYS = frozenset(
    {
        # Pelican's own
        "title",
        "date",
        "modified",
        "category",
        "tags",
        "keywords",
        "slug",
        "author",
        "authors",
        "summary",
        "status",
        "template",
        "save_as",
        "url",
        "lang",
        "translation",
        # this site's (theme/templates, blog/plugins)
        "reviewed_by",
        "last_reviewed",
        "content_warning",
        "menu",
    }
)
#: Keys whose text is shown as it is written: a no-break space there is typography.
_PROSE_KEYS = frozenset({"title", "summary", "content_warning"})
#: Characters that look like a space or like nothing: before a key they hide it from Pelican,
#: in a value that Pelican matches (Status, Slug, Category...) they make it another value.
INVISIBLE = re.compile("[\u00a0\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u2064\u3000\ufeff\t]")
_INVISIBLE_NAMES = {
    0x00A0: "no-break space",
    0x200B: "zero-width space",
    0x200C: "zero-width non-joiner",
    0x200D: "zero-width joiner",
    0x2060: "word joiner",
    0xFEFF: "byte order mark",
    0x09: "tab",
}
_KEY_LIKE = re.compile(r"^[ ]*(?P<key>[A-Za-z][A-Za-z0-9_ -]{0,30}?)[ ]*:(?:\s|$)")


def _invisible(char: str) -> str:
    name = _INVISIBLE_NAMES.get(ord(char), "invisible or space-like character")
    return f"{name} (U+{ord(char):04X})"


def _key_like(line: str) -> str | None:
    """The key a line would give if it had no invisible characters, or None."""
    match = _KEY_LIKE.match(INVISIBLE.sub("", line))
    return match["key"] if match else None


def check_keys(doc: Document, settings: Mapping[str, Any]) -> list[Problem]:
    """Front matter that Pelican would not read as the author meant: a key line hidden by an
    invisible character or a tab, a key with a space, a key line indented into the value
    above, a key after the blank line that ends the front matter, an unknown key, and an
    invisible character in a value Pelican matches."""
    problems = []

    def add(line: int, message: str) -> None:
        problems.append(Problem(doc.display, line, ERROR, message))

    start = doc.body_start
    if doc.stopped and start < len(doc.lines) and (key := _key_like(doc.lines[start])):
        line, text = start + 1, doc.lines[start]
        found = INVISIBLE.search(text)
        lost = "Pelican reads this line and all after it as the post's text, not front matter"
        if found is not None:
            add(
                line,
                f"'{key}:' has an invisible {_invisible(found[0])} at column "
                f"{found.start() + 1}, so {lost}: delete it",
            )
        elif " " in key.strip():
            fixed = key.strip().replace(" ", "_")
            add(line, f"the key '{key}' has a space, so {lost}: write it as {fixed}")
        else:
            add(line, f"'{key}:' is not a key Pelican can read, so {lost}; fix the key")
    elif doc.meta and start < len(doc.lines):
        key = _key_like(doc.lines[start])
        if key and key.lower().replace(" ", "_") in KNOWN_KEYS - {"title", "summary"}:
            add(
                start + 1,
                f"'{key}:' comes after the blank line that ends the front matter, so it is "
                "published as text; move it up, above the blank line",
            )
    for line, continued in doc.continued.items():
        key = _key_like(doc.lines[line - 1])
        if key and key.lower() in KNOWN_KEYS:
            add(
                line,
                f"'{key.strip()}:' is indented, so Pelican adds it to {label(continued)}'s value; "
                "if it is a key of its own, remove the spaces before it",
            )
    for key, value in doc.meta.items():
        line = doc.meta_lines[key]
        if key not in KNOWN_KEYS:
            close = difflib.get_close_matches(key, sorted(KNOWN_KEYS), n=1)
            hint = f" (did you mean {label(close[0])}?)" if close else ""
            add(
                line,
                f"unknown front matter key '{label(key)}'{hint}; this site reads "
                "Title, Date, Category, Tags, Summary, Slug, Status and the keys listed in "
                "blog/content_rules/front_matter.py: fix or delete the line",
            )
        elif key not in _PROSE_KEYS and (found := INVISIBLE.search(value)) is not None:
            add(
                line,
                f"{label(key)} has an invisible {_invisible(found[0])} in '{value.strip()}', so "
                "Pelican reads another value than the one you see: delete it",
            )
    return problems


def check_language(doc: Document, settings: Mapping[str, Any]) -> list[Problem]:
    """``Lang`` other than the site's language, and ``Translation``: the site is published in
    one language (the theme writes DEFAULT_LANG into every page and lists no translations),
    so a post in another language would be mislabelled and link to pages never written."""
    default = str(settings.get("DEFAULT_LANG") or "en")
    problems = []
    lang = doc.meta.get("lang")
    if lang is not None and lang != default:
        problems.append(
            Problem(
                doc.display,
                doc.meta_lines["lang"],
                ERROR,
                f"Lang '{lang}': this site is published in one language (DEFAULT_LANG "
                f"'{default}') and does not support translations; delete the line, or "
                "publish the text as a post of its own without a Lang line",
            )
        )
    if "translation" in doc.meta:
        problems.append(
            Problem(
                doc.display,
                doc.meta_lines["translation"],
                ERROR,
                "Translation: this site does not support translations; delete the line",
            )
        )
    return problems
