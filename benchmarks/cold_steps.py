"""What a cold production build's CPU is made of: each large step alone on one core."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from contextlib import contextmanager, suppress
from pathlib import Path

from measuring import BENCH, ROOT, WORK, StepFailed, build_settings


def measure_parts(size: int, to: Path) -> None:
    """(In a child process, with the project importable.) CPU seconds of each large step a
    cold production build takes, each alone on one core, on the `size` corpus and the last
    production output, written to `to` as JSON [[label, seconds], ...]. The steps are run
    by the build's own code (Pelican's reader, the plugins' compressors, drawing and indexer)
    with the production settings; no cache is read."""
    import resource
    from types import SimpleNamespace

    from pelican.plugins import precompress
    from pelican.readers import MarkdownReader

    from blog.plugins import precompress_cache, search_index, share_image, with_defaults
    from blog.plugins.palette import palette
    from blog.plugins.typogrify_cache import TypogrifyCache

    base = WORK / f"n{size}"
    content, output, scratch = base / "content", base / "output-production", base / "parts"
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    # The plugins' DEFAULTS, as a build has them once `initialized` has run.
    settings = with_defaults(build_settings("production", content, output, scratch, ROOT))
    parts: list[tuple[str, float]] = []

    @contextmanager
    def step(label: str):
        # This process's CPU, plus that of the processes it reaped meanwhile (Pagefind).
        before, start = resource.getrusage(resource.RUSAGE_CHILDREN), time.process_time()
        yield
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        children = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
        parts.append((label, time.process_time() - start + children))

    sources = sorted(content.rglob("*.md"))
    reader = MarkdownReader(settings)
    with step(f"Markdown: Pelican's reader, {len(sources):,} files"):
        read = [reader.read(str(path)) for path in sources]
    typogrify = TypogrifyCache(settings).typogrify
    with step("typogrify: their content and titles"):
        for text, metadata in read:
            typogrify(text)
            typogrify(metadata["title"])
    colours = {part: palette(settings)[name] for part, name in share_image.COLOURS.items()}
    site_name = share_image.plain_text(settings["SITENAME"])
    titles = [share_image.plain_text(metadata["title"]) for _text, metadata in read]
    with step(f"share images: {len(titles):,} drawn (1200x630 PNG)"):
        for title in titles:
            share_image.draw(title, site_name, str(scratch / "share.png"), colours)
    session = precompress_cache.Session(SimpleNamespace(settings=settings))
    files = precompress_cache.text_files(output, session.extensions)
    texts = [Path(path).read_bytes() for path in files]
    megabytes = sum(map(len, texts)) / 1e6
    for name, _extension, compress in session.formats:
        with step(f"{name}: {len(texts):,} text files, {megabytes:.1f} MB"):
            for data in texts:
                with suppress(precompress.FileSizeIncrease):  # no copy: as the plugin does
                    compress(data)
    with step("Pagefind: indexing the output (the binary and this process)"):
        language = settings.get("DEFAULT_LANG", "en")
        # As the build's last step does with no page announced: every HTML file, in name order.
        search_index.SearchFeed(str(output), language, scratch).finish()
    to.write_text(json.dumps(parts), encoding="utf-8")


def cold_parts(size: int, say=print) -> list[tuple[str, float]]:
    """measure_parts in a child process: the project's package importable from ROOT, and the
    drawing and compressing done outside the benchmark's own memory. StepFailed if it fails."""
    to = WORK / f"n{size}" / "parts.json"
    to.unlink(missing_ok=True)
    command = [sys.executable, str(BENCH), "_parts", str(size), str(to)]
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        tail = done.stderr.strip()[-500:]
        raise StepFailed(f"the cold build's steps (N={size:,}) were not measured: {tail}")
    parts = [(label, seconds) for label, seconds in json.loads(to.read_text(encoding="utf-8"))]
    for label, seconds in parts:
        say(f"  {seconds:7.1f} s CPU  {label}")
    return parts
