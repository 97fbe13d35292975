"""Strict build: fail with one clear "path: problem" list instead of dropping a bad post.

Pelican logs a bad post ("Could not process ./x.md", "Skipping x.md: could not find
information about 'title'"), leaves it out and exits 0; `--fatal` stops at the first record
with a bare traceback. This plugin keeps the build going and explains everything at once.

Signals:

* ``initialized``: run the content rules (blog/content_rules/) over the content folder, before
  Pelican reads it (each file's findings are kept in ``content-rules.json`` in the build's
  keyed cache folder, and reused while nothing they read has changed:
  blog/content_rules/cached.py); attach a logging handler that records every warning and
  error of this build (with the exception Pelican only logs at DEBUG), translated into
  ``path: problem``;
  and a filter on the console that keeps Pelican from repeating, in its own words, a problem
  the linter has located (each problem is said once). A local build prints the linter's
  problems here, as warnings, and goes on.
* ``all_generators_finalized``: everything has been read, nothing written yet. With
  ``STRICT = True`` (publishconf.py) any problem so far stops the build here, before a single
  page is written.
* ``deploy`` (pelican-granular-signals, the last phase of a build, blog/plugins/phases.py):
  in a strict build, fail on anything logged while writing, by Pelican or any plugin in any
  earlier phase (the search index, the link check, the compressed copies).

What a strict build rejects comes from three places, in this order:

1. the linter's errors (``path:line: problem``), for every post and page;
2. every warning or error logged while reading, by Pelican or a plugin: Pelican's own messages
   about content are translated by the table :data:`TRANSLATIONS`, others keep their words;
   a message about a file, a link target or a folder the linter already reported is not
   repeated, nor one about a draft when drafts are not published;
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
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pelican import signals

from .. import content_rules as rules
from . import BuildState, phases
from .cache_key import keyed_cache_path

logger = logging.getLogger(__name__)

LINT_CACHE = "content-rules.json"  # each file's findings, in this build's keyed cache folder


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


Args = tuple[Any, ...]


def _source(content_path: str, args: Args) -> list[str]:
    """A path Pelican logs relative to the content folder ('./x.md'), made whole."""
    return [os.path.normpath(os.path.join(content_path, str(args[0])))]


def _arg(index: int) -> Callable[[str, Args], list[str]]:
    """The path Pelican gives as its `index`-th argument."""
    return lambda _content, args: [str(args[index])]


def _shown_arg(_content: str, args: Args) -> list[str]:
    """A path this project logged as it is shown (relative to the current folder)."""
    return [os.path.abspath(str(args[0]))]


def _absolute_args(_content: str, args: Args) -> list[str]:
    """Every argument that is a whole path: Pelican lists the files of a clash at the end."""
    return [str(a) for a in args if isinstance(a, str) and os.path.isabs(a)]


def _no_path(_content: str, _args: Args) -> list[str]:
    return []


def _missing_field(_content: str, args: Args) -> str:
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
    link's target; "duplicate": two files for one address). `paths` gives the files the
    message is about (none: it names none), `text` the sentence shown (None: the message's
    own words, on one line)."""

    starts: str
    kind: str
    paths: Callable[[str, Args], list[str]]
    text: Callable[[str, Args], str] | None


#: Pelican's messages about content, and this project's own, in the strict build's words.
#: Anything else logged at WARNING or above is listed with its own text.
TRANSLATIONS = (
    # Pelican logs the reason only at DEBUG; the handler runs inside Pelican's `except` block.
    Translation(
        "Could not process %s", "read", _source, lambda _c, _a: explain_exception(sys.exc_info()[1])
    ),
    Translation("Skipping %s: could not find information about", "read", _arg(0), _missing_field),
    Translation(
        "Skipping %s: file %r would be written outside",
        "consequence",
        _arg(0),
        lambda _c, _a: "has no title or slug, so no page for it",
    ),
    Translation("Unknown status %r for file %s", "read", _arg(1), None),
    Translation("Unknown status '%s' for file %s", "read", _arg(1), None),
    Translation("Duplicate definition of `%s` for %s", "read", _arg(1), None),
    Translation(
        "Unable to find",  # "Unable to find %s" and "Unable to find '%s'", by Pelican version
        "link",
        _no_path,
        lambda _c, a: f"a {{filename}} link points to '{a[0]}', which does not exist",
    ),
    Translation("Cannot get modification stamp for %s", "link", _arg(0), None),
    # The linter names the line of a file {attach}ed twice; Pelican names only the files.
    Translation(
        "The {attach} link in %s cannot relocate", "link", lambda c, a: _source(c, a[1:]), None
    ),
    # The linter names the line of an image without alt text; Pelican names only the file.
    Translation("Empty alt attribute for image %s in %s", "read", _arg(1), None),
    # blog/plugins/site_paths.py: a post, page or file left out (same address, outside the
    # content or output folder, a name too long).
    Translation("%s: left out: ", "consequence", _shown_arg, None),
    # Pelican: several items with one slug and language (the files are the last arguments).
    Translation("There are %s", "duplicate", _absolute_args, None),
    Translation("All items", "duplicate", _absolute_args, None),
)


