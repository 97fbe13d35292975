"""The content rules (blog/content_rules/): each check, line numbers, CLI, `invoke check`."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from checkout import invoke
from conftest import FIXTURE_CONTENT, FIXTURE_SETTINGS, ROOT

from blog import content_rules as rules
from blog.content_rules.document import load
from blog.content_rules.grade import reading_grade, sentences

GOOD = """Title: A Calm Post
Date: 2026-01-10 09:00
Category: Coping Skills
Summary: A short summary.

Some words here. More words there.
"""


def settings(**extra: object) -> dict[str, object]:
    base = rules.read_project_settings(ROOT / "pelicanconf.py")
    base.update(extra)
    return base


def lint(tmp_path: Path, files: dict[str, str], **extra: object) -> list[rules.Problem]:
    for name, text in files.items():
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return rules.lint_tree(tmp_path, settings(**extra))


def errors(problems: list[rules.Problem]) -> list[str]:
    return [f"{Path(p.path).name}:{p.line}: {p.message}" for p in problems if p.severity == "error"]


def test_site_content_lints_clean() -> None:
    folder = ROOT / "content"
    assert len(rules.content_files(folder, settings())) >= 2, f"no posts found in {folder}"
    assert errors(rules.lint_tree(folder, settings())) == []


def test_test_posts_lint_clean_with_the_test_settings() -> None:
    fixture_settings = settings(**FIXTURE_SETTINGS)
    assert len(rules.content_files(FIXTURE_CONTENT, fixture_settings)) >= 2
    assert errors(rules.lint_tree(FIXTURE_CONTENT, fixture_settings)) == []


def test_good_post_has_no_errors(tmp_path: Path) -> None:
    assert errors(lint(tmp_path, {"good.md": GOOD})) == []


@pytest.mark.parametrize("field", ["Title", "Date", "Category", "Summary"])
def test_missing_field_is_an_error(tmp_path: Path, field: str) -> None:
    text = "\n".join(line for line in GOOD.splitlines() if not line.startswith(f"{field}:"))
    assert errors(lint(tmp_path, {"post.md": text})) == [f"post.md:1: missing {field}"]


def test_page_needs_no_date_or_category(tmp_path: Path) -> None:
    page = "Title: About\nSummary: Who writes here.\n\nHello.\n"
    assert errors(lint(tmp_path, {"pages/about.md": page})) == []
    assert errors(lint(tmp_path, {"pages/about.md": "Title: About\n\nHello.\n"})) == [
        "about.md:1: missing Summary"
    ]


def test_impossible_date_and_bad_status(tmp_path: Path) -> None:
    text = GOOD.replace("2026-01-10", "2026-13-40").replace("Summary:", "Status: drafty\nSummary:")
    found = errors(lint(tmp_path, {"post.md": text}))
    assert found[0].startswith("post.md:2: Date '2026-13-40 09:00' is not a valid date")
    assert found[1] == "post.md:4: Status 'drafty' is not one of: published, draft, hidden"


def test_summary_over_160_characters(tmp_path: Path) -> None:
    assert errors(lint(tmp_path, {"ok.md": GOOD.replace("A short summary.", "x" * 160)})) == []
    long = GOOD.replace("A short summary.", "y" * 161)
    assert errors(lint(tmp_path, {"ok.md": long})) == [
        "ok.md:4: Summary is 161 characters; keep it to 160 or fewer"
    ]


def test_images_without_alt_text(tmp_path: Path) -> None:
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "a.png").write_bytes(b"png")
    body = (
        "![A calm lake]({static}images/a.png)\n"
        "![]({static}images/a.png)\n"
        '<img src="/images/a.png">\n'
        '<img src="/images/a.png" alt=" ">\n'
        '<img src="/images/a.png" alt="Described">\n'
    )
    found = errors(lint(tmp_path, {"post.md": GOOD + body}))
    assert [f.split(": ")[0] for f in found] == ["post.md:8", "post.md:9", "post.md:10"]
    assert all("has no alt text" in f for f in found)


def test_internal_links_and_images_must_exist(tmp_path: Path) -> None:
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "here.png").write_bytes(b"png")
    body = (
        "[fine]({filename}other.md) and [fine too]({filename}/other.md#part)\n"
        "[gone]({filename}gone.md)\n"
        "![Here]({static}images/here.png) ![Gone]({static}images/gone.png)\n"
        "```\n[in code]({filename}not-a-link.md)\n```\n"
    )
    other = GOOD.replace("A Calm", "B")
    found = errors(lint(tmp_path, {"post.md": GOOD + body, "other.md": other}))
    assert [f.split(": ")[0] for f in found] == ["post.md:8", "post.md:9"]
    assert "{filename}gone.md points to" in found[0] and "does not exist" in found[0]
    assert "{static}images/gone.png points to" in found[1]


def test_duplicate_slugs_across_posts_and_pages(tmp_path: Path) -> None:
    page = "Title: Calm\nSlug: a-calm-post\nSummary: A page.\n\nText.\n"
    found = errors(lint(tmp_path, {"a.md": GOOD, "b.md": GOOD, "pages/p.md": page}))
    assert len(found) == 2
    assert all("duplicate slug 'a-calm-post'" in f for f in found)
    assert {f.split(":")[0] for f in found} == {"b.md", "p.md"}


def test_empty_and_non_utf8_files(tmp_path: Path) -> None:
    (tmp_path / "empty.md").write_text("\n\n", encoding="utf-8")
    (tmp_path / "latin.md").write_bytes(GOOD.replace("Calm", "Caf\xe9").encode("latin-1"))
    found = errors(rules.lint_tree(tmp_path, settings()))
    assert found[0].startswith("empty.md:1: the file is empty")
    assert found[1].startswith("latin.md:1: the file is not UTF-8 text (byte 0xE9 at column 13)")


def test_reading_grade_is_information_with_a_configurable_warning(tmp_path: Path) -> None:
    simple = GOOD + "The cat sat. The dog ran. We had fun.\n"
    hard = GOOD.replace("A Calm", "Another") + (
        "Comprehensive psychotherapeutic interventions necessitate considerable "
        "organizational coordination between multidisciplinary professionals, "
        "particularly regarding individualized documentation requirements.\n"
    )
    problems = lint(tmp_path, {"simple.md": simple, "hard.md": hard}, READING_GRADE_WARN=9)
    grades = {Path(p.path).name: p for p in problems if "reading grade" in p.message}
    assert set(grades) == {"simple.md", "hard.md"}, [str(p) for p in problems]
    assert grades["simple.md"].severity == "info"
    assert grades["hard.md"].severity == "warning"
    assert "above 9" in grades["hard.md"].message
    # The same text under a higher limit is only information.
    problems = lint(tmp_path, {}, READING_GRADE_WARN=40)
    severities = {Path(p.path).name: p.severity for p in problems if "reading grade" in p.message}
    assert severities == {"simple.md": "info", "hard.md": "info"}


#: GOOD's front matter, for a body of a test's own.
HEAD = GOOD.split("\n\n")[0] + "\n\n"


def document(tmp_path: Path, text: str) -> rules.Document:
    """`text` as a content file, read as the lint reads it."""
    (tmp_path / "post.md").write_text(text, encoding="utf-8")
    doc, _problems = load(tmp_path / "post.md", "article", tmp_path)
    assert doc is not None
    return doc


def test_the_grade_reads_one_sentence_per_block_and_stop(tmp_path: Path) -> None:
    body = (
        "## A heading without a stop\n\n"
        "One *short* sentence. Another one? A third!\n\n"
        "- A list item: with a clause; and more\n\n"
        "Don't split 24-hour care or U.S. words_with_underscores.\n"
    )
    assert sentences(document(tmp_path, GOOD + body)) == [
        "Some words here",
        "More words there",
        "A heading without a stop",
        "One short sentence",
        "Another one",
        "A third",
        "A list item",
        "with a clause",
        "and more",
        "Don't split 24-hour care or U.S",
        "words with underscores",
    ]


def test_the_grade_reads_html_blocks_as_a_browser_would(tmp_path: Path) -> None:
    body = (
        "<div>\n<p>First one<p>Second &amp; third\n<ul><li>Item<ul><li>Inner</ul></ul>\n"
        "Bare words in the div.\n<pre>code() is not prose</pre>\n</div>\n"
    )
    found = sentences(document(tmp_path, HEAD + body))
    assert found == ["First one", "Second third", "Item", "Inner"]


def test_unclosed_paragraphs_are_read_in_one_pass(tmp_path: Path) -> None:
    """HTML lets a <p> or <li> go unclosed; a pattern looking for each one's end read the rest of
    the document from each (20,000 of them: 8 s in `invoke check`, 200 KB: 31 s)."""
    body = "<div>\n" + "<p>Calm words " * 40_000 + "\n</div>\n"
    doc = document(tmp_path, HEAD + body)
    started = time.monotonic()
    assert len(sentences(doc)) == 40_000
    assert time.monotonic() - started < 20  # about 0.7 s here; generous for a busy machine


@pytest.mark.parametrize(
    "body",
    ["", "_ __ ___", "\u200b \u00ad", "    code only", "![](a.png)", "--- *** ---"],
)
def test_a_body_without_words_has_no_grade(tmp_path: Path, body: str) -> None:
    assert reading_grade(document(tmp_path, HEAD + body)) is None


def test_seed_grades_are_reported_not_enforced() -> None:
    problems = rules.lint_tree(ROOT / "content", settings())
    grades = {Path(p.path).name: p for p in problems if "reading grade" in p.message}
    files = {path.name for path, _kind in rules.content_files(ROOT / "content", settings())}
    assert set(grades) == files  # every post and page gets a grade
    assert {"intensive-outpatient-therapy.md", "about.md"} <= files
    iop = float(grades["intensive-outpatient-therapy.md"].message.split()[2])
    about = float(grades["about.md"].message.split()[2])
    assert iop > about  # long clinical sentences read harder than the short about page


def run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """`python -m blog.content_rules ARGS`, run in `cwd` with the blog's folder importable."""
    return subprocess.run(
        [sys.executable, "-m", "blog.content_rules", *args],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_cli_reports_path_line_and_fails_on_errors(tmp_path: Path) -> None:
    (tmp_path / "bad.md").write_text(GOOD.replace("Category: Coping Skills\n", ""), "utf-8")
    result = run_cli(str(tmp_path), cwd=tmp_path)
    assert result.returncode == 1
    assert "bad.md:1: error: missing Category" in result.stdout
    (tmp_path / "bad.md").write_text(GOOD, "utf-8")
    result = run_cli(str(tmp_path), cwd=tmp_path)
    assert result.returncode == 0, result.stdout
    assert "bad.md:1: info: reading grade" in result.stdout


def test_invoke_check_passes_on_the_site_content() -> None:
    result = invoke(ROOT, "check", timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "content/pages/about.md:1: info: reading grade" in result.stdout
    assert "0 error(s)" in result.stderr


def test_empty_optional_date_is_an_error(tmp_path: Path) -> None:
    text = GOOD.replace("Summary:", "Modified:\nLast_reviewed: 2026-02-31\nSummary:")
    assert errors(lint(tmp_path, {"post.md": text})) == [
        "post.md:4: Modified is empty; give a date or delete the line",
        "post.md:5: Last_reviewed '2026-02-31' is not a valid date; "
        "write it as YYYY-MM-DD or YYYY-MM-DD HH:MM",
    ]


@pytest.mark.parametrize("target", ["draft.md", "pages/draft-page.md"])
def test_a_link_to_a_draft_fails_where_drafts_are_not_published(
    tmp_path: Path, target: str
) -> None:
    """Production writes no drafts: a `{filename}` link to one would be broken and would show
    the draft's address. Locally, where drafts are previewed, the link is fine."""
    draft = GOOD.replace("Summary:", "Status: draft\nSummary:")
    if target.startswith("pages/"):
        draft = draft.replace("Category: Coping Skills\n", "")
    files = {target: draft, "links.md": GOOD + f"\nSee [it]({{filename}}{target}).\n"}
    production = lint(tmp_path, files, DRAFT_SAVE_AS="", DRAFT_PAGE_SAVE_AS="")
    found = [e for e in errors(production) if "a draft" in e]
    assert len(found) == 1, errors(production)
    assert found[0].startswith(f"links.md:8: {{filename}}{target} points to "), found
    assert found[0].endswith(
        f"{target}, a draft, which this build does not publish: the link would be broken and "
        "show the draft's address; publish that post first, or remove the link"
    ), found
    assert not [e for e in errors(lint(tmp_path, files)) if "a draft" in e]


def test_findings_kept_between_lints_are_the_findings_of_a_fresh_lint(tmp_path: Path) -> None:
    """Each file's findings are kept (rules.LintCache) and reused while nothing they read has
    changed. At every step the findings with the cache are those without it: after the
    target of a link is published, after it is removed, after an image it shows is deleted,
    with production settings; and only an unchanged world lets a file's findings be reused."""
    content = tmp_path / "content"
    linking = GOOD + "\nSee [it]({filename}other.md) and ![a lake]({static}images/lake.png).\n"
    files = {
        "linking.md": linking,
        "other.md": "Status: draft\n" + GOOD.replace("A Calm Post", "Other"),
        "bad.md": GOOD.replace("A Calm Post", "Bad").replace("Summary: A short summary.\n", ""),
        "images/lake.png": "not really a png",
    }
    for name, text in files.items():
        (content / name).parent.mkdir(parents=True, exist_ok=True)
        (content / name).write_text(text, encoding="utf-8")
    kept = tmp_path / "cache" / "rules.json"

    def both(config: dict[str, object]) -> tuple[list[str], int]:
        cache = rules.LintCache(kept)
        cached = [str(p) for p in rules.lint_documents(content, config, False, cache)[1]]
        fresh = [str(p) for p in rules.lint_tree(content, config, grades=False)]
        assert cached == fresh
        return cached, cache.hits

    production = settings(DRAFT_SAVE_AS="", DRAFT_PAGE_SAVE_AS="", WITH_FUTURE_DATES=False)
    first, hits = both(production)
    assert hits == 0 and any("other.md" in line and "a draft" in line for line in first), first
    assert any("bad.md" in line and "Summary" in line for line in first)
    again, hits = both(production)
    assert (again, hits) == (first, 3)
    other = content / "other.md"
    other.write_text(other.read_text(encoding="utf-8").replace("Status: draft\n", ""))
    published, hits = both(production)  # the linked post is published: no problem left there
    assert hits == 0 and not any("other.md" in line for line in published)
    (content / "images" / "lake.png").unlink()
    gone, hits = both(production)
    assert hits == 0 and any("lake.png" in line and "does not exist" in line for line in gone)
    other.unlink()
    gone, hits = both(production)
    assert hits == 0 and any("other.md" in line and "does not exist" in line for line in gone)
    (content / "linking.md").write_text(linking + "\nOne more line.\n", encoding="utf-8")
    edited, hits = both(production)  # only the edited file is linted again
    assert (edited, hits) == (gone, 1)
    _local, hits = both(settings())  # other settings: nothing reused
    assert hits == 0


LINKED = GOOD + "\n[help](/help/) and [x](../x/)\n\n`[code](/in-code/)`\n"


def alive_documents() -> list[rules.Document]:
    import gc

    gc.collect()
    return [o for o in gc.get_objects() if isinstance(o, rules.Document)]


def test_released_texts_keep_only_each_files_site_links(tmp_path: Path) -> None:
    (tmp_path / "post.md").write_text(LINKED, encoding="utf-8")
    docs, _problems = rules.lint_documents(tmp_path, settings(), grades=False)
    expected = rules.site_links(docs[0])
    assert [url for _line, url in expected] == ["/help/", "../x/"]
    del docs
    rules.release_texts()
    assert alive_documents() == []  # no file's lines held until the link check
    (tmp_path / "post.md").write_text(GOOD, encoding="utf-8")  # kept: not read again
    kept = rules.links_of(tmp_path / "post.md", tmp_path)
    assert kept is not None and list(kept.links) == expected
    assert kept.display.endswith("post.md")
    rules.fresh()  # a new lint forgets them: the file is read as it is now
    assert rules.links_of(tmp_path / "post.md", tmp_path).links == ()


def test_the_strict_build_lets_go_of_the_texts_after_its_lint(tmp_path: Path) -> None:
    from types import SimpleNamespace

    from blog.plugins import strict_build

    content = tmp_path / "content"
    content.mkdir()
    (content / "post.md").write_text(LINKED, encoding="utf-8")
    config = settings(PATH=str(content), CACHE_PATH=str(tmp_path / "cache"))
    config["PLUGINS"] = ["blog.plugins.strict_build"]
    try:
        strict_build.start(SimpleNamespace(settings=config))  # initialized
        assert alive_documents() == []
        assert rules.links_of(content / "post.md", content) is not None
    finally:
        strict_build.state.reset()
