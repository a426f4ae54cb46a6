"""Views derived from the library once per build: topic tree, reading log, backlinks..."""
from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable

from . import bibtex
from .fingerprint import Fingerprints
from .group import Group
from .library import Journal, Library, Meeting
from .memo import Memo, NoMemo
from .model import Collection, Paper, Reader, TodoItem, Topic, date_key, suggest_slug
from .people import People
from .suggest import Suggestions


def newest_first(papers: Iterable[Paper]) -> list[Paper]:
    """Papers by publication date, newest first; undated ones last, then by title."""
    by_title = sorted(papers, key=lambda p: p.title.casefold())
    return sorted(by_title, key=lambda p: date_key(p.published), reverse=True)


@dataclass
class TopicNode:
    """A topic in the tree, with its subtopics and papers."""

    topic: Topic
    depth: int
    children: list[TopicNode] = field(default_factory=list)
    papers: list[Paper] = field(default_factory=list)  # tagged with this topic itself
    all_papers: list[Paper] = field(default_factory=list)  # including subtopics, newest first

    @property
    def id(self) -> str:
        return self.topic.id


@dataclass(frozen=True)
class Reading:
    """One reading of a paper on one day (a paper read twice has two); in a reading group, by one of its readers."""

    paper: Paper
    date: dt.date
    nth: int
    total: int
    reader: Reader | None = None  # None: the reading the paper's own file gives


@dataclass
class LogDay:
    date: dt.date
    journal: list[Journal] = field(default_factory=list)
    readings: list[Reading] = field(default_factory=list)
    sessions: list[Meeting] = field(default_factory=list)  # a reading group's, held that day


@dataclass
class LogMonth:
    year: int
    month: int
    days: list[LogDay] = field(default_factory=list)

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, 1)


@dataclass
class LogYear:
    year: int
    months: list[LogMonth] = field(default_factory=list)


@dataclass(frozen=True)
class Membership:
    """A paper's place in a collection."""

    collection: Collection
    position: int
    section: str | None


@dataclass(frozen=True)
class Relation:
    """A related paper; ``mutual`` when both list each other, ``incoming`` when only it lists us."""

    paper: Paper
    direction: str


