"""`invoke new-post "Title"`: a draft with every front matter field, today's date and a slug."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from checkout import invoke, make_checkout, output_of
from conftest import ROOT, build_site
from disks import fill, make_read_only

from blog import content_rules as rules
from blog.authoring import AuthoringError
from blog.authoring import new_post as create

# Every field the theme reads from a post (article_meta, tag_list, post_summary, <meta>).
# Modified and Last_reviewed are dates: Pelican rejects them empty, so a new post has neither.
FIELDS = ["title", "date", "category", "tags", "author", "slug", "summary"]
FIELDS += ["reviewed_by", "content_warning", "status"]


def new_post(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "invoke", "new-post", *args, "--content", str(folder)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def front_matter(path: Path) -> dict[str, str]:
    meta, _lines, _start = rules.parse_front_matter(path.read_text("utf-8").splitlines())
    return meta


def test_new_post_is_a_dated_draft_with_every_field(tmp_path: Path) -> None:
    result = new_post(tmp_path, "Keeping Calm: Before the First Session?")
    assert result.returncode == 0, result.stderr
    path = tmp_path / "keeping-calm-before-the-first-session.md"
    meta = front_matter(path)
    assert list(meta) == FIELDS
    assert meta["title"] == "Keeping Calm: Before the First Session?"
    assert meta["slug"] == "keeping-calm-before-the-first-session"
    assert meta["status"] == "draft"
    today = datetime.now(ZoneInfo("America/New_York")).strftime("%Y-%m-%d")
    assert meta["date"].startswith(today)
    assert "Created" in result.stdout and "Category and Summary" in result.stdout


@pytest.mark.parametrize("title", ["--help", "-h", "--category", "--content", "-V"])
def test_an_option_where_the_title_goes_makes_no_post(tmp_path: Path, title: str) -> None:
    with pytest.raises(AuthoringError, match="is an option, not a title"):
        create(title, content=str(tmp_path))
    assert list(tmp_path.iterdir()) == []


def test_invoke_new_post_help_makes_no_post(tmp_path: Path) -> None:
    result = new_post(tmp_path, "--help")
    assert result.returncode == 1, output_of(result)
    assert "'--help' is an option, not a title" in result.stderr
    assert "Traceback" not in output_of(result)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("title", "slug"),
    [("-5 Degrees and Calm", "5-degrees-and-calm"), ("- Notes -", "notes"), ("A - B", "a-b")],
)
def test_a_title_with_dashes_is_still_a_title(tmp_path: Path, title: str, slug: str) -> None:
    create(title, content=str(tmp_path))
    assert [p.name for p in tmp_path.iterdir()] == [f"{slug}.md"]
    assert front_matter(tmp_path / f"{slug}.md")["slug"] == slug


@pytest.mark.parametrize("title", ["--", "- - -", "?!", "\u2014"])
def test_a_title_without_letters_or_digits_makes_no_post(tmp_path: Path, title: str) -> None:
    with pytest.raises(AuthoringError, match="Cannot make a slug"):
        create(title, content=str(tmp_path))
    assert list(tmp_path.iterdir()) == []


def test_new_post_refuses_to_overwrite(tmp_path: Path) -> None:
    assert new_post(tmp_path, "Same Title").returncode == 0
    path = tmp_path / "same-title.md"
    path.write_text(path.read_text("utf-8") + "The author's words.\n", "utf-8")
    before = path.read_bytes()
    again = new_post(tmp_path, "Same Title")
    assert again.returncode != 0
    assert "already exists: not overwritten" in again.stderr
    assert path.read_bytes() == before


def test_filled_in_post_lints_clean_and_previews_as_a_draft(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    args = ("A Quiet Morning", "--category", "Coping Skills", "--summary", "Start slowly.")
    assert new_post(content, *args).returncode == 0
    problems = rules.lint_tree(content, rules.read_project_settings(None))
    assert [p for p in problems if p.severity == "error"] == []
    build_site(content, tmp_path / "out", "http://127.0.0.1:9", config="pelicanconf.py")
    assert (tmp_path / "out" / "drafts" / "a-quiet-morning" / "index.html").is_file()
    assert not (tmp_path / "out" / "a-quiet-morning").exists()


def test_unfilled_post_is_flagged_by_the_linter(tmp_path: Path) -> None:
    assert new_post(tmp_path, "Half Written").returncode == 0
    problems = rules.lint_tree(tmp_path, rules.read_project_settings(None))
    messages = [f"{p.line}: {p.message}" for p in problems if p.severity == "error"]
    assert messages == ["3: Category is empty", "7: Summary is empty"]


# `invoke new-post` refuses what would break out of its front matter line.
REFUSED = {
    ("title", "Title\nStatus: published"): "The title has a line break (U+000A) at character 6",
    ("title", "Title\rStatus: published"): "The title has a line break (U+000D) at character 6",
    ("title", "Line\u2028separator"): "The title has a line break (U+2028) at character 5",
    ("title", "Vertical\x0bTab"): "The title has a control character (U+000B) at character 9",
    ("title", "\x1b[31mRed"): "The title has a control character (U+001B) at character 1",
    ("category", "Coping\nStatus: published"): "The category has a line break (U+000A) at "
    "character 7",
    ("tags", "calm\nSlug: ../x"): "The tags has a line break (U+000A) at character 5",
    ("summary", "One.\nStatus: published"): "The summary has a line break (U+000A) at character 5",
}


@pytest.mark.parametrize(("option", "value"), sorted(REFUSED))
def test_new_post_refuses_line_breaks_and_control_characters(
    tmp_path: Path, option: str, value: str
) -> None:
    checkout = make_checkout(tmp_path, {})
    args = [value] if option == "title" else ["A fine title", f"--{option}", value]
    result = invoke(checkout, "new-post", *args)
    assert result.returncode == 1, output_of(result)
    expected_line = f"{REFUSED[(option, value)]}: give it on one line of plain text."
    assert result.stderr.strip() == expected_line
    assert sorted(p.name for p in (checkout / "content").iterdir()) == ["calm-breathing.md"]


@pytest.mark.parametrize("field", ["title", "category", "tags", "summary"])
def test_bytes_that_are_not_utf8_make_no_post(tmp_path: Path, field: str) -> None:
    """A terminal in Latin-1, or pasted bytes: Python keeps them as surrogates, which no
    UTF-8 file can hold."""
    values = {"title": "A fine title", field: "Caf\udce9 au lait"}
    with pytest.raises(AuthoringError) as refused:
        create(values.pop("title"), content=str(tmp_path), **values)
    assert str(refused.value) == (
        f"The {field} has a byte that is not UTF-8 text at character 4: give it on one line of "
        "plain text."
    )
    assert list(tmp_path.iterdir()) == []


def test_invoke_new_post_with_a_latin1_title_makes_no_post(tmp_path: Path) -> None:
    result = new_post(tmp_path, "Caf\udce9 latin1")  # the byte 0xE9 in the command line
    assert result.returncode == 1, output_of(result)
    assert result.stderr.strip() == (
        "The title has a byte that is not UTF-8 text at character 4: give it on one line of "
        "plain text."
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("fault", ["full", "read-only"])
def test_a_folder_that_cannot_take_the_post_is_one_sentence(small_disk: Path, fault: str) -> None:
    content = small_disk / "content"
    content.mkdir()
    if fault == "full":
        fill(small_disk, 0)
    else:
        make_read_only(small_disk)
    result = new_post(content, "Calm on a full disk")
    assert result.returncode == 1, output_of(result)
    reason = "No space left on device" if fault == "full" else "Read-only file system"
    assert result.stderr.strip() == (
        f"Cannot write {content}/calm-on-a-full-disk.md: {reason}; nothing was written."
    )
    assert list(content.iterdir()) == []  # no empty post to block the next try


@pytest.mark.parametrize(
    "title", ["Tag", "Search", "404", "2026", "Pagefind", "Feeds", "Drafts", "Theme", "Archives"]
)
def test_a_title_on_an_address_the_site_writes_makes_no_post(tmp_path: Path, title: str) -> None:
    with pytest.raises(AuthoringError, match=r"which the site itself writes .*: give the post an"):
        create(title, content=str(tmp_path))
    assert list(tmp_path.iterdir()) == []


def test_slug_gives_such_a_title_an_address_of_its_own(tmp_path: Path) -> None:
    """Through the task, so the option reaches the function; the draft then lints as any new
    one does: only what is left to fill in."""
    result = new_post(tmp_path, "Search", "--slug", "Search Tips")
    assert result.returncode == 0, output_of(result)
    meta = front_matter(tmp_path / "search-tips.md")
    assert (meta["title"], meta["slug"]) == ("Search", "search-tips")
    problems = rules.lint_tree(tmp_path, rules.read_project_settings(None))
    assert [p.message for p in problems if p.severity == "error"] == [
        "Category is empty",
        "Summary is empty",
    ]
    with pytest.raises(AuthoringError, match="--slug makes the address 'tag'"):
        create("Anything", slug="tag", content=str(tmp_path))
    with pytest.raises(AuthoringError, match="Cannot make a slug from the slug '- -'"):
        create("Anything", slug="- -", content=str(tmp_path))


@pytest.mark.parametrize(
    ("option", "value", "said"),
    [
        ("category", "\U0001f525", "The category '\U0001f525' makes no address"),
        ("category", "?!", "The category '?!' makes no address"),
        ("tags", "calm, ../..", "The tag '../..' makes no address"),
        ("summary", "a" * 161, "The summary is 161 characters: keep it to 160 or fewer."),
    ],
)
def test_what_check_would_refuse_in_the_options_makes_no_post(
    tmp_path: Path, option: str, value: str, said: str
) -> None:
    with pytest.raises(AuthoringError) as refused:
        create("A fine title", content=str(tmp_path), **{option: value})
    assert str(refused.value).startswith(said)
    assert list(tmp_path.iterdir()) == []


def test_new_post_refuses_a_title_too_long_for_a_file_name(tmp_path: Path) -> None:
    checkout = make_checkout(tmp_path, {})
    result = invoke(checkout, "new-post", "Words " * 60)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "The title makes a 362-byte file name, too long: shorten the title."
    )
    assert invoke(checkout, "new-post", "A fine title").returncode == 0  # the control
