"""A page's table of contents, from the headings its templates and Markdown render.

Templates register each heading they write (through the ``heading`` macro) and every
Markdown field adds the headings it contains, in the order they appear; the two levels
a sidebar shows are nested here. Titles are HTML-escaped text.
"""
from __future__ import annotations

from dataclasses import dataclass, field

LEVELS = (2, 3)  # under the page title (h1); deeper headings would crowd the sidebar


@dataclass(frozen=True)
class Heading:
    """A heading as rendered: its level, its id and its title (escaped text, no tags)."""

    level: int
    id: str
    title: str


@dataclass
class TocEntry:
    """A heading in the table of contents, with the ones below it."""

    level: int
    id: str
    title: str
    children: list[TocEntry] = field(default_factory=list)


def nest(headings: list[Heading]) -> list[TocEntry]:
    """h2 headings at the top, each h3 under the h2 before it (or at the top if none came before).

    A page's title (its h1, when it comes first) holds them all: Material's "Skip to content" link
    goes to the first entry, which must be the start of the content, and its sidebar shows what
    is under the title.
    """
    title: TocEntry | None = None
    top: list[TocEntry] = []
    for heading in headings:
        if heading.level == 1 and title is None and not top:
            title = TocEntry(1, heading.id, heading.title)
            continue
        if heading.level not in LEVELS:
            continue
        entry = TocEntry(heading.level, heading.id, heading.title)
        if heading.level == 3 and top:
            top[-1].children.append(entry)
        else:
            top.append(entry)
    if title is not None:
        title.children = top
        return [title]
    return top
