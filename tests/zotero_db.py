"""Build realistic Zotero ``zotero.sqlite`` databases (Zotero 5, 6 and 7) for the importer's tests.

The schema of each version is Zotero's own (``tests/fixtures/zotero/schema-N.sql``: system.sql, userdata.sql,
triggers.sql and the static type rows, with the commits they come from in each file's header). The builder
writes rows the way Zotero's data layer does:

- ``items``: 8-character keys from Zotero's key alphabet, ``dateAdded``/``dateModified``/``clientDateModified``
  as UTC ``YYYY-MM-DD HH:MM:SS``, ``version``/``synced`` 0 (a library never synced);
- item fields through ``itemData`` with values shared in ``itemDataValues`` (one row per distinct value), base
  fields mapped to the type's own field (``publicationTitle`` on a conferencePaper lands in
  ``proceedingsTitle``), dates as Zotero's multipart ``YYYY-MM-DD original`` strings;
- ``creators(firstName, lastName, fieldMode)`` shared between items, ``itemCreators.orderIndex`` from 0;
- ``tags`` shared by name, ``itemTags.type`` 0 (manual) or 1 (automatic);
- ``collectionItems.orderIndex`` counting up per collection; child items never in collections (a trigger
  refuses them, as in Zotero);
- notes in ``itemNotes`` wrapped as Zotero stores them (``<div class="zotero-note znv1">…</div>``, and in 6/7 the
  note editor's ``<div data-schema-version="N">…</div>`` inside), with the title Zotero derives;
- attachments in ``itemAttachments`` with the columns of the version (``lastProcessedModificationTime`` from 6,
  ``lastRead`` in 7), ``storage:`` paths, optionally the file itself under ``storage/KEY/``;
- annotations (6 and 7 only) as items of type ``annotation`` with an ``itemAnnotations`` row: type number,
  ``sortIndex`` ``ppppp|oooooo|ttttt``, ``position`` JSON as ``JSON.stringify`` writes it, color, page label;
- the trash (``deletedItems``, ``deletedCollections``), feed libraries (``libraries.type = 'feed'``, ``feeds``,
  ``feedItems``) and group libraries.

    db = ZoteroDB(tmp_path / "zotero.sqlite", version=7)
    col = db.collection("Vision")
    item = db.item("journalArticle", title="Attention Is All You Need", creators=[("Ashish", "Vaswani")],
                   date="2017-06-12", fields={"DOI": "10.48550/arXiv.1706.03762"}, collections=[col])
    att = db.attachment(item, title="Full Text PDF", path="storage:paper.pdf", data=b"%PDF-1.4")
    db.annotation(att, "highlight", text="scaled dot-product attention", page_index=3)
    db.close()
"""

from __future__ import annotations

import html
import json
import random
import re
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from types import MappingProxyType, TracebackType
from typing import Any, Union

