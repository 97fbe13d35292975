"""The content rules through the real commands: a careless or hostile author's variants of
each class (links to unpublished posts, other hosts' content, addresses the site writes itself,
front matter read otherwise than it looks, translations, deep nesting, attachments, files that
are never read) in a copy of the project (tests/checkout.py), through `invoke check`, `invoke
build` and `invoke preview`, each in its own process.

Each bad file is refused once at ``path:line`` with what to do, never with a traceback; the
strict build leaves the last good output as it was; the local build still publishes the good
post and builds around the refused ones; what only looks bad (footnotes, code, escaped
brackets, a post in ``.trash/``) builds.
"""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

import pytest
from checkout import GOOD_PAGE, GOOD_TEXT, invoke, make_checkout, output_of, write_files

LOCAL = "site/local"
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


def post(title: str, extra: str = "", body: str = "Some words.", date: str = "2025-01-11") -> str:
    """Lines 1-4 Title, Date, Category, Summary; `extra` from line 5; a blank line; the body."""
    head = f"Title: {title}\nDate: {date} 09:00\nCategory: Coping Skills\nSummary: A summary.\n"
    return f"{head}{extra}\n{body}\n"


BROKEN = (
    ": the link would be broken and show the draft's address; publish that post first, or "
    "remove the link"
)
OTHER_HOST = (
    "is loaded from another host ({host}): the site's security policy blocks it in the page "
    "and the feeds would send readers to that host; {fix}"
)
DOWNLOAD = "download it into content/images and show it with ![what it shows]({static}images/...)"
RESERVED = (
    "an address the site itself writes ({source}): one page would replace the other or stop "
    "the build"
)
LOST = "Pelican reads this line and all after it as the post's text, not front matter: delete it"
ONE_LANGUAGE = (
    "this site is published in one language (DEFAULT_LANG 'en') and does not support "
    "translations; delete the line, or publish the text as a post of its own without a Lang line"
)

BAD = {
    # 1. links to what this build does not publish
    "future.md": post("Secret announcement", body="Not yet.", date="2099-01-01"),
    "hidden.md": post("Hidden one", "Status: hidden\n"),
    "links.md": post(
        "Links",
        body="[what comes next]({filename}future.md)\n\n<a href='{filename}hidden.md'>h</a>",
    ),
    # 5. other hosts' content, scripts, styles
    "embeds.md": post(
        "Embeds",
        body="![]( https://example.com/lake.png )\n\n"
        '<iframe src="//www.youtube.com/embed/x"></iframe>\n\n'
        "<script>alert(1)</script>\n\n"
        '<p style="color:red">Red.</p>',
    ),
    # 6. addresses the site writes itself
    "year.md": post("2026"),
    "bundle.md": post("Search bundle", "Slug: pagefind\n"),
    # 7, 9, 11. front matter, translations, nesting
    "nbsp.md": post("No-break space", "\u00a0Status: draft\n", "Secret draft words."),
    "typo.md": post("Typo", "Staus: draft\n"),
    "spanish.md": post("Spanish", "Lang: es\n"),
    "climb.md": post("Climb", "Lang: x/../../y\n"),
    "deep.md": post("Deep", body="\n".join("    " * i + "- item" for i in range(300))),
    # 12. attachments, files never read
    "images/lake.png": PNG,
    "one.md": post("One", body="![A lake]({attach}images/lake.png)"),
    "two.md": post("Two", body="![The lake again]({attach}images/lake.png)"),
    "page.html": "<html><head><title>Old</title><meta name='date' content='2025-01-01'>"
    "<meta name='category' content='News'><meta name='summary' content='Old.'></head>"
    "<body>Unchecked</body></html>\n",
    "images/calm%20lake.png": PNG,
    "percent.md": post("Percent", body="![A calm lake]({static}images/calm%20lake.png)"),
}

EXPECTED = [
    "content/bundle.md:5: Slug 'pagefind' is "
    + RESERVED.format(source="search_index")
    + "; give the post another Slug",
    "content/climb.md:5: Lang 'x/../../y': " + ONE_LANGUAGE,
    "content/deep.md:305: lists or quotes nested 300 levels deep here; Markdown cannot render "
    "more than 100 levels: flatten them",
    "content/embeds.md:6: the image https://example.com/lake.png "
    + OTHER_HOST.format(host="example.com", fix=DOWNLOAD),
    "content/embeds.md:6: image https://example.com/lake.png has no alt text; describe it: "
    "![what it shows](...)",
    "content/embeds.md:8: the <iframe> //www.youtube.com/embed/x "
    + OTHER_HOST.format(
        host="www.youtube.com", fix="link to it instead: [what it is](https://...)"
    ),
    "content/embeds.md:10: a <script> in a post: the site's security policy stops it and the "
    "site works without JavaScript; remove it",
    "content/embeds.md:12: a style attribute on <p>: the site's security policy ignores inline "
    "styles, so readers would not see it; remove it (the theme styles every post)",
    "content/links.md:8: {filename}hidden.md points to content/hidden.md, a hidden post, which "
    "the site lists nowhere: a link from a published page would make it public; delete its "
    "Status line to publish it, or remove the link",
    "content/nbsp.md:5: 'Status:' has an invisible no-break space (U+00A0) at column 1, so " + LOST,
    "content/page.html: is never published: .html files are not read here: posts and pages "
    "are Markdown; write it in Markdown as page.md",
    "content/percent.md:6: {static}images/calm%20lake.png points to "
    "content/images/calm%20lake.png, whose name has a %-escape in it (browsers read it as one "
    "and ask for 'calm lake.png'), so the link would be broken; rename the file with letters, "
    "digits and hyphens (calm-lake.png) and change the link",
    "content/spanish.md:5: Lang 'es': " + ONE_LANGUAGE,
    "content/two.md:6: {attach}images/lake.png is already attached to content/one.md:6; an "
    "{attach}ed file moves next to one post only: link it with {static} in both posts",
    "content/typo.md:5: unknown front matter key 'Staus' (did you mean Status?); this site "
    "reads Title, Date, Category, Tags, Summary, Slug, Status and the keys listed in "
    "blog/content_rules/front_matter.py: fix or delete the line",
    "content/year.md:1: the Title '2026' makes the address '2026', which is "
    + RESERVED.format(source="YEAR_ARCHIVE_SAVE_AS")
    + "; add a line 'Slug: another-address'",
]
#: Only production waits for the future post: locally it is published and the link works.
STRICT_ONLY = [
    "content/links.md:6: {filename}future.md points to content/future.md, dated 2099-01-01 "
    "09:00, in the future: this build keeps it as a draft" + BROKEN,
]

