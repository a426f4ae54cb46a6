"""Pages made from the data: the registry of page kinds, and the renderer that turns a record into HTML.

One registry says, for each kind of generated page, which folder it lives in, which
template draws it, which records get one, and what its title and search tags are. The
same registry names the Markdown link schemes (``paper:<id>`` goes to a paper's page).
A page is rendered once, from its record, by its template; the headings the template
and the record's Markdown write become the page's table of contents.

Nothing here knows MkDocs: the caller passes a Jinja environment to load templates from
(the theme's, so a site can override them) and the URLs of other pages.
"""
from __future__ import annotations

import calendar
import datetime as dt
import html
import itertools
import traceback
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

import jinja2
from markupsafe import Markup
from pydantic import BaseModel

from . import bibtex, model
from .fingerprint import Unfingerprintable
from .indexes import Indexes
from .language import lang_attribute
from .latex import math_html, plain
from .markdown import DOCS, DataMarkdown
from .model import LINKABLE
from .problems import Problem
from .stats import compute as compute_stats
from .toc import Heading, TocEntry, nest
from .wording import plural

TEMPLATES = Path(__file__).parent / "templates"  # searched after the site's own overrides
THEME_FIXES = Path(__file__).parent / "theme"  # partials fixing the theme's accessibility, searched before Material's
NAMESPACE = "paper_notes"  # templates are paper_notes/<name>.html, beside the theme's own
LATEST_READS = 10
MONTH_NAMES = list(calendar.month_name)


class Urls(Protocol):
    """Addresses as seen from the page being rendered (relative, so the site can live anywhere)."""

    def doc(self, src: str) -> str:
        """A file of the site by its source path: 'log.md', 'papers/lora.md', 'downloads/papers.bib'."""

    def asset(self, src: str) -> str:
        """An image: a web address as it is, or a path inside the docs folder."""


@dataclass(frozen=True)
class PageKind:
    """A kind of generated page: one per record of a kind, at <folder>/<id>/.

    Its template is given its context (and the site's addresses): a page is kept between
    rebuilds while the fingerprint of its context is unchanged. A template (a site's override,
    say) may still read the whole library through ``site``; a page whose render did is keyed by
    the whole library as well, so it is made again whenever anything in the library changes.
    """

    name: str  # also the Markdown link scheme: [LoRA](paper:lora)
    folder: str
    template: str
    records: Callable[[Indexes], Iterable[Any]]
    ident: Callable[[Any], str]
    title: Callable[[Any], str]
    context: Callable[[Indexes, Any], dict[str, Any]]
    tags: Callable[[Any], list[str]] = lambda record: []  # what search ranks the page by, besides its text
    byline: Callable[[Any], list[str]] = lambda record: []  # what search finds the page by before its text is loaded

    def src(self, ident: str) -> str:
        """The page's source path, from which its URL follows."""
        return f"{self.folder}/{ident}.md"


def _paper_context(idx: Indexes, paper: model.Paper) -> dict[str, Any]:
    before, after = idx.neighbours(paper.id)
    return {
        "paper": paper,
        "topics": [idx.topics[t] for t in dict.fromkeys(paper.topics)],
        "related": idx.related.get(paper.id, []),
        "memberships": idx.memberships.get(paper.id, []),
        "mentions": idx.mentions.get(paper.id, []),
        "before": before,
        "after": after,
        "bibtex": idx.bibtex(paper),
        "mentioned_in": idx.mentioned_in.get(paper.id, []),
        "suggestions": idx.suggestions.of(paper.id),
        "people": [idx.people.of(name) for name in paper.authors],
        # a reading group's: each reader's notes, the spread of their ratings, the sessions about the paper
        "takes": idx.group.takes.get(paper.id, []),
        "spread": idx.group.spreads.get(paper.id),
        "slots": idx.group.slots_of.get(paper.id, []),
    }


