"""What a post may not carry into the page: content loaded from other hosts, scripts, styles.

Every page is served with a Content-Security-Policy that allows only the site's own files
(publishconf.py ``CSP``): an image, frame, video or stylesheet from another host shows readers
a broken box, while the feeds, where no policy applies, would load it from that host and tell
it who reads what about therapy. A script or an inline style never runs under the policy.
So each is refused at ``path:line`` with what to do instead. Links to other hosts stay fine.

Read from the rendered body (rendered.py), so Markdown images (``![](https://...)``,
reference-style too), raw HTML and ``{: style=... }`` attribute lists are all seen, and code
blocks are not. The line is the first source line that shows the element's address or tag.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from typing import Any

from .document import ERROR, Document, Problem, label
from .rendered import Element, elements, elements_of, line_of

#: Source that may render into something this module refuses; other files are not rendered.
_MAY_EMBED = re.compile(r"<[a-zA-Z]|\{[^}\n]*=|(?:javascript|vbscript|data):", re.IGNORECASE)
_REMOTE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.I)
_SCRIPT_URL = re.compile(r"^\s*(?:javascript|vbscript|data):", re.I)
#: Attributes that make the browser load something (``href`` only outside links: a link to
#: another host is fine, an SVG ``<image href>`` or a ``<link href>`` loads it).
_LOADS = ("src", "srcset", "poster", "data", "background", "href", "xlink:href")
_LINKS = ("a", "area")
_DOWNLOAD = "download it into content/images and show it with ![what it shows]({static}images/...)"
_FIX = {
    "img": _DOWNLOAD,
    "picture": _DOWNLOAD,
    "source": _DOWNLOAD,
    "image": _DOWNLOAD,
    "input": _DOWNLOAD,
}
_LINK_INSTEAD = "link to it instead: [what it is](https://...)"


def _host(url: str) -> str:
    rest = re.sub(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", "", url, flags=re.I)
    return rest.split("/")[0].split("?")[0] or url


def _remote(element: Element) -> tuple[str, str] | None:
    """(attribute, address) of the first thing `element` would load from another host."""
    for name in _LOADS:
        if name in ("href", "xlink:href") and element.tag in _LINKS:
            continue
        value = element.attrs.get(name, "")
        urls = [part.split()[0] for part in value.split(",") if part.split()]
        urls = urls if name == "srcset" else [value]
        for url in urls:
            if _REMOTE.match(url):
                return name, url
    return None


def _why(element: Element) -> tuple[str, list[str]] | None:
    """What is wrong with one rendered element, and what its source line shows."""
    tag = element.tag
    if tag == "script":
        return (
            "a <script> in a post: the site's security policy stops it and the site works "
            "without JavaScript; remove it",
            ["<script"],
        )
    if tag in ("style", "link", "meta", "base"):
        return (
            f"a <{tag}> element in a post: pages are styled and described by the theme "
            "alone (the security policy ignores styles from a post); remove it",
            [f"<{tag}"],
        )
    if tag == "form":
        return (
            "a <form> in a post: the site has nothing to receive it and its security policy "
            "sends forms nowhere else; link to the page that has the form instead",
            ["<form"],
        )
    if tag in ("object", "embed", "applet"):
        return (
            f"an <{tag}> element: the site's security policy allows no plug-in content; "
            f"{_LINK_INSTEAD}",
            [f"<{tag}"],
        )
    if (remote := _remote(element)) is not None:
        name, url = remote
        fix = _FIX.get(tag, _LINK_INSTEAD)
        what = "image" if tag in _FIX else f"<{tag}>"
        return (
            f"the {what} {url} is loaded from another host ({_host(url)}): the site's "
            "security policy blocks it in the page and the feeds would send readers to "
            f"that host; {fix}",
            [url],
        )
    handlers = sorted(name for name in element.attrs if name.startswith("on"))
    if handlers:
        return (
            f"the attribute {handlers[0]}= on <{tag}> is a script: the site's security "
            "policy stops it; remove it",
            [f"{handlers[0]}="],
        )
    if "style" in element.attrs:
        return (
            f"a style attribute on <{tag}>: the site's security policy ignores inline "
            "styles, so readers would not see it; remove it (the theme styles every post)",
            ["style="],
        )
    for name in ("href", "src", "action", "formaction"):
        value = element.attrs.get(name, "")
        if _SCRIPT_URL.match(value) and not (name == "src" and value.strip().startswith("data:")):
            scheme = value.strip().split(":")[0].lower()
            return (
                f"a {scheme}: address on <{tag}>: it runs or hides code instead of "
                "leading to a page; link to a page instead",
                [f"{scheme}:"],
            )
    return None


def _escaped_fields(settings: Mapping[str, Any]) -> tuple[str, ...]:
    """The fields whose HTML the site's reader escapes before Markdown (safe_metadata)."""
    from ..plugins import safe_metadata

    listed = safe_metadata.__name__ in (settings.get("PLUGINS") or [])
    return safe_metadata.ESCAPED_FIELDS if listed else ()


def _may_embed(text: str) -> bool:
    """`text` has markup that could render into something refused here (else not rendered)."""
    return bool(_MAY_EMBED.search(text)) or ("![" in text and "//" in text)


def check_embeds(doc: Document, settings: Mapping[str, Any]) -> list[Problem]:
    """Other hosts' content, scripts and inline styles in the rendered body, and in the front
    matter Pelican renders as Markdown too (``FORMATTED_FIELDS``: the Summary, shown on the
    home page and in the feeds)."""
    problems = []
    for key in settings.get("FORMATTED_FIELDS") or ["summary"]:
        value = doc.meta.get(str(key).lower(), "")
        if str(key).lower() in _escaped_fields(settings):
            value = html.escape(value, quote=False)  # as the reader does: HTML is text there
        if value and _may_embed(value):
            for element in elements_of(value, settings):
                if (found := _why(element)) is not None:
                    message = f"{label(str(key).lower())}: {found[0]}"
                    problems.append(Problem(doc.display, doc.meta_lines[key], ERROR, message))
    if not _may_embed(doc.body):
        return problems  # nothing that could render into one: not rendered
    last: dict[str, int] = {}
    for element in elements(doc, settings) or []:
        found = _why(element)
        if found is None:
            continue
        message, needles = found
        key = needles[0].lower()
        line = line_of(doc, needles, after=last.get(key, 0))
        last[key] = line
        problems.append(Problem(doc.display, line, ERROR, message))
    return problems
