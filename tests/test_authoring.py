"""Authoring from the command line: add (arXiv, Crossref), import (BibTeX), export, new.

The APIs are a local server on 127.0.0.1 replaying recorded responses; writes must keep
every other byte of the data file, be atomic, and never leave an invalid file.
"""
from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

import bibtexparser
import pytest
from bibtexparser import middlewares

from conftest import FIXTURES, RecordedAPI
from paper_notes import cli
from paper_notes.library import load_library

API = FIXTURES / "api"
BASE = """\
# my reading notes: keep this comment
topics:
  - {id: llm, name: Language models}   # a flow mapping, kept as written

papers:
  - id: existing
    title: 'An Existing Paper'          # quoted on purpose
    topics: [llm]
    notes:
      gap: >-
        folded text
        stays folded

  # a comment between entries
  - id: another
    title: "Another: With a Colon"

log:
  - {date: 2024-01-01, title: A day, body: text}
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, api: str) -> Path:
    """A folder with a small data file; the APIs point at the local server."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "papers.yaml").write_text(BASE, encoding="utf-8")
    return tmp_path / "data" / "papers.yaml"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = cli.main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def kept_exactly(before: str, after: str) -> list[str]:
    """The lines added, after checking every original line is still there, byte for byte and in order."""
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    i = 0
    added = []
    for line in new:
        if i < len(old) and line == old[i]:
            i += 1
        else:
            added.append(line)
    assert i == len(old), "an original line was changed or lost"
    return added


# --- add ---------------------------------------------------------------------------


