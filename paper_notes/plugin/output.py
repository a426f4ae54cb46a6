"""The finished pages: what every page gets once the theme has drawn it, and generated pages kept from the last
rebuild under `mkdocs serve`."""
from __future__ import annotations

import hashlib
import re
import zlib

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from ..language import lang_attribute
from ..pages import RenderError
from . import search, serve
from .page import KEPT_TEMPLATE, FileUrls, RecordPage
from .site import SiteBuild

# Material's search is a dialog with no name (axe: aria-dialog-name); a partial override would copy all of it
_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
_SEARCH_DIALOG_NAMED = '<div class="md-search" data-md-component="search" role="dialog" aria-label="Search">'

_HEADER_TITLE = re.compile(r'data-md-component="header-topic">\s*<span class="md-ellipsis"')


def reuse_pages(site: SiteBuild, files: Files) -> int:
    """Before the theme draws the pages: unchanged generated pages take their finished HTML from the last rebuild."""
    assert site.nav is not None
    site.chrome = hashlib.blake2b(
        repr((site.settings, serve.nav_key(site.nav.items), site.build.search_terms)).encode("utf-8", "surrogatepass"),
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
    return reused


def finish_page(site: SiteBuild, config: MkDocsConfig, page: Page, output: str) -> str:
    """Every page's <head> gets the feed link, a paper's page its citation and link-preview tags, and every page
    runs search through our worker, whose dialog gets a name. A generated page is kept for the next rebuild as it is now."""
    if isinstance(page, RecordPage) and page.reused:
        page.content = ""
        if page.ahead:
            page.kept = None  # made by the second process for this build alone: nothing to keep
        return output  # the finished page of the last rebuild or of the second process, head included
    try:
        head = site.build.head(page.file.src_uri, FileUrls(site.files, page.file))
    except RenderError as exc:
        raise PluginError(str(exc)) from None
    at = output.find("</head>")
    output = output if at < 0 else output[:at] + head + "\n" + output[at:]
    output = output.replace(_SEARCH_DIALOG, _SEARCH_DIALOG_NAMED, 1)
    if isinstance(page, RecordPage):  # the header shows the title: a Chinese one is read in Chinese there too
        marked = lang_attribute(page.generated.title, None, site.build.options.language)
        if marked:
            output = _HEADER_TITLE.sub(lambda m: m[0] + marked, output, count=1)
    output = search.use_our_worker(config, output)
    if not site.worker_checked:
        search.check_search_worker(config, output)
        site.worker_checked = True
    if isinstance(page, RecordPage):
        if page.kept is not None and site.chrome is not None:
            page.kept.chrome = site.chrome
            page.kept.output = zlib.compress(output.encode("utf-8"), 1)
        # the body is in the finished page now: MkDocs would hold a second copy of every page to the end
        page.content = ""
    return output
