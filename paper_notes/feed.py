"""The reading log as an Atom feed (with feedgen), so a feed reader follows what gets read.

One entry per reading and per journal entry, newest first (in a reading group's library, the readers'
readings and the sessions held too; and each reader has a feed of their own reading). Links are
absolute when the site knows its address (``site_url``), and relative to the feed otherwise, which
feed readers resolve against the feed's own address.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from feedgen.feed import FeedGenerator

from .indexes import Indexes, Reading
from .latex import plain
from .model import Reader
from .pages import KINDS, page_url, reader_feed_src, relative_url

FEED = "feed.xml"
ENTRIES = 50

Item = tuple[dt.date, str, str, str, str]  # day, id, title, link, summary


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)


def _addresses(site_url: str | None, feed: str = FEED) -> tuple[str, Callable[[str], str]]:
    """The site's base address ('' when unknown) and the address of a source file from it (without it: from
    ``feed``, the feed's own place on the site, which feed readers resolve relative links against)."""
    base = (site_url or "").rstrip("/") + "/" if site_url else ""
    if base or "/" not in feed:
        return base, lambda src: base + page_url(src).removeprefix("./")
    return base, lambda src: relative_url(page_url(src), feed)


def _reading(indexes: Indexes, reading: Reading, address: Callable[[str], str], by: bool) -> Item:
    """A reading as an entry (``by``: the title names the reader, as in the group's feed)."""
    paper = reading.paper
    link = address(KINDS["paper"].src(paper.id))
    again = f" (again, reading {reading.nth})" if reading.nth > 1 else ""
    summary = paper.summary or ""
    ident = f"{link}#read-{reading.date.isoformat()}"
    title = f"Read: {plain(paper.title)}{again}"
    if reading.reader is not None:
        ident += f"-{reading.reader.id}"
        if by:
            title = f"{reading.reader.name} read: {plain(paper.title)}{again}"
        take = next((t for t in indexes.group.takes.get(paper.id, []) if t.reader.id == reading.reader.id), None)
        if take is not None and take.notes.summary:
            summary = take.notes.summary
    return reading.date, ident, title, link, plain(summary)


def _atom(feed_id: str, title: str, alternate: str, self_href: str | None, items: list[Item], base: str) -> str:
    feed = FeedGenerator()
    feed.id(feed_id)
    feed.title(title)
    feed.link(href=alternate, rel="alternate")
    if self_href:
        feed.link(href=self_href, rel="self")
    feed.language("en")
    items.sort(key=lambda item: (item[0], item[1]), reverse=True)
    updated = _at(items[0][0]) if items else dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
    feed.updated(updated)
    for day, ident, entry_title, link, summary in reversed(items[:ENTRIES]):
        entry = feed.add_entry()
        entry.id(ident if base else f"urn:paper-notes:{ident}")
        entry.title(entry_title)
        entry.link(href=link)
        entry.published(_at(day))
        entry.updated(_at(day))
        if summary:
            entry.summary(summary)
    return feed.atom_str(pretty=True).decode("utf-8")


def atom_feed(indexes: Indexes, site_name: str, site_url: str | None) -> str:
    """The latest readings and journal entries (and sessions held) as Atom XML."""
    base, address = _addresses(site_url)
    items: list[Item] = [_reading(indexes, reading, address, by=True) for reading in indexes.readings]
    for entry in indexes.library.journal:
        link = address(KINDS["journal"].src(entry.id))
        items.append((entry.date, link, f"Journal: {entry.title}", link, ""))
    for slot in indexes.group.past:
        link = address(KINDS["session"].src(slot.id))
        who = f", presented by {slot.presenter.name}" if slot.presenter else ""
        items.append((slot.date.day, link, f"Session: {slot.name}{who}", link, ""))
    feed_id = address("log.md") if base else "urn:paper-notes:reading-log"
    return _atom(feed_id, f"{site_name or 'Paper Notes'}: reading log", address("log.md"), base + FEED if base else None, items, base)


def reader_feed(indexes: Indexes, reader: Reader, site_name: str, site_url: str | None) -> str:
    """One reader's readings as Atom XML, newest first."""
    base, address = _addresses(site_url, reader_feed_src(reader.id))
    items = [_reading(indexes, r, address, by=False) for r in indexes.group.readings_of(reader.id)]
    page = address(KINDS["reader"].src(reader.id))
    feed_id = page if base else f"urn:paper-notes:reader:{reader.id}"
    title = f"{site_name or 'Paper Notes'}: {reader.name}'s reading"
    return _atom(feed_id, title, page, base + reader_feed_src(reader.id) if base else None, items, base)
