"""Two layouts of the same data: one file, or a data file plus one file per paper (data/papers/<id>.yaml).

Loading, problems (file:line), edit links, split and join, and the commands that add
entries all work the same in both.
"""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES
from paper_notes import cli
from paper_notes.datafiles import PAPER_MODELINE, Layout
from paper_notes.editing import write_checked
from paper_notes.library import check_file, load_library
from paper_notes.problems import report
from paper_notes.relayout import join, split

TODAY = dt.date(2026, 1, 1)


def records(main: Path) -> dict[str, dict]:  # type: ignore[type-arg]
    library = load_library(main, today=TODAY)
    return {
        "papers": {p.id: p.model_dump() for p in library.papers},
        "topics": [t.model_dump() for t in library.topics],
        "log": [j.entry.model_dump() for j in library.journal],
        "collections": [c.model_dump() for c in library.collections],
        "todo": [t.model_dump() for t in library.todo],
    }


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A library in the folder layout: topics in data/papers.yaml, two papers in data/papers/."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data" / "papers").mkdir(parents=True)
    main = tmp_path / "data" / "papers.yaml"
    main.write_text("topics:\n  - {id: t, name: T}\n", encoding="utf-8")
    (tmp_path / "data" / "papers" / "b.yaml").write_text(
        f"{PAPER_MODELINE}\nid: b\ntitle: B\ntopics: [t]\nrelated: [a]\n", encoding="utf-8"
    )
    (tmp_path / "data" / "papers" / "a.yaml").write_text(
        "# my note on a\nid: a\ntitle: A\nnotes:\n  gap: |\n    one\n    two\n", encoding="utf-8"
    )
    return main


def test_folder_layout_loads_papers_from_their_files(folder: Path) -> None:
    library = load_library(folder, today=TODAY)
    assert [p.id for p in library.papers] == ["a", "b"]  # file-name order
    assert library.papers[0].notes == {"gap": "one\ntwo\n"}
    where = library.locations["b"]
    assert where.whole and where.display == "data/papers/b.yaml" and where.span.start == 2
    assert where.forge_url("https://github.com/o/r", "main", folder.parent.parent) == (
        "https://github.com/o/r/edit/main/data/papers/b.yaml"
    )


def test_single_file_edit_links_point_at_the_lines(tmp_path: Path) -> None:
    library = load_library(FIXTURES / "papers.yaml", today=TODAY)
    where = library.locations["beta"]
    assert not where.whole
    url = where.forge_url("https://github.com/o/r/", "dev", FIXTURES.parent.parent)
    assert url == f"https://github.com/o/r/blob/dev/tests/fixtures/papers.yaml#L{where.span.start}-L{where.span.end}"
    assert where.forge_url("", "main", FIXTURES.parent.parent) is None
    assert where.forge_url("https://github.com/o/r", "main", tmp_path) is None  # the file is not in that repository


def test_the_data_file_is_optional_beside_the_folder(folder: Path) -> None:
    folder.unlink()
    (folder.parent / "papers" / "b.yaml").write_text("id: b\ntitle: B\n", encoding="utf-8")
    assert [p.id for p in load_library(folder, today=TODAY).papers] == ["a", "b"]
    folder.write_text("", encoding="utf-8")
    assert [p.id for p in load_library(folder, today=TODAY).papers] == ["a", "b"]


def test_problems_name_the_paper_file_and_its_line(folder: Path) -> None:
    papers = folder.parent / "papers"
    (papers / "c.yaml").write_text("id: c\ntitle: C\n\nrating: 9\nrelated: [nope]\n", encoding="utf-8")
    (papers / "d.yaml").write_text("id: a\ntitle: D\n", encoding="utf-8")
    folder.write_text("topics:\n  - {id: t, name: T}\npapers:\n  - {id: b, title: Also B}\n", encoding="utf-8")
    _, problems = check_file(folder, today=TODAY)
    assert report(problems).splitlines() == [
        "data/papers/b.yaml:2: paper 'b': id: error: paper id 'b' is already used in data/papers.yaml:4; ids must be unique",
        "data/papers/c.yaml:4: paper 'c': rating: error: expected a whole number from 1 to 5, got 9",
        "data/papers/c.yaml:5: paper 'c': related[0]: error: unknown paper id 'nope'",
        "data/papers/d.yaml:1: paper 'a': id: error: the file is named 'd.yaml' but the paper's id is 'a';"
        " rename the file to 'a.yaml' or change the id",
        "data/papers/d.yaml:1: paper 'a': id: error: paper id 'a' is already used in data/papers/a.yaml:2; ids must be unique",
        "5 errors in 3 files.",
    ]


def test_a_broken_paper_file_does_not_hide_the_others(folder: Path) -> None:
    papers = folder.parent / "papers"
    (papers / "a.yaml").write_text("id: a\ntitle: [unclosed\n", encoding="utf-8")
    (papers / "c.yaml").write_text("id: c\ntitle: C\nread: 2024-5-2\n", encoding="utf-8")
    _, problems = check_file(folder, today=TODAY)
    text = report(problems)
    assert "data/papers/a.yaml:3: error: YAML syntax error" in text
    assert "data/papers/c.yaml:3: paper 'c': read: error: '2024-5-2' is not a day" in text
    assert "unknown paper id 'a'" not in text  # b still relates to a, whose file is only unreadable


