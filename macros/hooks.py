"""MkDocs hooks: load the data when a build starts and add a page per record.

Listed under ``hooks:`` in mkdocs.yml. MkDocs imports this file on its own, so the
project folder is put on ``sys.path`` to reach the ``macros`` package beside it.
"""
from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

_ROOT = str(Path(__file__).resolve().parent.parent)
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from macros import site  # noqa: E402
from macros.toc import toc_from_html  # noqa: E402


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
