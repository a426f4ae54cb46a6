"""Under `mkdocs serve`, a save to the data shows on its own page first, then the whole site follows.

A full rebuild of a large library takes seconds (MkDocs and the theme redo every page, and search
its whole index). A save that changed only the data (not a page in docs/, mkdocs.yml or a template)
is answered in two steps:

1. **First look.** The data is loaded (the files that did not change are not parsed again), the
   records that changed are found by comparing them with the last build's, and the pages of those
   records (a paper, a topic, a collection, a journal entry: at most ``FIRST_LOOK_PAGES``) are made
   with the last build's navigation and settings and written over the served ones. Browsers reload.
2. **The rest.** MkDocs' full rebuild runs next, into a folder beside the served one (pages it
   made the last time and whose inputs did not change are reused), and its files then replace the
   served ones, each in one step, so no request ever sees a half-written site. What was served
   equals a fresh build again. Browsers reload a second time only if a page one of them asked for
   since the first look has changed. A save while it runs stops it: that save gets its first look
   at once, and the rest starts again after it.

Everything here is the state of one serve session, kept on the plugin's instance (``Serving``).
"""
from __future__ import annotations

import logging
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.commands.build import _build_page, _populate_page
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation

from ..datafiles import Layout
from ..library import Library
from ..pages import TEMPLATES
from ..siteassets import ASSETS
from .page import RecordPage

log = logging.getLogger("mkdocs.plugins.paper_notes")

FIRST_LOOK_PAGES = 20  # more changed records than this (a bulk edit): no first look, the rebuild alone
KINDS = {"papers": "paper", "topics": "topic", "collections": "collection", "journal": "journal", "readers": "reader",
         "sessions": "session"}

Snapshot = dict[str, tuple[int, int]]  # path -> (modification time in ns, size)


@dataclass
class LastBuild:
    """What the last good build was made with, for a first look at the next save."""

    config: MkDocsConfig
    files: Files
    nav: Navigation
    env: Environment
    library: Library
    inputs: Snapshot  # every watched file but the data, as the build found them
    data: Snapshot = field(default_factory=dict)  # and the data


@dataclass
class Serving:
    """One `mkdocs serve` session: the last good build, the folder the rebuild goes to, the pages browsers asked for."""

    last: LastBuild | None = None
    shadow: Path | None = None  # where the rebuild after a first look writes
    looked: tuple[Snapshot, Snapshot] | None = None  # the inputs and the data at the first look, until the rest is built
    rest: bool = False  # the rebuild after a first look is running (into ``shadow``)
    stopping: bool = False  # that rebuild is being stopped by a save
    interrupted: Callable[[], bool] = lambda: False  # whether a save came since the rebuild began
    requested: set[str] = field(default_factory=set)  # served pages asked for since the first look
    lock: threading.Lock = field(default_factory=threading.Lock)
    observer: Any = None  # the system's own notifications of saves to the data (serve.notify_saves)

    def asked(self, path: str) -> None:
        """A browser asked for ``path`` (relative to the served folder)."""
        with self.lock:
            self.requested.add(path)

    def take_requested(self) -> set[str]:
        with self.lock:
            asked, self.requested = self.requested, set()
        return asked

    def close(self) -> None:
        if self.observer is not None:
            self.observer.stop()
            self.observer.join(timeout=5)
            self.observer = None
        if self.shadow is not None:
            shutil.rmtree(self.shadow, ignore_errors=True)
            self.shadow = None
        self.last = None


def input_roots(config: MkDocsConfig) -> list[Path]:
    """What a rebuild depends on besides the data: the docs folder, mkdocs.yml, the folders it watches, the templates."""
    roots = [Path(config.docs_dir)]
    if config.config_file_path:
        roots.append(Path(config.config_file_path))
    roots += [Path(p) for p in config.watch]
    if config.theme.custom_dir:
        roots.append(Path(config.theme.custom_dir))
    roots += [TEMPLATES, ASSETS]
    return roots


def scratch(name: str) -> bool:
    """An editor's or a tool's file of the moment (a save written beside the file, a swap file, a backup): read by
    nothing the site is made from, yet seen by the watcher while a save is written."""
    return name.startswith((".", "#")) or name.endswith(("~", ".tmp", ".swp", ".swx", ".bak")) or name == "4913"


