"""The settings a site owner edits, checked when the build starts: one sentence per mistake,
naming the setting and the fix, before any template or plugin uses them.

Without this, a mistyped setting reaches readers quietly or ends in a traceback: a crisis link
without ``href`` is ``href=""`` in every footer, ``REVIEWERS`` written as a list or an
``AUTHOR_PROFILE`` without a name is a Jinja traceback, a ``javascript:`` contact address is a
live link in every footer, ``DEFAULT_PAGINATION = "10"`` is a TypeError deep in Pelican.

:func:`problems` is the check (also run by ``invoke check``); :func:`epoch_problem` checks
``SOURCE_DATE_EPOCH`` in the environment (blog/plugins/content_dates.py dates an empty site
with it).

Signal: ``initialized``, listed first in PLUGINS so the check runs before any other plugin
reads a setting; nothing is read or written yet, so a refused build leaves the output as it
was. Any problem stops the build (local and production alike) with :class:`SettingsError`, a
``SystemExit`` whose message lists every problem: no traceback.
"""

from __future__ import annotations

import os
import re
import zoneinfo
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pelican import signals

from . import BuildState

#: Words in a link that promise what it does, and the scheme that does it.
_CALL = re.compile(r"\bcall\b", re.IGNORECASE)
_TEXT = re.compile(r"\btext\b", re.IGNORECASE)
_PHONE = re.compile(r"^\+?[0-9][0-9 ().-]*$")
_EMAIL = re.compile(r"^[^@\s:/<>\"']+@[^@\s:/<>\"']+\.[^@\s:/<>\"'.]+$")
_HOST_URL = re.compile(r"^https?://[^\s/?#@\"'<>`\\]+(/[^\s?#\"'<>`\\]*)?$", re.IGNORECASE)
#: What a web address never holds unescaped: spaces, quotes, angle brackets, backslashes.
_NOT_IN_URL = re.compile(r"[\s\"'<>`\\]")
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")  # a BCP 47 tag, as <html lang>
_IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".avif")
#: The largest SOURCE_DATE_EPOCH a date can show: 9999-12-31 23:59:59 UTC.
EPOCH_MAX = 253402300799


class SettingsError(SystemExit):
    """Settings the build cannot use; ``str()`` and ``.code`` hold every problem."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        lines = "\n".join(f"  {problem}" for problem in problems)
        noun = "problem" if len(problems) == 1 else "problems"
        super().__init__(f"Settings to fix before building ({len(problems)} {noun}):\n{lines}")

    def __str__(self) -> str:
        return str(self.code)


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _kind(value: Any) -> str:
    names = {dict: "a dict {...}", list: "a list [...]", tuple: "a tuple (...)", str: "text"}
    return names.get(type(value), f"{type(value).__name__} {_shown(value)}")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _quoted(value: Any) -> str:
    """The fix for a number or True/False written in quotes."""
    return " (without quotes)" if isinstance(value, str) else ""


def _relative(path: Path) -> str:
    """`path` as the owner sees it from the blog's folder, when it is under it."""
    whole = os.path.abspath(path)
    return os.path.relpath(whole) if whole.startswith(os.getcwd() + os.sep) else whole


def _scheme(href: str) -> str:
    match = re.match(r"^\s*([a-z][a-z0-9+.-]*):", href, re.IGNORECASE)
    return match.group(1).lower() if match else ""


def _code_scheme(where: str, value: str) -> str | None:
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


def _unknown_fields(where: str, value: Mapping[str, Any], fields: tuple[str, ...]) -> list[str]:
    """A field the templates never read: most often a misspelt one ("herf")."""
    unknown = sorted(set(value) - set(fields), key=str)
    if not unknown:
        return []
    return [
        f"{where} has {', '.join(map(repr, unknown))}, which is not one of its fields "
        f"({', '.join(fields)}); check the spelling."
    ]


