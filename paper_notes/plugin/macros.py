"""Hand-written pages: the macros mkdocs-macros gives them ({{ home() }}, {{ reading_log() }}...), and their HTML put
back in place with their headings in the page's table of contents."""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

from ..pages import MACROS, RenderError
from . import search
from .page import ANCHOR, FileUrls, merged_toc, toc
from .site import SiteBuild


def page_macros(current_site: Callable[[], SiteBuild], current_page: Callable[[], Page]) -> dict[str, Callable[[], Markup]]:
    """The mkdocs-macros functions of hand-written pages, for the build in progress."""

    def macro(name: str) -> Callable[[], Markup]:
        def show() -> Markup:
            site, page = current_site(), current_page()
            try:
                rendered = site.build.macro(name, FileUrls(site.files, page.file))
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


def page_content(site: SiteBuild, page: Page, content: str) -> str:
    """A hand-written page with its macros' HTML in place, and its table of contents completed with their headings."""
    shown = site.macro_html.pop(page.file.src_uri, None)
    if shown:
        marks = re.compile(f"<!--{site.nonce}:(\\d+)-->")
        options = page.meta.get("search") or {}
        if not options.get("exclude"):  # indexed by index_for_search, without the listings Material would skip
            searched = search.excluded_sections_cut(marks.sub(lambda match: search.excluded_blocks_cut(shown[int(match[1])]), content))
            site.search_views[page.file.src_uri] = (searched, dict(page.meta))
            page.meta["search"] = {**options, "exclude": True}
        content = marks.sub(lambda match: shown[int(match[1])], content)
        if page.present_anchor_ids is not None:  # other pages' links to its headings
            page.present_anchor_ids |= {a for html in shown for a in ANCHOR.findall(html)}
    headings = site.macro_headings.pop(page.file.src_uri, None)
    if headings is not None:  # a page showing our macros: h2 and h3, its own and theirs, as on generated pages
        page.toc = toc(merged_toc(content, page.toc, headings))
    return content


def define_env(env: Any) -> None:
    """mkdocs-macros' entry point: register the page macros, for the paper-notes plugin of the same site."""
    from .plugin import PaperNotesPlugin

    config: MkDocsConfig = env.conf
    plugin = next((p for p in config.plugins.values() if isinstance(p, PaperNotesPlugin)), None)
    if plugin is None:
        raise PluginError(
            "Paper Notes: the macros need the paper-notes plugin; list it under plugins: in mkdocs.yml"
            " (plugins: [search, paper-notes, macros])"
        )
    for name, function in page_macros(plugin.current, lambda: env.page).items():
        env.macro(function, name)
