"""The site says only what its published pages do: while `invoke check` grades a post above
READING_GRADE_WARN, no page of the site promises plain or easy language (the home page's heading
and every page's description are the site's own words, from SITE_DESCRIPTION)."""

from __future__ import annotations

import re

from checkout import invoke
from conftest import ROOT

PROMISES = re.compile(
    r"\b(plain[- ]language|plain english|easy[- ]to[- ]read|simple words)\b", re.I
)


def grades() -> dict[str, float]:
    """Each content file's reading grade, as `invoke check` reports it to the author."""
    result = invoke(ROOT, "check", timeout=300)
    found = re.findall(r"^(\S+):\d+: \w+: reading grade ([\d.]+)", result.stdout, re.M)
    assert found, result.stdout + result.stderr
    return {path: float(grade) for path, grade in found}


def site_claims(built) -> list[str]:
    """Where the site's own words (not a post's) promise plain language."""
    claims = []
    for path in built.html_files():
        if "pagefind" in path.parts:
            continue
        soup = built.soup(path.relative_to(built.output).as_posix())
        own = [meta.get("content", "") for meta in soup.select('meta[name="description"]')]
        own += [h1.get_text() for h1 in soup.select(".home-intro h1, .page-header h1")]
        claims += [f"{path}: {text}" for text in own if PROMISES.search(text)]
    return claims


def test_the_site_promises_no_plain_language_while_a_post_grades_above_the_limit(published):
    from pelican.settings import read_settings

    limit = read_settings(str(ROOT / "pelicanconf.py"))["READING_GRADE_WARN"]
    above = {path: grade for path, grade in grades().items() if grade > limit}
    print(f"\nreading grades above {limit}: {above or 'none'}")
    if above:
        assert site_claims(published) == []


def test_the_check_finds_the_old_promise(published, tmp_path):
    """The home page as it was: "Plain-language writing about counseling..."."""
    from dataclasses import replace

    old = tmp_path / "index.html"
    text = published.path("").read_text(encoding="utf-8")
    old.write_text(
        text.replace("Writing about counseling", "Plain-language writing about counseling")
    )
    copy = replace(published, output=tmp_path)
    assert site_claims(copy) != []
