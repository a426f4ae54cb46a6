"""MkDocs hooks: load the data when a build starts and add a page per record.

Listed under ``hooks:`` in mkdocs.yml. MkDocs imports this file on its own, so the
project folder is put on ``sys.path`` to reach the ``macros`` package beside it.
"""
from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any, Callable

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

_ROOT = str(Path(__file__).resolve().parent.parent)
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from macros import site  # noqa: E402
from macros.devserver import with_overlay  # noqa: E402
from macros.problems import Problem  # noqa: E402
from macros.render import overlay_html  # noqa: E402
from macros.site import DataFileError  # noqa: E402
from macros.toc import toc_from_html  # noqa: E402

log = logging.getLogger("mkdocs.plugins.paper_notes")


@event_priority(100)  # before mkdocs-macros' on_config, which calls define_env
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    site.start(config)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    return site.current().add_pages(files, config)


@event_priority(-100)  # after mkdocs-macros has rendered the page
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    site.current().finish_page(page)
    return markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if 'class="pn-page' in html:
        page.toc = toc_from_html(html)
    return html


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: Callable[..., Any]) -> LiveReloadServer:
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
