"""Host profiles without a server: what each profile's build writes, the `--host` switch and
its refusals, preview deployments, and modification times kept across the atomic swap.

The builds here are of the one valid post of tests/fixtures/bad_input/_valid, without the
search index and share images (not what these tests are about), so each takes a second or two.
What the files do on the real servers is tests/test_hosts_servers.py.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from checkout import VALID, invoke, make_checkout, output_of

from blog.hosting import PROFILES, servers
from blog.hosting.preview import preview_address
from blog.publishing import atomic_build, build

FAST = {"SEARCH_INDEX": False, "SHARE_IMAGES": False}
# What each host reads besides the pages: nothing else is written.
WRITES = {
    "github-pages": set(),
    "cloudflare-pages": {"_headers"},
    "netlify": {"_headers"},
    "nginx": {".br", ".gz"},
    "apache": {".htaccess", ".br", ".gz"},
    "caddy": {".br", ".gz"},
}
PREVIEW = "https://feature-x.example-blog.pages.dev"


def host_files(output: Path) -> set[str]:
    found = {name for name in ("_headers", ".htaccess") if (output / name).exists()}
    return found | {path.suffix for path in output.rglob("*") if path.suffix in {".br", ".gz"}}


def production_build(base: Path, **override) -> Path:
    """publishconf.py's build of the valid post into `base`/output, as `invoke preview` does
    (SITEURL and the rest from the settings and the environment unless overridden)."""
    content = base / "content"
    if not content.exists():
        shutil.copytree(VALID, content)
    return atomic_build(
        "publishconf.py", base / "output", PATH=str(content), CACHE_PATH=str(base / "cache"),
        **FAST, **override,
    )  # fmt: skip


@pytest.mark.parametrize("host", list(PROFILES))
def test_each_profile_writes_exactly_what_its_host_reads(tmp_path: Path, host: str) -> None:
    output = production_build(tmp_path, HOST=host, SITEURL="https://blog.example.org")
    assert host_files(output) == WRITES[host]
    pages = sorted(output.rglob("*.html"))
    assert len(pages) > 5
    for page in pages:
        head = BeautifulSoup(page.read_bytes(), "lxml").head
        referrer = head.find_all("meta", attrs={"name": "referrer"})
        assert [tag["content"] for tag in referrer] == ["no-referrer"], page
    not_found = (output / "404.html").read_text(encoding="utf-8")
    assert "tel:988" in not_found and "Suicide &amp; Crisis Lifeline" in not_found


def test_the_default_profile_is_github_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    from blog.publishing import pelican_settings

    monkeypatch.delenv("SITE_HOST", raising=False)
    assert pelican_settings("publishconf.py")["HOST"] == "github-pages"
    monkeypatch.setenv("SITE_HOST", "caddy")
    assert pelican_settings("publishconf.py")["HOST"] == "caddy"


@pytest.mark.parametrize(
    "args, env",
    [
        (["--host", "bogus"], {}),
        (["--host", "nginx.conf"], {}),
        (["--host", ""], {"SITE_HOST": "Apache2"}),
        ([], {"SITE_HOST": "gh-pages"}),
    ],
)
def test_an_unknown_host_is_one_sentence_and_the_output_stays(
    tmp_path: Path, args: list[str], env: dict[str, str]
) -> None:
    checkout = make_checkout(tmp_path, {})
    (checkout / "output").mkdir()
    (checkout / "output" / "index.html").write_text("the previous site")
    result = invoke(checkout, "preview", *args, env=env)
    out = output_of(result)
    assert result.returncode == 1, out
    assert "Traceback" not in out, out
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "is not a host profile: use one of github-pages," in lines[0], out
    assert sorted(os.listdir(checkout / "output")) == ["index.html"]
    assert (checkout / "output" / "index.html").read_text() == "the previous site"


@pytest.mark.parametrize(
    "environ, address",
    [
        ({}, None),
        ({"CF_PAGES": "1", "CF_PAGES_BRANCH": "main", "CF_PAGES_URL": PREVIEW}, None),
        ({"CF_PAGES": "1", "CF_PAGES_BRANCH": "feature-x", "CF_PAGES_URL": PREVIEW}, PREVIEW),
        ({"CF_PAGES": "1", "CF_PAGES_BRANCH": "x", "CF_PAGES_URL": PREVIEW + "/"}, PREVIEW),
        ({"CF_PAGES": "1", "CF_PAGES_BRANCH": "feature-x"}, None),
        ({"CONTEXT": "production", "DEPLOY_PRIME_URL": PREVIEW}, None),
        ({"CONTEXT": "deploy-preview", "DEPLOY_PRIME_URL": PREVIEW}, PREVIEW),
        ({"CONTEXT": "branch-deploy", "DEPLOY_PRIME_URL": PREVIEW}, PREVIEW),
        ({"CONTEXT": "deploy-preview"}, None),
        ({"CONTEXT": "deploy-preview", "DEPLOY_PRIME_URL": "feature.netlify.app"}, None),
        ({"CONTEXT": "deploy-preview", "DEPLOY_PRIME_URL": "javascript:alert(1)"}, None),
        ({"CONTEXT": "deploy-preview", "DEPLOY_PRIME_URL": PREVIEW + '"><x'}, None),
        ({"CF_PAGES": "1", "CF_PAGES_BRANCH": "x", "CF_PAGES_URL": " " + PREVIEW + "\n"}, PREVIEW),
    ],
)
def test_preview_address(environ: dict[str, str], address: str | None) -> None:
    assert preview_address(environ) == address


def test_a_production_branch_of_another_name(monkeypatch: pytest.MonkeyPatch) -> None:
    cloudflare = {"CF_PAGES": "1", "CF_PAGES_BRANCH": "main", "CF_PAGES_URL": PREVIEW}
    assert preview_address(cloudflare, production_branch="trunk") == PREVIEW
    assert preview_address({**cloudflare, "CF_PAGES_BRANCH": "trunk"}, "trunk") is None


CLOUDFLARE_PREVIEW = {"CF_PAGES": "1", "CF_PAGES_BRANCH": "feature-x", "CF_PAGES_URL": PREVIEW}
NETLIFY_PREVIEW = {"CONTEXT": "deploy-preview", "DEPLOY_PRIME_URL": PREVIEW}
CLOUDFLARE_PRODUCTION = {**CLOUDFLARE_PREVIEW, "CF_PAGES_BRANCH": "main"}


@pytest.mark.parametrize(
    "environ, preview",
    [
        (CLOUDFLARE_PREVIEW, True),
        (NETLIFY_PREVIEW, True),
        (CLOUDFLARE_PRODUCTION, False),
        ({**NETLIFY_PREVIEW, "CONTEXT": "production"}, False),
    ],
)
def test_a_preview_build_links_to_itself_and_says_noindex(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, environ: dict[str, str], preview: bool
) -> None:
    for name in ("SITEURL", "SITE_HOST", "CF_PAGES", "CONTEXT", "DEPLOY_PRIME_URL"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    host = "netlify" if "CONTEXT" in environ else "cloudflare-pages"
    output = production_build(tmp_path, HOST=host)
    expected = PREVIEW if preview else "https://keepingyourcalmincounseling.com"
    for page in sorted(output.rglob("*.html")):
        soup = BeautifulSoup(page.read_bytes(), "lxml")
        robots = [tag["content"] for tag in soup.find_all("meta", attrs={"name": "robots"})]
        special = page.name == "404.html" or page.parent.name == "search"
        assert ("noindex" in robots) == (preview or special), page
        canonical = soup.find("link", rel="canonical")
        if canonical is not None:
            assert canonical["href"].startswith(expected + "/"), page
        script = soup.find("script", src=True)
        if script is not None and not script["src"].startswith("/"):
            assert script["src"].startswith(expected + "/"), page
    headers = (output / "_headers").read_text(encoding="utf-8")
    assert ("X-Robots-Tag: noindex" in headers) == preview


def test_a_set_siteurl_wins_over_the_preview_address(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in {**CLOUDFLARE_PREVIEW, "SITEURL": "https://staging.example.org"}.items():
        monkeypatch.setenv(name, value)
    settings = build(
        "publishconf.py", PATH=str(VALID), OUTPUT_PATH=str(tmp_path / "out"),
        CACHE_PATH=str(tmp_path / "cache"), **FAST,
    )  # fmt: skip
    assert settings["SITEURL"] == "https://staging.example.org"
    assert settings["NOINDEX_EVERY_PAGE"] is True


def test_unchanged_files_keep_their_modification_time(tmp_path: Path) -> None:
    """Two builds of the same content: every file keeps its time. After an edit: a file whose
    bytes changed is newer, every other file keeps its time."""

    def times(output: Path) -> dict[str, tuple[int, bytes]]:
        return {
            path.relative_to(output).as_posix(): (path.stat().st_mtime_ns, path.read_bytes())
            for path in output.rglob("*")
            if path.is_file()
        }

    options = {"HOST": "nginx", "SITEURL": "https://blog.example.org"}
    first = times(production_build(tmp_path, **options))
    second = times(production_build(tmp_path, **options))
    assert second == first
    post = tmp_path / "content" / "calm-breathing.md"
    post.write_text(post.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    third = times(production_build(tmp_path, **options))
    changed = [name for name in third if third[name][1] != second.get(name, (0, b""))[1]]
    kept = [name for name in third if name not in changed]
    assert "calm-breathing/index.html" in changed and "404.html" in kept
    assert all(third[name][0] > second[name][0] for name in changed if name in second)
    assert all(third[name][0] == second[name][0] for name in kept)


@pytest.mark.parametrize("host", ["github-pages", "cloudflare-pages", "netlify", "apache"])
def test_server_config_names_what_each_other_host_does_instead(host: str) -> None:
    from blog.hosting import Refused

    with pytest.raises(Refused, match="no server block to print"):
        servers.server_config(host, {}, Path("/srv/site"), "80")


@pytest.mark.parametrize("listen", ["80; include /etc/passwd", "abc", "0", "70000", "80 ssl", ""])
@pytest.mark.parametrize("host", ["nginx", "caddy"])
def test_server_config_refuses_a_listen_that_is_no_port(host: str, listen: str) -> None:
    from blog.hosting import Refused

    with pytest.raises(Refused, match="is not a port"):
        servers.server_config(host, {}, Path("/srv/site"), listen)


@pytest.mark.parametrize("root", ['/srv/a"b', "/srv/a;b", "/srv/{x}", "/srv/$x", "/srv/a\nb"])
@pytest.mark.parametrize("host", ["nginx", "caddy"])
def test_server_config_refuses_a_root_the_config_would_misread(host: str, root: str) -> None:
    from blog.hosting import Refused

    with pytest.raises(Refused, match="would read as syntax"):
        servers.server_config(host, {}, Path(root), "80")


@pytest.mark.parametrize(
    "args, sentence",
    [
        (
            ["--host", "nginx", "--listen", "80;"],
            "--listen '80;' is not a port (80) or an address and port (127.0.0.1:8080).",
        ),
        ([], "Name the server: --host nginx or --host caddy."),
    ],
)
def test_server_config_is_one_sentence_from_invoke(
    tmp_path: Path, args: list[str], sentence: str
) -> None:
    checkout = make_checkout(tmp_path, {})
    result = invoke(checkout, "server-config", *args)
    assert result.returncode == 1 and "Traceback" not in output_of(result)
    assert result.stderr.strip().splitlines() == [sentence]


@pytest.mark.parametrize(
    "header", ['"X-Bad": \'a"b\'', '"X-Bad": "a\\nb"', '"X Bad": "yes"', '"X-Bad": "a\\\\b"']
)
def test_a_header_no_server_config_can_carry_is_one_sentence(tmp_path: Path, header: str) -> None:
    checkout = make_checkout(tmp_path, {})
    with (checkout / "publishconf.py").open("a", encoding="utf-8") as settings:
        settings.write(f'\nHOST_HEADERS = {{"/*": {{**HOST_HEADERS["/*"], {header}}}}}\n')
    for command in (["preview", "--host", "apache"], ["server-config", "--host", "nginx"]):
        result = invoke(checkout, *command)
        out = output_of(result)
        assert result.returncode == 1 and "Traceback" not in out, out
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and "HOST_HEADERS in publishconf.py) is not a header" in lines[0]
    assert not (checkout / "output").exists()


def test_the_owners_own_htaccess_lines_survive_every_build(tmp_path: Path) -> None:
    redirect = "Redirect 301 /old-post/ /calm-breathing/"
    options = {"HOST": "apache", "SITEURL": "https://blog.example.org", "HTACCESS_EXTRA": redirect}
    for _ in range(2):
        text = (production_build(tmp_path, **options) / ".htaccess").read_text(encoding="utf-8")
        assert text.endswith(f"\n{redirect}\n") and "ErrorDocument 404 /404.html" in text


def test_an_unknown_host_stops_before_a_page_is_written(tmp_path: Path) -> None:
    """Also in a build that makes no copies (whose plugin would refuse it too)."""
    from blog.hosting import UnknownHost

    output = tmp_path / "out"
    with pytest.raises(UnknownHost, match=r"'nowhere' .* is not a host profile"):
        build("pelicanconf.py", PATH=str(VALID), OUTPUT_PATH=str(output), HOST="nowhere", **FAST)
    assert not list(output.rglob("*.html"))
