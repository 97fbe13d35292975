"""Bad input: the strict build names the file and the problem; the local build warns and goes on.

Each case in tests/fixtures/bad_input/<case>/ holds one broken file; it is built together
with one valid post (bad_input/_valid/). Pelican alone would log the bad post, leave it out
and exit 0; with blog/plugins/strict_build.py and STRICT = True (publishconf.py) the `pelican`
command must exit 1 with a "path:line: problem" line and no traceback.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES as ALL_FIXTURES
from conftest import ROOT, build_site

FIXTURES = ALL_FIXTURES / "bad_input"

# case folder -> (broken file, what the strict build must say about it)
CASES = {
    "impossible-date": (
        "impossible-date.md",
        ":2: Date '2026-02-30 09:00' is not a valid date; "
        "write it as YYYY-MM-DD or YYYY-MM-DD HH:MM",
    ),
    "no-title": ("no-title.md", ":1: missing Title"),
    "empty-file": ("empty.md", ":1: the file is empty"),
    "not-utf8": ("latin-1.md", ":1: the file is not UTF-8 text (byte 0xE9 at column 11)"),
    "broken-link": ("broken-link.md", ":7: {filename}missing-post.md points to"),
    "duplicate-slug": ("duplicate-slug.md", ":4: duplicate slug 'calm-breathing'"),
}


def make_site(tmp_path: Path, case: str) -> Path:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "_valid", content)
    shutil.copytree(FIXTURES / case, content, dirs_exist_ok=True)
    return content


@pytest.mark.parametrize("case", sorted(CASES))
def test_strict_cli_build_fails_with_file_and_problem(tmp_path: Path, case: str) -> None:
    content = make_site(tmp_path, case)
    broken, expected = CASES[case]
    env = {**os.environ, "SITEURL": "http://127.0.0.1:9", "COLUMNS": "200"}
    result = subprocess.run(
        [
            *(sys.executable, "-m", "pelican", str(content), "-o", str(tmp_path / "out")),
            *("-s", str(ROOT / "publishconf.py"), "--cache-path", str(tmp_path / "cache")),
        ],
        cwd=tmp_path,  # paths are then shown relative: content/<file>
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Strict build failed: 1 problem." in result.stderr, output
    assert f"  content/{broken}{expected}" in result.stderr, output
    assert "Traceback" not in output


@pytest.mark.parametrize("case", sorted(CASES))
def test_strict_build_lists_only_the_broken_file(tmp_path: Path, case: str) -> None:
    from blog.plugins.strict_build import StrictBuildError

    content = make_site(tmp_path, case)
    broken, expected = CASES[case]
    with pytest.raises(StrictBuildError) as failure:
        build_site(content, tmp_path / "out", "http://127.0.0.1:9")
    assert len(failure.value.problems) == 1, failure.value.problems
    assert f"{broken}{expected}" in failure.value.problems[0]
    assert failure.value.code != 0  # what sys.exit makes of it: exit status 1 with the message


@pytest.mark.parametrize("case", sorted(CASES))
def test_local_build_warns_and_goes_on(
    tmp_path: Path, case: str, caplog: pytest.LogCaptureFixture
) -> None:
    content = make_site(tmp_path, case)
    broken, expected = CASES[case]
    output = tmp_path / "out"
    with caplog.at_level(logging.WARNING):
        build_site(content, output, "http://127.0.0.1:9", config="pelicanconf.py")
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert any(f"{broken}{expected}" in message for message in warnings), warnings
    # The valid post is still published, whatever the broken file did.
    assert "Calm Breathing" in (output / "calm-breathing" / "index.html").read_text("utf-8")


def test_duplicate_slug_local_build_keeps_the_first_file(tmp_path: Path) -> None:
    content = make_site(tmp_path, "duplicate-slug")
    build_site(content, tmp_path / "out", "http://127.0.0.1:9", config="pelicanconf.py")
    page = (tmp_path / "out" / "calm-breathing" / "index.html").read_text("utf-8")
    assert "Calm Breathing Before" in page
    assert "Another Post About Breathing" not in page


def test_valid_fixture_builds_strictly(tmp_path: Path) -> None:
    """The control: without a broken file the same strict build succeeds."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "_valid", content)
    build_site(content, tmp_path / "out", "http://127.0.0.1:9")
    assert (tmp_path / "out" / "calm-breathing" / "index.html").is_file()