def spurious(record: logging.LogRecord) -> bool:
    """Pelican's warning about a file that does not exist because Pelican itself made up its
    name: it reads every "%20" of a {static} link as a space, so for a file really named
    ``calm%20lake.png`` (which it publishes) it also looks for ``calm lake.png``."""
    if not str(record.msg).startswith("Cannot get modification stamp for %s"):
        return False
    args = record.args if isinstance(record.args, tuple) else ()
    name = str(args[0]) if args else ""
    return not os.path.exists(name) and os.path.isfile(name.replace(" ", "%20"))


def allowed(record: logging.LogRecord, settings: Mapping[str, Any]) -> bool:
    """True for a warning the settings name as harmless (``STRICT_ALLOWED_WARNINGS``): a list
    of (logger name, regular expression searched in the message)."""
    for name, pattern in settings.get("STRICT_ALLOWED_WARNINGS") or ():
        from_logger = record.name == name or record.name.startswith(f"{name}.")
        if from_logger and re.search(pattern, record.getMessage()):
            return True
    return False


def describe(record: logging.LogRecord, content_path: str) -> tuple[list[str], str, str]:
    """A log record as (files it is about, kind, text), through :data:`TRANSLATIONS`."""
    msg, args = str(record.msg), record.args or ()
    if isinstance(args, Mapping):
        args = ()
    for translation in TRANSLATIONS:
        if msg.startswith(translation.starts):
            if translation.text is None:
                text = " ".join(record.getMessage().split("\n"))
            else:
                text = translation.text(content_path, args)
            return translation.paths(content_path, args), translation.kind, text
    return [], "other", record.getMessage()


class Known:
    """What the linter said before Pelican read anything: Pelican's messages about the same
    files, link targets or folders are not repeated. With settings that do not publish drafts,
    nothing about a draft is a problem (a draft never blocks production)."""

    def __init__(
        self, docs: Iterable[rules.Document], problems: Iterable[rules.Problem], settings: Any
    ) -> None:
        problems = list(problems)
        self.files = {os.path.abspath(p.path) for p in problems if p.line}
        self.files |= {
            os.path.abspath(doc.path)
            for doc in docs
            if doc.is_draft and not rules.drafts_published(settings, doc.kind)
        }
        self.folders = {os.path.abspath(p.path) for p in problems if not p.line}
        self.targets = {p.about for p in problems if p.about}
        self.files |= {os.path.realpath(path) for path in self.files}
        self.targets |= {os.path.realpath(path) for path in self.targets}
        # Pelican's file-less messages about what the linter located.
        self.kinds = {"link"} if self.targets else set()
        self.kinds |= (
            {"duplicate"} if any("duplicate slug" in p.message for p in problems) else set()
        )

    def covers(self, paths: list[str], kind: str) -> bool:
        if not paths:
            return kind in self.kinds
        for path in paths:
            whole, real = os.path.abspath(path), os.path.realpath(path)
            if {whole, real} & (self.files | self.targets):
                return True
            if any(whole.startswith(folder + os.sep) or whole == folder for folder in self.folders):
                return True
        return False


class Collector(logging.Handler):
    """Records this build's warnings and errors as (files, kind, text); leaves out what the
    settings allow and what the linter already said (`known`)."""

    def __init__(
        self,
        content_path: str,
        settings: Mapping[str, Any] | None = None,
        known: Known | None = None,
    ) -> None:
        super().__init__(level=logging.WARNING)
        self.content_path = content_path
        self.settings: Mapping[str, Any] = settings or {}
        self.known = known
        self.records: list[tuple[list[str], str, str]] = []
        self.checked = 0  # records already turned into a failure (or not) by a check

    def keeps(self, record: logging.LogRecord) -> tuple[list[str], str, str] | None:
        """The record as the strict build lists it, or None when it says nothing new."""
        if record.levelno < logging.WARNING or allowed(record, self.settings) or spurious(record):
            return None
        if record.name == __name__:
            return None  # the linter's own lines, logged by a local build
        described = describe(record, self.content_path)
        if self.known is not None and self.known.covers(described[0], described[1]):
            return None
        return described

    def emit(self, record: logging.LogRecord) -> None:
        try:
            described = self.keeps(record)
        except Exception:  # never let reporting break the build
            described = ([], "other", record.getMessage())
        if described is not None:
            self.records.append(described)


