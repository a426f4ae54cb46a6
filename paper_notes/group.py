"""A reading group's views, worked out once per build: each reader's notes on each paper, the spread of their
ratings, the sessions (upcoming and past), the to-read queue by votes, and what each reader has read.

A library that declares no readers and no sessions has none of this, and its pages show none of it.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .latex import plain
from .library import Meeting
from .model import Paper, Reader, ReaderNotes, When
from .stats import Stats, compute

if TYPE_CHECKING:
    from .indexes import Indexes, Reading

DISAGREEMENT = 2  # stars between the lowest and the highest rating from which readers are said to disagree


@dataclass(frozen=True)
class Take:
    """One reader's notes on one paper, with both records."""

    reader: Reader
    paper: Paper
    notes: ReaderNotes

    @property
    def lang(self) -> str:
        """The language the notes are written in: their own, else the paper's."""
        return self.notes.lang or self.paper.lang

    @property
    def last_read(self) -> dt.date | None:
        """The latest day they read it."""
        return max(self.notes.read) if self.notes.read else None


@dataclass(frozen=True)
class Spread:
    """The ratings the readers gave a paper: each one's, their mean and range, and whether they disagree."""

    ratings: tuple[tuple[Reader, int], ...]

    @property
    def count(self) -> int:
        return len(self.ratings)

    @property
    def low(self) -> int:
        return min(stars for _, stars in self.ratings)

    @property
    def high(self) -> int:
        return max(stars for _, stars in self.ratings)

    @property
    def mean(self) -> float:
        return sum(stars for _, stars in self.ratings) / len(self.ratings)

    @property
    def disagree(self) -> bool:
        """Two readers or more whose ratings lie DISAGREEMENT stars apart or further."""
        return self.count > 1 and self.high - self.low >= DISAGREEMENT


@dataclass(frozen=True)
class Slot:
    """A session as the pages show it: its papers and presenter as records, and whether it is still to come."""

    meeting: Meeting
    papers: tuple[Paper, ...]
    presenter: Reader | None
    upcoming: bool

    @property
    def id(self) -> str:
        return self.meeting.id

    @property
    def date(self) -> When:
        return self.meeting.session.date

    @property
    def name(self) -> str:
        """Its title, or 'Session on' the short names of its papers."""
        if self.meeting.session.title:
            return self.meeting.session.title
        names = [p.short_name or plain(p.title) for p in self.papers]
        return f"Session on {', '.join(names)}" if names else "Session"


@dataclass(frozen=True)
class Wanted:
    """A to-read paper in the group's queue: who wants it discussed, and the sessions planned for it."""

    paper: Paper
    voters: tuple[Reader, ...]
    planned: tuple[Slot, ...]


@dataclass(frozen=True)
class Row:
    """A paper in the grid of who read what: each reader's notes on it (None: none), in the readers' order."""

    paper: Paper
    cells: tuple[Take | None, ...]
    spread: Spread | None


@dataclass(frozen=True)
class Member:
    """A reader's line on the Readers and Stats pages."""

    reader: Reader
    read: int  # papers read or skimmed
    readings: int
    days: int
    longest: int
    current: int
    last: dt.date | None
    mean_rating: float | None
    presented: int


@dataclass
class ReaderView:
    """Everything a reader's page shows."""

    reader: Reader
    member: Member
    takes: list[Take]  # the latest read first, then the unread by title
    months: list[tuple[dt.date, list[Reading]]]  # their readings by month (its first day), newest first
    stats: Stats
    presented: list[Slot]  # newest first
    wanted: list[Paper] = field(default_factory=list)  # to-read papers they voted for


def spread(ratings: list[tuple[Reader, int]]) -> Spread | None:
    """The spread of these ratings, or None without any."""
    return Spread(tuple(ratings)) if ratings else None


