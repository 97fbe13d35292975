"""The site's own settings an owner may change, checked before a build (blog/plugins/
owner_settings.py runs these with its own checks of the people and links): numbers, switches,
addresses, the Content-Security-Policy and host headers, the time zone and date format, and
``SOURCE_DATE_EPOCH`` in the environment. Each problem is one sentence naming the setting and
the fix; the helpers here also shape owner_settings.py's sentences.
"""

from __future__ import annotations

import os
import re
import zoneinfo
from collections.abc import Callable, Mapping
from typing import Any

_HOST_URL = re.compile(r"^https?://[^\s/?#@\"'<>`\\]+(/[^\s?#\"'<>`\\]*)?$", re.IGNORECASE)
#: What a web address never holds unescaped: spaces, quotes, angle brackets, backslashes.
NOT_IN_URL = re.compile(r"[\s\"'<>`\\]")
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")  # a BCP 47 tag, as <html lang>
#: The largest SOURCE_DATE_EPOCH a date can show: 9999-12-31 23:59:59 UTC.
EPOCH_MAX = 253402300799


def shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def kind(value: Any) -> str:
    names = {dict: "a dict {...}", list: "a list [...]", tuple: "a tuple (...)", str: "text"}
    return names.get(type(value), f"{type(value).__name__} {shown(value)}")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _quoted(value: Any) -> str:
    """The fix for a number or True/False written in quotes."""
    return " (without quotes)" if isinstance(value, str) else ""


def scheme(href: str) -> str:
    match = re.match(r"^\s*([a-z][a-z0-9+.-]*):", href, re.IGNORECASE)
    return match.group(1).lower() if match else ""


def code_scheme(where: str, value: str) -> str | None:
    """A link that would run code or carry its own document when clicked."""
    # Browsers ignore tabs, line breaks and leading controls inside a scheme: "java\tscript:".
    squeezed = re.sub(r"[\x00-\x20]", "", value).lower()
    if squeezed.startswith(("javascript:", "vbscript:", "data:", "file:", "blob:")):
        scheme = squeezed.split(":", 1)[0]
        return (
            f"{where} is a {scheme}: link, which runs code or opens something other than a "
            "page when a reader taps it; give "
            + ("an email address or " if where.startswith("CONTACT") else "")
            + "a web address (https://...) instead."
        )
    return None


def address_problems(name: str, value: Any, required: bool) -> list[str]:
    """SITEURL, FEED_DOMAIN: http(s)://host[/path] without a trailing slash, or empty."""
    if value in ("", None):
        if required:
            return [
                f"{name} is empty, but a production build needs the site's public address; "
                "set it, for example SITEURL=https://example.org."
            ]
        return []
    if not isinstance(value, str):
        return [f'{name} is {kind(value)}; write the address in quotes: "https://example.org".']
    if code := code_scheme(name, value):
        return [code]
    if value.endswith("/"):
        return [f"{name} {value!r} ends with '/'; leave that out (the templates add it)."]
    if not _HOST_URL.match(value):
        return [
            f"{name} {value!r} is not a whole address like https://example.org or "
            "https://example.org/blog (no spaces, query or #fragment)."
        ]
    return []


NumberRule = tuple[str, Callable[[Any], bool], str]


def _count(minimum: int) -> Callable[[Any], bool]:
    return lambda value: _is_int(value) and value >= minimum


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value >= 0


