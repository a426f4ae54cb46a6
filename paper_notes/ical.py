"""A reading group's sessions as an iCalendar feed (``sessions.ics``, made with icalendar), for members to subscribe to.

One event per session, past and upcoming: a day without a time is an all-day event; a time with an IANA zone
keeps the zone (its VTIMEZONE is included), a UTC offset is written in UTC, and a time without a zone is floating
(the same clock time everywhere). Nothing in it depends on when it is built, so a rebuild writes the same bytes.
"""
from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

import icalendar

from .group import Slot
from .indexes import Indexes
from .latex import plain
from .pages import KINDS, page_url

DEFAULT_MINUTES = 60  # a session with a time and no duration


UTC_NAMES = ("UTC", "Etc/UTC")  # zones icalendar writes as Z, with no VTIMEZONE


def _zone(slot: Slot) -> str | None:
    """The IANA zone a session's start is written in (None: a day, a floating time, or UTC)."""
    zone = slot.date.zone
    if slot.date.time is None or zone is None or zone == "Z" or zone[0] in "+-" or zone in UTC_NAMES:
        return None
    return zone


def _start(slot: Slot) -> dt.date | dt.datetime:
    when = slot.date
    start = when.start
    if start is None:
        return when.day
    if when.zone is not None and (when.zone == "Z" or when.zone[0] in "+-"):
        return start.astimezone(dt.timezone.utc)  # a bare offset has no zone a calendar knows: say it in UTC
    return start


def _event(slot: Slot, site_name: str, base: str, domain: str) -> icalendar.Event:
    session = slot.meeting.session
    event = icalendar.Event()
    event.add("uid", f"session-{slot.id}@{domain}")
    # when the entry was last revised is not known; a fixed stamp keeps the file the same from build to build
    event.add("dtstamp", dt.datetime.combine(slot.date.day, dt.time(), dt.timezone.utc))
    start = _start(slot)
    event.add("dtstart", start)
    if isinstance(start, dt.datetime):
        event.add("duration", dt.timedelta(minutes=session.duration or DEFAULT_MINUTES))
    else:
        event.add("dtend", start + dt.timedelta(days=1))
    event.add("summary", f"{site_name}: {slot.name}")
    lines = []
    if slot.presenter is not None:
        lines.append(f"Presented by {slot.presenter.name}.")
    for paper in slot.papers:
        address = f" ({base}{page_url(KINDS['paper'].src(paper.id))})" if base else ""
        lines.append(f"- {plain(paper.title)}{address}")
    for name, href in session.links.items():
        lines.append(f"{name.replace('-', ' ').capitalize()}: {href}")
    if lines:
        event.add("description", "\n".join(lines))
    if session.location:
        event.add("location", session.location)
    if base:
        event.add("url", base + page_url(KINDS["session"].src(slot.id)))
    return event


def sessions_calendar(indexes: Indexes, site_name: str, site_url: str | None) -> str:
    """Every session of the library as an iCalendar file's text."""
    base = (site_url or "").rstrip("/") + "/" if site_url else ""
    name = site_name or "Paper Notes"
    domain = urlsplit(base).netloc or (re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "paper-notes") + ".invalid"
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Paper Notes//Reading group sessions//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"{name}: sessions")
    slots = sorted([*indexes.group.upcoming, *indexes.group.past], key=lambda s: (s.date.sort_key, s.id))
    if slots:
        # the zones the events name, each once and in a fixed order (icalendar's own add_missing_timezones goes
        # through a set, whose order changes from one process to the next), over the years the sessions span
        years = [s.date.day.year for s in slots]
        first, last = dt.date(min(years) - 1, 1, 1), dt.date(max(years) + 2, 1, 1)
        for zone in sorted({z for z in map(_zone, slots) if z is not None}):
            calendar.add_component(icalendar.Timezone.from_tzid(zone, first_date=first, last_date=last))
    for slot in slots:
        calendar.add_component(_event(slot, name, base, domain))
    return calendar.to_ical().decode("utf-8")