class Group:
    """A reading group's views of the library (empty for a library without readers or sessions)."""

    def __init__(self, indexes: Indexes) -> None:
        library = indexes.library
        self._indexes = indexes
        self.today = indexes.today
        self.readers: list[Reader] = list(library.readers)
        self.by_id: dict[str, Reader] = {r.id: r for r in self.readers}
        order = {r.id: n for n, r in enumerate(self.readers)}
        self.takes: dict[str, list[Take]] = defaultdict(list)  # by paper, in the readers' order
        self._reader_takes: dict[str, list[Take]] = defaultdict(list)
        for note in sorted(library.notes, key=lambda n: order[n.reader]):  # stable: each reader's in file order
            take = Take(self.by_id[note.reader], indexes.papers[note.paper], note.notes)
            self.takes[note.paper].append(take)
            self._reader_takes[note.reader].append(take)
        self.spreads: dict[str, Spread] = {}
        for ident, takes in self.takes.items():
            found = spread([(t.reader, t.notes.rating) for t in takes if t.notes.rating is not None])
            if found is not None:
                self.spreads[ident] = found
        slots = [self._slot(m) for m in library.sessions]
        self.upcoming: list[Slot] = sorted((s for s in slots if s.upcoming), key=lambda s: s.date.sort_key)
        self.past: list[Slot] = sorted((s for s in slots if not s.upcoming), key=lambda s: s.date.sort_key, reverse=True)
        self.slots: dict[str, Slot] = {s.id: s for s in slots}
        self.slots_of: dict[str, list[Slot]] = defaultdict(list)  # by paper, in date order
        for slot in sorted(slots, key=lambda s: s.date.sort_key):
            for paper in slot.papers:
                self.slots_of[paper.id].append(slot)
        self._views: dict[str, ReaderView] = {}

    def _slot(self, meeting: Meeting) -> Slot:
        session = meeting.session
        presenter = self.by_id.get(session.presenter) if session.presenter else None
        papers = tuple(self._indexes.papers[p] for p in dict.fromkeys(session.papers))
        return Slot(meeting, papers, presenter, upcoming=session.date.day >= self.today)

    @property
    def active(self) -> bool:
        """Whether the library is a reading group's: it declares readers or sessions."""
        return self._indexes.library.group

    @property
    def next(self) -> Slot | None:
        """The next session, if one is planned."""
        return self.upcoming[0] if self.upcoming else None

    def readings_of(self, reader: str) -> list[Reading]:
        """A reader's readings, newest first."""
        return [r for r in self._indexes.readings if r.reader is not None and r.reader.id == reader]

    def member(self, reader: Reader) -> Member:
        """A reader's figures: what they read, their streaks, the mean of their ratings, the sessions they presented."""
        return self.view(reader.id).member

    def view(self, reader: str) -> ReaderView:
        """What a reader's page shows (worked out once per build)."""
        known = self._views.get(reader)
        if known is not None:
            return known
        person = self.by_id[reader]
        takes = self._reader_takes.get(reader, [])
        readings = self.readings_of(reader)
        stats = compute(self._indexes, self.today, readings)
        dated = sorted((t for t in takes if t.notes.read), key=lambda t: t.last_read or dt.date.min, reverse=True)
        undated = sorted((t for t in takes if not t.notes.read), key=lambda t: t.paper.title.casefold())
        months: list[tuple[dt.date, list[Reading]]] = []
        for reading in readings:
            first = reading.date.replace(day=1)
            if not months or months[-1][0] != first:
                months.append((first, []))
            months[-1][1].append(reading)
        presented = [s for s in [*self.upcoming, *self.past] if s.presenter is not None and s.presenter.id == reader]
        ratings = [t.notes.rating for t in takes if t.notes.rating is not None]
        member = Member(
            person,
            read=sum(t.notes.status in ("read", "skimmed") for t in takes),
            readings=len(readings),
            days=stats.days_read,
            longest=stats.longest.days,
            current=stats.current.days,
            last=stats.last,
            mean_rating=sum(ratings) / len(ratings) if ratings else None,
            presented=sum(not s.upcoming for s in presented),
        )
        wanted = [p for p in self._indexes.library.papers if p.status == "to-read" and reader in p.votes]
        view = self._views[reader] = ReaderView(person, member, dated + undated, months, stats, presented, wanted)
        return view

    def members(self) -> list[Member]:
        """Every reader's figures, in the readers' order."""
        return [self.member(r) for r in self.readers]

    def queue(self, papers: list[Paper]) -> list[Wanted]:
        """To-read papers, the most wanted first (then the longest waiting, then as listed), with their voters."""
        wanted = [
            Wanted(p, tuple(self.by_id[v] for v in dict.fromkeys(p.votes) if v in self.by_id),
                   tuple(s for s in self.slots_of.get(p.id, []) if s.upcoming))
            for p in papers
        ]  # fmt: skip
        wanted.sort(key=lambda w: w.paper.added or dt.date.max)
        wanted.sort(key=lambda w: len(w.voters), reverse=True)
        return wanted

    def grid(self) -> list[Row]:
        """Who read which paper: a row per paper any reader has notes on, by title."""
        rows = []
        for ident in sorted(self.takes, key=lambda p: self._indexes.papers[p].title.casefold()):
            mine = {t.reader.id: t for t in self.takes[ident]}
            row = tuple(mine.get(r.id) for r in self.readers)
            rows.append(Row(self._indexes.papers[ident], row, self.spreads.get(ident)))
        return rows