#: Numbers an owner may change: (setting, test, what it must be).
NUMBERS: tuple[NumberRule, ...] = (
    ("READING_GRADE_WARN", _number, "a number such as 9"),
    ("LINT_SUMMARY_MAX_CHARS", _count(1), "a whole number above 0, such as 160"),
    (
        "DEFAULT_PAGINATION",
        lambda v: v is False or _count(1)(v),
        "a whole number above 0, or False",
    ),
    ("SUMMARY_MAX_LENGTH", lambda v: v is None or _count(0)(v), "a whole number, or None"),
    ("READING_SPEED_WPM", lambda v: _number(v) and v > 0, "a number above 0, such as 200"),
    ("TOC_MIN_HEADINGS", _count(0), "a whole number, such as 3"),
    ("BACK_TO_TOP_MIN_MINUTES", _number, "a number of minutes, such as 3"),
    ("RELATED_POSTS_MAX", _count(0), "a whole number, such as 3"),
    ("FEED_MAX_ITEMS", lambda v: v is None or _count(1)(v), "a whole number above 0, or None"),
    (
        "PRECOMPRESS_BROTLI_QUALITY",
        lambda v: _is_int(v) and 0 <= v <= 11,
        "a whole number from 0 to 11",
    ),
    ("READ_WORKERS", lambda v: v is None or _count(1)(v), "a whole number above 0"),
)
#: Switches: True or False, never the text "False" (which Python takes as true).
SWITCHES = (
    "STRICT",
    "SEARCH_INDEX",
    "SHARE_IMAGES",
    "TYPOGRIFY",
    "RELATIVE_URLS",
    "WITH_FUTURE_DATES",
    "DELETE_OUTPUT_DIRECTORY",
)
#: Addresses of the site's own pages: relative, ending with '/'.
PAGE_ADDRESSES = ("ABOUT_URL", "CRISIS_HELP_URL", "PRIVACY_URL", "SEARCH_URL")


def value_problems(settings: Mapping[str, Any]) -> list[str]:
    """Numbers, switches, the site's name and page addresses, time zone and date format."""
    found = []
    for name, test, want in NUMBERS:
        if name in settings and not test(settings[name]):
            value = settings[name]
            found.append(f"{name} is {shown(value)}; write {want}{_quoted(value)}.")
    for name in SWITCHES:
        if name in settings and not isinstance(settings[name], bool):
            value = settings[name]
            found.append(f"{name} is {shown(value)}; write True or False (without quotes).")
    widths = settings.get("ARTICLE_IMAGE_WIDTHS")
    if widths is not None and (
        not isinstance(widths, list | tuple) or not all(_count(1)(w) for w in widths)
    ):
        found.append(
            f"ARTICLE_IMAGE_WIDTHS is {shown(widths)}; write a list of pixel widths such as "
            "[480, 800, 1200]."
        )
    name = settings.get("SITENAME")
    if not isinstance(name, str) or not name.strip():
        found.append(f"SITENAME is {shown(name)}; write the site's name in quotes.")
    for setting in ("SITE_DESCRIPTION", "SITESUBTITLE"):
        value = settings.get(setting)
        if value is not None and not isinstance(value, str):
            found.append(f"{setting} is {kind(value)}; write one sentence in quotes.")
    lang = settings.get("DEFAULT_LANG")
    if not isinstance(lang, str) or not _LANGUAGE.match(lang):
        found.append(
            f'DEFAULT_LANG is {shown(lang)}; write a language code such as "en" or "en-US".'
        )
    for setting in PAGE_ADDRESSES:
        value = settings.get(setting)
        if value is None:
            continue
        if not isinstance(value, str) or (
            value and (scheme(value) or value.startswith("/") or not value.endswith("/"))
        ):
            found.append(
                f"{setting} is {shown(value)}; write the page's address inside the site, "
                'ending with "/", such as "about/".'
            )
    zone = settings.get("TIMEZONE")
    try:
        zoneinfo.ZoneInfo(str(zone))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        found.append(
            f'TIMEZONE {shown(zone)} is not a time zone; write one such as "America/New_York".'
        )
    date_format = settings.get("DEFAULT_DATE_FORMAT")
    if not isinstance(date_format, str) or not date_format:
        found.append(
            f'DEFAULT_DATE_FORMAT is {shown(date_format)}; write one such as "%B %-d, %Y".'
        )
    return found


def epoch_problem(environ: Mapping[str, str] = os.environ) -> str | None:
    """SOURCE_DATE_EPOCH, when set: whole seconds since 1970 that a date can show."""
    value = environ.get("SOURCE_DATE_EPOCH")
    if value is None or not value.strip():
        return None
    text = value.strip()
    if not text.isascii() or not text.isdigit() or int(text) > EPOCH_MAX:
        return (
            f"SOURCE_DATE_EPOCH={shown(value)} in the environment is not a time: it must be "
            f"whole seconds since 1970 (0 to {EPOCH_MAX}); unset it or give one such as "
            "1700000000."
        )
    return None


