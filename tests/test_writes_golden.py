"""Golden files for writes: `new --write`, then `add`, then `import`, on each layout and file style.

Each case starts from a data file, runs the three commands in sequence, and compares the
result with tests/golden/writes/. Regenerate after an intended change with
    UPDATE_GOLDEN=1 python -m pytest tests/test_writes_golden.py
and review the diff.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import FIXTURES
from paper_notes import cli
from paper_notes.editing import write_checked
from paper_notes.library import load_library
from paper_notes.relayout import split

GOLDEN = Path(__file__).resolve().parent / "golden" / "writes"

SPACED = """\
# comments and blank lines as a person writes them
topics:
  - {id: llm, name: Language models}

papers:
  - id: existing
    title: 'An Existing Paper'   # quoted on purpose
    topics: [llm]

  - id: another
    title: "Another: With a Colon"

log:
  - {date: 2024-01-01, title: A day, body: text}
"""

COMPACT = """\
topics: []
papers:
- id: one
  title: One
- id: two
  title: Two
todo:
- text: keep me last
"""


def _run(*args: str) -> None:
    assert cli.main(list(args)) in (0, 1), args


def _sequence() -> None:
    _run("new", "--write", "--id", "test-x", "--title", "T")
    _run("add", "2106.09685")
    _run("import", str(FIXTURES / "writes.bib"))


def _check(actual: str, name: str) -> None:
    expected = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        expected.write_text(actual, encoding="utf-8")
    assert actual == expected.read_text(encoding="utf-8")


@pytest.mark.parametrize(("start", "name"), [(SPACED, "spaced.yaml"), (COMPACT, "compact.yaml")])
def test_single_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, api: str, start: str, name: str) -> None:
    monkeypatch.chdir(tmp_path)
    data = tmp_path / "data" / "papers.yaml"
    data.parent.mkdir()
    data.write_text(start, encoding="utf-8")
    _sequence()
    text = data.read_text(encoding="utf-8")
    _check(text, name)
    ids = [p.id for p in load_library(data).papers]
    assert ids[-4:] == ["test-x", "lora", "rather-long-title-colon-quoted", "yes"]
    # the scaffold's commented fields stay under its own entry, before the next one
    scaffold = text[text.index("- id: test-x") : text.index("- id: lora")]
    assert scaffold.count("# ") >= 19


def test_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, api: str) -> None:
    monkeypatch.chdir(tmp_path)
    data = tmp_path / "data" / "papers.yaml"
    data.parent.mkdir()
    data.write_text(SPACED, encoding="utf-8")
    write_checked(split(data))
    _sequence()
    files = sorted((tmp_path / "data").rglob("*.yaml"))
    listing = "".join(f"=== {p.relative_to(tmp_path).as_posix()}\n{p.read_text(encoding='utf-8')}" for p in files)
    _check(listing, "folder.txt")
