"""The paper-notes MkDocs plugin: each build event handed to the module that does that work.

State lives on the instance. MkDocs keeps the instance for a whole `mkdocs serve` session (the
plugin has on_startup), so what one rebuild hands the next (pages kept, files parsed) is kept
here, and the build in progress is ``self.site`` from on_config until on_post_build.
"""
from __future__ import annotations

import logging
from typing import Any, Callable

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from ..library import Library
from . import ahead, assets, firstlook, search, serve
from .config import PaperNotesConfig
from .macros import page_content
from .output import finish_page, reuse_pages
from .page import RecordPage
from .site import SiteBuild, add_pages, project_root, quiet_macros, start, theme_filters

log = logging.getLogger("mkdocs.plugins.paper_notes")


class PaperNotesPlugin(BasePlugin[PaperNotesConfig]):
    """Pages made from a library of reading notes: one per paper, topic, collection, journal entry and author."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.serving = False
        self.dirty = False
        self.kept = serve.KeptPages()  # used under `mkdocs serve` only
        self.serving_state = firstlook.Serving()  # likewise: the last good build, for a first look at a save
        self.site: SiteBuild | None = None
        self._inputs: firstlook.Snapshot = {}
        self._data: firstlook.Snapshot = {}
        self._env: Environment | None = None
        self._files: Files | None = None
        self.ahead: ahead.Ahead | None = None  # the worker finishing generated pages (`mkdocs build` only)
        self.grower: ahead.Grower | None = None  # the process growing the search terms, until the nav is made

    def load_config(self, options: dict[str, Any], config_file_path: str | None = None) -> Any:
        """MkDocs' checks, and a misspelt option is an error: a typo in ``data`` would build the sample library."""
        errors, warnings = super().load_config(options, config_file_path)
        unknown = [(name, w) for name, w in warnings if "Unrecognised configuration name" in str(w)]
        return errors + unknown, [item for item in warnings if item not in unknown]

    def current(self) -> SiteBuild:
        """The build in progress."""
        if self.site is None:
            raise PluginError("Paper Notes: no build is in progress (the data is loaded when MkDocs reads mkdocs.yml)")
        return self.site

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        self.dirty = dirty
        self.kept = serve.KeptPages()
        self.serving_state.close()
        self.serving_state = firstlook.Serving()
        if dirty:
            log.warning(
                "Paper Notes: --dirty is not needed (a save re-renders only the pages it changes) and breaks search:"
                " Material appends a second copy of every page to the index on each rebuild. Use plain `mkdocs serve`."
            )

    @event_priority(100)  # before mkdocs-macros' on_config, which registers the page macros
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if "paper_notes" in (config.extra or {}):
            raise PluginError(
                "Paper Notes: options now go under the plugin: move extra.paper_notes in mkdocs.yml to"
                " plugins: - paper-notes: (data, branch, search_excerpt), and remove 'hooks: - macros/hooks.py'"
            )
        quiet_macros()
        search.separate_chinese(config)
        if self.serving:
            shadow = self.serving_state.shadow
            if self.serving_state.rest and shadow is not None:
                config.site_dir = str(shadow)  # after a first look: the rebuild goes beside the served folder
            self._inputs, self._data = firstlook.state(config, (project_root(config) / self.config.data_).resolve())
        if self.site is not None:
            self.site.close()  # a build that stopped before its end
        self.stop_ahead()
        # a build that may fork a second process (plugin/ahead.py) grows the search terms from the notes in a third,
        # forked as soon as the library is loaded, while this one loads the rest
        parallel = self.config.parallel and not self.serving and ahead.usable(config) is None

        def loaded(library: Library) -> None:
            self.grower = ahead.Grower.fork(library)

        self.site = start(
            config, self.config, self.kept if self.serving else None, grow_later=parallel, loaded=loaded if parallel else None
        )
        assets.add_to_config(config, self.config.assets, group=self.site.build.library.group)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assets.add_files(config, files, self.config.assets, group=self.current().build.library.group)
        return add_pages(self.current(), config, files)

    @event_priority(-100)  # the nav as every plugin left it: the worker starts from it
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        site = self.current()
        site.nav = nav
        grower, self.grower = self.grower, None
        self.stop_ahead()
        if site.build.options.grow_later:  # the second process may be used (on_config)
            if grower is not None:
                grower.adopt(site)  # taught before the fork: both processes index with them
            else:
                site.build.grow_search_terms()
            self.ahead = ahead.start(site, config, files, nav)
        elif grower is not None:
            grower.close()
        return nav

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        site = self.current()
        theme_filters(env, site, config)
        self._env, self._files = env, files
        env.bytecode_cache = site.compiled
        if site.kept is not None and site.nav is not None:
            reused = reuse_pages(site, files)
            if site.rebuild:
                log.info(f"Paper Notes: {reused:,} of {len(site.generated):,} generated pages unchanged since the last build")
        return env

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if self.serving_state.rest and self.serving_state.interrupted():
            self.serving_state.stopping = True
            raise firstlook.Interrupted  # a save came: answer it first, then start the rest again
        return page_content(self.current(), page, html)

    @event_priority(-100)  # after Material's search, which skips the pages this indexes
    def on_page_context(self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation) -> TemplateContext:
        if isinstance(page, RecordPage) and page.ahead:
            assert self.ahead is not None and self._env is not None and self._files is not None
            ahead.place(self.current(), self.ahead, page, context, config, self._env, self._files)
        search.index_for_search(self.current(), config, page)
        return context

    @event_priority(100)  # before other plugins' post-page steps: a kept page is kept as the theme and we made it
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        return finish_page(self.current(), config, page, output)

    @event_priority(100)  # before Material's search writes its index
    def _on_post_build_first(self, *, config: MkDocsConfig) -> None:
        if self.site is not None:
            search.leave_index_to_us(config)

    @event_priority(-100)  # after Material's search has written its index (an empty one): it is written here, in two parts
    def _on_post_build_last(self, *, config: MkDocsConfig) -> None:
        site, self.site = self.site, None
        self.stop_ahead()
        if site is not None:
            try:
                search.write_search(config)
                if self.serving and site.nav is not None and self._env is not None and self._files is not None:
                    self.serving_state.last = firstlook.LastBuild(
                        config, self._files, site.nav, self._env, site.build.library, self._inputs, self._data
                    )
            finally:
                site.close(collect=self.serving)
                self._env = self._files = None

    on_post_build = CombinedEvent(_on_post_build_first, _on_post_build_last)

    def on_build_error(self, *, error: Exception) -> None:
        self.stop_ahead()
        site, self.site = self.site, None
        if site is not None:
            site.close(collect=self.serving)

    def stop_ahead(self) -> None:
        """The processes of a build are done with (or, after an error, stopped)."""
        worker, self.ahead = self.ahead, None
        if worker is not None:
            worker.close()
        grower, self.grower = self.grower, None
        if grower is not None:
            grower.close()

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Callable[..., Any]) -> LiveReloadServer:
        root = project_root(config)
        data = serve.watch(server, config, root, (root / self.config.data_).resolve())
        if self.serving_state.observer is None:
            self.serving_state.observer = serve.notify_saves(server, data)
        if self.serving_state.observer is not None:
            serve.unpoll(server, self.serving_state.observer, data)
        return serve.keep_serving(server, self)

    def on_shutdown(self) -> None:
        self.kept = serve.KeptPages()
        self.serving_state.close()