class Indexes:
    """Everything the templates look up, computed once from a validated Library."""

    def __init__(
        self, library: Library, today: dt.date | None = None, entries: dict[bytes, str] | None = None,
        folds: dict[str, str] | None = None, memo: Memo | None = None,
    ) -> None:  # fmt: skip
        self.library = library
        self.memo = memo if memo is not None else NoMemo()  # work on records that earlier builds in this process did
        self.today = today or dt.date.today()
        self.papers: dict[str, Paper] = {p.id: p for p in library.papers}
        self.topics: dict[str, Topic] = {t.id: t for t in library.topics}
        self.collections: dict[str, Collection] = {c.id: c for c in library.collections}
        self.journal: dict[str, Journal] = {j.id: j for j in library.journal}
        self._build_topics()
        self._build_relations()
        self._build_log()
        self._build_mentions()
        self.people = People(library, folds)
        self.venues = venues(library.papers)
        self.timeline = timeline(library.papers)
        self.suggestions = Suggestions(self)
        self.group = Group(self)
        self._bibtex: dict[str, str] = {}
        self.fingerprints = Fingerprints()  # digests of records and views, for this build's caches
        self._entries = entries  # BibTeX entries made by earlier builds in this process, by the paper's content

    def bibtex(self, paper: Paper) -> str:
        """The paper's BibTeX entry, made once per build: its page and the library's download both show it."""
        entry = self._bibtex.get(paper.id)
        if entry is None:
            if self._entries is None:
                entry = bibtex.entry(paper)
            else:
                key = self.fingerprints.record(paper)
                entry = self._entries.get(key)
                if entry is None:
                    entry = self._entries[key] = bibtex.entry(paper)
            self._bibtex[paper.id] = entry
        return entry

    # -- topics --------------------------------------------------------------

    def _build_topics(self) -> None:
        self.topic_nodes: dict[str, TopicNode] = {}
        children: dict[str | None, list[Topic]] = defaultdict(list)
        for topic in self.library.topics:
            children[topic.parent].append(topic)

        def grow(topic: Topic, depth: int) -> TopicNode:
            node = TopicNode(topic=topic, depth=depth)
            self.topic_nodes[topic.id] = node
            node.children = [grow(child, depth + 1) for child in children.get(topic.id, [])]
            return node

        self.topic_roots = [grow(t, 0) for t in children.get(None, [])]
        self._root_index = {node.id: index for index, node in enumerate(self.topic_roots)}
        for paper in self.library.papers:
            for topic_id in dict.fromkeys(paper.topics):
                self.topic_nodes[topic_id].papers.append(paper)

        def gather(node: TopicNode) -> dict[str, Paper]:
            found = {p.id: p for p in node.papers}
            for child in node.children:
                found.update(gather(child))
            node.all_papers = newest_first(found.values())
            return found

        for root in self.topic_roots:
            gather(root)

    def topic_tree(self) -> list[TopicNode]:
        """Depth-first list of every topic node, parents before children."""
        ordered: list[TopicNode] = []

        def walk(nodes: list[TopicNode]) -> None:
            for node in nodes:
                ordered.append(node)
                walk(node.children)

        walk(self.topic_roots)
        return ordered

    def topic_trail(self, topic_id: str) -> list[Topic]:
        """The topic's ancestors, root first, ending with the topic itself."""
        trail: list[Topic] = []
        current: str | None = topic_id
        while current is not None:
            trail.append(self.topics[current])
            current = self.topics[current].parent
        return list(reversed(trail))

    # -- relations, collections, journal mentions ----------------------------

    def _build_relations(self) -> None:
        self.related: dict[str, list[Relation]] = defaultdict(list)
        incoming: dict[str, list[Paper]] = defaultdict(list)
        for paper in self.library.papers:
            for other in dict.fromkeys(paper.related):
                incoming[other].append(paper)
        for paper in self.library.papers:
            listed = list(dict.fromkeys(paper.related))
            back = {p.id for p in incoming[paper.id]}
            for other in listed:
                direction = "mutual" if other in back else "outgoing"
                self.related[paper.id].append(Relation(self.papers[other], direction))
            for citing in incoming[paper.id]:
                if citing.id not in listed:
                    self.related[paper.id].append(Relation(citing, "incoming"))

        self.memberships: dict[str, list[Membership]] = defaultdict(list)
        for collection in self.library.collections:
            for position, item in enumerate(collection.items, 1):
                self.memberships[item.paper].append(Membership(collection, position, item.section))

        self.mentions: dict[str, list[Journal]] = defaultdict(list)
        for entry in self.library.journal:
            for paper_id in dict.fromkeys(entry.papers):
                self.mentions[paper_id].append(entry)

    # -- reading log ---------------------------------------------------------

    def _build_log(self) -> None:
        readings: list[Reading] = []
        for paper in self.library.papers:
            dates = sorted(paper.read)
            readings.extend(Reading(paper, day, n, len(dates)) for n, day in enumerate(dates, 1))
        readers = {r.id: r for r in self.library.readers}
        for note in self.library.notes:  # a reading group's: each reader's readings, in the readers' order
            dates = sorted(note.notes.read)
            paper, reader = self.papers[note.paper], readers[note.reader]
            readings.extend(Reading(paper, day, n, len(dates), reader) for n, day in enumerate(dates, 1))
        days: dict[dt.date, LogDay] = {}
        for entry in self.library.journal:
            days.setdefault(entry.date, LogDay(entry.date)).journal.append(entry)
        for reading in readings:
            days.setdefault(reading.date, LogDay(reading.date)).readings.append(reading)
        for meeting in sorted(self.library.sessions, key=lambda m: m.date.sort_key):
            if meeting.date.day < self.today:  # the log is what happened; a session today is still to come
                days.setdefault(meeting.date.day, LogDay(meeting.date.day)).sessions.append(meeting)

        self.log: list[LogYear] = []
        for day in sorted(days.values(), key=lambda d: d.date, reverse=True):
            if not self.log or self.log[-1].year != day.date.year:
                self.log.append(LogYear(day.date.year))
            months = self.log[-1].months
            if not months or months[-1].month != day.date.month:
                months.append(LogMonth(day.date.year, day.date.month))
            months[-1].days.append(day)

        self.readings = sorted(readings, key=lambda r: r.date, reverse=True)
        first: dict[str, dt.date] = {}
        for reading in readings:
            first[reading.paper.id] = min(reading.date, first.get(reading.paper.id, reading.date))
        order = sorted(
            (p for p in self.library.papers if p.id in first), key=lambda p: first[p.id]
        )  # stable: same-day reads keep file order
        self.reading_order = order
        self._position = {p.id: i for i, p in enumerate(order)}

    def _build_mentions(self) -> None:
        """Which papers' notes link to a paper ([LoRA](paper:lora)): shown apart from 'related'.
        The links were found once, when the library was checked."""
        self.mentioned_in: dict[str, list[Paper]] = defaultdict(list)
        for paper in self.library.papers:
            for other in self.library.links.get(paper.id, []):
                if other in self.papers:
                    self.mentioned_in[other].append(paper)

    def topic_colour(self, topic_id: str) -> int:
        """The colour of a topic: its root topic's place in the tree, one of PALETTE colours."""
        return self._root_index.get(self.topic_trail(topic_id)[0].id, 0) % PALETTE

    def paper_colour(self, paper: Paper) -> int | None:
        """A paper's colour: its first topic's, if it has one."""
        return self.topic_colour(paper.topics[0]) if paper.topics else None

    def neighbours(self, paper_id: str) -> tuple[Paper | None, Paper | None]:
        """The papers read just before and just after this one (by first reading)."""
        index = self._position.get(paper_id)
        if index is None:
            return None, None
        before = self.reading_order[index - 1] if index > 0 else None
        after = self.reading_order[index + 1] if index + 1 < len(self.reading_order) else None
        return before, after

    def to_read(self) -> list[tuple[Topic | None, list[Paper]]]:
        """Papers waiting to be read, grouped by their first topic in topic-tree order.

        A paper the to-do list links to is shown there, in its place in that list, not twice.
        """
        in_todo = set(todo_papers(self.library.todo))
        groups: dict[str | None, list[Paper]] = defaultdict(list)
        for paper in self.library.papers:
            if paper.status == "to-read" and paper.id not in in_todo:
                groups[paper.topics[0] if paper.topics else None].append(paper)
        for waiting in groups.values():
            waiting.sort(key=lambda p: p.added or dt.date.max)  # the longest waiting first; undated keep their order
        ordered: list[tuple[Topic | None, list[Paper]]] = [
            (node.topic, groups[node.id]) for node in self.topic_tree() if groups.get(node.id)
        ]
        if groups.get(None):
            ordered.append((None, groups[None]))
        return ordered

    def counts(self) -> dict[str, int]:
        """How much the knowledge base holds."""
        papers = self.library.papers
        return {
            "papers": len(papers),
            "read": sum(p.status in ("read", "skimmed") for p in papers),
            "reading": sum(p.status == "reading" for p in papers),
            "to_read": sum(p.status == "to-read" for p in papers),
            "readings": len(self.readings),
            "topics": len(self.library.topics),
            "collections": len(self.library.collections),
            "journal": len(self.library.journal),
        }


