"""NOINDEX (pelicanconf.py) is the one list of pages search engines should not index: each of
those pages says `<meta name="robots" content="noindex">` and has no canonical link, and
sitemap.xml lists every other published page but none of them. SITEMAP's old `exclude`
patterns are refused with a sentence naming NOINDEX."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT, build_site
from pelican.settings import read_settings

from blog.plugins.search_engines import SitemapSettingError
from blog.plugins.strict_build import StrictBuildError

SITEURL = "https://example.test"


def _build(tmp_path: Path, **override) -> Path:
    output = tmp_path / "output"
    build_site(ROOT / "content", output, SITEURL, **override)
    return output


def _pages(output: Path) -> dict[str, str]:
    return {
        path.relative_to(output).as_posix(): path.read_text(encoding="utf-8")
        for path in output.rglob("*.html")
        if "pagefind" not in path.parts
    }


def _listed(output: Path) -> set[str]:
    locs = re.findall(r"<loc>([^<]+)</loc>", (output / "sitemap.xml").read_text())
    # An address -> its output path: "https://example.test/about/" -> "about/index.html".
    return {re.sub(r"(^|/)$", r"\1index.html", loc.removeprefix(SITEURL + "/")) for loc in locs}


def test_one_list_marks_the_pages_and_leaves_them_out_of_the_sitemap(tmp_path: Path) -> None:
    extra = ["privacy/index.html", "tags/index.html"]
    noindex = [*read_settings(str(ROOT / "publishconf.py"))["NOINDEX"], *extra]
    assert {"404.html", "search/index.html"} <= set(noindex)
    output = _build(tmp_path, NOINDEX=noindex)
    pages, listed = _pages(output), _listed(output)
    assert len(pages) > 10 and set(noindex) <= set(pages)
    for path, html in pages.items():
        marked = '<meta name="robots" content="noindex">' in html
        assert marked == (path in noindex), path
        assert ('<link rel="canonical"' in html) != marked, path
    assert listed & set(noindex) == set()
    assert "about/index.html" in listed and "index.html" in listed
    # Every other page of the site is listed (the only others: paginated lists, none here).
    assert set(pages) - set(noindex) == listed


def test_sitemap_exclude_patterns_are_refused_naming_noindex(tmp_path: Path) -> None:
    sitemap = {"format": "xml", "exclude": [r"^about/$"]}
    with pytest.raises(SitemapSettingError) as refused:
        _build(tmp_path, SITEMAP=sitemap)
    assert "NOINDEX" in str(refused.value) and "exclude" in str(refused.value)
    assert not (tmp_path / "output").exists()


@pytest.mark.parametrize("noindex", ["404.html", ["404.html", None]])
def test_a_noindex_that_is_not_a_list_of_paths_is_refused(tmp_path: Path, noindex) -> None:
    with pytest.raises(SitemapSettingError) as failed:
        _build(tmp_path, NOINDEX=noindex)
    assert str(failed.value).startswith("NOINDEX: ") and str(failed.value).count("NOINDEX") == 1
    assert not (tmp_path / "output").exists()


def test_a_noindex_entry_that_names_no_page_fails_the_strict_build_once(tmp_path: Path) -> None:
    wrong = ["/search/", "search/", "search/index.htm"]  # addresses, a typo: no output path
    with pytest.raises(StrictBuildError) as failed:
        _build(tmp_path, NOINDEX=["404.html", *wrong])
    lines = str(failed.value).splitlines()
    for entry in wrong:
        assert len([line for line in lines if f"NOINDEX: {entry!r} is no page" in line]) == 1
    assert "Traceback" not in str(failed.value)
