"""Every command, given a wrong path, an unreadable file or a folder where a file belongs: one line, non-zero, no traceback."""
from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import ROOT, empty_library
from paper_notes import cli

INIT = ["--yes", "--name", "N", "--author", "A", "--repo-url", "https://github.com/ada/notes"]
MISSING, FOLDER, UNREADABLE = "a path that does not exist", "a folder where a file belongs", "an unreadable file"


def _locked(path: Path, text: str = "x\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    path.chmod(0)
    return path


# command -> (variant -> the arguments, given the project folder); the variants a command has no path for are absent
CASES: dict[str, dict[str, Callable[[Path], list[str]]]] = {
    "validate": {
        MISSING: lambda p: ["validate", "--data", "nope/papers.yaml"],
        FOLDER: lambda p: ["validate", "--data", "data/papers"],
        UNREADABLE: lambda p: ["validate", "--data", str(_locked(p / "locked.yaml"))],
    },
    "add": {
        MISSING: lambda p: ["add", "2106.09685", "--data", "nope/papers.yaml"],
        FOLDER: lambda p: ["add", "2106.09685", "--data", "data/papers"],
        UNREADABLE: lambda p: ["add", "2106.09685", "--data", str(_locked(p / "locked.yaml"))],
    },
    "import": {
        MISSING: lambda p: ["import", "nope.bib"],
        FOLDER: lambda p: ["import", "data/papers", "--from", "bibtex"],
        UNREADABLE: lambda p: ["import", str(_locked(p / "locked.bib"))],
    },
    "export": {
        MISSING: lambda p: ["export", "--output", "nonexistent/dir/x.bib"],
        FOLDER: lambda p: ["export", "--output", "data"],
        UNREADABLE: lambda p: ["export", "--data", str(_locked(p / "locked.yaml"))],
    },
    "new": {
        MISSING: lambda p: ["new", "--write", "--id", "a", "--title", "A", "--data", "nope/papers.yaml"],
        FOLDER: lambda p: ["new", "--write", "--id", "a", "--title", "A", "--data", "data/papers"],
        UNREADABLE: lambda p: ["new", "--write", "--id", "a", "--title", "A", "--data", str(_locked(p / "l.yaml"))],
    },
    "split": {
        MISSING: lambda p: ["split", "--data", "nope/papers.yaml"],
        FOLDER: lambda p: ["split", "--data", "data/papers"],
        UNREADABLE: lambda p: ["split", "--data", str(_locked(p / "locked.yaml"))],
    },
    "join": {
        MISSING: lambda p: ["join", "--data", "nope/papers.yaml"],
        FOLDER: lambda p: ["join", "--data", "data/papers"],
        UNREADABLE: lambda p: ["join", "--data", str(_locked(p / "locked.yaml"))],
    },
    "init": {
        MISSING: lambda p: ["init", "--root", "nope", *INIT],
        FOLDER: lambda p: ["init", "--data", "data/papers", *INIT],
        UNREADABLE: lambda p: ["init", "--root", str(_locked(p / "other" / "mkdocs.yml").parent), *INIT],
    },
    "schema": {
        MISSING: lambda p: ["schema", "--folder", "nope"],
        FOLDER: lambda p: ["schema", "--folder", "mkdocs.yml"],  # a file where the folder belongs
        UNREADABLE: lambda p: ["schema", "--check", "--folder", str(_locked(p / "s" / "schema.json").parent)],
    },
    "pages": {
        MISSING: lambda p: ["pages", "--out", "out", "--config", "nope/mkdocs.yml"],
        FOLDER: lambda p: ["pages", "--out", "out", "--config", "data"],
        UNREADABLE: lambda p: ["pages", "--out", "out", "--config", str(_locked(p / "locked.yml"))],
    },
    "codeowners": {
        MISSING: lambda p: ["codeowners", "--data", "nope/papers.yaml"],
        FOLDER: lambda p: ["codeowners", "--output", "data"],
        UNREADABLE: lambda p: ["codeowners", "--data", str(_locked(p / "locked.yaml"))],
    },
    "touched": {
        MISSING: lambda p: ["touched", "data/readers/ada/lora.yaml", "--data", "nope/papers.yaml"],
        FOLDER: lambda p: ["touched", "data/readers/ada/lora.yaml", "--data", "data/papers"],
        UNREADABLE: lambda p: ["touched", "data/readers/ada/lora.yaml", "--data", str(_locked(p / "locked.yaml"))],
    },
    "site-url": {
        MISSING: lambda p: ["site-url", "--repository", "ada/notes", "--docs", "nope"],
        FOLDER: lambda p: ["site-url", "--repository", "ada/notes", "--docs", "mkdocs.yml"],
        UNREADABLE: lambda p: ["site-url", "--repository", "ada/notes", "--docs", str(_locked(p / "d" / "CNAME").parent)],
    },
}


def test_every_command_has_its_cases() -> None:
    commands = next(a for a in cli.build_parser()._actions if a.dest == "command").choices
    assert set(CASES) == set(commands)  # type: ignore[arg-type]


@pytest.mark.parametrize("variant", [MISSING, FOLDER, UNREADABLE])
@pytest.mark.parametrize("command", sorted(CASES))
def test_a_wrong_path_is_one_line(
    command: str, variant: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    if variant == UNREADABLE and os.geteuid() == 0:
        pytest.skip("root reads a file whatever its mode")
    empty_library(tmp_path)
    (tmp_path / "mkdocs.yml").write_text("site_name: Notes\nplugins: [paper-notes]\n", encoding="utf-8")
    (tmp_path / "docs").mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GITHUB_REPOSITORY", "ada/notes")
    status = cli.main(CASES[command][variant](tmp_path))
    out, err = capsys.readouterr()
    lines = [line for line in err.splitlines() if line.strip()]
    assert status != 0, out + err
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    assert "Traceback" not in err + out


@pytest.mark.parametrize(
    "args",
    [["init", "--root", "{tmp}", *INIT], ["export", "--output", "/nonexistent/dir/x.bib"]],
    ids=["init-without-mkdocs-yml", "export-to-a-missing-folder"],
)
def test_the_reported_commands_in_a_process(args: list[str], tmp_path: Path) -> None:
    """The two tracebacks of issue 22, run as a user runs them."""
    empty_library(tmp_path)
    argv = [a.replace("{tmp}", str(tmp_path)) for a in args]
    result = subprocess.run(
        [sys.executable, "-m", "macros", *argv], cwd=tmp_path, capture_output=True, text=True, timeout=60,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert "mkdocs.yml" in result.stderr or "/nonexistent/dir" in result.stderr
