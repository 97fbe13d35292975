"""Typogrify once per distinct text, and remember the result across builds.

Pelican runs typogrify in ``Readers.read_file`` on every build, after its content cache (which
stores the reader's output *before* typogrify): typogrify costs about as much as the rest of the
build. This plugin takes over that step and keeps the results in ``CACHE_PATH``, keyed by a
hash of the input text, the typogrify settings and the typogrify/smartypants versions, so an
unchanged post is never typogrified twice and a changed one always is.

Signals:

* ``initialized``: when ``TYPOGRIFY`` is true, turn Pelican's own pass off (this build only;
  without the plugin Pelican typogrifies as before).
* ``generator_init``: open the cache (at the first generator: ``CACHE_PATH`` is final once every
  ``initialized`` receiver has run, blog/plugins/cache_key.py moves it into the keyed
  ``build-<key>/`` folder), then wrap each reader's ``read`` so content, title and summary come back
  typogrified, as Pelican would have done right after the reader returned, with the same
  ``TYPOGRIFY_IGNORE_TAGS``, ``TYPOGRIFY_OMIT_FILTERS`` and ``TYPOGRIFY_DASHES`` semantics.
  Title and summary are still escaped first by blog/plugins/safe_metadata.py (its reader is the one
  being wrapped), so the output is byte-identical to Pelican's (tests/site/test_typogrify_cache.py).
* ``all_generators_finalized``: everything has been read; save the cache (entries unused for
  ``TYPOGRIFY_CACHE_KEEP_BUILDS`` builds are dropped, so it does not grow without end),
  through a ``*.tmp`` file renamed into place, which the next build removes if this one is
  killed first (blog/build_lock.py), and let go of its entries: a warm build holds every
  post's text in Pelican's content cache already, and these would be a second copy through
  the writing phase (about 30 MiB at 5,000 posts). A text read later still comes out
  typogrified, only uncached. A cache file that cannot be read (truncated, garbled,
  another layout) is ignored and rewritten: it only costs time.

One difference from Pelican: a title or summary that comes from ``DEFAULT_METADATA`` or
``FILENAME_METADATA`` rather than from the file itself is not typogrified (this site sets
neither). With Pelican's content cache on, the cached reader output is already typogrified.
"""

from __future__ import annotations

import hashlib
import json
import logging
import pickle
from importlib.metadata import version
from pathlib import Path
from typing import Any

from pelican import signals

from . import BuildState, use_defaults, write_whole

logger = logging.getLogger(__name__)

CACHE_FILE = "typogrify-cache.pickle"
FIELDS = ("title", "summary")  # the metadata Pelican typogrifies
FORMAT = 1  # bump when the stored layout or the meaning of a key changes
DEFAULTS: dict[str, Any] = {"TYPOGRIFY_CACHE_KEEP_BUILDS": 5}


