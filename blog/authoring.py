"""What an author runs locally, behind `invoke new-post`, `invoke check` and `invoke livereload`.

tasks.py only parses the command line and prints: the logic is here, public, so the tests
call the same functions the tasks do.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
LINE_BREAKS = "\r\n\u2028\u2029\x85"
#: One word that starts with a dash ("--help", "-h", "--category"): `invoke new-post --help`
#: passes "--help" as the title, since a task's first argument takes the next word.
OPTION = re.compile(r"--?[A-Za-z][\w-]*")


class AuthoringError(Exception):
    """A request an author can fix, said in one sentence (the task prints it and exits 1)."""


def project_settings(config: str = "pelicanconf.py", **override: Any) -> dict[str, Any]:
    """The project's settings file `config` (beside blog/), with `override` on top."""
    from pelican.settings import read_settings

    return read_settings(str(ROOT / config), override=override or None)


def not_one_line(value: str) -> str | None:
    """Why `value` cannot be one front matter line: a line break (it would start a new field,
    such as 'Status: published') or another control character; None when it can."""
    for index, char in enumerate(value):
        if unicodedata.category(char) == "Cs":  # how Python keeps bytes that are not UTF-8
            return f"has a byte that is not UTF-8 text at character {index + 1}"
        if char in LINE_BREAKS or unicodedata.category(char) == "Cc":
            kind = "a line break" if char in LINE_BREAKS else "a control character"
            return f"has {kind} (U+{ord(char):04X}) at character {index + 1}"
    return None


def new_post(
    title: str,
    category: str = "",
    tags: str = "",
    summary: str = "",
    content: str | None = None,
    slug: str = "",
) -> list[str]:
    """Create `content`/<slug>.md as a draft with every front matter field; never overwrite.
    What `invoke check` would refuse in what was given (an address the site writes itself, a
    category or tag without letters, a summary too long) is refused here, before anything is
    written; what is left empty is for the author to fill in.

    Returns what to tell the author; raises AuthoringError when nothing was written."""
    from . import content_rules
    from .content_rules.addresses import written_by_the_site
    from .content_rules.document import plain_text, setting
    from .content_rules.paths import slugify

    if OPTION.fullmatch(title):
        raise AuthoringError(
            f"{title!r} is an option, not a title, so no post was made: `invoke --help new-post` "
            'lists the options; give the title first, in quotes: invoke new-post "Your title"'
        )
    fields = (("title", title), ("category", category), ("tags", tags), ("summary", summary))
    fields += (("slug", slug),)
    for name, value in fields:
        if why := not_one_line(value):
            raise AuthoringError(f"The {name} {why}: give it on one line of plain text.")
    settings = project_settings()
    folder = Path(content) if content else ROOT / settings["PATH"]
    # Without dashes at its ends: "- Notes" would make -notes.md, which shell commands read
    # as an option, and "--" would make the address /-/.
    given = slug
    slug = slugify(slug or title, settings).strip("-")
    if not slug:
        source = f"the slug {given!r}" if given else f"the title {title!r}"
        raise AuthoringError(f"Cannot make a slug from {source}: use letters or digits.")
    if writer := written_by_the_site(slug, "article", settings):
        made = "--slug makes" if given else "The title makes"
        raise AuthoringError(
            f"{made} the address '{slug}', which the site itself writes ({writer}): give the "
            "post an address of its own with --slug words-for-the-address."
        )
    for name, values in (("category", [category]), ("tag", tags.split(","))):
        for value in (value.strip() for value in values):
            if value and not slugify(value, settings):
                raise AuthoringError(
                    f"The {name} {value!r} makes no address (it has no letters or digits): "
                    "use words."
                )
    limit = int(setting(settings, "LINT_SUMMARY_MAX_CHARS"))
    if (length := len(plain_text(summary))) > limit:
        raise AuthoringError(f"The summary is {length} characters: keep it to {limit} or fewer.")
    if size := content_rules.too_long(f"{slug}.md") or content_rules.too_long(slug):
        raise AuthoringError(
            f"The title makes a {size}-byte file name, too long: shorten the title."
        )
    now = datetime.now(ZoneInfo(settings["TIMEZONE"])).strftime("%Y-%m-%d %H:%M")
    if not folder.is_dir():
        raise AuthoringError(f"{folder} is not a folder: run this from the blog's folder.")
    target = folder / f"{slug}.md"
    text = (
        f"Title: {title}\n"
        f"Date: {now}\n"
        f"Category: {category}\n"
        f"Tags: {tags}\n"
        f"Author: {settings['AUTHOR']}\n"
        f"Slug: {slug}\n"
        f"Summary: {summary}\n"
        "Reviewed_by: \n"
        "Content_warning: \n"
        "Status: draft\n"
        "\n"
        "Write the post here, in Markdown.\n"
    )
    created = False
    try:
        with target.open("xb") as handle:  # "x": fail if it exists
            created = True
            handle.write(text.encode("utf-8"))
    except FileExistsError:
        raise AuthoringError(
            f"{target} already exists: not overwritten. Pick another title."
        ) from None
    except OSError as error:  # a full disk, a read-only or locked folder
        if created:
            target.unlink(missing_ok=True)  # no empty post left to block the next try
        raise AuthoringError(
            f"Cannot write {target}: {error.strerror or error}; nothing was written."
        ) from None
    shown = target.relative_to(ROOT) if target.is_relative_to(ROOT) else target
    said = [f"Created {shown} (draft, previewed at /drafts/{slug}/ by `invoke livereload`)."]
    missing = [name for name, value in (("Category", category), ("Summary", summary)) if not value]
    if missing:
        said.append(f"Fill in {' and '.join(missing)}; `invoke check` lists what is left.")
    said.append(
        "Optional: Content_warning and Reviewed_by (text), Modified and Last_reviewed (dates)."
    )
    said.append("To publish, delete the line 'Status: draft'.")
    return said


