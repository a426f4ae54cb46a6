"""A fork's own library: the repository's site, changed the ways a fork changes it, still validates and builds.

The suite itself never reads this repository's mkdocs.yml, docs/ or data/ (its tests build their
own fixture site), so a fork's changes cannot break it. These checks are the other half: each copies
the repository's site (mkdocs.yml, docs/, data/, the macros module), changes it as a fork would, and
runs the commands the docs give (`python -m macros ...`, `mkdocs build --strict`) in the copy.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.fork

TWO_PAPERS = """\
papers:
  - id: first
    title: The First Paper of Someone Else's Library
    read: 2025-03-01
  - id: second
    title: A Second One
    related: [first]
"""


def _run(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, *args], cwd=project, capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"},
    )  # fmt: skip
    assert result.returncode == 0, f"{' '.join(args)}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    assert "Traceback" not in result.stderr
    return result


@pytest.fixture
def fork(tmp_path: Path) -> Path:
    """The repository's site as a fork has it: its config, pages, library and the macros module."""
    project = tmp_path / "fork"
    project.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    for folder in ("docs", "data", "macros"):
        shutil.copytree(ROOT / folder, project / folder, ignore=shutil.ignore_patterns("__pycache__"))
    return project


def built(project: Path) -> Path:
    """`python -m macros validate`, then `mkdocs build --strict`; the site folder."""
    _run(project, "-m", "macros", "validate")
    _run(project, "-m", "mkdocs", "build", "--strict", "--site-dir", "site")
    return project / "site"


def test_a_paper_added_the_documented_way(fork: Path) -> None:
    _run(fork, "-m", "macros", "new", "--write", "--id", "zz-added-by-a-fork", "--title", "A Paper Added the Documented Way")
    site = built(fork)
    assert "A Paper Added the Documented Way" in (site / "papers" / "zz-added-by-a-fork" / "index.html").read_text(encoding="utf-8")
    assert "zz-added-by-a-fork" in (site / "papers" / "index.html").read_text(encoding="utf-8")


def test_a_two_paper_library(fork: Path) -> None:
    shutil.rmtree(fork / "data" / "papers", ignore_errors=True)
    (fork / "data" / "papers.yaml").write_text(TWO_PAPERS, encoding="utf-8")
    site = built(fork)
    papers = sorted(p.name for p in (site / "papers").iterdir() if p.is_dir())
    assert papers == ["first", "second"]
    assert "The First Paper of Someone Else" in (site / "papers" / "second" / "index.html").read_text(encoding="utf-8")


def test_every_paper_removed(fork: Path) -> None:
    """As a person might: the paper files deleted, whatever still refers to them left as it is (the build says what)."""
    for path in (fork / "data" / "papers").glob("*.yaml"):
        path.unlink()
    text = (fork / "data" / "papers.yaml").read_text(encoding="utf-8")
    (fork / "data" / "papers.yaml").write_text(text.split("\npapers:")[0] + "\n", encoding="utf-8")
    for command in (["-m", "macros", "validate"], ["-m", "mkdocs", "build", "--site-dir", "site"]):
        result = subprocess.run([sys.executable, *command], cwd=fork, capture_output=True, text=True, timeout=300)
        output = result.stdout + result.stderr
        # the journal, collections and to-do list still name papers that are gone: each said with its line
        assert result.returncode != 0 and "Traceback" not in output, output[-2000:]
        assert re.search(r"data/papers\.yaml:\d+: collection '[^']+': items\[0\]\.paper: error: unknown paper id '[^']+'", output)
        assert re.search(r"\d+ errors in (data/papers\.yaml|\d+ files)\.", output)
    assert not (fork / "site").exists(), "nothing is built from data with errors"


def test_made_their_own_with_init(fork: Path) -> None:
    _run(fork, "-m", "macros", "init", "--name", "Someone Else's Notes", "--author", "Someone Else",
         "--repo-url", "https://github.com/someone/notes", "--yes")  # fmt: skip
    site = built(fork)
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "Someone Else&#39;s Notes" in home or "Someone Else's Notes" in home
    assert not any((site / "papers").glob("*/index.html")), "init leaves an empty library"
    assert 'href="https://github.com/someone/notes"' in home
