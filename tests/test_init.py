"""`python -m macros init`: a fork replaces the sample with an empty library of its own in one command."""
from __future__ import annotations

import builtins
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from conftest import FIXTURES, make_project
from paper_notes import cli
from paper_notes.datafiles import Layout
from paper_notes.library import load_library

GIT_ENV = {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def run(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`python -m macros init` in its own process, with no terminal, as a script or CI would run it."""
    return subprocess.run(
        [sys.executable, "-m", "paper_notes", "init", *args],
        cwd=project, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL, env={**os.environ, **GIT_ENV},
    )  # fmt: skip


@pytest.fixture
def init(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    """init in this process, with no terminal: returns (status, stdout, stderr)."""
    monkeypatch.setattr(sys, "stdin", io.StringIO())
    for name, value in GIT_ENV.items():
        monkeypatch.setenv(name, value)

    def call(project: Path, *args: str) -> tuple[int, str, str]:
        monkeypatch.chdir(project)
        status = cli.main(["init", *args])
        out, err = capsys.readouterr()
        return status, out, err

    return call


@pytest.fixture
def fork(tmp_path: Path) -> Path:
    """A copy of the project holding a sample library (one file per paper) and the sample's own checks."""
    project = make_project(tmp_path / "fork", FIXTURES / "papers.yaml")
    assert cli.main(["split", "--data", str(project / "data" / "papers.yaml")]) == 0
    (project / "sample").mkdir()
    (project / "sample" / "test_sample.py").write_text("def test_pinned(): assert False\n", encoding="utf-8")
    return project


ADA = ["--name", "Ada's Notes", "--author", "Ada Lovelace", "--repo-url", "https://github.com/ada/notes"]


def test_init_replaces_the_sample_and_names_the_site(fork: Path, tmp_path: Path) -> None:
    config_before = (fork / "mkdocs.yml").read_text(encoding="utf-8")
    result = run(fork, *ADA, "--yes")
    assert result.returncode == 0, result.stderr
    assert "Started an empty library for Ada's Notes" in result.stdout
    main = fork / "data" / "papers.yaml"
    library = load_library(main)
    assert library.papers == [] and library.topics == [] and library.collections == []
    layout = Layout(main)
    assert layout.split and sorted(p.name for p in layout.folder.iterdir()) == ["README.md"]
    assert not (fork / "sample").exists()
    assert main.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=./schema.json\n")

    config = (fork / "mkdocs.yml").read_text(encoding="utf-8")
    assert 'site_name: "Ada\'s Notes"' in config
    assert 'site_author: "Ada Lovelace"' in config
    assert 'repo_url: !ENV [PAPER_NOTES_REPO_URL, "https://github.com/ada/notes"]' in config
    assert 'site_url: !ENV [PAPER_NOTES_SITE_URL, "https://ada.github.io/notes/"]' in config
    # every other line is kept, comments included
    changed = {"site_name", "site_description", "site_author", "site_url", "repo_url", "edit_uri", "copyright"}
    kept = [line for line in config_before.splitlines() if line.split(":")[0] not in changed]
    assert all(line in config.splitlines() for line in kept)

    loaded = load_config(config_file=str(fork / "mkdocs.yml"), site_dir=str(tmp_path / "site"), strict=True)
    assert loaded.site_name == "Ada's Notes" and loaded.repo_url == "https://github.com/ada/notes"
    build(loaded)
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert '<h1 id="adas-notes">Ada&#39;s Notes' in home
    assert "Ada Lovelace&#39;s reading notes on research papers." in home
    assert "<strong>0</strong> papers" in home


def test_init_can_keep_the_topic_tree(fork: Path, init) -> None:  # type: ignore[no-untyped-def]
    assert init(fork, *ADA, "--yes", "--keep-topics")[0] == 0
    library = load_library(fork / "data" / "papers.yaml")
    assert [t.id for t in library.topics] == ["vision", "segmentation", "language"]
    assert library.papers == []
    assert "    description: Seeing things.\n" in (fork / "data" / "papers.yaml").read_text(encoding="utf-8")


def test_init_single_file(fork: Path, init) -> None:  # type: ignore[no-untyped-def]
    assert init(fork, *ADA, "--yes", "--single-file")[0] == 0
    assert not Layout(fork / "data" / "papers.yaml").folder.exists()
    assert "\npapers: []\n" in (fork / "data" / "papers.yaml").read_text(encoding="utf-8")


def test_init_asks_before_replacing(fork: Path) -> None:
    before = {p: p.read_bytes() for p in fork.rglob("*.yaml")}
    result = run(fork, *ADA)  # no terminal to ask on
    assert result.returncode == 1
    assert "pass --yes to go ahead" in result.stderr and "Traceback" not in result.stderr
    assert {p: p.read_bytes() for p in fork.rglob("*.yaml")} == before


def test_init_takes_what_git_knows(fork: Path, init) -> None:  # type: ignore[no-untyped-def]
    subprocess.run(["git", "init", "-q"], cwd=fork, check=True, env={**os.environ, **GIT_ENV})
    subprocess.run(["git", "config", "user.name", "Grace Hopper"], cwd=fork, check=True)
    subprocess.run(["git", "remote", "add", "origin", "git@github.com:Grace/grace.github.io.git"], cwd=fork, check=True)
    status, _, err = init(fork, "--yes")
    assert status == 0, err
    config = (fork / "mkdocs.yml").read_text(encoding="utf-8")
    assert 'repo_url: !ENV [PAPER_NOTES_REPO_URL, "https://github.com/Grace/grace.github.io"]' in config
    assert 'site_url: !ENV [PAPER_NOTES_SITE_URL, "https://grace.github.io/"]' in config
    assert 'site_author: "Grace Hopper"' in config and 'site_name: "Paper Notes"' in config


def test_init_uses_a_custom_domain(fork: Path, init) -> None:  # type: ignore[no-untyped-def]
    (fork / "docs" / "CNAME").write_text("notes.example.org\n", encoding="utf-8")
    assert init(fork, *ADA, "--yes")[0] == 0
    assert 'site_url: !ENV [PAPER_NOTES_SITE_URL, "https://notes.example.org/"]' in (fork / "mkdocs.yml").read_text()


def test_init_asks_on_a_terminal(fork: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(fork)
    monkeypatch.setattr(sys, "stdin", io.StringIO())
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    answers = iter(["Terminal Notes", "Tess", "https://github.com/tess/notes", "y"])
    prompts: list[str] = []
    monkeypatch.setattr(builtins, "input", lambda prompt="": (prompts.append(prompt), next(answers))[1])
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    assert cli.main(["init"]) == 0
    assert [p.split(" [")[0].rstrip(": ") for p in prompts[:3]] == ["Site name", "Your name", "Repository URL"]
    assert prompts[3].startswith("Replace every paper in data/papers.yaml")
    assert 'site_name: "Terminal Notes"' in (fork / "mkdocs.yml").read_text(encoding="utf-8")


def test_papers_added_after_init_get_their_own_files(fork: Path, init) -> None:  # type: ignore[no-untyped-def]
    assert init(fork, *ADA, "--yes")[0] == 0
    assert cli.main(["new", "--write", "--id", "first", "--title", "My first paper"]) == 0
    assert (fork / "data" / "papers" / "first.yaml").is_file()
    assert [p.id for p in load_library(fork / "data" / "papers.yaml").papers] == ["first"]
