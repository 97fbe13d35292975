"""Links and images in a post's body: alt text, and ``{filename}``/``{static}``/``{attach}``
targets that exist, stay in the content folder and are published."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from .document import (
    ERROR,
    Document,
    Problem,
    attribute,
    body_lines,
    future_date,
    load,
    unpublished_here,
)
from .paths import display_path, drafts_published, inside, kind_of
from .rendered import confirm

MD_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\(\s*<?(?P<src>[^)\s>]+)")
HTML_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
ALT_ATTR = re.compile(r"""\balt\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
SRC_ATTR = re.compile(r"""\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
INTERNAL = re.compile(
    r"(?P<open><)?(?:\{(?P<kind>filename|static|attach)\}|\|(?P<kind2>filename|static|attach)\|)"
    # in <...> a target may have spaces ([x](<{static}a b.png>)); elsewhere it ends at one
    r"(?P<target>(?(open)[^>\n]+|[^)\s\"'>]+))"
)


def check_body(doc: Document, settings: Mapping[str, Any]) -> list[Problem]:
    """Images without alt text and internal links to files that do not exist, are outside the
    content folder or are not published. Found in the source (for the line), kept only when
    the rendered body really has that image or link (rendered.confirm)."""
    no_alt: list[tuple[int, str, str]] = []
    internal: list[tuple[int, str, str, str]] = []
    attached = doc.cache["attached"] = []  # for check_attached, across files
    for number, line in body_lines(doc):
        if "![" not in line and "<" not in line and "{" not in line and "|" not in line:
            continue  # no image and no {filename}-style link on this line: skip the patterns
        for match in MD_IMAGE.finditer(line):
            if not match["alt"].strip():
                no_alt.append((number, match["src"], "![what it shows](...)"))
        for tag in HTML_IMG.findall(line):
            alt = attribute(ALT_ATTR, tag)
            if alt is None or not alt.strip():
                no_alt.append((number, attribute(SRC_ATTR, tag) or "", 'alt="what it shows"'))
        for match in INTERNAL.finditer(line):
            kind = match["kind"] or match["kind2"]
            link = match[0].removeprefix("<")
            if (message := _target_problem(doc, kind, match["target"], settings)) is not None:
                internal.append((number, link, message, match["target"]))
            elif kind == "attach" and (path := target_path(doc, match["target"])) is not None:
                attached.append((number, link, path))
    problems = []
    confirmed = confirm(doc, settings, [(n, src) for n, src, _fix in no_alt], ("src",))
    for number, src, fix in no_alt:
        if (number, src) in confirmed:
            confirmed.remove((number, src))
            message = f"image {src or '?'} has no alt text; describe it: {fix}"
            problems.append(Problem(doc.display, number, ERROR, message))
    found = confirm(doc, settings, [(n, link) for n, link, *_ in internal], contains=True)
    for number, link, (message, about), _target in internal:
        if (number, link) in found:
            found.remove((number, link))
            problems.append(Problem(doc.display, number, ERROR, message, about=about))
    return problems


def target_path(doc: Document, target: str) -> Path | None:
    """The file a ``{filename}``/``{static}``/``{attach}`` target names, as Pelican looks for
    it: the path as written, then with %-escapes decoded (``calm%20lake.png``); None when it
    names nothing (only a fragment)."""
    path = target.split("#")[0].split("?")[0]
    if not path:
        return None
    base = doc.root if path.startswith("/") else doc.path.parent
    candidates = [Path(os.path.abspath(base / form.lstrip("/"))) for form in (path, unquote(path))]
    return next((c for c in candidates if c.is_file()), candidates[-1])


def _target_problem(
    doc: Document, kind: str, target: str, settings: Mapping[str, Any]
) -> tuple[str, str] | None:
    """Why a link's target cannot be published as the link expects, and the target's path."""
    joined = target_path(doc, target)
    if joined is None:
        return None
    link = f"{{{kind}}}{target}"
    root = doc.root
    if not inside(joined, root):
        message = (
            f"{link} points outside the content folder (to {joined}); "
            "only files in the content folder are published: copy the file in"
        )
    elif not joined.is_file():
        message = f"{link} points to {display_path(joined)}, which does not exist"
    elif kind != "filename" and (why := _unsafe_name(joined.name)):
        message = (
            f"{link} points to {display_path(joined)}, whose name {why}, so the link would "
            "be broken; rename the file with letters, digits and hyphens (calm-lake.png) "
            "and change the link"
        )
    elif kind == "filename" and (why := unpublished(joined, root, settings)):
        message = f"{link} points to {display_path(joined)}, {why}"
    else:
        return None
    return message, str(joined)


_BROKEN = (
    ": the link would be broken and show the draft's address; publish that post first, "
    "or remove the link"
)


def _unsafe_name(name: str) -> str | None:
    """Why a published file's name cannot be its address as it is, or None: Pelican writes
    the name into the page unescaped."""
    if re.search(r"%[0-9A-Fa-f]{2}", name):
        escape = unquote(name)
        return f"has a %-escape in it (browsers read it as one and ask for '{escape}')"
    if re.search(r"\s", name):
        return "has a space in it (a page's list of image sizes cannot carry one)"
    return None


def unpublished(path: Path, root: Path, settings: Mapping[str, Any]) -> str | None:
    """Why the post or page at `path` is not published by these settings (a draft when drafts
    are not written, a hidden post, a post dated in the future when WITH_FUTURE_DATES is
    off), or None when it is. Its front matter comes from this build's one reading of it."""
    kind = kind_of(path.relative_to(root), settings)
    if kind is None:
        return None
    try:
        target, _problems = load(path, kind, root)
    except OSError:
        return None  # its own problem, reported on that file
    if target is None:
        return None
    status = target.meta.get("status", "").strip().lower()
    if status == "draft" and not drafts_published(settings, kind):
        return f"a draft, which this build does not publish{_BROKEN}"
    if status == "hidden":
        return (
            "a hidden post, which the site lists nowhere: a link from a published page would "
            "make it public; delete its Status line to publish it, or remove the link"
        )
    if kind == "article" and not settings.get("WITH_FUTURE_DATES", True):
        when = future_date(target.meta.get("date", ""), settings)
        if when is not None:
            return f"dated {when}, in the future: this build keeps it as a draft{_BROKEN}"
    return None


def check_attached(docs: list[Document], settings: Mapping[str, Any]) -> list[Problem]:
    """One file ``{attach}``ed from two posts: Pelican moves it next to the first post and
    stops the build on the second, naming neither line. Read from what check_body found."""
    first: dict[Path, tuple[Document, int]] = {}
    problems = []
    for doc in docs:
        if unpublished_here(doc, settings):
            continue  # not in this build
        found = doc.cache.get("attached") or []
        real = confirm(doc, settings, [(line, link) for line, link, _path in found], contains=True)
        for line, link, path in found:
            if (line, link) not in real:
                continue
            real.remove((line, link))
            if path not in first:
                first[path] = (doc, line)
                continue
            other, other_line = first[path]
            if other is doc:
                continue  # the same post may show it twice
            problems.append(
                Problem(
                    doc.display,
                    line,
                    ERROR,
                    f"{link} is already attached to {other.display}:{other_line}; an "
                    "{attach}ed file moves next to one post only: link it with {static} "
                    "in both posts",
                    about=str(path),
                )
            )
    return problems
