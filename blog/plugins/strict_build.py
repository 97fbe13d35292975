"""Strict build: fail with one clear "path: problem" list instead of dropping a bad post.

Pelican logs a bad post ("Could not process ./x.md", "Skipping x.md: could not find
information about 'title'"), leaves it out and exits 0; `--fatal` stops at the first record
with a bare traceback. This plugin keeps the build going and explains everything at once.

Signals:

* ``initialized``: attach a logging handler that records every warning and error of this
  build (with the exception Pelican only logs at DEBUG), translated into ``path: problem``.
* ``article_generator_pretaxonomy`` and ``page_generator_finalized``: two posts with the same
  output path would make Pelican's writer crash mid-build; keep the first, drop the others
  with a warning naming both files.
* ``all_generators_finalized``: everything has been read, nothing written yet. Run the
  content linter's error checks (blog/linter.py), which give file and line for what
  Pelican reports without a file (a broken ``{filename}`` link, a duplicate slug). With
  ``STRICT = True`` (publishconf.py) any problem stops the build here, before a single page is
  written; otherwise (local builds) each is logged as a warning and the build goes on.
* ``finalized``: in a strict build, fail on anything logged while writing.

What a strict build rejects comes from three places, in this order:

1. the linter's errors (``path:line: problem``), for every post and page;
2. every warning or error logged while reading, by Pelican or a plugin: Pelican's own messages
   about content are translated by the table :data:`TRANSLATIONS`, others keep their words;
   a message about a file the linter already reported is not repeated;
3. every warning or error logged while writing.

A library warning known to be harmless can be allowed by name in ``STRICT_ALLOWED_WARNINGS``
(pelicanconf.py): (logger name, regular expression searched in the message) pairs.

The failure is a :class:`StrictBuildError`, a ``SystemExit`` whose code is the message: the
``pelican`` command prints it without a traceback and exits 1; callers in Python can catch it.
"""

from __future__ import annotations

import logging
import os
import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pelican import signals

from .. import linter
from . import BuildState

logger = logging.getLogger(__name__)


class StrictBuildError(SystemExit):
    """The strict build found problems; ``str()`` and ``.code`` hold the whole message."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        count = len(problems)
        noun = "problem" if count == 1 else "problems"
        lines = "\n".join(f"  {problem}" for problem in problems)
        super().__init__(f"Strict build failed: {count} {noun}. Fix and build again:\n{lines}")

    def __str__(self) -> str:
        return str(self.code)


def explain_exception(error: BaseException | None) -> str:
    """Pelican's reader exceptions, as sentences an author can act on."""
    if isinstance(error, UnicodeDecodeError):
        return (
            f"the file is not UTF-8 text (byte 0x{error.object[error.start]:02X} at offset "
            f"{error.start}); save it with UTF-8 encoding"
        )
    if isinstance(error, ValueError) and "is not a valid date" in str(error):
        return f"Date {error} (write it as YYYY-MM-DD or YYYY-MM-DD HH:MM)"
    if error is None:
        return "could not be read"
    return f"could not be read: {type(error).__name__}: {error}"


def _source(collector: Collector, args: tuple[Any, ...]) -> str:
    """A path Pelican logs relative to the content folder ('./x.md'), made whole."""
    return os.path.normpath(os.path.join(collector.content_path, str(args[0])))


def _missing_field(_collector: Collector, args: tuple[Any, ...]) -> str:
    path = Path(str(args[0]))
    if path.is_file() and not path.read_bytes().strip():
        return "the file is empty"
    return f"missing {str(args[1]).title()} in the front matter"


@dataclass(frozen=True)
class Translation:
    """How one of Pelican's log messages reads in the strict build's list.

    `starts` is the start of the record's format string (Pelican's own words, unformatted);
    `kind` says what it is about, so a problem the linter already located is not listed twice
    ("read": this file could not be read; "consequence": what follows from that; "link": a
    ``{filename}`` target; "duplicate": two files for one address). `path` gives the file the
    message is about (None: the message names none), `text` the sentence shown (None: the
    message's own words, on one line)."""

    starts: str
    kind: str
    path: Callable[[Collector, tuple[Any, ...]], str | None]
    text: Callable[[Collector, tuple[Any, ...]], str] | None


def _no_path(_collector: Collector, _args: tuple[Any, ...]) -> None:
    return None


def _first_arg(_collector: Collector, args: tuple[Any, ...]) -> str:
    return str(args[0])


#: Pelican's messages about content, and this plugin's own, in the strict build's words.
#: Anything else logged at WARNING or above is listed with its own text.
TRANSLATIONS = (
    # Pelican logs the reason only at DEBUG; the handler runs inside Pelican's `except` block.
    Translation(
        "Could not process %s", "read", _source, lambda _c, _a: explain_exception(sys.exc_info()[1])
    ),
    Translation(
        "Skipping %s: could not find information about", "read", _first_arg, _missing_field
    ),
    Translation(
        "Skipping %s: file %r would be written outside",
        "consequence",
        _first_arg,
        lambda _c, _a: "has no title or slug, so no page for it",
    ),
    Translation(
        "Unable to find",  # "Unable to find %s" and "Unable to find '%s'", by Pelican version
        "link",
        _no_path,
        lambda _c, a: f"a {{filename}} link points to '{a[0]}', which does not exist",
    ),
    Translation(
        "%s: left out: its output",  # dedupe_articles/dedupe_pages below
        "duplicate",
        lambda _c, a: str(Path(str(a[0])).resolve()),
        None,
    ),
    Translation(
        "There are %s",  # Pelican: several items with one slug and language
        "duplicate",
        _no_path,
        None,
    ),
)


