"""What every reader of an outside library gives back: papers as found, and what it left out and why.

A reader (BibTeX, Zotero's database, Markdown documents, a vault of notes, CSV) only
*reads*: it turns its source into ``Found`` records in source order, each with the place
it came from, and names everything it skipped. Ids, duplicates, topics and writing are
decided afterwards, the same way for every source (``paper_notes.sources.plan``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

# What a column, a front-matter key or a heading can mean to a reader (``--column NAME=ROLE``).
ROLES = (
    "title", "authors", "published", "venue", "arxiv", "doi", "url", "code", "links", "summary",
    "abstract", "notes", "read", "done", "status", "topic", "tags", "alias", "added", "rating", "org", "ignore",
)  # fmt: skip
HeadingRole = Literal["auto", "topics", "dates", "none"]


@dataclass
class Found:
    """One paper as a source gives it, in the data's own terms, before an id is chosen.

    Text is plain (no Markdown, HTML or badges) except ``notes`` and ``body``, which are
    Markdown. Dates are 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD'; days are 'YYYY-MM-DD'.
    """

    title: str
    where: str  # 'README.md:12': where it came from, for messages and --dry-run
    kind: str = "paper"
    aliases: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    venue: str | None = None
    venue_kind: str | None = None  # 'conference' or 'journal', when the venue's name does not say
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    publisher: str | None = None
    org: list[str] = field(default_factory=list)
    arxiv: str | None = None  # bare id, no version needed
    doi: str | None = None  # bare DOI
    links: dict[str, str] = field(default_factory=dict)  # slug key ('code', 'project', 'pdf'...) -> http(s) URL
    topics: list[tuple[str, ...]] = field(default_factory=list)  # each a path of names: ('Vision', 'Detection')
    tags: list[str] = field(default_factory=list)
    status: str | None = None  # 'read', 'to-read', 'reading', 'skimmed'; None: read if dated, else to-read
    read: list[str] = field(default_factory=list)  # days read
    added: str | None = None  # the day it entered the source library
    rating: int | None = None
    summary: str | None = None  # one line
    notes: dict[str, str] = field(default_factory=dict)  # section name -> Markdown
    body: str | None = None  # free Markdown
    related: list[str] = field(default_factory=list)  # titles or source keys of other found papers (wiki links)
    key: str | None = None  # the source's own key (BibTeX key, Zotero item key, note file name)
    id: str | None = None  # the id the source gives it (a BibTeX key), used when valid and free


@dataclass
class Skipped:
    """Something in the source that looked like a paper but is not imported, and why."""

    where: str
    reason: str
    broken: bool = False  # the input is at fault (front matter that does not parse, a broken entry): exit 1


@dataclass
class Source:
    """Everything one reader got out of one file or folder."""

    kind: str  # 'bibtex', 'zotero', 'markdown', 'vault', 'csv'
    path: Path
    found: list[Found] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # e.g. 'README.md:40: notes/lora.md does not exist'


class SourceUnreadable(Exception):
    """The source cannot be read at all (not a Zotero database, locked, not UTF-8...): one clear line."""


@dataclass
class Hints:
    """What the user says a source means, where inference could go wrong (command-line flags)."""

    columns: dict[str, str] = field(default_factory=dict)  # header text or 1-based number -> role in ROLES
    headings: HeadingRole = "auto"  # what headings are: topics, dates, or nothing
    status: str | None = None  # every paper's status, when the source does not say
