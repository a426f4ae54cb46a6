"""The reading log as an Atom feed (with feedgen), so a feed reader follows what gets read.

One entry per reading and per journal entry, newest first. Links are absolute when the
site knows its address (``site_url``), and relative to the feed otherwise, which feed
readers resolve against the feed's own address.
"""
from __future__ import annotations

import datetime as dt

from feedgen.feed import FeedGenerator

from .indexes import Indexes
from .latex import plain
from .pages import KINDS, page_url

FEED = "feed.xml"
ENTRIES = 50


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)


def atom_feed(indexes: Indexes, site_name: str, site_url: str | None) -> str:
    """The latest readings and journal entries as Atom XML."""
    base = (site_url or "").rstrip("/") + "/" if site_url else ""

    def address(src: str) -> str:
        return base + page_url(src).removeprefix("./")

    feed = FeedGenerator()
    feed.id(address("log.md") if base else "urn:paper-notes:reading-log")
    feed.title(f"{site_name or 'Paper Notes'}: reading log")
    feed.link(href=address("log.md"), rel="alternate")
    if base:
        feed.link(href=base + FEED, rel="self")
    feed.language("en")
    items: list[tuple[dt.date, str, str, str, str]] = []  # day, id, title, link, summary
    for reading in indexes.readings:
        paper = reading.paper
        link = address(KINDS["paper"].src(paper.id))
        again = f" (again, reading {reading.nth})" if reading.nth > 1 else ""
        title = f"Read: {plain(paper.title)}{again}"
        items.append((reading.date, f"{link}#read-{reading.date.isoformat()}", title, link, plain(paper.summary or "")))
    for entry in indexes.library.journal:
        link = address(KINDS["journal"].src(entry.id))
        items.append((entry.date, link, f"Journal: {entry.title}", link, ""))
    items.sort(key=lambda item: (item[0], item[1]), reverse=True)
    updated = _at(items[0][0]) if items else dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
    feed.updated(updated)
    for day, ident, title, link, summary in reversed(items[:ENTRIES]):
        entry = feed.add_entry()
        entry.id(ident if base else f"urn:paper-notes:{ident}")
        entry.title(title)
        entry.link(href=link)
        entry.published(_at(day))
        entry.updated(_at(day))
        if summary:
            entry.summary(summary)
    return feed.atom_str(pretty=True).decode("utf-8")
