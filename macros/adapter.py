"""The MkDocs adapter: the one module besides the hooks that knows MkDocs and Material.

It turns MkDocs' configuration into the core's plain options, validates the plugin's
options like Material's own config classes, adds a page per record to MkDocs' files,
fills those pages with what the core renders (once, from the record), turns the core's
errors into PluginError, and gives `mkdocs serve` its error overlay. The state of a
build lives on one object, made when the build starts and closed when it ends.
"""
from __future__ import annotations

import datetime as dt
import gc
import hashlib
import html
import logging
import re
import secrets
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import jinja2
import jinja2.bccache
import mkdocs
from markupsafe import Markup
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents, get_toc
from mkdocs.utils import get_relative_url

from .build import DEFAULT_BRANCH, DEFAULT_DATA, Build, BuildError, Carried, DataProblems, GeneratedPage, Options
from .devserver import with_overlay
from .pages import MACROS, TEMPLATES, RenderError, overlay_html
from .problems import Problem
from .search import compound_parts, segmented
from .searchindex import DEFAULT_EXCERPT, Settings, slim_page
from .searchindex import write as write_search_index
from .toc import Heading, TocEntry, nest
from .yamlsource import ParsedFiles

log = logging.getLogger("mkdocs.plugins.paper_notes")

SEARCH_PLUGIN = "material/search"
WORKER = "paper-notes-search.js"  # overrides/assets/javascripts/workers/: runs Material's search worker
_ATTRIBUTE = "paper_notes_build"  # where a build's state hangs on MkDocs' config object


class PaperNotesConfig(base.Config):
    """The options under ``extra.paper_notes`` in mkdocs.yml."""

    # the data file, relative to mkdocs.yml (the trailing underscore is MkDocs' way to name the option 'data')
    data_ = c.Type(str, default=DEFAULT_DATA)
    branch = c.Type(str, default=DEFAULT_BRANCH)  # the branch edit links open
    # characters of each section of a generated page that search keeps as written; after them, only new words
    search_excerpt = c.Type(int, default=DEFAULT_EXCERPT)


class DataFileError(PluginError):
    """The data is invalid; raised before the build writes anything. Carries every problem."""

    def __init__(self, message: str, problems: list[Problem]) -> None:
        super().__init__(message)
        self.problems = problems


@dataclass
class SiteBuild:
    """One MkDocs build of the site: the core's Build, and what MkDocs needs to place its pages."""

    build: Build
    generated: dict[str, GeneratedPage] = field(default_factory=dict)  # by source path
    files: dict[str, File] = field(default_factory=dict)
    macro_headings: dict[str, list[Heading]] = field(default_factory=dict)  # hand-written pages' macro output
    macro_html: dict[str, list[str]] = field(default_factory=dict)  # what their macros showed, by source path
    nonce: str = field(default_factory=lambda: secrets.token_hex(8))  # marks where a macro's HTML goes
    search_excerpt: int = DEFAULT_EXCERPT
    search_settings: Settings | None = None  # made on first use, once Material has completed its options
    worker_checked: bool = False  # whether a page was seen loading our search worker
    settings: str = ""  # fingerprint of mkdocs.yml, the templates and the day, when pages are kept
    nav: Navigation | None = None
    chrome: str | None = None  # fingerprint of what the theme draws around every page (the nav...) and of search
    search_views: dict[str, tuple[str, dict[str, Any]]] = field(default_factory=dict)  # hand-written pages, for search
    rebuild: bool = False  # under `mkdocs serve`, after the first build


# --- pages kept between rebuilds under `mkdocs serve` -------------------------------------------------------
#
# Every save rebuilds the whole site. A generated page whose inputs (the fingerprint of its
# template's context, the settings, the templates) have not changed is not rendered again: its
# body, its finished HTML and its search entries are taken from the last rebuild. Its search entries
# go into the index exactly once, as on a full build. Only `mkdocs serve` keeps pages, in memory; a
# plain build starts from nothing.

SERVING = False  # set by on_startup for `mkdocs serve`


