"""Views derived from the library once per build: topic tree, reading log, backlinks..."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable

from .library import Journal, Library
from .model import Collection, Paper, PartialDate, Topic

NO_DATE = PartialDate(0)


def newest_first(papers: Iterable[Paper]) -> list[Paper]:
    """Papers by publication date, newest first; undated ones last, then by title."""
    by_title = sorted(papers, key=lambda p: p.title.casefold())
    return sorted(by_title, key=lambda p: p.published or NO_DATE, reverse=True)


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
    """One reading of a paper on one day (a paper read twice has two)."""

    paper: Paper
    date: dt.date
    nth: int
    total: int


@dataclass
class LogDay:
    date: dt.date
    journal: list[Journal] = field(default_factory=list)
    readings: list[Reading] = field(default_factory=list)


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

    def __init__(self, library: Library) -> None:
        self.library = library
        self.papers: dict[str, Paper] = {p.id: p for p in library.papers}
        self.topics: dict[str, Topic] = {t.id: t for t in library.topics}
        self.collections: dict[str, Collection] = {c.id: c for c in library.collections}
        self.journal: dict[str, Journal] = {j.id: j for j in library.journal}
        self._build_topics()
        self._build_relations()
        self._build_log()

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
        days: dict[dt.date, LogDay] = {}
        for entry in self.library.journal:
            days.setdefault(entry.date, LogDay(entry.date)).journal.append(entry)
        for reading in readings:
            days.setdefault(reading.date, LogDay(reading.date)).readings.append(reading)

        self.log: list[LogYear] = []
        for day in sorted(days.values(), key=lambda d: d.date, reverse=True):
            if not self.log or self.log[-1].year != day.date.year:
                self.log.append(LogYear(day.date.year))
            months = self.log[-1].months
            if not months or months[-1].month != day.date.month:
                months.append(LogMonth(day.date.year, day.date.month))
            months[-1].days.append(day)

        self.readings = sorted(readings, key=lambda r: r.date, reverse=True)
        order = sorted(
            (p for p in self.library.papers if p.read), key=lambda p: min(p.read)
        )  # stable: same-day reads keep file order
        self.reading_order = order
        self._position = {p.id: i for i, p in enumerate(order)}

    def neighbours(self, paper_id: str) -> tuple[Paper | None, Paper | None]:
        """The papers read just before and just after this one (by first reading)."""
        index = self._position.get(paper_id)
        if index is None:
            return None, None
        before = self.reading_order[index - 1] if index > 0 else None
        after = self.reading_order[index + 1] if index + 1 < len(self.reading_order) else None
        return before, after

    def to_read(self) -> list[tuple[Topic | None, list[Paper]]]:
        """Papers waiting to be read, grouped by their first topic in topic-tree order."""
        groups: dict[str | None, list[Paper]] = defaultdict(list)
        for paper in self.library.papers:
            if paper.status == "to-read":
                groups[paper.topics[0] if paper.topics else None].append(paper)
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
