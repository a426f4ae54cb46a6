"""The page macros: each picks a template and the records it shows."""
from __future__ import annotations

import itertools
from typing import Any, Callable

from markupsafe import Markup
from mkdocs.structure.files import File
from pydantic import BaseModel

from . import bibtex, model
from .site import Site

LATEST_READS = 10


def page_macros(site: Site, current_file: Callable[[], File]) -> dict[str, Callable[..., Markup]]:
    """Macros for mkdocs-macros, bound to this build's site and the page being rendered."""
    idx = site.indexes
    render = site.renderer.render

    def out(template: str, **context: Any) -> Markup:
        return Markup(render(template, current_file(), **context))

    def paper_page(paper_id: str) -> Markup:
        paper = idx.papers[paper_id]
        before, after = idx.neighbours(paper_id)
        return out(
            "paper.html",
            paper=paper,
            topics=[idx.topics[t] for t in dict.fromkeys(paper.topics)],
            related=idx.related.get(paper_id, []),
            memberships=idx.memberships.get(paper_id, []),
            mentions=idx.mentions.get(paper_id, []),
            before=before,
            after=after,
            bibtex=bibtex.entry(paper),
            source_url=site.source_url(paper_id),
        )

    def topic_page(topic_id: str) -> Markup:
        node = idx.topic_nodes[topic_id]
        return out("topic.html", node=node, trail=idx.topic_trail(topic_id))

    def topics_overview() -> Markup:
        return out("topics.html", roots=idx.topic_roots)

    def journal_page(entry_id: str) -> Markup:
        return out("journal.html", entry=idx.journal[entry_id])

    def collection_page(collection_id: str) -> Markup:
        collection = idx.collections[collection_id]
        numbered = list(enumerate(collection.items, 1))
        sections = [
            (name, list(group)) for name, group in itertools.groupby(numbered, key=lambda pair: pair[1].section)
        ]
        return out("collection.html", collection=collection, sections=sections)

    def collections_index() -> Markup:
        return out("collections.html", collections=site.library.collections)

    def reading_log() -> Markup:
        return out("log.html", years=idx.log)

    def to_read() -> Markup:
        return out("to_read.html", groups=idx.to_read(), todo=site.library.todo)

    def all_papers() -> Markup:
        return out("papers.html", papers=sorted(site.library.papers, key=lambda p: p.title.casefold()))

    def home() -> Markup:
        return out(
            "home.html",
            counts=idx.counts(),
            latest=idx.readings[:LATEST_READS],
            roots=idx.topic_roots,
            collections=site.library.collections,
        )

    def field_reference() -> Markup:
        return out("fields.html", records=_field_tables())

    return {
        "paper_page": paper_page,
        "topic_page": topic_page,
        "topics_overview": topics_overview,
        "journal_page": journal_page,
        "collection_page": collection_page,
        "collections_index": collections_index,
        "reading_log": reading_log,
        "to_read": to_read,
        "all_papers": all_papers,
        "home": home,
        "field_reference": field_reference,
    }


def _field_tables() -> list[tuple[str, str, list[dict[str, Any]]]]:
    """(section, record description, fields) for the Data format page, from the model itself."""
    tables: list[tuple[str, str, list[dict[str, Any]]]] = []
    records: list[tuple[str, type[BaseModel]]] = [
        *((f"{name}:", record) for name, record in model.SECTIONS.items()),
        ("figures:", model.Figure),
        ("items: (collections)", model.CollectionItem),
    ]
    for title, record in records:
        rows = []
        for name, info in record.model_fields.items():
            default = None if info.is_required() else info.get_default(call_default_factory=True)
            rows.append(
                {
                    "name": name,
                    "required": info.is_required(),
                    "default": default if default not in (None, [], {}) else None,
                    "description": info.description or "",
                }
            )
        tables.append((title, (record.__doc__ or "").strip(), rows))
    return tables