@dataclass
class _Kept:
    """A generated page as the last rebuild made it, and the fingerprints of what it was made from."""

    key: str  # settings and the page's inputs
    html: str
    toc: list[TocEntry]
    anchors: set[str]
    chrome: str | None = None  # what the theme drew around it
    output: bytes | None = None  # the finished page (compressed: ten thousand pages add up)
    entries: list[dict[str, Any]] | None = None  # its search entries


_KEPT: dict[str, _Kept] = {}  # by source path
_CARRIED = Carried()  # parsed data files and BibTeX entries


class _CompiledTemplates(jinja2.BytecodeCache):
    """Templates compiled by earlier rebuilds (Jinja checks each against its source before using it)."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _CompiledTemplates()


def serving(command: str, dirty: bool) -> None:
    """`mkdocs serve` keeps unchanged pages between rebuilds; ``mkdocs build`` does not."""
    global SERVING
    SERVING = command == "serve"
    _KEPT.clear()
    _CARRIED.parsed, _CARRIED.bibtex = ParsedFiles(), {}
    if dirty:
        log.warning(
            "Paper Notes: --dirty is not needed (a save re-renders only the pages it changes) and breaks search:"
            " Material appends a second copy of every page to the index on each rebuild. Use plain `mkdocs serve`."
        )


def _settings_key(config: MkDocsConfig) -> str:
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


def _nav_key(items: list[Any]) -> list[Any]:
    return [(type(item).__name__, item.title, getattr(item, "url", None), _nav_key(item.children or [])) for item in items]


def keep_nav(config: MkDocsConfig, nav: Navigation) -> None:
    current(config).nav = nav


def reuse_pages(config: MkDocsConfig, env: jinja2.Environment, files: Files) -> None:
    """Before the theme draws the pages: unchanged generated pages take their finished HTML from the last rebuild."""
    site = current(config)
    if not SERVING or site.nav is None:
        return
    env.bytecode_cache = _COMPILED
    site.chrome = hashlib.blake2b(
        repr((site.settings, _nav_key(site.nav.items), site.build.search_terms)).encode("utf-8", "surrogatepass"),
        digest_size=20,
    ).hexdigest()
    reused = 0
    for file in files.documentation_pages():
        page = file.page
        if isinstance(page, RecordPage) and page.kept is not None:
            kept = page.kept
            if kept.chrome == site.chrome and kept.output is not None and kept.entries is not None:
                page.reused = True
                page.meta["template"] = KEPT_TEMPLATE
                reused += 1
    if site.rebuild:
        log.info(f"Paper Notes: {reused:,} of {len(site.generated):,} generated pages unchanged since the last build")


KEPT_TEMPLATE = "paper_notes/kept.html"


def plugin_options(config: MkDocsConfig) -> PaperNotesConfig:
    """``extra.paper_notes``, checked like any MkDocs plugin's options; errors stop the build."""
    raw = config.extra.get("paper_notes") or {}
    if not isinstance(raw, dict):
        raise PluginError(f"extra.paper_notes in mkdocs.yml must be a mapping of options, not {raw!r}")
    options = PaperNotesConfig(config_file_path=config.config_file_path)
    options.load_dict(raw)
    errors, warnings = options.validate()
    for name, warning in warnings:
        log.warning(f"extra.paper_notes.{name}: {warning}")
    if not errors and options.search_excerpt < 0:
        errors.append(("search_excerpt", c.ValidationError("a number of characters, 0 or more")))
    if errors:
        raise PluginError("; ".join(f"extra.paper_notes.{name}: {error}" for name, error in errors))
    return options


def start(config: MkDocsConfig) -> SiteBuild:
    """Load the data for a new build (every rebuild under `mkdocs serve` starts here)."""
    gc.unfreeze()  # what a failed build before this one froze
    options = plugin_options(config)
    search: Any = config.plugins.get(SEARCH_PLUGIN)
    searching = search is not None and search.config.enabled
    core = Options(
        root=Path(config.config_file_path or "mkdocs.yml").resolve().parent,
        docs_dir=Path(config.docs_dir),
        site_name=config.site_name,
        site_url=config.site_url or None,
        data=options.data_,
        repo_url=config.repo_url or "",
        branch=options.branch,
        markdown_extensions=list(config.markdown_extensions),
        markdown_configs=dict(config.mdx_configs),
        search=searching,
        search_separator=search.config.separator if searching else None,
        carried=_CARRIED if SERVING else None,
    )
    try:
        build = Build(core)
    except DataProblems as exc:
        raise DataFileError(str(exc), exc.problems) from None
    except BuildError as exc:
        raise PluginError(str(exc)) from None
    for warning in build.warnings:
        log.warning(str(warning))
    # the library lives as long as the build: spare the garbage collector from walking it again and again
    gc.freeze()
    # our templates come last: a theme's custom_dir can override them, as it overrides Material's partials
    config.theme.dirs.append(str(TEMPLATES))
    site = SiteBuild(build, settings=_settings_key(config) if SERVING else "", search_excerpt=options.search_excerpt)
    setattr(config, _ATTRIBUTE, site)
    return site


