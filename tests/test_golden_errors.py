"""Golden tests: each bad data file in tests/golden/bad/ is paired with the exact report it gets.

Regenerate the expected reports after an intended change with:
    UPDATE_GOLDEN=1 python -m pytest tests/test_golden_errors.py
and review the diff.
"""
from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

import pytest

from conftest import empty_library
from paper_notes.library import check_file
from paper_notes.problems import report

GOLDEN = Path(__file__).resolve().parent / "golden" / "bad"
CASES = sorted(GOLDEN.glob("*.yaml"))
TODAY = dt.date(2026, 1, 1)


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_bad_file_report(case: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(GOLDEN)
    start = time.monotonic()
    library, problems = check_file(Path(case.name), today=TODAY)
    elapsed = time.monotonic() - start
    assert elapsed < 5, "bad input must be refused quickly"
    assert problems, "a bad file must report at least one problem"
    text = report(problems) + "\n"
    expected = case.with_suffix(".txt")
    if os.environ.get("UPDATE_GOLDEN"):
        expected.write_text(text, encoding="utf-8")
    assert text == expected.read_text(encoding="utf-8")
    if case.stem != "bad_dates":
        assert library is None


def test_paper_file_problems_name_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An empty paper file is named by its path, not as papers[N]; an unclosed quote points where it opens."""
    monkeypatch.chdir(tmp_path)
    main = empty_library(tmp_path)
    (tmp_path / "data" / "papers" / "lora.yaml").write_text("", encoding="utf-8")
    (tmp_path / "data" / "papers" / "vit.yaml").write_text(
        'id: vit\ntitle: "An Image is Worth\nsummary: ok\n\nnotes:\n  method: patches\n', encoding="utf-8"
    )
    (tmp_path / "data" / "papers" / "list.yaml").write_text("- id: list\n", encoding="utf-8")
    library, problems = check_file(main.relative_to(tmp_path), today=TODAY)
    assert library is None
    assert report(problems).splitlines() == [
        "data/papers/list.yaml:1: error: expected a mapping of 'key: value' lines, got a list",
        "data/papers/lora.yaml: error: the file is empty; write at least 'id:' and 'title:'",
        "data/papers/vit.yaml:2: error: YAML syntax error (column 8): this quote is never closed"
        " (the file ends before its closing quote)",
        "3 errors in 3 files.",
    ]
