"""Images a careless or hostile author adds: a truncated PNG, SVG drawings safe and not, and
the debris editors and operating systems leave beside them (blog/plugins/safe_svg.py,
article_images.py, IGNORE_FILES in pelicanconf.py).

The SVG check runs on each variant; then one checkout goes through `invoke check`, `invoke
build` and `invoke preview` as its author fixes one problem after the other.
"""

from __future__ import annotations

import io
import time

import pytest
from checkout import GOOD_PAGE, GOOD_TEXT, invoke, make_checkout, output_of
from PIL import Image

from blog.plugins import safe_svg

NS = 'xmlns="http://www.w3.org/2000/svg"'
XLINK = 'xmlns:xlink="http://www.w3.org/1999/xlink"'
SAFE_SVG = f'<svg {NS} width="40" height="40"><circle cx="20" cy="20" r="10" fill="teal"/></svg>'

SAFE = {
    "plain": SAFE_SVG,
    "xml declaration and the SVG 1.1 doctype": (
        '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
        '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
        '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n' + SAFE_SVG
    ),
    "a gradient used by url(#id)": (
        f'<svg {NS}><defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/>'
        '</linearGradient></defs><rect width="9" height="9" fill="url(#g)"/></svg>'
    ),
    "use of its own symbol": (
        f'<svg {NS} {XLINK}><symbol id="s"><circle r="4"/></symbol><use xlink:href="#s"/></svg>'
    ),
    "an inner style without urls": f"<svg {NS}><style>circle {{ fill: teal; }}</style></svg>",
    "editor metadata": (
        f'<svg {NS} xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" '
        'inkscape:version="1.3"><title>A lake</title><path d="M0 0h9v9z"/></svg>'
    ),
}