def current(config: MkDocsConfig) -> SiteBuild:
    """The build in progress."""
    site = getattr(config, _ATTRIBUTE, None)
    if site is None:
        raise PluginError("Paper Notes: the data was not loaded; is 'macros/hooks.py' listed under hooks: in mkdocs.yml?")
    return site


def add_pages(config: MkDocsConfig, files: Files) -> Files:
    """A page per record (kept out of the nav, which Material renders into every page) and the downloads."""
    site = current(config)
    for page in site.build.generated():
        if files.get_file_from_path(page.src) is not None:
            raise PluginError(
                f"docs/{page.src} exists, but that page is generated from the data; remove the file or rename the entry"
            )
        file = File.generated(config, page.src, content="", inclusion=InclusionLevel.NOT_IN_NAV)
        RecordPage(site, page, file, config)  # becomes file.page, which MkDocs then reads and renders
        files.append(file)
        site.generated[page.src] = page
    for src, text in site.build.downloads().items():
        files.append(File.generated(config, src, content=text))
    site.files = {f.src_uri: f for f in files}
    site.rebuild = bool(_KEPT)
    for gone in set(_KEPT) - set(site.generated):
        del _KEPT[gone]
    # the theme's Jinja environment, so a site's overrides (theme.custom_dir) apply to our templates too;
    # made here because MkDocs renders page content before it announces its own environment (on_env)
    env = config.theme.get_env()
    if SERVING:
        env.bytecode_cache = _COMPILED
    site.build.use_templates(env)
    return files


@dataclass(frozen=True)
class _FileUrls:
    """Addresses as MkDocs lays out the site, relative to one page."""

    files: dict[str, File]
    page: File

    def doc(self, src: str) -> str:
        target = self.files.get(src)
        if target is None:
            raise PluginError(f"Paper Notes: a template links to '{src}', but the site has no such page")
        return target.url_relative_to(self.page)

    def asset(self, src: str) -> str:
        if src.startswith(("http://", "https://")):
            return src
        return get_relative_url(src, self.page.url)


_ID = re.compile(r'\sid="([^"]+)"')


