"""One build of the site, without the site generator: the data loaded once, checked, indexed and ready to render.

A Build is made from plain options (paths, the repository, the Markdown extensions)
when a build starts and closed when it ends. It raises its own errors; whatever runs
it (the MkDocs adapter, ``python -m macros pages``) decides how to report them.
"""
from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from .export import export
from .feed import FEED, atom_feed, reader_feed
from .ical import sessions_calendar
from .indexes import Indexes
from .latex import plain
from .library import Library, load_library
from .markdown import DataMarkdown
from .memo import Memo
from .pages import KINDS, LISTINGS, SESSIONS_CALENDAR, Rendered, Renderer, Urls, environment, reader_feed_src
from .problems import DataError, Problem
from .search import Dictionary, SearchSetupError, grow_terms, prepare_search
from .yamlsource import ParsedFiles

DEFAULT_DATA = "data/papers.yaml"
DEFAULT_BRANCH = "main"
# files for reference managers, made from the whole library
DOWNLOADS = {"downloads/papers.bib": "bibtex", "downloads/papers.json": "csl-json"}


class BuildError(Exception):
    """The site cannot be built; the message says why and what to do."""


class DataProblems(BuildError):
    """The data has errors; carries every problem. Raised before anything is rendered."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(f"The data has problems; nothing was built.\n{DataError(problems)}")


@dataclass
class Carried:
    """What a build hands to the next one in the same process (`mkdocs serve`): the files it parsed, unchanged
    files' parse is reused; and the BibTeX entries it made, by the paper's content."""

    parsed: ParsedFiles = field(default_factory=ParsedFiles)
    bibtex: dict[bytes, str] = field(default_factory=dict)
    folds: dict[str, str] = field(default_factory=dict)  # names as compared (latex.fold), by the name
    parts: dict[str, list[str]] = field(default_factory=dict)  # the words jieba's own dictionary sees in a word
    memo: Memo = field(default_factory=Memo)  # records validated and what was worked out from them (paper_notes/memo.py)


@dataclass(frozen=True)
class Options:
    """What a build needs to know, as plain values."""

    root: Path  # the project folder: the data path and edit links are relative to it
    docs_dir: Path
    site_name: str = "Paper Notes"
    site_url: str | None = None  # where the site is published, for absolute links (the feed, link previews)
    data: str = DEFAULT_DATA
    repo_url: str = ""
    branch: str = DEFAULT_BRANCH
    markdown_extensions: Sequence[Any] = ()
    markdown_configs: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    search: bool = False  # whether the site has Material's search, which must find Chinese words
    search_separator: str | None = None
    today: dt.date | None = None
    carried: Carried | None = None  # what earlier builds in this process made and this one may reuse
    listings: bool = False  # also the listing pages (papers/index.md, log.md...), for a site that lacks them
    language: str = "en"  # the site's (the theme's ``language``): text in another is marked with its own lang
    grow_later: bool = False  # the search terms grown from the notes are left to grow_search_terms() or adopt_grown()

    @property
    def data_path(self) -> Path:
        """The data file, absolute."""
        return (self.root / self.data).resolve()


@dataclass(frozen=True)
class GeneratedPage:
    """A page made from a record: where it goes, its title, search tags and edit link."""

    kind: str
    ident: str
    src: str
    title: str
    tags: list[str]
    edit_url: str | None
    description: str | None = None  # for link previews and search engines
    byline: tuple[str, ...] = ()  # for search, before the page's text has loaded: a paper's first author


class Build:
    """The data of one build, loaded and checked once; renders every page made from it."""

    def __init__(self, options: Options, loaded: Callable[[Library], None] | None = None) -> None:
        """Load and check the data; ``loaded`` is called with the library as soon as it is valid (before jieba's
        dictionary is loaded), for work that may start on it elsewhere (see plugin/ahead.py: Grower)."""
        self.options = options
        carried = options.carried
        memo = carried.memo if carried is not None else None
        if memo is not None:
            memo.next_build()
        try:
            self.library: Library = load_library(
                options.data_path, docs_dir=options.docs_dir, today=options.today,
                parsed=carried.parsed if carried else None, memo=memo,
            )  # fmt: skip
        except DataError as exc:
            raise DataProblems(exc.problems) from None
        self.warnings: list[Problem] = list(self.library.warnings)
        if loaded is not None:
            loaded(self.library)
        self.search_terms: list[str] = []  # the words jieba was taught, which shape every page's search entries
        self.dictionary: Dictionary | None = None  # jieba's, taught those words until the build closes
        self._renderer: Renderer | None = None
        self._closed = False
        if options.search:
            try:
                self.search_terms, self.dictionary = prepare_search(
                    self.library, options.search_separator, carried.parts if carried else None, memo, grow=not options.grow_later
                )
            except SearchSetupError as exc:
                raise BuildError(str(exc)) from None
        try:
            self.indexes = Indexes(
                self.library, today=options.today, entries=carried.bibtex if carried else None,
                folds=carried.folds if carried else None, memo=memo,
            )  # fmt: skip
            self.markdown = DataMarkdown(options.markdown_extensions, options.markdown_configs)
        except BaseException:
            self.close()
            raise

    def grow_search_terms(self) -> list[str]:
        """With ``grow_later``: the terms the notes keep using (search.grown_terms), taught to jieba; returns them."""
        if self.dictionary is None:
            return []
        grown = grow_terms(self.library, self.dictionary, self.search_terms)
        self.adopt_grown(grown)
        return grown

    def adopt_grown(self, grown: list[str]) -> None:
        """With ``grow_later``: teach jieba the terms grow_search_terms() returned in another process."""
        if self.dictionary is not None:
            self.dictionary.teach(grown)
            self.search_terms = self.search_terms + grown

    def edit_url(self, paper_id: str) -> str | None:
        """The paper's own file in the forge's editor, or its lines in the data file (None without a repository)."""
        return self.library.locations[paper_id].forge_url(self.options.repo_url, self.options.branch, self.options.root)

    def generated(self, only: set[tuple[str, str]] | None = None) -> Iterator[GeneratedPage]:
        """Every page made from a record, kind by kind (``only``: the pages of these (kind, id), no listing)."""
        for name, kind in KINDS.items():
            for record in kind.records(self.indexes):
                ident = kind.ident(record)
                if only is not None and (name, ident) not in only:
                    continue
                edit = self.edit_url(ident) if name == "paper" else None
                # the title of the tab and of search results cannot typeset math: give it as Unicode
                summary = getattr(record, "summary", None)
                yield GeneratedPage(
                    name, ident, kind.src(ident), plain(kind.title(record)), kind.tags(record), edit,
                    plain(summary) if summary else None, tuple(kind.byline(record)),
                )
        if self.options.listings and only is None:
            for listing in LISTINGS.values():
                if listing.group and not self.library.group:
                    continue  # a reading group's (Readers, Sessions): a library without readers or sessions has none
                if (self.options.docs_dir / listing.src).exists():
                    continue  # the site writes that page itself
                yield GeneratedPage("listing", listing.src, listing.src, listing.title, [], None, listing.intro or None)

    def downloads(self) -> dict[str, str]:
        """The files beside the pages (source path -> text): the library as BibTeX and CSL-JSON, the Atom feed; in a
        reading group's library also each reader's feed and the sessions' calendar."""
        return {src: make() for src, make in self.download_makers().items()}

    def download_makers(self) -> dict[str, Callable[[], str]]:
        """The same files, each with what makes its text when it is wanted."""
        indexes, options = self.indexes, self.options
        papers = self.library.papers

        def exported(fmt: str) -> Callable[[], str]:
            return lambda: export(papers, fmt, bibtex_entry=indexes.bibtex)

        makers = {src: exported(fmt) for src, fmt in DOWNLOADS.items()}
        makers[FEED] = lambda: atom_feed(indexes, options.site_name, options.site_url)
        if self.library.group:  # a reading group's: each reader's reading, and the sessions to subscribe to
            for reader in self.library.readers:
                makers[reader_feed_src(reader.id)] = functools.partial(reader_feed, indexes, reader, options.site_name, options.site_url)
            makers[SESSIONS_CALENDAR] = lambda: sessions_calendar(indexes, options.site_name, options.site_url)
        return makers

    def head(self, src: str, urls: Urls) -> str:
        """What goes into the <head> of a page: the feed link; on a paper's page, its citation tags."""
        return self.renderer.head(src, urls, self.options.site_name, self.options.site_url)

    def use_templates(self, env: jinja2.Environment | None) -> None:
        """Render with templates from ``env`` (the theme's, so a site can override ours), or from ours alone."""
        self._renderer = Renderer(self.indexes, self.markdown, environment(env), self.options.language)

    @property
    def renderer(self) -> Renderer:
        """The renderer, with our own templates unless ``use_templates`` gave others."""
        if self._closed:
            raise BuildError("this build is over; start a new one")
        if self._renderer is None:
            self.use_templates(None)
        assert self._renderer is not None
        return self._renderer

    def render(self, page: GeneratedPage, urls: Urls) -> Rendered:
        """A generated page's body and table of contents."""
        if page.kind == "listing":
            return self.renderer.listing(page.src, urls)
        return self.renderer.page(page.kind, page.ident, urls)

    def page_key(self, page: GeneratedPage) -> str | None:
        """A fingerprint of everything a generated page is made from, its title and edit link included
        (None: always make it afresh, as a listing of the whole library is)."""
        if page.kind == "listing":
            return None
        return self.renderer.page_key(page.kind, page.ident, page)

    def site_key(self) -> str:
        """A fingerprint of the whole library, for pages whose templates read it all (``site``)."""
        return self.renderer.site_key()

    def macro(self, name: str, urls: Urls) -> Rendered:
        """What ``{{ name() }}`` shows on a hand-written page."""
        return self.renderer.macro(name, urls)

    def close(self) -> None:
        """The build is over: drop what it holds, and give jieba back the dictionary it had (closing twice is fine)."""
        self._closed = True
        self._renderer = None
        if self.dictionary is not None:
            self.dictionary.close()
