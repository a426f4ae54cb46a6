"""The people behind the papers: every author once, however their name is written.

Names are compared folded (case, accents and punctuation ignored), so 'Jiří Navrátil' and
'Jiri Navratil' are one person; the ``authors:`` list of the data file merges the rest
('K. He' is Kaiming He) and says how to show the name. People with one paper here have no
page of their own: their line in the Authors index names the paper.
"""
from __future__ import annotations

import functools
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .latex import fold
from .library import Library
from .model import Paper, date_key, suggest_slug


@dataclass
class Person:
    """An author, with their papers (newest first) and the people they wrote with."""

    id: str
    name: str
    papers: list[Paper] = field(default_factory=list)
    url: str | None = None
    spellings: list[str] = field(default_factory=list)
    listed: bool = False  # named in the data file's ``authors:`` list
    linked: list[tuple[Person, int]] | None = field(default=None, repr=False)  # co-authors, once worked out
    people: People | None = field(default=None, repr=False, compare=False)  # who works them out, on first use

    @property
    def coauthors(self) -> list[tuple[Person, int]]:
        """The people they wrote with, most papers together first (worked out for everyone at the first ask:
        a save under `mkdocs serve` that shows one paper first need not)."""
        if self.linked is None:
            if self.people is None:
                return []
            self.people.link_coauthors()
        return self.linked or []

    def fingerprint_parts(self) -> tuple[object, ...]:
        """What a page shows of a person: their papers, and of each co-author only the name and where it links."""
        return (self.id, self.name, self.papers, self.url, self.spellings, self.listed,
                [(c.id, c.name, c.has_page, n) for c, n in self.coauthors])  # fmt: skip

    @property
    def has_page(self) -> bool:
        """A page of their own for people with several papers here, or an ``authors:`` entry; the
        others (most names in a library) are a line of the Authors index that names their paper,
        which keeps a library of thousands of papers from building thousands of one-line pages."""
        return self.listed or len(self.papers) > 1

    @functools.cached_property
    def sort_key(self) -> tuple[str, str]:
        """Family name first: the last word of the name (worked out once: every co-author list sorts by it)."""
        words = self.name.split()
        return (fold(words[-1]) if words else "", fold(self.name))

    @property
    def initial(self) -> str:
        """The letter the index files them under."""
        key = self.sort_key[0]
        return key[:1].upper() if key[:1].isascii() and key[:1].isalpha() else "#"


class People:
    """Every author of the library, by id and by each way their name is written."""

    def __init__(self, library: Library, folds: dict[str, str] | None = None) -> None:
        # a name is folded once however many papers it is on (and, given an earlier build's, once per session)
        folded: dict[str, str] = folds if folds is not None else {}

        def fold_once(name: str) -> str:
            key = folded.get(name)
            if key is None:
                key = folded[name] = fold(name)
            return key

        canonical: dict[str, tuple[str, str | None]] = {}  # folded spelling -> (name to show, url)
        for author in library.authors:
            for spelling in (author.name, *author.aliases):
                canonical[fold_once(spelling) or spelling] = (author.name, author.url)
        listed = {fold_once(author.name) or author.name for author in library.authors}
        groups: dict[str, list[tuple[str, Paper]]] = defaultdict(list)
        for paper in library.papers:
            for name in dict.fromkeys(paper.authors):
                key = fold_once(name) or name
                if key in canonical:
                    key = fold_once(canonical[key][0]) or canonical[key][0]
                groups[key].append((name, paper))
        self._by_spelling: dict[str, Person] = {}
        people: list[Person] = []
        taken: set[str] = set()
        numbered: dict[str, int] = {}  # the last number given after each slug
        for key, written in groups.items():
            spellings = Counter(name for name, _ in written)
            name, url = canonical.get(key, (spellings.most_common(1)[0][0], None))
            ident = slug = suggest_slug(name) or "author"
            if ident in taken:  # the first free slug-2, slug-3...: numbers below the last one given are all taken
                n = numbered.get(slug, 1)
                while ident in taken:
                    n += 1
                    ident = f"{slug}-{n}"
                numbered[slug] = n
            taken.add(ident)
            papers = list({p.id: p for _, p in written}.values())
            papers.sort(key=lambda p: p.title.casefold())
            papers.sort(key=lambda p: date_key(p.published), reverse=True)
            person = Person(ident, name, papers, url=url, spellings=sorted(spellings), listed=key in listed, people=self)
            words = name.split()
            person.__dict__["sort_key"] = (fold_once(words[-1]) if words else "", fold_once(name))  # as sort_key has it
            people.append(person)
            for spelling in spellings:
                self._by_spelling[spelling] = person
        self.people = sorted(people, key=lambda p: p.sort_key)
        self.by_id = {p.id: p for p in self.people}
        self._library = library
        self._linked = False

    def link_coauthors(self) -> None:
        """Every person's co-authors (once)."""
        if self._linked:
            return
        self._linked = True
        together: dict[str, Counter[str]] = defaultdict(Counter)
        for paper in self._library.papers:
            ids = list(dict.fromkeys(self._by_spelling[name].id for name in paper.authors))
            for one in ids:
                for other in ids:
                    if one != other:
                        together[one][other] += 1
        for person in self.people:
            pairs = together[person.id].most_common()
            pairs.sort(key=lambda pair: (-pair[1], self.by_id[pair[0]].sort_key))
            person.linked = [(self.by_id[other], count) for other, count in pairs]

    def of(self, name: str) -> Person:
        """The person an author list names."""
        return self._by_spelling[name]