PALETTE = 8  # topic colours, pn-colour-0 ... pn-colour-7 in the stylesheet (light and dark)


def todo_papers(items: Iterable[TodoItem]) -> Iterable[str]:
    """The papers the (nested) to-do list links to."""
    for item in items:
        if item.paper:
            yield item.paper
        yield from todo_papers(item.items)


@dataclass
class TimelineMonth:
    month: int  # 0 when only the year is known
    papers: list[Paper]


@dataclass
class TimelineYear:
    year: int
    months: list[TimelineMonth]

    @property
    def count(self) -> int:
        return sum(len(m.papers) for m in self.months)


def timeline(papers: Iterable[Paper]) -> list[TimelineYear]:
    """Papers by publication year and month, newest first; those known only to the year come last in it."""
    by_year: dict[int, dict[int, list[Paper]]] = defaultdict(lambda: defaultdict(list))
    for paper in sorted(papers, key=lambda p: (date_key(p.published), p.title.casefold())):
        if paper.published:
            by_year[paper.published.year][paper.published.month].append(paper)
    return [
        TimelineYear(year, [TimelineMonth(m, by_year[year][m]) for m in sorted(by_year[year], key=lambda m: (m == 0, -m))])
        for year in sorted(by_year, reverse=True)
    ]


_VENUE_YEAR = re.compile(r"\s*'?((?:19|20)\d{2})\s*$")


@dataclass
class Venue:
    """A venue and, year by year, the papers that appeared there."""

    name: str
    years: list[tuple[int | None, list[Paper]]]

    @property
    def count(self) -> int:
        return sum(len(papers) for _, papers in self.years)

    @property
    def slug(self) -> str:
        return suggest_slug(self.name) or "venue"


def venue_name(venue: str) -> tuple[str, int | None]:
    """'ICLR 2022' -> ('ICLR', 2022); a venue without a year keeps its name."""
    match = _VENUE_YEAR.search(venue)
    if match and match.start() > 0:
        return venue[: match.start()].strip(" ,"), int(match.group(1))
    return venue.strip(), None


def venues(papers: Iterable[Paper]) -> list[Venue]:
    """Every venue, by name (ignoring case), with its papers by year, newest first; the busiest venues first."""
    found: dict[str, tuple[str, dict[int | None, list[Paper]]]] = {}
    for paper in papers:
        if not paper.venue:
            continue
        name, year = venue_name(paper.venue)
        year = year or (paper.published.year if paper.published else None)
        key = name.casefold()
        found.setdefault(key, (name, defaultdict(list)))[1][year].append(paper)
    result = [
        Venue(name, [(y, sorted(ps, key=lambda p: p.title.casefold())) for y, ps in sorted(years.items(), key=lambda i: -(i[0] or 0))])
        for name, years in found.values()
    ]
    return sorted(result, key=lambda v: (-v.count, v.name.casefold()))
