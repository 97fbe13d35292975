"""The command line: `python -m blog.content_rules [FOLDER]` and `invoke check`."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from .document import ERROR, INFO, WARNING
from .lint import lint_tree


def read_project_settings(config: str | os.PathLike[str] | None) -> dict[str, Any]:
    """Pelican settings from a settings file (the project's pelicanconf.py by default)."""
    from pelican.settings import read_settings

    if config is None:
        config = Path(__file__).resolve().parents[2] / "pelicanconf.py"
    return dict(read_settings(str(config)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m blog.content_rules",
        description="Check the Markdown in a Pelican content folder.",
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