def _collection_context(idx: Indexes, collection: model.Collection) -> dict[str, Any]:
    numbered = list(enumerate(collection.items, 1))
    sections = [(name, list(group)) for name, group in itertools.groupby(numbered, key=lambda pair: pair[1].section)]
    return {"collection": collection, "sections": sections, "papers": {i.paper: idx.papers[i.paper] for i in collection.items}}


KINDS: dict[str, PageKind] = {
    kind.name: kind
    for kind in (
        PageKind(
            "paper", "papers", "paper.html",
            records=lambda idx: idx.library.papers, ident=lambda p: p.id, title=lambda p: p.title,
            context=_paper_context,
            tags=lambda p: list(dict.fromkeys([*p.aliases, *p.tags])),  # short names rank a paper as its title does
            byline=lambda p: list(p.authors[:1]),  # all of them cost a third more time to the first result
        ),
        PageKind(
            "topic", "topics", "topic.html",
            records=lambda idx: idx.library.topics, ident=lambda t: t.id, title=lambda t: t.name,
            context=lambda idx, t: {"node": idx.topic_nodes[t.id], "trail": idx.topic_trail(t.id)},
            tags=lambda t: list(dict.fromkeys([t.name, *t.aliases])),  # searching for a topic's name finds its page first
        ),
        PageKind(
            "collection", "collections", "collection.html",
            records=lambda idx: idx.library.collections, ident=lambda c: c.id, title=lambda c: c.title,
            context=_collection_context,
        ),
        PageKind(
            "journal", "journal", "journal.html",
            records=lambda idx: idx.library.journal, ident=lambda j: j.id, title=lambda j: f"{j.date}: {j.title}",
            context=lambda idx, j: {
                "entry": j, "papers": {p: idx.papers[p] for p in j.papers}, "topics": {t: idx.topics[t] for t in j.topics},
            },
        ),
        PageKind(
            "author", "authors", "author.html",
            records=lambda idx: [a for a in idx.people.people if a.has_page], ident=lambda a: a.id, title=lambda a: a.name,
            context=lambda idx, a: {"person": a},
        ),
        PageKind(
            "reader", "readers", "reader.html",
            records=lambda idx: idx.library.readers, ident=lambda r: r.id, title=lambda r: r.name,
            context=lambda idx, r: {"view": idx.group.view(r.id), "feed": reader_feed_src(r.id)},
            tags=lambda r: list(dict.fromkeys([r.name, *([r.github] if r.github else [])])),  # a reader's name finds their page
        ),
        PageKind(
            "session", "sessions", "session.html",
            records=lambda idx: list(idx.group.slots.values()), ident=lambda s: s.id, title=lambda s: f"{s.date.day}: {s.name}",
            context=lambda idx, s: {"slot": s, "spreads": {p.id: idx.group.spreads[p.id] for p in s.papers if p.id in idx.group.spreads}},
        ),
    )
}  # fmt: skip
assert set(LINKABLE) <= set(KINDS), "every kind of record a note can link to has a page"
assert all(KINDS[scheme].folder == folder for scheme, folder in model.PAGE_FOLDERS.items()), "links are checked against these folders"


def reader_feed_src(reader: str) -> str:
    """Where a reader's Atom feed of their reading is: beside their page."""
    return f"{KINDS['reader'].folder}/{reader}/feed.xml"


SESSIONS_CALENDAR = "sessions.ics"  # the group's sessions as an iCalendar feed, to subscribe to


