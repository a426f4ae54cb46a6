"""Search: our pages into Material's index with less to parse, the index written in two parts, and our worker.

Material's search indexes every page it renders. Generated pages, and hand-written pages that show
our macros, are marked for its indexer to skip; they are added here, from the page as it would see
it less the sections it would skip anyway. When the build ends, the index is written again in two
parts (see ``paper_notes/searchindex.py``), which our search worker loads one after the other.
"""
from __future__ import annotations

import html
import logging
import re
from dataclasses import dataclass
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents

from ..search import segmented
from ..searchindex import Settings, slim_page
from ..searchindex import write as write_search_index
from .page import RecordPage
from .site import SiteBuild, search_plugin

log = logging.getLogger("mkdocs.plugins.paper_notes")

WORKER = "paper-notes-search.js"  # assets/javascripts/workers/: runs Material's search worker
WORKER_SRC = f"assets/javascripts/workers/{WORKER}"

# Material's pages name the worker in their configuration: "search": "<base>/assets/javascripts/workers/search.<hash>.min.js"
_MATERIAL_WORKER = re.compile(r'("search":\s*"[^"]*/workers/)(search\.[^"/?]+)"')
_WORKER = re.compile(r'"search":\s*"[^"]*/workers/([^"/?]+)')

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


def separate_chinese(config: MkDocsConfig) -> None:
    """Search's separator splits on U+200B, which joins the words Chinese text is cut into; a site's own
    separator that does not is given it (Material's default does not), so Chinese words are found."""
    search = search_plugin(config)
    if search is None:
        return
    separator = search.config.separator or r"[\s\-]+"
    if not re.search(separator, "a\u200bb"):
        search.config.separator = f"[\\u200b]+|{separator}"
        log.info("Paper Notes: search's separator also splits on U+200B, which joins the words of Chinese text")


def index_for_search(site: SiteBuild, config: MkDocsConfig, page: Page) -> None:
    """Our pages into Material's search index, as Material would add them, with less HTML to parse."""
    search = search_plugin(config)
    if search is None or page.content is None or site.preview:
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
        viewed = site.search_views.pop(page.file.src_uri, None)
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
        generated = page.generated
        byline = html.escape(segmented(", ".join(generated.byline)), quote=False) if generated.byline else None
        entries[before:] = slim_page(entries[before:], byline, search_settings(site, search))
        if page.kept is not None:
            page.kept.entries = entries[before:]


def search_settings(site: SiteBuild, search: Any) -> Settings:
    """How generated pages' search entries are cut, from Material's search options and ours."""
    if site.search_settings is None:
        options = search.config
        dictionary = site.build.dictionary
        site.search_settings = Settings.of(
            options.separator, options.pipeline or (), options.lang or ("en",), site.options.search_excerpt,
            dictionary.compound_parts if dictionary is not None and site.build.search_terms else None,
        )  # fmt: skip
    return site.search_settings


def leave_index_to_us(config: MkDocsConfig) -> None:
    """Material's search need not write its index, which ``write_search`` writes over: it writes an empty file.

    Its own copy of the whole index, held as text and as bytes at once, was the build's peak of memory
    (150 MB more at 10,000 papers). Its index is made anew for each build (in its on_config)."""
    search = search_plugin(config)
    if search is not None:
        search.search_index.generate_search_index = lambda prev: ""


def write_search(config: MkDocsConfig) -> None:
    """Write Material's index in two parts, UTF-8 (see paper_notes/searchindex.py), over the file Material wrote."""
    search = search_plugin(config)
    if search is None:
        return
    options = {key: search.config[key] for key in ("lang", "separator", "pipeline", "fields")}
    write_search_index(config.site_dir, options, search.search_index.entries)


def use_our_worker(config: MkDocsConfig, output: str) -> str:
    """The page's search runs through our worker, which loads Material's and reads search's sections too.

    Material's pages name their worker in a configuration block; ours goes in its place, with
    Material's as a parameter. A site need not copy any template override for this: the plugin does
    it on the finished page, whatever the site's own overrides.
    """
    if search_plugin(config) is None:
        return output
    return _MATERIAL_WORKER.sub(lambda m: f'{m[1]}{WORKER}?material={m[2]}"', output, count=1)


def check_search_worker(config: MkDocsConfig, output: str) -> None:
    """Pages must load our search worker: Material's alone would search the pages' names only, silently."""
    worker = _WORKER.search(output)
    if search_plugin(config) is None or worker is None or worker[1] == WORKER:
        return
    raise PluginError(
        f"Paper Notes: pages load the search worker {worker[1]} instead of {WORKER}, which alone reads"
        " search/search_sections.json: search would find pages by their names only. A theme override that"
        " changes Material's 'config' block must keep the worker's address as Material writes it."
    )
