"""Every check in one place: :data:`FILE_CHECKS` for one file (a new rule is a function
``check_x(doc, settings) -> list[Problem]`` added there), and the checks that need the whole
content folder (links out of it)."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from .addresses import check_address
from .document import ERROR, Document, Problem
from .embeds import check_embeds
from .front_matter import (
    check_characters,
    check_keys,
    check_language,
    check_metadata,
    check_repeats,
)
from .links import check_body
from .paths import OTHER_READERS, display_path, inside, unread_files
from .rendered import check_nesting


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


def check_unread(root: Path, settings: Mapping[str, Any]) -> list[Problem]:
    """Files among the posts that look like posts and are never published: said once each,
    so that nothing the author wrote is left out quietly."""
    problems = []
    for path in unread_files(root, settings):
        if path.suffix.lower() in OTHER_READERS:
            why = f"{path.suffix} files are not read here: posts and pages are Markdown"
            fix = f"write it in Markdown as {path.stem}.md"
        else:
            why = f"the extension {path.suffix} is not read (Pelican matches it in lower case)"
            fix = f"rename it {path.stem}{path.suffix.lower()}"
        problems.append(Problem(display_path(path), 0, ERROR, f"is never published: {why}; {fix}"))
    return problems


#: The checks of one file, in order; each takes (document, settings) and returns its problems.
FILE_CHECKS: tuple[Callable[[Document, Mapping[str, Any]], list[Problem]], ...] = (
    check_repeats,
    check_keys,
    check_metadata,
    check_language,
    check_characters,
    check_address,
    check_nesting,
    check_body,
    check_embeds,
)