@pytest.mark.parametrize("when", ["article_generator_finalized", "article_writer_finalized"])
def test_any_warning_fails_the_strict_build_but_not_the_local_one(
    tmp_path: Path, when: str
) -> None:
    """Like `--fatal warnings`, with the message instead of a traceback: a warning while reading
    stops the build before writing; one while writing stops it at the end."""
    from pelican import signals

    from blog.plugins.strict_build import StrictBuildError

    def odd(sender: object, **_kwargs: object) -> None:
        logging.getLogger("pelican.test").warning("Something odd in %s", "calm-breathing.md")

    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "_valid", content)
    signal = getattr(signals, when)
    signal.connect(odd)
    try:
        build_site(content, tmp_path / "local", "http://127.0.0.1:9", config="pelicanconf.py")
        with pytest.raises(StrictBuildError) as failure:
            build_site(content, tmp_path / "out", "http://127.0.0.1:9")
    finally:
        signal.disconnect(odd)
    assert failure.value.problems == ["Something odd in calm-breathing.md"]
    assert (tmp_path / "local" / "calm-breathing" / "index.html").is_file()
    written = (tmp_path / "out" / "calm-breathing" / "index.html").is_file()
    assert written == (when == "article_writer_finalized")


def test_pelicans_own_messages_are_translated(tmp_path: Path) -> None:
    """What the strict build says when only Pelican saw the problem (the linter runs first)."""
    from blog.plugins.strict_build import Collector

    (tmp_path / "empty.md").write_text("", "utf-8")
    collector = Collector(str(tmp_path))

    def record(msg: str, *args: object) -> logging.LogRecord:
        return logging.LogRecord("pelican", logging.ERROR, __file__, 1, msg, args, None)

    # Pelican logs "Could not process" inside its `except` block, without the exception.
    try:
        raise ValueError("'2026-02-30' is not a valid date")
    except ValueError:
        collector.emit(record("Could not process %s", "./x.md"))
    try:
        b"caf\xe9".decode("utf-8")
    except UnicodeDecodeError:
        collector.emit(record("Could not process %s", "./x.md"))
    skipping = "Skipping %s: could not find information about '%s'"
    collector.emit(record(skipping, str(tmp_path / "y.md"), "title"))
    collector.emit(record(skipping, str(tmp_path / "empty.md"), "title"))
    collector.emit(record("Unable to find '%s', skipping url replacement.", "gone.md"))
    assert [text for _path, _kind, text in collector.records] == [
        "Date '2026-02-30' is not a valid date (write it as YYYY-MM-DD or YYYY-MM-DD HH:MM)",
        "the file is not UTF-8 text (byte 0xE9 at offset 3); save it with UTF-8 encoding",
        "missing Title in the front matter",
        "the file is empty",
        "a {filename} link points to 'gone.md', which does not exist",
    ]
    assert collector.records[0][0] == [str(tmp_path / "x.md")]


def test_a_named_harmless_warning_can_be_allowed(tmp_path: Path) -> None:
    """STRICT_ALLOWED_WARNINGS lets one named library warning through; any other still fails."""
    from pelican import signals

    from blog.plugins.strict_build import StrictBuildError

    def noisy(sender: object, **_kwargs: object) -> None:
        logging.getLogger("pelican.test.library").warning("Harmless notice %d", 1)
        logging.getLogger("pelican.test.library").warning("Real trouble")

    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "_valid", content)
    allow = [("pelican.test", r"^Harmless notice")]
    signals.article_generator_finalized.connect(noisy)
    try:
        with pytest.raises(StrictBuildError) as failure:
            build_site(
                content, tmp_path / "out", "http://127.0.0.1:9", STRICT_ALLOWED_WARNINGS=allow
            )
    finally:
        signals.article_generator_finalized.disconnect(noisy)
    assert failure.value.problems == ["Real trouble"]