def allowed(record: logging.LogRecord, settings: Mapping[str, Any]) -> bool:
    """True for a warning the settings name as harmless (``STRICT_ALLOWED_WARNINGS``): a list
    of (logger name, regular expression searched in the message)."""
    for name, pattern in settings.get("STRICT_ALLOWED_WARNINGS") or ():
        from_logger = record.name == name or record.name.startswith(f"{name}.")
        if from_logger and re.search(pattern, record.getMessage()):
            return True
    return False


class Collector(logging.Handler):
    """Records this build's warnings and errors as (source path or None, kind, text)."""

    def __init__(self, content_path: str, settings: Mapping[str, Any] | None = None) -> None:
        super().__init__(level=logging.WARNING)
        self.content_path = content_path
        self.settings: Mapping[str, Any] = settings or {}
        self.records: list[tuple[str | None, str, str]] = []
        self.checked = 0  # records already turned into a failure (or not) by a check

    def emit(self, record: logging.LogRecord) -> None:
        try:
            if not allowed(record, self.settings):
                self.records.append(self.describe(record))
        except Exception:  # never let reporting break the build
            self.records.append((None, "other", record.getMessage()))

    def describe(self, record: logging.LogRecord) -> tuple[str | None, str, str]:
        msg, args = str(record.msg), record.args or ()
        for translation in TRANSLATIONS:
            if msg.startswith(translation.starts):
                if translation.text is None:
                    text = record.getMessage().replace("\n", " ")
                else:
                    text = translation.text(self, args)
                return translation.path(self, args), translation.kind, text
        return None, "other", record.getMessage()


class StrictState(BuildState):
    """This build's collector of log records, attached to the root logger while it runs."""

    collector: Collector | None = None

    def reset(self) -> None:
        if self.collector is not None:
            logging.getLogger().removeHandler(self.collector)
        self.collector = None


state = StrictState(__name__)


def _display(path: str) -> str:
    return linter.display_path(path)


def forget_logged_messages() -> None:
    """Pelican hides a warning it has logged before in this process; make that per build."""
    from pelican.log import LimitFilter

    LimitFilter._raised_messages.clear()
    LimitFilter._group_count.clear()


def start(pelican: Any) -> None:
    forget_logged_messages()
    if state.begin(pelican):
        state.collector = Collector(pelican.settings["PATH"], pelican.settings)
        logging.getLogger().addHandler(state.collector)


def _strict(settings: dict[str, Any]) -> bool:
    return bool(settings.get("STRICT", False))


def _drop_duplicates(items: list[Any], claimed: dict[str, Any]) -> None:
    """Remove, in place, every item whose output path an earlier item already claimed."""
    for item in sorted(items, key=lambda item: item.source_path):
        save_as = getattr(item, "save_as", "")
        if not save_as:
            continue
        if save_as in claimed:
            first = claimed[save_as]
            logger.warning(
                "%s: left out: its output %s is already used by %s (same slug)",
                _display(item.source_path),
                save_as,
                _display(first.source_path),
            )
            items.remove(item)
        else:
            claimed[save_as] = item


def dedupe_articles(generator: Any) -> None:
    claimed: dict[str, Any] = {}
    generator.context["strict_build_claimed"] = claimed
    for name in ("articles", "hidden_articles", "drafts"):
        _drop_duplicates(getattr(generator, name), claimed)


def dedupe_pages(generator: Any) -> None:
    claimed = generator.context.get("strict_build_claimed", {})
    for name in ("pages", "hidden_pages", "draft_pages"):
        _drop_duplicates(getattr(generator, name), claimed)


def _problems(settings: dict[str, Any]) -> list[str]:
    """Linter errors first (file:line), then what Pelican said about other files or nothing."""
    lint = [
        p
        for p in linter.lint_tree(settings["PATH"], settings, grades=False)
        if p.severity == linter.ERROR
    ]
    flagged = {str(Path(p.path).resolve()) for p in lint}
    # Pelican's file-less messages about what the linter already located.
    kinds = {"link"} if any("points to" in p.message for p in lint) else set()
    kinds |= {"duplicate"} if any("duplicate slug" in p.message for p in lint) else set()
    lines = [p.format() for p in lint]
    collector = state.collector
    assert collector is not None
    reported: set[str] = set()
    for path, kind, text in collector.records[collector.checked :]:
        resolved = str(Path(path).resolve()) if path else None
        if resolved in flagged:
            continue  # the linter already said it, with a line number
        if path is None and kind in kinds:
            continue
        if kind == "consequence" and resolved in reported:
            continue  # "no page for it" follows from the problem already listed
        if resolved:
            reported.add(resolved)
        line = f"{_display(path)}: {text}" if path else text
        if line not in lines:
            lines.append(line)
    collector.checked = len(collector.records)
    return lines


def check_content(generators: list[Any]) -> None:
    settings = generators[0].settings
    if state.collector is None or not state.active(settings):
        return
    if _strict(settings):
        problems = _problems(settings)
        if problems:
            state.reset()
            raise StrictBuildError(problems)
        return
    for problem in linter.lint_tree(settings["PATH"], settings, grades=False):
        if problem.severity == linter.ERROR:
            logger.warning("%s", problem.format())


def check_output(pelican: Any) -> None:
    collector = state.collector
    if collector is None or not state.active(pelican.settings):
        return
    records = collector.records[collector.checked :]
    state.reset()
    if _strict(pelican.settings) and records:
        lines = [f"{_display(path)}: {text}" if path else text for path, _kind, text in records]
        raise StrictBuildError(lines)


def register() -> None:
    signals.initialized.connect(start)
    signals.article_generator_pretaxonomy.connect(dedupe_articles)
    signals.page_generator_finalized.connect(dedupe_pages)
    signals.all_generators_finalized.connect(check_content)
    signals.finalized.connect(check_output)
