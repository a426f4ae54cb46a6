"""Generated pages finished ahead, in a second process, while MkDocs builds the rest of the site.

On `mkdocs build` (not under serve), once MkDocs has its files and nav, the plugin forks a worker
that takes the generated pages, in the order MkDocs builds them, through the same steps MkDocs would:
the page events, the theme's template, our finishing of the page, and our search entries. It sends
each finished page back as it goes; MkDocs then builds that page in this process like a page kept
from the last rebuild under serve (`paper_notes/kept.html`): its page events still run here, and it
is written here. A page the worker has not started when MkDocs comes to it is made here (Claims), so
the two processes share the work whatever the site. What the worker logged is logged again here, in
page order, so `--strict` counts it.

The fork copies the build as it stands, so the worker sees what MkDocs would show the page: the
same library, files, nav and options. It is used only where that is enough: Linux (fork), and no
page or env event from any plugin or hook but ours, Material's search and mkdocs-macros, whose page
events depend on the page alone. Anything else builds in one process, as before. A page the worker
could not finish (an error, or the worker gone) is made here instead, which raises the error as usual.

Before that, as soon as the library is loaded, a third process (Grower) grows the search terms from the notes
while this one loads jieba's dictionary, the indexes, and MkDocs' files and nav; the terms are taught here before
the worker forks. Both would otherwise wait for them: every page's search entries are cut with them.
"""
from __future__ import annotations

import logging
import multiprocessing
import sys
import threading
import time
import zlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from jinja2 import Environment
from mkdocs.commands.build import _populate_page, get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.toc import TableOfContents

from ..search import grown_apart, has_chinese
from .page import RecordPage
from .serve import Kept
from .site import search_plugin

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from ..library import Library
    from .site import SiteBuild

log = logging.getLogger("mkdocs.plugins.paper_notes")

# events a plugin may handle for the worker to be used: the ones these plugins handle depend on the page alone
PAGE_EVENTS = ("pre_page", "page_read_source", "page_markdown", "page_content", "page_context", "post_page", "env")
KNOWN_PLUGINS = ("paper_notes.", "material.plugins.search.", "mkdocs_macros.")
SMALLEST = 200  # generated pages: fewer are not worth a second process
LEAP = 8  # pages this process takes when it catches up with the worker
STALLED = 60.0  # seconds without a page from the worker before this process makes the rest itself


@dataclass
class Finished:
    """A page as the worker finished it: what this process needs to place it, index it and write it."""

    src: str
    output: bytes | None  # compressed: pages wait here until MkDocs comes to them; None: the worker could not make it
    toc: TableOfContents | None = None
    anchors: set[str] = field(default_factory=set)
    entries: list[dict[str, Any]] = field(default_factory=list)
    records: list[logging.LogRecord] = field(default_factory=list)  # what it logged


def usable(config: MkDocsConfig) -> str | None:
    """Why the worker cannot be used for this site (logged), or None."""
    why = None if sys.platform.startswith("linux") else "not on Linux"
    for event in PAGE_EVENTS if why is None else ():
        for method in config.plugins.events[event]:
            owner = getattr(method, "__self__", method)
            module = type(owner).__module__ if hasattr(method, "__self__") else getattr(method, "__module__", "")
            if not (module or "").startswith(KNOWN_PLUGINS):
                why = f"{module or method!r} handles on_{event}"
                break
        if why is not None:
            break
    if why is not None:
        log.debug(f"Paper Notes: pages are built in one process ({why})")
    return why


class Claims:
    """Which process makes each generated page, in memory the two share, so that they share the work whatever its size.

    The worker goes through the pages in the order MkDocs builds them and marks each before making it, unless this
    process has marked it. This process marks a page when MkDocs comes to build it: it waits for the worker's page if
    the worker had marked it, and makes it itself otherwise. When it would wait, it also marks the next LEAP pages the
    worker has not started, and the worker goes on past them. Should both mark a page at the same moment, both make
    it, and the worker's copy is not used; no page is left to neither.
    """

    def __init__(self, n: int, context: Any) -> None:
        self.worker = context.RawArray("b", n)
        self.here = context.RawArray("b", n)