def snapshot(roots: Iterable[Path], data: Path) -> Snapshot:
    """Every file under ``roots`` but the data (the data file and its folder) and scratch files, by time and size."""
    layout = Layout(data)
    skip = {str(data), str(layout.folder), str(layout.readers_folder)}
    found: Snapshot = {}
    for root in dict.fromkeys(p.resolve() for p in roots):
        if str(root) in skip:
            continue
        if root.is_file():
            stat = root.stat()
            found[str(root)] = (stat.st_mtime_ns, stat.st_size)
            continue
        for folder, dirs, names in os.walk(root):
            dirs[:] = [d for d in dirs if os.path.join(folder, d) not in skip]
            for name in names:
                path = os.path.join(folder, name)
                if path in skip or scratch(name):
                    continue
                try:
                    stat = os.stat(path)
                except OSError:
                    continue
                found[path] = (stat.st_mtime_ns, stat.st_size)
    return found


class Interrupted(Exception):
    """A save came while the rest of the site was being rebuilt: that save is answered first."""


class QuietInterruption(logging.Filter):
    """MkDocs reports any exception in a page's events as an error of that page; an interruption is none."""

    def __init__(self, plugin: Any) -> None:
        super().__init__()
        self.plugin = plugin

    def filter(self, record: logging.LogRecord) -> bool:
        return not (self.plugin.serving_state.stopping and str(record.msg).startswith(("Error reading page", "Error building page")))


def data_snapshot(data: Path) -> Snapshot:
    """The data file and the paper files beside it, by time and size."""
    layout = Layout(data)
    folder, readers = layout.folder, layout.readers_folder
    paths = [data, *(folder.glob("*.yaml") if folder.is_dir() else ()), *(readers.rglob("*.yaml") if readers.is_dir() else ())]
    found: Snapshot = {}
    for path in paths:
        try:
            stat = path.stat()
        except OSError:
            continue
        found[str(path)] = (stat.st_mtime_ns, stat.st_size)
    return found


def state(config: MkDocsConfig, data: Path) -> tuple[Snapshot, Snapshot]:
    """What a rebuild is made from, by time and size: everything watched but the data, and the data."""
    return snapshot(input_roots(config), data), data_snapshot(data)


def changed_records(before: Library, after: Library) -> list[tuple[str, str]] | None:
    """The records added or changed since ``before``, as (page kind, id); None when more than FIRST_LOOK_PAGES."""
    changed: list[tuple[str, str]] = []
    for section, kind in KINDS.items():
        old = {record.id: record for record in getattr(before, section)}
        for record in getattr(after, section):
            previous = old.get(record.id)
            if previous is None or (previous is not record and previous != record):
                changed.append((kind, record.id))
                if len(changed) > FIRST_LOOK_PAGES:
                    return None
    # a reader's notes on a paper show on the paper's page and on the reader's
    old_notes = {(note.reader, note.paper): note for note in before.notes}
    for note in after.notes:
        if old_notes.get((note.reader, note.paper)) != note:
            changed += [pair for pair in (("paper", note.paper), ("reader", note.reader)) if pair not in changed]
    return changed if len(changed) <= FIRST_LOOK_PAGES else None


def release_requests(server: LiveReloadServer) -> bool:
    """Serve requests again, and tell browsers to reload, before the rebuild has ended (False: this MkDocs can't)."""
    condition = getattr(server, "_epoch_cond", None)
    if condition is None or not hasattr(server, "_wanted_epoch"):
        return False
    with condition:
        server._visible_epoch = server._wanted_epoch
        condition.notify_all()
    return True


def schedule_rebuild(server: LiveReloadServer) -> None:
    """Rebuild again once this rebuild has ended, as if a file had changed."""
    with server._rebuild_cond:
        server._want_rebuild = True
        server._rebuild_cond.notify_all()


def saved_since(server: LiveReloadServer) -> Callable[[], bool]:
    """Whether a file changed since this rebuild began (MkDocs' watcher asks for another)."""
    return lambda: bool(getattr(server, "_want_rebuild", False))


def reload_browsers(server: LiveReloadServer) -> None:
    """Tell browsers to reload once more (the pages they show changed after the first look)."""
    with server._epoch_cond:
        server._wanted_epoch = server._visible_epoch = time.monotonic_ns() // 1_000_000
        server._epoch_cond.notify_all()


def write_pages(site: Any, last: LastBuild, served: Path, changed: list[tuple[str, str]]) -> list[str]:
    """The pages of the changed records, made with the last build's navigation and written into ``served``.

    Returns their source paths. ``site`` is the SiteBuild of the new data, the plugin's current build
    while this runs (its page events read it)."""
    config = last.config
    config.site_dir = str(served)  # where new File objects point
    pages = list(site.build.generated(set(changed)))
    site.files = {f.src_uri: f for f in last.files}
    made: list[RecordPage] = []
    for generated in pages:
        file = File.generated(config, generated.src, content="", inclusion=InclusionLevel.NOT_IN_NAV)
        site.files[generated.src] = file
        site.generated[generated.src] = generated
        made.append(RecordPage(site, generated, file, config))
    site.nav = last.nav
    site.build.use_templates(last.env)
    doc_files = last.files.documentation_pages()
    for page in made:
        _populate_page(page, config, last.files)
        _build_page(page, config, doc_files, last.nav, last.env)
    return [page.file.src_uri for page in made]


