"""The GitHub workflows: checked offline with zizmor, read-only for pull requests, doing what the docs say."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"


def load(name: str) -> dict[Any, Any]:
    return dict(yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8")))


def runs(job: dict[str, Any]) -> str:
    return "\n".join(step.get("run", "") for step in job["steps"])


def test_zizmor_finds_nothing() -> None:
    zizmor = shutil.which("zizmor") or str(Path(sys.executable).parent / "zizmor")
    result = subprocess.run(
        [zizmor, "--offline", "--no-progress", str(WORKFLOWS)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_pull_requests_check_the_data_read_only() -> None:
    text = (WORKFLOWS / "check.yml").read_text(encoding="utf-8")
    check = load("check.yml")
    assert "pull_request" in check[True]  # YAML 1.1 reads the key 'on' as true
    assert check["permissions"] == {"contents": "read"}
    assert "secrets." not in text and "pull_request_target" not in text
    steps = runs(check["jobs"]["data"])
    assert "python -m macros validate" in steps  # annotations and a job summary under Actions
    assert "mkdocs build --strict" in steps and "GITHUB_STEP_SUMMARY" in steps
    assert "pytest" not in steps  # a contributor's notes are checked by the data, not by our tests


def test_pull_requests_name_the_readers_whose_notes_they_touch() -> None:
    """A reading group's check: the paths the pull request changes (its merge commit against its base, the first
    parent, which a checkout two commits deep holds) go to `macros touched`, which writes the job summary."""
    steps = load("check.yml")["jobs"]["data"]["steps"]
    checkout = next(s for s in steps if str(s.get("uses", "")).startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 2
    step = next(s for s in steps if "macros touched" in s.get("run", ""))
    assert step["if"] == "github.event_name == 'pull_request'"
    assert step["run"] == "git diff --name-only HEAD^1 HEAD | python -m macros touched -"
    assert "${{" not in step["run"]  # nothing from the event is pasted into the shell


def test_code_changes_run_the_ci_script_in_debian() -> None:
    tests = load("tests.yml")
    assert tests["permissions"] == {"contents": "read"}
    assert tests[True]["pull_request"] == {"paths-ignore": ["data/**"]}
    job = tests["jobs"]["tests"]
    assert job["container"].startswith("python:3.11-bookworm")  # Debian's chromium, as the browser tests need
    assert runs(job).strip() == "bash .ci/run"


def test_publish_uses_the_pages_artifact_flow() -> None:
    publish = load("publish.yml")
    assert publish[True]["push"] == {"branches": ["main"]}
    assert publish["permissions"] == {"contents": "read"}
    build, deploy = publish["jobs"]["build"], publish["jobs"]["deploy"]
    assert "permissions" not in build  # the build job cannot write anything
    assert "python -m macros site-url" in runs(build) and "mkdocs build --strict" in runs(build)
    assert any(str(s.get("uses", "")).startswith("actions/upload-pages-artifact@") for s in build["steps"])
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert [str(s["uses"]).split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]
    assert "gh-deploy" not in (WORKFLOWS / "publish.yml").read_text(encoding="utf-8")


def test_other_engines_are_tried_without_blocking() -> None:
    engines = load("engines.yml")
    job = engines["jobs"]["zensical"]
    assert job["continue-on-error"] is True
    assert "zensical" in runs(job) and "python .ci/zensical.py" in runs(job)
    assert engines["permissions"] == {"contents": "read"}


def test_the_engines_canary_runs_only_upstream() -> None:
    """A fork's pushes do not run the canary: the job is limited to the repository mkdocs.yml names upstream."""
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    upstream = re.search(r"^repo_url: .*\"https://github\.com/([^/\"]+/[^/\"]+)\"", config, re.M)
    assert upstream, "mkdocs.yml names the upstream repository in repo_url"
    job = load("engines.yml")["jobs"]["zensical"]
    assert job["if"] == f"github.repository == '{upstream.group(1)}'"


def test_workflows_that_run_mkdocs_quiet_materials_banner() -> None:
    """Material's end-of-life banner is not news in a CI log: every workflow running mkdocs turns it off."""
    for path in sorted(WORKFLOWS.glob("*.yml")):
        workflow = load(path.name)
        if any("mkdocs " in runs(job) for job in workflow["jobs"].values()):
            assert workflow.get("env", {}).get("NO_MKDOCS_2_WARNING") == "1", path.name
