"""One MkDocs build of the site: the core's Build, made from MkDocs' settings, and the pages it adds."""
from __future__ import annotations

import gc
import logging
import posixpath
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from jinja2 import ChoiceLoader, Environment, FunctionLoader
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation

from ..build import Build, BuildError, DataProblems, GeneratedPage, Options
from ..language import lang_attribute
from ..library import Library
from ..pages import TEMPLATES, THEME_FIXES
from ..searchindex import Settings
from ..templatecache import CompiledTemplates, user_cache_folder
from ..toc import Heading
from .config import PaperNotesConfig
from .page import RecordPage
from .serve import DataFileError, KeptPages, settings_key

log = logging.getLogger("mkdocs.plugins.paper_notes")

SEARCH_PLUGIN = "material/search"


@dataclass
class SiteBuild:
    """One MkDocs build of the site: the core's Build, and what MkDocs needs to place and fill its pages."""

    build: Build
    options: PaperNotesConfig
    kept: KeptPages | None  # under `mkdocs serve`: pages kept from the last rebuild (the plugin's)
    settings: str = ""  # fingerprint of mkdocs.yml, the templates and the day, when pages are kept
    generated: dict[str, GeneratedPage] = field(default_factory=dict)  # by source path
    files: dict[str, File] = field(default_factory=dict)
    macro_headings: dict[str, list[Heading]] = field(default_factory=dict)  # hand-written pages' macro output
    macro_html: dict[str, list[str]] = field(default_factory=dict)  # what their macros showed, by source path
    nonce: str = field(default_factory=lambda: secrets.token_hex(8))  # marks where a macro's HTML goes
    search_settings: Settings | None = None  # made on first use, once Material has completed its options
    worker_checked: bool = False  # whether a page was seen loading our search worker
    nav: Navigation | None = None
    chrome: str | None = None  # fingerprint of what the theme draws around every page (the nav...) and of search
    search_views: dict[str, tuple[str, dict[str, Any]]] = field(default_factory=dict)  # hand-written pages, for search
    rebuild: bool = False  # under `mkdocs serve`, after the first build
    preview: bool = False  # a first look at a save under `mkdocs serve` (plugin/firstlook.py): no search entries
    compiled: CompiledTemplates = field(default_factory=CompiledTemplates)  # every Jinja environment of the build's

    def close(self, collect: bool = False) -> None:
        """The build is over (or failed): drop what it holds, and let the garbage collector see it again (``collect``:
        and collect now; under `mkdocs serve` the next build would freeze what is left of this one, for good)."""
        self.build.close()
        gc.unfreeze()
        if collect:
            gc.collect()


def project_root(config: MkDocsConfig) -> Path:
    """The folder of mkdocs.yml: the data path and edit links are relative to it."""
    return Path(config.config_file_path or "mkdocs.yml").resolve().parent


def search_plugin(config: MkDocsConfig) -> Any | None:
    """Material's search plugin, if the site has it and it is on."""
    search: Any = config.plugins.get(SEARCH_PLUGIN)
    return search if search is not None and search.config.enabled else None


def quiet_jieba() -> None:
    """jieba logs 'Loading model from cache ...' on every build, where Material or we first cut Chinese."""
    try:
        import jieba
    except ImportError:
        return
    jieba.setLogLevel(logging.WARNING)


MACROS_LOGGER = "mkdocs.plugins.mkdocs_macros"


def quiet_macros() -> None:
    """mkdocs-macros logs 7 INFO lines of its set-up (modules, variables, macros) on every build and every save
    under `mkdocs serve`; none asks anything of the user. Its warnings and errors still show, and `mkdocs -v` shows all."""
    verbose = logging.getLogger("mkdocs").getEffectiveLevel() <= logging.DEBUG
    logging.getLogger(MACROS_LOGGER).setLevel(logging.NOTSET if verbose else logging.WARNING)