def _field_tables() -> list[tuple[str, str, list[dict[str, Any]]]]:
    """(section, record description, fields) for the Data format page, from the model itself."""
    tables: list[tuple[str, str, list[dict[str, Any]]]] = []
    records: list[tuple[str, type[BaseModel]]] = [
        *((f"{name}:", record) for name, record in model.SECTIONS.items()),
        ("figures:", model.Figure),
        ("items: (collections)", model.CollectionItem),
        ("data/readers/<reader-id>/<paper-id>.yaml", model.ReaderNotes),
    ]
    for title, record in records:
        rows = []
        for name, info in record.model_fields.items():
            default = None if info.is_required() else info.get_default(call_default_factory=True)
            rows.append(
                {
                    "name": name,
                    "required": info.is_required(),
                    "default": default if default not in (None, [], {}) else None,
                    "description": info.description or "",
                }
            )
        tables.append((title, (record.__doc__ or "").strip(), rows))
    return tables


def _to_read_context(idx: Indexes) -> dict[str, Any]:
    """The queue by topic; in a reading group's library, the same papers by votes too (the page shows that one)."""
    groups = idx.to_read()
    queue = idx.group.queue([paper for _, papers in groups for paper in papers]) if idx.group.active else []
    return {"groups": groups, "todo": idx.library.todo, "queue": queue}


# Pages written by hand in docs/ show these with mkdocs-macros: {{ home() }}, {{ reading_log() }}...
MACROS: dict[str, tuple[str, Callable[[Indexes], dict[str, Any]]]] = {
    "home": ("home.html", lambda idx: {
        "counts": idx.counts(), "latest": idx.readings[:LATEST_READS], "roots": idx.topic_roots,
        "collections": idx.library.collections, "group": idx.group,
    }),
    "all_papers": ("papers.html", lambda idx: {
        "papers": sorted(idx.library.papers, key=lambda p: p.title.casefold()),
        "years": sorted({p.published.year for p in idx.library.papers if p.published}, reverse=True),
    }),
    "topics_overview": ("topics.html", lambda idx: {"roots": idx.topic_roots}),
    "reading_log": ("log.html", lambda idx: {"years": idx.log}),
    "to_read": ("to_read.html", lambda idx: _to_read_context(idx)),
    "collections_index": ("collections.html", lambda idx: {"collections": idx.library.collections}),
    "field_reference": ("fields.html", lambda idx: {"records": _field_tables()}),
    "stats": ("stats.html", lambda idx: {"stats": compute_stats(idx, idx.today), "group": idx.group}),
    "timeline": ("timeline.html", lambda idx: {"years": idx.timeline}),
    "authors_index": ("authors.html", lambda idx: {
        "groups": [(letter, list(people)) for letter, people in itertools.groupby(idx.people.people, key=lambda p: p.initial)],
    }),
    "venues_index": ("venues.html", lambda idx: {"venues": idx.venues}),
    "readers_index": ("readers.html", lambda idx: {"members": idx.group.members(), "group": idx.group}),
    "sessions_index": ("sessions.html", lambda idx: {
        "upcoming": idx.group.upcoming, "past": idx.group.past, "calendar": SESSIONS_CALENDAR,
    }),
}  # fmt: skip


@dataclass(frozen=True)
class Listing:
    """A page that shows one macro's listing, made for a site that does not write that page itself."""

    src: str
    title: str
    intro: str
    macro: str
    group: bool = False  # made only for a reading group's library (one that declares readers or sessions)


# A site with only an index.md still gets every page our templates link to; a page the site writes
# itself (with its own words, and the macro or not) is left alone.
LISTINGS: dict[str, Listing] = {
    listing.src: listing
    for listing in (
        Listing("papers/index.md", "Papers", "Every paper in the library; each has a page of its own.", "all_papers"),
        Listing("topics/index.md", "Topics", "", "topics_overview"),
        Listing("authors/index.md", "Authors", "Everyone who wrote a paper in the library.", "authors_index"),
        Listing("venues.md", "Venues", "Where the papers appeared, year by year.", "venues_index"),
        Listing("timeline.md", "Timeline", "Every paper by the month it was published, newest first.", "timeline"),
        Listing("collections/index.md", "Collections", "Curated reading lists, each in its own order.", "collections_index"),
        Listing("log.md", "Reading log", "Every reading and journal entry, newest first.", "reading_log"),
        Listing("to-read.md", "To read", "The papers waiting to be read, and the rest of the pending list.", "to_read"),
        Listing("stats.md", "Stats", "What the reading log says about the reading.", "stats"),
        Listing("readers/index.md", "Readers", "The members of the reading group, and what each has read.",
                "readers_index", group=True),
        Listing("sessions/index.md", "Sessions", "The reading group's meetings: the next ones first, then the past.",
                "sessions_index", group=True),
    )
}  # fmt: skip
assert tuple(src for src, listing in LISTINGS.items() if not listing.group) == model.LISTING_PAGES, (
    "relative links in notes are checked against these pages"
)
assert tuple(src for src, listing in LISTINGS.items() if listing.group) == model.GROUP_LISTING_PAGES


