"""The theme's crisis settings an owner edits, checked when the build starts: CRISIS_WORDS (what
search hears as a crisis, theme/static/js/search.js) and CRISIS_RESOURCES_OTHER_LANGUAGES (the
lines in other languages on /help/). One sentence per mistake, naming the setting and the fix.

Without this, a set written with braces (``{"suicide", "kms"}``) is a Jinja traceback in the
middle of writing the search page, a number in the list is silently never heard, and a Spanish
"Llama" link to ``sms:`` would text when its words say call.

blog/plugins/owner_settings.py runs these checks with the other settings an owner edits, when
the build starts (and ``invoke check``): one list of problems, before any page is written.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

_LANG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
# Words that promise a call or a text, in English and Spanish (the gloss or the words).
_CALL = re.compile(r"\b(call|llama|llame|llamar)\b", re.IGNORECASE)
_TEXT = re.compile(r"\b(text|envía|envia|texto|textea)\b", re.IGNORECASE)
_WORDS_EXAMPLE = '["suicid*", "kill myself", "self harm"]'


def _kind(value: Any) -> str:
    return {str: "text", int: "a number", float: "a number", bool: "true/false"}.get(
        type(value), f"a {type(value).__name__}"
    )


def word_problems(words: Any) -> list[str]:
    """CRISIS_WORDS: a list of words and phrases, each text with a letter or digit in it."""
    if not isinstance(words, list | tuple):
        return [
            f"CRISIS_WORDS is {_kind(words)}; write it as a list in square brackets, each "
            f"word or phrase in quotes: {_WORDS_EXAMPLE}."
        ]
    found = []
    for number, word in enumerate(words):
        if not isinstance(word, str):
            found.append(
                f"CRISIS_WORDS[{number}] is {_kind(word)} ({word!r}); write each word or "
                'phrase in quotes, such as "988".'
            )
        elif not re.search(r"\w", word):
            found.append(
                f"CRISIS_WORDS[{number}] is {word!r}, which has no letter or digit to match; "
                "remove it or write the word."
            )
    return found


def _link_problems(where: str, link: Any) -> list[str]:
    if not isinstance(link, Mapping) or not {"text", "href"} <= set(link):
        return [
            f'{where} is not a link; write {{"text": "Llama al 988 y marca 2", "gloss": '
            '"call 988, press 2", "href": "tel:988"}.'
        ]
    text, href = link["text"], link["href"]
    words = f"{text} {link.get('gloss', '')}"
    if not isinstance(text, str) or not text.strip() or not isinstance(href, str):
        return [f'{where} needs "text" and "href", both in quotes.']
    scheme = href.split(":", 1)[0].lower()
    if scheme not in {"tel", "sms", "https"}:
        return [f"{where}'s href {href!r} is not tel:, sms: or https://; use one of those."]
    if (scheme == "tel") != bool(_CALL.search(words)) or (scheme == "sms") != bool(
        _TEXT.search(words)
    ):
        return [
            f"{where} says {text!r} but its href is {href!r}: a call (tel:) must say call "
            '("Llama", "call") and a text (sms:) must say text ("Envía", "text").'
        ]
    return []


def language_problems(resources: Any) -> list[str]:
    """CRISIS_RESOURCES_OTHER_LANGUAGES: [{"name", "lang", "gloss"?, "links": [link, ...]}]."""
    name = "CRISIS_RESOURCES_OTHER_LANGUAGES"
    if not isinstance(resources, list | tuple):
        return [f"{name} is {_kind(resources)}; write it as a list, or [] for none."]
    found = []
    for number, resource in enumerate(resources):
        where = f"{name}[{number}]"
        if not isinstance(resource, Mapping):
            found.append(f'{where} is {_kind(resource)}; write {{"name": ..., "lang": ..., ...}}.')
            continue
        if not isinstance(resource.get("name"), str) or not resource["name"].strip():
            found.append(f'{where} has no "name" (the service, in its language).')
        if not isinstance(resource.get("lang"), str) or not _LANG.match(resource["lang"]):
            found.append(
                f"{where}'s \"lang\" is {resource.get('lang')!r}; write the language's code, "
                'such as "es" for Spanish.'
            )
        links = resource.get("links")
        if not isinstance(links, list | tuple) or not links:
            found.append(f'{where}["links"] is missing or empty; write a list of links.')
            continue
        for index, link in enumerate(links):
            found += _link_problems(f'{where}["links"][{index}]', link)
    return found