def test_add_arxiv_keeps_every_other_line(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = project.read_text(encoding="utf-8")
    status, out, err = run(capsys, "add", "2106.09685")
    assert status == 0, err
    after = project.read_text(encoding="utf-8")
    added = kept_exactly(before, after)
    assert "  - id: lora\n" in added and all(line.startswith(("  ", "\n")) for line in added)
    paper = {p.id: p for p in load_library(project).papers}["lora"]
    assert paper.title == "LoRA: Low-Rank Adaptation of Large Language Models"  # whitespace folded
    assert paper.authors == ["Edward J. Hu", "Yelong Shen", "Phillip Wallis"]
    assert str(paper.published) == "2021-06-17" and paper.arxiv == "2106.09685"
    assert paper.status == "to-read" and paper.read == []
    assert paper.aliases == ["LoRA"]
    assert paper.notes["abstract"].startswith("Recorded for tests. Fine-tuning every weight")
    assert paper.links == {}  # arXiv and PDF buttons follow from the id
    # it went at the end of the papers list, before the log, and the report says where
    assert after.index("  - id: lora") < after.index("log:")
    lines = after.splitlines()
    first = lines.index("  - id: lora") + 1
    assert out.strip().startswith(f"added 'lora' (LoRA: Low-Rank Adaptation of Large Language Models) to data/papers.yaml:{first}-")


@pytest.mark.parametrize(
    "reference",
    [
        "https://arxiv.org/abs/2106.09685",
        "https://arxiv.org/abs/2106.09685v2",
        "http://arxiv.org/pdf/2106.09685v1",
        "https://arxiv.org/pdf/2106.09685v2.pdf",
        "arXiv:2106.09685",
        "2106.09685v1",
        "10.48550/arXiv.2106.09685",
        "https://doi.org/10.48550/arXiv.2106.09685",
    ],
)
def test_add_accepts_every_form_of_an_arxiv_reference(project: Path, capsys: pytest.CaptureFixture[str], reference: str) -> None:
    RecordedAPI.requests.clear()
    status, out, err = run(capsys, "add", reference)
    assert status == 0, err
    assert RecordedAPI.requests == ["/arxiv/api/query?id_list=2106.09685&max_results=1"]
    assert "added 'lora'" in out


def test_add_old_style_id(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "add", "https://arxiv.org/abs/cond-mat/0412498v1")
    assert status == 0, err
    paper = load_library(project).papers[-1]
    assert paper.arxiv == "cond-mat/0412498"
    assert paper.doi == "10.1103/PhysRevB.71.000000"
    assert paper.venue == "Phys. Rev. B 71, 000000 (2005)"
    assert paper.authors == ["Ana Müller-Øster"]


def test_add_read_today(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "add", "2106.09685", "--read")[0] == 0
    paper = load_library(project).papers[-1]
    assert paper.status == "read" and paper.read == [dt.date.today()]


def test_add_doi_from_crossref(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "add", "doi:10.1109/5.726791", "--id", "lenet")
    assert status == 0, err
    paper = load_library(project).papers[-1]
    assert paper.id == "lenet" and paper.doi == "10.1109/5.726791"
    assert paper.title == "Gradient-based learning applied to document recognition"
    assert paper.authors[0] == "Y. Lecun" and str(paper.published) == "1998-11"
    assert paper.venue == "Proceedings of the IEEE"
    assert paper.notes["abstract"].startswith("Recorded for tests: multilayer networks") and "&" in paper.notes["abstract"]


def test_add_twice_adds_once(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "add", "2106.09685")
    once = project.read_text(encoding="utf-8")
    status, out, _ = run(capsys, "add", "https://arxiv.org/abs/2106.09685v2")
    assert status == 0 and "2106.09685 is already present as 'lora' (data/papers.yaml:18); nothing added" in out
    assert project.read_text(encoding="utf-8") == once


ERRORS = [
    ("2199.00001", None, "error: arXiv has no paper 2199.00001"),
    ("1234.99999", None, "error: the arXiv API refused 1234.99999: incorrect id format for 1234.99999"),
    ("10.9999/nothing-here", None, "error: DOI 10.9999/nothing-here is not known to"),
    ("not an id", None, "error: 'not an id' is neither an arXiv id"),
    ("2106.09685", "/down", "answered 503 Service Unavailable for arXiv 2106.09685; try again later"),
    ("2106.09685", "/slow", "did not answer within 0.3 s; try again later"),
    ("2106.09685", "closed", "error: cannot reach 127.0.0.1:9"),
]


@pytest.mark.parametrize(("reference", "server", "message"), ERRORS, ids=[e[2][:40] for e in ERRORS])
def test_add_errors_are_one_line_and_touch_nothing(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, api: str,
    reference: str, server: str | None, message: str,
) -> None:  # fmt: skip
    if server == "closed":
        monkeypatch.setenv("PAPER_NOTES_ARXIV_API", "http://127.0.0.1:9/api/query")  # nothing listens there
    elif server:
        monkeypatch.setenv("PAPER_NOTES_ARXIV_API", f"{api}{server}/api/query")
    before = project.read_bytes()
    status, out, err = run(capsys, "add", reference)
    assert status == 1
    assert message in err and len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err and out == ""
    assert project.read_bytes() == before
    assert sorted(p.name for p in project.parent.iterdir()) == ["papers.yaml"]  # no temporary file left


def test_add_dry_run_shows_the_change_only(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = project.read_bytes()
    status, out, _ = run(capsys, "add", "2106.09685", "--dry-run")
    assert status == 0
    assert "+  - id: lora" in out and "dry run: nothing was written" in out
    assert project.read_bytes() == before


def test_add_refuses_to_write_an_invalid_file(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = BASE.replace("title: A day", "title: 42")
    project.write_text(broken, encoding="utf-8")
    status, _, err = run(capsys, "add", "2106.09685")
    assert status == 1
    assert "title: error: expected text" in err and "nothing was written" in err
    assert project.read_text(encoding="utf-8") == broken


def test_interrupted_write_leaves_the_old_file(project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    before = project.read_bytes()

    def interrupted(*args: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        cli.main(["add", "2106.09685"])
    assert project.read_bytes() == before
    assert sorted(p.name for p in project.parent.iterdir()) == ["papers.yaml"]


def test_windows_line_endings_are_kept(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = BASE.replace("\n", "\r\n").encode("utf-8")
    project.write_bytes(before)
    assert run(capsys, "add", "2106.09685")[0] == 0
    text = project.read_bytes().decode("utf-8")
    assert text.startswith(before.decode("utf-8").split("log:")[0].rstrip("\r\n"))
    assert "\n" not in text.replace("\r\n", "")  # every line ends in CRLF, old and new
    assert load_library(project).papers[-1].id == "lora"


def test_add_to_an_empty_list_and_to_a_file_without_papers(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project.write_text("# notes\npapers: []\n", encoding="utf-8")
    assert run(capsys, "add", "2106.09685")[0] == 0
    assert project.read_text(encoding="utf-8").startswith("# notes\npapers:\n  - id: lora\n")
    project.write_text("topics: []\n", encoding="utf-8")
    assert run(capsys, "add", "2106.09685")[0] == 0
    assert [p.id for p in load_library(project).papers] == ["lora"]


# --- import ------------------------------------------------------------------------


def test_import_bibtex(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = project.read_text(encoding="utf-8")
    status, out, err = run(capsys, "import", str(FIXTURES / "messy.bib"))
    assert status == 1  # some entries could not be imported, and say so; the rest did
    kept_exactly(before, project.read_text(encoding="utf-8"))
    papers = {p.id: p for p in load_library(project).papers}
    lecun = next(p for p in papers.values() if p.doi == "10.1109/5.726791")
    assert lecun.id == "lecun1998gradient"  # its BibTeX key, a valid id
    assert lecun.authors[1] == "Léon Bottou" and lecun.doi == "10.1109/5.726791" and str(lecun.published) == "1998-11"
    assert lecun.venue == "Proceedings of the IEEE"
    jerome = next(p for p in papers.values() if p.title.startswith("BERT Meets"))
    assert jerome.title == "BERT Meets Jérôme: Protective Braces and Accents"
    assert jerome.authors == ["Jérôme Müller", "Zoë Çelik", "François Dupont"]
    assert jerome.venue == "Advances in Neural Information Processing Systems"  # @string resolved
    arxiv = {p.arxiv for p in papers.values() if p.arxiv}
    assert {"2106.09685", "1301.3781", "1706.03762", "1911.04252"} <= arxiv  # eprint, CoRR volume, v5, Scholar note
    attention = next(p for p in papers.values() if p.arxiv == "1706.03762")
    assert attention.authors == ["Ashish Vaswani", "Noam Shazeer"]  # "and others" dropped
    blog = next(p for p in papers.values() if p.kind == "blog")
    assert blog.links == {"blog": "https://huggingface.co/blog/moe"} and str(blog.published) == "2023-12-11"
    assert any(p.title == "多模态大模型的一篇论文" for p in papers.values())  # non-ASCII key
    assert any(p.title == "A Preprint Without a Year" and p.published is None for p in papers.values())
    assert any(p.title == "The Entry After a Broken One" for p in papers.values())
    assert "skipped messy.bib:80 (notitle): no title" in out
    assert "skipped messy.bib:74 (lecun1998gradient): the same key appears earlier" in out
    assert "skipped messy.bib:92 (broken-entry): not readable BibTeX" in out
    lines = out.splitlines()
    assert lines.index("skipped messy.bib:80 (notitle): no title") > lines.index("added 'undated' from messy.bib:68 (undated)")
    assert lines[-1].startswith("added 10 new (data/papers.yaml:") and lines[-1].endswith(
        "0 already present, 3 skipped (1 no title; 1 the same key appears earlier in the file; 1 not readable BibTeX)."
    )


def test_import_twice_changes_nothing(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "import", str(FIXTURES / "messy.bib"))
    once = project.read_bytes()
    status, out, _ = run(capsys, "import", str(FIXTURES / "messy.bib"))
    assert project.read_bytes() == once
    assert out.strip().endswith("added 0 new, 10 already present, 3 skipped (1 no title; 1 the same key appears earlier in the file; 1 not readable BibTeX).")


def test_import_skips_papers_already_present(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "add", "2106.09685")  # LoRA, also in the .bib by arXiv id
    status, out, _ = run(capsys, "import", str(FIXTURES / "messy.bib"))
    assert "already present messy.bib:23 (DBLP:journals/corr/abs-2106-09685): 'LoRA: Low-Rank Adaptation of Large Language Models' is 'lora' (data/papers.yaml:" in out
    assert sum(p.arxiv == "2106.09685" for p in load_library(project).papers) == 1


def test_import_dry_run(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = project.read_bytes()
    status, out, _ = run(capsys, "import", str(FIXTURES / "messy.bib"), "--dry-run")
    assert project.read_bytes() == before and "would add 10 new, 0 already present, 3 skipped" in out


# --- export ------------------------------------------------------------------------


def parse_bib(text: str) -> dict[str, dict[str, Any]]:
    library = bibtexparser.parse_string(text, append_middleware=[middlewares.LatexDecodingMiddleware()])
    assert not library.failed_blocks
    return {e.key: {f.key: f.value for f in e.fields} for e in library.entries}


def test_exported_bibtex_parses_back_into_the_same_entries(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "import", str(FIXTURES / "messy.bib"))
    status, out, _ = run(capsys, "export", "--format", "bibtex")
    assert status == 0
    entries = parse_bib(out)
    library = load_library(project)
    assert len(library.papers) == 12
    assert set(entries) == {p.id for p in library.papers}
    for paper in library.papers:
        entry = entries[paper.id]
        assert entry["title"] == paper.title, paper.id
        if paper.authors:
            assert entry["author"].split(" and ") == paper.authors, paper.id
        if paper.published:
            assert entry["year"] == str(paper.published.year)
        if paper.arxiv:
            assert entry["eprint"] == paper.arxiv


def test_bibtex_export_survives_special_characters(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    title = "Braces {x} & 50% of $5 #1 a_b ~ ^ \\ Ünïcödé 扩散"
    project.write_text(f"papers:\n  - id: odd\n    title: '{title}'\n    authors: [Zoë Çelik, 'O''Brien, Jr.']\n", encoding="utf-8")
    status, out, _ = run(capsys, "export")
    entry = parse_bib(out)["odd"]
    assert entry["title"] == title


def test_export_csl_json_and_csv_and_topic(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "import", str(FIXTURES / "messy.bib"))
    status, out, _ = run(capsys, "export", "--format", "csl-json")
    items = {i["id"]: i for i in json.loads(out)}
    lecun = items["lecun1998gradient"]
    assert lecun["type"] == "article-journal" and lecun["DOI"] == "10.1109/5.726791"
    assert lecun["author"][1] == {"given": "Léon", "family": "Bottou"}
    assert lecun["issued"] == {"date-parts": [[1998, 11]]}
    status, out, _ = run(capsys, "export", "--format", "csv")
    rows = out.splitlines()
    assert rows[0].startswith("\ufeffid,title,aliases,authors,published") and len(rows) == 1 + len(items)
    status, out, _ = run(capsys, "export", "--topic", "llm")
    assert list(parse_bib(out)) == ["existing"]
    status, _, err = run(capsys, "export", "--topic", "nope")
    assert status == 1 and "no topic 'nope'" in err


def test_csv_cells_cannot_become_formulas(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project.write_text("papers:\n  - id: f\n    title: '=HYPERLINK(\"http://x\")'\n", encoding="utf-8")
    out = run(capsys, "export", "--format", "csv")[1]
    assert ",'=HYPERLINK" in out.replace('"', "")


# --- new ---------------------------------------------------------------------------


def test_new_prints_every_field(capsys: pytest.CaptureFixture[str]) -> None:
    from paper_notes.model import Paper

    status, out, _ = run(capsys, "new")
    assert status == 0
    for name in Paper.model_fields:
        assert f"{name}:" in out, name


def test_new_write_adds_a_commented_entry(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = project.read_text(encoding="utf-8")
    status, out, err = run(capsys, "new", "--write", "--id", "sam", "--title", 'Segment "Anything"')
    assert status == 0, err
    added = kept_exactly(before, project.read_text(encoding="utf-8"))
    assert any(line.strip().startswith("# summary:") for line in added)
    paper = load_library(project).papers[-1]
    assert (paper.id, paper.title) == ("sam", 'Segment "Anything"')
    assert run(capsys, "new", "--write", "--id", "sam", "--title", "Again")[0] == 1  # the id is taken