def fix_theme(config: MkDocsConfig) -> None:
    """Our few partials that make Material's pages accessible go just before Material's own (after a site's custom_dir)."""
    if config.theme.name != "material" or str(THEME_FIXES) in config.theme.dirs:
        return
    dirs = config.theme.dirs
    material = next((i for i, d in enumerate(dirs) if Path(d).name == "templates" and Path(d).parent.name == "material"), None)
    if material is not None:
        dirs.insert(material, str(THEME_FIXES))


THEME_NAV = "paper_notes/theme-nav.html"  # the theme's own partials/nav.html, which ours draws once per folder


class DrawnNav:
    """The nav as the theme drew it for pages that are not in it, by the folder of the page: for such a page, no item
    is active and every link is relative to that folder (paper_notes/theme/partials/nav.html)."""

    def __init__(self) -> None:
        self._drawn: dict[str, str] = {}
        self._in_nav: set[int] | None = None

    def key(self, page: Any, nav: Any, base_url: str) -> str | None:
        """The page's key, or None for a page in the nav (which the theme marks as the current one)."""
        if page is None or nav is None:
            return None
        if self._in_nav is None:
            self._in_nav = {id(p) for p in nav.pages}
        if id(page) in self._in_nav or page.parent is not None:
            return None
        return f"{base_url}\n{posixpath.dirname(page.url.rstrip('/'))}"

    def has(self, key: str) -> bool:
        return key in self._drawn

    def keep(self, key: str, drawn: str) -> str:
        self._drawn[key] = drawn
        return ""

    def get(self, key: str) -> str:
        return self._drawn[key]


def theme_filters(env: Environment, site: SiteBuild, config: MkDocsConfig) -> None:
    """What our partials of the theme use: ``paper_notes_lang``, a lang attribute for text not in the site's language;
    ``paper_notes_nav``, the nav drawn once per folder; and the theme's own nav, as THEME_NAV."""
    language = site.build.options.language
    env.filters["paper_notes_lang"] = lambda text: lang_attribute(text, None, language)
    env.globals["paper_notes_nav"] = DrawnNav()
    dirs = [Path(d) for d in config.theme.dirs]
    after = dirs[dirs.index(THEME_FIXES) + 1 :] if THEME_FIXES in dirs else dirs
    nav = next((d / "partials" / "nav.html" for d in after if (d / "partials" / "nav.html").is_file()), None)
    if nav is not None and env.loader is not None:

        def theme_nav(name: str) -> tuple[str, str, Callable[[], bool]] | None:
            if name != THEME_NAV:
                return None
            mtime = nav.stat().st_mtime
            return nav.read_text(encoding="utf-8"), str(nav), lambda: nav.stat().st_mtime == mtime

        env.loader = ChoiceLoader([env.loader, FunctionLoader(theme_nav)])


def site_language(config: MkDocsConfig) -> str:
    """The language the theme writes on <html lang>, which text in another language is marked against."""
    return str(config.theme.get("language") or config.theme.get("locale") or "en")


