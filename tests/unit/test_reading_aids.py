"""blog/plugins/reading_aids.py: reading time, the outline, named heading anchors."""

from __future__ import annotations

from blog.plugins.reading_aids import heading_anchors, outline, plain_text, reading_minutes

BODY = (
    '<h2 id="first">Who&#8217;s <span class="caps">IOP</span> for</h2><p>One two.</p>'
    '<h3 id="inner">Inner</h3><h2 id="second">Second</h2>'
)


def test_reading_minutes_round_up_and_are_at_least_one() -> None:
    assert reading_minutes("<p>word</p>", 200) == 1
    assert reading_minutes("<p>" + "word " * 401 + "</p>", 200) == 3


def test_the_outline_lists_second_level_sections_as_text() -> None:
    assert plain_text('Who&#8217;s <span class="caps">IOP</span>') == "Who’s IOP"
    assert outline(BODY) == [
        {"id": "first", "text": "Who’s IOP for"},
        {"id": "second", "text": "Second"},
    ]


def test_each_section_heading_gets_a_named_link_to_itself() -> None:
    anchored = str(heading_anchors(BODY))
    assert anchored.count('class="heading-anchor"') == 3
    assert '<a class="heading-anchor" href="#inner" data-pagefind-ignore>' in anchored
    assert "Link to section: Who’s IOP for</span>" in anchored
