"""The Zotero database builder (tests/zotero_db.py) makes databases with Zotero's schema and Zotero's rows."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest
from zotero_db import (
    KEY_RE,
    USERDATA_VERSION,
    VERSIONS,
    ZoteroDB,
    ZoteroVersionError,
    multipart_date,
    note_title,
    schema_sql,
)

ALL = pytest.mark.parametrize("version", VERSIONS)


def master(conn: sqlite3.Connection) -> list[tuple[str, str, str, str | None]]:
    """Every table, index and trigger with its SQL."""
    return conn.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name"
    ).fetchall()


def columns(conn: sqlite3.Connection, table: str) -> list[str]:
    """A table's column names, in order."""
    return [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]


def fields_of(conn: sqlite3.Connection, item_id: int) -> dict[str, str]:
    """An item's fields the way an importer reads them: itemData joined to fields by name."""
    return dict(
        conn.execute(
            "SELECT f.fieldName, v.value FROM itemData d JOIN fields f USING (fieldID) "
            "JOIN itemDataValues v USING (valueID) WHERE d.itemID = ?",
            (item_id,),
        )
    )


def new_db(tmp_path: Path, version: int) -> ZoteroDB:
    """An empty database of this version in tmp_path."""
    return ZoteroDB(tmp_path / "zotero.sqlite", version=version)


@ALL
def test_schema_is_the_sql_file(tmp_path: Path, version: int) -> None:
    db = new_db(tmp_path, version)
    db.close()
    built = sqlite3.connect(tmp_path / "zotero.sqlite")
    reference = sqlite3.connect(":memory:")
    reference.executescript(schema_sql(version))
    assert master(built) == master(reference)
    versions = dict(built.execute("SELECT schema, version FROM version"))
    assert versions["userdata"] == USERDATA_VERSION[version]
    assert versions["triggers"] == 18 and versions["system"] == 32
    assert versions["compatibility"] == (6 if version == 5 else 7)
    assert built.execute("SELECT libraryID, type FROM libraries").fetchall() == [(1, "user")]
    # the *Combined tables are filled as Zotero fills them at startup
    assert (
        built.execute("SELECT COUNT(*) FROM fields").fetchone()
        == built.execute("SELECT COUNT(*) FROM fieldsCombined").fetchone()
    )


