"""Honest authorship. While the site is its own author (content/ as published names no one):
no "By <site name>" byline, no author page, an Organization in the structured data. With a
profile (the tests' made-up one, conftest.FIXTURE_SETTINGS): a byline linking to /about/, a
profile there, a Person in the structured data. Reviewers come from a setting, with
credentials, and the linter refuses anyone else."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURE_SETTINGS, REVIEWER, ROOT, build_site

from blog import content_rules as rules

SITENAME = "Keeping Your Calm In Counseling"
IOP = "intensive-outpatient-therapy-program/"
GUEST = "escaping-test-post/"  # tests/fixtures/content: `Author: <em>Tester</em> "Q"`
PROFILE = FIXTURE_SETTINGS["AUTHOR_PROFILE"]


def json_ld(soup) -> list[dict]:
    return [json.loads(s.string) for s in soup.select('script[type="application/ld+json"]')]


def every_page(site) -> list[Path]:
    return [p for p in site.html_files() if "pagefind" not in p.parts]


# While the site is its own author -------------------------------------------------------------


def test_no_byline_names_the_site(published):
    for path in every_page(published):
        text = " ".join(path.read_text(encoding="utf-8").split())
        assert f"By {SITENAME}" not in text, path
        assert 'class="byline"' not in text, path
    assert published.soup(IOP).select_one("main .post-meta time")  # the meta line is there


def test_no_author_pages(published):
    assert not (published.output / "author").exists()
    assert not (published.output / "authors").exists()
    for path in every_page(published):
        assert "/author/" not in path.read_text(encoding="utf-8"), path


def test_structured_data_names_an_organization_and_no_person(published):
    site = {"@type": "Organization", "name": SITENAME, "url": published.url + "/"}
    (post,) = json_ld(published.soup(IOP))
    assert post["author"] == [site] and post["publisher"] == site
    (home,) = json_ld(published.soup(""))
    assert home["publisher"] == site
    for path in every_page(published):
        assert '"Person"' not in path.read_text(encoding="utf-8"), path


def test_about_page_keeps_the_seed_voice_and_shows_no_profile(published):
    about = published.soup("about/")
    assert about.select_one(".author-profile") is None
    assert json_ld(about) == []
    assert "which is why I wanted to put up this blog" in about.get_text()


# With a profile -------------------------------------------------------------------------------


def test_byline_names_the_profile_and_links_to_about(site):
    byline = site.soup(IOP).select_one("main .post-header .byline")
    assert " ".join(byline.get_text().split()) == "By Test Author, MA, LPC"
    link = byline.select_one("a")
    assert link["href"] == f"{site.url}/about/" and link["rel"] == ["author"]
    for summary in site.soup("").select(".post-summary"):  # in lists too
        if summary.select_one(f'h2 a[href="{site.url}/{IOP}"]'):
            assert "By Test Author, MA, LPC" in " ".join(summary.get_text().split())


def test_about_page_shows_the_profile(site):
    profile = site.soup("about/").select_one("main .author-profile")
    heading = " ".join(profile.select_one("h2").get_text().split())
    assert heading == "Test Author, MA, LPC"
    assert PROFILE["bio"] in profile.get_text()
    photo = profile.select_one("img")
    assert photo["src"] == f"{site.url}/images/test-author.png"
    assert (site.output / "images/test-author.png").is_file()
    assert (photo["alt"], photo["width"], photo["height"]) == ("", "112", "112")
    contact = profile.select_one(".contact a")
    assert contact["href"] == "mailto:hello@example.org"


def test_structured_data_names_the_person(site):
    person = {
        "@type": "Person",
        "name": "Test Author",
        "url": f"{site.url}/about/",
        "jobTitle": "MA, LPC",
        "description": PROFILE["bio"],
        "image": f"{site.url}/images/test-author.png",
    }
    (post,) = json_ld(site.soup(IOP))
    assert post["author"] == [person]
    assert post["publisher"] == {"@type": "Organization", "name": SITENAME, "url": site.url + "/"}
    (about,) = json_ld(site.soup("about/"))
    assert about["@type"] == "ProfilePage" and about["mainEntity"] == person


def test_a_guest_author_is_shown_as_written(site):
    soup = site.soup(GUEST)
    assert soup.select_one(".byline").get_text() == 'By <em>Tester</em> "Q"'
    assert soup.select_one(".byline a") is None  # no author page to link to
    (post,) = json_ld(soup)
    assert post["author"] == [{"@type": "Person", "name": '<em>Tester</em> "Q"'}]


# Reviewers ------------------------------------------------------------------------------------


def test_review_shows_name_credentials_and_date(site):
    review = site.soup("care-review-test-post/").select_one("main .review-info")
    text = " ".join(review.get_text().split())
    assert text == f"Reviewed by {REVIEWER}, PhD, LCSW, on November 1, 2026"
    (post,) = json_ld(site.soup("care-review-test-post/"))
    assert post["mainEntityOfPage"]["reviewedBy"] == {
        "@type": "Person",
        "name": REVIEWER,
        "jobTitle": "PhD, LCSW",
    }


POST = """Title: Reviewed
Date: 2026-01-10 09:00
Category: Coping Skills
Summary: A short summary.
Reviewed_by: {name}

Some words here.
"""


def lint_errors(tmp_path: Path, name: str, reviewers: dict) -> list[str]:
    (tmp_path / "post.md").write_text(POST.format(name=name), encoding="utf-8")
    settings = {**rules.read_project_settings(ROOT / "pelicanconf.py")}
    settings["REVIEWERS"] = reviewers
    found = rules.lint_tree(tmp_path, settings, grades=False)
    return [f"{Path(p.path).name}:{p.line}: {p.message}" for p in found if p.severity == "error"]


KNOWN = {"Dr. Sam Lee": {"credentials": "PhD"}}


@pytest.mark.parametrize(
    "name",
    [
        "Dr. Nobody",
        "dr. sam lee",  # not the same person as far as the site knows
        "Sam Lee",
        "Dr. Sam Lee, PhD",
        "Dr. Sam Lee and Dr. Nobody",
        "<script>alert(1)</script>",
    ],
)
def test_linter_rejects_a_reviewer_the_setting_does_not_know(tmp_path, name):
    assert lint_errors(tmp_path, name, KNOWN) == [
        f"post.md:5: Reviewed_by '{name}' is not in REVIEWERS in pelicanconf.py (known: "
        "'Dr. Sam Lee'); add them there with their credentials, or delete the line"
    ]


def test_linter_accepts_a_known_reviewer_or_none(tmp_path):
    assert lint_errors(tmp_path, "Dr. Sam Lee", KNOWN) == []
    assert lint_errors(tmp_path, "", KNOWN) == []  # `invoke new-post` writes the empty line
    assert lint_errors(tmp_path, "Dr. Sam Lee", {}) == [
        "post.md:5: Reviewed_by 'Dr. Sam Lee' is not in REVIEWERS in pelicanconf.py (known: "
        "none yet); add them there with their credentials, or delete the line"
    ]


def test_strict_build_stops_on_an_unknown_reviewer(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    (content / "reviewed.md").write_text(POST.format(name="Dr. Nobody"), encoding="utf-8")
    with pytest.raises(SystemExit) as stopped:
        build_site(content, tmp_path / "out", "http://example.test", SEARCH_INDEX=False)
    assert "reviewed.md:5: Reviewed_by 'Dr. Nobody' is not in REVIEWERS" in str(stopped.value)