def crisis_link_problems(where: str, link: Any) -> list[str]:
    """One crisis link: {"text": words, "href": what it does}, the words saying what it does."""
    if not isinstance(link, Mapping):
        return [
            f'{where} is {_kind(link)}; write each link as {{"text": "Call 988", '
            '"href": "tel:988"}.'
        ]
    found = _unknown_fields(where, link, ("text", "href"))
    if found and {"text", "href"} - set(link):
        return found  # a misspelt field: its missing twin is the same mistake
    text, href = link.get("text"), link.get("href")
    if not isinstance(text, str) or not text.strip():
        found.append(
            f'{where} has no "text" (the words readers see and tap); add one that says what '
            'the link does, such as "Call 988".'
        )
        text = None
    if not isinstance(href, str) or not href.strip():
        found.append(
            f'{where} has no "href" (what the link does); add one, such as "tel:988" for a '
            'call, "sms:988" for a text or "https://..." for a web page.'
        )
        return found
    if code := _code_scheme(where, href):
        return [*found, code]
    scheme = _scheme(href)
    if scheme in ("tel", "sms"):
        number = href.split(":", 1)[1].split("?", 1)[0]
        if not _PHONE.match(number):
            found.append(
                f"{where}'s href {href!r} has no phone number after {scheme}:; write it as "
                f'"{scheme}:988" (digits, optionally a leading +).'
            )
    elif scheme != "https" or not urlsplit(href).netloc or _NOT_IN_URL.search(href):
        found.append(
            f"{where}'s href {href!r} is not a tel:, sms: or https:// address; use tel: to "
            "call, sms: to text, or a whole https:// web address."
        )
        return found
    if text is None:
        return found
    calls, texts = bool(_CALL.search(text)), bool(_TEXT.search(text))
    if calls and texts:
        found.append(
            f"{where} says {text!r}, but one link can only call or text; make two links, "
            '"Call ..." with tel: and "Text ..." with sms:.'
        )
    elif calls and scheme != "tel":
        found.append(f'{where} says {text!r} but its href is not tel:; write "tel:NUMBER".')
    elif texts and scheme != "sms":
        found.append(f'{where} says {text!r} but its href is not sms:; write "sms:NUMBER".')
    elif scheme == "tel" and not calls:
        found.append(f"{where} calls ({href}) but its text {text!r} does not say Call; say so.")
    elif scheme == "sms" and not texts:
        found.append(f"{where} texts ({href}) but its text {text!r} does not say Text; say so.")
    return found


def crisis_problems(resources: Any) -> list[str]:
    """CRISIS_RESOURCES: a list of {"name": ..., "links": [link, ...]}."""
    example = '[{"name": "...", "links": [{"text": "Call 988", "href": "tel:988"}]}]'
    if not isinstance(resources, list | tuple):
        return [f"CRISIS_RESOURCES is {_kind(resources)}; write it as a list: {example}."]
    found = []
    for number, resource in enumerate(resources):
        where = f"CRISIS_RESOURCES[{number}]"
        if not isinstance(resource, Mapping):
            found.append(
                f'{where} is {_kind(resource)}; write each resource as {{"name": "...", '
                '"links": [{"text": "Call 988", "href": "tel:988"}]}.'
            )
            continue
        misspelt = _unknown_fields(where, resource, ("name", "links"))
        found += misspelt
        if misspelt and {"name", "links"} - set(resource):
            continue  # a misspelt field: its missing twin is the same mistake
        name = resource.get("name")
        if not isinstance(name, str) or not name.strip():
            found.append(f'{where} has no "name"; give the service\'s name, shown above its links.')
        links = resource.get("links")
        if not isinstance(links, list | tuple) or not links:
            found.append(
                f'{where}["links"] is {_kind(links) if links else "missing or empty"}; write '
                'a list of one or more links: [{"text": "Call 988", "href": "tel:988"}].'
            )
            continue
        for index, link in enumerate(links):
            found += crisis_link_problems(f'{where}["links"][{index}]', link)
    return found