class RenderError(Exception):
    """A template could not be rendered; the message names the template and the line."""


def _template_error(template: str, exc: jinja2.TemplateError) -> RenderError:
    """Where in which template it went wrong, for a person who may have overridden that template."""
    lineno = getattr(exc, "lineno", None)
    filename = getattr(exc, "filename", None) or getattr(exc, "name", None)
    if lineno is None and exc.__traceback__ is not None:
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith(".html")]
        if frames:
            filename, lineno = frames[-1].filename, frames[-1].lineno
    where = f"{filename or template}" + (f", line {lineno}" if lineno else "")
    return RenderError(f"Paper Notes: the template {where} failed: {exc.message or type(exc).__name__}")


@dataclass(frozen=True)
class Rendered:
    """A page body as HTML, and its table of contents; and whether its templates read ``site``, the whole library."""

    html: str
    toc: list[TocEntry]
    headings: list[Heading]
    reads_site: bool = False


@dataclass
class _PageState:
    """What one render collects: the page's headings, whether it read ``site``; and how it reaches other pages."""

    urls: Urls
    headings: list[Heading] = field(default_factory=list)
    reads_site: bool = False

    def resolve(self, kind: str, ident: str) -> str:
        if kind == DOCS:  # a path in the docs folder: a page's source, or any other address or file
            return self.urls.doc(ident) if ident.endswith(".md") else self.urls.asset(ident)
        return self.urls.doc(KINDS[kind].src(ident))


def longdate(value: dt.date) -> str:
    """'1 September 2024'."""
    return f"{value.day} {MONTH_NAMES[value.month]} {value.year}"