class Ahead:
    """The worker, and the pages it finishes, as they come in (a thread reads them, so the worker never waits)."""

    def __init__(self, pages: list[RecordPage], claims: Claims, process: Any, connection: Connection) -> None:
        self.index = {page.file.src_uri: i for i, page in enumerate(pages)}
        self.claims = claims
        self.made_here = 0  # pages this process made, the worker not having started them
        self.process = process
        self.connection = connection
        self.finished: dict[str, Finished] = {}
        self.done = False  # the worker has sent everything, or is gone
        self.last = time.monotonic()  # when it last sent a page
        self.placed = 0  # pages it made that were placed
        self.waited = 0.0  # seconds this process waited for it
        self.ended = 0.0  # when it was done
        self.condition = threading.Condition()
        self.reader = threading.Thread(target=self._read, name="paper-notes-ahead", daemon=True)
        self.reader.start()

    def _read(self) -> None:
        try:
            while True:
                item = self.connection.recv()
                if item is None:
                    break
                with self.condition:
                    self.finished[item.src] = item
                    self.last = time.monotonic()
                    self.condition.notify_all()
        except (EOFError, OSError):
            pass  # the worker is gone: what it did not send is made here
        finally:
            with self.condition:
                self.ended = time.monotonic()
                self.done = True
                self.condition.notify_all()

    def take(self, src: str) -> Finished | None:
        """The page as the worker finished it, once it has; None if the worker has not started it, or could not make
        it (this process makes it)."""
        i = self.index[src]
        self.claims.here[i] = 1
        if not self.claims.worker[i]:
            self.made_here += 1
            return None
        start = time.perf_counter()
        with self.condition:
            if src not in self.finished and not self.done:
                # caught up with the worker: the next pages it has not started are this process's, and it goes on past them
                claims = self.claims
                for k in range(i + 1, min(i + 1 + LEAP, len(claims.here))):
                    if not claims.worker[k]:
                        claims.here[k] = 1
            while src not in self.finished and not self.done:
                if not self.condition.wait(timeout=STALLED) and self.last + STALLED < time.monotonic():
                    log.warning(f"Paper Notes: the second process made no page in {STALLED} s; this one makes the rest")
                    self.process.kill()  # its end closes the pipe: the reader marks it done
                    self.last = time.monotonic()
            self.waited += time.perf_counter() - start
            finished = self.finished.pop(src, None)
            if finished is not None and finished.output is not None:
                self.placed += 1
            return finished

    def close(self) -> None:
        """Stop the worker if it still runs (a build that failed), and wait for it."""
        ahead = time.monotonic() - self.ended if self.done else 0.0
        log.debug(
            f"Paper Notes: {self.placed:,} of {len(self.index):,} generated pages made in a second process, {self.made_here:,}"
            f" in this one; waited for it {self.waited:.2f} s; it was done {ahead:.2f} s before this one"
        )
        if self.process.is_alive():
            self.process.terminate()
        self.process.join()
        self.connection.close()
        self.reader.join(timeout=5)


def start(site: SiteBuild, config: MkDocsConfig, files: Files, nav: Navigation) -> Ahead | None:
    """Fork the worker for a site that can use it (usable), or None where it is not worth it. Every generated page is
    left to be placed or made when MkDocs builds it (see Claims)."""
    pages = [file.page for file in files.documentation_pages() if isinstance(file.page, RecordPage)]
    if len(pages) < SMALLEST:
        return None
    context = multiprocessing.get_context("fork")
    try:
        claims = Claims(len(pages), context)
        receiving, sending = context.Pipe(duplex=False)
        process = context.Process(
            target=_work, args=(sending, site, pages, claims, config, files, nav), name="paper-notes-ahead", daemon=True
        )
        process.start()
    except OSError as exc:  # no shared memory or no process to spare (a container's limits): one process, as before
        log.debug(f"Paper Notes: pages are built in one process ({exc})")
        return None
    sending.close()
    for page in pages:
        page.ahead = True
    return Ahead(pages, claims, process, receiving)


class Grower:
    """The search terms grown from the notes (search.grown_apart), in a process of their own, forked as soon as the
    library is loaded: while it loads jieba's dictionary and cuts the notes, this process loads its own dictionary,
    the indexes, MkDocs' files and nav. The terms are taught here before the worker forks (``adopt``), so both
    processes index every page with them; should the grower fail or stall, they are grown here instead."""

    def __init__(self, library: Library) -> None:
        context = multiprocessing.get_context("fork")
        self.connection, sending = context.Pipe(duplex=False)
        self.process = context.Process(target=_grow, args=(sending, library), name="paper-notes-grow", daemon=True)
        self.process.start()
        sending.close()

    @classmethod
    def fork(cls, library: Library) -> Grower | None:
        """A grower for a library with Chinese, where a process can be forked; None otherwise."""
        if not has_chinese(library):
            return None
        try:
            return cls(library)
        except OSError as exc:
            log.debug(f"Paper Notes: the search terms are grown in this process ({exc})")
            return None

    def adopt(self, site: SiteBuild) -> None:
        """Wait for the grown terms and teach them to this build (grow them here if the grower failed)."""
        start = time.perf_counter()
        grown: list[str] | None = None
        try:
            if self.connection.poll(STALLED):
                grown = self.connection.recv()
        except (EOFError, OSError):
            grown = None  # the grower is gone
        log.debug(f"Paper Notes: waited {time.perf_counter() - start:.2f} s for the search terms grown apart")
        self.close()
        if grown is None:
            site.build.grow_search_terms()
        else:
            site.build.adopt_grown(grown)

    def close(self) -> None:
        if self.process.is_alive():
            self.process.terminate()
        self.process.join()
        self.connection.close()


