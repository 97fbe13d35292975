"""The benchmark corpus generator (benchmarks/corpus.py): deterministic, realistic, lint-clean.

Fast unit tests only (a few hundred posts); nothing here is timed.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest
from conftest import ROOT

from benchmarks import corpus
from blog import content_rules as rules

SAMPLE = 300


@pytest.fixture(scope="module")
def posts() -> list[corpus.Post]:
    return [corpus.make_post(i) for i in range(SAMPLE)]


def _front(text: str, key: str) -> str:
    match = re.search(rf"^{key}: (.*)$", text, re.MULTILINE)
    assert match, f"no {key} in front matter"
    return match.group(1)


def test_same_seed_same_bytes_and_sizes_share_a_prefix(tmp_path: Path) -> None:
    small = corpus.generate(tmp_path / "a", posts=40)
    again = corpus.generate(tmp_path / "b", posts=40)
    larger = corpus.generate(tmp_path / "c", posts=60)
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.md"))
    assert len(files) == 41  # 40 posts + pages/about.md
    for rel in files:
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes()
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "c" / rel).read_bytes()
    assert [p.text for p in small] == [p.text for p in again] == [p.text for p in larger[:40]]
    other_seed = corpus.make_post(5, seed=corpus.DEFAULT_SEED + 1)
    assert other_seed.text != small[5].text


def test_word_counts_in_range(posts: list[corpus.Post]) -> None:
    assert len(posts) == SAMPLE
    for post in posts:
        body = post.text.split("\n\n", 1)[1]
        assert corpus.count_words(body) == post.words
        assert corpus.MIN_WORDS <= post.words <= corpus.MAX_WORDS, post.relpath


def test_tags_categories_and_dates(posts: list[corpus.Post]) -> None:
    assert len(set(corpus.TAGS)) == 30
    assert len(set(corpus.CATEGORIES)) == 6
    used_tags = {tag for post in posts for tag in post.tags}
    assert used_tags == set(corpus.TAGS)
    assert {post.category for post in posts} == set(corpus.CATEGORIES)
    for post in posts:
        assert 1 <= len(post.tags) <= 4 and len(set(post.tags)) == len(post.tags)
        assert _front(post.text, "Tags") == ", ".join(post.tags)
        assert _front(post.text, "Category") == post.category
        assert datetime(2016, 1, 1) <= post.date <= datetime(2025, 12, 31, 23, 59)
    years = {post.date.year for post in posts}
    assert years == set(range(2016, 2026))


def test_markdown_has_headings_lists_and_links(posts: list[corpus.Post]) -> None:
    for post in posts:
        body = post.text.split("\n\n", 1)[1]
        assert re.search(r"^## ", body, re.MULTILINE), post.relpath
    joined = "\n".join(post.text for post in posts)
    assert re.search(r"^### ", joined, re.MULTILINE)
    assert re.search(r"^- ", joined, re.MULTILINE)
    assert re.search(r"^1\. ", joined, re.MULTILINE)
    assert re.search(r"\]\(\{filename\}/posts/post-\d{5}\.md\)", joined)
    slugs = [_front(post.text, "Slug") for post in posts]
    assert len(set(slugs)) == len(slugs)


def test_links_resolve_and_linter_finds_no_error(tmp_path: Path) -> None:
    out = tmp_path / "corpus"
    corpus.generate(out, posts=120)
    posts = sorted((out / "posts").glob("*.md"))
    assert len(posts) == 120
    links = 0
    for path in posts:
        for target in re.findall(r"\{filename\}/([^)]+)\)", path.read_text(encoding="utf-8")):
            assert (out / target).is_file(), f"{path.name} links to missing {target}"
            links += 1
    assert links >= 60, "the corpus links between posts"
    settings = rules.read_project_settings(ROOT / "pelicanconf.py")
    linted = rules.content_files(out, settings)
    assert len(linted) == 121, "the linter sees every post and the about page"
    problems = rules.lint_tree(out, settings, grades=False)
    assert [str(p) for p in problems if p.severity == rules.ERROR] == []


def test_edit_post_changes_only_that_post(tmp_path: Path) -> None:
    out = tmp_path / "corpus"
    corpus.generate(out, posts=5)
    before = {p.name: p.read_bytes() for p in (out / "posts").glob("*.md")}
    edited = corpus.edit_post(out, 2)
    after = {p.name: p.read_bytes() for p in (out / "posts").glob("*.md")}
    assert [name for name in before if before[name] != after[name]] == [edited.name]
