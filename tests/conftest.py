"""Shared fixtures: the production site, built once per test run (by whichever pytest-xdist
worker asks first) and served locally.

The build is the real one (publishconf.py) with two changes: the content is
`content/` plus the test-only posts in `tests/fixtures/content/`, and SITEURL is
the address of a local server, so a browser test that loads the pages talks only
to 127.0.0.1 and any other request is a real leak.
"""

from __future__ import annotations

import contextlib
import fcntl
import gzip
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag
from pelican.settings import read_settings

from blog.static_server import serving

#: Fixtures that live in their own modules (tests/disks.py: small_disk).
pytest_plugins = ["disks"]

ROOT = Path(__file__).resolve().parent.parent
#: Test inputs, shared by the tests in every folder under tests/.
FIXTURES = ROOT / "tests" / "fixtures"
FIXTURE_CONTENT = FIXTURES / "content"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
REVIEWER = 'Dr. Test Reviewer </script><script>alert(3)</script> & "Q"'
# Settings every test build adds (build_site): a made-up author profile, the reviewer that
# tests/fixtures/content/care-review-test-post.md names, and a contact address. The site's own
# settings name no one; a test of that state passes AUTHOR_PROFILE={} and so on.
FIXTURE_SETTINGS: dict[str, object] = {
    "AUTHOR_PROFILE": {
        "name": "Test Author",
        "credentials": "MA, LPC",
        "bio": "A made-up profile that only the tests publish.",
        "photo": "images/test-author.png",  # tests/fixtures/content/images/
    },
    "REVIEWERS": {REVIEWER: {"credentials": "PhD, LCSW"}},
    "CONTACT": "hello@example.org",
}
# The host profile of every test build (build_site), unless the test names another: Cloudflare
# Pages, whose `_headers` file the header and policy tests read. The other profiles' files are
# tested on their real servers (tests/test_hosts_servers.py).
TEST_HOST = "cloudflare-pages"


def normalise(text: str) -> str:
    """Fold what typogrify may change (curly quotes, non-breaking spaces, dashes) and whitespace."""
    table = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "\xa0": " ", "–": "-", "—": "-"})
    return re.sub(r"\s+", " ", text.translate(table)).strip()


def require(available: bool, what: str) -> None:
    """Skip a test whose tool is missing here, but fail it in CI, where a skip would hide a gap."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"{what} is required under CI=true but is missing", pytrace=False)
    pytest.skip(f"{what} is not available on this machine")


@pytest.fixture(scope="session", autouse=True)
def no_process_outlives_the_suite() -> Iterator[None]:
    """Servers and builds that tests started (checkout.start_invoke) and left running are
    stopped when the session ends, whatever became of the test that started them."""
    yield
    from checkout import stop_all_started

    stop_all_started()


@dataclass
class Site:
    """A built site: where its files are and the local address that serves them."""

    output: Path
    url: str
    content: Path

    def path(self, rel: str) -> Path:
        """Output file for a URL path such as 'about/' or 'feeds/all.atom.xml'."""
        target = self.output / rel.lstrip("/")
        return target / "index.html" if rel.endswith("/") or rel == "" else target

    def soup(self, rel: str) -> BeautifulSoup:
        return BeautifulSoup(self.path(rel).read_text(encoding="utf-8"), "lxml")

    def html_files(self) -> list[Path]:
        return sorted(self.output.rglob("*.html"))

    def one(self, page: str | Tag, selector: str) -> Tag:
        """The first element matching `selector` in the built page at `page` (a URL path such
        as 'about/') or inside an element already found. A missing element fails the test with
        what is missing and where, not with an AttributeError or TypeError on None."""
        node = self.soup(page) if isinstance(page, str) else page
        found = node.select_one(selector)
        where = f"the page '{page}'" if isinstance(page, str) else f"<{node.name}> {node.attrs}"
        assert found is not None, f"no element matches {selector!r} in {where}"
        return found


def indexed_urls(output: Path) -> set[str]:
    """The page URLs in a Pagefind bundle (each fragment is gzipped JSON after a signature)."""
    fragments = sorted((output / "pagefind" / "fragment").glob("*.pf_fragment"))
    assert fragments, f"no Pagefind fragment in {output}/pagefind/fragment"
    urls = set()
    for fragment in fragments:
        data = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
        assert "url" in data, f"{fragment.name} has no url: {sorted(data)}"
        urls.add(data["url"])
    return urls


def fixture_settings(content: Path) -> dict[str, object]:
    """FIXTURE_SETTINGS for a build of `content`: without the profile's photo when `content`
    lacks the file (the build refuses a missing photo; tests of such content are not about
    the photo)."""
    fixture = dict(FIXTURE_SETTINGS)
    profile = dict(FIXTURE_SETTINGS["AUTHOR_PROFILE"])  # type: ignore[call-overload]
    if not (content / profile["photo"]).is_file():
        del profile["photo"]
        fixture["AUTHOR_PROFILE"] = profile
    return fixture


def build_site(
    content: Path, output: Path, siteurl: str, config: str = "publishconf.py", **override
) -> None:
    """Build `content` into `output` with the project's settings and FIXTURE_SETTINGS."""
    from pelican import Pelican

    settings = read_settings(
        str(ROOT / config),
        override={
            "PATH": str(content),
            "OUTPUT_PATH": str(output),
            "SITEURL": siteurl,
            "FEED_DOMAIN": siteurl,
            "CACHE_PATH": str(output.parent / "cache"),
            "HOST": TEST_HOST,
            **fixture_settings(content),
            **override,
        },
    )
    Pelican(settings).run()