def move_into(shadow: Path, served: Path, watched: set[str]) -> bool:
    """The rebuild's files replace the served ones, each in one step; files it did not make are removed.

    Returns whether one of ``watched`` (paths relative to ``served``, '/'-separated) changed."""
    made: set[str] = set()
    changed = False
    for folder, _dirs, names in os.walk(shadow):
        rel_folder = os.path.relpath(folder, shadow).replace(os.sep, "/")
        target_folder = served if rel_folder == "." else served / rel_folder
        target_folder.mkdir(parents=True, exist_ok=True)
        for name in names:
            rel = name if rel_folder == "." else f"{rel_folder}/{name}"
            made.add(rel)
            target = target_folder / name
            source = os.path.join(folder, name)
            if rel in watched and not _same(source, target):
                changed = True
            os.replace(source, target)
    for folder, _dirs, names in os.walk(served, topdown=False):
        rel_folder = os.path.relpath(folder, served).replace(os.sep, "/")
        for name in names:
            rel = name if rel_folder == "." else f"{rel_folder}/{name}"
            if rel not in made:
                os.remove(os.path.join(folder, name))
                changed = changed or rel in watched
        if rel_folder != "." and not os.listdir(folder):
            os.rmdir(folder)
    return changed


def _same(source: str, target: Path) -> bool:
    """Whether two files hold the same bytes (sizes first)."""
    try:
        if os.path.getsize(source) != target.stat().st_size:
            return False
        with open(source, "rb") as a, target.open("rb") as b:
            return a.read() == b.read()
    except OSError:
        return False


def new_shadow(served: Path) -> Path:
    """A folder for the rebuild, on the served folder's file system (so that files move in one step)."""
    return Path(tempfile.mkdtemp(prefix="paper-notes-rebuild-", dir=served.parent))


def data_path(plugin: Any, config: MkDocsConfig) -> Path:
    """The plugin's data file, absolute."""
    from .site import project_root

    return (project_root(config) / plugin.config.data_).resolve()


def now(plugin: Any) -> tuple[Snapshot, Snapshot] | None:
    """What the last good build's inputs and data are now (None before a first good build), taken once a save."""
    last: LastBuild | None = plugin.serving_state.last
    return state(last.config, data_path(plugin, last.config)) if last is not None else None


def nothing_changed(last: LastBuild | None, found: tuple[Snapshot, Snapshot] | None) -> bool:
    """Whether every file the last good build was made from is as it found them (the watcher saw scratch files only,
    or a second event of a save already built)."""
    return last is not None and found == (last.inputs, last.data)


def rest_due(serving: Serving, found: tuple[Snapshot, Snapshot] | None) -> bool:
    """Whether this rebuild is the rest of the site after a first look (nothing was saved since)."""
    return serving.looked is not None and found == serving.looked


def first_look(plugin: Any, server: LiveReloadServer, found: tuple[Snapshot, Snapshot] | None) -> bool:
    """Step 1 of a save (see the module's docstring): True when pages were written and browsers told to reload,
    and the rebuild that follows is to go into the folder beside the served one."""
    from .site import start

    serving: Serving = plugin.serving_state
    last = serving.last
    if last is None or found is None or plugin.dirty:
        return False
    if found[0] != last.inputs:
        return False  # a page, mkdocs.yml or a template changed: the full rebuild alone
    began = time.perf_counter()
    try:
        site = start(last.config, plugin.config, plugin.kept, quiet=True, preview=True)
    except Exception:  # noqa: BLE001 - the rebuild reports the data's problems, as before
        return False
    plugin.site = site
    served = Path(server.root)
    try:
        changed = changed_records(last.library, site.build.library)
        if not changed:
            return False
        made = write_pages(site, last, served, changed)
    except Exception as exc:  # noqa: BLE001 - the rebuild that follows makes every page and reports the problem
        log.debug(f"Paper Notes: no first look ({exc})")
        return False
    finally:
        plugin.site = None
        site.close()
    if not made or not release_requests(server):
        return False
    serving.take_requested()
    serving.looked = found
    shown = ", ".join(src.removesuffix("index.md") or "/" for src in made[:3]) + (" ..." if len(made) > 3 else "")
    log.info(f"Paper Notes: {shown} shown in {time.perf_counter() - began:.2f} s; now the rest of the site")
    if serving.shadow is None or not serving.shadow.is_dir():
        serving.shadow = new_shadow(served)
    return True