def policy_problems(settings: Mapping[str, Any]) -> list[str]:
    """CSP, HOST_HEADERS, STRICT_ALLOWED_WARNINGS and ARTICLE_IMAGE_SIZES: their shapes, and
    no source in the CSP that lets an injected script or style run."""
    found = []
    csp = settings.get("CSP")
    if csp is not None:
        if not isinstance(csp, Mapping) or not all(
            isinstance(k, str)
            and isinstance(v, list | tuple)
            and all(isinstance(x, str) for x in v)
            for k, v in csp.items()
        ):
            found.append(
                f"CSP is {shown(csp)}; write a dict of directive -> list of sources, such as "
                '{"default-src": ["\'self\'"]}, or {} for none.'
            )
        else:
            for directive, sources in csp.items():
                unsafe = [s for s in sources if _undoes_policy(directive, s)]
                if unsafe:
                    found.append(
                        f"CSP[{directive!r}] allows {', '.join(unsafe)}, which lets injected code "
                        "run or readers' browsers ask other hosts; remove it (the inline "
                        "stylesheet is allowed by its hash; keep every file on this site)."
                    )
    headers = settings.get("HOST_HEADERS")
    if headers is not None and not (
        isinstance(headers, Mapping)
        and all(
            isinstance(rule, str)
            and isinstance(values, Mapping)
            and all(isinstance(k, str) and isinstance(v, str) for k, v in values.items())
            for rule, values in headers.items()
        )
    ):
        found.append(
            f"HOST_HEADERS is {shown(headers)}; write a dict of path pattern -> dict of header "
            'name -> value, such as {"/*": {"X-Content-Type-Options": "nosniff"}}.'
        )
    found += _allowed_warnings_problems(settings.get("STRICT_ALLOWED_WARNINGS"))
    sizes = settings.get("ARTICLE_IMAGE_SIZES")
    if sizes is not None and not isinstance(sizes, str):
        found.append(f'ARTICLE_IMAGE_SIZES is {shown(sizes)}; write it in quotes, such as "100vw".')
    return found


#: CSP sources that undo the policy: any inline or injected script or style would run, or
#: any host could be asked (what a person reads about therapy is theirs: no third parties).
UNSAFE_SOURCES = {"'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*", "http:", "https:"}
#: Directives where a data: source runs code (a data: image is only a picture).
CODE_DIRECTIVES = {"default-src", "script-src", "script-src-elem", "style-src", "object-src"}


def _undoes_policy(directive: str, source: str) -> bool:
    source = source.strip().lower()
    if source in UNSAFE_SOURCES or source.startswith(("http://", "https://", "*.")):
        return True
    return source == "data:" and directive.lower() in CODE_DIRECTIVES


def _allowed_warnings_problems(allowed: Any) -> list[str]:
    """STRICT_ALLOWED_WARNINGS: a list of (logger name, regular expression) pairs."""
    example = '[("PIL.PngImagePlugin", r"^Some harmless notice")]'
    if allowed is None:
        return []
    if not isinstance(allowed, list | tuple):
        return [f"STRICT_ALLOWED_WARNINGS is {kind(allowed)}; write a list of pairs: {example}."]
    found = []
    for index, pair in enumerate(allowed):
        where = f"STRICT_ALLOWED_WARNINGS[{index}]"
        if not (
            isinstance(pair, list | tuple)
            and len(pair) == 2
            and all(isinstance(p, str) for p in pair)
        ):
            found.append(
                f"{where} is {shown(pair)}; write a pair (logger name, expression): {example}."
            )
            continue
        try:
            re.compile(pair[1])
        except re.error as error:
            found.append(f"{where}'s expression {pair[1]!r} is not a regular expression ({error}).")
    return found
