"""Production builds are atomic, reproducible, inline their stylesheet, ship precompressed copies;
a site without posts takes its dates from its content, never from the clock.

Each build here is `blog.publishing.atomic_build` (what `invoke preview` and `invoke publish`
run) in a fresh Python process, with its own PYTHONHASHSEED, so set ordering or anything else
that varies between runs shows up as a difference between two builds of the same commit.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import brotli
import pytest
from checkout import invoke, make_checkout, output_of
from conftest import FIXTURE_CONTENT, FIXTURE_SETTINGS, ROOT
from lxml import etree

BUILD = (
    "import json, sys; from pathlib import Path; from blog import publishing; "
    "publishing.atomic_build('publishconf.py', Path(sys.argv[1]), PATH=sys.argv[2], "
    "CACHE_PATH=sys.argv[3], **json.loads(sys.argv[4]))"
)

# The test posts name the fixture reviewer. Apache: the profile that writes the most (its
# `.htaccess` and the precompressed copies).
FIXTURES = json.dumps({**FIXTURE_SETTINGS, "HOST": "apache"})


def atomic_build(
    output: Path, content: Path, seed: str, cache: Path
) -> subprocess.CompletedProcess:
    """`invoke preview`'s build in a new process; `cache` is Pelican's content cache folder."""
    env = {**os.environ, "PYTHONHASHSEED": seed, "SITEURL": "https://blog.example.org"}
    return subprocess.run(
        [sys.executable, "-c", BUILD, str(output), str(content), str(cache), FIXTURES],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def tree(folder: Path) -> dict[str, str]:
    """Every file under `folder` (dot-files included) -> sha256 of its bytes."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def tree_hash(folder: Path) -> str:
    """One hash for a whole tree: names and contents of every file."""
    listing = "".join(f"{sha}  {name}\n" for name, sha in tree(folder).items())
    return hashlib.sha256(listing.encode()).hexdigest()