class RecordPage(Page):
    """A page made from a record: no Markdown source, its HTML rendered once from the record by its template.

    MkDocs reads a page's source and runs Python-Markdown over it; a record's page has neither
    step to do, so this page sets its metadata and HTML directly. Everything after (plugins'
    page events, the theme, search) sees an ordinary page.
    """

    def __init__(self, site: SiteBuild, generated: GeneratedPage, file: File, config: MkDocsConfig) -> None:
        super().__init__(None, file, config)
        self.paper_notes = (site, generated)
        self.edit_url = generated.edit_url
        self.kept: _Kept | None = None  # under `mkdocs serve`: what this and the next rebuild can reuse
        self.reused = False  # the finished page comes from the last rebuild

    def kept_output(self) -> Markup:
        """The finished page the last rebuild made (for the 'paper_notes/kept.html' template)."""
        assert self.kept is not None and self.kept.output is not None
        return Markup(zlib.decompress(self.kept.output).decode("utf-8"))

    def read_source(self, config: MkDocsConfig) -> None:
        _, generated = self.paper_notes
        self.markdown = ""
        self.meta = {
            "render_macros": False,  # data is data: mkdocs-macros leaves these pages alone
            # Material prints the title unescaped in <title>, the header and search results
            "title": html.escape(generated.title, quote=False),
            "hide": ["navigation"],  # not in the nav: the sidebar would be empty
        }
        if generated.description:
            self.meta["description"] = html.escape(generated.description)
        # Material's search skips the page; index_for_search gives it the page without its excluded sections
        self.meta["search"] = {"exclude": True}
        if generated.tags:
            # indexed for search (a paper's aliases, a topic's name) but not shown: the tags plugin is off;
            # Material renders them in results as HTML, so they are escaped too
            self.meta["tags"] = [html.escape(tag, quote=False) for tag in generated.tags]

    def render(self, config: MkDocsConfig, files: Files) -> None:
        site, generated = self.paper_notes
        key = site.build.page_key(generated) if SERVING else None
        kept = _KEPT.get(generated.src)
        if key is None or kept is None or kept.key != site.settings + key:
            try:
                rendered = site.build.render(generated, _FileUrls(site.files, self.file))
            except RenderError as exc:
                raise PluginError(str(exc)) from None
            kept = _Kept(site.settings + (key or ""), rendered.html, rendered.toc, set(_ID.findall(rendered.html)))
            if key is not None:
                _KEPT[generated.src] = kept
            else:
                _KEPT.pop(generated.src, None)
        self.kept = kept if key is not None else None
        self.content = kept.html
        self.toc = _toc(kept.toc)
        self.present_anchor_ids = set(kept.anchors)  # for other pages' links to its headings
        self.links_to_anchors = {}


# a section whose heading our templates mark data-search-exclude, up to the next heading
_EXCLUDED_SECTION = re.compile(r'<h[1-6] id="[^"]*" data-search-exclude>.*?(?=<h[1-6][\s>]|\Z)', re.S)


# an element our templates mark data-search-exclude (headings aside: they exclude a whole section)
_EXCLUDED_BLOCK = re.compile(r"<(?!h[1-6][\s>])([a-z][a-z0-9]*)\b[^>]*?\sdata-search-exclude[\s>]")
_VOID = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def search_view(content: str) -> str:
    """A generated page as Material's search indexes it: the sections it would skip (related papers, cite...) cut out.

    Material's indexer parses every tag of a page and then drops the sections whose heading is
    marked data-search-exclude; cutting them first gives it the same entries for less to parse.
    """
    return excluded_blocks_cut(excluded_sections_cut(content))


def excluded_sections_cut(html: str) -> str:
    """The page without the sections whose heading is marked data-search-exclude."""
    return _EXCLUDED_SECTION.sub("", html)


def excluded_blocks_cut(html: str) -> str:
    """Our HTML without the elements marked data-search-exclude (listings: the papers table, the log's days...),
    which Material's indexer would parse tag by tag only to skip. Unchanged if an element is not closed."""
    out: list[str] = []
    position = 0
    while (start := _EXCLUDED_BLOCK.search(html, position)) is not None:
        tag = start[1]
        if tag in _VOID:
            end = html.index(">", start.end() - 1) + 1
        else:
            depth, end = 0, -1
            for mark in re.finditer(rf"<(/?){tag}[\s>]", html[start.start() :]):
                depth += -1 if mark[1] else 1
                if depth == 0:
                    end = html.index(">", start.start() + mark.start()) + 1
                    break
            if end < 0:
                return html
        out.append(html[position : start.start()])
        position = end
    out.append(html[position:])
    return "".join(out)


@dataclass
class _Indexed:
    """What Material's search index reads of a page."""

    meta: dict[str, Any]
    content: str
    toc: TableOfContents
    url: str
    title: str | None


