"""The settings an owner edits (blog/plugins/owner_settings.py): each careless or hostile
variant is one sentence naming the setting and the fix, in `invoke check`, `invoke build` and
`invoke preview` alike, with no traceback and the previous output untouched; the project's own
settings pass, and the built crisis links still say what they do."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from checkout import invoke, make_checkout, output_of
from conftest import ROOT
from pelican.settings import read_settings

from blog import site_settings
from blog.plugins import owner_settings

LINK = {"text": "Call 988", "href": "tel:988"}


def crisis(*links: object, name: object = "988 Lifeline") -> list[dict]:
    return [{"name": name, "links": list(links)}]


#: (setting, value, words the one sentence must contain). Each is one mistake.
BAD = [
    ("CRISIS_RESOURCES", crisis({"text": "Call 988", "href": ""}), 'has no "href"'),
    ("CRISIS_RESOURCES", crisis({"text": "Call 988"}), 'has no "href"'),
    ("CRISIS_RESOURCES", crisis({"text": "", "href": "tel:988"}), 'has no "text"'),
    ("CRISIS_RESOURCES", crisis({"text": "   ", "href": "tel:988"}), 'has no "text"'),
    ("CRISIS_RESOURCES", crisis({"href": "tel:988"}), 'has no "text"'),
    ("CRISIS_RESOURCES", [{"name": "988", "links": LINK}], "write a list of one or more links"),
    ("CRISIS_RESOURCES", [{"name": "988", "links": []}], "missing or empty"),
    ("CRISIS_RESOURCES", [{"name": "988"}], "missing or empty"),
    ("CRISIS_RESOURCES", crisis(LINK, name=""), 'has no "name"'),
    ("CRISIS_RESOURCES", {"name": "988", "links": [LINK]}, "write it as a list"),
    ("CRISIS_RESOURCES", "Call 988", "write it as a list"),
    ("CRISIS_RESOURCES", ["Call 988"], "write each resource as"),
    ("CRISIS_RESOURCES", crisis("tel:988"), "write each link as"),
    ("CRISIS_RESOURCES", crisis({"text": "Call 988", "herf": "tel:988"}), "'herf'"),
    ("CRISIS_RESOURCES", [{"name": "988", "link": [LINK]}], "'link'"),
    ("CRISIS_RESOURCES", crisis({"text": "Call", "href": "javascript:alert(1)"}), "javascript:"),
    ("CRISIS_RESOURCES", crisis({"text": "Chat", "href": " JavaScript:alert(1)"}), "javascript:"),
    ("CRISIS_RESOURCES", crisis({"text": "Chat", "href": "java\tscript:x"}), "javascript:"),
    ("CRISIS_RESOURCES", crisis({"text": "Chat", "href": "data:text/html,hi"}), "data:"),
    ("CRISIS_RESOURCES", crisis({"text": "Call or text 988", "href": "tel:988"}), "two links"),
    ("CRISIS_RESOURCES", crisis({"text": "Text 988", "href": "tel:988"}), "not sms:"),
    ("CRISIS_RESOURCES", crisis({"text": "Call 988", "href": "sms:988"}), "not tel:"),
    ("CRISIS_RESOURCES", crisis({"text": "Lifeline", "href": "tel:988"}), "does not say Call"),
    ("CRISIS_RESOURCES", crisis({"text": "Lifeline", "href": "sms:988"}), "does not say Text"),
    ("CRISIS_RESOURCES", crisis({"text": "Call 988", "href": "tel:"}), "no phone number"),
    ("CRISIS_RESOURCES", crisis({"text": "Call 988", "href": "tel:nine"}), "no phone number"),
    ("CRISIS_RESOURCES", crisis({"text": "Chat", "href": "http://988lifeline.org"}), "https://"),
    ("CRISIS_RESOURCES", crisis({"text": "Chat", "href": "988lifeline.org"}), "https://"),
    ("CRISIS_RESOURCES", crisis({"text": "Chat", "href": "https://"}), "https://"),
    ("CRISIS_RESOURCES", crisis({"text": "Chat", "href": "/help/"}), "https://"),
    ("CRISIS_RESOURCES", crisis({"text": "Chat", "href": 'https://x.org/"x'}), "https://"),
    ("AUTHOR_PROFILE", {"credentials": "MA"}, 'has no "name"'),
    ("AUTHOR_PROFILE", {"name": ""}, 'has no "name"'),
    ("AUTHOR_PROFILE", ["Jane Doe", "MA"], "write it as"),
    ("AUTHOR_PROFILE", "Jane Doe", "write it as"),
    ("AUTHOR_PROFILE", {"name": "Jane", "credentails": "MA"}, "'credentails'"),
    ("AUTHOR_PROFILE", {"name": ["Jane"]}, "write it as text"),
    ("AUTHOR_PROFILE", {"name": "Jane", "photo": "images/nobody.jpg"}, "no such file"),
    ("AUTHOR_PROFILE", {"name": "Jane", "photo": "https://x.test/a.jpg"}, "content/images/"),
    ("AUTHOR_PROFILE", {"name": "Jane", "photo": "/etc/passwd.jpg"}, "content/images/"),
    ("AUTHOR_PROFILE", {"name": "Jane", "photo": "images/../../x.jpg"}, "content/images/"),
    ("AUTHOR_PROFILE", {"name": "Jane", "photo": "images/notes.txt"}, "not a picture file"),
    ("AUTHOR_PROFILE", {"name": "Jane", "photo": "pages/me.jpg"}, "not in a folder"),
    ("REVIEWERS", ["Dr. Sam Lee"], "write it as a dict"),
    ("REVIEWERS", {"Dr. Sam Lee": "PhD"}, "write it as {"),
    ("REVIEWERS", {"Dr. Sam Lee": {"credential": "PhD"}}, "'credential'"),
    ("REVIEWERS", {"Dr. Sam Lee": {"credentials": ["PhD"]}}, "write it as text"),
    ("REVIEWERS", {"": {"credentials": "PhD"}}, "REVIEWERS has the name"),
    ("CONTACT", "javascript:alert(1)", "javascript:"),
    ("CONTACT", "JAVASCRIPT:alert(1)", "javascript:"),
    ("CONTACT", "data:text/html;base64,PHNjcmlwdD4=", "data:"),
    ("CONTACT", "jane at example dot org", "neither an email"),
    ("CONTACT", "http://example.org", "neither an email"),
    ("CONTACT", "mailto:", "neither an email"),
    ("CONTACT", '"><script>alert(1)</script>', "neither an email"),
    ("CONTACT", ["jane@example.org"], "write one email"),
    ("CONTACT", 'https://example.org/"><script>alert(1)</script>', "neither an email"),
    ("SITEURL", "https://example.org/", "ends with '/'"),
    ("SITEURL", "example.org", "not a whole address"),
    ("SITEURL", "https://example.org/?a=1", "not a whole address"),
    ("SITEURL", "https://exa mple.org", "not a whole address"),
    ("SITEURL", "javascript:alert(1)", "javascript:"),
    ("SITEURL", 'https://example.org/"onmouseover="x', "not a whole address"),
    ("FEED_DOMAIN", "localhost:8000", "not a whole address"),
    ("DEFAULT_PAGINATION", "10", "(without quotes)"),
    ("DEFAULT_PAGINATION", 0, "above 0"),
    ("DEFAULT_PAGINATION", -5, "above 0"),
    ("DEFAULT_PAGINATION", 2.5, "above 0"),
    ("READING_GRADE_WARN", "9", "(without quotes)"),
    ("READING_GRADE_WARN", None, "a number"),
    ("LINT_SUMMARY_MAX_CHARS", True, "whole number"),
    ("READING_SPEED_WPM", 0, "above 0"),
    ("FEED_MAX_ITEMS", "20", "(without quotes)"),
    ("PRECOMPRESS_BROTLI_QUALITY", 12, "0 to 11"),
    ("ARTICLE_IMAGE_WIDTHS", [480, "800"], "list of pixel widths"),
    ("ARTICLE_IMAGE_WIDTHS", 800, "list of pixel widths"),
    ("STRICT", "False", "True or False"),
    ("SEARCH_INDEX", 0, "True or False"),
    ("SITENAME", "", "SITENAME"),
    ("ABOUT_URL", "/about/", 'ending with "/"'),
    ("ABOUT_URL", "about", 'ending with "/"'),
    ("CRISIS_HELP_URL", "https://elsewhere.test/help/", 'ending with "/"'),
    ("TIMEZONE", "Eastern", "not a time zone"),
    ("TIMEZONE", "../../etc/passwd", "not a time zone"),
    ("DEFAULT_DATE_FORMAT", None, "DEFAULT_DATE_FORMAT"),
    ("SITE_DESCRIPTION", ["Calm", "writing"], "one sentence"),
    ("DEFAULT_LANG", "English", "language code"),
    ("DEFAULT_LANG", 'en" onload="x', "language code"),
    ("DEFAULT_LANG", "", "language code"),
    ("CSP", ["default-src", "'self'"], "write a dict"),
    ("CSP", {"default-src": "'self'"}, "write a dict"),
    ("CSP", {"style-src": ["'self'", "'unsafe-inline'"]}, "'unsafe-inline'"),
    ("CSP", {"script-src": ["'self'", "data:"]}, "data:"),
    ("CSP", {"img-src": ["'self'", "https://cdn.example"]}, "other hosts"),
    ("CSP", {"font-src": ["*"]}, "other hosts"),
    ("HOST_HEADERS", ["X-Frame-Options: DENY"], "write a dict"),
    ("HOST_HEADERS", {"/*": ["nosniff"]}, "write a dict"),
    ("STRICT_ALLOWED_WARNINGS", "PIL", "list of pairs"),
    ("STRICT_ALLOWED_WARNINGS", [("PIL", "(")], "not a regular expression"),
    ("STRICT_ALLOWED_WARNINGS", [("PIL",)], "write a pair"),
    ("ARTICLE_IMAGE_SIZES", 100, "in quotes"),
]


@pytest.fixture(scope="module")
def local() -> dict:
    return read_settings(str(ROOT / "pelicanconf.py"))


def test_the_projects_own_settings_pass(local):
    assert owner_settings.problems(local, {}) == []
    assert owner_settings.problems(read_settings(str(ROOT / "publishconf.py")), {}) == []


@pytest.mark.parametrize(("name", "value", "words"), BAD)
def test_each_mistake_is_one_sentence_naming_the_setting(local, name, value, words):
    found = owner_settings.problems({**local, name: value}, {})
    assert len(found) == 1, found
    assert found[0].startswith(name) and words in found[0], found[0]


@pytest.mark.parametrize(
    "link",
    [
        {"text": "Call 988", "href": "tel:988"},
        {"text": "Call 911", "href": "tel:+1-911"},
        {"text": "Text HOME to 741741", "href": "sms:741741?body=HOME"},
        {"text": "Chat at 988lifeline.org", "href": "https://988lifeline.org/chat/"},
    ],
)
def test_good_crisis_links_pass(local, link):
    assert owner_settings.problems({**local, "CRISIS_RESOURCES": crisis(link)}, {}) == []


@pytest.mark.parametrize(
    "contact", ["", "jane@example.org", "mailto:jane@example.org", "https://example.org/contact/"]
)
def test_good_contacts_pass(local, contact):
    assert owner_settings.problems({**local, "CONTACT": contact}, {}) == []


PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def test_a_profile_photo_must_be_a_whole_picture(local, tmp_path):
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "me.png").write_bytes(PNG)
    (tmp_path / "images" / "cut.png").write_bytes(PNG[: len(PNG) // 2])
    settings = {**local, "PATH": str(tmp_path)}
    good = {"name": "Jane Doe", "photo": "images/me.png"}
    assert owner_settings.problems({**settings, "AUTHOR_PROFILE": good}, {}) == []
    cut = {"name": "Jane Doe", "photo": "images/cut.png"}
    (found,) = owner_settings.problems({**settings, "AUTHOR_PROFILE": cut}, {})
    assert "cannot be read as a picture" in found and "images/cut.png" in found


def test_a_production_build_needs_a_siteurl(local):
    (found,) = owner_settings.problems({**local, "SITEURL": "", "STRICT": True}, {})
    assert found.startswith("SITEURL is empty")


@pytest.mark.parametrize(
    "epoch", ["99999999999999", "-1", "yesterday", "1.5e9", "١٧٠٠٠٠٠٠٠٠", "0x10"]
)
def test_source_date_epoch_nonsense_is_one_sentence(local, epoch):
    (found,) = owner_settings.problems(local, {"SOURCE_DATE_EPOCH": epoch})
    assert found.startswith("SOURCE_DATE_EPOCH=") and "unset it" in found


@pytest.mark.parametrize("epoch", ["", "0", "1700000000", str(site_settings.EPOCH_MAX)])
def test_source_date_epoch_that_a_date_can_show_passes(local, epoch):
    assert owner_settings.problems(local, {"SOURCE_DATE_EPOCH": epoch}) == []


#: Settings appended to the checkout's pelicanconf.py (publishconf.py imports it): the
#: issue's own examples and the others a careless owner writes.
SETTINGS_VARIANTS = {
    "crisis-href-missing": 'CRISIS_RESOURCES = [{"name": "988", "links": [{"text": "Call 988"}]}]',
    "crisis-javascript": (
        'CRISIS_RESOURCES = [{"name": "988", "links": [{"text": "Chat", '
        '"href": "javascript:alert(1)"}]}]'
    ),
    "profile-without-name": 'AUTHOR_PROFILE = {"credentials": "MA, LPC"}',
    "profile-a-list": 'AUTHOR_PROFILE = ["Jane Doe"]',
    "reviewers-a-list": 'REVIEWERS = ["Dr. Sam Lee"]',
    "contact-javascript": 'CONTACT = "javascript:alert(document.cookie)"',
    "pagination-text": 'DEFAULT_PAGINATION = "10"',
}


@pytest.fixture(scope="module")
def checkout(tmp_path_factory) -> Path:
    return make_checkout(tmp_path_factory.mktemp("owner-settings"), {})


#: The variants as an owner's settings file may hold them, each through every command: every
#: mistake in a file is listed at once, so a group costs three runs, not three per mistake.
#: Each group names different settings (the later line of one setting would hide the first)
#: and comes with one of the SOURCE_DATE_EPOCH values no date can show.
GROUPS = {
    "five-settings": (
        [
            "contact-javascript",
            "crisis-javascript",
            "pagination-text",
            "profile-without-name",
            "reviewers-a-list",
        ],
        "99999999999999",
    ),
    "two-settings": (["crisis-href-missing", "profile-a-list"], "-86400"),
    "epoch-alone": ([], "last tuesday"),
}


def test_the_groups_hold_every_variant_once() -> None:
    grouped = [variant for variants, _epoch in GROUPS.values() for variant in variants]
    assert sorted(grouped) == sorted(SETTINGS_VARIANTS)
    for variants, _epoch in GROUPS.values():
        names = [SETTINGS_VARIANTS[variant].split(" ", 1)[0] for variant in variants]
        assert len(set(names)) == len(names), names


@pytest.mark.parametrize("group", sorted(GROUPS))
def test_every_command_refuses_each_bad_setting_in_one_sentence(checkout, group):
    variants, epoch = GROUPS[group]
    settings = checkout / "pelicanconf.py"
    original = settings.read_text(encoding="utf-8")
    before = checkout / "output" / "index.html"
    before.parent.mkdir(exist_ok=True)
    before.write_text("the previous build", encoding="utf-8")
    lines = [SETTINGS_VARIANTS[variant] for variant in variants]
    names = [line.split(" ", 1)[0] for line in lines]
    count = len(lines) + 1
    problems = f"({count} {'problem' if count == 1 else 'problems'})"
    try:
        settings.write_text("\n".join([original, *lines, ""]), encoding="utf-8")
        for command in ("check", "build", "preview"):
            result = invoke(checkout, command, env={"SOURCE_DATE_EPOCH": epoch})
            said = output_of(result)
            assert result.returncode == 1, (command, said)
            assert "Traceback" not in said, (command, said)
            assert f"Settings to fix before building {problems}" in said, (command, said)
            told = [line.strip() for line in said.splitlines()]
            for name in names:
                assert len([line for line in told if line.startswith(name)]) == 1, (command, said)
            epochs = [line for line in told if line.startswith(f"SOURCE_DATE_EPOCH={epoch!r}")]
            assert len(epochs) == 1 and "unset it" in epochs[0], (command, said)
            assert before.read_text(encoding="utf-8") == "the previous build", command
            assert sorted(p.name for p in before.parent.iterdir()) == ["index.html"], command
    finally:
        settings.write_text(original, encoding="utf-8")