#: (svg, line of the problem, words of the problem)
UNSAFE = {
    "script": (f"<svg {NS}>\n<script>alert(1)</script>\n</svg>", 2, "<script>"),
    "namespaced script": (
        f'<svg {NS} xmlns:h="http://www.w3.org/1999/xhtml">\n\n<h:script>alert(1)</h:script></svg>',
        3,
        "<script>",
    ),
    "onload": (f'<svg {NS} onload="alert(1)"/>', 1, "event handler (onload=)"),
    "ONCLICK in capitals": (f'<svg {NS}><rect ONCLICK="x()"/></svg>', 1, "event handler"),
    "foreignObject": (
        f"<svg {NS}>\n<foreignObject><p>hi</p></foreignObject></svg>",
        2,
        "<foreignObject>",
    ),
    "an outside image": (
        f'<svg {NS} {XLINK}>\n<image xlink:href="https://tracker.example/p.png"/></svg>',
        2,
        "refers to another file",
    ),
    "a javascript link": (
        f'<svg {NS}><a href="javascript:alert(1)"><text>x</text></a></svg>',
        1,
        "refers to another file",
    ),
    "a data: image": (
        f'<svg {NS}><image href="data:image/svg+xml;base64,PHN2Zz4="/></svg>',
        1,
        "refers to another file",
    ),
    "an outside fill": (
        f'<svg {NS}><rect fill="url(https://x.example/a.svg#g)"/></svg>',
        1,
        "refers to another file",
    ),
    "an animation setting a link": (
        f'<svg {NS}><a><set attributeName="href" to="javascript:alert(1)"/></a></svg>',
        1,
        "runs code",
    ),
    "a stylesheet import": (
        f"<svg {NS}><style>@import url(https://x.example/a.css);</style></svg>",
        1,
        "loads another file",
    ),
    "an xml-stylesheet": (
        f'<?xml-stylesheet href="https://x.example/a.css"?>\n<svg {NS}/>',
        1,
        "processing instruction",
    ),
    "a billion laughs": (
        '<?xml version="1.0"?>\n<!DOCTYPE svg [\n<!ENTITY lol "lol">\n'
        + "".join(f'<!ENTITY lol{n} "{"&lol;" * 10}">\n' for n in range(1, 10))
        + f"]>\n<svg {NS}><text>&lol9;</text></svg>",
        3,
        "declares an entity",
    ),
    "an outside entity": (
        f'<!DOCTYPE svg [\n<!ENTITY x SYSTEM "file:///etc/passwd">\n]><svg {NS}>&x;</svg>',
        2,
        "declares an entity",
    ),
    "cut in half": (SAFE_SVG[: len(SAFE_SVG) // 2], 1, "not well-formed"),
    "an HTML page named .svg": ("<html><body><script>x()</script></body></html>", 1, "<script>"),
    "no SVG namespace": ('<svg width="4"><rect/></svg>', 1, "not an SVG image"),
}


@pytest.mark.parametrize("name", sorted(SAFE))
def test_a_safe_svg_passes(name):
    assert safe_svg.problems(SAFE[name].encode()) == []


@pytest.mark.parametrize("name", sorted(UNSAFE))
def test_an_unsafe_svg_is_refused_at_its_line(name):
    svg, line, words = UNSAFE[name]
    started = time.monotonic()
    found = safe_svg.problems(svg.encode())
    assert time.monotonic() - started < 1  # no entity was expanded
    assert found and found[0][0] == line and words in found[0][1], found


def png(width: int = 1600, height: int = 900) -> bytes:
    data = io.BytesIO()
    Image.new("RGB", (width, height), "teal").save(data, "PNG")
    return data.getvalue()


def post(title: str, slug: str, body: str) -> str:
    return (
        f"Title: {title}\nDate: 2026-01-11 09:00\nCategory: Coping Skills\nSlug: {slug}\n"
        f"Summary: A post with pictures.\n\n{body}\n"
    )


#: Files no build may publish, in the images folder and beside the posts.
DEBRIS = [
    "images/.DS_Store",
    "images/._lake.png",
    "images/lake.png~",
    "images/notes.txt.bak",
    "images/Thumbs.db",
    "images/desktop.ini",
    "images/.lake.png.swp",
    "images/~$notes.docx",
    ".#calm-breathing.md",
    "calm-breathing.md~",
    "#calm-breathing.md#",
    ".trash/old-post.md",
]
CUT = png()[:5000]  # a PNG cut short: its header (and size) reads, its pixels do not


def test_images_through_check_build_and_preview(tmp_path):
    files = {
        "pictures.md": post(
            "Pictures",
            "pictures",
            "Text.\n\n![A lake]({static}images/lake.png)\n\n![A stub]({static}images/stub.png)\n",
        ),
        "more-pictures.md": post(
            "More pictures",
            "more-pictures",
            "Text.\n\nMore text.\n\n![The lake again]({static}images/lake.png)\n\n"
            "![A circle]({static}images/circle.svg)\n",
        ),
        "images/lake.png": CUT,
        "images/stub.png": CUT[:20],  # cut inside its header: not even its size reads
        "images/circle.svg": SAFE_SVG,
        "images/evil.svg": UNSAFE["onload"][0],
        **{
            name: post("Debris", "debris", "Never read.") for name in DEBRIS if name.endswith(".md")
        },
        **{name: b"debris" for name in DEBRIS if not name.endswith(".md")},
    }
    checkout = make_checkout(tmp_path, files)
    content, output = checkout / "content", checkout / "output"
    evil = "content/images/evil.svg:1: has an event handler (onload=)"

    checked = invoke(checkout, "check")
    said = output_of(checked)
    assert checked.returncode == 1 and evil in said, said
    for name in ("lake", "stub"):  # a check knows no post showing them: the picture alone
        assert f"content/images/{name}.png: cannot be read (" in said, said

    local = invoke(checkout, "build")
    said = output_of(local)
    assert local.returncode == 0, said
    assert "Traceback" not in said
    assert GOOD_TEXT in (output / GOOD_PAGE).read_text("utf-8")  # the local build went on
    assert " ".join(said.split()).count("has an event handler (onload=)") == 1, said
    cut = (
        "content/more-pictures.md:11, content/pictures.md:9: image images/lake.png cannot be "
        "read (image file is truncated): save it again from the original"
    )
    assert " ".join(said.split()).count(cut) == 1, said
    stub = "content/pictures.md:11: image images/stub.png cannot be read"
    assert " ".join(said.split()).count(stub) == 1, said
    assert (output / "images/circle.svg").read_bytes() == SAFE_SVG.encode()
    published = {p.relative_to(output).as_posix() for p in output.rglob("*")}
    for name in DEBRIS:
        assert name not in published and f"images/{name}" not in published, name
    assert not (output / "debris").exists()

    (output / "marker").write_text("the local build", encoding="utf-8")
    strict = invoke(checkout, "preview")
    said = output_of(strict)
    assert strict.returncode == 1 and "Traceback" not in said, said
    assert said.count(evil) == 1 and said.count(stub) == 1, said
    assert (output / "marker").exists()  # the previous output stays

    (content / "images/evil.svg").unlink()  # the author removes the bad drawing
    (content / "images/stub.png").write_bytes(png(100, 50))  # and saves the stub again
    strict = invoke(checkout, "preview")
    said = output_of(strict)
    assert strict.returncode == 1 and "Traceback" not in said, said
    assert said.count(cut) == 1, said

    (content / "images/lake.png").write_bytes(png())  # and saves the photo again
    strict = invoke(checkout, "preview")
    assert strict.returncode == 0, output_of(strict)
    assert (output / "images/circle.svg").read_bytes() == SAFE_SVG.encode()
    assert 'src="http://127.0.0.1:9/images/circle.svg"' in (
        output / "more-pictures/index.html"
    ).read_text("utf-8")
    published = {p.relative_to(output).as_posix() for p in output.rglob("*")}
    for name in DEBRIS:
        assert name not in published and f"images/{name}" not in published, name
    assert not (output / "debris").exists()
