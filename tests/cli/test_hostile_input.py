"""Hostile and careless content, class by class, through the real `invoke preview` (strict) and
`invoke build` (local), each in its own process in a copy of the project (tests/checkout.py).

For every class: the strict build exits 1 with each problem once, as ``path:line: message``
(or passes, for drafts), and no traceback; the local build exits 0, prints the same lines once
each, still publishes the good posts, writes only well-formed XML (parsed with lxml), nothing
outside its output folder and no file name a file system cannot hold.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from checkout import GOOD_PAGE, GOOD_TEXT, FileSpec, invoke, make_checkout, output_of
from lxml import etree

SITEURL = "http://127.0.0.1:9"
# The local build's output folder: one level deeper than content/, so a path that leaves the
# content folder by ../.. does not land back on its own source; and a sibling folder named
# like it (site/local-evil) starts with its name, as Pelican's own check compares strings.
LOCAL = "site/local"
HINT = "(it often comes with text pasted from a word processor)"
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def post(
    title: str,
    *,
    category: str = "Coping Skills",
    tags: str = "breathing",
    summary: str = "A summary.",
    slug: str | None = None,
    extra: tuple[str, ...] = (),
    body: str = "Some words.",
) -> str:
    """A post whose lines are: 1 Title, 2 Date, 3 Category, 4 Tags, 5 Summary, then Slug and
    `extra` (from line 6), a blank line, and the body."""
    lines = [f"Title: {title}", "Date: 2026-01-11 09:00", f"Category: {category}"]
    lines += [f"Tags: {tags}", f"Summary: {summary}"]
    lines += [f"Slug: {slug}"] if slug is not None else []
    return "\n".join([*lines, *extra, "", body, ""])


def control(name: str, code: int, column: int, more: str = "") -> str:
    return (
        f"invisible {name} (U+{code:04X}) at column {column}{more}; feeds and the sitemap "
        f"cannot carry it: delete it {HINT}"
    )


def bad_slug(slug: str, why: str) -> str:
    return f"Slug '{slug}' {why}; use letters, digits and hyphens (a-calm-morning)"


def no_page(url: str, path: str) -> str:
    return (
        f"the link {url} leads to no page of this site ({path}); link to an address the site "
        "has, such as /about/"
    )


@dataclass
class Case:
    """Content files; the exact lines the strict build lists (none: it passes); the exact lines
    the local build prints besides them; output files the local build must (not) have."""

    files: dict[str, FileSpec]
    problems: list[str]
    local_only: list[str] = field(default_factory=list)
    published: list[str] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)


SECRET = "secret-outside-the-checkout"  # a folder beside the checkout, never to be published


def _link(target: str):
    return lambda path: os.symlink(target, path)


CASES: dict[str, Case] = {
    # 1. Characters XML cannot carry: C0 controls in every field, U+FFFE/U+FFFF; NEL and
    # U+2028 are XML and must not shift line numbers.
    "control-characters": Case(
        files={
            "vt-title.md": post("Vertical\x0bTab"),
            "nul-body.md": post("Nul in body", body="Some\x00words."),
            "ff-summary.md": post("Form feed", summary="A\x0csummary."),
            "esc-tag.md": post("Escape in a tag", tags="calm\x1bness"),
            "bs-category.md": post("Backspace", category="Coping\x08Skills"),
            "nonchar.md": post("Non-character", body="A\ufffe and \uffff."),
            "two-lines.md": post("Vertical\x0bTab Two", body="Fine line.\n\nForm\x0cfeed."),
            "nel.md": post("Next\x85line", slug="next-line", body="Line\u2028separator."),
        },
        problems=[
            "content/vt-title.md:1: " + control("vertical tab", 0x0B, 16),
            "content/nul-body.md:7: " + control("NUL character", 0x00, 5),
            "content/ff-summary.md:5: " + control("form feed (page break)", 0x0C, 11),
            "content/esc-tag.md:4: " + control("escape character", 0x1B, 11),
            "content/bs-category.md:3: " + control("backspace", 0x08, 17),
            "content/nonchar.md:7: "
            + control("non-character", 0xFFFE, 2, " (and 1 more on this line)"),
            "content/two-lines.md:1: " + control("vertical tab", 0x0B, 16),
            "content/two-lines.md:9: " + control("form feed (page break)", 0x0C, 5),
        ],
        published=[
            "vertical-tab/index.html",
            "nul-in-body/index.html",
            "form-feed/index.html",
            "escape-in-a-tag/index.html",
            "backspace/index.html",
            "non-character/index.html",
            "vertical-tab-two/index.html",
            "next-line/index.html",
        ],
    ),
    # 2. Names too long for a file system: from a title, accents, a Slug in bytes, a tag and a
    # category (whose feed name is longer still).
    "long-names": Case(
        files={
            "long-title.md": post("Long title words " * 30),
            "long-accents.md": post("é" * 300),
            "long-slug.md": post("Long slug", slug="a" * 250),
            "long-bytes.md": post("Long in bytes", slug="ü" * 130),
            "long-tag.md": post("Long tag", tags="calm" * 70),
            "long-category.md": post("Long category", category="Calmness" * 40),
        },
        problems=[
            "content/long-accents.md:1: the address made from the Title is 300 bytes long, "
            "more than a file name can hold (245 here); add a shorter 'Slug:' line",
            "content/long-bytes.md:6: the Slug is 260 bytes long, more than a file name can "
            "hold (245 here); shorten it",
            "content/long-category.md:3: Category 'CalmnessCalmnessCalmnessCalmnessCalmness...' "
            "makes a file name of 329 bytes, more than a file name can hold (245 here); "
            "shorten it",
            "content/long-slug.md:6: the Slug is 250 bytes long, more than a file name can "
            "hold (245 here); shorten it",
            "content/long-tag.md:4: Tag 'calmcalmcalmcalmcalmcalmcalmcalmcalmcalm...' makes a "
            "file name of 280 bytes, more than a file name can hold (245 here); shorten it",
            "content/long-title.md:1: the address made from the Title is 509 bytes long, more "
            "than a file name can hold (245 here); add a shorter 'Slug:' line",
        ],
        absent=["a" * 250, "u" * 130, "long-slug"],
    ),
    # 3. Addresses that need escaping: allowed ones are escaped in every XML file; ones a URL
    # cannot carry as they are (or that leave the site) are refused with the character.
    "escaping": Case(
        files={
            "q-and-a.md": post("Questions and answers", slug="q&a"),
            "cafe.md": post("Café au lait", slug="café"),
            "markup.md": post("Tom & Jerry <b>\"quotes\"</b> & 'apostrophes'", slug="markup"),
            "less-than.md": post("Less than", slug="a<b"),
            "quoted.md": post("Quoted", slug='"x"'),
            "space.md": post("Space", slug="two words"),
            "query.md": post("Query", slug="what?now#then"),
            "percent.md": post("Percent", slug="100%"),
            "traversal.md": post("Traversal", slug="../x"),
            "prefix.md": post("Prefix", slug="../local-evil"),
        },
        problems=[
            "content/less-than.md:6: "
            + bad_slug("a<b", "has characters an address cannot carry as they are (<)"),
            "content/percent.md:6: "
            + bad_slug("100%", "has characters an address cannot carry as they are (%)"),
            "content/prefix.md:6: "
            + bad_slug("../local-evil", "would put the page outside its place in the site"),
            "content/query.md:6: "
            + bad_slug("what?now#then", "has characters an address cannot carry as they are (# ?)"),
            "content/quoted.md:6: "
            + bad_slug('"x"', 'has characters an address cannot carry as they are (")'),
            "content/space.md:6: "
            + bad_slug("two words", "has characters an address cannot carry as they are (space)"),
            "content/traversal.md:6: "
            + bad_slug("../x", "would put the page outside its place in the site"),
        ],
        published=["q&a/index.html", "café/index.html", "markup/index.html"],
    ),
    # 4a. Links to pages the site does not have: root-relative, relative, HTML, image,
    # reference; good links and links in code are not reported.
    "missing-pages": Case(
        files={
            "links.md": post(
                "Links",
                body="\n".join(
                    [
                        "[x](/no-such/)",
                        "[y](no-such-either/)",
                        '<a href="/also-missing/">z</a>',
                        "![A picture](/images/missing.png)",
                        "[r][ref]",
                        "[ref]: /ref-missing/",
                        "[fine](/calm-breathing/) [feed](/feeds/all.atom.xml) [top](#top)",
                        "[out](https://example.org/x) [mail](mailto:a@example.org) [s](/search/)",
                        "`[code](/in-code/)` and [up](../calm-breathing/)",
                    ]
                ),
            ),
        },
        problems=[
            "content/links.md:7: " + no_page("/no-such/", "/no-such/"),
            "content/links.md:8: " + no_page("no-such-either/", "/links/no-such-either/"),
            "content/links.md:9: " + no_page("/also-missing/", "/also-missing/"),
            "content/links.md:10: " + no_page("/images/missing.png", "/images/missing.png"),
            "content/links.md:12: " + no_page("/ref-missing/", "/ref-missing/"),
        ],
        published=["links/index.html"],
    ),
    # 4b. Paths out of the content folder: {static} and {filename} links, a linked folder
    # and a linked post; nothing is read from or written outside.
    "outside-paths": Case(
        files={
            "reach-out.md": post("Reach out", body=f"[pw]({{static}}../../{SECRET}/pw.txt)"),
            "reach-post.md": post("Reach post", body=f"[post]({{filename}}../../{SECRET}/leak.md)"),
            "images/leak": _link(f"../../../{SECRET}"),
            "leak-post.md": _link(f"../../{SECRET}/leak.md"),
            # A pipe: a build that follows the link to read it waits for ever.
            "leak-pipe.md": _link(f"../../{SECRET}/pipe.md"),
        },
        problems=[],  # filled in by outside_paths_problems(): they name absolute paths
        absent=["images/leak", "leaked-post/index.html"],
    ),
    # 5. Precision: each problem once, at the file as written and its line.
    "precision": Case(
        files={
            "code.md": post(
                "Code",
                body='Write `<img src="x.png">` in HTML.\n\n```\n~~~\n![](y.png)\n```\n'
                "<!-- ![](z.png) -->",
            ),
            "two-titles.md": post("One", extra=("Title: Two",)),
            "two-tags.md": post("Tags twice", extra=("Tags: again",)),
            "dot-slug.md": post("Dot slug", slug="./x"),
            "emoji.md": post("🙂🙂"),
            "empty-slug.md": post("Empty slug", slug=""),
            "images/notes/alias-target.md": "Title: Alias\nDate: 2026-01-11\nCategory: X\n\nHi.\n",
            "alias.md": _link("images/notes/alias-target.md"),
            "missing-image.md": post("Missing image", body="![A lake]({static}images/lake.png)"),
            "bad-status.md": post("Bad status", extra=("Status: drafty",)),
        },
        problems=[
            "content/alias.md:1: missing Summary",
            "content/bad-status.md:6: Status 'drafty' is not one of: published, draft, hidden",
            "content/dot-slug.md:6: "
            + bad_slug("./x", "would put the page outside its place in the site"),
            "content/emoji.md:1: the Title '🙂🙂' makes no address (it has no letters or "
            "digits); add a line 'Slug: words-for-the-address'",
            "content/empty-slug.md:6: Slug is empty; give the address (a-calm-morning) or "
            "delete the line",
            "content/missing-image.md:7: {static}images/lake.png points to "
            "content/images/lake.png, which does not exist",
            "content/two-tags.md:6: Tags is given 2 times (lines 4 and 6); keep one line (one "
            "Tags line lists several, separated by commas)",
            "content/two-titles.md:6: Title is given 2 times (lines 1 and 6); keep one line",
        ],
        published=["code/index.html"],
    ),
    # 6. Drafts never block production: a draft on a published post's (or page's) address,
    # unfinished, with an impossible date, not UTF-8. Locally each is a warning naming it.
    "drafts": Case(
        files={
            "pages/about.md": "Title: About\nSummary: Who writes here.\n\nHello.\n",
            "draft-same-slug.md": post("Draft", slug="calm-breathing", extra=("Status: draft",)),
            "pages/draft-about.md": "Title: New about\nSlug: about\nSummary: s.\nStatus: draft"
            "\n\nDraft.\n",
            "draft-unfinished.md": "Title: Unfinished\nDate: 2026-01-12\nStatus: draft\n\nHm.\n",
            "draft-bad-date.md": "Title: Bad date\nDate: 2026-02-30 09:00\nCategory: X\n"
            "Summary: s.\nStatus: draft\n\nText.\n",
            "draft-latin1.md": "Title: Caf\xe9\nDate: 2026-01-12\nCategory: X\nSummary: s.\n"
            "Status: draft\n\nText.\n".encode("latin-1"),
        },
        problems=[],
        local_only=[
            "content/draft-bad-date.md:2: Date '2026-02-30 09:00' is not a valid date; write "
            "it as YYYY-MM-DD or YYYY-MM-DD HH:MM",
            "content/draft-latin1.md:1: the file is not UTF-8 text (byte 0xE9 at column 11); "
            "save it with UTF-8 encoding",
            "content/draft-same-slug.md:6: this draft's slug 'calm-breathing' is the address "
            "of content/calm-breathing.md, which is published; give the draft a different "
            "Slug before you publish it",
            "content/draft-unfinished.md:1: missing Category",
            "content/draft-unfinished.md:1: missing Summary",
            "content/pages/draft-about.md:2: this draft's slug 'about' is the address of "
            "content/pages/about.md, which is published; give the draft a different Slug "
            "before you publish it",
        ],
        published=["about/index.html", "drafts/calm-breathing/index.html"],
    ),
}


@dataclass
class Built:
    checkout: Path
    strict: object
    local: object

    @property
    def output(self) -> Path:
        return self.checkout / LOCAL


def make_secret(base: Path) -> Path:
    secret = base / SECRET
    secret.mkdir()
    (secret / "pw.txt").write_text("TOPSECRET\n", "utf-8")
    (secret / "leak.md").write_text(post("Leaked post", body="LEAKEDWORDS"), "utf-8")
    os.mkfifo(secret / "pipe.md")
    return secret


def outside_paths_problems(built: Built) -> list[str]:
    secret = os.path.realpath(built.checkout.parent / SECRET)
    follow = "the build does not follow it: copy what it should publish into the content folder"
    copy = "only files in the content folder are published: copy the file in"
    return [
        f"content/images/leak: is a link to {secret}, outside the content folder; {follow}",
        f"content/leak-pipe.md: is a link to {secret}/pipe.md, outside the content folder; "
        f"{follow}",
        f"content/leak-post.md: is a link to {secret}/leak.md, outside the content folder; "
        f"{follow}",
        f"content/reach-out.md:7: {{static}}../../{SECRET}/pw.txt points outside the content "
        f"folder (to {secret}/pw.txt); {copy}",
        f"content/reach-post.md:7: {{filename}}../../{SECRET}/leak.md points outside the "
        f"content folder (to {secret}/leak.md); {copy}",
    ]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory):
    done: dict[str, Built] = {}

    def build(name: str) -> Built:
        if name not in done:
            base = tmp_path_factory.mktemp(name)
            make_secret(base)
            checkout = make_checkout(base, CASES[name].files)
            strict = invoke(checkout, "preview", timeout=120)
            local = invoke(checkout, "build", "--output", LOCAL, timeout=120)
            done[name] = Built(checkout, strict, local)
        return done[name]

    return build


def expected(name: str, built: Built) -> list[str]:
    return outside_paths_problems(built) if name == "outside-paths" else CASES[name].problems


@pytest.mark.parametrize("name", sorted(CASES))
def test_strict_build_lists_each_problem_once(built, name: str) -> None:
    result = built(name)
    out = output_of(result.strict)
    assert "Traceback" not in out, out
    problems = expected(name, result)
    if not problems:
        assert result.strict.returncode == 0, out
        assert "Strict build failed" not in out
        for path in CASES[name].files:
            assert path not in out, f"the strict build speaks of {path}"
        return
    noun = "problem" if len(problems) == 1 else "problems"
    assert result.strict.returncode == 1, out
    assert f"Strict build failed: {len(problems)} {noun}. Fix and build again:" in out, out
    listed = [line[2:] for line in result.strict.stderr.splitlines() if line.startswith("  ")]
    assert sorted(listed) == sorted(problems), out
    assert not (result.checkout / "output").exists(), "a failed strict build publishes nothing"


@pytest.mark.parametrize("name", sorted(CASES))
def test_local_build_warns_once_and_publishes_the_good_posts(built, name: str) -> None:
    result = built(name)
    out = output_of(result.local)
    assert result.local.returncode == 0, out
    assert "Traceback" not in out, out
    for line in [*expected(name, result), *CASES[name].local_only]:
        assert out.count(line) == 1, f"not said exactly once: {line}\n{out}"
    output = result.output
    assert GOOD_TEXT in (output / GOOD_PAGE).read_text("utf-8")
    for path in CASES[name].published:
        assert (output / path).is_file(), path
    for path in CASES[name].absent:
        assert not (output / path).exists(), path


@pytest.mark.parametrize("name", sorted(set(CASES) - {"missing-pages"}))
def test_invoke_check_reports_each_problem_as_the_builds_do(built, name: str) -> None:
    """`invoke check` (local settings) says the same, as errors; links to missing pages are
    known only once the site is written, so only the builds report those."""
    result = built(name)
    check = invoke(result.checkout, "check")
    errors = [*expected(name, result), *CASES[name].local_only]
    assert check.returncode == 1, "every case has at least one error"
    for line in errors:
        path_line, message = line.split(": ", 1)
        severity = "warning" if "this draft's slug" in message else "error"
        assert check.stdout.count(f"{path_line}: {severity}: {message}") == 1, check.stdout


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_xml_file_parses_and_every_name_fits(built, name: str) -> None:
    output = built(name).output
    xml = sorted(output.rglob("*.xml"))
    assert {"sitemap.xml", "all.atom.xml", "all.rss.xml"} <= {p.name for p in xml}
    for path in xml:
        etree.parse(str(path))  # raises on anything ill-formed
    for path in output.rglob("*"):
        assert len(path.name.encode()) <= 255, path
        if path.is_file() and path.suffix in {".html", ".xml", ".json", ".txt"}:
            assert not XML_FORBIDDEN.search(path.read_text("utf-8", "replace")), path


def test_sitemap_addresses_are_escaped_and_lead_to_published_pages(built) -> None:
    output = built("escaping").output
    root = etree.parse(str(output / "sitemap.xml")).getroot()
    locs = [el.text for el in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert locs and all(loc.startswith("/") for loc in locs)  # local: SITEURL is ""
    for loc in locs:
        assert re.fullmatch(r"[A-Za-z0-9/:@!$&'()*+,;=~%._-]+", loc), loc
        path = unquote(urlsplit(loc).path).lstrip("/")
        target = output / path / "index.html" if loc.endswith("/") else output / path
        assert target.is_file(), loc
    assert "/q&a/" in locs and "/caf%C3%A9/" in locs
    for feed in ("feeds/all.atom.xml", "feeds/all.rss.xml"):
        text = etree.tostring(etree.parse(str(output / feed)), encoding="unicode")
        assert "Tom &amp; Jerry" in text


def test_nothing_is_read_from_or_written_outside_the_folders(built) -> None:
    result = built("outside-paths")
    base = result.checkout.parent
    assert sorted(p.name for p in base.iterdir()) == ["checkout", SECRET]
    assert sorted(p.name for p in (base / SECRET).iterdir()) == ["leak.md", "pipe.md", "pw.txt"]
    made = {"blog", "cache", "content", "output", "pelicanconf.py", "publishconf.py"}
    made |= {"site", "tasks.py", "theme"}
    assert {p.name for p in result.checkout.iterdir()} <= made
    assert sorted(p.name for p in (result.checkout / "site").iterdir()) == ["local"]
    for path in result.output.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert b"TOPSECRET" not in data and b"LEAKEDWORDS" not in data, path


def test_a_slug_cannot_write_beside_the_output_folder(built) -> None:
    """Pelican checks "inside the output folder" as a string prefix: ../local-evil passes it."""
    result = built("escaping")
    assert sorted(p.name for p in (result.checkout / "site").iterdir()) == ["local"]


def test_drafts_are_not_in_production(built) -> None:
    output = built("drafts").checkout / "output"
    assert (output / GOOD_PAGE).is_file() and not (output / "drafts").exists()
    for path in output.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".xml", ".json"}:
            text = path.read_text("utf-8")
            assert "Unfinished" not in text and "New about" not in text, path