def contact_problems(contact: Any) -> list[str]:
    """CONTACT: empty, an email address (mailto: optional) or an https:// address."""
    if contact in ("", None):
        return []
    if not isinstance(contact, str):
        return [f"CONTACT is {_kind(contact)}; write one email or https:// address in quotes."]
    if code := _code_scheme("CONTACT", contact):
        return [code]
    address = contact.removeprefix("mailto:")
    if _EMAIL.match(address):
        return []
    if _scheme(contact) == "https" and urlsplit(contact).netloc and not _NOT_IN_URL.search(contact):
        return []
    return [
        f"CONTACT {contact!r} is neither an email address (name@example.org) nor a web "
        'address starting https://; write one of those, or "" for no contact line.'
    ]


def profile_problems(profile: Any, settings: Mapping[str, Any]) -> list[str]:
    """AUTHOR_PROFILE: empty, or name (required), credentials, bio, photo (a content image)."""
    if profile in ({}, None):
        return []
    if not isinstance(profile, Mapping):
        return [
            f'AUTHOR_PROFILE is {_kind(profile)}; write it as {{"name": "Jane Doe", '
            '"credentials": "MA, LPC", "bio": "...", "photo": "images/jane.jpg"}, or {} for none.'
        ]
    found = []
    fields = ("name", "credentials", "bio", "photo")
    found = _unknown_fields("AUTHOR_PROFILE", profile, fields)
    if found and "name" not in profile:
        return found  # a misspelt name: its missing twin is the same mistake
    for field in fields:
        value = profile.get(field)
        if value is not None and not isinstance(value, str):
            found.append(f'AUTHOR_PROFILE["{field}"] is {_kind(value)}; write it as text.')
    name = profile.get("name")
    if name is None or (isinstance(name, str) and not name.strip()):
        found.append(
            'AUTHOR_PROFILE has no "name"; give the real person\'s name, or make the whole '
            "setting {} while the site itself is the author."
        )
    photo = profile.get("photo")
    if isinstance(photo, str) and photo:
        found += photo_problems(photo, settings)
    return found


def photo_problems(photo: str, settings: Mapping[str, Any]) -> list[str]:
    """The profile photo: a picture file in the content's static folders (images/...)."""
    where = f'AUTHOR_PROFILE["photo"] {photo!r}'
    if _scheme(photo) or photo.startswith(("/", "\\")) or ".." in Path(photo).parts:
        return [
            f"{where} is not a file of the content folder; put the photo in content/images/ "
            'and write "images/NAME.jpg".'
        ]
    if not photo.lower().endswith(_IMAGE_SUFFIXES):
        return [f"{where} is not a picture file ({', '.join(_IMAGE_SUFFIXES)}); use one of those."]
    static = [str(folder).strip("/") for folder in settings.get("STATIC_PATHS") or ()]
    if not any(photo == folder or photo.startswith(folder + "/") for folder in static):
        return [
            f"{where} is not in a folder the site publishes ({', '.join(static)}); move it "
            'to content/images/ and write "images/NAME.jpg".'
        ]
    path = Path(settings.get("PATH") or "content") / photo
    if not path.is_file():
        return [f"{where}: there is no such file ({_relative(path)}); add it or fix the name."]
    try:
        from PIL import Image

        with Image.open(path) as image:
            image.load()
    except Exception as error:  # Pillow: truncated, not an image, unknown format
        return [
            f"{where} ({_relative(path)}) cannot be read as a picture ({error}); save it again."
        ]
    return []


