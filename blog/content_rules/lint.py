"""Running the checks: one file (the live preview), or a whole content folder (`invoke check`,
the strict build), with the checks that need every file at once and the reading grades."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .addresses import check_slugs
from .cached import LintCache, file_key
from .checks import FILE_CHECKS, check_links_out, check_unread
from .document import (
    INFO,
    WARNING,
    Document,
    Problem,
    forget_documents,
    load,
    setting,
    unpublished_here,
)
from .grade import reading_grade
from .links import check_attached
from .paths import content_files, forget_folders, kind_of


def fresh() -> None:
    """Forget what the last lint learnt of the file system: files change between builds."""
    forget_folders()
    forget_documents()


def lint_one(
    path: Path, kind: str, root: Path, settings: Mapping[str, Any], cache: LintCache | None = None
) -> tuple[Document | None, list[Problem]]:
    doc, problems = load(path, kind, root)
    if doc is None:  # an empty file: its one problem is said
        return doc, problems
    key = file_key(doc) if cache is not None else ""
    kept = cache.get(key, doc) if cache is not None else None
    if kept is not None:
        problems = kept
    else:
        if doc.readable:
            for check in FILE_CHECKS:
                problems += check(doc, settings)
        if cache is not None:
            cache.put(key, doc, problems)
    if unpublished_here(doc, settings):
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
    fresh()
    root = Path(os.path.abspath(root if root is not None else settings["PATH"]))
    path = Path(os.path.abspath(path))
    kind = kind_of(path.relative_to(root), settings) if path.is_relative_to(root) else None
    return lint_one(path, kind or "article", root, settings)[1]


def lint_documents(
    root: Path | str,
    settings: Mapping[str, Any] | None = None,
    grades: bool = True,
    cache: LintCache | None = None,
) -> tuple[list[Document], list[Problem]]:
    """Every post and page of a content folder, and all their problems, in file order;
    reading grades only when `grades`. With a `cache`, each file's own findings are reused
    from the last lint while nothing they depend on changed (blog/content_rules/cached.py)."""
    settings = settings or {}
    root = Path(os.path.abspath(root))
    fresh()
    problems: list[Problem] = check_links_out(root) + check_unread(root, settings)
    docs: list[Document] = []
    if cache is not None:
        cache.open(root, settings)
    for path, kind in content_files(root, settings):
        doc, found = lint_one(path, kind, root, settings, cache)
        problems += found
        if doc is not None:
            docs.append(doc)
    if cache is not None:
        cache.save()
    readable = [doc for doc in docs if doc.readable]
    problems += check_slugs(readable, settings) + check_attached(readable, settings)
    if grades:
        limit = float(setting(settings, "READING_GRADE_WARN"))
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
