"""The suite tests the software, not the sample: it passes unchanged whatever library data/ holds.

Each case copies the project, changes its library the way a fork would, and runs this
very suite in the copy (without this test, and without the browser tests, which build
their own fixture sites; the `init` case runs those too, since init rewrites mkdocs.yml).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = [pytest.mark.fork, pytest.mark.serve]  # slow: it runs the whole suite, mkdocs serve included

SKIP = shutil.ignore_patterns(
    ".git", ".venv", "venv", "site", "test-artifacts", "__pycache__", ".pytest_cache", ".mypy_cache",
    ".ruff_cache", ".hypothesis",
)  # fmt: skip

TWO_PAPERS = """\
papers:
  - id: first
    title: The First Paper of Someone Else's Library
    read: 2025-03-01
  - id: second
    title: A Second One
    related: [first]
"""


def _cli(project: Path, *args: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "macros", *args], cwd=project, capture_output=True, text=True, timeout=120,
        stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def one_paper_added(project: Path) -> None:
    _cli(project, "new", "--write", "--id", "zz-added-by-a-fork", "--title", "A Paper Added the Documented Way")


def every_paper_removed(project: Path) -> None:
    """As a person might: the paper files deleted, whatever still refers to them left as it is."""
    for path in (project / "data" / "papers").glob("*.yaml"):
        path.unlink()
    text = (project / "data" / "papers.yaml").read_text(encoding="utf-8")
    (project / "data" / "papers.yaml").write_text(text.split("\npapers:")[0] + "\n", encoding="utf-8")


def two_paper_library(project: Path) -> None:
    shutil.rmtree(project / "data" / "papers", ignore_errors=True)
    (project / "data" / "papers.yaml").write_text(TWO_PAPERS, encoding="utf-8")


def made_their_own(project: Path) -> None:
    _cli(project, "init", "--name", "Someone Else's Notes", "--author", "Someone Else",
         "--repo-url", "https://github.com/someone/notes", "--yes")  # fmt: skip


CASES = [
    (one_paper_added, "not browser and not fork and not bench"),
    (every_paper_removed, "not browser and not fork and not bench"),
    (two_paper_library, "not browser and not fork and not bench"),
    (made_their_own, "not fork and not bench"),  # the benchmarks make their own libraries
]


@pytest.mark.parametrize(("change", "selection"), CASES, ids=[c[0].__name__ for c in CASES])
def test_the_suite_passes_on_a_forks_library(tmp_path: Path, change, selection: str) -> None:  # type: ignore[no-untyped-def]
    project = tmp_path / "fork"
    shutil.copytree(ROOT, project, ignore=SKIP)
    change(project)
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", "-m", selection],
        cwd=project, capture_output=True, text=True, timeout=900, env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert " passed" in result.stdout and " failed" not in result.stdout