class TypogrifyCache:
    """Typogrify with Pelican's settings, memoised in a file across builds."""

    def __init__(self, settings: dict[str, Any]) -> None:
        self.ignore_tags = list(settings.get("TYPOGRIFY_IGNORE_TAGS", []))
        self.omit_filters = list(settings.get("TYPOGRIFY_OMIT_FILTERS", []))
        self.dashes = settings.get("TYPOGRIFY_DASHES", "default")
        self.keep_builds = int({**DEFAULTS, **settings}["TYPOGRIFY_CACHE_KEEP_BUILDS"])
        self.path = Path(settings["CACHE_PATH"]) / CACHE_FILE
        # Everything besides the text that decides typogrify's output.
        self.salt = json.dumps(
            [
                FORMAT,
                version("typogrify"),
                version("smartypants"),
                self.ignore_tags,
                self.omit_filters,
                self.dashes,
            ]
        ).encode()
        self.build = 0
        self.entries: dict[bytes, tuple[str, int]] = {}
        self.hits = self.misses = 0
        self._load()

    def _load(self) -> None:
        try:
            stored = pickle.loads(self.path.read_bytes())
            if stored.get("format") == FORMAT:
                build, entries = int(stored["build"]) + 1, stored["entries"]
                if not isinstance(entries, dict):
                    raise TypeError(f"entries are a {type(entries).__name__}")
                self.build, self.entries = build, entries
        except FileNotFoundError:
            pass
        except Exception as error:  # a damaged cache only costs time
            # Not a warning: a strict build fails on any warning, and nothing is wrong with
            # the site. The file is rewritten whole at the end of this build.
            logger.info("typogrify cache %s unreadable (%s); rebuilding it", self.path, error)

    def key(self, text: str) -> bytes:
        return hashlib.blake2b(self.salt + b"\0" + text.encode("utf-8"), digest_size=20).digest()

    def typogrify(self, text: str) -> str:
        """What Pelican's reader step does to `text` (pelican/readers.py, `read_file`)."""
        import smartypants
        from typogrify.filters import typogrify

        if self.dashes == "oldschool":
            smartypants.Attr.default = smartypants.Attr.set2
        elif self.dashes == "oldschool_inverted":
            smartypants.Attr.default = smartypants.Attr.set3
        else:
            smartypants.Attr.default = smartypants.Attr.set1
        smartypants.Attr.default |= smartypants.Attr.w  # also curl &quot; entities
        return typogrify(text, self.ignore_tags, **dict.fromkeys(self.omit_filters, False))

    def apply(self, text: str) -> str:
        key = self.key(text)
        found = self.entries.get(key)
        if isinstance(found, tuple) and len(found) == 2 and isinstance(found[0], str):
            self.hits += 1
            result = found[0]
        else:
            self.misses += 1
            result = self.typogrify(text)
        self.entries[key] = (result, self.build)
        return result

    def save(self) -> None:
        oldest = self.build - self.keep_builds
        entries = {k: v for k, v in self.entries.items() if v[1] > oldest}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        payload = {"format": FORMAT, "build": self.build, "entries": entries}
        write_whole(self.path, pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL))
        logger.debug("typogrify cache: %d hits, %d misses", self.hits, self.misses)
        self.entries = {}  # saved: not held while Pelican writes (see the module's docstring)


class TypogrifyState(BuildState):
    """Whether this build typogrifies, and its cache once the first generator opened it."""

    typogrify: bool = False
    cache: TypogrifyCache | None = None

    def reset(self) -> None:
        self.typogrify = False
        self.cache = None


state = TypogrifyState(__name__)


def start(pelican: Any) -> None:
    if not state.begin(pelican):
        return
    use_defaults(pelican.settings, DEFAULTS)
    if not pelican.settings.get("TYPOGRIFY"):
        return
    pelican.settings["TYPOGRIFY"] = False  # this plugin does it, from the cache
    state.typogrify = True


def wrap_readers(generator: Any) -> None:
    if not state.typogrify or not state.active(generator.settings):
        return
    if state.cache is None:
        state.cache = TypogrifyCache(generator.settings)
    cache = state.cache
    for reader in generator.readers.readers.values():
        if getattr(reader.read, "typogrify_cached", False):
            continue
        original = reader.read

        def read(source_path: str, original: Any = original) -> tuple[str, dict[str, Any]]:
            content, metadata = original(source_path)
            if content:
                content = cache.apply(content)
            for field in FIELDS:
                if field in metadata:
                    metadata[field] = cache.apply(metadata[field])
            return content, metadata

        read.typogrify_cached = True  # type: ignore[attr-defined]
        reader.read = read


def save(generators: list[Any]) -> None:
    if state.cache is not None and generators and state.active(generators[0].settings):
        state.cache.save()


def register() -> None:
    signals.initialized.connect(start)
    signals.generator_init.connect(wrap_readers)
    signals.all_generators_finalized.connect(save)