def start(
    config: MkDocsConfig, options: PaperNotesConfig, kept: KeptPages | None, quiet: bool = False, preview: bool = False,
    grow_later: bool = False, loaded: Callable[[Library], None] | None = None,
) -> SiteBuild:
    """Load the data for a new build (every rebuild under `mkdocs serve` starts here). ``quiet``: its warnings are
    left to the rebuild that follows; ``preview``: it makes a few pages for a first look, and no search entries
    (the pages themselves do not depend on search); ``grow_later``: the search terms grown from the notes are left
    to a process of their own (plugin/ahead.py: Grower), or to whoever calls Build.grow_search_terms(); ``loaded`` is
    called with the library as soon as it is loaded and valid."""
    # what earlier builds keep (pages, parsed files, records) lives on: the garbage collector need not walk it again
    # and again while this build loads a library as large (SiteBuild.close unfreezes it all)
    gc.freeze()
    search = search_plugin(config)
    if search is not None:
        quiet_jieba()
    core = Options(
        root=project_root(config),
        docs_dir=Path(config.docs_dir),
        site_name=config.site_name,
        site_url=config.site_url or None,
        data=options.data_,
        repo_url=config.repo_url or "",
        branch=options.branch,
        markdown_extensions=list(config.markdown_extensions),
        markdown_configs=dict(config.mdx_configs),
        search=search is not None and not preview,
        search_separator=search.config.separator if search is not None else None,
        carried=kept.carried if kept is not None else None,
        listings=options.listings,
        language=site_language(config),
        grow_later=grow_later,
    )
    collecting = gc.isenabled()
    gc.disable()  # a library is loaded as many objects that all live on: collecting while it grows finds nothing
    try:
        build = Build(core, loaded)
    except DataProblems as exc:
        raise DataFileError(str(exc), exc.problems) from None
    except BuildError as exc:
        raise PluginError(str(exc)) from None
    finally:
        if collecting:
            gc.enable()
    for warning in [] if quiet else build.warnings:
        log.warning(str(warning))
    # the library lives as long as the build: spare the garbage collector from walking it again and again
    gc.freeze()
    # our templates come last: a theme's custom_dir can override them, as it overrides Material's partials
    if str(TEMPLATES) not in config.theme.dirs:
        config.theme.dirs.append(str(TEMPLATES))
    fix_theme(config)
    # compiled templates: those of the last rebuild under serve, and those of earlier processes (in the cache folder)
    compiled = kept.compiled if kept is not None else CompiledTemplates()
    compiled.keep_in(user_cache_folder() / "templates" if options.cache else None)
    return SiteBuild(
        build, options, kept, settings=settings_key(config) if kept is not None else "", preview=preview, compiled=compiled
    )


class LaterFile(File):
    """A generated file whose text is made when MkDocs first reads it (to copy it into the site), not when it is
    added: the downloads are made while the second process makes pages (plugin/ahead.py)."""

    _make: Callable[[], str] | None = None
    _made: str | bytes | None = None

    @classmethod
    def later(cls, config: MkDocsConfig, src: str, make: Callable[[], str]) -> LaterFile:
        file = cls.generated(config, src, content="")
        assert isinstance(file, LaterFile)
        file._made, file._make = None, make
        return file

    @property
    def _content(self) -> str | bytes | None:
        if self._made is None and self._make is not None:
            self._made, self._make = self._make(), None
        return self._made

    @_content.setter
    def _content(self, value: str | bytes | None) -> None:
        self._made, self._make = value, None


def add_pages(site: SiteBuild, config: MkDocsConfig, files: Files) -> Files:
    """A page per record (kept out of the nav, which Material renders into every page), the listings the site
    does not write itself, and the downloads."""
    for page in site.build.generated():
        if files.get_file_from_path(page.src) is not None:
            if page.kind == "listing":
                continue  # the site's own page, which shows the listing with a macro, or not at all
            raise PluginError(
                f"{Path(config.docs_dir).name}/{page.src} exists, but that page is generated from the data;"
                " remove the file or rename the entry"
            )
        inclusion = InclusionLevel.UNDEFINED if page.kind == "listing" else InclusionLevel.NOT_IN_NAV
        file = File.generated(config, page.src, content="", inclusion=inclusion)
        RecordPage(site, page, file, config)  # becomes file.page, which MkDocs then reads and renders
        files.append(file)
        site.generated[page.src] = page
    for src, make in site.build.download_makers().items():
        files.append(LaterFile.later(config, src, make))
    site.files = {f.src_uri: f for f in files}
    if site.kept is not None:
        site.rebuild = bool(site.kept.pages)
        for gone in set(site.kept.pages) - set(site.generated):
            del site.kept.pages[gone]
    # the theme's Jinja environment, so a site's overrides (theme.custom_dir) apply to our templates too;
    # made here because MkDocs renders page content before it announces its own environment (on_env)
    env = config.theme.get_env()
    env.bytecode_cache = site.compiled
    site.build.use_templates(env)
    return files
