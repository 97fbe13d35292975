"""The crisis settings an owner edits (CRISIS_WORDS, CRISIS_RESOURCES_OTHER_LANGUAGES): the
mistakes a careless owner makes are refused when the build starts, in one sentence naming the
setting and the fix, by `invoke build` and `invoke preview` alike: no traceback, the previous
output untouched. The project's own values pass."""

from __future__ import annotations

import subprocess

import pytest
from checkout import invoke_command, invoke_env, make_checkout
from conftest import ROOT
from pelican.settings import read_settings

from blog.crisis_settings import language_problems, word_problems
from blog.plugins import owner_settings


def test_the_projects_own_values_pass():
    settings = read_settings(str(ROOT / "publishconf.py"))
    assert word_problems(settings["CRISIS_WORDS"]) == []
    assert language_problems(settings["CRISIS_RESOURCES_OTHER_LANGUAGES"]) == []
    # The build's settings check (owner_settings, run when every build starts) includes them.
    assert owner_settings.problems(settings) == []
    refused = owner_settings.problems({**settings, "CRISIS_WORDS": "suicide"})
    assert any(problem.startswith("CRISIS_WORDS is text") for problem in refused)


@pytest.mark.parametrize(
    "words, says",
    [
        ("suicide", "CRISIS_WORDS is text; write it as a list"),
        ({"suicide", "kms"}, "CRISIS_WORDS is a set; write it as a list in square brackets"),
        ({"suicide": 1}, "CRISIS_WORDS is a dict"),
        (None, "CRISIS_WORDS is a NoneType"),
        (["suicide", 988], "CRISIS_WORDS[1] is a number (988); write each word or phrase in"),
        (["suicide", None], "CRISIS_WORDS[1] is a NoneType (None)"),
        (["suicide", ""], "CRISIS_WORDS[1] is '', which has no letter or digit"),
        (["*", "kms"], "CRISIS_WORDS[0] is '*', which has no letter or digit"),
        ([["kill", "myself"]], "CRISIS_WORDS[0] is a list"),
    ],
)
def test_a_careless_crisis_word_list_is_refused_in_one_sentence(words, says):
    (problem,) = word_problems(words)
    assert problem.startswith(says), problem


LLAMA = {"text": "Llama al 988 y marca 2", "gloss": "call 988, press 2", "href": "tel:988"}


@pytest.mark.parametrize(
    "resources, says",
    [
        ({"name": "En español"}, "CRISIS_RESOURCES_OTHER_LANGUAGES is a dict; write it as a list"),
        ("es", "CRISIS_RESOURCES_OTHER_LANGUAGES is text"),
        ([{"lang": "es", "links": [LLAMA]}], '[0] has no "name"'),
        ([{"name": "Es", "links": [LLAMA]}], '[0]\'s "lang" is None'),
        ([{"name": "Es", "lang": "Spanish!", "links": [LLAMA]}], "[0]'s \"lang\" is 'Spanish!'"),
        ([{"name": "Es", "lang": "es"}], '[0]["links"] is missing or empty'),
        ([{"name": "Es", "lang": "es", "links": "tel:988"}], '[0]["links"] is missing or empty'),
        ([{"name": "Es", "lang": "es", "links": [{"text": "Llama"}]}], "is not a link"),
        (
            [{"name": "Es", "lang": "es", "links": [{**LLAMA, "href": "sms:988"}]}],
            "says 'Llama al 988 y marca 2' but its href is 'sms:988'",
        ),
        (
            [{"name": "Es", "lang": "es", "links": [{"text": "Envía AYUDA", "href": "tel:988"}]}],
            "says 'Envía AYUDA' but its href is 'tel:988'",
        ),
        (
            [{"name": "Es", "lang": "es", "links": [{**LLAMA, "href": "javascript:alert(1)"}]}],
            "is not tel:, sms: or https://",
        ),
    ],
)
def test_a_careless_other_language_line_is_refused_in_one_sentence(resources, says):
    (problem,) = language_problems(resources)
    assert says in problem, problem


@pytest.mark.parametrize("command", ["build", "preview"])
def test_the_builds_refuse_it_once_without_a_traceback_and_keep_the_output(tmp_path, command):
    checkout = make_checkout(tmp_path, {})
    output = checkout / "output"
    output.mkdir()
    (output / "index.html").write_text("the previous site", encoding="utf-8")
    settings = checkout / "pelicanconf.py"
    settings.write_text(
        settings.read_text(encoding="utf-8") + '\nCRISIS_WORDS = {"suicide", "kms"}\n',
        encoding="utf-8",
    )
    result = subprocess.run(
        invoke_command(command),
        cwd=checkout,
        env=invoke_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    said = result.stdout + result.stderr
    assert result.returncode != 0, said
    assert said.count("CRISIS_WORDS is a set; write it as a list in square brackets") == 1, said
    assert "Traceback" not in said
    assert (output / "index.html").read_text(encoding="utf-8") == "the previous site"
