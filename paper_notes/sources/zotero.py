"""Read Zotero's own database, ``zotero.sqlite``: items, collections, tags, child notes and PDF annotations.

Exports leave notes and annotations behind; the database has them. It is copied first
(a running Zotero keeps it locked) and the copy opened read-only, so Zotero's file is
never written. The schemas of Zotero 5, 6 and 7 are read alike: annotations exist from
Zotero 6 on (in 5 there are none, which is not an error), Zotero 7 adds underline and text
annotations and a trash for collections. Items in the trash, attachments, notes,
annotations and the items of feeds are not papers; an item without a title is named as
skipped. Everything is read with a handful of whole-table queries, so a library of
thousands of items takes well under a second.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
import tempfile
from collections import defaultdict
from contextlib import closing
from pathlib import Path
from typing import Any

from ..identifiers import arxiv_in_text, arxiv_of_doi, bare_arxiv, clean_doi, is_preprint_server
from .base import Found, Hints, Skipped, Source, SourceUnreadable
from .common import clean_title, html_to_markdown, identifiers_in, link_kind, web_address

NOT_PAPERS = ("attachment", "note", "annotation")
KINDS = {
    "journalArticle": "paper", "conferencePaper": "paper", "preprint": "paper", "manuscript": "paper",
    "report": "report", "book": "book", "bookSection": "book", "thesis": "thesis", "webpage": "blog",
    "blogPost": "blog", "forumPost": "blog", "computerProgram": "repo", "presentation": "talk",
    "videoRecording": "talk", "podcast": "talk", "dataset": "dataset", "encyclopediaArticle": "other",
    "magazineArticle": "other", "newspaperArticle": "other", "patent": "other", "standard": "other",
}  # fmt: skip
# where an item says it appeared, by item type's field, in order of preference
VENUE_FIELDS = (
    "publicationTitle", "proceedingsTitle", "conferenceName", "bookTitle", "university", "institution",
    "websiteTitle", "blogTitle", "forumTitle", "programTitle", "seriesTitle", "publisher",
)  # fmt: skip
ANNOTATION_TYPES = {1: "highlight", 2: "note", 3: "image", 4: "ink", 5: "underline", 6: "text"}
KEPT_ANNOTATIONS = {"highlight", "underline", "note", "image", "text"}
COLOURS = {
    "#ffd400": "yellow", "#ff6666": "red", "#5fb236": "green", "#2ea8e5": "blue", "#a28ae5": "purple",
    "#e56eee": "magenta", "#f19837": "orange", "#aaaaaa": "grey",
}  # fmt: skip


def looks_like_zotero(path: Path) -> bool:
    """A SQLite file (Zotero's data file or a copy), or a Zotero data folder holding zotero.sqlite."""
    if path.is_dir():
        return (path / "zotero.sqlite").is_file()
    try:
        with path.open("rb") as handle:
            return handle.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


def read_zotero(path: Path, hints: Hints) -> Source:
    """Every regular item of the database as a found paper, with the skipped ones named."""
    database = path / "zotero.sqlite" if path.is_dir() else path
    with tempfile.TemporaryDirectory(prefix="paper-notes-zotero-") as folder:
        copy = Path(folder) / "zotero.sqlite"
        try:
            shutil.copyfile(database, copy)
            for suffix in ("-wal", "-journal"):  # whatever Zotero has not yet written into the file itself
                side = database.with_name(database.name + suffix)
                if side.is_file():
                    shutil.copyfile(side, copy.with_name(copy.name + suffix))
        except OSError as exc:
            raise SourceUnreadable(f"cannot read {database}: {exc.strerror or exc}") from None
        try:
            with closing(sqlite3.connect(f"file:{copy}?mode=ro", uri=True)) as connection:
                connection.row_factory = sqlite3.Row
                return _Reader(connection, database).read()
        except sqlite3.DatabaseError as exc:
            raise SourceUnreadable(f"{database} is not a Zotero database that can be read ({exc})") from None


class _Reader:
    """One pass over a database copy: whole tables read once, then put together item by item."""

    def __init__(self, db: sqlite3.Connection, path: Path) -> None:
        self.db = db
        self.path = path
        self.tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
        missing = {"items", "itemData", "itemDataValues", "itemCreators", "creators"} - self.tables
        if missing:
            raise SourceUnreadable(f"{path} is not a Zotero database: it has no {', '.join(sorted(missing))} table")

    def table(self, *names: str) -> str:
        """The first of these tables the database has (Zotero 5 and later keep custom fields in *Combined views)."""
        return next((n for n in names if n in self.tables), names[-1])

    def rows(self, sql: str, *args: Any) -> list[sqlite3.Row]:
        return self.db.execute(sql, args).fetchall()

    def read(self) -> Source:
        source = Source(kind="zotero", path=self.path)
        types = self.table("itemTypesCombined", "itemTypes")
        deleted = "SELECT itemID FROM deletedItems" if "deletedItems" in self.tables else "SELECT NULL WHERE 0"
        feeds = (
            "SELECT libraryID FROM libraries WHERE type = 'feed'"
            if "libraries" in self.tables and "type" in self.columns("libraries")
            else "SELECT NULL WHERE 0"
        )
        items = self.rows(
            f"SELECT i.itemID, i.key, t.typeName, i.dateAdded FROM items i JOIN {types} t ON t.itemTypeID = i.itemTypeID"
            f" WHERE i.itemID NOT IN ({deleted}) AND i.libraryID NOT IN ({feeds})"
            f" AND t.typeName NOT IN ({', '.join('?' * len(NOT_PAPERS))}) ORDER BY i.itemID",
            *NOT_PAPERS,
        )
        fields = self.fields()
        creators = self.creators()
        topics = self.collections()
        tags = self.tags()
        notes = self.notes(deleted)
        annotations = self.annotations(deleted)
        related = self.related()
        for item in items:
            item_id = item["itemID"]
            values = fields.get(item_id, {})
            where = f"{self.path.name} item {item['key']}"
            title = clean_title(values.get("title") or "")
            if not title:
                added = (item["dateAdded"] or "")[:10]
                source.skipped.append(Skipped(f"{where} ({item['typeName']}, added {added})", "no title"))
                continue
            found = Found(title=title, where=where, key=item["key"], kind=KINDS.get(item["typeName"], "paper"))
            found.authors = creators.get(item_id, [])
            found.published = _date(values.get("date", ""))
            found.venue = _venue(values)
            found.volume, found.issue, found.pages, found.publisher = (
                " ".join((values.get(name) or "").split()) or None for name in ("volume", "issue", "pages", "publisher")
            )
            if found.publisher == found.venue:
                found.publisher = None  # a book's publisher is already its venue
            self.identifiers(found, values)
            found.topics = topics.get(item_id, [])
            found.tags = tags.get(item_id, [])
            added = item["dateAdded"] or ""
            found.added = added[:10] if re.match(r"\d{4}-\d{2}-\d{2}", added) else None
            short = " ".join((values.get("shortTitle") or "").split())
            if short and short != title and len(short) <= 30 and not title.lower().startswith(short.lower() + ":"):
                found.aliases = [short]
            abstract = (values.get("abstractNote") or "").strip()
            if abstract:
                found.notes["abstract"] = abstract
            for name, text in notes.get(item_id, []):
                found.notes[_unique(name, found.notes)] = text
            found.related = related.get(item_id, [])
            if annotations.get(item_id):
                found.notes[_unique("highlights", found.notes)] = "\n\n".join(annotations[item_id])
            source.found.append(found)
        return source

    def columns(self, table: str) -> set[str]:
        return {row[1] for row in self.db.execute(f"PRAGMA table_info({table})")}

    def fields(self) -> dict[int, dict[str, str]]:
        names = self.table("fieldsCombined", "fields")
        values: dict[int, dict[str, str]] = defaultdict(dict)
        for row in self.rows(
            f"SELECT d.itemID, f.fieldName, v.value FROM itemData d JOIN {names} f ON f.fieldID = d.fieldID"
            " JOIN itemDataValues v ON v.valueID = d.valueID"
        ):
            values[row["itemID"]][row["fieldName"]] = str(row["value"])
        return values

    def creators(self) -> dict[int, list[str]]:
        kinds = self.table("creatorTypes")
        people: dict[int, list[tuple[str, str]]] = defaultdict(list)
        for row in self.rows(
            f"SELECT ic.itemID, c.firstName, c.lastName, c.fieldMode, ct.creatorType FROM itemCreators ic"
            f" JOIN creators c ON c.creatorID = ic.creatorID LEFT JOIN {kinds} ct ON ct.creatorTypeID = ic.creatorTypeID"
            " ORDER BY ic.itemID, ic.orderIndex"
        ):
            first, last = (row["firstName"] or "").strip(), (row["lastName"] or "").strip()
            name = last if row["fieldMode"] == 1 or not first else f"{first} {last}".strip()
            if name:
                people[row["itemID"]].append((row["creatorType"] or "author", " ".join(name.split())))
        # the authors; an item with none (an edited book, a program) keeps whoever made it
        return {
            item: [n for kind, n in made if kind == "author"] or [n for _, n in made] for item, made in people.items()
        }

    def collections(self) -> dict[int, list[tuple[str, ...]]]:
        if "collections" not in self.tables or "collectionItems" not in self.tables:
            return {}
        trashed = (
            {row[0] for row in self.rows("SELECT collectionID FROM deletedCollections")}
            if "deletedCollections" in self.tables
            else set()
        )
        parents: dict[int, tuple[str, int | None]] = {
            row["collectionID"]: (row["collectionName"], row["parentCollectionID"])
            for row in self.rows("SELECT collectionID, collectionName, parentCollectionID FROM collections")
        }

        def path(collection: int) -> tuple[str, ...] | None:
            names: list[str] = []
            seen: set[int] = set()
            current: int | None = collection
            while current is not None and current not in seen:
                if current in trashed or current not in parents:
                    return None  # in the trash, itself or through a parent
                seen.add(current)
                name, current = parents[current]
                names.insert(0, " ".join(str(name).split()))
            return tuple(names)

        paths = {c: path(c) for c in parents}
        found: dict[int, list[tuple[str, ...]]] = defaultdict(list)
        for row in self.rows("SELECT collectionID, itemID FROM collectionItems ORDER BY itemID, orderIndex"):
            where = paths.get(row["collectionID"])
            if where and where not in found[row["itemID"]]:
                found[row["itemID"]].append(where)
        return found

    def tags(self) -> dict[int, list[str]]:
        if "itemTags" not in self.tables or "tags" not in self.tables:
            return {}
        found: dict[int, list[str]] = defaultdict(list)
        for row in self.rows(
            "SELECT it.itemID, t.name FROM itemTags it JOIN tags t ON t.tagID = it.tagID ORDER BY it.itemID, t.name"
        ):
            name = " ".join(str(row["name"]).split())
            if name and name not in found[row["itemID"]]:
                found[row["itemID"]].append(name)
        return found

    def notes(self, deleted: str) -> dict[int, list[tuple[str, str]]]:
        """Each item's child notes, oldest first, as (section name, Markdown)."""
        if "itemNotes" not in self.tables:
            return {}
        found: dict[int, list[tuple[str, str]]] = defaultdict(list)
        for row in self.rows(
            "SELECT n.parentItemID, n.note, n.title FROM itemNotes n JOIN items i ON i.itemID = n.itemID"
            f" WHERE n.parentItemID IS NOT NULL AND n.itemID NOT IN ({deleted}) ORDER BY i.dateAdded, n.itemID"
        ):
            text = html_to_markdown(row["note"] or "")
            if not text:
                continue
            title = " ".join((row["title"] or "").split())
            lines = text.split("\n", 1)
            first = lines[0].lstrip("#").strip().strip("*").strip()
            if title and first == title and len(lines) > 1 and lines[1].strip():
                text = lines[1].strip()  # the note's first line is its title: it becomes the section's name
            name = title if title and len(title) <= 60 and first == title else "note"
            found[row["parentItemID"]].append((name, text))
        return found

    def annotations(self, deleted: str) -> dict[int, list[str]]:
        """Each item's PDF annotations (Zotero 6 and later), attachment by attachment in page order, as Markdown."""
        if "itemAnnotations" not in self.tables or "itemAttachments" not in self.tables:
            return {}
        columns = self.columns("itemAnnotations")
        label = "a.pageLabel" if "pageLabel" in columns else "NULL"
        found: dict[int, list[str]] = defaultdict(list)
        for row in self.rows(
            f"SELECT att.parentItemID AS item, a.type, a.text, a.comment, a.color, {label} AS pageLabel"
            " FROM itemAnnotations a JOIN itemAttachments att ON att.itemID = a.parentItemID"
            f" WHERE att.parentItemID IS NOT NULL AND a.itemID NOT IN ({deleted})"
            f" AND att.itemID NOT IN ({deleted}) ORDER BY att.parentItemID, att.itemID, a.sortIndex, a.itemID"
        ):
            kind = ANNOTATION_TYPES.get(row["type"], "")
            if kind in KEPT_ANNOTATIONS:
                text = annotation_markdown(kind, row["text"], row["comment"], row["color"], row["pageLabel"])
                if text:
                    found[row["item"]].append(text)
        return found

    def related(self) -> dict[int, list[str]]:
        """Each item's related items (Zotero's 'Related' pane, dc:relation), as their keys."""
        if "itemRelations" not in self.tables or "relationPredicates" not in self.tables:
            return {}
        found: dict[int, list[str]] = defaultdict(list)
        for row in self.rows(
            "SELECT r.itemID, r.object FROM itemRelations r JOIN relationPredicates p ON p.predicateID = r.predicateID"
            " WHERE p.predicate = 'dc:relation' ORDER BY r.itemID, r.object"
        ):
            key = str(row["object"]).rstrip("/").rsplit("/", 1)[-1]  # http://zotero.org/users/local/abcd/items/KEY
            if key and key not in found[row["itemID"]]:
                found[row["itemID"]].append(key)
        return found

    def identifiers(self, found: Found, values: dict[str, str]) -> None:
        """DOI, arXiv id and the item's web address: from the DOI field, archiveID, the URL and Extra."""
        extra = values.get("extra", "")
        doi = clean_doi(values.get("DOI", "")) or extra_value(extra, "DOI", clean_doi)
        url = web_address(values.get("url", "")) or ""
        arxiv = (
            arxiv_of_doi(doi)
            or bare_arxiv(values.get("archiveID", ""))
            or (identifiers_in(url)[0] if url else None)
            or extra_value(extra, "arXiv", lambda v: bare_arxiv(v) or arxiv_in_text(f"arXiv:{v}"))
        )
        found.doi, found.arxiv = doi, arxiv
        if url:
            url_arxiv, url_doi = identifiers_in(url)
            if not url_arxiv and not url_doi:
                found.links[link_kind(url, found.links)] = url


def extra_value(extra: str, key: str, read: Any) -> str | None:
    """A value Zotero keeps in Extra as 'Key: value' lines ('arXiv: 2106.09685', 'DOI: 10.1/x')."""
    for line in extra.splitlines():
        name, sep, value = line.partition(":")
        if sep and name.strip().lower() == key.lower():
            found = read(value.strip())
            if found:
                return str(found)
    return None


def _date(value: str) -> str | None:
    """Zotero's stored date ('2017-06-12 June 12, 2017', '2017-00-00 2017') as YYYY, YYYY-MM or YYYY-MM-DD."""
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", value.strip())
    if not match or match[1] == "0000":
        found = re.search(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)", value)
        return found[1] if found else None
    year, month, day = match.groups()
    if month == "00":
        return year
    return f"{year}-{month}" if day == "00" else f"{year}-{month}-{day}"


def _venue(values: dict[str, str]) -> str | None:
    for name in VENUE_FIELDS:
        text = " ".join((values.get(name) or "").split())
        if text and not is_preprint_server(text):
            return text
    return None


def _unique(name: str, taken: dict[str, str]) -> str:
    candidate, n = name, 1
    while candidate in taken:
        n += 1
        candidate = f"{name} {n}"
    return candidate


_ESCAPE = re.compile(r"([\\`*_\[\]#])")  # what Markdown would read as markup; < > & become entities


def annotation_markdown(kind: str, text: str | None, comment: str | None, colour: str | None, page: str | None) -> str:
    """One annotation as Markdown: the quoted text, a line naming page, kind and colour, then the comment."""
    text = " ".join((text or "").split())
    comment = (comment or "").strip()
    if not text and not comment and kind not in ("image",):
        return ""
    colour = (colour or "").lower()
    colour_name = COLOURS.get(colour, colour)
    facts = [f"p. {page}" if page else "", kind, f"{colour_name} ({colour})" if colour_name != colour else colour]
    parts = []
    if text:
        quoted = _ESCAPE.sub(r"\\\1", text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))
        parts.append("> " + quoted)
    elif kind == "image":
        parts.append("> *(an image region of the PDF)*")
    parts.append("*" + " · ".join(f for f in facts if f) + "*")
    if comment:
        parts.append(comment)
    return "\n\n".join(parts)
