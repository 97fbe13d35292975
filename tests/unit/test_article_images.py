"""blog/plugins/article_images.py: an article image gets its size, lazy loading and a srcset
of smaller copies, never an upscaled one; images not in the content folder are left alone."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from PIL import Image

from blog.plugins import article_images, with_defaults


def test_an_image_in_the_content_folder_gets_size_and_smaller_copies(tmp_path: Path) -> None:
    (tmp_path / "images").mkdir()
    Image.new("RGB", (1000, 500)).save(tmp_path / "images" / "lake.png")
    # The plugin's DEFAULTS (widths, sizes) as a build merges them at `initialized`.
    settings = with_defaults(
        {"PATH": str(tmp_path), "SITEURL": "https://x.test", "PLUGINS": [article_images.__name__]}
    )
    article_images.state.begin(SimpleNamespace(settings=settings))
    post = SimpleNamespace(
        settings=settings,
        source_path=str(tmp_path / "post.md"),
        _content='<p><img alt="A lake" src="{static}images/lake.png"> '
        '<img alt="far" src="https://elsewhere.test/a.png"></p>',
    )
    article_images.rewrite(post)
    assert post._content == (
        '<p><img alt="A lake" src="{static}images/lake.png" width="1000" height="500" '
        'loading="lazy" decoding="async" srcset="https://x.test/derivatives/480/images/lake.png '
        "480w, https://x.test/derivatives/800/images/lake.png 800w, "
        'https://x.test/images/lake.png 1000w" sizes="(min-width: 46rem) 42rem, 100vw"> '
        '<img alt="far" src="https://elsewhere.test/a.png"></p>'
    )
    assert {copy for _path, copy, _width in article_images.state.pending} == {
        "derivatives/480/images/lake.png",
        "derivatives/800/images/lake.png",
    }
    article_images.state.begin(SimpleNamespace(settings={"PLUGINS": []}))  # leave it inactive
