"""Deterministic corpus of realistic Markdown posts, for benchmarks and large-site previews.

``python benchmarks/corpus.py OUT --posts 1000`` (or :func:`generate`) writes ``OUT/posts/*.md``
and ``OUT/pages/about.md``. Each post has 600-1,200 words of body text with ``##``/``###``
headings, bulleted and numbered lists, emphasis, quotes, dashes and apostrophes (so typogrify
has real work), ``{filename}`` links to earlier posts, 1-4 tags from a pool of 30, one of 6
categories and a date between 2016-01-01 and 2025-12-31 (ten years, all in the past, so a
production build with ``WITH_FUTURE_DATES = False`` keeps every post).

Post *i* depends only on ``(seed, i)``: the first 1,000 posts of a 5,000-post corpus are the
1,000-post corpus byte for byte, and links only point to earlier posts, so every link resolves
at every size. Only the standard library is used, so the generator runs anywhere.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

DEFAULT_SEED = 2026
MIN_WORDS, MAX_WORDS = 600, 1200
START = datetime(2016, 1, 1, 6, 0)
SPAN_MINUTES = int((datetime(2025, 12, 31, 22, 0) - START).total_seconds() // 60)

CATEGORIES = (
    "Treatment Options",
    "Anxiety and Stress",
    "Family and Relationships",
    "Recovery",
    "Self-Care",
    "Working With a Counselor",
)

TAGS = (
    "anxiety",
    "depression",
    "mindfulness",
    "breathing",
    "sleep",
    "grief",
    "trauma",
    "CBT",
    "DBT",
    "group therapy",
    "family therapy",
    "couples counseling",
    "addiction recovery",
    "IOP",
    "insurance",
    "first session",
    "boundaries",
    "journaling",
    "self-compassion",
    "panic attacks",
    "teenagers",
    "parenting",
    "workplace stress",
    "burnout",
    "medication",
    "telehealth",
    "relapse prevention",
    "support groups",
    "coping skills",
    "mental health",
)

# Sentence material: counseling-flavoured, plain English, with the punctuation typogrify
# rewrites (straight quotes, apostrophes, "--" dashes, "...").
SUBJECTS = (
    "Your counselor",
    "A good therapist",
    "Each client",
    "Almost everyone",
    "Your family",
    "A support group",
    "The first session",
    "A treatment plan",
    "Your body",
    "A short walk",
    "Writing things down",
    "Slow breathing",
    "Your doctor",
    "A trusted friend",
    "The intake form",
    "Group therapy",
    "A weekly check-in",
    "Talking it through",
)
VERBS = (
    "can help you notice",
    "often makes room for",
    "will usually ask about",
    "may gently point out",
    "tends to bring up",
    "can slowly change",
    "should never rush",
    "helps you put words to",
    "does not have to fix",
    "is a safe place to explore",
    "can make sense of",
    "won't judge",
)
OBJECTS = (
    "the worries that keep you up at night",
    "what you're feeling right now",
    "old habits that don't serve you",
    "the stress you carry from work",
    "patterns in your relationships",
    "the small wins of each week",
    "how your sleep affects your mood",
    'what "calm" means for you',
    "the goals you set together",
    "the thoughts that show up before a panic attack",
    "your family's expectations",
    "the questions you were afraid to ask",
)
TAILS = (
    "",
    "",
    "",
    " -- and that's okay",
    ", one step at a time",
    ", even on hard days",
    " before the next appointment",
    ", without any pressure to be perfect",
    " in a way that feels safe",
    "... slowly, at your own pace",
)
OPENERS = (
    "",
    "",
    "",
    "In practice, ",
    "For example, ",
    "Over time, ",
    "At first, ",
    "If it helps, ",
    "Remember that ",
    "Honestly, ",
)
QUOTES = (
    '"You don\'t have to have it all figured out," as one counselor puts it.',
    "It's normal to feel nervous before you start.",
    'Some clients call this "the pause before the reaction."',
    "There's no wrong way to begin -- you only have to show up.",
    "It's your hour, and it's okay to use it the way you need.",
)
LIST_ITEMS = (
    "Write down three questions before your appointment",
    "Ask how long each session lasts",
    "Check what your insurance covers",
    "Notice when your shoulders tense up",
    "Take four slow breaths before you answer",
    "Keep a short journal for one week",
    "Tell someone you trust how you're doing",
    "Plan something small you enjoy",
    "Set a regular bedtime",
    "Drink water and eat a real lunch",
    "Step outside for ten minutes",
    "Bring your medication list",
    'Say "I need a minute" when you do',
    "Let your counselor know what isn't working",
)
HEADINGS = (
    "What to expect",
    "Why it matters",
    "How to get started",
    "Questions to ask",
    "When it feels hard",
    "A simple exercise",
    "What the research says",
    "Making it part of your week",
    "Talking with your family",
    "Signs it's working",
    "Common worries",
    "What you can do today",
)
TITLE_STARTS = (
    "What to Know About",
    "A Gentle Guide to",
    "Five Questions About",
    "Keeping Calm With",
    "Getting Started With",
    "Myths and Facts About",
    "Your First Week of",
    "How Counselors Think About",
    "Small Steps Toward",
    "Living Well With",
)


@dataclass(frozen=True)
class Post:
    """One generated post: its file name (relative to the corpus root) and Markdown text."""

    index: int
    relpath: str
    text: str
    title: str
    category: str
    tags: tuple[str, ...]
    date: datetime
    words: int


def post_path(index: int) -> str:
    return f"posts/post-{index:05d}.md"


def _sentence(rng: random.Random) -> str:
    if rng.random() < 0.07:
        return rng.choice(QUOTES)
    opener = rng.choice(OPENERS)
    subject = rng.choice(SUBJECTS)
    if opener:
        subject = subject[0].lower() + subject[1:]
    thing = rng.choice(OBJECTS)
    emphasis = rng.random()
    if emphasis < 0.05:
        thing = f"*{thing}*"
    elif emphasis < 0.08:
        thing = f"**{thing}**"
    return f"{opener}{subject} {rng.choice(VERBS)} {thing}{rng.choice(TAILS)}."


def _paragraph(rng: random.Random, links: list[tuple[str, str]]) -> str:
    sentences = [_sentence(rng) for _ in range(rng.randint(3, 6))]
    if links and rng.random() < 0.35:
        title, target = rng.choice(links)
        sentences.append(f"You may also like [{title}]({{filename}}/{target}).")
    return " ".join(sentences)


def _list(rng: random.Random) -> str:
    items = rng.sample(LIST_ITEMS, rng.randint(3, 6))
    if rng.random() < 0.5:
        return "\n".join(f"- {item}." for item in items)
    return "\n".join(f"{n}. {item}." for n, item in enumerate(items, 1))


def count_words(markdown_body: str) -> int:
    """Words a reader sees: Markdown markers, list numbers and link targets not counted."""
    text = re.sub(r"\]\([^)]*\)", "]", markdown_body)
    return len(re.findall(r"[A-Za-z0-9][A-Za-z0-9'’-]*", text))


def _meta(index: int, seed: int) -> tuple[str, str, tuple[str, ...], datetime]:
    """Title, category, tags and date of post `index`: cheap, so links can name their target."""
    rng = random.Random(f"{seed}:{index}:meta")
    topic = rng.choice(TAGS)
    words = (word if word.isupper() else word.capitalize() for word in topic.split())
    title = f"{rng.choice(TITLE_STARTS)} {' '.join(words)}"
    if rng.random() < 0.25:
        title += ": What You Don't Hear Often"
    category = rng.choice(CATEGORIES)
    others = [tag for tag in TAGS if tag != topic]
    tags = (topic, *rng.sample(others, rng.randint(0, 3)))
    date = START + timedelta(minutes=rng.randrange(SPAN_MINUTES))
    return title, category, tags, date


def make_post(index: int, seed: int = DEFAULT_SEED) -> Post:
    """Post number `index` (0-based) of the corpus with this seed."""
    title, category, tags, date = _meta(index, seed)
    rng = random.Random(f"{seed}:{index}")
    summary = _sentence(rng)
    while len(summary) > 120:  # content_lint: a summary is at most 160 characters
        summary = _sentence(rng)
    summary += f" A post about {tags[0]}."
    # Links go to earlier posts only (by number), so they exist in every corpus size.
    earlier = sorted({rng.randrange(index) for _ in range(min(index, 3))})
    links = [(_meta(j, seed)[0], post_path(j)) for j in earlier]
    if not links:
        links = [("About this site", "pages/about.md")]

    target = rng.randint(MIN_WORDS + 40, MAX_WORDS - 60)
    blocks: list[str] = []
    words = 0
    while words < target:
        after_heading = bool(blocks) and blocks[-1].startswith("#")
        if len(blocks) == 1 or (blocks and not after_heading and rng.random() < 0.3):
            level = "###" if len(blocks) > 1 and rng.random() < 0.35 else "##"
            block = f"{level} {rng.choice(HEADINGS)}"
        elif blocks and rng.random() < 0.2:
            block = _list(rng)
        else:
            block = _paragraph(rng, links)
        block_words = count_words(block)
        if words + block_words > MAX_WORDS - 20:
            if words >= MIN_WORDS:
                break
            continue  # too long for what is left: draw another block
        blocks.append(block)
        words += block_words
    body = "\n\n".join(blocks)
    header = (
        f"Title: {title}\n"
        f"Date: {date:%Y-%m-%d %H:%M}\n"
        f"Category: {category}\n"
        f"Tags: {', '.join(tags)}\n"
        f"Author: Keeping Your Calm In Counseling\n"
        f"Slug: {_slug(title)}-{index + 1}\n"
        f"Summary: {summary}\n"
    )
    return Post(
        index=index,
        relpath=post_path(index),
        text=f"{header}\n{body}\n",
        title=title,
        category=category,
        tags=tags,
        date=date,
        words=count_words(body),
    )


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower().replace("'", "")).strip("-")


ABOUT = """Title: About This Corpus
Slug: about
Summary: A generated site used to measure how long builds take.

