"""A BibTeX file (a Zotero, Google Scholar or Mendeley export) as found papers, through ``bibimport``."""

from __future__ import annotations

from pathlib import Path

from ..bibimport import read_bibtex
from .base import Found, Hints, Skipped, Source, SourceUnreadable


def looks_like_bibtex(path: Path, head: str) -> bool:
    """A .bib file, or text whose first entry starts with '@type{'."""
    return path.suffix.lower() in (".bib", ".bibtex") or head.lstrip().startswith("@")


def read_bibtex_source(path: Path, hints: Hints) -> Source:
    """Every entry of the file; the ones that cannot be read are named with their key and line."""
    try:
        imported, unreadable = read_bibtex(path)
    except OSError as exc:
        raise SourceUnreadable(f"cannot read {path}: {exc.strerror or exc}") from None
    source = Source(kind="bibtex", path=path)
    for item in imported:
        meta = item.meta
        source.found.append(
            Found(
                title=meta.title,
                where=f"{path.name}:{item.line} ({item.key})",
                key=item.key,
                kind=meta.kind,
                authors=list(meta.authors),
                published=meta.published,
                venue=meta.venue,
                venue_kind=meta.venue_kind,
                volume=meta.volume,
                issue=meta.issue,
                pages=meta.pages,
                publisher=meta.publisher,
                org=list(meta.org),
                id=item.key,
                arxiv=meta.arxiv,
                doi=meta.doi,
                links=dict(meta.links),
                notes={k: v for k, v in (("abstract", meta.abstract), ("note", meta.note)) if v},
                tags=list(dict.fromkeys(meta.keywords)),
            )
        )
    for bad in unreadable:
        key = f" ({bad.key})" if bad.key else ""
        source.skipped.append(Skipped(f"{path.name}:{bad.line}{key}", bad.reason, broken=bad.reason != "no title"))
    return source
