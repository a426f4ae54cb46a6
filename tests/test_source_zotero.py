"""Importing Zotero's own database, zotero.sqlite, as Zotero 5, 6 and 7 write it (tests/zotero_db.py builds them)."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path

import pytest
from zotero_db import VERSIONS, ZoteroDB

from conftest import empty_library
from paper_notes import cli
from paper_notes.library import load_library
from paper_notes.sources import detect, read

TODAY = dt.date(2026, 1, 1)


def library(path: Path, version: int) -> dict[str, int]:
    """A small library with everything Zotero keeps; returns item ids by name."""
    with ZoteroDB(path, version=version) as db:
        vision = db.collection("Vision")
        detection = db.collection("Detection", parent=vision)
        language = db.collection("Language")
        old = db.collection("Old stuff")
        if version >= 6:
            db.trash_collection(old)
        ids: dict[str, int] = {}
        ids["detr"] = db.item(
            "conferencePaper",
            title="End-to-End Object Detection with Transformers",
            creators=[("Nicolas", "Carion"), ("Francisco", "Massa"), ("Jane", "Editor", 0, "editor")],
            date="2020-05-26",
            fields={
                "proceedingsTitle": "Computer Vision – ECCV 2020",
                "url": "https://link.springer.com/chapter/10.1007/978-3-030-58452-8_13",
                "extra": "DOI: 10.1007/978-3-030-58452-8_13\nCitation Key: carion2020",
                "abstractNote": "We present a new method that views object detection as a direct set prediction problem.",
                "shortTitle": "DETR",
                "pages": "213-229",
                "volume": "12346",
                "publisher": "Springer",
            },
            collections=[detection],
            tags=["detection", ("Computer Science - Computer Vision", 1)],
            date_added="2023-05-01 10:00:00",
        )
        db.note(ids["detr"], "<h1>Key idea</h1><p>Bipartite <b>matching</b> loss.<script>alert(1)</script></p>")
        ids["lora"] = db.item(
            "preprint" if version >= 6 else "journalArticle",
            title="LoRA: Low-Rank Adaptation of Large Language Models",
            creators=[("Edward J.", "Hu"), ("Yelong", "Shen")],
            date="2021-06-17",
            fields={"DOI": "10.48550/ARXIV.2106.09685"} if version >= 6 else {"extra": "arXiv: 2106.09685"},
            collections=[language, old],
        )
        ids["old-style"] = db.item(
            "journalArticle",
            title="A Paper With an Old-Style arXiv Id",
            creators=[("", "The Collaboration", 1)],
            date="2002-10-00 October 2002",
            fields={"url": "http://arxiv.org/abs/cs/0210024v1", "publicationTitle": "arXiv"},
        )
        ids["untitled"] = db.item("journalArticle", creators=[("A", "Nobody")])
        ids["trashed"] = db.item("journalArticle", title="A Paper in the Trash", deleted=True)
        feed = db.feed_library("arXiv cs.LG")
        db.item("journalArticle", title="A Feed Item", library=feed)
        db.note(None, "<p>A standalone note is not a paper</p>")
        pdf = db.attachment(ids["detr"], title="Full Text PDF", path="storage:detr.pdf", content_type="application/pdf")
        if version >= 6:
            db.annotation(
                pdf,
                "highlight",
                text="set *prediction* problem",
                comment="the key framing",
                color="#2ea8e5",
                page_label="2",
                page_index=1,
            )
            db.annotation(pdf, "note", comment="Compare with Deformable DETR.", page_label="1", page_index=0)
            db.annotation(pdf, "image", comment="Figure 2: the architecture", page_label="4", page_index=3)
            db.annotation(pdf, "ink", page_label="5", page_index=4)
            db.annotation(pdf, "highlight", text="deleted highlight", page_label="3", page_index=2, deleted=True)
        if version >= 7:
            db.annotation(pdf, "underline", text="Hungarian algorithm", page_label="3", page_index=2)
    return ids


@pytest.mark.parametrize("version", VERSIONS)
def test_items_notes_and_annotations_of_each_version(tmp_path: Path, version: int) -> None:
    path = tmp_path / "zotero.sqlite"
    library(path, version)
    assert detect(path) == "zotero" and detect(tmp_path) == "zotero"  # the file, or the Zotero data folder
    source = read(path)
    by_title = {f.title: f for f in source.found}
    assert sorted(by_title) == [
        "A Paper With an Old-Style arXiv Id",
        "End-to-End Object Detection with Transformers",
        "LoRA: Low-Rank Adaptation of Large Language Models",
    ]  # no trash, feed items, attachments, notes or annotations
    [untitled] = source.skipped
    assert untitled.reason == "no title" and untitled.where.startswith("zotero.sqlite item ") and not untitled.broken
    detr = by_title["End-to-End Object Detection with Transformers"]
    assert detr.authors == ["Nicolas Carion", "Francisco Massa"]  # authors only, in order; not the editor
    assert (detr.published, detr.venue, detr.doi, detr.added) == (
        "2020-05-26", "Computer Vision – ECCV 2020", "10.1007/978-3-030-58452-8_13", "2023-05-01",
    )  # fmt: skip
    assert detr.links == {"paper": "https://link.springer.com/chapter/10.1007/978-3-030-58452-8_13"}
    assert (detr.volume, detr.issue, detr.pages, detr.publisher) == ("12346", None, "213-229", "Springer")
    assert detr.aliases == ["DETR"] and detr.topics == [("Vision", "Detection")]
    assert detr.tags == ["Computer Science - Computer Vision", "detection"]
    assert detr.notes["abstract"].startswith("We present a new method")
    assert detr.notes["Key idea"] == "Bipartite **matching** loss."  # the note's first line names its section
    lora = by_title["LoRA: Low-Rank Adaptation of Large Language Models"]
    assert lora.arxiv == "2106.09685" and lora.topics == (
        [("Language",)] if version >= 6 else [("Language",), ("Old stuff",)]
    )
    old = by_title["A Paper With an Old-Style arXiv Id"]
    assert (old.arxiv, old.published, old.venue, old.authors) == ("cs/0210024", "2002-10", None, ["The Collaboration"])
    highlights = detr.notes.get("highlights")
    if version == 5:
        assert highlights is None  # Zotero 5 has no annotations, and that is not an error
        return
    assert highlights is not None
    blocks = highlights.split("\n\n")
    expected = [
        "*p. 1 · note · yellow (#ffd400)*", "Compare with Deformable DETR.",
        "> set \\*prediction\\* problem", "*p. 2 · highlight · blue (#2ea8e5)*", "the key framing",
    ]  # fmt: skip
    if version >= 7:
        expected += ["> Hungarian algorithm", "*p. 3 · underline · yellow (#ffd400)*"]
    expected += ["> *(an image region of the PDF)*", "*p. 4 · image · yellow (#ffd400)*", "Figure 2: the architecture"]
    assert blocks == expected  # page order; ink and trashed annotations left out
    assert "deleted highlight" not in highlights


def test_a_locked_database_is_read_from_a_copy_and_never_written(tmp_path: Path) -> None:
    path = tmp_path / "zotero.sqlite"
    library(path, 7)
    before = path.read_bytes()
    stamp = os.stat(path).st_mtime_ns
    zotero = sqlite3.connect(path)
    zotero.execute("PRAGMA locking_mode = EXCLUSIVE")
    zotero.execute("BEGIN EXCLUSIVE")  # what a running Zotero holds
    try:
        assert len(read(path).found) == 3
    finally:
        zotero.rollback()
        zotero.close()
    assert path.read_bytes() == before and os.stat(path).st_mtime_ns == stamp


def test_importing_zotero_twice_writes_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    empty_library(tmp_path)
    library(tmp_path / "zotero.sqlite", 7)
    assert cli.main(["import", "zotero.sqlite"]) == 0
    out = capsys.readouterr().out
    assert out.strip().endswith(
        "added 3 new and 3 topics (3 files in data/papers/), 0 already present, 1 skipped (1 no title)."
    )
    papers = {p.id: p for p in load_library(tmp_path / "data" / "papers.yaml", today=TODAY).papers}
    detr = papers["detr"]
    assert detr.topics == ["detection"] and detr.added == dt.date(2023, 5, 1) and detr.status == "to-read"
    assert list(detr.notes) == ["abstract", "Key idea", "highlights"]
    files = {p: p.read_bytes() for p in (tmp_path / "data").rglob("*.yaml")}
    assert cli.main(["import", "zotero.sqlite"]) == 0
    assert capsys.readouterr().out.strip().endswith("added 0 new, 3 already present, 1 skipped (1 no title).")
    assert {p: p.read_bytes() for p in (tmp_path / "data").rglob("*.yaml")} == files


def test_a_thousand_items_import_in_seconds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Not a timing test (benchmarks/import_bench.py measures): every item of a large library arrives."""
    monkeypatch.chdir(tmp_path)
    empty_library(tmp_path)
    with ZoteroDB(tmp_path / "zotero.sqlite", version=7) as db:
        folders = [db.collection(f"Area {n}") for n in range(10)]
        for n in range(1000):
            item = db.item("journalArticle", title=f"Paper number {n} on a subject", creators=[("A", f"Author{n}")],
                           date="2020-01-01", collections=[folders[n % 10]], tags=[f"tag{n % 7}"])  # fmt: skip
            if n % 3 == 0:
                db.note(item, f"<p>Note {n}</p>")
    assert cli.main(["import", "zotero.sqlite"]) == 0
    assert "added 1000 new and 10 topics" in capsys.readouterr().out
    assert len(list((tmp_path / "data" / "papers").glob("*.yaml"))) == 1000


