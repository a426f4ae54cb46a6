"""Serving: what `mkdocs serve` keeps from one rebuild to the next, and the error overlay.

Every save rebuilds the whole site. A generated page whose inputs (the fingerprint of its
template's context, and of the whole library if its templates read ``site``; the settings; the
templates) have not changed is not rendered again: its body, its finished HTML and its search
entries are taken from the last rebuild, and its search entries go into the index exactly once,
as on a full build. Only `mkdocs serve` keeps pages, on the plugin's instance, which MkDocs keeps
for the whole serve session; `mkdocs build` starts from nothing.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import mkdocs
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer

from ..build import Carried
from ..datafiles import Layout
from ..devserver import with_overlay
from ..pages import TEMPLATES, overlay_html
from ..problems import Problem, display_path
from ..siteassets import ASSETS
from ..templatecache import CompiledTemplates
from ..toc import TocEntry

if TYPE_CHECKING:
    from . import firstlook

log = logging.getLogger("mkdocs.plugins.paper_notes")


class DataFileError(PluginError):
    """The data is invalid; raised before the build writes anything. Carries every problem."""

    def __init__(self, message: str, problems: list[Problem]) -> None:
        super().__init__(message)
        self.problems = problems


@dataclass
class Kept:
    """A generated page as the last rebuild made it, and the fingerprints of what it was made from."""

    key: str  # settings, the page's inputs and, if it read ``site``, the whole library
    html: str
    toc: list[TocEntry]
    anchors: set[str]
    reads_site: bool = False  # its templates read the whole library: its key covers the library
    chrome: str | None = None  # what the theme drew around it
    output: bytes | str | None = None  # the finished page (compressed: ten thousand pages add up; as it is from the worker)
    entries: list[dict[str, Any]] | None = None  # its search entries


@dataclass
class KeptPages:
    """What one `mkdocs serve` session carries from rebuild to rebuild; lives on the plugin's instance."""

    pages: dict[str, Kept] = field(default_factory=dict)  # by source path
    carried: Carried = field(default_factory=Carried)  # parsed data files and BibTeX entries
    compiled: CompiledTemplates = field(default_factory=CompiledTemplates)


