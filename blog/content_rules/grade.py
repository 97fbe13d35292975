"""The reading grade: information for the author, never a reason to change their words."""

from __future__ import annotations

import html
import re

from .document import Document, render
from .rendered import MAX_NESTING, nesting

#: A word: letters or digits (not underscores, which the readability package reads as
#: punctuation), with inner apostrophes, hyphens or dots ("don't", "24-hour", "U.S").
WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")
#: Where a sentence ends inside a block: after . ! ? : or ; and a space.
SENTENCE_END = re.compile(r"(?<=[.!?:;])\s+")


def sentences(doc: Document) -> list[str]:
    """The body as the readability package reads text: one sentence per line, its words
    separated by spaces. Each heading, paragraph, list item and cell ends a sentence, so a
    heading without a full stop is not glued to the sentence after it."""
    rendered = render(doc.body)
    blocks = re.findall(r"<(h[1-6]|p|li|td|th|blockquote)\b[^>]*>(.*?)</\1>", rendered, re.S)
    lines = []
    for _, inner in blocks:
        for sentence in SENTENCE_END.split(html.unescape(re.sub(r"<[^>]+>", "", inner))):
            words = WORD.findall(sentence)
            if words:
                lines.append(" ".join(words))
    return lines


def reading_grade(doc: Document) -> float | None:
    """Flesch-Kincaid grade of the body, by the readability package (its English syllable
    rules), or None when it has no words (or cannot be rendered)."""
    # Imported here: only `invoke check` grades, and no build needs it.
    import readability

    if nesting(doc)[0] > MAX_NESTING:
        return None  # cannot be rendered: its own error (rendered.check_nesting)
    lines = sentences(doc)
    if not lines:
        return None
    measures = readability.getmeasures(lines, lang="en")
    return round(measures["readability grades"]["Kincaid"], 1)