## What this is

Every post here was written by a program, so builds can be timed on a site of a known size.
"""


def generate(out: Path | str, posts: int = 1000, seed: int = DEFAULT_SEED) -> list[Post]:
    """Write a fresh corpus of `posts` posts (plus pages/about.md) into `out`, replacing it."""
    out = Path(out)
    if out.exists():
        shutil.rmtree(out)
    (out / "posts").mkdir(parents=True)
    (out / "pages").mkdir()
    (out / "pages" / "about.md").write_text(ABOUT, encoding="utf-8")
    made = []
    for index in range(posts):
        post = make_post(index, seed)
        (out / post.relpath).write_text(post.text, encoding="utf-8")
        made.append(post)
    return made


def edit_post(out: Path | str, index: int = 0, note: str = "Edited") -> Path:
    """Change one post's body the way an author would (a paragraph appended); return its path."""
    path = Path(out) / post_path(index)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(f"\n{note}: one more sentence, added after the post was written.\n")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder to (re)create with the corpus")
    parser.add_argument("--posts", type=int, default=1000, help="number of posts (default 1000)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
    args = parser.parse_args(argv)
    made = generate(args.out, args.posts, args.seed)
    words = sum(post.words for post in made)
    print(f"Wrote {len(made)} posts ({words:,} words) and pages/about.md to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