def index_for_search(config: MkDocsConfig, page: Page) -> None:
    """Our pages into Material's search index, as Material would add them, with less HTML to parse.

    Generated pages, and hand-written pages that show our macros, are marked for Material's indexer
    to skip; they are added here, from the page as it would see it less what it would skip anyway.
    """
    search: Any = config.plugins.get(SEARCH_PLUGIN)
    if search is None or not search.config.enabled or page.content is None:
        return
    entries: list[dict[str, Any]] = search.search_index.entries
    if isinstance(page, RecordPage):
        if page.reused:
            assert page.kept is not None and page.kept.entries is not None
            entries.extend(page.kept.entries)
            return
        meta = {key: value for key, value in page.meta.items() if key not in ("search", "template")}
        content = search_view(page.content)
    else:
        viewed = current(config).search_views.pop(page.file.src_uri, None)
        if viewed is None:
            return
        content, meta = viewed
        # Material has skipped it: its metadata is the author's again before the theme sees it
        if "search" in meta:
            page.meta["search"] = meta["search"]
        else:
            del page.meta["search"]
    view = _Indexed(meta, content, page.toc, page.url, page.title)
    before = len(entries)
    search.search_index.add_entry_from_context(view)
    if isinstance(page, RecordPage):
        _, generated = page.paper_notes
        byline = html.escape(segmented(", ".join(generated.byline)), quote=False) if generated.byline else None
        entries[before:] = slim_page(entries[before:], byline, search_settings(config, search))
        if page.kept is not None:
            page.kept.entries = entries[before:]


def search_settings(config: MkDocsConfig, search: Any) -> Settings:
    """How generated pages' search entries are cut, from Material's search options and ours."""
    site = current(config)
    if site.search_settings is None:
        options = search.config
        site.search_settings = Settings.of(
            options.separator, options.pipeline or (), options.lang or ("en",), site.search_excerpt,
            compound_parts if site.build.search_terms else None,
        )  # fmt: skip
    return site.search_settings


def write_search(config: MkDocsConfig) -> None:
    """Material has written its index; write it again in two parts, UTF-8 (see macros/searchindex.py)."""
    search: Any = config.plugins.get(SEARCH_PLUGIN)
    if search is None or not search.config.enabled:
        return
    index = search.search_index
    options = {key: search.config[key] for key in ("lang", "separator", "pipeline", "fields")}
    write_search_index(config.site_dir, options, index.entries)


def page_content(config: MkDocsConfig, page: Page, content: str) -> str:
    """A hand-written page with its macros' HTML in place, and its table of contents completed with their headings."""
    site = current(config)
    shown = site.macro_html.pop(page.file.src_uri, None)
    if shown:
        marks = re.compile(f"<!--{site.nonce}:(\\d+)-->")
        search = page.meta.get("search") or {}
        if not search.get("exclude"):  # indexed by index_for_search, without the listings Material would skip
            searched = excluded_sections_cut(marks.sub(lambda match: excluded_blocks_cut(shown[int(match[1])]), content))
            site.search_views[page.file.src_uri] = (searched, dict(page.meta))
            page.meta["search"] = {**search, "exclude": True}
        content = marks.sub(lambda match: shown[int(match[1])], content)
        if page.present_anchor_ids is not None:  # other pages' links to its headings
            page.present_anchor_ids |= {a for html in shown for a in _ID.findall(html)}
    headings = site.macro_headings.pop(page.file.src_uri, None)
    if headings is not None:  # a page showing our macros: h2 and h3, its own and theirs, as on generated pages
        page.toc = _toc(_merged(content, page.toc, headings))
    return content


def _toc(entries: list[TocEntry]) -> TableOfContents:
    def token(entry: TocEntry) -> dict[str, Any]:
        return {"level": entry.level, "id": entry.id, "name": entry.title, "children": [token(e) for e in entry.children]}

    return get_toc(cast(Any, [token(e) for e in entries]))


def _merged(content: str, toc: TableOfContents, ours: list[Heading]) -> list[TocEntry]:
    """The page's own Markdown headings and the ones our macros wrote, in the order they appear."""

    def flat(links: list[AnchorLink]) -> list[Heading]:
        return [h for link in links for h in (Heading(link.level, link.id, link.title), *flat(link.children))]

    headings = flat(list(toc)) + ours
    position = {h.id: content.find(f'id="{h.id}"') for h in headings}
    return nest(sorted(headings, key=lambda h: position[h.id]))