SCHEMA_DIR = Path(__file__).resolve().parent / "fixtures" / "zotero"
VERSIONS = (5, 6, 7)
# Zotero.DataObjectUtilities.generateKey(): 8 characters from this alphabet (no 0, 1, O)
KEY_CHARS = "23456789ABCDEFGHIJKLMNPQRSTUVWXYZ"
KEY_RE = re.compile(r"[23456789ABCDEFGHIJKLMNPQRSTUVWXYZ]{8}")
# the 'userdata' row of the version table, per major version (schema-N.sql)
USERDATA_VERSION = MappingProxyType({5: 107, 6: 121, 7: 123})
# Zotero.Annotations.ANNOTATION_TYPE_*: 1-4 since Zotero 6, underline and text since Zotero 7
ANNOTATION_TYPES = MappingProxyType(
    {
        6: MappingProxyType({"highlight": 1, "note": 2, "image": 3, "ink": 4}),
        7: MappingProxyType({"highlight": 1, "note": 2, "image": 3, "ink": 4, "underline": 5, "text": 6}),
    }
)
DEFAULT_ANNOTATION_COLOR = "#ffd400"  # Zotero.Annotations.DEFAULT_COLOR
# Zotero.Attachments.LINK_MODE_*; embedded_image (4) is Zotero 7's
LINK_MODES = MappingProxyType(
    {
        "imported_file": 0,
        "imported_url": 1,
        "linked_file": 2,
        "linked_url": 3,
        "embedded_image": 4,
    }
)
# data-schema-version of the note editor's HTML (values seen in real Zotero 6 libraries are 8 and 9)
NOTE_SCHEMA_VERSION = MappingProxyType({6: 8, 7: 9})
NOTE_PREFIX = '<div class="zotero-note znv1">'  # Zotero.Notes.notePrefix
NOTE_SUFFIX = "</div>"  # Zotero.Notes.noteSuffix
NOTE_TITLE_MAX = 120  # Zotero.Notes.MAX_TITLE_LENGTH
# fields of Zotero's 'date' type: stored as multipart strings
DATE_FIELDS = frozenset({"date", "dateDecided", "issueDate", "dateEnacted", "filingDate"})
SQL_TIME = "%Y-%m-%d %H:%M:%S"
MONTHS = MappingProxyType(
    {
        name: number
        for number, names in enumerate(
            (
                ("january", "jan"),
                ("february", "feb"),
                ("march", "mar"),
                ("april", "apr"),
                ("may",),
                ("june", "jun"),
                ("july", "jul"),
                ("august", "aug"),
                ("september", "sep", "sept"),
                ("october", "oct"),
                ("november", "nov"),
                ("december", "dec"),
            ),
            start=1,
        )
        for name in names
    }
)

# ("First", "Last"), ("First", "Last", fieldMode), ("First", "Last", fieldMode, "editor"), or "OpenAI" (single field)
CreatorSpec = Union[str, tuple[str, str], tuple[str, str, int], tuple[str, str, int, str]]
# "tag" (manual, type 0) or ("tag", type)
TagSpec = Union[str, tuple[str, int]]
Timestamp = Union[str, datetime, None]


class ZoteroVersionError(ValueError):
    """The chosen Zotero version cannot store this (an annotation in Zotero 5, a text annotation in 6, ...)."""


def schema_path(version: int) -> Path:
    """The SQL file that creates a Zotero ``version`` database."""
    if version not in VERSIONS:
        raise ValueError(f"Zotero version must be one of {VERSIONS}, not {version!r}")
    return SCHEMA_DIR / f"schema-{version}.sql"


def schema_sql(version: int) -> str:
    """The text of ``schema-N.sql``."""
    return schema_path(version).read_text(encoding="utf-8")


def multipart_date(value: str) -> str:
    """Zotero's stored form of a date field: ``YYYY-MM-DD`` (00 for unknown parts), a space, the text as typed.

    Like ``Zotero.Date.strToMultipart()`` for the common forms (``2017``, ``2017-06``, ``2017-06-12``, ``6/2017``,
    ``June 2017``, ``12 June 2017``, ``June 12, 2017``); a value that already is multipart is kept, anything
    else gets ``0000-00-00``.
    """
    text = value.strip()
    if re.match(r"\d{4}-\d{2}-\d{2} ", text):
        return text
    year = month = day = 0
    iso = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", text)
    slash = re.fullmatch(r"(\d{1,2})/(?:(\d{1,2})/)?(\d{4})", text)
    words = re.fullmatch(r"(?:(\d{1,2})\s+)?([A-Za-z]+)\.?(?:\s+(\d{1,2}),?)?\s+(\d{4})", text)
    if iso:
        year, month, day = int(iso[1]), int(iso[2] or 0), int(iso[3] or 0)
    elif slash:
        month, day, year = int(slash[1]), int(slash[2] or 0), int(slash[3])
    elif words and words[2].lower() in MONTHS:
        year, month, day = int(words[4]), MONTHS[words[2].lower()], int(words[1] or words[3] or 0)
    return f"{year:04d}-{month:02d}-{day:02d} {text}"


def note_title(note_html: str) -> str:
    """The title Zotero keeps in ``itemNotes.title``: the note's first line of text (``noteToTitle()``)."""
    text = re.sub(r"(</(?:h\d|p|div|li|blockquote|pre)>|<br\s*/?>)", r"\1\n", note_html.strip(), flags=re.I)
    text = html.unescape(re.sub(r"<[^>]*>", "", text)).lstrip()
    text = text[:NOTE_TITLE_MAX]
    return text.split("\n", 1)[0].strip()


