"""Pull requests that add papers merge cleanly: real git branches and merges, in every order.

Two branches each add a paper the documented way (ids next to each other in the
alphabet), a third edits an existing paper; merged in any of the six orders, `git merge`
exits 0 every time and the result validates. With one file per paper (the default) each
addition is a file of its own; the single-file layout is shown to conflict, which is why
it is not the default. In a reading group's library, two members' pull requests with notes
on the same paper merge in either order, and the check's `touched` step names each one's
reader.
"""
from __future__ import annotations

import itertools
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, GROUP, make_project
from paper_notes.library import check_file

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.org",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.org",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        ["git", *args], cwd=repo, capture_output=True, text=True, timeout=60, env={**os.environ, **GIT_ENV}
    )
    if check:
        assert result.returncode == 0, f"git {' '.join(args)}: {result.stdout}{result.stderr}"
    return result


def cli(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "paper_notes", *args], cwd=repo, capture_output=True, text=True, timeout=120
    )
    return result


def _repository(tmp_path: Path, split: bool) -> Path:
    repo = make_project(tmp_path / "repo", FIXTURES / "papers.yaml")
    if split:
        assert cli(repo, "split").returncode == 0
    (repo / "one.bib").write_text("@article{Dee:2024, title = {Ab}, author = {B. C. Dee}, year = {2024}}\n", encoding="utf-8")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "the library")
    return repo


def _branch(repo: Path, name: str, *command: str) -> None:
    git(repo, "checkout", "-q", "-b", name, "main")
    result = cli(repo, *command)
    assert result.returncode == 0, result.stdout + result.stderr
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", name)
    git(repo, "checkout", "-q", "main")


def _edit_alpha(repo: Path, paper_file: Path) -> None:
    git(repo, "checkout", "-q", "-b", "edit-alpha", "main")
    text = paper_file.read_text(encoding="utf-8")
    paper_file.write_text(text.replace("Segments any object from a prompt.", "Segments anything it is shown."), encoding="utf-8")
    git(repo, "commit", "-q", "-am", "edit alpha")
    git(repo, "checkout", "-q", "main")


@pytest.fixture(scope="module")
def branches(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = _repository(tmp_path_factory.mktemp("merge"), split=True)
    _branch(repo, "add-aa", "new", "--write", "--id", "aa", "--title", "Aa")
    _branch(repo, "add-ab", "import", "one.bib")
    _edit_alpha(repo, repo / "data" / "papers" / "alpha.yaml")
    return repo


@pytest.mark.parametrize("order", list(itertools.permutations(["add-aa", "add-ab", "edit-alpha"])), ids="-then-".join)
def test_pull_requests_merge_in_any_order(branches: Path, order: tuple[str, ...]) -> None:
    repo = branches
    git(repo, "checkout", "-q", "-B", "trial", "main")
    for branch in order:
        result = git(repo, "merge", "--no-edit", "-q", branch, check=False)
        assert result.returncode == 0, f"merging {branch} after {order}: {result.stdout}{result.stderr}"
    assert git(repo, "status", "--porcelain").stdout.strip() == ""
    papers = repo / "data" / "papers"
    assert (papers / "aa.yaml").is_file() and (papers / "ab.yaml").is_file()
    assert "Segments anything it is shown." in (papers / "alpha.yaml").read_text(encoding="utf-8")
    library, problems = check_file(repo / "data" / "papers.yaml", docs_dir=repo / "docs")
    assert library is not None and problems == [], problems
    assert len(library.papers) == 7
    git(repo, "checkout", "-q", "main")


def test_the_single_file_layout_conflicts(tmp_path: Path) -> None:
    repo = _repository(tmp_path, split=False)
    _branch(repo, "add-aa", "new", "--write", "--id", "aa", "--title", "Aa")
    _branch(repo, "add-ab", "import", "one.bib")
    git(repo, "merge", "--no-edit", "-q", "add-aa")
    assert git(repo, "merge", "--no-edit", "-q", "add-ab", check=False).returncode == 1
    git(repo, "merge", "--abort")


# --- a reading group: two members' notes on the same paper, in two pull requests ----------------------------------


def _member_branch(repo: Path, name: str, reader: str) -> None:
    """A member's pull request: their new notes on gamma (started with `new --reader`), and their notes on alpha edited."""
    git(repo, "checkout", "-q", "-b", name, "main")
    result = cli(repo, "new", "--reader", reader, "gamma")
    assert result.returncode == 0, result.stdout + result.stderr
    notes = repo / "data" / "readers" / reader / "gamma.yaml"
    notes.write_text(notes.read_text(encoding="utf-8").replace("status: reading", f"read: 2024-05-0{len(reader)}\nrating: 4"), encoding="utf-8")
    alpha = repo / "data" / "readers" / reader / "alpha.yaml"  # after the session, a change of mind
    alpha.write_text(re.sub(r"^rating: \d$", "rating: 3", alpha.read_text(encoding="utf-8"), flags=re.M), encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", name)
    git(repo, "checkout", "-q", "main")


@pytest.fixture(scope="module")
def group_branches(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = make_project(tmp_path_factory.mktemp("group-merge") / "repo", GROUP)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "the group's library")
    _member_branch(repo, "ada-on-gamma", "ada")
    _member_branch(repo, "ben-on-gamma", "ben")
    return repo


@pytest.mark.parametrize("order", [("ada-on-gamma", "ben-on-gamma"), ("ben-on-gamma", "ada-on-gamma")], ids="-then-".join)
def test_two_members_notes_on_one_paper_merge_in_either_order(group_branches: Path, order: tuple[str, str]) -> None:
    repo = group_branches
    git(repo, "checkout", "-q", "-B", "trial", "main")
    for branch in order:
        result = git(repo, "merge", "--no-ff", "--no-edit", "-q", branch, check=False)
        assert result.returncode == 0, f"merging {branch} after {order}: {result.stdout}{result.stderr}"
        # the check workflow's step, on the merge commit GitHub makes for the pull request
        diff = git(repo, "diff", "--name-only", "HEAD^1", "HEAD").stdout
        touched = subprocess.run(
            [sys.executable, "-m", "paper_notes", "touched", "-"], cwd=repo, input=diff, capture_output=True, text=True, timeout=60
        )  # fmt: skip
        reader = branch.split("-")[0]
        assert touched.returncode == 0 and touched.stdout.splitlines() == [
            f"{'Ada Lovelace' if reader == 'ada' else 'Ben Okafor'} ({reader}): data/readers/{reader}/alpha.yaml,"
            f" data/readers/{reader}/gamma.yaml"
        ], touched.stdout + touched.stderr
    assert git(repo, "status", "--porcelain").stdout.strip() == ""
    library, problems = check_file(repo / "data" / "papers.yaml", docs_dir=repo / "docs")
    assert library is not None and problems == [], problems
    notes = {(n.reader, n.paper): n.notes for n in library.notes}
    assert notes[("ada", "gamma")].rating == notes[("ben", "gamma")].rating == 4
    assert notes[("ada", "alpha")].rating == notes[("ben", "alpha")].rating == 3
    assert notes[("chen", "alpha")].rating == 4  # nobody else's notes moved
    git(repo, "checkout", "-q", "main")