class Quiet(logging.Filter):
    """On the console: drop what the strict build will list anyway (strict), or what the
    linter has already said with its line (local)."""

    def __init__(self, collector: Collector, strict: bool) -> None:
        super().__init__()
        self.collector, self.strict = collector, strict

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            if record.levelno < logging.WARNING or record.name == __name__:
                return True
            if spurious(record):
                return False
            if self.strict:  # all but allowed warnings are in the final list, or said already
                return allowed(record, self.collector.settings)
            paths, kind, _text = describe(record, self.collector.content_path)
            known = self.collector.known
            return known is None or not known.covers(paths, kind)
        except Exception:
            return True


class StrictState(BuildState):
    """This build's linter findings and log collector, attached while it runs."""

    collector: Collector | None = None
    quiet: Quiet | None = None
    lint: list[rules.Problem]

    def reset(self) -> None:
        root = logging.getLogger()
        if self.collector is not None:
            root.removeHandler(self.collector)
        if self.quiet is not None:
            for handler in root.handlers:
                handler.removeFilter(self.quiet)
        self.collector = None
        self.quiet = None
        self.lint = []


state = StrictState(__name__)


def forget_logged_messages() -> None:
    """Pelican hides a warning it has logged before in this process; make that per build."""
    from pelican.log import LimitFilter

    LimitFilter._raised_messages.clear()
    LimitFilter._group_count.clear()


def _strict(settings: Mapping[str, Any]) -> bool:
    return bool(settings.get("STRICT", False))


def start(pelican: Any) -> None:
    forget_logged_messages()
    if not state.begin(pelican):
        return
    settings = pelican.settings
    # In the keyed build folder like every cache: cache_key's receiver shares this phase, so
    # ask it for the folder (keyed now if it has not run yet), whatever the order of PLUGINS.
    cache = rules.LintCache(keyed_cache_path(pelican) / LINT_CACHE)
    docs, problems = rules.lint_documents(settings["PATH"], settings, grades=False, cache=cache)
    logger.debug("content rules: %d files' findings reused", cache.hits)
    state.lint = problems
    state.collector = Collector(settings["PATH"], settings, Known(docs, problems, settings))
    rules.release_texts()  # the lint is done; the link check keeps only the links
    state.quiet = Quiet(state.collector, _strict(settings))
    root = logging.getLogger()
    for handler in root.handlers:
        handler.addFilter(state.quiet)
    root.addHandler(state.collector)
    if not _strict(settings):
        for problem in problems:
            if problem.severity in (rules.ERROR, rules.WARNING):
                logger.warning("%s", problem.format())


def _line(paths: list[str], text: str) -> str:
    return f"{rules.display_path(paths[0])}: {text}" if len(paths) == 1 else text


def _problems() -> list[str]:
    """Linter errors first (file:line), then what Pelican said about other files or nothing."""
    lines = [p.format() for p in state.lint if p.severity == rules.ERROR]
    collector = state.collector
    assert collector is not None
    reported: set[str] = set()
    for paths, kind, text in collector.records[collector.checked :]:
        if kind == "consequence" and reported.intersection(paths):
            continue  # "no page for it" follows from the problem already listed
        reported.update(paths)
        line = _line(paths, text)
        if line not in lines:
            lines.append(line)
    collector.checked = len(collector.records)
    return lines


def check_content(generators: list[Any]) -> None:
    settings = generators[0].settings
    if state.collector is None or not state.active(settings) or not _strict(settings):
        return
    problems = _problems()
    if problems:
        state.reset()
        raise StrictBuildError(problems)


def check_output(pelican: Any) -> None:
    collector = state.collector
    if collector is None or not state.active(pelican.settings):
        return
    records = collector.records[collector.checked :]
    state.reset()
    if _strict(pelican.settings) and records:
        raise StrictBuildError([_line(paths, text) for paths, _kind, text in records])


def register() -> None:
    signals.initialized.connect(start)
    signals.all_generators_finalized.connect(check_content)
    phases.signal("deploy").connect(check_output)