def environment(base: jinja2.Environment | None = None) -> jinja2.Environment:
    """An autoescaping environment for the page templates: an overlay of ``base`` (the theme's), or our own."""
    if base is None:
        base = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)))
    env = base.overlay(autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters = {**base.filters, "longdate": longdate, "month_name": lambda m: MONTH_NAMES[m],
                   "weekday": lambda d: d.strftime("%a"), "plural": plural,
                   "math": lambda text: Markup(math_html(str(text))), "plain": lambda text: plain(str(text))}  # fmt: skip
    env.globals = dict(base.globals)
    return env


class SiteView:
    """``site`` in templates: the whole library (its indexes), and a note on the page being rendered that it was read.

    A generated page is kept between rebuilds by the fingerprint of its context; a page that reads
    ``site`` depends on more than that, and the note makes the whole library part of its key.
    """

    def __init__(self, renderer: Renderer) -> None:
        self._renderer = renderer

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        state = self._renderer.rendering
        if state is not None:
            state.reads_site = True
        return getattr(self._renderer.indexes, name)


class Renderer:
    """Renders pages for one build: generated pages from their records, and the macros of hand-written pages."""

    def __init__(self, indexes: Indexes, markdown: DataMarkdown, env: jinja2.Environment, language: str = "en") -> None:
        self.indexes = indexes
        self.markdown = markdown
        self.env = env
        self.language = language  # the site's: a text in another gets its own lang attribute
        self._langs: dict[tuple[str, str | None], Markup] = {}  # names, topics and venues come back page after page
        self.rendering: _PageState | None = None  # the page being rendered, which ``site`` notes it was read by
        self.env.filters.update(md=self._md, md_inline=self._md_inline)
        self.env.globals.update(site=SiteView(self), toc_entry=self._toc_entry, lang=self._lang)
        self._site_key: str | None = None
        self._records = {
            name: {kind.ident(record): record for record in kind.records(indexes)} for name, kind in KINDS.items()
        }
        self.fingerprints = indexes.fingerprints
        self._contexts: dict[tuple[str, str], dict[str, Any]] = {}  # made for a fingerprint, kept for the render

    @jinja2.pass_context
    def _md(self, context: jinja2.runtime.Context, text: str | None, shift: int = 2) -> Markup:
        state: _PageState = context["_page"]
        converted = self.markdown.convert(text, state.resolve, shift)
        state.headings.extend(converted.headings)
        return converted.html

    @jinja2.pass_context
    def _md_inline(self, context: jinja2.runtime.Context, text: str | None) -> Markup:
        state: _PageState = context["_page"]
        return self.markdown.inline(text, state.resolve)

    def _lang(self, text: object, declared: str | None = None) -> Markup:
        """`` lang="zh"`` on an element whose text is not in the site's language (``declared``: its record's lang)."""
        if text is None:
            return Markup("")
        key = (str(text), declared)
        found = self._langs.get(key)
        if found is None:
            found = self._langs[key] = Markup(lang_attribute(key[0], declared, self.language))
        return found

    @jinja2.pass_context
    def _toc_entry(self, context: jinja2.runtime.Context, level: int, ident: str, title: Any) -> str:
        state: _PageState = context["_page"]
        state.headings.append(Heading(level, ident, html.escape(str(title), quote=False)))
        return ""

    def _render(self, template: str, urls: Urls, context: Mapping[str, Any]) -> Rendered:
        state = _PageState(urls)

        def url(target: str, ident: str | None = None) -> str:
            return urls.doc(target if ident is None else KINDS[target].src(ident))

        self.rendering = state
        try:
            body = self.env.get_template(f"{NAMESPACE}/{template}").render(
                _page=state, url=url, asset=urls.asset, **context
            )
        except jinja2.TemplateError as exc:
            raise _template_error(template, exc) from None
        finally:
            self.rendering = None
        return Rendered(body.strip(), nest(state.headings), state.headings, state.reads_site)

    def _context(self, kind: str, ident: str) -> dict[str, Any]:
        context = self._contexts.pop((kind, ident), None)
        if context is None:
            context = KINDS[kind].context(self.indexes, self._records[kind][ident])
        return context

    def page_key(self, kind: str, ident: str, *more: Any) -> str | None:
        """A fingerprint of everything the page is made from (and of ``more``): while it stays the same, so does
        the page (given the same templates and settings). None if the context holds something it cannot digest."""
        context = self._contexts[(kind, ident)] = self._context(kind, ident)
        try:
            return self.fingerprints.of(kind, ident, KINDS[kind].template, context, *more)
        except Unfingerprintable:
            return None

    def site_key(self) -> str:
        """A fingerprint of the whole library (and the day), for pages whose templates read ``site``."""
        if self._site_key is None:
            library = self.indexes.library
            self._site_key = self.fingerprints.of(
                "site", self.indexes.today, library.papers, library.topics, library.journal, library.collections,
                library.todo, library.authors, library.readers, library.notes, library.sessions,
            )  # fmt: skip
        return self._site_key

    def page(self, kind: str, ident: str, urls: Urls) -> Rendered:
        """A generated page: the record's kind and id, and the addresses seen from it."""
        return self._with_contents(self._render(KINDS[kind].template, urls, self._context(kind, ident)))

    def _with_contents(self, rendered: Rendered) -> Rendered:
        """The page's contents before its first section, for phones (``contents.html``); none for a page of one part."""
        entries = rendered.toc[0].children if rendered.toc and rendered.toc[0].level == 1 else rendered.toc
        at = rendered.html.find("<h2")
        if not entries or at < 0:
            return rendered
        try:
            contents = self.env.get_template(f"{NAMESPACE}/contents.html").render(entries=entries)
        except jinja2.TemplateError as exc:
            raise _template_error("contents.html", exc) from None
        return replace(rendered, html=rendered.html[:at] + contents.strip() + "\n" + rendered.html[at:])

    def macro(self, name: str, urls: Urls) -> Rendered:
        """What a hand-written page's ``{{ name() }}`` shows."""
        template, context = MACROS[name]
        return self._render(template, urls, context(self.indexes))

    def listing(self, src: str, urls: Urls) -> Rendered:
        """A listing page the site does not write itself: its title, a line on what it lists, and the listing."""
        listing = LISTINGS[src]
        shown = self.macro(listing.macro, urls)
        page = self._render("listing.html", urls, {"listing": listing, "body": Markup(shown.html)})
        return Rendered(page.html, nest(page.headings + shown.headings), page.headings + shown.headings, True)

    def head(self, src: str, urls: Urls, site_name: str, site_url: str | None) -> str:
        """What goes into the <head> of the page at ``src``: the feed link, and a paper's citation tags."""
        paper = None
        folder, _, name = src.rpartition("/")
        if folder == KINDS["paper"].folder and name.endswith(".md"):
            paper = self._records["paper"].get(name[: -len(".md")])
        where = bibtex.venue(paper) if paper else None
        address = site_url.rstrip("/") + "/" + page_url(src).removeprefix("./") if site_url else None
        context = {
            "paper": paper, "site_name": site_name, "venue": where, "page_address": address,
            "venue_kind": bibtex.entry_type(paper) if paper else None,
        }  # fmt: skip
        return self._render("head.html", urls, context).html


def overlay_html(problems: list[Problem]) -> str:
    """The development server's banner listing the data's problems (escaped like every template)."""
    env = environment()
    errors = sum(not p.warning for p in problems)
    return env.get_template(f"{NAMESPACE}/overlay.html").render(
        problems=problems, errors=errors, warnings=len(problems) - errors
    )


# --- addresses without a site generator ---------------------------------------------------------


def page_url(src: str) -> str:
    """The address of a source file on a site with directory URLs: 'papers/lora.md' -> 'papers/lora/'."""
    if not src.endswith(".md"):
        return src
    stem = src[: -len(".md")]
    if stem == "index":
        return "./"
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def _parts(path: str) -> list[str]:
    parts: list[str] = []
    for part in path.split("/"):
        if part == "..":
            if parts:
                parts.pop()
        elif part and part != ".":
            parts.append(part)
    return parts


def relative_url(url: str, other: str) -> str:
    """``url`` as a link from the page at ``other`` (site paths, as MkDocs computes them)."""
    folder, _, name = other.rpartition("/")
    if "." in name:
        other = folder  # a file's address: links start from its folder
    start, dest = _parts(other), _parts(url)
    common = 0
    for a, b in zip(start, dest, strict=False):
        if a != b:
            break
        common += 1
    rel = "/".join([".."] * (len(start) - common) + dest[common:]) or "."
    return rel + "/" if url.endswith("/") else rel


@dataclass(frozen=True)
class DirectoryUrls:
    """Urls for a page of a site with directory URLs, computed from source paths alone."""

    src: str  # the source path of the page being rendered

    def doc(self, src: str) -> str:
        """A file of the site by its source path."""
        return relative_url(page_url(src), page_url(self.src))

    def asset(self, src: str) -> str:
        """An image: a web address as it is, or a path inside the docs folder."""
        if src.startswith(("http://", "https://")):
            return src
        return relative_url(src, page_url(self.src))
