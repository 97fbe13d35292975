"""The reader plugins: blog/plugins/safe_metadata.py (Title and Summary are text, escaped
before typogrify) and blog/plugins/xml_text.py (characters XML cannot carry become spaces)."""

from __future__ import annotations

from pathlib import Path

from pelican import signals
from pelican.readers import Readers
from pelican.settings import DEFAULT_CONFIG

from blog.plugins import safe_metadata, xml_text

POST = (
    "Title: A <b>bold</b> \x0b claim & more\nSummary: x <i>y</i>\nCategory: C\n\nBody\x00 text.\n"
)


def read(tmp_path: Path, *plugins) -> dict:
    """The post read by Pelican's readers with only `plugins` added: receivers that earlier
    builds in this process connected are muted."""
    (tmp_path / "post.md").write_text(POST, encoding="utf-8")
    with signals.readers_init.muted():
        readers = Readers({**DEFAULT_CONFIG, "TYPOGRIFY": False, "PATH": str(tmp_path)})
    for plugin in plugins:
        plugin.add_reader(readers)
    readers.readers = {ext: cls(readers.settings) for ext, cls in readers.reader_classes.items()}
    page = readers.read_file(str(tmp_path), "post.md")
    return {"title": page.metadata["title"], "summary": str(page.summary), "body": page._content}


def test_title_and_summary_are_escaped_text(tmp_path: Path) -> None:
    read_safely = read(tmp_path, safe_metadata)
    assert read_safely["title"].startswith("A &lt;b&gt;bold&lt;/b&gt;")
    assert "&amp; more" in read_safely["title"]
    assert read_safely["summary"] == "<p>x &lt;i&gt;y&lt;/i&gt;</p>"
    own = read(tmp_path)  # the control: Pelican's own reader
    assert own["title"].startswith("A <b>bold</b>") and "<i>y</i>" in own["summary"]


def test_characters_xml_cannot_carry_are_read_as_spaces(tmp_path: Path) -> None:
    assert xml_text.xml_text("a\x0bb\x00c\ufffed\te\n") == "a b c d\te\n"
    cleaned = read(tmp_path, xml_text)
    assert "\x0b" not in cleaned["title"] and "claim" in cleaned["title"]
    assert "Body  text." in cleaned["body"]
    assert "\x00" in read(tmp_path)["body"]  # the control: Pelican's own reader keeps it