def reviewer_problems(reviewers: Any) -> list[str]:
    """REVIEWERS: {"Name": {"credentials": "..."}}."""
    example = '{"Dr. Sam Lee": {"credentials": "PhD, licensed clinical psychologist"}}'
    if reviewers in ({}, None):
        return []
    if not isinstance(reviewers, Mapping):
        return [f"REVIEWERS is {_kind(reviewers)}; write it as a dict: {example}."]
    found = []
    for name, about in reviewers.items():
        if not isinstance(name, str) or not name.strip():
            found.append(
                f"REVIEWERS has the name {_shown(name)}; each name is the text a post's "
                "Reviewed_by line gives."
            )
            continue
        where = f"REVIEWERS[{name!r}]"
        if not isinstance(about, Mapping):
            found.append(f'{where} is {_kind(about)}; write it as {{"credentials": "..."}}.')
            continue
        found += _unknown_fields(where, about, ("credentials",))
        credentials = about.get("credentials")
        if credentials is not None and not isinstance(credentials, str):
            found.append(f'{where}["credentials"] is {_kind(credentials)}; write it as text.')
    return found


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
        return [f'{name} is {_kind(value)}; write the address in quotes: "https://example.org".']
    if code := _code_scheme(name, value):
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
            found.append(f"{name} is {_shown(value)}; write {want}{_quoted(value)}.")
    for name in SWITCHES:
        if name in settings and not isinstance(settings[name], bool):
            value = settings[name]
            found.append(f"{name} is {_shown(value)}; write True or False (without quotes).")
    widths = settings.get("ARTICLE_IMAGE_WIDTHS")
    if widths is not None and (
        not isinstance(widths, list | tuple) or not all(_count(1)(w) for w in widths)
    ):
        found.append(
            f"ARTICLE_IMAGE_WIDTHS is {_shown(widths)}; write a list of pixel widths such as "
            "[480, 800, 1200]."
        )
    name = settings.get("SITENAME")
    if not isinstance(name, str) or not name.strip():
        found.append(f"SITENAME is {_shown(name)}; write the site's name in quotes.")
    for setting in ("SITE_DESCRIPTION", "SITESUBTITLE"):
        value = settings.get(setting)
        if value is not None and not isinstance(value, str):
            found.append(f"{setting} is {_kind(value)}; write one sentence in quotes.")
    lang = settings.get("DEFAULT_LANG")
    if not isinstance(lang, str) or not _LANGUAGE.match(lang):
        found.append(
            f'DEFAULT_LANG is {_shown(lang)}; write a language code such as "en" or "en-US".'
        )
    for setting in PAGE_ADDRESSES:
        value = settings.get(setting)
        if value is None:
            continue
        if not isinstance(value, str) or (
            value and (_scheme(value) or value.startswith("/") or not value.endswith("/"))
        ):
            found.append(
                f"{setting} is {_shown(value)}; write the page's address inside the site, "
                'ending with "/", such as "about/".'
            )
    zone = settings.get("TIMEZONE")
    try:
        zoneinfo.ZoneInfo(str(zone))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        found.append(
            f'TIMEZONE {_shown(zone)} is not a time zone; write one such as "America/New_York".'
        )
    date_format = settings.get("DEFAULT_DATE_FORMAT")
    if not isinstance(date_format, str) or not date_format:
        found.append(
            f'DEFAULT_DATE_FORMAT is {_shown(date_format)}; write one such as "%B %-d, %Y".'
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
            f"SOURCE_DATE_EPOCH={_shown(value)} in the environment is not a time: it must be "
            f"whole seconds since 1970 (0 to {EPOCH_MAX}); unset it or give one such as "
            "1700000000."
        )
    return None


def problems(settings: Mapping[str, Any], environ: Mapping[str, str] = os.environ) -> list[str]:
    """Every problem of the owner's settings, one sentence each; [] when the build can use them."""
    found = crisis_problems(settings.get("CRISIS_RESOURCES", []))
    found += profile_problems(settings.get("AUTHOR_PROFILE"), settings)
    found += reviewer_problems(settings.get("REVIEWERS"))
    found += contact_problems(settings.get("CONTACT"))
    found += address_problems("SITEURL", settings.get("SITEURL"), settings.get("STRICT") is True)
    found += address_problems("FEED_DOMAIN", settings.get("FEED_DOMAIN"), False)
    found += value_problems(settings)
    if epoch := epoch_problem(environ):
        found.append(epoch)
    return found


state = BuildState(__name__)


def check(pelican: Any) -> None:
    if state.begin(pelican) and (found := problems(pelican.settings)):
        raise SettingsError(found)


def register() -> None:
    signals.initialized.connect(check)