def sql_time(value: Timestamp) -> str | None:
    """A timestamp as Zotero stores it (UTC ``YYYY-MM-DD HH:MM:SS``); ``None`` stays ``None``."""
    if value is None or isinstance(value, str):
        return value
    return value.strftime(SQL_TIME)


class ZoteroDB:
    """A new Zotero data database at ``path``, built with the schema of Zotero ``version`` (5, 6 or 7).

    Every method returns the new row's ID (``itemID``, ``collectionID``, ``libraryID``). Timestamps not given
    come from a clock that starts at ``start`` and moves one minute per object; keys come from a generator
    seeded with ``seed``: the same calls give the same database. ``client_version`` writes the
    ``settings`` rows Zotero keeps of the client that created the database (``client``/``lastVersion`` and
    ``lastCompatibleVersion``). Foreign keys are enforced, as Zotero does (``PRAGMA foreign_keys``).
    """

    def __init__(
        self,
        path: str | Path,
        version: int = 7,
        *,
        seed: int = 0,
        start: str = "2023-05-01 10:00:00",
        client_version: str | None = None,
    ) -> None:
        self.version = version
        self.path = Path(path)
        if self.path.exists():
            raise FileExistsError(self.path)
        self.storage_dir = self.path.parent / "storage"
        self.conn = sqlite3.connect(self.path)
        # a test database needs no crash safety: without syncing, building one takes milliseconds
        self.conn.execute("PRAGMA synchronous = OFF")
        self.conn.execute("PRAGMA journal_mode = MEMORY")
        self.conn.executescript(schema_sql(version))
        self.conn.execute("PRAGMA foreign_keys = ON")
        self._rng = random.Random(seed)
        self._clock = datetime.strptime(start, SQL_TIME)
        self._item_types = dict(self.conn.execute("SELECT typeName, itemTypeID FROM itemTypes"))
        self._fields = dict(self.conn.execute("SELECT fieldName, fieldID FROM fields"))
        self._creator_types = dict(self.conn.execute("SELECT creatorType, creatorTypeID FROM creatorTypes"))
        self._type_fields: dict[int, set[int]] = {}
        for type_id, field_id in self.conn.execute("SELECT itemTypeID, fieldID FROM itemTypeFields"):
            self._type_fields.setdefault(type_id, set()).add(field_id)
        self._base_fields = {
            (type_id, base_id): field_id
            for type_id, base_id, field_id in self.conn.execute(
                "SELECT itemTypeID, baseFieldID, fieldID FROM baseFieldMappings"
            )
        }
        self._primary_creator_types = dict(
            self.conn.execute("SELECT itemTypeID, creatorTypeID FROM itemTypeCreatorTypes WHERE primaryField = 1")
        )
        self._attachment_columns = {row[1] for row in self.conn.execute("PRAGMA table_info(itemAttachments)")}
        if client_version:
            self.conn.executemany(
                "REPLACE INTO settings VALUES ('client', ?, ?)",
                [("lastVersion", client_version), ("lastCompatibleVersion", client_version)],
            )
        self.conn.commit()

    # -- context manager -------------------------------------------------------------------------------------

    def __enter__(self) -> ZoteroDB:
        """Use as ``with ZoteroDB(path) as db:``; closes (and commits) at the end."""
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        """Commit and close."""
        self.close()

    def close(self) -> None:
        """Commit and close the connection (the file is then a finished ``zotero.sqlite``)."""
        self.conn.commit()
        self.conn.close()

    # -- look-ups ---------------------------------------------------------------------------------------------

    def item_type_id(self, name: str) -> int:
        """``itemTypes.itemTypeID`` of an item type in this database."""
        try:
            return int(self._item_types[name])
        except KeyError:
            raise ZoteroVersionError(f"Zotero {self.version}'s database has no item type {name!r}") from None

    def field_id(self, name: str) -> int:
        """``fields.fieldID`` of a field in this database."""
        try:
            return int(self._fields[name])
        except KeyError:
            raise ZoteroVersionError(f"Zotero {self.version}'s database has no field {name!r}") from None

    def creator_type_id(self, name: str) -> int:
        """``creatorTypes.creatorTypeID`` of a creator type in this database."""
        try:
            return int(self._creator_types[name])
        except KeyError:
            raise ValueError(f"no creator type {name!r}") from None

    def key(self, item_id: int) -> str:
        """An item's key."""
        return str(self._one("SELECT key FROM items WHERE itemID = ?", item_id))

    def library_of(self, item_id: int) -> int:
        """An item's libraryID."""
        return int(self._one("SELECT libraryID FROM items WHERE itemID = ?", item_id))

    # -- libraries --------------------------------------------------------------------------------------------

    def feed_library(self, name: str = "Feed", url: str | None = None) -> int:
        """A feed (``libraries.type = 'feed'`` and a ``feeds`` row); its items are RSS entries, not the user's."""
        library_id = self._new_library("feed", editable=1, files_editable=0)
        self.conn.execute(
            "INSERT INTO feeds (libraryID, name, url, refreshInterval) VALUES (?, ?, ?, ?)",
            (library_id, name, url or f"https://feeds.example.org/{library_id}.xml", 60),
        )
        return library_id

    def group_library(self, name: str, group_id: int | None = None, description: str = "") -> int:
        """A group library (``libraries.type = 'group'`` and a ``groups`` row)."""
        library_id = self._new_library("group", editable=1, files_editable=1)
        self.conn.execute(
            "INSERT INTO groups (groupID, libraryID, name, description, version) VALUES (?, ?, ?, ?, 0)",
            (group_id or 1000 + library_id, library_id, name, description),
        )
        return library_id

    # -- collections ------------------------------------------------------------------------------------------

    def collection(
        self,
        name: str,
        parent: int | None = None,
        *,
        library: int | None = None,
        key: str | None = None,
        modified: Timestamp = None,
        deleted: bool = False,
    ) -> int:
        """A collection (in ``parent``'s library when nested); ``deleted`` puts it in the trash (Zotero 6+)."""
        if library is None:
            library = (
                int(self._one("SELECT libraryID FROM collections WHERE collectionID = ?", parent)) if parent else 1
            )
        cursor = self.conn.execute(
            "INSERT INTO collections (collectionName, parentCollectionID, clientDateModified, libraryID, key) "
            "VALUES (?, ?, ?, ?, ?)",
            (name, parent, sql_time(modified) or self._tick(), library, key or self._new_key("collections", library)),
        )
        collection_id = int(cursor.lastrowid or 0)
        if deleted:
            self.trash_collection(collection_id)
        return collection_id

    def trash_collection(self, collection_id: int, when: Timestamp = None) -> None:
        """Put a collection in the trash (``deletedCollections``, which Zotero 5 does not have)."""
        if self.version < 6:
            raise ZoteroVersionError("Zotero 5's database has no deletedCollections table")
        self.conn.execute(
            "INSERT INTO deletedCollections (collectionID, dateDeleted) VALUES (?, ?)",
            (collection_id, sql_time(when) or self._tick()),
        )

    # -- items ------------------------------------------------------------------------------------------------

    def item(
        self,
        item_type: str,
        *,
        title: str | None = None,
        creators: Iterable[CreatorSpec] = (),
        date: str | None = None,
        fields: Mapping[str, str | int] | None = None,
        collections: Iterable[int] = (),
        tags: Iterable[TagSpec] = (),
        date_added: Timestamp = None,
        date_modified: Timestamp = None,
        deleted: bool = False,
        library: int = 1,
        key: str | None = None,
        guid: str | None = None,
    ) -> int:
        """A regular item (journalArticle, book, preprint, ...) with its fields, creators, tags and collections.

        ``fields`` uses Zotero's field names; a base field (``publicationTitle``, ``publisher``, ``number``, ...)
        is stored as the type's own field (``proceedingsTitle``, ``university``, ``archiveID``). ``date``
        (and any date field) may be plain (``2017-06-12``, ``June 2017``) or already multipart. In a feed
        library the item also gets its ``feedItems`` row (``guid``).
        """
        if item_type in ("note", "attachment", "annotation"):
            raise ValueError(f"use ZoteroDB.{item_type}() for {item_type} items")
        type_id = self.item_type_id(item_type)
        item_id = self._insert_item(type_id, library, key, date_added, date_modified)
        values: dict[str, str | int] = {}
        if title is not None:
            values["title"] = title
        if date is not None:
            values["date"] = date
        values.update(fields or {})
        for name, value in values.items():
            self._set_field(item_id, type_id, name, value)
        for index, creator in enumerate(creators):
            self._add_creator(item_id, type_id, index, creator)
        self._add_tags(item_id, tags)
        self._add_to_collections(item_id, collections)
        if self._library_type(library) == "feed":
            self.conn.execute(
                "INSERT INTO feedItems (itemID, guid) VALUES (?, ?)",
                (item_id, guid or f"urn:zotero-test:{self.key(item_id)}"),
            )
        if deleted:
            self.trash(item_id)
        return item_id

    def note(
        self,
        parent: int | None = None,
        html: str = "",
        *,
        library: int | None = None,
        collections: Iterable[int] = (),
        tags: Iterable[TagSpec] = (),
        date_added: Timestamp = None,
        date_modified: Timestamp = None,
        deleted: bool = False,
        key: str | None = None,
        wrap: bool = True,
        schema_version: int | None = None,
    ) -> int:
        """A child note of ``parent`` (or a standalone note): an ``itemNotes`` row as Zotero writes it.

        ``html`` is the note's body (``<p>My <b>note</b></p>``); ``wrap`` adds Zotero's wrappers (the
        ``zotero-note znv1`` div, and in 6/7 the note editor's ``data-schema-version`` div); ``wrap=False``
        stores ``html`` as given.
        """
        if parent is not None and collections:
            raise ValueError("child notes cannot be in collections (Zotero's triggers refuse them)")
        if library is None:
            library = self.library_of(parent) if parent is not None else 1
        item_id = self._insert_item(self.item_type_id("note"), library, key, date_added, date_modified)
        note = html
        if wrap:
            if not html:
                note = NOTE_PREFIX + NOTE_SUFFIX  # what Zotero stores for an empty note
            elif self.version >= 6:
                inner = html if html.endswith("\n") else html + "\n"
                number = schema_version or NOTE_SCHEMA_VERSION[self.version]
                note = f'{NOTE_PREFIX}<div data-schema-version="{number}">{inner}</div>{NOTE_SUFFIX}'
            else:
                note = f"{NOTE_PREFIX}{html}{NOTE_SUFFIX}"
        self.conn.execute(
            "INSERT INTO itemNotes (itemID, parentItemID, note, title) VALUES (?, ?, ?, ?)",
            (item_id, parent, note, note_title(html)),
        )
        self._add_tags(item_id, tags)
        self._add_to_collections(item_id, collections)
        if deleted:
            self.trash(item_id)
        return item_id

    def attachment(
        self,
        parent: int | None = None,
        *,
        title: str,
        path: str | None = None,
        url: str | None = None,
        content_type: str = "application/pdf",
        link_mode: str | int | None = None,
        charset: str | None = None,
        data: bytes | None = None,
        access_date: Timestamp = None,
        collections: Iterable[int] = (),
        tags: Iterable[TagSpec] = (),
        date_added: Timestamp = None,
        date_modified: Timestamp = None,
        deleted: bool = False,
        library: int | None = None,
        key: str | None = None,
        last_read: int | None = None,
    ) -> int:
        """An attachment (child of ``parent``, or standalone) with its ``itemAttachments`` row.

        ``path`` is stored as given: ``storage:file.pdf`` for a file in Zotero's ``storage/KEY/`` (imported),
        an absolute path for a linked file. The link mode follows from path and url unless given
        (``imported_file``/``imported_url``/``linked_file``/``linked_url`` or the number). ``data`` writes the
        file to ``storage/KEY/`` next to the database. ``last_read`` (a Unix time) exists only in Zotero 7.
        """
        if parent is not None and collections:
            raise ValueError("child attachments cannot be in collections (Zotero's triggers refuse them)")
        if library is None:
            library = self.library_of(parent) if parent is not None else 1
        mode = self._link_mode(link_mode, path, url)
        type_id = self.item_type_id("attachment")
        item_id = self._insert_item(type_id, library, key, date_added, date_modified)
        self._set_field(item_id, type_id, "title", title)
        if url is not None:
            self._set_field(item_id, type_id, "url", url)
        if access_date is not None:
            self._set_field(item_id, type_id, "accessDate", sql_time(access_date) or "")
        row: dict[str, Any] = {
            "itemID": item_id,
            "parentItemID": parent,
            "linkMode": mode,
            "contentType": content_type,
            "charsetID": self._one("SELECT charsetID FROM charsets WHERE charset = ?", charset) if charset else None,
            "path": path,
            "syncState": 0,
        }
        if last_read is not None:
            if "lastRead" not in self._attachment_columns:
                raise ZoteroVersionError(f"Zotero {self.version}'s itemAttachments has no lastRead column")
            row["lastRead"] = last_read
        self.conn.execute(
            f"INSERT INTO itemAttachments ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})",
            tuple(row.values()),
        )
        if data is not None:
            if not path or not path.startswith("storage:"):
                raise ValueError("data can only be written for a 'storage:' path")
            target = self.storage_dir / self.key(item_id) / path[len("storage:") :]
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        self._add_tags(item_id, tags)
        self._add_to_collections(item_id, collections)
        if deleted:
            self.trash(item_id)
        return item_id

    def annotation(
        self,
        attachment: int,
        type: str | int = "highlight",
        *,
        text: str | None = None,
        comment: str | None = None,
        color: str | None = DEFAULT_ANNOTATION_COLOR,
        page_label: str | None = None,
        page_index: int = 0,
        sort_index: str | None = None,
        position: Mapping[str, Any] | str | None = None,
        author_name: str | None = None,
        is_external: bool = False,
        tags: Iterable[TagSpec] = (),
        date_added: Timestamp = None,
        date_modified: Timestamp = None,
        deleted: bool = False,
        key: str | None = None,
    ) -> int:
        """An annotation on a (PDF) attachment: an item of type annotation and its ``itemAnnotations`` row.

        ``type`` is highlight, note, image or ink (Zotero 6), or underline or text too (Zotero 7); Zotero 5
        has no annotation items. ``text`` is kept for highlight and underline only, as Zotero does.
        ``position`` defaults to one rectangle on ``page_index``; ``sort_index`` to ``ppppp|oooooo|ttttt``
        (page, character offset, top); ``page_label`` to the page number.
        """
        types = ANNOTATION_TYPES.get(self.version)
        if types is None:
            raise ZoteroVersionError(f"Zotero {self.version} has no annotation items (they came with Zotero 6)")
        names = {number: name for name, number in ANNOTATION_TYPES[7].items()}
        name = names.get(type, "") if isinstance(type, int) else type
        if name not in ANNOTATION_TYPES[7]:
            raise ValueError(f"unknown annotation type {type!r}")
        if name not in types:
            raise ZoteroVersionError(f"Zotero {self.version} has no {name} annotations")
        if text is not None and name not in ("highlight", "underline"):
            raise ValueError(f"Zotero keeps no text for {name} annotations")
        if not self.conn.execute("SELECT 1 FROM itemAttachments WHERE itemID = ?", (attachment,)).fetchone():
            raise ValueError(f"item {attachment} is not an attachment")
        if position is None:
            position = self._default_position(name, page_index)
        position_json = position if isinstance(position, str) else json.dumps(position, separators=(",", ":"))
        if sort_index is None:
            sort_index = f"{page_index:05d}|{0:06d}|{0:05d}"
        item_id = self._insert_item(
            self.item_type_id("annotation"), self.library_of(attachment), key, date_added, date_modified
        )
        self.conn.execute(
            "INSERT INTO itemAnnotations (itemID, parentItemID, type, authorName, text, comment, color, "
            "pageLabel, sortIndex, position, isExternal) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                item_id,
                attachment,
                types[name],
                author_name,
                text,
                comment,
                color,
                page_label if page_label is not None else str(page_index + 1),
                sort_index,
                position_json,
                int(is_external),
            ),
        )
        self._add_tags(item_id, tags)
        if deleted:
            self.trash(item_id)
        return item_id

    def trash(self, item_id: int, when: Timestamp = None) -> None:
        """Put an item in the trash (``deletedItems``); it stays in ``items`` as in Zotero."""
        self.conn.execute(
            "INSERT INTO deletedItems (itemID, dateDeleted) VALUES (?, ?)", (item_id, sql_time(when) or self._tick())
        )

    # -- internals --------------------------------------------------------------------------------------------

    def _one(self, sql: str, *params: Any) -> Any:
        """The single value a query returns (``LookupError`` when there is no row)."""
        row = self.conn.execute(sql, params).fetchone()
        if row is None:
            raise LookupError(f"no row for {sql} {params}")
        return row[0]

    def _tick(self) -> str:
        """The next timestamp of the builder's clock."""
        self._clock += timedelta(minutes=1)
        return self._clock.strftime(SQL_TIME)

    def _new_key(self, table: str, library: int) -> str:
        """A key unused in ``table`` for ``library`` (Zotero's alphabet, 8 characters)."""
        while True:
            key = "".join(self._rng.choice(KEY_CHARS) for _ in range(8))
            if not self.conn.execute(
                f"SELECT 1 FROM {table} WHERE libraryID = ? AND key = ?", (library, key)
            ).fetchone():
                return key

    def _new_library(self, kind: str, *, editable: int, files_editable: int) -> int:
        """A ``libraries`` row with the next libraryID (Zotero.ID: MAX + 1)."""
        library_id = int(self._one("SELECT COALESCE(MAX(libraryID) + 1, 1) FROM libraries"))
        self.conn.execute(
            "INSERT INTO libraries (libraryID, type, editable, filesEditable) VALUES (?, ?, ?, ?)",
            (library_id, kind, editable, files_editable),
        )
        return library_id

    def _library_type(self, library: int) -> str:
        """``libraries.type`` of a library."""
        return str(self._one("SELECT type FROM libraries WHERE libraryID = ?", library))

    def _insert_item(
        self, type_id: int, library: int, key: str | None, date_added: Timestamp, date_modified: Timestamp
    ) -> int:
        """An ``items`` row; dateModified and clientDateModified default to dateAdded."""
        if key is not None and not KEY_RE.fullmatch(key):
            raise ValueError(f"{key!r} is not a Zotero key (8 characters of {KEY_CHARS})")
        added = sql_time(date_added) or self._tick()
        modified = sql_time(date_modified) or added
        cursor = self.conn.execute(
            "INSERT INTO items (itemTypeID, dateAdded, dateModified, clientDateModified, libraryID, key) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (type_id, added, modified, modified, library, key or self._new_key("items", library)),
        )
        return int(cursor.lastrowid or 0)

    def _type_field(self, type_id: int, name: str) -> int:
        """The field an item of this type stores ``name`` in (base fields mapped as Zotero maps them)."""
        field_id = self.field_id(name)
        mapped = self._base_fields.get((type_id, field_id))
        if mapped is not None:
            return mapped
        allowed = self._type_fields.get(type_id)
        if allowed is not None and field_id not in allowed:
            type_name = next(n for n, i in self._item_types.items() if i == type_id)
            raise ValueError(f"Zotero's {type_name} has no field {name!r}")
        return field_id

    def _set_field(self, item_id: int, type_id: int, name: str, value: str | int) -> None:
        """An ``itemData`` row, its value shared through ``itemDataValues``."""
        field_id = self._type_field(type_id, name)
        field_name = next(n for n, i in self._fields.items() if i == field_id)
        text = str(value)
        if field_name in DATE_FIELDS or name in DATE_FIELDS:
            text = multipart_date(text)
        row = self.conn.execute("SELECT valueID FROM itemDataValues WHERE value = ?", (text,)).fetchone()
        value_id = (
            row[0] if row else self.conn.execute("INSERT INTO itemDataValues (value) VALUES (?)", (text,)).lastrowid
        )
        self.conn.execute(
            "INSERT INTO itemData (itemID, fieldID, valueID) VALUES (?, ?, ?)", (item_id, field_id, value_id)
        )

    def _add_creator(self, item_id: int, type_id: int, index: int, creator: CreatorSpec) -> None:
        """A ``creators`` row (shared) and the item's ``itemCreators`` row at ``index``."""
        spec: Sequence[Any] = ("", creator, 1) if isinstance(creator, str) else creator
        first, last = str(spec[0]), str(spec[1])
        field_mode = int(spec[2]) if len(spec) > 2 else 0
        if field_mode == 1:
            first = ""
        creator_type = (
            self.creator_type_id(str(spec[3]))
            if len(spec) > 3
            else self._primary_creator_types.get(type_id, self.creator_type_id("author"))
        )
        row = self.conn.execute(
            "SELECT creatorID FROM creators WHERE firstName = ? AND lastName = ? AND fieldMode = ?",
            (first, last, field_mode),
        ).fetchone()
        creator_id = (
            row[0]
            if row
            else self.conn.execute(
                "INSERT INTO creators (firstName, lastName, fieldMode) VALUES (?, ?, ?)", (first, last, field_mode)
            ).lastrowid
        )
        self.conn.execute(
            "INSERT INTO itemCreators (itemID, creatorID, creatorTypeID, orderIndex) VALUES (?, ?, ?, ?)",
            (item_id, creator_id, creator_type, index),
        )

    def _add_tags(self, item_id: int, tags: Iterable[TagSpec]) -> None:
        """``tags`` rows (shared by name) and the item's ``itemTags`` rows (type 0 manual, 1 automatic)."""
        for tag in tags:
            name, kind = (tag, 0) if isinstance(tag, str) else tag
            row = self.conn.execute("SELECT tagID FROM tags WHERE name = ?", (name,)).fetchone()
            tag_id = row[0] if row else self.conn.execute("INSERT INTO tags (name) VALUES (?)", (name,)).lastrowid
            self.conn.execute("INSERT INTO itemTags (itemID, tagID, type) VALUES (?, ?, ?)", (item_id, tag_id, kind))

    def _add_to_collections(self, item_id: int, collections: Iterable[int]) -> None:
        """``collectionItems`` rows, each at the end of its collection."""
        for collection_id in collections:
            self.conn.execute(
                "INSERT INTO collectionItems (collectionID, itemID, orderIndex) VALUES (?, ?, "
                "(SELECT COALESCE(MAX(orderIndex) + 1, 0) FROM collectionItems WHERE collectionID = ?))",
                (collection_id, item_id, collection_id),
            )

    def _link_mode(self, link_mode: str | int | None, path: str | None, url: str | None) -> int:
        """``itemAttachments.linkMode`` from the argument, or from what path and url say."""
        if link_mode is None:
            if path and path.startswith("storage:"):
                return LINK_MODES["imported_url" if url else "imported_file"]
            return LINK_MODES["linked_file" if path else "linked_url"]
        mode = LINK_MODES[link_mode] if isinstance(link_mode, str) else link_mode
        if mode == LINK_MODES["embedded_image"] and self.version < 7:
            raise ZoteroVersionError("embedded images are Zotero 7's")
        return mode

    @staticmethod
    def _default_position(name: str, page_index: int) -> dict[str, Any]:
        """A plausible ``position`` for a PDF annotation of this type on ``page_index``."""
        if name == "ink":
            return {"pageIndex": page_index, "width": 2, "paths": [[100.5, 500.25, 120.75, 510.5, 140, 505]]}
        if name == "note":
            return {"pageIndex": page_index, "rects": [[540.0, 700.0, 562.0, 722.0]]}
        if name == "image":
            return {"pageIndex": page_index, "rects": [[72.0, 400.0, 300.0, 600.0]]}
        if name == "text":
            return {"pageIndex": page_index, "fontSize": 14, "rotation": 0, "rects": [[90.0, 650.0, 250.0, 668.0]]}
        return {"pageIndex": page_index, "rects": [[72.0, 690.883, 540.006, 702.872]]}