def test_rich_text_in_zotero_titles_arrives_plain(tmp_path: Path) -> None:
    with ZoteroDB(tmp_path / "zotero.sqlite", version=6) as db:
        db.item("journalArticle", title="Growth of <i>E. coli</i> in H<sub>2</sub>O at <span style=\"font-variant:small-caps;\">Scale</span>")
    assert read(tmp_path / "zotero.sqlite").found[0].title == "Growth of E. coli in H2O at Scale"


def test_related_items_become_related_papers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "papers.yaml").write_text("papers: []\n", encoding="utf-8")
    with ZoteroDB(tmp_path / "zotero.sqlite", version=7) as db:
        vit = db.item("preprint", title="An Image is Worth 16x16 Words", fields={"DOI": "10.48550/arXiv.2010.11929"})
        swin = db.item("preprint", title="Swin Transformer: Hierarchical Vision Transformer using Shifted Windows")
        db.conn.execute("INSERT OR IGNORE INTO relationPredicates (predicate) VALUES ('dc:relation')")
        for one, other in ((vit, swin), (swin, vit)):  # Zotero keeps a relation on both items
            db.conn.execute(
                "INSERT INTO itemRelations (itemID, predicateID, object) SELECT ?, predicateID, ? FROM relationPredicates"
                " WHERE predicate = 'dc:relation'",
                (one, f"http://zotero.org/users/local/abcdEFGH/items/{db.key(other)}"),
            )
    assert cli.main(["import", "zotero.sqlite"]) == 0, capsys.readouterr()
    papers = {p.id: p for p in load_library(tmp_path / "data" / "papers.yaml", today=TODAY).papers}
    assert papers["image-worth-16x16-words"].related == ["swin-transformer"]
    assert papers["swin-transformer"].related == ["image-worth-16x16-words"]
