"""The content rules as a package (blog/content_rules/): each source file is read once per build
and that one reading is shared by the linter, the strict build and the link check."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import ROOT

from blog import content_rules as rules

POST = """Title: {title}
Date: 2026-01-10 09:00
Category: Coping Skills
Summary: A short summary.

{body}
"""

#: Runs a production build in a new process and counts, per Markdown file, the times the
#: content rules opened it, for whichever caller (the linter, the strict build, a plugin's
#: link check); Pelican's own reader and content cache are not counted. An audit hook sees
#: every `open`, however it is called.
COUNT_OPENS = textwrap.dedent(
    """
    import collections, json, sys, traceback
    rules = sys.argv[1]
    counts = collections.Counter()
    def hook(event, args):
        if event == "open" and isinstance(args[0], str) and args[0].endswith(".md"):
            if any(frame.filename.startswith(rules) for frame in traceback.extract_stack()):
                counts[args[0]] += 1
    sys.addaudithook(hook)
    from pelican import Pelican
    from pelican.settings import read_settings
    settings = read_settings(sys.argv[2], override=json.loads(sys.argv[3]))
    Pelican(settings).run()
    print(json.dumps(counts))
    """
)


def write_site(content: Path) -> None:
    (content / "pages").mkdir(parents=True)
    (content / "first.md").write_text(POST.format(title="First", body="Words."), "utf-8")
    body = "See [the first]({filename}first.md), [about](/about/) and [home](/)."
    (content / "second.md").write_text(POST.format(title="Second", body=body), "utf-8")
    about = "Title: About\nSummary: Who writes here.\n\nA page.\n"
    (content / "pages" / "about.md").write_text(about, "utf-8")


def test_a_build_reads_each_source_file_once(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_site(content)
    override = {
        "PATH": str(content),
        "OUTPUT_PATH": str(tmp_path / "out"),
        "CACHE_PATH": str(tmp_path / "cache"),
        "SITEURL": "http://127.0.0.1:9",
        "FEED_DOMAIN": "http://127.0.0.1:9",
    }
    rules_folder, config = ROOT / "blog" / "content_rules", ROOT / "publishconf.py"
    result = subprocess.run(
        [sys.executable, "-c", COUNT_OPENS, str(rules_folder), str(config), json.dumps(override)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    counts = json.loads(result.stdout.strip().splitlines()[-1])
    names = {str(path) for path in content.rglob("*.md")}
    assert counts == dict.fromkeys(names, 1), counts


def test_one_reading_is_shared_until_the_next_lint(tmp_path: Path) -> None:
    write_site(tmp_path)
    settings = rules.read_project_settings(ROOT / "pelicanconf.py")
    docs, _problems = rules.lint_documents(tmp_path, settings, grades=False)
    first = next(doc for doc in docs if doc.path.name == "first.md")
    assert rules.load(first.path, "article", tmp_path)[0] is first
    first.path.write_text(POST.format(title="First, edited", body="Words."), "utf-8")
    rules.fresh()  # a new build
    assert rules.load(first.path, "article", tmp_path)[0].meta["title"] == "First, edited"


# --- The rules, file by file, through the same lint as `invoke check` and the strict build ---

GOOD = """Title: A Calm Post
Date: 2025-01-10 09:00
Category: Coping Skills
Summary: A short summary.
"""  # lines 1-4; a test adds its own lines from 5, then a blank line and the body


def lint(folder: Path, files: dict[str, str | bytes], config: str = "pelicanconf.py") -> list[str]:
    """The errors of a content folder made of `files`, as ``name:line: message``."""
    for name, text in files.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            target.write_bytes(text)
        else:
            target.write_text(text, encoding="utf-8")
    settings = rules.read_project_settings(ROOT / config)
    problems = rules.lint_tree(folder, settings, grades=False)
    return [
        f"{Path(p.path).name}{':' + str(p.line) if p.line else ''}: {p.message}"
        for p in problems
        if p.severity == rules.ERROR
    ]


def post(extra: str = "", body: str = "Some words.") -> str:
    return f"{GOOD}{extra}\n{body}\n"


FUTURE = post("Slug: secret-announcement\n", "Not yet.").replace("2025-01-10", "2099-01-10")
HIDDEN = post("Status: hidden\n")
DRAFT = post("Status: draft\n")


@pytest.mark.parametrize(
    ("link", "line"),
    [
        ("[next]({filename}future.md)", 6),
        ("[next](|filename|future.md#part)", 6),
        ('<a href="{filename}future.md">next</a>', 6),
        ("[next][ref]\n\n[ref]: {filename}/future.md", 8),  # where the address is
        ("[next]({filename}./future.md?x=1)", 6),
    ],
)
def test_a_link_to_a_future_post_is_refused_where_it_waits(
    tmp_path: Path, link: str, line: int
) -> None:
    files = {"future.md": FUTURE, "links.md": post(body=link)}
    found = lint(tmp_path, files, "publishconf.py")
    assert len(found) == 1, found
    assert found[0].startswith(f"links.md:{line}: {{filename}}"), found
    assert (
        "future.md, dated 2099-01-10 09:00, in the future: this build keeps it as a draft"
        in (found[0])
    )
    assert lint(tmp_path, files) == []  # locally, future posts are published


@pytest.mark.parametrize(("name", "text"), [("hidden.md", HIDDEN), ("draft.md", DRAFT)])
def test_a_link_to_a_hidden_post_or_a_draft_is_refused(
    tmp_path: Path, name: str, text: str
) -> None:
    links = post("Slug: links\n", f"[it]({{filename}}{name})")
    found = lint(tmp_path, {name: text, "links.md": links}, "publishconf.py")
    assert len(found) == 1 and found[0].startswith(f"links.md:7: {{filename}}{name}"), found
    assert ("a hidden post" if name == "hidden.md" else "a draft") in found[0]


def test_a_future_post_linking_to_another_blocks_nothing_until_published(tmp_path: Path) -> None:
    later = FUTURE.replace("Slug: secret-announcement", "Slug: later").replace(
        "Not yet.", "[next]({filename}future.md)"
    )
    assert lint(tmp_path, {"future.md": FUTURE, "later.md": later}, "publishconf.py") == []


NOT_LINKS = {
    "footnote": "Words.[^1]\n\n[^1]: A note, not a link.",
    "indented code": "Code:\n\n    [code](/nowhere/) ![](photo.png) {filename}missing.md",
    "fenced code": "```\n![](photo.png) [x]({filename}missing.md)\n```",
    "escaped brackets": "Escaped \\[text\\](/x/) and \\!\\[\\](photo.png).",
    "code span": "Write `![](photo.png)` and `[x]({filename}missing.md)`.",
    "unused reference": "Words.\n\n[unused]: {filename}missing.md",
}


@pytest.mark.parametrize("body", NOT_LINKS.values(), ids=NOT_LINKS.keys())
def test_what_markdown_renders_as_text_is_not_a_link(tmp_path: Path, body: str) -> None:
    assert lint(tmp_path, {"post.md": post(body=body)}, "publishconf.py") == []


def test_the_same_text_as_a_link_is_still_checked(tmp_path: Path) -> None:
    body = "Code:\n\n    ![](photo.png)\n\nBut ![](photo.png) and [x]({filename}missing.md)."
    found = lint(tmp_path, {"post.md": post(body=body)}, "publishconf.py")
    assert [line.split(": ")[0] for line in found] == ["post.md:10", "post.md:10"], found


EMBEDS = {
    "![A lake](https://example.com/lake.png)": "the image https://example.com/lake.png is loaded",
    "![]( //cdn.example.net/x.jpg )": "the image //cdn.example.net/x.jpg is loaded",
    # the line that shows the address
    "![A lake][pic]\n\n[pic]: https://img.example.org/p.png": "8: the image https://img.example.org/p.png",
    '<img src="HTTPS://Example.com/a.png" alt="a">': "the image HTTPS://Example.com/a.png",
    '<img srcset="/a.png 1x, https://example.com/b.png 2x" src="/a.png" alt="x">': "the image https://example.com/b.png",
    '<iframe src="https://www.youtube.com/embed/x"></iframe>': "the <iframe> https://www.youtube.com/embed/x",
    '<video poster="https://example.com/p.jpg" src="/v.mp4"></video>': "the <video> https://example.com/p.jpg",
    '<script src="https://cdn.example.com/x.js"></script>': "a <script> in a post",
    "<script>alert(1)</script>": "a <script> in a post",
    '<link rel="stylesheet" href="https://cdn.example.com/s.css">': "a <link> element in a post",
    "<style>p { color: red }</style>": "a <style> element in a post",
    '<p style="color:red">Red.</p>': "a style attribute on <p>",
    'Blue words.\n{: style="color: blue" }': "7: a style attribute on <p>",
    '<a href="javascript:alert(1)">click</a>': "a javascript: address on <a>",
    '<img src="/images/x.png" alt="fine" onerror="alert(1)">': "the attribute onerror= on <img>",
    '<object data="/x.swf"></object>': "an <object> element",
    '<form action="https://example.com/ask"><input name="q"></form>': "a <form> in a post",
}


@pytest.mark.parametrize(("body", "expected"), EMBEDS.items(), ids=range(len(EMBEDS)))
def test_other_hosts_content_scripts_and_styles_are_refused(
    tmp_path: Path, body: str, expected: str
) -> None:
    found = [e for e in lint(tmp_path, {"post.md": post(body=body)}) if "alt text" not in e]
    where = "" if expected[0].isdigit() else "6: "
    assert len(found) == 1 and found[0].startswith(f"post.md:{where}{expected}"), found


def test_links_to_other_hosts_and_local_images_are_fine(tmp_path: Path) -> None:
    body = (
        "A [link](https://example.com/) and <https://example.org/>.\n\n"
        '<img src="/theme/x.png" alt="local"> <img src="data:image/png;base64,iVBO" alt="inline">'
        "\n\n    <img src='https://example.com/in-code.png'>"
    )
    assert lint(tmp_path, {"post.md": post(body=body)}) == []


@pytest.mark.parametrize(
    ("extra", "line", "start"),
    [
        (
            "",
            1,
            "the Title '2026' makes the address '2026', which is an address the site itself "
            "writes (YEAR_ARCHIVE_SAVE_AS)",
        ),
        (
            "Slug: archives\n",
            5,
            "Slug 'archives' is an address the site itself writes (ARCHIVES_SAVE_AS)",
        ),
        (
            "Slug: Search\n",
            5,
            "Slug 'Search' is an address the site itself writes (SEARCH_SAVE_AS)",
        ),
        (
            "Slug: pagefind\n",
            5,
            "Slug 'pagefind' is an address the site itself writes (search_index)",
        ),
        (
            "Slug: tag/anxiety\n",
            5,
            "Slug 'tag/anxiety' is an address the site itself writes (TAG_SAVE_AS)",
        ),
        ("Slug: feeds\n", 5, "Slug 'feeds' is an address the site itself writes (FEED_ALL_ATOM)"),
        (
            "Slug: sitemap.xml\n",
            5,
            "Slug 'sitemap.xml' is an address the site itself writes (search_engines)",
        ),
        (
            "Slug: _headers\n",
            5,
            "Slug '_headers' is an address the site itself writes (host_headers)",
        ),
        (
            "Slug: favicon.ico\n",
            5,
            "Slug 'favicon.ico' is an address the site itself writes (EXTRA_PATH_METADATA)",
        ),
        ("Slug: 404\n", 5, "Slug '404' is an address the site itself writes (DIRECT_TEMPLATES)"),
        ("Slug: images\n", 5, "Slug 'images' is an address the site itself writes (STATIC_PATHS)"),
    ],
)
def test_addresses_the_site_writes_itself_are_reserved(
    tmp_path: Path, extra: str, line: int, start: str
) -> None:
    text = post(extra).replace("Title: A Calm Post", "Title: 2026" if not extra else "Title: T")
    found = lint(tmp_path, {"post.md": text}, "publishconf.py")
    assert len(found) == 1 and found[0].startswith(f"post.md:{line}: {start}"), found


def test_reserved_addresses_follow_the_settings() -> None:
    settings = rules.read_project_settings(ROOT / "pelicanconf.py")
    assert rules.reserved("archives", settings) == "ARCHIVES_SAVE_AS"
    assert rules.reserved("2026-in-review", settings) is None
    moved = {**settings, "ARCHIVES_SAVE_AS": "history/index.html", "YEAR_ARCHIVE_SAVE_AS": ""}
    moved["MONTH_ARCHIVE_SAVE_AS"] = ""
    assert rules.reserved("archives", moved) is None
    assert rules.reserved("history", moved) == "ARCHIVES_SAVE_AS"
    assert rules.reserved("2026", moved) is None


INVISIBLE_KEYS = {
    "no-break space": (
        "\u00a0Status: draft\n",
        "'Status:' has an invisible no-break space (U+00A0) at column 1",
    ),
    "zero-width space": (
        "\u200bStatus: draft\n",
        "'Status:' has an invisible zero-width space (U+200B) at column 1",
    ),
    "inside the key": (
        "Sta\u200btus: draft\n",
        "'Status:' has an invisible zero-width space (U+200B) at column 4",
    ),
    "byte order mark": (
        "\ufeffStatus: draft\n",
        "'Status:' has an invisible byte order mark (U+FEFF) at column 1",
    ),
    "tab": ("\tStatus: draft\n", "'Status:' has an invisible tab (U+0009) at column 1"),
    "space in the key": ("Last reviewed: 2025-01-01\n", "the key 'Last reviewed' has a space"),
    "typo": ("Staus: draft\n", "unknown front matter key 'Staus' (did you mean Status?)"),
    "indented": (
        "    Status: draft\n",
        "'Status:' is indented, so Pelican adds it to Summary's value",
    ),
    "invisible in the value": (
        "Status: draft\u200b\n",
        "Status has an invisible zero-width space (U+200B)",
    ),
    "empty": ("Status:\n", "Status is empty"),
    "unknown status": (
        "Status: drafts\n",
        "Status 'drafts' is not one of: published, draft, hidden",
    ),
    "after the blank line": (
        "\nStatus: draft\n",
        "'Status:' comes after the blank line that ends the front matter",
    ),
    "category": ("Tags: coping\u00a0skills\n", "Tags has an invisible no-break space (U+00A0)"),
    "language": (
        "Lang: es\n",
        "Lang 'es': this site is published in one language (DEFAULT_LANG 'en')",
    ),
    "language path": (
        "Lang: x/../../y\n",
        "Lang 'x/../../y': this site is published in one language",
    ),
    "translation": ("Translation: true\n", "Translation: this site does not support translations"),
}


@pytest.mark.parametrize(("extra", "expected"), INVISIBLE_KEYS.values(), ids=INVISIBLE_KEYS.keys())
def test_front_matter_not_read_as_it_looks_is_refused(
    tmp_path: Path, extra: str, expected: str
) -> None:
    line = 6 if extra.startswith("\n") else 5
    found = lint(tmp_path, {"post.md": post(extra)}, "publishconf.py")
    assert found == [f"post.md:{line}: {expected}" + found[0].split(expected, 1)[1]], found


def test_the_site_language_and_known_keys_are_fine(tmp_path: Path) -> None:
    extra = "Lang: en\nTags: a, b\nSlug: calm\nModified: 2025-02-01\nContent_warning: grief\n"
    assert lint(tmp_path, {"post.md": post(extra, "Note: a colon in the text is fine.")}) == []


@pytest.mark.parametrize(
    "body",
    [
        "\n".join("    " * i + "- item" for i in range(300)),
        "\n".join("    " * i + "1. step" for i in range(160)),
        ">" * 300 + " deep quote",
    ],
    ids=["bullets", "numbers", "quotes"],
)
def test_nesting_past_what_markdown_renders_is_refused(tmp_path: Path, body: str) -> None:
    found = lint(tmp_path, {"post.md": post(body=body)})
    assert len(found) == 1 and "Markdown cannot render more than 100 levels" in found[0], found
    problems = rules.lint_tree(tmp_path, rules.read_project_settings(None))  # grades too
    assert all("reading grade" not in p.message for p in problems)


PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63f8cfc0f01f0005000201e221bc330000000049454e44ae426082"
)


def test_one_file_attached_from_two_posts_is_refused_at_the_second(tmp_path: Path) -> None:
    files = {
        "images/lake.png": PNG,
        "one.md": post(body="![A lake]({attach}images/lake.png)"),
        "two.md": post("Slug: two\n", "Words.\n\n![Again]({attach}images/lake.png)"),
    }
    assert lint(tmp_path, files) == [
        "two.md:9: {attach}images/lake.png is already attached to "
        f"{rules.display_path(tmp_path / 'one.md')}:6; an {{attach}}ed file moves next to one "
        "post only: link it with {static} in both posts"
    ]


def test_a_file_named_with_a_percent_escape_or_a_space_is_found_and_refused(
    tmp_path: Path,
) -> None:
    """Pelican finds `calm%20lake.png` and writes it into the page as it is, which a browser
    asks for as `calm lake.png`; a name with a space breaks the page's srcset. Each is
    found (not "missing") and refused with what to rename it to."""
    files = {
        "images/calm%20lake.png": PNG,
        "images/calm lake2.png": PNG,
        "post.md": post(
            body="![A]({static}images/calm%20lake.png)\n\n![B](<{static}images/calm lake2.png>)"
            "\n\n![C]({static}images/calm%20lake2.png)\n\n![D]({static}images/no%20such.png)"
        ),
    }
    found = lint(tmp_path, files)
    assert [line.split(" points to ")[0] for line in found] == [
        "post.md:6: {static}images/calm%20lake.png",
        "post.md:8: {static}images/calm lake2.png",
        "post.md:10: {static}images/calm%20lake2.png",
        "post.md:12: {static}images/no%20such.png",
    ]
    rename = "so the link would be broken; rename the file with letters, digits and hyphens"
    assert (
        "calm%20lake.png, whose name has a %-escape in it (browsers read it as one and ask "
        f"for 'calm lake.png'), {rename}" in found[0]
    ), found
    assert (
        f"calm lake2.png, whose name has a space in it (a page's list of image sizes "
        f"cannot carry one), {rename}" in found[1]
    ), found
    assert found[3].endswith("no such.png, which does not exist"), found


def test_posts_in_dot_folders_are_not_read_and_other_formats_are_refused(tmp_path: Path) -> None:
    files = {
        ".trash/old.md": "not a post at all",
        "notes/.drafts/x.md": "",
        "page.html": "<html><head><title>T</title></head><body>x</body></html>",
        "old.rst": "Title\n=====\n",
        "shout.MD": post(),
        "images/embed.html": "<p>static files are copied as they are</p>",
    }
    assert lint(tmp_path, files) == [
        "old.rst: is never published: .rst files are not read here: posts and pages are "
        "Markdown; write it in Markdown as old.md",
        "page.html: is never published: .html files are not read here: posts and pages are "
        "Markdown; write it in Markdown as page.md",
        "shout.MD: is never published: the extension .MD is not read (Pelican matches it in "
        "lower case); rename it shout.md",
    ]


@pytest.mark.parametrize(
    ("summary", "expected"),
    [
        ("See ![a](https://example.com/x.png).", ["Summary: the image https://example.com/x.png"]),
        ("A [trap](javascript:alert(1)).", ["Summary: a javascript: address on <a>"]),
        ('Raw <img src="https://example.com/y.png" alt="y"> is shown as text.', []),
    ],
    ids=["image", "javascript", "raw HTML is text"],
)
def test_the_summary_renders_too(tmp_path: Path, summary: str, expected: list[str]) -> None:
    """Pelican renders the Summary as Markdown (after the site escapes its HTML) onto the
    home page and into the feeds."""
    text = post().replace("Summary: A short summary.", f"Summary: {summary}")
    found = [line for line in lint(tmp_path, {"post.md": text}) if "alt text" not in line]
    assert len(found) == len(expected), found
    for line, start in zip(found, expected, strict=True):
        assert line.startswith(f"post.md:4: {start}"), found


def test_a_javascript_link_alone_in_the_body_is_found(tmp_path: Path) -> None:
    found = lint(tmp_path, {"post.md": post(body="A [trap](JavaScript:alert(1)).")})
    assert found == [
        "post.md:6: a javascript: address on <a>: it runs or hides code instead of leading to "
        "a page; link to a page instead"
    ]
