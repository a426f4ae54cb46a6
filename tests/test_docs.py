"""The examples in the README and on the Data format page are real: they validate and say true things."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from conftest import ROOT
from macros.library import check_file, load_library

STUBS = """\
  - {id: gpt-3, title: Stub}
  - {id: sdxl, title: Stub}
  - {id: no-zero-shot, title: Stub}
  - {id: many-shot-icl, title: Stub}
  - {id: big-transfer, title: Stub}
"""


def yaml_blocks(path: Path) -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", path.read_text(encoding="utf-8"), re.S)


def test_data_format_examples_validate(tmp_path: Path) -> None:
    blocks = yaml_blocks(ROOT / "docs" / "data-format.md")
    paper, others = blocks[0], blocks[1]
    assert "papers:" in paper and "collections:" in others
    text = paper + STUBS + "topics:\n  - {id: fine-tuning, name: Fine-tuning}\n" + others.replace("topics:\n", "", 1)
    data = tmp_path / "papers.yaml"
    data.write_text(text, encoding="utf-8")
    library = load_library(data, today=dt.date(2026, 1, 1))
    lora = next(p for p in library.papers if p.id == "lora")
    # the example is complete: every field of a paper is shown
    written = set(re.findall(r"^  (?:- |  )([a-z_]+):", paper, re.M))
    assert written >= set(type(lora).model_fields), set(type(lora).model_fields) - written


def test_readme_example_validates(tmp_path: Path) -> None:
    block = yaml_blocks(ROOT / "README.md")[0]
    data = tmp_path / "papers.yaml"
    data.write_text(block.replace("papers:\n", "papers:\n" + STUBS, 1).replace(
        "topics:\n", "topics:\n  - {id: language, name: Language}\n", 1), encoding="utf-8")
    load_library(data, today=dt.date(2026, 1, 1))


def test_documented_error_messages_are_the_real_ones(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    Path("papers.yaml").write_text(
        "topics:\n  - {id: segmentation, name: Segmentation}\n"
        "papers:\n  - id: sam\n    title: Segment Anything\n    read: 2024-5-2\n    topics: [segmentaton]\n",
        encoding="utf-8",
    )
    _, problems = check_file(Path("papers.yaml"), today=dt.date(2026, 1, 1))
    produced = {str(p).split(":", 2)[2] for p in problems}
    documented = (ROOT / "README.md").read_text(encoding="utf-8") + (ROOT / "docs" / "contributing.md").read_text(
        encoding="utf-8"
    )
    shown = {line.split(":", 2)[2] for line in re.findall(r"^data/papers\.yaml:\d+: paper 'sa.*$", documented, re.M)}
    shown = {s.replace("'segment-anything'", "'sam'") for s in shown}
    assert shown and shown <= produced, shown - produced