def snapshot(folder: Path) -> dict[str, tuple[str, int, int]]:
    """Contents, modification time and mode of every file and folder: 'as it was'."""
    state = {}
    for path in sorted([folder, *folder.rglob("*")]):
        stat = path.lstat()
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "dir"
        state[path.relative_to(folder).as_posix()] = (digest, stat.st_mtime_ns, stat.st_mode)
    return state


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("publish") / "content"
    shutil.copytree(ROOT / "content", folder)
    shutil.copytree(FIXTURE_CONTENT, folder, dirs_exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(scope="module")
def builds(content: Path, cache: Path, tmp_path_factory) -> tuple[Path, Path]:
    """Two production builds of the same sources, in different folders and processes: the
    first with an empty content cache (as in CI), the second reusing it (as on a laptop)."""
    outputs = []
    for seed in ("1", "2"):
        output = tmp_path_factory.mktemp(f"build{seed}") / "output"
        result = atomic_build(output, content, seed, cache)
        assert result.returncode == 0, result.stderr
        outputs.append(output)
    return outputs[0], outputs[1]


def test_two_builds_are_byte_identical(builds):
    first, second = (tree(output) for output in builds)
    assert len(first) > 40, "the build wrote the whole site"
    assert ".htaccess" in first
    assert any(name.endswith(".gz") for name in first)
    assert any(name.endswith(".br") for name in first)
    assert sorted(first) == sorted(second), "both builds wrote the same files"
    differ = [name for name in first if first[name] != second[name]]
    assert differ == [], f"these files differ between two builds: {differ}"
    # The search index, share images and sitemap are part of the comparison once they exist.
    print(f"tree hashes: {tree_hash(builds[0])} {tree_hash(builds[1])}")


def test_a_failing_build_leaves_the_previous_output_untouched(builds, content, tmp_path):
    output = builds[0]
    before = snapshot(output)
    broken = tmp_path / "content"
    shutil.copytree(content, broken)
    (broken / "impossible-date.md").write_text(
        "Title: An impossible date\nDate: 2026-02-30\nCategory: Tests\n\nBody.\n",
        encoding="utf-8",
    )

    result = atomic_build(output, broken, "3", tmp_path / "cache")

    assert result.returncode != 0, "a post with an impossible date must fail the strict build"
    assert "impossible-date.md" in result.stderr, "the failure names the file"
    assert snapshot(output) == before, "the previous output is byte-for-byte as it was"
    leftovers = [p.name for p in output.parent.iterdir() if p.name != output.name]
    assert leftovers == [], "the failed build's temporary folder is removed"


def test_a_successful_build_replaces_output_but_keeps_cname_and_git(builds, content, tmp_path):
    output = tmp_path / "output"
    shutil.copytree(builds[1], output)
    (output / "CNAME").write_text("blog.example.org\n", encoding="utf-8")
    (output / ".git").mkdir()
    (output / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    (output / "stale-page.html").write_text("from an older build", encoding="utf-8")

    result = atomic_build(output, content, "4", tmp_path / "cache")

    assert result.returncode == 0, result.stderr
    assert (output / "CNAME").read_text(encoding="utf-8") == "blog.example.org\n"
    assert (output / ".git" / "HEAD").exists()
    assert not (output / "stale-page.html").exists(), "the output is the new build, nothing else"
    assert (output / "index.html").exists()
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left in (["output"], ["cache", "output"]), f"a temporary folder is left: {left}"


def test_the_stylesheet_is_inline_in_every_page_and_no_file(builds):
    output = builds[0]
    # Pagefind's bundle carries its own UI stylesheets, which no page uses (search.js draws the
    # results with the site's style); the theme publishes none.
    files = [p.relative_to(output).as_posix() for p in output.rglob("*") if ".css" in p.name]
    theirs = [name for name in files if not name.startswith("pagefind/pagefind-")]
    assert theirs == [], "nothing links a theme stylesheet file, so none is published"
    pages = sorted(output.rglob("*.html"))
    styles = {re.findall(rb"<style>(.*?)</style>", p.read_bytes(), re.DOTALL)[0] for p in pages}
    assert len(pages) > 15 and len(styles) == 1, "one identical inline stylesheet in every page"
    assert all(p.read_bytes().count(b"<style") == 1 for p in pages)
    assert b'rel="stylesheet"' not in b"".join(p.read_bytes() for p in pages)


def test_text_files_have_reproducible_gzip_and_brotli_copies(builds):
    output = builds[0]
    texts = [
        p
        for p in output.rglob("*")
        if p.suffix in {".html", ".css", ".xml", ".js", ".json"} and p.stat().st_size > 1024
    ]
    assert len(texts) > 10
    for path in texts:
        data = path.read_bytes()
        gz = path.with_name(path.name + ".gz").read_bytes()
        assert gzip.decompress(gz) == data, path
        assert gz[4:8] == b"\0\0\0\0", f"{path}.gz records a modification time"
        assert brotli.decompress(path.with_name(path.name + ".br").read_bytes()) == data, path
    # No orphans: every compressed copy sits next to the file it compresses.
    for copy in [*output.rglob("*.gz"), *output.rglob("*.br")]:
        assert copy.with_suffix("").is_file(), copy


def test_publish_pushes_the_build_to_a_gh_pages_branch(builds, tmp_path, monkeypatch):
    """`invoke publish` after the build: ghp-import commits output/ to gh-pages and pushes it."""
    from blog.publishing import push_gh_pages

    def git(*args: str, cwd: Path) -> str:
        return subprocess.run(
            ["git", *args], cwd=cwd, check=True, capture_output=True, text=True
        ).stdout

    remote, clone = tmp_path / "remote.git", tmp_path / "clone"
    git("init", "-q", "--bare", str(remote), cwd=tmp_path)
    git("init", "-q", str(clone), cwd=tmp_path)
    git("remote", "add", "origin", str(remote), cwd=clone)
    monkeypatch.setenv("GIT_AUTHOR_NAME", "Test")
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "test@example.org")
    monkeypatch.setenv("GIT_COMMITTER_NAME", "Test")
    monkeypatch.setenv("GIT_COMMITTER_EMAIL", "test@example.org")
    monkeypatch.chdir(clone)

    push_gh_pages(builds[0], push=True, remote="origin")

    published = set(git("ls-tree", "-r", "--name-only", "gh-pages", cwd=remote).split())
    assert published == set(tree(builds[0])) | {".nojekyll"}


# A site with no posts: feed `updated` and sitemap `lastmod` come from content dates,
# else SOURCE_DATE_EPOCH, else 1970; never from the clock.
EMPTY_SITES = {
    "nothing": ({}, {}, "1970-01-01T00:00:00+00:00"),
    "dated page": (
        {"pages/about.md": "Title: About\nDate: 2025-03-04 10:00\nSummary: s.\n\nHello.\n"},
        {},
        "2025-03-04T10:00:00-05:00",
    ),
    "source date epoch": ({}, {"SOURCE_DATE_EPOCH": "86400"}, "1970-01-02T00:00:00+00:00"),
}


def next_second(after: float) -> None:
    """Return once the clock is in a later whole second than `after` (at most a second)."""
    while int(time.time()) <= int(after):
        time.sleep(0.01)


@pytest.mark.parametrize("site", sorted(EMPTY_SITES))
@pytest.mark.parametrize("command", ["preview", "build"])
def test_a_site_without_posts_is_dated_by_its_content(
    tmp_path: Path, site: str, command: str
) -> None:
    files, env, date = EMPTY_SITES[site]
    checkout = make_checkout(tmp_path, files, valid=False)
    outputs, finished = [], 0.0
    for run in ("first", "second"):
        # A clock-dated file would differ: the second build starts a second later on the clock.
        next_second(after=finished)
        result = invoke(checkout, command, "--output", run, env=env)
        finished = time.time()
        assert result.returncode == 0, output_of(result)
        outputs.append(checkout / run)
    for name in ("feeds/all.atom.xml", "feeds/all.rss.xml", "sitemap.xml"):
        first, second = (output / name for output in outputs)
        assert first.read_bytes() == second.read_bytes(), name
    atom = etree.parse(str(outputs[0] / "feeds/all.atom.xml")).getroot()
    assert atom.findtext("{http://www.w3.org/2005/Atom}updated") == date
    sitemap = etree.parse(str(outputs[0] / "sitemap.xml")).getroot()
    lastmods = {
        el.text for el in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}lastmod")
    }
    assert lastmods == {date}
