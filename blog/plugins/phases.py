"""When each plugin runs: the phases of one build, in order, in one table.

A plugin says when it runs by the signal it connects to, never by its place in ``PLUGINS``:
blinker calls the receivers of one signal in the order they were connected, which is the
order of that list, and nothing here may depend on it (tests/test_plugin_phases.py builds the
site with the list reversed and compares every byte). When a step needs another step's
result, it runs in a later phase, or asks the other plugin's public function for it (as
host_headers asks inline_style for the stylesheet's hash), whichever of the two runs first.

Pelican sends its own signals in a fixed order (pelican/__init__.py ``Pelican.run``,
pelican/generators.py). pelican-granular-signals adds five after ``finalized``; they are sent
only once its ``register()`` has run, which :func:`signal` sees to. (Pages and feeds are
written one after the other, so ``content_written``, ``feed_generated`` and ``feed_written``
interleave.)
"""

from __future__ import annotations

import blinker
from pelican import signals

#: (signal, what happens then), in the order a build sends them.
PHASES: tuple[tuple[str, str], ...] = (
    (
        "initialized",
        "settings checked (owner_settings refuses a mistake in one sentence; tasks.py's builds "
        "check them before Pelican starts) and become final: cache_key moves CACHE_PATH into "
        "build-<key>/; typogrify_cache "
        "turns Pelican's own pass off; strict_build lints the content and starts listening. "
        "No cache is opened yet: CACHE_PATH may still move.",
    ),
    (
        "readers_init",
        "reader classes replaced: safe_metadata (escaped title and summary) and xml_text "
        "(no character XML forbids) each subclass whatever reader is in place, so either "
        "may come first; content_cache removes a reader cache file whose bytes lost their "
        "recorded digest, before Pelican loads it",
    ),
    (
        "generator_init",
        "caches opened (typogrify_cache); readers wrapped (content_cache: each file's stamp "
        "taken before it is read); template filters",
    ),
    ("article_generator_init", "parallel_read reads the posts the content cache lacks"),
    ("page_generator_init", "parallel_read reads the pages the content cache lacks"),
    ("content_object_init", "each post and page: reading aids, article images"),
    ("article_generator_pretaxonomy", "site_paths checks each post's address"),
    ("article_generator_finalized", "post links; share image addresses"),
    ("page_generator_finalized", "site_paths checks each page's address; share images"),
    ("static_generator_finalized", "site_paths checks static files; safe_svg each SVG"),
    (
        "all_generators_finalized",
        "everything read, nothing written: strict_build stops a bad build here; values for "
        "the templates (site date, copyright years) go to the context; share_image notes "
        "the images it will need, and draws none yet (strict_build may refuse the build "
        "after it in this phase)",
    ),
    (
        "get_writer",
        "writing starts, the build was not refused when reading: url_memo remembers each "
        "address; share images start drawing in the background (a failure later on: "
        "tasks.py stops them, BuildState.stop_all, before it removes the half-built folder)",
    ),
    ("content_written", "each page written: compressed, indexed for search, listed"),
    ("feed_generated", "each feed, before it is written: RSS guids, the date of an empty feed"),
    ("feed_written", "each feed written: compressed"),
    (
        "finalized",
        "Pelican has written everything: the plugins write what is theirs (_headers, "
        "robots.txt, share images, the search index, image copies) and remove the "
        "stylesheet's copy",
    ),
    ("sitemap", "sitemap.xml, from every page written"),
    ("optimize", "the finished site checked: site_paths follows every site link of every post"),
    ("minify", "(unused)"),
    ("compress", "precompress_cache: .gz/.br copies of every text file, the sitemap included"),
    (
        "deploy",
        "strict_build's verdict on everything logged since reading ended, all the steps "
        "above included",
    ),
)

#: The phases pelican-granular-signals adds after ``finalized``.
AFTER_FINALIZED = ("sitemap", "optimize", "minify", "compress", "deploy")


def signal(name: str) -> blinker.NamedSignal:
    """The signal of the phase `name` (a name of :data:`PHASES`)."""
    if name not in dict(PHASES):
        raise KeyError(f"{name} is not a build phase (blog/plugins/phases.py)")
    if name in AFTER_FINALIZED:
        import pelican.plugins.granular_signals

        pelican.plugins.granular_signals.register()  # once per process; sends these
        return blinker.signal(name)
    return getattr(signals, name)