def _grow(connection: Connection, library: Library) -> None:
    """In the grower: the terms, or None if they could not be grown (the build grows them itself)."""
    try:
        try:
            terms: list[str] | None = grown_apart(library)
        except Exception:
            terms = None
        connection.send(terms)
    finally:
        connection.close()


class _Captured(logging.Handler):
    """The worker's log, kept to be logged again by the main process."""

    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if self.records and self.records[-1] is record:
            return  # a second logger up the way has this handler too
        record.msg, record.args = record.getMessage(), None
        if record.exc_info:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        record.exc_info = None
        self.records.append(record)


def _work(
    connection: Connection, site: SiteBuild, pages: list[RecordPage], claims: Claims, config: MkDocsConfig, files: Files,
    nav: Navigation,
) -> None:
    """In the worker: each page through MkDocs' steps, up to the finished HTML, sent as it is made."""
    captured = _Captured()
    loggers = [logging.getLogger(), *(v for v in logging.Logger.manager.loggerDict.values() if isinstance(v, logging.Logger))]
    for logger in loggers:
        if logger.handlers:
            logger.handlers = [captured]
    try:
        env = config.plugins.on_env(config.theme.get_env(), config=config, files=files)
        for page in nav.pages:  # the nav shows their titles, which come from their source
            if page.markdown is None and "title" not in vars(page):
                if isinstance(page, RecordPage):
                    page.read_source(config)
                else:
                    _populate_page(page, config, files)
        captured.records.clear()  # logged by the main process when it makes those pages
        documentation = files.documentation_pages(inclusion=InclusionLevel.is_included)
        for i, page in enumerate(pages):
            if claims.here[i]:
                continue  # MkDocs has come to it in the main process, which makes it
            claims.worker[i] = 1
            connection.send(_finish(page, config, files, documentation, nav, env, captured))
    finally:
        connection.send(None)
        connection.close()


def _finish(
    page: RecordPage, config: MkDocsConfig, files: Files, documentation: Any, nav: Navigation, env: Environment, captured: _Captured
) -> Finished:
    """One page through MkDocs' steps (see mkdocs.commands.build: _populate_page, _build_page), without writing it."""
    search = search_plugin(config)
    entries: list[dict[str, Any]] = search.search_index.entries if search is not None else []
    before = len(entries)
    try:
        _populate_page(page, config, files)
        page.active = True
        context = get_context(nav, documentation, config, page)
        template = env.get_template(page.meta.get("template", "main.html"))
        context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
        output = config.plugins.on_post_page(template.render(context), page=page, config=config)
        finished = Finished(page.file.src_uri, zlib.compress(output.encode("utf-8"), 1), page.toc, set(page.present_anchor_ids or ()), entries[before:])
    except Exception:
        finished = Finished(page.file.src_uri, None)  # made again by the main process, which logs the error
        captured.records.clear()
    finally:
        page.active = False
        page.content = None
        del entries[before:]
    finished.records, captured.records = captured.records, []
    return finished


def place(
    site: SiteBuild, ahead: Ahead, page: RecordPage, context: Any, config: MkDocsConfig, env: Environment, files: Files
) -> None:
    """Before the theme would draw a page the worker made: its finished HTML, contents, anchors and search entries,
    and what it logged; or, if the worker could not make it, the page made here as MkDocs would have."""
    from .output import finish_page
    from .search import index_for_search

    finished = ahead.take(page.file.src_uri)
    assert page.kept is not None
    if finished is not None and finished.output is not None:
        for record in finished.records:
            logging.getLogger(record.name).handle(record)
        page.toc, page.present_anchor_ids = finished.toc or TableOfContents([]), finished.anchors
        page.kept.output, page.kept.entries = finished.output, finished.entries
        return
    page.ahead = page.reused = False
    page.kept = None
    del page.meta["template"]
    page.render(config, files)
    assert page.content is not None
    page.content = config.plugins.on_page_content(page.content, page=page, config=config, files=files)
    index_for_search(site, config, page)
    output = finish_page(site, config, page, env.get_template(page.meta.get("template", "main.html")).render(context))
    # placed as the worker's pages are, and likewise let go once written (finish_page)
    page.ahead = page.reused = True
    page.kept = Kept("", "", [], set(), output=output, entries=[])