def test_split_and_join_move_entries_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    main = tmp_path / "data" / "papers.yaml"
    main.parent.mkdir()
    original = (FIXTURES / "papers.yaml").read_text(encoding="utf-8").replace(
        "  - id: gamma\n", "  # gamma's own comment\n  - id: gamma\n"
    ).replace("    notes:\n      gap: Masks", "    # about the notes\n    notes:\n      gap: Masks")
    main.write_text(original, encoding="utf-8")
    before = records(main)

    write_checked(split(main))
    layout = Layout(main)
    assert [p.name for p in layout.paper_files()] == ["alpha.yaml", "beta.yaml", "delta.yaml", "epsilon.yaml", "gamma.yaml"]
    assert (layout.folder / "README.md").is_file()
    gamma = (layout.folder / "gamma.yaml").read_text(encoding="utf-8")
    assert gamma.startswith(f"{PAPER_MODELINE}\n# gamma's own comment\nid: gamma\ntitle: Gamma Talks\n")
    alpha = (layout.folder / "alpha.yaml").read_text(encoding="utf-8")
    assert "# about the notes\nnotes:\n  gap: Masks were task-specific.\n  method: |\n    Prompt encoder" in alpha
    assert "- id: alpha" not in main.read_text(encoding="utf-8") and "\npapers:" not in main.read_text(encoding="utf-8")
    assert main.read_text(encoding="utf-8").startswith("# Fixture for the build tests")
    assert records(main) == before

    write_checked(join(main))
    assert not layout.folder.exists()
    assert records(main)["papers"] == before["papers"] and records(main) == before
    text = main.read_text(encoding="utf-8")
    assert "  # gamma's own comment\n  - id: gamma\n" in text and "    # about the notes\n    notes:\n" in text


def test_split_refuses_entries_it_cannot_name(tmp_path: Path) -> None:
    main = tmp_path / "papers.yaml"
    main.write_text("papers:\n  - title: No id\n", encoding="utf-8")
    with pytest.raises(cli.WriteRefused, match="has no valid id"):
        split(main)


def test_join_refuses_a_folder_with_other_files(folder: Path) -> None:
    (folder.parent / "papers" / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(cli.WriteRefused, match=r"holds other files too \(notes.txt\)"):
        join(folder)


def test_cli_split_and_join(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").mkdir()
    shutil.copy(FIXTURES / "papers.yaml", tmp_path / "data" / "papers.yaml")
    assert cli.main(["split", "--dry-run"]) == 0
    assert "+++ data/papers/alpha.yaml" in capsys.readouterr().out and not (tmp_path / "data" / "papers").exists()
    assert cli.main(["split"]) == 0
    assert "moved 5 papers into their own files" in capsys.readouterr().out
    assert cli.main(["split"]) == 0 and "nothing to do" in capsys.readouterr().out
    assert cli.main(["validate"]) == 0
    assert cli.main(["join"]) == 0
    assert "moved 5 paper files back into the data file" in capsys.readouterr().out
    assert cli.main(["validate"]) == 0


def test_new_writes_a_paper_file_in_the_folder_layout(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["new", "--write", "--id", "c", "--title", "See"]) == 0
    assert "added 'c' (fill in its fields) to data/papers/c.yaml:2-" in capsys.readouterr().out
    text = (folder.parent / "papers" / "c.yaml").read_text(encoding="utf-8")
    assert text.startswith(f"{PAPER_MODELINE}\nid: c\ntitle: See\n# kind: paper")
    assert "\n  #" not in text.split("# notes:")[0]  # fields sit at the top level of the file
    assert [p.id for p in load_library(folder, today=TODAY).papers] == ["a", "b", "c"]
    assert cli.main(["new", "--write", "--id", "c", "--title", "Again"]) == 1
    assert "id 'c' is already used by 'See' (data/papers/c.yaml:2)" in capsys.readouterr().err


def test_import_writes_one_file_per_entry(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["import", str(FIXTURES / "messy.bib")]) == 1  # three entries of the file are broken
    out = capsys.readouterr().out
    assert "added 10 new (10 files in data/papers/), 0 already present, 3 skipped" in out
    files = sorted(p.name for p in (folder.parent / "papers").glob("*.yaml"))
    assert len(files) == 12 and "lora.yaml" in files
    lora = (folder.parent / "papers" / "lora.yaml").read_text(encoding="utf-8")
    assert lora.startswith(f"{PAPER_MODELINE}\nid: lora\ntitle: 'LoRA: Low-Rank Adaptation of Large Language Models'\n") or lora.startswith(
        f'{PAPER_MODELINE}\nid: lora\ntitle: "LoRA: Low-Rank Adaptation of Large Language Models"\n'
    )
    assert cli.main(["validate"]) == 0


def test_a_write_that_breaks_another_file_is_refused(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (folder.parent / "papers" / "b.yaml").write_text("id: b\ntitle: B\nrating: 0\n", encoding="utf-8")
    assert cli.main(["new", "--write", "--id", "c", "--title", "C"]) == 1
    err = capsys.readouterr().err
    assert "data/papers/b.yaml:3: paper 'b': rating: error:" in err and "nothing was written" in err
    assert not (folder.parent / "papers" / "c.yaml").exists()
