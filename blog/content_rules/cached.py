"""The last lint's findings for each file, reused while nothing a rule reads has changed.

The rules of one file (:data:`checks.FILE_CHECKS`) take most of a lint's time (each body is
rendered with the site's Markdown settings), and on a warm build almost no file changed. A
file's findings are reused when its key is the one recorded, and the key is, on purpose,
more than the file:

* the world every file shares (:func:`world_key`): the settings, the source of the blog's
  own package (these rules, and the plugins whose addresses they reserve), Python and every
  installed distribution (blog.plugins.cache_key.fingerprint); the content folder, the
  current folder (problems name files as shown from it); every entry under the content
  folder (name, kind, where a link leads: the targets a link may name); and, for every
  post and page, why this build does not publish it, worked out now (a draft, a hidden
  post, a date still in the future, which turns into the past without any file changing);
* the file's own path, kind and bytes (a file that cannot be read as a document, an empty
  one, is checked anew: it has no rules to skip).

Any change to the world makes every file's findings be worked out again; an edit of one post
only that post's. What is kept per file: its problems before a draft's are made information
(that depends on the file and the time: done again on every lint), and the ``{attach}``
links the whole-folder check reads from it. The record is one JSON file, written whole, with
the digest of its text first: a record cut short or edited is not used.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .document import Document, Problem
from .links import unpublished
from .paths import content_files

FORMAT = "1"


def world_key(root: Path, settings: Mapping[str, Any]) -> str:
    """What every file's findings may depend on besides the file (see the module's docstring)."""
    from ..plugins.cache_key import fingerprint

    digest = hashlib.blake2b(digest_size=20)
    parts = [FORMAT, fingerprint(dict(settings)), str(root), os.path.realpath(root), os.getcwd()]
    digest.update("\0".join(parts).encode())
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted([*dirs, *files]):
            path = os.path.join(folder, name)
            link = os.readlink(path) if os.path.islink(path) else ""
            kind = "d" if os.path.isdir(path) else "f" if os.path.isfile(path) else "?"
            digest.update(f"\0{os.path.relpath(path, root)}\0{kind}\0{link}".encode())
    for path, kind in content_files(root, settings):
        digest.update(f"\0{path}\0{kind}\0{unpublished(path, root, settings)}".encode())
    return digest.hexdigest()


def file_key(doc: Document) -> str:
    """A file's own part of the key: its path, kind and bytes (as :func:`document.load` read
    them: each file is read once per build)."""
    own = f"{doc.path}\0{doc.kind}\0{doc.display}\0{doc.root}\0{doc.digest}"
    return hashlib.blake2b(own.encode(), digest_size=20).hexdigest()


class LintCache:
    """The findings of one lint, by file key, read from and written to `path` (a JSON file);
    :attr:`hits` counts the files whose findings were reused this time."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.world = ""
        self.last: dict[str, Any] = {}
        self.now: dict[str, Any] = {}
        self.hits = 0

    def open(self, root: Path, settings: Mapping[str, Any]) -> None:
        """Start a lint of `root`: keep the last record only if its world is this one."""
        from ..plugins import digest

        self.world, self.now, self.hits = world_key(root, settings), {}, 0
        self.last = {}
        try:
            sealed, _, text = self.path.read_text(encoding="utf-8").partition("\n")
            if digest(text.encode()) != sealed:
                return  # cut short or edited: worked out again
            record = json.loads(text)
        except (OSError, ValueError):
            return
        if isinstance(record, dict) and record.get("world") == self.world:
            self.last = record.get("files") or {}

    def get(self, key: str, doc: Document) -> list[Problem] | None:
        """The file's problems as last time (its {attach} links restored on `doc`), or None."""
        entry = self.last.get(key)
        if entry is None:
            return None
        try:
            problems = [Problem(**fields) for fields in entry["problems"]]
            kept = entry["attached"]
            attached = None if kept is None else [(n, link, Path(p)) for n, link, p in kept]
        except (KeyError, TypeError, ValueError):
            return None
        if attached is not None:
            doc.cache["attached"] = attached
        self.now[key] = entry
        self.hits += 1
        return problems

    def put(self, key: str, doc: Document, problems: list[Problem]) -> None:
        found = doc.cache.get("attached")
        self.now[key] = {
            "problems": [dataclasses.asdict(p) for p in problems],
            "attached": None if found is None else [[n, s, str(p)] for n, s, p in found],
        }

    def save(self) -> None:
        """Keep this lint's findings (only this lint's: files gone leave the record)."""
        from ..plugins import digest, write_whole

        text = json.dumps({"world": self.world, "files": self.now}, sort_keys=True)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_whole(self.path, f"{digest(text.encode())}\n{text}".encode())
