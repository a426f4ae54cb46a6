"""MkDocs hooks: wire the build's events to the adapter. Listed under ``hooks:`` in mkdocs.yml.

MkDocs imports this file on its own, so the project folder is put on ``sys.path`` to
reach the ``macros`` package beside it.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Callable

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

_ROOT = str(Path(__file__).resolve().parent.parent)
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from macros import adapter  # noqa: E402


def on_startup(command: str, dirty: bool) -> None:
    adapter.serving(command, dirty)


@event_priority(100)  # before mkdocs-macros' on_config, which registers the page macros
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    adapter.start(config)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    return adapter.add_pages(config, files)


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    return adapter.page_content(config, page, html)


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    adapter.keep_nav(config, nav)
    return nav


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    adapter.reuse_pages(config, env, files)
    return env


@event_priority(-100)  # after Material's search, which skips the pages this indexes
def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    adapter.index_for_search(config, page)
    return context


@event_priority(100)  # before other plugins' post-page steps: see adapter.add_head
def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return adapter.add_head(config, page, output)


@event_priority(-100)  # after Material's search has written its index: it is written again, in two parts
def on_post_build(config: MkDocsConfig) -> None:
    adapter.finish(config)


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: Callable[..., Any]) -> LiveReloadServer:
    return adapter.keep_serving(server)