def page_macros(config: MkDocsConfig, current_page: Callable[[], Page]) -> dict[str, Callable[[], Markup]]:
    """The mkdocs-macros functions of hand-written pages: {{ home() }}, {{ reading_log() }}..."""
    site = current(config)

    def macro(name: str) -> Callable[[], Markup]:
        def show() -> Markup:
            page = current_page()
            try:
                rendered = site.build.macro(name, _FileUrls(site.files, page.file))
            except RenderError as exc:
                raise PluginError(str(exc)) from None
            site.macro_headings.setdefault(page.file.src_uri, []).extend(rendered.headings)
            # Markdown gets a mark in place of the HTML, which page_content puts back: a listing of every
            # paper is finished HTML, and Python-Markdown would otherwise scan all of it for nothing
            shown = site.macro_html.setdefault(page.file.src_uri, [])
            shown.append(rendered.html)
            return Markup(f"<!--{site.nonce}:{len(shown) - 1}-->\n")

        return show

    return {name: macro(name) for name in MACROS}


def add_head(config: MkDocsConfig, page: Page, output: str) -> str:
    """Every page's <head> gets the feed link; a paper's page its citation and link-preview tags.

    Runs before other plugins' post-page steps, so that a page kept for the next rebuild is kept as
    the theme and we made it, and those steps run on it once, as on any page.
    """
    site = current(config)
    if isinstance(page, RecordPage) and page.reused:
        page.content = ""
        return output  # the finished page of the last rebuild, head included
    try:
        head = site.build.head(page.file.src_uri, _FileUrls(site.files, page.file))
    except RenderError as exc:
        raise PluginError(str(exc)) from None
    at = output.find("</head>")
    output = output if at < 0 else output[:at] + head + "\n" + output[at:]
    if not site.worker_checked:
        check_search_worker(config, output)
        site.worker_checked = True
    if isinstance(page, RecordPage):
        if page.kept is not None and site.chrome is not None:
            page.kept.chrome = site.chrome
            page.kept.output = zlib.compress(output.encode("utf-8"), 1)
        # the body is in the finished page now: MkDocs would hold a second copy of every page to the end
        page.content = ""
    return output


_WORKER = re.compile(r'"search":\s*"[^"]*/workers/([^"/?]+)')


def check_search_worker(config: MkDocsConfig, output: str) -> None:
    """Pages must load our search worker: Material's alone would search the pages' names only, silently."""
    search: Any = config.plugins.get(SEARCH_PLUGIN)
    worker = _WORKER.search(output)
    if search is None or not search.config.enabled or worker is None or worker[1] == WORKER:
        return
    raise PluginError(
        f"Paper Notes: pages load Material's search worker ({worker[1]}), which would search only the pages'"
        f" names: search's sections are in search/search_sections.json, which {WORKER} loads. Keep"
        " 'custom_dir: overrides' under theme: in mkdocs.yml, with overrides/main.html and"
        f" overrides/assets/javascripts/workers/{WORKER} from the project."
    )


def finish(config: MkDocsConfig) -> None:
    """The build is over: search's index is written in its two parts."""
    site = getattr(config, _ATTRIBUTE, None)
    if site is not None:
        write_search(config)
        site.build.close()
        delattr(config, _ATTRIBUTE)
    gc.unfreeze()


def keep_serving(server: LiveReloadServer) -> LiveReloadServer:
    """Under `mkdocs serve`, a save that breaks the data keeps the last good site, with the problems on every page.

    The data is checked before the build writes anything, so the previous build is still
    whole; the server would otherwise hold every request until the file is fixed. Every
    failed rebuild prints the full report, the same one again included.
    """
    rebuild = server.builder
    broken: list[list[Problem]] = [[]]  # the problems of the last rebuild; read by request threads

    def keep_last_good_site() -> None:
        try:
            rebuild()
        except SystemExit as exc:
            error = exc.__context__
            if not isinstance(error, DataFileError):
                raise
            broken[0] = error.problems
            _report_again(str(error))
            log.warning("Still serving the last good build, with the problems above on every page; fix them and save.")
        else:
            broken[0] = []

    server.builder = keep_last_good_site
    app = server.get_app()
    assert app is not None  # set by LiveReloadServer itself
    server.set_app(with_overlay(app, lambda: overlay_html(broken[0]) if broken[0] else None))
    return server


def _report_again(message: str) -> None:
    """Let MkDocs print this report again next time: it drops log messages it has printed before."""
    for log_filter in logging.getLogger("mkdocs.commands.build").filters:
        printed = getattr(log_filter, "msgs", None)
        if isinstance(printed, set):
            printed.discard(message)
