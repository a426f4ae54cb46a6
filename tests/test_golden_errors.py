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
