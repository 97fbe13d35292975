"""The stylesheet inline in every page: a changed stylesheet changes its hash everywhere at once,
and a stylesheet that the HTML parser would cut short or alter stops the build with its line.

`restyled` is a production build with a changed copy of the theme's stylesheet, saved the way a
careless editor might (Windows line ends, a byte order mark, non-ASCII text, `</style>` in a
comment, a lone CR inside a string); test_publish_csp_browser.py loads it in Chromium under
its policy.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ADDED_RULE, ROOT, build_site, theme_copy
from hosting import headers_for, inline_style, parse_headers, policy, style_hash

from blog.plugins.inline_style import compact, read_stylesheet


def test_a_changed_stylesheet_changes_the_hash_in_every_page_and_header(restyled):
    pages = restyled.html_files()
    styles = {inline_style(page.read_bytes()) for page in pages}
    assert len(pages) > 10 and len(styles) == 1
    css = styles.pop()
    assert ADDED_RULE.encode("utf-8") in css, "the change reached the pages"
    assert b'content: "one \\\ntwo"' in css
    assert b"\r" not in css and not css.startswith(b"\xef\xbb\xbf")
    new = style_hash(css)
    assert new != restyled.old_hash
    rules = parse_headers((restyled.output / "_headers").read_text(encoding="utf-8"))
    header = policy(headers_for(rules, "/")["Content-Security-Policy"])
    assert header["style-src"] == {"'self'", new}
    for page in pages:
        meta = restyled.soup(str(page.relative_to(restyled.output)))
        content = meta.select_one('meta[http-equiv="Content-Security-Policy"]')["content"]
        assert policy(content)["style-src"] == {"'self'", new}, page
    every_file = b"".join(p.read_bytes() for p in restyled.output.rglob("*") if p.is_file())
    assert restyled.old_hash.encode() not in every_file, "no file keeps the old hash"


SOURCE = (ROOT / "theme/static/css/style.css").read_bytes()
LINES = SOURCE.count(b"\n")  # the theme's stylesheet ends with a line break


def build_with(tmp_path: Path, css: bytes) -> Path:
    """A production build with a theme whose stylesheet is `css`; its output folder."""
    theme = theme_copy(tmp_path, css)
    fast = {"SEARCH_INDEX": False, "SHARE_IMAGES": False}
    build_site(ROOT / "content", tmp_path / "output", "http://x.test", THEME=str(theme), **fast)
    return tmp_path / "output"


@pytest.mark.parametrize(
    ("added", "line", "problem"),
    [
        (b'p::after { content: "</style>"; }\n', 1, '"</style" would end'),
        (b"b{}\r\np::after { content: '</STYLE '; }\r\n", 2, '"</style" would end'),
        (b"\n\np::after { content: '</sTyLe'; }", 3, '"</style" would end'),
        (b"b{\0}\n", 1, "a NUL character"),
    ],
    ids=["closing tag in a string", "upper case, CRLF", "mixed case, no newline", "NUL"],
)
def test_a_stylesheet_that_would_not_survive_inlining_stops_the_build(
    tmp_path, added, line, problem
):
    """The theme's stylesheet with a line added: the build stops before writing anything, with
    the file, the line and what to do, and no traceback."""
    with pytest.raises(SystemExit) as stopped:
        build_with(tmp_path, SOURCE + added)
    message = str(stopped.value)
    assert f"style.css:{LINES + line}: {problem}" in message, message
    assert "Traceback" not in message
    assert not list((tmp_path / "output").rglob("*.html")), "no page was written"


def test_a_stylesheet_that_is_not_utf8_is_named_with_the_fix(tmp_path):
    css = tmp_path / "style.css"
    css.write_bytes(SOURCE + "p::after { content: 'café'; }\n".encode("latin-1"))
    with pytest.raises(SystemExit, match=r"style\.css: not UTF-8 text .* save it with UTF-8"):
        read_stylesheet(css)


def test_a_closing_tag_in_a_comment_is_left_out_with_the_comment(tmp_path):
    output = build_with(tmp_path, SOURCE + b"/* never write </style> in CSS */\nb{margin:0}\n")
    css = inline_style((output / "about" / "index.html").read_bytes())
    assert css.endswith(b"}\nb{margin:0}") and b"never" not in css


@pytest.mark.parametrize(
    ("css", "expected"),
    [
        ('a { content: "/* kept */  x"; }', 'a { content: "/* kept */  x"; }'),
        ("p::after { content: 'it\\'s /*'; }  /* gone */", "p::after { content: 'it\\'s /*'; }"),
        ("a/* x */.b, c /* y */ d {}", "a/**/.b, c d {}"),  # a.b stays a.b, never a .b
        ("a/* two\nlines */.b {}", "a/**/.b {}"),
        ("b {\n    margin: 1px/**/2px;\n\n\n}\n", "b {\nmargin: 1px/**/2px;\n}"),
    ],
    ids=["comment in a string", "escaped quote", "comment between tokens", "multi-line", "indent"],
)
def test_compacting_removes_only_comments_and_whitespace(css, expected):
    assert compact(css) == expected