def check(max_grade: float | None = None, path: str | None = None) -> int:
    """Check the settings (local and production), then lint the content (`path:line: problem`,
    reading grades as information) and the pictures the build would refuse; the exit code.
    Raises AuthoringError, listing every problem, when a setting is wrong: the content rules
    read some settings too."""
    from . import content_rules
    from .plugins import article_images, owner_settings, safe_svg

    found: list[str] = []
    for config in ("pelicanconf.py", "publishconf.py"):
        settings = project_settings(config)
        found += [problem for problem in owner_settings.problems(settings) if problem not in found]
    if found:
        raise AuthoringError(str(owner_settings.SettingsError(found)))
    args = [path] if path else []
    if max_grade is not None:
        args += ["--max-grade", str(max_grade)]
    root = Path(path or settings["PATH"])
    images = safe_svg.folder_problems(root) + article_images.unreadable_pictures(root)
    for problem in images:  # what the build refuses among the images
        print(problem)
    code = content_rules.main(["-s", str(ROOT / "pelicanconf.py"), *args])
    return code or (1 if images else 0)


def live_settings(content: str | None = None, output: str | None = None) -> dict[str, Any]:
    """Local settings plus what the live preview needs: its plugin and Pelican's content cache.
    `output` defaults to output/; a custom one gets its own cache folder beside it."""
    base = project_settings()
    out = Path(output).resolve() if output else ROOT / "output"
    return project_settings(
        PATH=str(Path(content).resolve()) if content else base["PATH"],
        OUTPUT_PATH=str(out),
        PLUGINS=[*base["PLUGINS"], "blog.plugins.live_preview"],
        # A page must refresh within a second of a save: no search index, no share images.
        SEARCH_INDEX=False,
        SHARE_IMAGES=False,
        CACHE_CONTENT=True,
        LOAD_CONTENT_CACHE=True,
        CACHE_PATH=str(ROOT / "cache" if not output else out.parent / f"{out.name}-cache"),
    )


def live_watch(settings: dict[str, Any]) -> list[Path]:
    """What the live preview watches: the content, the theme, the plugins, the settings."""
    return [Path(settings["PATH"]), ROOT / "theme", ROOT / "blog", ROOT / "pelicanconf.py"]