def test_versions_differ_where_zotero_s_schema_does(tmp_path: Path) -> None:
    conns = {}
    for version in VERSIONS:
        path = tmp_path / f"z{version}.sqlite"
        ZoteroDB(path, version=version).close()
        conns[version] = sqlite3.connect(path)
    tables = {
        v: {r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type = 'table'")} for v, c in conns.items()
    }
    assert "itemAnnotations" not in tables[5] and {"annotations", "highlights"} <= tables[5]
    assert "itemAnnotations" in tables[6] and "itemAnnotations" in tables[7]
    assert "deletedCollections" not in tables[5] and "deletedCollections" in tables[6]
    assert (
        columns(conns[6], "itemAnnotations")
        == columns(conns[7], "itemAnnotations")
        == [
            "itemID",
            "parentItemID",
            "type",
            "authorName",
            "text",
            "comment",
            "color",
            "pageLabel",
            "sortIndex",
            "position",
            "isExternal",
        ]
    )
    attachment_columns = {v: columns(c, "itemAttachments") for v, c in conns.items()}
    assert attachment_columns[5][-1] == "storageHash"
    assert attachment_columns[6][-1] == "lastProcessedModificationTime"
    assert attachment_columns[7][-2:] == ["lastProcessedModificationTime", "lastRead"]
    assert columns(conns[5], "users") == ["userID", "username"] and columns(conns[7], "users") == ["userID", "name"]
    ebook = "SELECT COUNT(*) FROM fileTypes WHERE fileType = 'ebook'"
    assert [conns[v].execute(ebook).fetchone()[0] for v in VERSIONS] == [0, 0, 1]
    preprint = "SELECT COUNT(*) FROM itemTypes WHERE typeName IN ('preprint', 'annotation')"
    assert [conns[v].execute(preprint).fetchone()[0] for v in VERSIONS] == [0, 2, 2]
    # the legacy IDs stay: an importer must still join by name, the new types' IDs vary between libraries
    title = "SELECT fieldID FROM fields WHERE fieldName = 'title'"
    assert {conns[v].execute(title).fetchone()[0] for v in VERSIONS} == {110}


@ALL
def test_item_rows_land_as_zotero_writes_them(tmp_path: Path, version: int) -> None:
    db = new_db(tmp_path, version)
    vision = db.collection("Vision")
    detection = db.collection("Detection", parent=vision)
    first = db.item(
        "journalArticle",
        title="Attention Is All You Need",
        creators=[("Ashish", "Vaswani"), ("Noam", "Shazeer"), ("", "OpenAI", 1), ("Jane", "Roe", 0, "editor")],
        date="2017-06-12",
        fields={
            "DOI": "10.48550/arXiv.1706.03762",
            "url": "https://arxiv.org/abs/1706.03762",
            "extra": "arXiv: 1706.03762",
            "publicationTitle": "NeurIPS",
            "volume": 30,
        },
        collections=[detection],
        tags=["transformers", ("auto tag", 1)],
        date_added="2023-05-01 10:00:00",
    )
    second = db.item(
        "journalArticle",
        title="Second",
        creators=[("Ashish", "Vaswani")],
        date="June 2018",
        fields={"publicationTitle": "NeurIPS"},
        collections=[detection, vision],
        tags=["transformers"],
    )
    db.close()
    conn = sqlite3.connect(tmp_path / "zotero.sqlite")

    type_name, key, added, modified, library = conn.execute(
        "SELECT t.typeName, i.key, i.dateAdded, i.dateModified, i.libraryID FROM items i "
        "JOIN itemTypes t USING (itemTypeID) WHERE itemID = ?",
        (first,),
    ).fetchone()
    assert (type_name, added, modified, library) == ("journalArticle", "2023-05-01 10:00:00", "2023-05-01 10:00:00", 1)
    assert KEY_RE.fullmatch(key)
    assert fields_of(conn, first) == {
        "title": "Attention Is All You Need",
        "date": "2017-06-12 2017-06-12",
        "DOI": "10.48550/arXiv.1706.03762",
        "url": "https://arxiv.org/abs/1706.03762",
        "extra": "arXiv: 1706.03762",
        "publicationTitle": "NeurIPS",
        "volume": "30",
    }
    assert fields_of(conn, second)["date"] == "2018-06-00 June 2018"
    # one itemDataValues row per distinct value
    assert conn.execute("SELECT COUNT(*) FROM itemDataValues WHERE value = 'NeurIPS'").fetchone() == (1,)
    creators = conn.execute(
        "SELECT c.firstName, c.lastName, c.fieldMode, t.creatorType, ic.orderIndex FROM itemCreators ic "
        "JOIN creators c USING (creatorID) JOIN creatorTypes t USING (creatorTypeID) WHERE ic.itemID = ? "
        "ORDER BY ic.orderIndex",
        (first,),
    ).fetchall()
    assert creators == [
        ("Ashish", "Vaswani", 0, "author", 0),
        ("Noam", "Shazeer", 0, "author", 1),
        ("", "OpenAI", 1, "author", 2),
        ("Jane", "Roe", 0, "editor", 3),
    ]
    assert conn.execute("SELECT COUNT(*) FROM creators WHERE lastName = 'Vaswani'").fetchone() == (1,)
    assert conn.execute(
        "SELECT t.name, it.type FROM itemTags it JOIN tags t USING (tagID) WHERE itemID = ? ORDER BY t.name", (first,)
    ).fetchall() == [("auto tag", 1), ("transformers", 0)]
    assert conn.execute("SELECT COUNT(*) FROM tags WHERE name = 'transformers'").fetchone() == (1,)
    assert conn.execute(
        "SELECT collectionName, parentCollectionID, key FROM collections WHERE collectionID = ?", (detection,)
    ).fetchone()[:2] == ("Detection", vision)
    assert conn.execute(
        "SELECT itemID, orderIndex FROM collectionItems WHERE collectionID = ? ORDER BY orderIndex", (detection,)
    ).fetchall() == [(first, 0), (second, 1)]
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


@ALL
def test_fields_follow_the_item_type(tmp_path: Path, version: int) -> None:
    db = new_db(tmp_path, version)
    paper = db.item(
        "conferencePaper", title="ResNet", fields={"publicationTitle": "CVPR", "conferenceName": "CVPR 2016"}
    )
    thesis = db.item("thesis", title="A thesis", fields={"publisher": "MIT"})
    program = db.item("computerProgram", title="PyTorch", creators=[("Adam", "Paszke")])
    assert fields_of(db.conn, paper)["proceedingsTitle"] == "CVPR"
    assert fields_of(db.conn, thesis)["university"] == "MIT"
    assert db.conn.execute(
        "SELECT t.creatorType FROM itemCreators JOIN creatorTypes t USING (creatorTypeID) WHERE itemID = ?", (program,)
    ).fetchone() == ("programmer",)
    with pytest.raises(ValueError, match="no field 'university'"):
        db.item("journalArticle", fields={"university": "MIT"})
    if version == 5:
        with pytest.raises(ZoteroVersionError):
            db.item("preprint", title="arXiv paper")
    else:
        preprint = db.item("preprint", title="arXiv paper", fields={"number": "2106.09685", "publisher": "arXiv"})
        assert {"archiveID": "2106.09685", "repository": "arXiv"}.items() <= fields_of(db.conn, preprint).items()
    db.close()


@ALL
def test_notes_are_wrapped_as_zotero_stores_them(tmp_path: Path, version: int) -> None:
    db = new_db(tmp_path, version)
    item = db.item("book", title="A book")
    child = db.note(parent=item, html="<p>My <b>note</b></p>\n<p>second line</p>")
    folder = db.collection("Notes")
    standalone = db.note(html="<h1>Standalone &amp; free</h1>", collections=[folder])
    note, title, parent = db.conn.execute(
        "SELECT note, title, parentItemID FROM itemNotes WHERE itemID = ?", (child,)
    ).fetchone()
    assert (title, parent) == ("My note", item)
    if version == 5:
        assert note == '<div class="zotero-note znv1"><p>My <b>note</b></p>\n<p>second line</p></div>'
    else:
        assert re.fullmatch(
            r'<div class="zotero-note znv1"><div data-schema-version="\d+"><p>My <b>note</b></p>\n'
            r"<p>second line</p>\n</div></div>",
            note,
        )
    assert db.conn.execute("SELECT title, parentItemID FROM itemNotes WHERE itemID = ?", (standalone,)).fetchone() == (
        "Standalone & free",
        None,
    )
    empty = db.note(parent=item)
    assert db.conn.execute("SELECT note, title FROM itemNotes WHERE itemID = ?", (empty,)).fetchone() == (
        '<div class="zotero-note znv1"></div>',
        "",
    )
    with pytest.raises(ValueError):
        db.note(parent=item, html="<p>x</p>", collections=[folder])
    # Zotero's own trigger refuses a child note in a collection
    with pytest.raises(sqlite3.IntegrityError, match="fki_collectionItems_itemID_parentItemID"):
        db.conn.execute("INSERT INTO collectionItems (collectionID, itemID) VALUES (?, ?)", (folder, child))
    db.close()


@ALL
def test_attachments_have_the_version_s_columns(tmp_path: Path, version: int) -> None:
    db = new_db(tmp_path, version)
    item = db.item("journalArticle", title="Paper")
    pdf = db.attachment(
        item, title="Full Text PDF", path="storage:paper.pdf", url="https://example.org/p.pdf", data=b"%PDF-1.4 test"
    )
    linked = db.attachment(item, title="Linked", path="/home/me/papers/paper.pdf")
    web = db.attachment(item, title="Snapshot", url="https://example.org", content_type="text/html")
    row = dict(
        zip(
            columns(db.conn, "itemAttachments"),
            db.conn.execute("SELECT * FROM itemAttachments WHERE itemID = ?", (pdf,)).fetchone(),
            strict=True,
        )
    )
    assert {k: row[k] for k in ("parentItemID", "linkMode", "contentType", "path", "syncState")} == {
        "parentItemID": item,
        "linkMode": 1,
        "contentType": "application/pdf",
        "path": "storage:paper.pdf",
        "syncState": 0,
    }
    assert (db.storage_dir / db.key(pdf) / "paper.pdf").read_bytes() == b"%PDF-1.4 test"
    assert fields_of(db.conn, pdf) == {"title": "Full Text PDF", "url": "https://example.org/p.pdf"}
    modes = dict(db.conn.execute("SELECT itemID, linkMode FROM itemAttachments"))
    assert (modes[linked], modes[web]) == (2, 3)
    if version == 7:
        read = db.attachment(item, title="Read", path="storage:read.pdf", last_read=1_700_000_000)
        assert db.conn.execute("SELECT lastRead FROM itemAttachments WHERE itemID = ?", (read,)).fetchone() == (
            1_700_000_000,
        )
    else:
        with pytest.raises(ZoteroVersionError):
            db.attachment(item, title="Read", path="storage:read.pdf", last_read=1_700_000_000)
    db.close()


def test_zotero_5_has_no_annotations(tmp_path: Path) -> None:
    db = new_db(tmp_path, 5)
    item = db.item("journalArticle", title="Paper")
    pdf = db.attachment(item, title="PDF", path="storage:p.pdf")
    with pytest.raises(ZoteroVersionError):
        db.annotation(pdf, "highlight", text="x")
    db.close()


@pytest.mark.parametrize("version", [6, 7])
def test_annotation_rows(tmp_path: Path, version: int) -> None:
    db = new_db(tmp_path, version)
    item = db.item("journalArticle", title="Paper")
    pdf = db.attachment(item, title="PDF", path="storage:p.pdf")
    highlight = db.annotation(
        pdf,
        "highlight",
        text="scaled dot-product",
        comment="key idea",
        page_label="3",
        page_index=2,
        sort_index="00002|000123|00456",
        tags=["important"],
    )
    ink = db.annotation(pdf, "ink", page_index=4)
    rows = {
        r[0]: r[1:]
        for r in db.conn.execute(
            "SELECT itemID, parentItemID, type, text, comment, color, pageLabel, sortIndex, position, isExternal, "
            "authorName FROM itemAnnotations"
        )
    }
    assert rows[highlight][:8] == (
        pdf,
        1,
        "scaled dot-product",
        "key idea",
        "#ffd400",
        "3",
        "00002|000123|00456",
        '{"pageIndex":2,"rects":[[72.0,690.883,540.006,702.872]]}',
    )
    assert rows[highlight][8:] == (0, None)
    assert rows[ink][1] == 4 and rows[ink][2] is None and json.loads(rows[ink][7])["pageIndex"] == 4
    assert rows[ink][6] == "00004|000000|00000"
    assert db.conn.execute(
        "SELECT t.typeName, i.libraryID FROM items i JOIN itemTypes t USING (itemTypeID) WHERE itemID = ?", (highlight,)
    ).fetchone() == ("annotation", 1)
    assert db.conn.execute("SELECT COUNT(*) FROM itemTags WHERE itemID = ?", (highlight,)).fetchone() == (1,)
    if version == 6:
        for kind in ("underline", "text"):
            with pytest.raises(ZoteroVersionError):
                db.annotation(pdf, kind)
    else:
        underline = db.annotation(pdf, "underline", text="under")
        text = db.annotation(pdf, 6, comment="typed on the page")
        kinds = dict(db.conn.execute("SELECT itemID, type FROM itemAnnotations"))
        assert (kinds[underline], kinds[text]) == (5, 6)
    with pytest.raises(ValueError, match="not an attachment"):
        db.annotation(item, "highlight")
    with pytest.raises(ValueError, match="no text"):
        db.annotation(pdf, "note", text="notes keep no text")
    db.close()


@ALL
def test_trash_and_other_libraries(tmp_path: Path, version: int) -> None:
    db = new_db(tmp_path, version)
    gone = db.item("book", title="Gone", deleted=True)
    db.trash(db.note(html="<p>old</p>"), when="2024-01-02 03:04:05")
    feed = db.feed_library("arXiv cs.CV")
    entry = db.item("journalArticle", title="From the feed", library=feed, guid="oai:arXiv.org:2401.00001")
    group = db.group_library("Lab")
    shared = db.item("report", title="Group report", library=group, fields={"publisher": "Lab Inc."})
    folder = db.collection("Lab papers", library=group)
    if version == 5:
        with pytest.raises(ZoteroVersionError):
            db.trash_collection(folder)
    else:
        db.trash_collection(folder)
        assert db.conn.execute("SELECT collectionID FROM deletedCollections").fetchall() == [(folder,)]
    db.close()
    conn = sqlite3.connect(tmp_path / "zotero.sqlite")
    deleted = dict(conn.execute("SELECT itemID, dateDeleted FROM deletedItems"))
    assert gone in deleted and "2024-01-02 03:04:05" in deleted.values()
    assert conn.execute("SELECT libraryID, type FROM libraries ORDER BY libraryID").fetchall() == [
        (1, "user"),
        (feed, "feed"),
        (group, "group"),
    ]
    assert conn.execute("SELECT name FROM feeds WHERE libraryID = ?", (feed,)).fetchone() == ("arXiv cs.CV",)
    assert conn.execute("SELECT guid FROM feedItems WHERE itemID = ?", (entry,)).fetchone() == (
        "oai:arXiv.org:2401.00001",
    )
    assert conn.execute("SELECT libraryID FROM items WHERE itemID = ?", (shared,)).fetchone() == (group,)
    assert fields_of(conn, shared)["institution"] == "Lab Inc."
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_same_calls_same_database(tmp_path: Path) -> None:
    dumps = []
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        db = ZoteroDB(tmp_path / name / "zotero.sqlite", version=7, seed=3)
        db.note(db.item("book", title="Deterministic"), html="<p>n</p>")
        dumps.append(list(db.conn.iterdump()))
        db.close()
    assert dumps[0] == dumps[1]


def test_multipart_dates_and_note_titles() -> None:
    assert multipart_date("2017") == "2017-00-00 2017"
    assert multipart_date("2017-06") == "2017-06-00 2017-06"
    assert multipart_date("3/2017") == "2017-03-00 3/2017"
    assert multipart_date("June 12, 2017") == "2017-06-12 June 12, 2017"
    assert multipart_date("12 June 2017") == "2017-06-12 12 June 2017"
    assert multipart_date("2017-06-12 2017-06-12") == "2017-06-12 2017-06-12"
    assert multipart_date("spring, somewhere") == "0000-00-00 spring, somewhere"
    assert note_title('<p>10 year debate <span class="math">$a^2$</span> wow!</p>\n<p>x</p>') == (
        "10 year debate $a^2$ wow!"
    )
    assert note_title("") == ""
    assert len(note_title("<p>" + "w" * 300 + "</p>")) == 120
