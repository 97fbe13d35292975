"""The settings a site owner edits, checked when the build starts: one sentence per mistake,
naming the setting and the fix, before any template or plugin uses them.

Without this, a mistyped setting reaches readers quietly or ends in a traceback: a crisis link
without ``href`` is ``href=""`` in every footer, ``REVIEWERS`` written as a list or an
``AUTHOR_PROFILE`` without a name is a Jinja traceback, a ``javascript:`` contact address is a
live link in every footer, ``DEFAULT_PAGINATION = "10"`` is a TypeError deep in Pelican.

:func:`problems` is the check (also run by ``invoke check``): the people and links here, the
crisis words and other-language lines (blog/crisis_settings.py), the site's numbers,
switches, addresses, policy and ``SOURCE_DATE_EPOCH`` in blog/site_settings.py.

The builds of tasks.py (blog/publishing.py ``build``) run :func:`problems` before Pelican
starts, so no plugin ever reads a bad setting, whatever the order of PLUGINS.

Signal: ``initialized``, for every other way to build (the ``pelican`` command, the live
preview, the tests): nothing is read or written yet, so a refused build leaves the output as
it was. Any problem stops the build (local and production alike) with :class:`SettingsError`,
a ``SystemExit`` whose message lists every problem: no traceback.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pelican import signals

from ..crisis_settings import language_problems, word_problems
from ..site_settings import (
    NOT_IN_URL,
    address_problems,
    code_scheme,
    epoch_problem,
    kind,
    policy_problems,
    scheme,
    shown,
    value_problems,
)
from . import BuildState

#: Words in a link that promise what it does, and the scheme that does it.
_CALL = re.compile(r"\bcall\b", re.IGNORECASE)
_TEXT = re.compile(r"\btext\b", re.IGNORECASE)
_PHONE = re.compile(r"^\+?[0-9][0-9 ().-]*$")
_EMAIL = re.compile(r"^[^@\s:/<>\"']+@[^@\s:/<>\"']+\.[^@\s:/<>\"'.]+$")
_IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".avif")


class SettingsError(SystemExit):
    """Settings the build cannot use; ``str()`` and ``.code`` hold every problem."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        lines = "\n".join(f"  {problem}" for problem in problems)
        noun = "problem" if len(problems) == 1 else "problems"
        super().__init__(f"Settings to fix before building ({len(problems)} {noun}):\n{lines}")

    def __str__(self) -> str:
        return str(self.code)


def _relative(path: Path) -> str:
    """`path` as the owner sees it from the blog's folder, when it is under it."""
    whole = os.path.abspath(path)
    return os.path.relpath(whole) if whole.startswith(os.getcwd() + os.sep) else whole


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
            f'{where} is {kind(link)}; write each link as {{"text": "Call 988", '
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
    if code := code_scheme(where, href):
        return [*found, code]
    used = scheme(href)
    if used in ("tel", "sms"):
        number = href.split(":", 1)[1].split("?", 1)[0]
        if not _PHONE.match(number):
            found.append(
                f"{where}'s href {href!r} has no phone number after {used}:; write it as "
                f'"{used}:988" (digits, optionally a leading +).'
            )
    elif used != "https" or not urlsplit(href).netloc or NOT_IN_URL.search(href):
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
    elif calls and used != "tel":
        found.append(f'{where} says {text!r} but its href is not tel:; write "tel:NUMBER".')
    elif texts and used != "sms":
        found.append(f'{where} says {text!r} but its href is not sms:; write "sms:NUMBER".')
    elif used == "tel" and not calls:
        found.append(f"{where} calls ({href}) but its text {text!r} does not say Call; say so.")
    elif used == "sms" and not texts:
        found.append(f"{where} texts ({href}) but its text {text!r} does not say Text; say so.")
    return found


def crisis_problems(resources: Any) -> list[str]:
    """CRISIS_RESOURCES: a list of {"name": ..., "links": [link, ...]}."""
    example = '[{"name": "...", "links": [{"text": "Call 988", "href": "tel:988"}]}]'
    if not isinstance(resources, list | tuple):
        return [f"CRISIS_RESOURCES is {kind(resources)}; write it as a list: {example}."]
    found = []
    for number, resource in enumerate(resources):
        where = f"CRISIS_RESOURCES[{number}]"
        if not isinstance(resource, Mapping):
            found.append(
                f'{where} is {kind(resource)}; write each resource as {{"name": "...", '
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
                f'{where}["links"] is {kind(links) if links else "missing or empty"}; write '
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
        return [f"CONTACT is {kind(contact)}; write one email or https:// address in quotes."]
    if code := code_scheme("CONTACT", contact):
        return [code]
    address = contact.removeprefix("mailto:")
    if _EMAIL.match(address):
        return []
    if scheme(contact) == "https" and urlsplit(contact).netloc and not NOT_IN_URL.search(contact):
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
            f'AUTHOR_PROFILE is {kind(profile)}; write it as {{"name": "Jane Doe", '
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
            found.append(f'AUTHOR_PROFILE["{field}"] is {kind(value)}; write it as text.')
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
    if scheme(photo) or photo.startswith(("/", "\\")) or ".." in Path(photo).parts:
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
        return [f"REVIEWERS is {kind(reviewers)}; write it as a dict: {example}."]
    found = []
    for name, about in reviewers.items():
        if not isinstance(name, str) or not name.strip():
            found.append(
                f"REVIEWERS has the name {shown(name)}; each name is the text a post's "
                "Reviewed_by line gives."
            )
            continue
        where = f"REVIEWERS[{name!r}]"
        if not isinstance(about, Mapping):
            found.append(f'{where} is {kind(about)}; write it as {{"credentials": "..."}}.')
            continue
        found += _unknown_fields(where, about, ("credentials",))
        credentials = about.get("credentials")
        if credentials is not None and not isinstance(credentials, str):
            found.append(f'{where}["credentials"] is {kind(credentials)}; write it as text.')
    return found


def problems(settings: Mapping[str, Any], environ: Mapping[str, str] = os.environ) -> list[str]:
    """Every problem of the owner's settings, one sentence each; [] when the build can use them."""
    found = crisis_problems(settings.get("CRISIS_RESOURCES", []))
    found += profile_problems(settings.get("AUTHOR_PROFILE"), settings)
    found += reviewer_problems(settings.get("REVIEWERS"))
    found += contact_problems(settings.get("CONTACT"))
    found += address_problems("SITEURL", settings.get("SITEURL"), settings.get("STRICT") is True)
    found += address_problems("FEED_DOMAIN", settings.get("FEED_DOMAIN"), False)
    found += value_problems(settings)
    found += policy_problems(settings)
    found += word_problems(settings.get("CRISIS_WORDS", []))
    found += language_problems(settings.get("CRISIS_RESOURCES_OTHER_LANGUAGES", []))
    if epoch := epoch_problem(environ):
        found.append(epoch)
    return found


state = BuildState(__name__)


def check(pelican: Any) -> None:
    if state.begin(pelican) and (found := problems(pelican.settings)):
        raise SettingsError(found)


def register() -> None:
    signals.initialized.connect(check)
