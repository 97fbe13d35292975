"""Structured data (schema.org JSON-LD) for search engines, built in Python and serialised once.

A post is a ``BlogPosting``, the home page a ``WebSite`` with the search page as its
``SearchAction``, and the About page a ``ProfilePage`` while ``AUTHOR_PROFILE`` names a person.
Authorship follows partials/authorship.html (:func:`author_kind`): the site is an
``Organization`` (always the publisher, and the author while ``AUTHOR_PROFILE`` is empty); a
profile is a ``Person`` with ``jobTitle``, ``description`` and the About page as ``url``; any
other ``Author:`` is a ``Person`` by name. schema.org puts ``reviewedBy`` and ``lastReviewed``
on ``WebPage``: the page that carries the post.

:func:`serialise` writes the JSON once, keys sorted, with ``<``, ``>`` and ``&`` as ``\\u003c``,
``\\u003e`` and ``\\u0026`` (the same bytes Jinja's ``tojson`` gave, which also escaped ``'``), so
no title, name or summary can close the ``<script>`` element, and the result is always valid JSON.

Signal: ``generator_init``: the templates get ``json_ld()``, which returns the serialised data
for the page being rendered (or an empty string), for partials/head/json_ld.html.
"""

from __future__ import annotations

import json
from typing import Any

from jinja2 import pass_context
from markupsafe import Markup
from pelican import signals

#: What JSON-LD text may not carry as it is inside an HTML <script> element.
_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}


def serialise(data: dict[str, Any]) -> Markup:
    """`data` as JSON that is safe inside ``<script type="application/ld+json">``."""
    text = json.dumps(data, sort_keys=True)
    for char, escaped in _UNSAFE.items():
        text = text.replace(char, escaped)
    return Markup(text)  # nothing left that HTML would read as markup


def _text(markup: Any) -> str:
    """A title or summary as Pelican stores it (HTML) -> its text, as Jinja's striptags."""
    return Markup(str(markup)).striptags()


def author_kind(name: str, settings: dict[str, Any]) -> str:
    """ "profile", "site" or "guest": an author named like the site (or like its profile's
    person) is the profile when there is one, else the site; the site never invents a person."""
    profile = settings.get("AUTHOR_PROFILE") or {}
    if name in (settings.get("SITENAME"), profile.get("name")):
        return "profile" if profile else "site"
    return "guest"


def _site(settings: dict[str, Any]) -> dict[str, Any]:
    return {
        "@type": "Organization",
        "name": _text(settings["SITENAME"]),
        "url": f"{settings['SITEURL']}/",
    }


def _person(settings: dict[str, Any]) -> dict[str, Any] | None:
    profile = settings.get("AUTHOR_PROFILE") or {}
    if not profile:
        return None
    siteurl = settings["SITEURL"]
    about = f"{siteurl}/{settings['ABOUT_URL']}"
    person = {"@type": "Person", "name": profile.get("name"), "url": about}
    for key, field in (("credentials", "jobTitle"), ("bio", "description")):
        if profile.get(key):
            person[field] = profile[key]
    if profile.get("photo"):
        person["image"] = f"{siteurl}/{profile['photo']}"
    return person


def _guest(name: str) -> dict[str, Any]:
    return {"@type": "Person", "name": name}


def post_data(article: Any, settings: dict[str, Any]) -> dict[str, Any]:
    """A post's ``BlogPosting``."""
    siteurl, site, person = settings["SITEURL"], _site(settings), _person(settings)
    url = f"{siteurl}/{article.url}"
    page: dict[str, Any] = {"@type": "WebPage", "@id": url}
    kinds = {"profile": person, "site": site}  # a guest is a Person by name
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": _text(article.title),
        "description": _text(article.summary),
        "url": url,
        "datePublished": article.date.isoformat(),
        "dateModified": (getattr(article, "modified", None) or article.date).isoformat(),
        "inLanguage": getattr(article, "lang", None) or settings["DEFAULT_LANG"],
        "author": [
            kinds.get(author_kind(author.name, settings)) or _guest(author.name)
            for author in getattr(article, "authors", None) or []
        ],
        "publisher": site,
        "mainEntityOfPage": page,
    }
    if getattr(article, "tags", None):
        data["keywords"] = [str(tag) for tag in article.tags]
    if getattr(article, "category", None):
        data["articleSection"] = article.category.name
    if getattr(article, "share_image", None):
        data["image"] = f"{siteurl}/{article.share_image}"
    if getattr(article, "reading_time", None):
        data["timeRequired"] = f"PT{article.reading_time}M"
    reviewer_name = getattr(article, "reviewed_by", None)
    if reviewer_name:
        reviewer = {"@type": "Person", "name": reviewer_name}
        known = (settings.get("REVIEWERS") or {}).get(reviewer_name)
        if known and known.get("credentials"):
            reviewer["jobTitle"] = known["credentials"]
        page["reviewedBy"] = reviewer
    if getattr(article, "last_reviewed", None):
        page["lastReviewed"] = article.last_reviewed.date().isoformat()
    return data


def site_data(settings: dict[str, Any]) -> dict[str, Any]:
    """The home page's ``WebSite``, searchable through the search page."""
    siteurl = settings["SITEURL"]
    return {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": _text(settings["SITENAME"]),
        "description": settings.get("SITE_DESCRIPTION"),
        "url": f"{siteurl}/",
        "inLanguage": settings["DEFAULT_LANG"],
        "publisher": _site(settings),
        "potentialAction": {
            "@type": "SearchAction",
            "target": f"{siteurl}/{settings['SEARCH_URL']}?q={{search_term_string}}",
            "query-input": "required name=search_term_string",
        },
    }


def page_data(context: dict[str, Any]) -> dict[str, Any] | None:
    """The structured data of the page being rendered, or None (a list page, say)."""
    output_file = context.get("output_file")
    article, page = context.get("article"), context.get("page")
    if article and article.save_as == output_file:
        return post_data(article, context)
    if output_file == context.get("INDEX_SAVE_AS"):
        return site_data(context)
    person = _person(context)
    if person and page and page.save_as == output_file and page.url == context.get("ABOUT_URL"):
        return {
            "@context": "https://schema.org",
            "@type": "ProfilePage",
            "url": f"{context['SITEURL']}/{context['ABOUT_URL']}",
            "mainEntity": person,
        }
    return None


@pass_context
def json_ld(context: Any) -> Markup:
    """For templates: this page's JSON-LD, serialised, or an empty string."""
    data = page_data(context)
    return serialise(data) if data else Markup("")


def add_global(generator: Any) -> None:
    env = getattr(generator, "env", None)
    if env is not None:
        env.globals["json_ld"] = json_ld


def register() -> None:
    signals.generator_init.connect(add_global)
