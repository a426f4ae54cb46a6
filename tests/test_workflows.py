"""The GitHub workflows: checked offline with zizmor, read-only for pull requests, doing what CI does."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"


def test_zizmor_finds_nothing() -> None:
    zizmor = shutil.which("zizmor") or str(Path(sys.executable).parent / "zizmor")
    result = subprocess.run(
        [zizmor, "--offline", "--no-progress", str(WORKFLOWS)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_pull_requests_run_read_only_without_secrets() -> None:
    text = (WORKFLOWS / "check.yml").read_text(encoding="utf-8")
    check = yaml.safe_load(text)
    assert "pull_request" in check[True]  # YAML 1.1 reads the key 'on' as true
    assert check["permissions"] == {"contents": "read"}
    assert "secrets." not in text and "pull_request_target" not in text
    steps = " ".join(step.get("run", "") for step in check["jobs"]["check"]["steps"])
    for command in ("pip install -r requirements-test.txt", "python -m macros validate", "python -m pytest",
                    "mkdocs build --strict"):  # fmt: skip
        assert command in steps, command


def test_publish_deploys_main_to_pages() -> None:
    publish = yaml.safe_load((WORKFLOWS / "publish.yml").read_text(encoding="utf-8"))
    assert publish[True] == {"push": {"branches": ["main"]}}
    assert publish["permissions"] == {"contents": "read"}
    assert publish["jobs"]["deploy"]["permissions"] == {"contents": "write"}
    steps = " ".join(step.get("run", "") for step in publish["jobs"]["deploy"]["steps"])
    assert "mkdocs gh-deploy --force" in steps
