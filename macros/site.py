"""One build's state: the validated library, its indexes, the renderer and generated pages."""
from __future__ import annotations

import html
import logging
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from .export import export
from .indexes import Indexes
from .library import Library, load_library
from .problems import DataError, Problem
from .render import Renderer
from .search import paper_tags, prepare_search

log = logging.getLogger("mkdocs.plugins.paper_notes")

DEFAULT_DATA = "data/papers.yaml"
# Generated page kinds: folder in the site, and the macro that renders one page.
KINDS = {
    "papers": "paper_page",
    "topics": "topic_page",
    "collections": "collection_page",
    "journal": "journal_page",
}


class DataFileError(PluginError):
    """The data is invalid; raised before the build writes anything. Carries every problem."""

    def __init__(self, message: str, problems: list[Problem]) -> None:
        super().__init__(message)
        self.problems = problems


DOWNLOADS = {"downloads/papers.bib": "bibtex", "downloads/papers.json": "csl-json"}


@dataclass(frozen=True)
class Generated:
    """A page made from the data: which record it shows, its title and its source lines."""

    kind: str
    ident: str
    title: str
    edit_url: str | None
    tags: list[str] = field(default_factory=list)


class Site:
    """Built once per mkdocs build by the hook's on_config; read by macros and later hooks."""

    def __init__(self, config: MkDocsConfig) -> None:
        options: dict[str, Any] = dict(config.extra.get("paper_notes") or {})
        self.root = Path(config.config_file_path or ".").resolve().parent
        self.data_path = (self.root / options.get("data", DEFAULT_DATA)).resolve()
        self.branch = str(options.get("branch", "main"))
        self.repo_url = (config.repo_url or "").rstrip("/")
        try:
            self.library: Library = load_library(self.data_path, docs_dir=Path(config.docs_dir))
        except DataError as exc:
            raise DataFileError(f"The data has problems; nothing was built.\n{exc}", exc.problems) from None
        for warning in self.library.warnings:
            log.warning(str(warning))
        prepare_search(config, self.library, _scratch_folder())
        self.indexes = Indexes(self.library)
        self.renderer = Renderer(config, {"site": self.indexes})
        self.generated: dict[str, Generated] = {}

    def source_url(self, paper_id: str) -> str | None:
        """The paper's own file in the forge's editor, or its lines in the data file, if the repo is configured."""
        return self.library.locations[paper_id].forge_url(self.repo_url, self.branch, self.root)

    def add_pages(self, files: Files, config: MkDocsConfig) -> Files:
        """Add one generated page per paper, topic, collection and journal entry."""
        tags = {p.id: paper_tags(p) for p in self.library.papers}
        records: dict[str, list[tuple[str, str]]] = {
            "papers": [(p.id, p.title) for p in self.library.papers],
            "topics": [(t.id, t.name) for t in self.library.topics],
            "collections": [(c.id, c.title) for c in self.library.collections],
            "journal": [(j.id, f"{j.entry.date}: {j.entry.title}") for j in self.library.journal],
        }
        for kind, items in records.items():
            for ident, title in items:
                src = f"{kind}/{ident}.md"
                if files.get_file_from_path(src) is not None:
                    raise PluginError(
                        f"docs/{src} exists, but that page is generated from {self.data_path.name};"
                        " remove the file or rename the entry"
                    )
                content = f'{{{{ {KINDS[kind]}("{ident}") }}}}\n'
                files.append(File.generated(config, src, content=content, inclusion=InclusionLevel.NOT_IN_NAV))
                edit = self.source_url(ident) if kind == "papers" else None
                # a topic's own name ranks its page first when someone searches for the topic
                page_tags = tags.get(ident, []) if kind == "papers" else [title] if kind == "topics" else []
                self.generated[src] = Generated(kind, ident, title, edit, page_tags)
        for name, fmt in DOWNLOADS.items():  # the whole library, for reference managers
            files.append(File.generated(config, name, content=export(self.library.papers, fmt)))
        self.renderer.files = {f.src_uri: f for f in files}
        return files

    def finish_page(self, page: Page) -> None:
        """Set a generated page's title and edit link (after macros, which would render a title)."""
        generated = self.generated.get(page.file.src_uri)
        if generated is None:
            return
        # Material prints the title unescaped in <title>, the header and search results
        page.meta["title"] = html.escape(generated.title, quote=False)
        page.edit_url = generated.edit_url
        if generated.tags:
            # indexed for search (a paper's aliases, a topic's name) but not shown: the tags plugin is off;
            # Material renders them in results as HTML, so they are escaped too
            page.meta["tags"] = [html.escape(tag, quote=False) for tag in generated.tags]


_current: Site | None = None
_scratch: Path | None = None


def _scratch_folder() -> Path:
    """A folder for files made during builds (the jieba user dictionary), one per process."""
    global _scratch
    if _scratch is None:
        _scratch = Path(tempfile.mkdtemp(prefix="paper-notes-"))
    return _scratch


def start(config: MkDocsConfig) -> Site:
    """Load the data for a new build (every rebuild under `mkdocs serve` starts here)."""
    global _current
    _current = None
    _current = Site(config)
    return _current


def current() -> Site:
    """The site of the build in progress."""
    if _current is None:
        raise PluginError("Paper Notes: the data was not loaded; is 'macros/hooks.py' listed under hooks: in mkdocs.yml?")
    return _current