@contextlib.contextmanager
def browser_page(browser: Any, **options: Any) -> Iterator[Any]:
    """A page in a fresh browser context made with `options` (viewport, color_scheme,
    java_script_enabled, ...); the context is closed afterwards, whatever the test did."""
    context = browser.new_context(**options)
    try:
        yield context.new_page()
    finally:
        context.close()


@contextlib.contextmanager
def loaded_tabs(browser: Any, urls: list[str], **options: Any) -> Iterator[list[Any]]:
    """A tab for each of `urls`, loaded, in one fresh browser context made with `options` (as
    :func:`browser_page`'s); the context is closed afterwards, whatever the test did."""
    context = browser.new_context(**options)
    try:
        tabs = [context.new_page() for _ in urls]
        for tab, url in zip(tabs, urls, strict=True):
            tab.goto(url)
        yield tabs
    finally:
        context.close()


# Shared builds. Each configuration below is built once per test run, by the first worker that
# needs it, into a folder every worker reads; the run's controlling process (the one pytest
# process under `-n 0`) serves each build's output on a port it chose before any worker started,
# so the address baked into the pages is the same for every worker, and stops the servers and
# removes the folder when the run ends.
SHARED_SITES = ("site", "restyled", "published", "local")


class _ServedRun:
    """The controller's folder of shared builds and the server of each."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="blog-tests-"))
        self.servers = contextlib.ExitStack()
        self.urls = {
            name: self.servers.enter_context(serving(self.folder / name / "output"))
            for name in SHARED_SITES
        }

    def stop(self) -> None:
        self.servers.close()
        shutil.rmtree(self.folder, ignore_errors=True)


def pytest_configure(config: pytest.Config) -> None:
    if not hasattr(config, "workerinput"):  # the controller, or the one process of -n 0
        config.served_run = _ServedRun()  # type: ignore[attr-defined]


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    """pytest-xdist: tell each worker where the shared builds go and their addresses."""
    run = node.config.served_run
    node.workerinput["shared_folder"] = str(run.folder)
    node.workerinput["shared_urls"] = run.urls


def pytest_unconfigure(config: pytest.Config) -> None:
    run = getattr(config, "served_run", None)
    if run is not None:
        run.stop()


def shared_build(
    config: pytest.Config, name: str, build: Callable[[Path, str], None]
) -> tuple[Path, str]:
    """(folder, url): where `build(folder, url)` made the shared build `name`, and the address
    that serves its output; built now if no worker has built it yet (a file lock makes the
    others wait)."""
    if hasattr(config, "workerinput"):
        folder = Path(config.workerinput["shared_folder"])
        url = config.workerinput["shared_urls"][name]
    else:
        run = config.served_run  # type: ignore[attr-defined]
        folder, url = run.folder, run.urls[name]
    base = folder / name
    with open(folder / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not (base / "built").is_file():
            shutil.rmtree(base, ignore_errors=True)  # what a failed attempt left
            (base / "output").mkdir(parents=True)
            build(base, url)
            (base / "built").touch()
    return base, url


@pytest.fixture(scope="session")
def site(pytestconfig: pytest.Config) -> Site:
    def build(base: Path, url: str) -> None:
        content = base / "content"
        shutil.copytree(ROOT / "content", content)
        shutil.copytree(FIXTURE_CONTENT, content, dirs_exist_ok=True)
        build_site(content, base / "output", url)

    base, url = shared_build(pytestconfig, "site", build)
    return Site(output=base / "output", url=url, content=base / "content")


# A production build with a changed copy of the theme's stylesheet, saved the way a careless
# editor might (Windows line ends, a byte order mark, non-ASCII text, `</style>` in a comment,
# a lone CR inside a string): test_inline_style.py reads it, test_publish_csp_browser.py loads
# it in Chromium under its policy.
ADDED_RULE = '.restyled::after { content: "→ é"; }'


def theme_copy(base: Path, css: bytes) -> Path:
    """A copy of the theme whose stylesheet is `css`."""
    theme = base / "theme"
    shutil.copytree(ROOT / "theme", theme)
    (theme / "static/css/style.css").write_bytes(css)
    return theme


@dataclass
class Restyled(Site):
    old_hash: str = ""


@pytest.fixture(scope="session")
def restyled(site: Site, pytestconfig: pytest.Config) -> Restyled:
    from hosting import inline_style, style_hash

    def build(base: Path, url: str) -> None:
        source = (ROOT / "theme/static/css/style.css").read_text(encoding="utf-8")
        changed = f"{source}\n/* a comment may say </style>: it is left out */\n{ADDED_RULE}\n"
        # A string continued on the next line after an old Mac line end (a lone CR): the HTML
        # parser reads that CR as LF before the browser hashes the text.
        continued = b'.restyled-cr::after { content: "one \\\rtwo"; }\r\n'
        css = b"\xef\xbb\xbf" + changed.replace("\n", "\r\n").encode("utf-8") + continued
        theme = theme_copy(base, css)
        fast = {"SEARCH_INDEX": False, "SHARE_IMAGES": False}  # not what this build is about
        build_site(ROOT / "content", base / "output", url, THEME=str(theme), **fast)

    base, url = shared_build(pytestconfig, "restyled", build)
    old = style_hash(inline_style(site.path("").read_bytes()))
    return Restyled(output=base / "output", url=url, content=ROOT / "content", old_hash=old)


@pytest.fixture(scope="session")
def published(pytestconfig: pytest.Config) -> Site:
    """content/ alone with the project's own settings (no profile, reviewer or contact): the
    site as it is published today, served."""

    def build(base: Path, url: str) -> None:
        shutil.copytree(ROOT / "content", base / "content")
        own = {name: read_settings(str(ROOT / "publishconf.py"))[name] for name in FIXTURE_SETTINGS}
        build_site(base / "content", base / "output", url, **own)

    base, url = shared_build(pytestconfig, "published", build)
    return Site(output=base / "output", url=url, content=base / "content")


@pytest.fixture(scope="session")
def local_site(pytestconfig: pytest.Config) -> Path:
    """content/ plus one draft, built with the local settings (pelicanconf.py, drafts written
    to drafts/, no CSP): the output folder, shared by the tests of local builds."""

    def build(base: Path, url: str) -> None:
        shutil.copytree(ROOT / "content", base / "content")
        shutil.copy(FIXTURES / "drafts" / "draft-post.md", base / "content")
        build_site(base / "content", base / "output", url, config="pelicanconf.py")

    base, _url = shared_build(pytestconfig, "local", build)
    return base / "output"


def chromium_path() -> str | None:
    """Debian's chromium (or CHROMIUM=/path): Playwright must not download a browser of its own."""
    return (
        os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    )


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Headless Chromium via Playwright: skipped without it locally, failed without it in CI."""
    path = chromium_path()
    require(path is not None, "Chromium (Debian package 'chromium')")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "Playwright for Python")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=path,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


#: Tabs kept open for the run, by browser and purpose: see :func:`kept_page`.
_KEPT: dict[tuple[int, str], Any] = {}
DEFAULT_VIEWPORT = {"width": 1280, "height": 720}  # Playwright's, for a new context


def _kept_tab(browser: Any, purpose: str, start: Callable[[Any], None] | None = None) -> Any:
    page = _KEPT.get((id(browser), purpose))
    if page is None or page.is_closed():
        page = browser.new_context().new_page()
        if start is not None:
            start(page)
        _KEPT[id(browser), purpose] = page
    page.goto("about:blank")
    return page


@contextlib.contextmanager
def kept_page(
    browser: Any, viewport: dict[str, int] | None = None, color_scheme: str = "light"
) -> Iterator[Any]:
    """A tab kept open for the whole run, on a blank page at `viewport`, in `color_scheme`,
    with no other media emulated, for a test that loads pages and measures them (and does
    not point, click or change the context). A fresh context and tab (:func:`browser_page`)
    costs Chromium about 0.4 s of CPU; a page loaded in a kept tab about 0.1 s."""
    page = _kept_tab(browser, "measure")
    page.set_viewport_size(viewport or DEFAULT_VIEWPORT)
    page.emulate_media(
        media="null", color_scheme=color_scheme, forced_colors="none", reduced_motion="null"
    )
    yield page


def _record(page: Any) -> None:
    # No answer from the browser's cache (a first visit's requests, each one made and answered
    # whole, never a 304): Playwright turns the HTTP cache off for a page that routes requests.
    page.route("**/*", lambda route: route.continue_())
    page.on("request", lambda request: page.requests.append(request.url))
    page.on("response", lambda response: page.responses.append(response))
    page.on("console", lambda msg: msg.type == "error" and page.errors.append(msg.text))
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))


@pytest.fixture
def page(browser, site: Site) -> Any:
    """A kept tab (see :func:`kept_page`; the test may type but not point or click) recording,
    from a blank page on, request URLs (`page.requests`), responses (`page.responses`) and
    console errors (`page.errors`)."""
    page = _kept_tab(browser, "record", start=_record)
    page.set_viewport_size(DEFAULT_VIEWPORT)
    page.requests, page.responses, page.errors = [], [], []
    return page  # nothing to close: the tab stays for the next test


def build_with_crisis_resources(base: Path, resources: list[dict]) -> Path:
    """content/ built for production with these CRISIS_RESOURCES (no search index); the output."""
    shutil.copytree(ROOT / "content", base / "content")
    output = base / "out"
    build_site(
        base / "content",
        output,
        "http://example.test",
        CRISIS_RESOURCES=resources,
        SEARCH_INDEX=False,
    )
    return output


#: A page script (`add_init_script`) that records every CSP violation in `window.__violations`.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.violatedDirective} blocked ${event.blockedURI}`);
});
"""
