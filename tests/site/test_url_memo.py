"""blog/plugins/url_memo.py: remembering each post's address while pages are written changes no
byte of the output, and does spare Pelican the work.

The site's content and the fixtures (drafts, translations, hidden and future posts), plus a
post whose image is an ``{attach}`` link (which moves a static file while pages are written),
built for production with the plugin and without it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import FIXTURE_CONTENT, ROOT, build_site
from pelican.settings import read_settings
from PIL import Image

from blog.plugins import url_memo

ATTACHED = """Title: A walk by the lake
Date: 2024-05-06
Category: Self-Care
Tags: walking
Summary: A short walk, and a photo of the lake.

The water was still this morning.

![A still lake under a grey sky]({attach}lake.png)
"""


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, int]]:
    base = tmp_path_factory.mktemp("url-memo")
    content = base / "content"
    shutil.copytree(ROOT / "content", content)
    shutil.copytree(FIXTURE_CONTENT, content, dirs_exist_ok=True)
    walk = content / "lake-walk"
    walk.mkdir()
    (walk / "lake-walk.md").write_text(ATTACHED, encoding="utf-8")
    Image.new("RGB", (64, 48), (120, 140, 160)).save(walk / "lake.png")

    listed = read_settings(str(ROOT / "publishconf.py"))["PLUGINS"]
    without = [plugin for plugin in listed if plugin != url_memo.__name__]
    assert len(without) == len(listed) - 1
    pelicans = url_memo.pelican_get_url_setting
    calls = {"with": 0, "without": 0}
    built = {}
    for kind, override in (("with", {}), ("without", {"PLUGINS": without})):

        def counted(self, key, kind=kind):
            calls[kind] += 1
            return pelicans(self, key)

        url_memo.pelican_get_url_setting = counted
        try:
            output = base / kind / "output"
            build_site(content, output, "http://127.0.0.1:9", **override)
        finally:
            url_memo.pelican_get_url_setting = pelicans
        built[kind] = (output, calls[kind])
    return built


def _files(output: Path) -> dict[str, bytes]:
    return {
        path.relative_to(output).as_posix(): path.read_bytes()
        for path in sorted(output.rglob("*"))
        if path.is_file()
    }


def test_output_is_the_same(builds) -> None:
    remembered, computed = _files(builds["with"][0]), _files(builds["without"][0])
    assert len(computed) > 50
    assert "a-walk-by-the-lake/lake.png" in computed, sorted(p for p in computed if "lake" in p)
    assert sorted(remembered) == sorted(computed)
    different = [path for path in computed if remembered[path] != computed[path]]
    assert not different, different[:10]


def test_addresses_are_worked_out_fewer_times(builds) -> None:
    with_memo, without = builds["with"][1], builds["without"][1]
    assert without > 0
    assert with_memo < without / 2, (with_memo, without)


def test_nothing_is_remembered_after_the_build(builds) -> None:
    assert url_memo.state.memo is None
