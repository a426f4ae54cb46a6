"""The command line: exit codes, one line per problem, help with examples, no tracebacks."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from paper_notes.cli import build_parser, main


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "paper_notes", *args], cwd=cwd, capture_output=True, text=True, timeout=120, env=env
    )


def test_validate_a_clean_library() -> None:
    result = run("validate", "--data", "tests/fixtures/papers.yaml")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "tests/fixtures/papers.yaml: 5 papers, 3 topics, 2 journal entries, 1 collection: valid.\n"


def test_validate_reports_every_problem_and_fails(tmp_path: Path) -> None:
    data = tmp_path / "bad.yaml"
    data.write_text("papers:\n  - id: a\n    title: [x]\n  - id: a\n    title: A\n", encoding="utf-8")
    result = run("validate", "--data", str(data), cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines == [
        "bad.yaml:3: paper 'a': title: error: expected text, got a list; put it in quotes if it is text",
        "bad.yaml:4: paper 'a': id: error: paper id 'a' is already used on line 2; ids must be unique",
        "2 errors in bad.yaml.",
    ]
    assert "Traceback" not in result.stderr


def test_validate_warnings_pass_unless_strict(tmp_path: Path) -> None:
    data = tmp_path / "warn.yaml"
    data.write_text("papers:\n  - {id: a, title: A, published: 2024-06, read: 2024-05-01}\n", encoding="utf-8")
    relaxed = run("validate", "--data", str(data), cwd=tmp_path)
    assert relaxed.returncode == 0
    assert "warning: read on 2024-05-01, before it was published" in relaxed.stdout
    assert run("validate", "--data", str(data), "--strict", cwd=tmp_path).returncode == 1


def test_validate_missing_file(tmp_path: Path) -> None:
    result = run("validate", "--data", "nope.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == "error: no data file at nope.yaml: run from the project folder, or name it with --data\n"
    assert "Traceback" not in result.stderr


def test_schema_check_passes_for_the_committed_schema() -> None:
    result = run("schema", "--check")
    assert result.returncode == 0, result.stderr


def test_schema_writes_every_schema_and_checks_them(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "--check", "--folder", str(tmp_path)]) == 1  # missing counts as out of date
    assert main(["schema", "--folder", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["paper.schema.json", "reader.schema.json", "schema.json"]
    assert '"$schema": "https://json-schema.org/draft/2020-12/schema"' in (tmp_path / "paper.schema.json").read_text()
    assert main(["schema", "--check", "--folder", str(tmp_path)]) == 0
    (tmp_path / "paper.schema.json").write_text("{}\n", encoding="utf-8")
    assert main(["schema", "--check", "--folder", str(tmp_path)]) == 1
    assert "paper.schema.json out of date" in capsys.readouterr().err


def test_every_command_has_help_with_an_example() -> None:
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert set(commands) >= {"validate", "schema"}
    for name, sub in commands.items():
        text = sub.format_help()
        assert "Example:" in text and f"python -m macros {name}" in text, name


def test_every_command_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    for name in commands:
        assert f"python -m macros {name}" in readme, f"README does not document '{name}'"
