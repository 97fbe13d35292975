"""Addresses: each post's and page's own (from Slug or Title) and those of its category, tags
and authors; two files for one address."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .document import ERROR, WARNING, Document, Problem, label, slug_of
from .paths import (
    DEFAULT_PATTERNS,
    NAME_LIMIT,
    TAXONOMIES,
    drafts_published,
    file_names,
    reserved,
    save_patterns,
    slugify,
    too_long,
    unsafe_slug,
)


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
    if slug and not problems:
        problems += _reserved_problem(doc, slug, explicit, line, settings)
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


def written_by_the_site(slug: str, kind: str, settings: Mapping[str, Any]) -> str | None:
    """What already writes the address a post (or a page, `kind`) with `slug` would have,
    or None: also None when posts live under a folder of their own (their save-as pattern
    does not start with {slug})."""
    key = "PAGE_SAVE_AS" if kind == "page" else "ARTICLE_SAVE_AS"
    if not all(p.startswith("{slug}") for p in save_patterns(settings, [key])):
        return None
    return reserved(slug.split("/")[0], settings)


def _reserved_problem(
    doc: Document, slug: str, explicit: bool, line: int, settings: Mapping[str, Any]
) -> list[Problem]:
    """The page's address is one the site writes itself (an archive, a feed folder, the
    search bundle...): the build would stop on it or overwrite one with the other."""
    source = written_by_the_site(slug, doc.kind, settings)
    if source is None:
        return []
    if explicit:
        what, fix = f"Slug '{slug}' is", "give the post another Slug"
    else:
        what = f"the Title '{doc.meta['title']}' makes the address '{slug}', which is"
        fix = "add a line 'Slug: another-address'"
    return [
        Problem(
            doc.display,
            line,
            ERROR,
            f"{what} an address the site itself writes ({source}): one page would replace "
            f"the other or stop the build; {fix}",
        )
    ]


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
