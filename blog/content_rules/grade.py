"""The reading grade: information for the author, never a reason to change their words."""

from __future__ import annotations

import html
import re

from .document import Document, render
from .rendered import MAX_NESTING, nesting


def reading_grade(doc: Document) -> float | None:
    """Flesch-Kincaid grade of the body, with pelican-statistics' syllable and sentence rules.

    Each heading, paragraph and list item counts as its own sentence, so a heading without a
    full stop is not glued to the sentence after it.
    """
    from pelican.plugins.statistics.readability import flesch_kincaid_level, text_stats

    if nesting(doc)[0] > MAX_NESTING:
        return None  # cannot be rendered: its own error (rendered.check_nesting)
    rendered = render(doc.body)
    blocks = re.findall(r"<(h[1-6]|p|li|td|th|blockquote)\b[^>]*>(.*?)</\1>", rendered, re.S)
    sentences = (html.unescape(re.sub(r"<[^>]+>", "", inner)).strip() for _, inner in blocks)
    text = " ".join(sentence.rstrip(".") + "." for sentence in sentences)
    stats = text_stats(text, 0)
    if stats[0] == 0:
        return None
    return round(flesch_kincaid_level(stats), 1)
