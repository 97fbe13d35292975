"""Links and images in a post's body: alt text, and ``{filename}``/``{static}``/``{attach}``
targets that exist, stay in the content folder and are published."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from .document import ERROR, Document, Problem, attribute, body_lines, load
from .paths import display_path, drafts_published, inside, kind_of

MD_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\(\s*<?(?P<src>[^)\s>]+)")
HTML_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
ALT_ATTR = re.compile(r"""\balt\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
SRC_ATTR = re.compile(r"""\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
INTERNAL = re.compile(
    r"(?:\{(?P<kind>filename|static|attach)\}|\|(?P<kind2>filename|static|attach)\|)"
    r"(?P<target>[^)\s\"'>]+)"
)


def check_body(doc: Document, settings: Mapping[str, Any]) -> list[Problem]:
    """Images without alt text and internal links to files that do not exist or are outside
    the content folder."""
    root = doc.root
    problems = []
    for number, line in body_lines(doc):
        if "![" not in line and "<" not in line and "{" not in line and "|" not in line:
            continue  # no image and no {filename}-style link on this line: skip the patterns
        for match in MD_IMAGE.finditer(line):
            if not match["alt"].strip():
                problems.append(
                    Problem(
                        doc.display,
                        number,
                        ERROR,
                        f"image {match['src']} has no alt text; describe it: ![what it shows](...)",
                    )
                )
        for tag in HTML_IMG.findall(line):
            alt = attribute(ALT_ATTR, tag)
            if alt is None or not alt.strip():
                src = attribute(SRC_ATTR, tag) or "?"
                problems.append(
                    Problem(
                        doc.display,
                        number,
                        ERROR,
                        f'image {src} has no alt text; describe it: alt="what it shows"',
                    )
                )
        for match in INTERNAL.finditer(line):
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
            elif kind == "filename" and unpublished_draft(joined, root, settings):
                message = (
                    f"{link} points to {display_path(joined)}, a draft, which this build does "
                    "not publish: the link would be broken and show the draft's address; "
                    "publish that post first, or remove the link"
                )
            else:
                continue
            problems.append(Problem(doc.display, number, ERROR, message, about=str(joined)))
    return problems


def unpublished_draft(path: Path, root: Path, settings: Mapping[str, Any]) -> bool:
    """`path` is a post or page with `Status: draft` and these settings write no drafts.
    The target's front matter comes from this build's one read of it (document.load)."""
    kind = kind_of(path.relative_to(root), settings)
    if kind is None or drafts_published(settings, kind):
        return False
    try:
        target, _problems = load(path, kind, root)
    except OSError:
        return False  # its own problem, reported on that file
    return target is not None and target.is_draft
