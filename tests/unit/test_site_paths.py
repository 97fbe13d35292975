"""blog/plugins/site_paths.py: nothing read from outside content/, nothing written outside
the output folder, no file name too long for a file system."""

from __future__ import annotations

from pathlib import Path

from blog.plugins.site_paths import links_out, output_problem, source_problem


def test_links_out_of_the_content_folder_are_found(tmp_path: Path) -> None:
    content, outside = tmp_path / "content", tmp_path / "secret"
    (content / "images").mkdir(parents=True)
    outside.mkdir()
    (content / "images" / "out").symlink_to(outside)
    (content / "in").symlink_to(content / "images")
    assert links_out(str(content)) == ["images/out"]
    settings = {"PATH": str(content)}
    assert source_problem(str(content / "images" / "out" / "x.md"), settings).startswith(
        "it is (through a link)"
    )
    assert source_problem(str(content / "in" / "x.md"), settings) is None


def test_output_paths_stay_inside_and_have_names_a_file_system_holds(tmp_path: Path) -> None:
    settings = {"OUTPUT_PATH": str(tmp_path / "output")}
    assert output_problem("about/index.html", settings) is None
    assert output_problem("../escape/index.html", settings) == (
        "its output ../escape/index.html would be outside the output folder"
    )
    assert "has a name of 300 bytes" in output_problem(f"{'a' * 300}/index.html", settings)