def settings_key(config: MkDocsConfig) -> str:
    """mkdocs.yml, the settings as resolved (environment variables included), the templates and today's date."""
    import material

    parts: list[Any] = [dt.date.today(), mkdocs.__version__, material.__version__]
    if config.config_file_path and Path(config.config_file_path).is_file():
        parts.append(Path(config.config_file_path).read_bytes().hex())
    for name in ("site_name", "site_url", "site_description", "site_author", "repo_url", "repo_name", "edit_uri",
                 "edit_uri_template", "copyright", "use_directory_urls", "extra", "extra_css", "extra_javascript"):  # fmt: skip
        parts.append((name, repr(config.get(name))))
    parts.append(repr(sorted((k, repr(v)) for k, v in dict(config.theme).items())))
    material_templates = Path(material.__file__).parent / "templates"
    for folder in map(Path, config.theme.dirs):
        if folder.resolve() == material_templates.resolve():
            continue  # Material's own, fixed by its version
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                stat = path.stat()
                parts.append((str(path), stat.st_mtime_ns, stat.st_size))
    return hashlib.blake2b(repr(parts).encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()


def nav_key(items: list[Any]) -> list[Any]:
    """The navigation as plain values: titles, addresses and nesting."""
    return [(type(item).__name__, item.title, getattr(item, "url", None), nav_key(item.children or [])) for item in items]


def watch(server: LiveReloadServer, config: MkDocsConfig, root: Path, data: Path) -> list[Path]:
    """A save to the data, to the site's template overrides (theme.custom_dir) or to our templates rebuilds the site.

    MkDocs watches the docs folder and mkdocs.yml; theme folders only with --watch-theme. ``root`` is the
    project's folder, which is not watched whole (the data file may lie in it). Returns the paths watched for
    the data: the data file and its folders, and any folder of mkdocs.yml's ``watch`` that holds them or is in
    the data's folder."""
    layout = Layout(data)
    paths = [data, layout.folder if layout.folder.is_dir() or data.parent == root else data.parent]
    if not layout.readers_folder.is_relative_to(paths[1]):  # a reading group's notes: data/readers/<reader>/<paper>.yaml
        paths.append(layout.readers_folder)
    data_paths = [p for p in paths if p.exists()]
    paths += [Path(p) for p in (config.theme.custom_dir, TEMPLATES, ASSETS) if p]
    watched = {str(p) for p in config.watch}
    for path in dict.fromkeys(paths):
        if path.exists() and str(path) not in watched:
            server.watch(str(path))
    holders = [Path(p) for p in config.watch if any(d.is_relative_to(p) for d in data_paths)]
    return list(dict.fromkeys([*data_paths, *(p for p in holders if p.exists())]))


WRITES = {"created", "modified", "moved", "deleted", "closed"}  # watchdog's event types that change a file ("closed": after writing)
LOCAL_FILE_SYSTEMS = {"ext2", "ext3", "ext4", "xfs", "btrfs", "zfs", "f2fs", "tmpfs", "ramfs", "overlay", "jfs", "reiserfs", "apfs", "hfs"}


def file_system(path: Path) -> str | None:
    """The type of the file system ``path`` is on, from /proc/mounts (Linux); None if not known."""
    try:
        mounts = Path("/proc/mounts").read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    found, longest = None, -1
    target = str(path.resolve())
    for line in mounts:
        fields = line.split()
        if len(fields) < 3:
            continue
        point = fields[1].replace("\\040", " ")
        if (target == point or target.startswith(point.rstrip("/") + "/")) and len(point) > longest:
            found, longest = fields[2], len(point)
    return found


def outermost(paths: list[Path]) -> list[Path]:
    """The folders among ``paths`` that are in none of the others (each watched once, with what is in it)."""
    folders = [p for p in dict.fromkeys(paths) if p.is_dir()]
    return [p for p in folders if not any(p != q and p.is_relative_to(q) for q in folders)]


def notify_saves(server: LiveReloadServer, paths: list[Path]) -> Any:
    """The data watched by the system's own notifications (inotify on Linux), so a save is seen at once.

    MkDocs looks at every watched file every half second (a polling observer, which works on any file
    system). At 10,000 papers, each look walks 10,000 files, holding Python's lock while the page a save
    changed is being made, and the save is seen a quarter of a second later on average. On a local file
    system (Linux's /proc/mounts says which), the data's paths are taken off MkDocs' polling and watched
    here; elsewhere (a network or virtual machine's shared folder, which may send no notifications) both
    watch them, and MkDocs runs one rebuild for both. Returns the started observer, or None."""
    import watchdog.events
    import watchdog.observers

    from . import firstlook  # imports the page module, which imports this one

    if not hasattr(server, "_rebuild_cond") or not hasattr(server, "_want_rebuild"):
        return None  # another MkDocs: its own watcher only
    folders = outermost(paths)
    files = {str(p) for p in paths if not p.is_dir() and not any(p.is_relative_to(q) for q in folders)}

    def ours(path: str) -> bool:
        return path in files or any(Path(path).is_relative_to(folder) for folder in folders)

    def saved(event: Any) -> None:
        if event.event_type not in WRITES:
            return  # a file opened or read (by the rebuild itself, which would start another, and so on)
        changed = [str(p) for p in (event.src_path, getattr(event, "dest_path", "")) if p]
        if event.is_directory or not any(ours(p) and not firstlook.scratch(Path(p).name) for p in changed):
            return
        with server._rebuild_cond:
            server._want_rebuild = True
            server._rebuild_cond.notify_all()

    handler = watchdog.events.FileSystemEventHandler()
    handler.on_any_event = saved  # type: ignore[method-assign]
    observer = watchdog.observers.Observer()
    try:
        for folder in folders:
            observer.schedule(handler, str(folder), recursive=True)
        for parent in dict.fromkeys(Path(f).parent for f in files):  # a data file's folder: that file alone
            observer.schedule(handler, str(parent), recursive=False)
        observer.start()
    except Exception as exc:  # no notifications here (a file system or system without them): the poll still sees saves
        log.debug(f"Paper Notes: saves are seen by MkDocs' polling only ({exc})")
        return None
    return observer


def unpoll(server: LiveReloadServer, observer: Any, paths: list[Path]) -> bool:
    """Take the data's paths off MkDocs' polling when ``observer`` (notify_saves) has them and the file system is local
    (network and virtual machines' shared folders may send no notifications): MkDocs' own watch of them now, and
    its watch of the entries of mkdocs.yml's ``watch`` that hold them, which comes once on_serve is over (mkdocs.yml's
    settings are left as they are: the first look compares them). True if it did."""
    if type(observer).__name__ != "InotifyObserver" or not all(file_system(p) in LOCAL_FILE_SYSTEMS for p in paths):
        return False
    polled = getattr(server, "_watched_paths", {})
    for path in paths:
        while str(path) in polled:
            server.unwatch(str(path))
    taken = {p.resolve() for p in paths}
    polling = server.watch

    def watch(path: str, func: None = None, *, recursive: bool = True) -> None:
        if Path(path).resolve() not in taken:
            polling(path, func, recursive=recursive)

    server.watch = watch  # type: ignore[method-assign]
    shown = ", ".join(f"'{display_path(p, Path.cwd())}'" for p in outermost(paths)) or "the data file"
    log.info(f"Paper Notes: watching {shown} for saves with the system's notifications")
    return True


def keep_serving(server: LiveReloadServer, plugin: Any) -> LiveReloadServer:
    """Under `mkdocs serve`, a save to the data shows on its page first (see firstlook.py), and a save that breaks the
    data keeps the last good site, with the problems on every page.

    The data is checked before the build writes anything, so the previous build is still
    whole; the server would otherwise hold every request until the file is fixed. Every
    failed rebuild prints the full report, the same one again included.
    """
    from . import firstlook  # imports the page module, which imports this one
    rebuild = server.builder
    broken: list[list[Problem]] = [[]]  # the problems of the last rebuild; read by request threads
    serving: firstlook.Serving = plugin.serving_state
    serving.interrupted = firstlook.saved_since(server)
    build_log = logging.getLogger("mkdocs.commands.build")
    for old in [f for f in build_log.filters if isinstance(f, firstlook.QuietInterruption)]:
        build_log.removeFilter(old)  # an earlier serve session's, in this process
    build_log.addFilter(firstlook.QuietInterruption(plugin))

    def keep_last_good_site() -> None:
        served = Path(server.root)
        found = firstlook.now(plugin)
        rest = firstlook.rest_due(serving, found)
        if not rest and not broken[0] and firstlook.nothing_changed(serving.last, found):
            return  # an editor's scratch file, or a save already built: the served site is the fresh build
        if not rest and not broken[0] and firstlook.first_look(plugin, server, found):
            firstlook.schedule_rebuild(server)  # the rest of the site, unless another save comes first
            return
        serving.looked = None
        serving.rest = rest
        began = time.perf_counter()
        try:
            rebuild()
        except firstlook.Interrupted:
            log.info("Paper Notes: a save came while the rest of the site was rebuilt; it is shown first")
            return
        except SystemExit as exc:
            error = exc.__context__
            if not isinstance(error, DataFileError):
                raise
            broken[0] = error.problems
            _report_again(str(error))
            log.warning("Still serving the last good build, with the problems above on every page; fix them and save.")
        else:
            broken[0] = []
            if rest and serving.shadow is not None:
                reload = firstlook.move_into(serving.shadow, served, serving.take_requested())
                # said by us: MkDocs prints its own 'Documentation built in ...' only when the figure is new
                log.info(f"Paper Notes: the rest of the site is up to date ({time.perf_counter() - began:.2f} s)")
                if reload:
                    firstlook.reload_browsers(server)
        finally:
            serving.rest = serving.stopping = False

    server.builder = keep_last_good_site
    app = server.get_app()
    assert app is not None  # set by LiveReloadServer itself
    app = with_overlay(app, lambda: overlay_html(broken[0]) if broken[0] else None)
    server.set_app(_noting_pages(app, serving, server.mount_path))
    return server


def _noting_pages(app: Any, serving: firstlook.Serving, mount: str) -> Any:
    """Note the pages browsers ask for: after a first look, they reload again only if one of those changed."""

    def wrapped(environ: dict[str, Any], start_response: Any) -> Any:
        path = str(environ.get("PATH_INFO", ""))
        if path.startswith(mount) and not path.startswith("/livereload/"):
            rel = path[len(mount):].lstrip("/")
            if rel == "" or rel.endswith("/"):
                rel += "index.html"
            if rel.endswith(".html"):
                serving.asked(rel)
        return app(environ, start_response)

    return wrapped


def _report_again(message: str) -> None:
    """Let MkDocs print this report again next time: it drops log messages it has printed before."""
    for log_filter in logging.getLogger("mkdocs.commands.build").filters:
        printed = getattr(log_filter, "msgs", None)
        if isinstance(printed, set):
            printed.discard(message)
