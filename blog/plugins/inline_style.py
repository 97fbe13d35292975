"""The theme's stylesheet, written into every page's `<head>` as one `<style>` element.

A linked stylesheet costs a second round trip before anything is painted: the browser can only
ask for it once the HTML's first bytes have arrived. Inline, every page renders from its one
HTML response. The production Content-Security-Policy allows exactly this element by the
sha256 of its text (``'sha256-...'`` in ``style-src``, added by blog/plugins/host_headers.py),
never by ``'unsafe-inline'``; any other inline style stays blocked.

Setting: ``INLINE_STYLESHEET``, the stylesheet's path in the theme's static folders
(``css/style.css``). Templates get ``INLINE_STYLE`` in their context (its text, marked safe:
CSS must not be HTML-escaped); policies get ``'sha256-<base64>'`` of that exact text (UTF-8,
as the browser hashes the element's text) from :func:`inline_style`.

Signals:

* ``initialized``: start a build.
* ``generator_init``: read the stylesheet once, drop its comments and indentation
  (deterministic: the same file always gives the same text and hash), refuse text the HTML
  parser would alter or end early (``</style``, NUL), and put the text in the template context
  before any page renders. host_headers.py asks for the same values through
  :func:`inline_style`; both get the one text read in this build.
* ``finalized``: delete Pelican's copy of the stylesheet from the output. Nothing needs the
  separate file: print and dark mode are ``@media`` rules inside it, the search page and the
  404 page carry it inline like every other page, and feeds use no CSS. A file nothing links
  would only be a second, unpinned copy of the style to keep in step.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path
from typing import Any

from markupsafe import Markup
from pelican import signals

from . import BuildValue, use_defaults

# One pass over the CSS: a quoted string is kept as it is (it may hold "/*" or spaces that
# matter); a run of whitespace and comments between tokens becomes one line break if it spans
# lines, else one space; comments with no whitespace become "/**/", which separates tokens as
# they did without being whitespace (`a/* x */.b` is `a.b`, never `a .b`).
_STRING = r""""(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'"""
_TOKENS = re.compile(rf"(?P<string>{_STRING})|(?P<gap>(?:\s|/\*.*?\*/)+)", re.DOTALL)
_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
# The HTML parser ends a <style> element at the first "</style" (any case), whatever CSS says.
_END_TAG = re.compile(r"</style", re.IGNORECASE)


class StylesheetError(SystemExit):
    """The stylesheet cannot be inlined as it is; the message names file, line and the fix.

    A ``SystemExit`` like the strict build's error: ``pelican`` prints it without a traceback,
    and the live preview reports it and keeps serving the last good pages."""


def compact(css: str) -> str:
    """`css` without comments, indentation and blank lines; strings untouched."""

    def replace(match: re.Match[str]) -> str:
        if match["string"]:
            return match["string"]
        space = _COMMENT.sub("", match["gap"])  # the whitespace outside the comments
        if not space:
            return "/**/"
        return "\n" if "\n" in space else " "

    return _TOKENS.sub(replace, css).strip()


def csp_source(text: str) -> str:
    """The CSP hash source for an inline element whose text is `text`."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def _source(settings: dict[str, Any]) -> Path:
    """The theme file behind INLINE_STYLESHEET, searched in THEME_STATIC_PATHS as Pelican does."""
    relative = settings["INLINE_STYLESHEET"]
    for folder in settings["THEME_STATIC_PATHS"]:
        candidate = Path(settings["THEME"]) / folder / relative
        if candidate.is_file():
            return candidate
    raise StylesheetError(f"INLINE_STYLESHEET: {relative} is not in the theme's static folders")


def _problem(path: Path, raw: str, index: int, what: str) -> StylesheetError:
    line = raw.count("\n", 0, index) + 1
    return StylesheetError(f"{path}:{line}: {what}")


def read_stylesheet(path: Path) -> str:
    """The text to put inside <style>, or a StylesheetError naming the line to fix."""
    try:
        raw = path.read_bytes().decode("utf-8-sig")  # a leading BOM is not part of the CSS
    except UnicodeDecodeError as error:
        raise StylesheetError(
            f"{path}: not UTF-8 text (byte offset {error.start}); save it with UTF-8 encoding"
        ) from None
    # The HTML parser turns CR LF and CR into LF, and NUL into U+FFFD, before the browser
    # hashes the element's text: the hash must be of the text after that.
    raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    if "\0" in raw:
        raise _problem(path, raw, raw.index("\0"), "a NUL character; delete it")
    text = compact(raw)
    if _END_TAG.search(text):
        found = _END_TAG.search(raw)
        raise _problem(
            path,
            raw,
            found.start() if found else 0,
            '"</style" would end the inline <style> element early; '
            'in a CSS string write it as "<\\/style"',
        )
    return text


DEFAULTS: dict[str, Any] = {"INLINE_STYLESHEET": "css/style.css"}


def _read(settings: dict[str, Any]) -> tuple[str, str]:
    text = read_stylesheet(_source(settings))
    return text, csp_source(text)


# This build's (text, hash source), read once, by whichever receiver asks first.
state = BuildValue(__name__, _read)


def inline_style(settings: dict[str, Any]) -> tuple[str, str] | None:
    """This build's (text, CSP hash source), read once per build; None when the build does
    not list this plugin or sets no INLINE_STYLESHEET."""
    if __name__ not in (settings.get("PLUGINS") or []) or not settings.get("INLINE_STYLESHEET"):
        return None
    return state.get(settings)


def start(pelican: Any) -> None:
    if state.begin(pelican):
        use_defaults(pelican.settings, DEFAULTS)


def publish(generator: Any) -> None:
    style = inline_style(generator.settings) if state.active(generator.settings) else None
    if style is not None:
        generator.context["INLINE_STYLE"] = Markup(style[0])  # checked: it cannot end <style>


def remove_copy(pelican: Any) -> None:
    settings = pelican.settings
    if not state.active(settings) or not settings.get("INLINE_STYLESHEET"):
        return
    static = Path(settings["OUTPUT_PATH"]) / settings["THEME_STATIC_DIR"]
    copy = static / settings["INLINE_STYLESHEET"]
    copy.unlink(missing_ok=True)
    folder = copy.parent
    while folder != static and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()  # theme/css/ held only the stylesheet
        folder = folder.parent


def register() -> None:
    signals.initialized.connect(start)
    signals.generator_init.connect(publish)
    signals.finalized.connect(remove_copy)
