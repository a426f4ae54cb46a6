"""The page class of generated pages, and the addresses and tables of contents MkDocs needs for them."""
from __future__ import annotations

import html
import re
import zlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents, get_toc
from mkdocs.utils import get_relative_url

from ..build import GeneratedPage
from ..pages import LISTINGS, RenderError
from ..toc import Heading, TocEntry, nest
from .serve import Kept

if TYPE_CHECKING:
    from .site import SiteBuild

KEPT_TEMPLATE = "paper_notes/kept.html"  # draws a kept page: its finished HTML from the last rebuild
ANCHOR = re.compile(r'\sid="([^"]+)"')


@dataclass(frozen=True)
class FileUrls:
    """Addresses as MkDocs lays out the site, relative to one page."""

    files: dict[str, File]
    page: File

    def doc(self, src: str) -> str:
        """A file of the site by its source path."""
        target = self.files.get(src)
        if target is None:
            listing = " (the plugin's `listings` option makes it when it is on)" if src in LISTINGS else ""
            raise PluginError(f"Paper Notes: a template links to '{src}', but the site has no such page{listing}")
        return target.url_relative_to(self.page)

    def asset(self, src: str) -> str:
        """An image: a web address as it is, or a path inside the docs folder."""
        if src.startswith(("http://", "https://")):
            return src
        return get_relative_url(src, self.page.url)


class RecordPage(Page):
    """A page made from a record: no Markdown source, its HTML rendered once from the record by its template.

    MkDocs reads a page's source and runs Python-Markdown over it; a record's page has neither
    step to do, so this page sets its metadata and HTML directly. Everything after (plugins'
    page events, the theme, search) sees an ordinary page.
    """

    def __init__(self, site: SiteBuild, generated: GeneratedPage, file: File, config: MkDocsConfig) -> None:
        super().__init__(None, file, config)
        self.site = site
        self.generated = generated
        self.edit_url = generated.edit_url
        self.kept: Kept | None = None  # under `mkdocs serve`: what this and the next rebuild can reuse
        self.reused = False  # the finished page comes from the last rebuild, or from the worker
        self.ahead = False  # the worker finishes it (plugin/ahead.py): it is placed when MkDocs builds it

    def kept_output(self) -> Markup:
        """The finished page the last rebuild made (for the 'paper_notes/kept.html' template)."""
        assert self.kept is not None and self.kept.output is not None
        output = self.kept.output
        return Markup(output if isinstance(output, str) else zlib.decompress(output).decode("utf-8"))

    def read_source(self, config: MkDocsConfig) -> None:
        generated = self.generated
        self.markdown = ""
        self.meta = {
            "render_macros": False,  # data is data: mkdocs-macros leaves these pages alone
            # Material prints the title unescaped in <title>, the header and search results
            "title": html.escape(generated.title, quote=False),
        }
        if generated.kind != "listing":
            self.meta["hide"] = ["navigation"]  # not in the nav: the sidebar would be empty
        if generated.description:
            self.meta["description"] = html.escape(generated.description)
        # Material's search skips the page; the plugin gives it the page without its excluded sections
        self.meta["search"] = {"exclude": True}
        if generated.tags:
            # indexed for search (a paper's aliases, a topic's name) but not shown: the tags plugin is off;
            # Material renders them in results as HTML, so they are escaped too
            self.meta["tags"] = [html.escape(tag, quote=False) for tag in generated.tags]

    def render(self, config: MkDocsConfig, files: Files) -> None:
        if self.ahead:  # the worker makes it: what it sends is placed before the theme would draw the page
            self.content, self.toc, self.present_anchor_ids, self.links_to_anchors = "", TableOfContents([]), set(), {}
            self.reused, self.kept = True, Kept("", "", [], set())
            self.meta["template"] = KEPT_TEMPLATE
            return
        site, generated = self.site, self.generated
        cache = site.kept
        cache = None if site.preview else cache  # a first look: its pages are made again with the rest of the site
        key = site.build.page_key(generated) if cache is not None else None
        keeping = cache is not None and key is not None

        def full_key(reads_site: bool) -> str:
            """The settings, the page's inputs and, for a page whose templates read ``site``, the whole library."""
            return site.settings + (key or "") + (site.build.site_key() if reads_site else "")

        kept = cache.pages.get(generated.src) if cache is not None and keeping else None
        if kept is None or kept.key != full_key(kept.reads_site):
            try:
                rendered = site.build.render(generated, FileUrls(site.files, self.file))
            except RenderError as exc:
                raise PluginError(str(exc)) from None
            kept = Kept(full_key(rendered.reads_site) if keeping else "", rendered.html, rendered.toc,
                        set(ANCHOR.findall(rendered.html)), reads_site=rendered.reads_site)  # fmt: skip
            if cache is not None and keeping:
                cache.pages[generated.src] = kept
            elif cache is not None:
                cache.pages.pop(generated.src, None)
        self.kept = kept if keeping else None
        self.content = kept.html
        self.toc = toc(kept.toc)
        self.present_anchor_ids = set(kept.anchors)  # for other pages' links to its headings
        self.links_to_anchors = {}


def toc(entries: list[TocEntry]) -> TableOfContents:
    """MkDocs' table of contents from ours."""

    def token(entry: TocEntry) -> dict[str, Any]:
        return {"level": entry.level, "id": entry.id, "name": entry.title, "children": [token(e) for e in entry.children]}

    return get_toc(cast(Any, [token(e) for e in entries]))


def merged_toc(content: str, page_toc: TableOfContents, ours: list[Heading]) -> list[TocEntry]:
    """The page's own Markdown headings and the ones our macros wrote, in the order they appear."""

    def flat(links: list[AnchorLink]) -> list[Heading]:
        return [h for link in links for h in (Heading(link.level, link.id, link.title), *flat(link.children))]

    headings = flat(list(page_toc)) + ours
    position = {h.id: content.find(f'id="{h.id}"') for h in headings}
    return nest(sorted(headings, key=lambda h: position[h.id]))