GOOD = {
    "footnote.md": post("Footnote", body="Words.[^1]\n\n[^1]: A note, not a link: FOOTNOTE."),
    "code.md": post(
        "Code",
        body="Code:\n\n    [code](/nowhere/) ![](photo.png) {filename}missing.md\n\n"
        "Escaped \\[text\\](/x/) and \\!\\[\\](photo.png).",
    ),
    "in-review.md": post("2026 in review", "Lang: en\n"),
    ".trash/old.md": "Title: Thrown away\nDate: 2026-02-30\n\nTRASHED words.\n",
    "extra/embed.html": "<p>copied as it is</p>\n",
    # unfinished and dated in the future: production waits for it, so nothing in it blocks
    "later.md": post("Later", body="![](photo.png) LATERWORDS", date="2099-01-01"),
}


def tree_hash(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def refused(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """A checkout built once with good content (output/), then given every bad file."""
    checkout = make_checkout(tmp_path_factory.mktemp("refused"), {})
    first = invoke(checkout, "preview", timeout=180)
    assert first.returncode == 0, output_of(first)
    before = tree_hash(checkout / "output")
    write_files(checkout / "content", BAD)
    return {
        "checkout": checkout,
        "before": before,
        "preview": invoke(checkout, "preview", timeout=180),
        "build": invoke(checkout, "build", "--output", LOCAL, timeout=180),
        "check": invoke(checkout, "check", timeout=180),
    }


def lines_of(result: object) -> list[str]:
    return [line.strip() for line in output_of(result).splitlines()]  # type: ignore[arg-type]


def test_the_strict_build_refuses_each_once_and_keeps_the_last_output(refused) -> None:
    result = refused["preview"]
    text = output_of(result)
    assert result.returncode == 1, text
    assert "Traceback" not in text, text
    found = lines_of(result)
    for line in EXPECTED + STRICT_ONLY:
        assert found.count(line) == 1, f"{line!r} not once in:\n{text}"
    assert f"Strict build failed: {len(EXPECTED + STRICT_ONLY)} problems." in text, text
    assert tree_hash(refused["checkout"] / "output") == refused["before"]


def test_invoke_check_lists_the_same_lines(refused) -> None:
    result = refused["check"]
    found = lines_of(result)
    assert result.returncode == 1
    for line in EXPECTED:
        path, rest = line.split(": ", 1)
        assert found.count(f"{path}: error: {rest}") == 1, f"{line!r} not in:\n{found}"
    assert "Traceback" not in output_of(result)


def test_the_local_build_warns_once_and_builds_around_them(refused) -> None:
    result = refused["build"]
    text = " ".join(output_of(result).split())  # Pelican's console wraps long lines
    assert result.returncode == 0, text
    assert "Traceback" not in text and "FileOverwriteFailedError" not in text, text
    for line in EXPECTED:
        assert text.count(line) == 1, f"{line!r} not once in:\n{text}"
    assert text.count("WARNING") == len(EXPECTED), text  # and nothing else, in other words
    site = refused["checkout"] / LOCAL
    assert GOOD_TEXT in (site / GOOD_PAGE).read_text("utf-8")
    # The site's own files stay its own: the year archive and the search bundle.
    assert "Some words." not in (site / "2026" / "index.html").read_text("utf-8")
    assert (site / "pagefind" / "pagefind.js").is_file()
    assert not (site / "pagefind" / "index.html").exists()
    assert not list(site.rglob("*Unchecked*")) and "Unchecked" not in "".join(
        p.read_text("utf-8", "replace") for p in site.rglob("*.html")
    )


@pytest.fixture(scope="module")
def accepted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    checkout = make_checkout(tmp_path_factory.mktemp("accepted"), GOOD)
    return {
        "checkout": checkout,
        "preview": invoke(checkout, "preview", timeout=180),
        "check": invoke(checkout, "check", timeout=180),
    }


def test_what_only_looks_wrong_is_published(accepted) -> None:
    result = accepted["preview"]
    assert result.returncode == 0, output_of(result)
    # Locally future posts are published, so `invoke check` names what the later one lacks.
    errors = [line for line in lines_of(accepted["check"]) if ": error: " in line]
    assert errors == [
        "content/later.md:6: error: image photo.png has no alt text; describe it: "
        "![what it shows](...)"
    ], output_of(accepted["check"])
    site = accepted["checkout"] / "output"
    assert "FOOTNOTE" in (site / "footnote" / "index.html").read_text("utf-8")
    assert "[code](/nowhere/)" in (site / "code" / "index.html").read_text("utf-8")
    assert (site / "2026-in-review" / "index.html").is_file()
    assert (site / "extra" / "embed.html").is_file()
    pages = "".join(p.read_text("utf-8", "replace") for p in site.rglob("*.html"))
    assert "TRASHED" not in pages and "LATERWORDS" not in pages
