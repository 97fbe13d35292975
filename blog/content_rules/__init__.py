"""The content rules: what is wrong in the Markdown under content/, with file and line.

Used three ways, all with the same checks:

* `invoke check` and `python -m blog.content_rules [PATH]`: prints one line per problem,
  ``path:line: severity: what is wrong``, plus each post's reading grade, and exits 1 on errors;
* the tests (tests/unit/test_lint.py) and CI run it over content/;
* blog/plugins/strict_build.py calls :func:`lint_documents` so the strict build names the file
  for problems Pelican reports without one (a broken ``{filename}`` link, a duplicate slug);
  blog/plugins/site_paths.py reuses that reading of each file (:func:`load`) for its link
  check, and :func:`reserved` to leave a post on one of the site's own addresses out;
* blog/devserver.py calls :func:`lint_file` on the one post that was saved.

:func:`lint_file` is the one place a file is checked: :func:`lint_tree` calls it for every file,
then adds what needs all files at once (duplicate slugs, reading grades). A new per-file rule is
a function ``check_x(doc, settings) -> list[Problem]`` added to :data:`checks.FILE_CHECKS`.

The package, by concern: ``paths`` (names and paths: which files are posts, where a link
really leads, the file names a slug makes, the addresses the site writes itself),
``document`` (one file read once per build: front matter with lines, body), ``rendered``
(what the body renders to with the site's Markdown settings), the rules (``front_matter``,
``addresses``, ``links``, ``embeds``, gathered in ``checks``), ``grade`` (the reading grade),
``lint`` (running them over one file or a folder), ``cached`` (a file's findings kept
between builds while nothing they depend on changed) and ``cli`` (the command line).

Not a Pelican plugin: it has no ``register()`` and reads the files itself, because Pelican's
reader forgets line numbers and drops a bad post instead of explaining it.

Errors: missing or empty Title, Date, Category (posts) or Summary; a front matter key given
twice, unknown, hidden from Pelican (an invisible character or a tab before it, a space in
it, indented into the value above, below the blank line that ends the front matter) or with
an invisible character in a value Pelican matches; ``Lang`` other than ``DEFAULT_LANG``
(one language, no translations); an impossible date; an empty or unknown Status; a
``Reviewed_by`` name the ``REVIEWERS``
setting does not list; a summary over ``LINT_SUMMARY_MAX_CHARS`` (160);
a character XML cannot carry (a C0 control other than tab and newline, U+FFFE, U+FFFF); an
address (slug) that is empty, leaves the site, has characters a URL cannot carry as they are,
or makes a file name longer than a file system holds (the same for each tag, category and
author), or is one the site writes itself (``archives``, ``2026``, ``pagefind``...); an image
without alt text; an internal ``{filename}``/``{static}``/``{attach}`` link or image whose
target does not exist, is outside the content folder, is not published by this build (a
draft, a hidden post, a post dated in the future) or has a space or a %-escape in its name;
one file ``{attach}``ed from two posts; another host's image, frame or media, a script, an
event handler, a style, a stylesheet, a form or a ``javascript:`` link in a post; lists
nested deeper than Markdown renders; a link (a file or folder) under the content folder that
leads out of it; two files with the same address; an empty file; a file that is not UTF-8;
an ``.html``/``.rst`` file (or ``.MD``) among the posts, which is never read. Links and
images are taken from the rendered body: a footnote, code or escaped brackets are text.
Warnings: a draft whose slug a published post already uses (locally); a reading grade
(Flesch-Kincaid, computed offline by the readability package) above
``READING_GRADE_WARN``. The grade is information: the words stay the author's.

Drafts: with settings that do not publish drafts (``DRAFT_SAVE_AS`` empty, as in
publishconf.py), the problems of a draft, or of a post dated in the future there, are
information only, so neither blocks production.

Where a link points (root-relative ``/x/`` and relative links) depends on the pages the build
writes; :func:`site_links` lists each link with its line and blog/plugins/site_paths.py checks
them against the written site.
"""

from .cached import LintCache
from .checks import FILE_CHECKS
from .cli import main, read_project_settings
from .document import (
    ERROR,
    INFO,
    WARNING,
    Document,
    Problem,
    links_of,
    load,
    parse_front_matter,
    release_texts,
    site_links,
    unpublished_here,
)
from .grade import reading_grade
from .lint import fresh, lint_documents, lint_file, lint_tree
from .paths import (
    MARKDOWN_EXTENSIONS,
    NAME_LIMIT,
    XML_FORBIDDEN,
    content_files,
    display_path,
    drafts_published,
    file_names,
    forget_folders,
    inside,
    kind_of,
    reserved,
    too_long,
)
from .rendered import confirm

__all__ = [
    "ERROR",
    "FILE_CHECKS",
    "INFO",
    "MARKDOWN_EXTENSIONS",
    "NAME_LIMIT",
    "WARNING",
    "XML_FORBIDDEN",
    "Document",
    "LintCache",
    "Problem",
    "confirm",
    "content_files",
    "display_path",
    "drafts_published",
    "file_names",
    "forget_folders",
    "fresh",
    "inside",
    "kind_of",
    "links_of",
    "lint_documents",
    "lint_file",
    "lint_tree",
    "load",
    "main",
    "parse_front_matter",
    "read_project_settings",
    "reading_grade",
    "release_texts",
    "reserved",
    "site_links",
    "too_long",
    "unpublished_here",
]
