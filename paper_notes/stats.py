"""Reading insight, computed from the reading log: the numbers the Stats page draws.

A calendar of reading days, papers read per month and per topic, the publication years
of what was read, how long after publication papers get read, and reading streaks. The
templates draw them as SVG; every number here is also given as a table.
"""
from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .model import Paper, Topic
from .wording import counted

if TYPE_CHECKING:
    from .indexes import Indexes, Reading


@dataclass(frozen=True)
class Cell:
    """One day of the calendar: its place (week column, weekday row), and what was read."""

    day: dt.date
    column: int
    row: int  # 0 is Monday
    papers: tuple[Paper, ...]

    @property
    def count(self) -> int:
        return len(self.papers)


@dataclass
class Calendar:
    """A year of reading days, one cell per day, weeks as columns, like a contribution graph."""

    year: int
    cells: list[Cell]
    weeks: int
    months: list[tuple[int, int]]  # (column where the month starts, month)

    @property
    def days_read(self) -> int:
        return sum(1 for c in self.cells if c.papers)

    @property
    def readings(self) -> int:
        return sum(c.count for c in self.cells)


@dataclass(frozen=True)
class Bar:
    """A labelled count."""

    label: str
    count: int
    key: str = ""  # a topic id, a month 'YYYY-MM'...


@dataclass(frozen=True)
class Lag:
    """How long after publication papers of a topic were first read: the median, in days."""

    label: str
    median_days: int
    papers: int
    key: str = ""

    @property
    def human(self) -> str:
        """'about 1 year 3 months', '12 days'."""
        return human_days(self.median_days)


@dataclass(frozen=True)
class Streak:
    """Consecutive days with a reading."""

    days: int
    start: dt.date | None = None
    end: dt.date | None = None


@dataclass
class Stats:
    """Everything the Stats page shows."""

    today: dt.date
    readings: int
    papers_read: int
    days_read: int
    calendars: list[Calendar]
    per_month: list[Bar]
    per_topic: list[Bar]
    publication_years: list[Bar]
    lag: Lag | None
    lag_per_topic: list[Lag]
    longest: Streak
    current: Streak
    first: dt.date | None = None
    last: dt.date | None = None
    busiest: list[Cell] = field(default_factory=list)


def human_days(days: int) -> str:
    """A span of days as people say it."""
    if days < 60:
        return counted(days, "day")
    months = round(days / 30.44)
    years, months = divmod(months, 12)
    parts = []
    if years:
        parts.append(counted(years, "year"))
    if months:
        parts.append(counted(months, "month"))
    return "about " + " ".join(parts)


def calendar(year: int, by_day: dict[dt.date, list[Paper]]) -> Calendar:
    """The cells of one year: columns are weeks starting on Monday, rows the days of the week."""
    first = dt.date(year, 1, 1)
    offset = first.weekday()
    cells = []
    months = []
    day = first
    while day.year == year:
        index = (day - first).days + offset
        column, row = divmod(index, 7)
        if day.day == 1:
            months.append((column, day.month))
        cells.append(Cell(day, column, row, tuple(by_day.get(day, ()))))
        day += dt.timedelta(days=1)
    return Calendar(year, cells, cells[-1].column + 1, months)


def streaks(days: list[dt.date], today: dt.date) -> tuple[Streak, Streak]:
    """The longest run of consecutive reading days, and the one running now (reading today or yesterday)."""
    longest = Streak(0)
    run_start: dt.date | None = None
    previous: dt.date | None = None
    current = Streak(0)
    for day in sorted(set(days)):
        if previous is not None and (day - previous).days == 1:
            pass
        else:
            run_start = day
        assert run_start is not None
        length = (day - run_start).days + 1
        if length > longest.days:
            longest = Streak(length, run_start, day)
        previous = day
        current = Streak(length, run_start, day)
    if previous is None or (today - previous).days > 1:
        current = Streak(0, None, previous)
    return longest, current


def _median_lag(pairs: list[tuple[dt.date, dt.date]]) -> int | None:
    lags = [(read - published).days for published, read in pairs if read >= published]
    return int(statistics.median(lags)) if lags else None


def compute(indexes: Indexes, today: dt.date, readings: list[Reading] | None = None) -> Stats:
    """The Stats page's numbers, from the library's readings (or from ``readings``: one reader's)."""
    readings = indexes.readings if readings is None else readings
    by_day: dict[dt.date, list[Paper]] = defaultdict(list)
    first: dict[str, dt.date] = {}  # the first reading of each paper read
    for reading in sorted(readings, key=lambda r: (r.date, r.paper.title.casefold())):
        by_day[reading.date].append(reading.paper)
        first.setdefault(reading.paper.id, reading.date)
    read = [p for p in indexes.library.papers if p.id in first]
    days = sorted(by_day)
    calendars = [calendar(year, by_day) for year in sorted({d.year for d in days}, reverse=True)]

    per_month: list[Bar] = []
    if days:
        month = dt.date(days[0].year, days[0].month, 1)
        counts = Counter(f"{d.year:04d}-{d.month:02d}" for d in days for _ in by_day[d])
        while month <= days[-1]:
            key = f"{month.year:04d}-{month.month:02d}"
            per_month.append(Bar(key, counts.get(key, 0), key))
            month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)

    def papers_read(topic: Topic) -> list[Paper]:
        return [p for p in indexes.topic_nodes[topic.id].all_papers if p.id in first]

    roots = [node.topic for node in indexes.topic_roots]
    per_topic = sorted(
        (Bar(t.name, len(papers_read(t)), t.id) for t in indexes.library.topics if papers_read(t)),
        key=lambda b: (-b.count, b.label.casefold()),
    )
    years = Counter(p.published.year for p in read if p.published)
    publication_years = [Bar(str(y), years.get(y, 0), str(y)) for y in range(min(years), max(years) + 1)] if years else []

    def lag_of(papers: list[Paper], label: str, key: str = "") -> Lag | None:
        pairs = [(p.published.first_day, first[p.id]) for p in papers if p.published and p.id in first]
        median = _median_lag(pairs)
        return Lag(label, median, len(pairs), key) if median is not None else None

    lag = lag_of(read, "All papers")
    lag_per_topic = [x for x in (lag_of(papers_read(t), t.name, t.id) for t in roots) if x is not None]
    longest, current = streaks(days, today)
    busiest = sorted((c for cal in calendars for c in cal.cells if c.papers), key=lambda c: (-c.count, c.day))[:3]
    return Stats(
        today=today,
        readings=sum(len(v) for v in by_day.values()),
        papers_read=len(read),
        days_read=len(days),
        calendars=calendars,
        per_month=per_month,
        per_topic=per_topic,
        publication_years=publication_years,
        lag=lag,
        lag_per_topic=lag_per_topic,
        longest=longest,
        current=current,
        first=days[0] if days else None,
        last=days[-1] if days else None,
        busiest=busiest,
    )
