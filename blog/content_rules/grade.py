"""The reading grade: information for the author, never a reason to change their words."""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser
from typing import ClassVar

from .document import Document, render
from .rendered import MAX_NESTING, nesting

#: A word: letters or digits (not underscores, which the readability package reads as
#: punctuation), with inner apostrophes, hyphens or dots ("don't", "24-hour", "U.S").
WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")
#: Where a sentence ends inside a block: after . ! ? : or ; and a space.
SENTENCE_END = re.compile(r"(?<=[.!?:;])\s+")


class _Blocks(HTMLParser):
    """The text of each heading, paragraph, list item, cell and quote of rendered HTML, in
    one pass. Ends that HTML lets an author leave out are found as a browser finds them: a <p>
    ends where the next block starts, an <li> at the next <li> or its list's end, a cell at
    the next cell or row. So an unclosed <p> never makes a pattern search the rest of the
    document, as a regular expression did (20,000 of them took 8 s)."""

    BLOCKS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "td", "th", "blockquote"})
    CONTAINERS = frozenset({"ul", "ol", "dl", "table", "thead", "tbody", "tr", "div", "section"})
    SKIPPED = frozenset({"pre", "script", "style"})  # code is not prose
    #: What a start tag closes when it is the innermost open element.
    CLOSES: ClassVar[dict[str, frozenset[str]]] = {
        "li": frozenset({"li", "p"}),
        "td": frozenset({"td", "th", "p"}),
        "th": frozenset({"td", "th", "p"}),
        "tr": frozenset({"td", "th", "tr", "p"}),
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._text: list[str] = []
        self._open: list[str] = []  # the open blocks and containers, innermost last
        self._count: Counter[str] = Counter()
        self._skipped = 0

    def end_block(self) -> None:
        if self._text:
            self.blocks.append("".join(self._text))
            self._text = []

    def _pop(self) -> None:
        self._count[self._open.pop()] -= 1

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIPPED:
            self._skipped += 1
        elif tag in self.BLOCKS or tag in self.CONTAINERS:
            self.end_block()
            closes = self.CLOSES.get(tag, frozenset({"p"}))
            while self._open and self._open[-1] in closes:
                self._pop()
            self._open.append(tag)
            self._count[tag] += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIPPED:
            self._skipped = max(0, self._skipped - 1)
        elif self._count[tag] > 0:  # closes it and whatever is still open inside it
            self.end_block()
            while self._open[-1] != tag:
                self._pop()
            self._pop()

    def handle_data(self, data: str) -> None:
        if self._skipped:
            return
        if any(self._count[block] for block in self.BLOCKS):
            self._text.append(data)


def sentences(doc: Document) -> list[str]:
    """The body as the readability package reads text: one sentence per line, its words
    separated by spaces. Each heading, paragraph, list item and cell ends a sentence, so a
    heading without a full stop is not glued to the sentence after it."""
    parser = _Blocks()
    parser.feed(render(doc.body))
    parser.close()
    parser.end_block()
    lines = []
    for block in parser.blocks:
        for sentence in SENTENCE_END.split(block):
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
