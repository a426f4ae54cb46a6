"""Turning fetched or imported metadata into new entries: ids, duplicates, and what an import will do.

The command line only parses arguments and prints; what is added, what is skipped as
already present and what cannot be imported is decided here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .datafiles import DataSources, read_sources
from .editing import MarkdownText
from .identifiers import Metadata, Reference, arxiv_key, doi_key
from .latex import fold
from .model import Paper, suggest_slug
from .problems import Problem

STOP = {"a", "an", "the", "of", "for", "and", "on", "in", "to", "with", "via", "by", "from", "is", "are"}


def normal_title(title: str) -> str:
    """A title reduced for comparison: math, accents, case, punctuation and spacing folded."""
    return fold(title) or title.strip().lower()


def title_parts(title: Any) -> list[str]:
    """The other ways a 'Lead: rest' title is cited, folded: the rest after a short name, or a long lead alone."""
    if not isinstance(title, str) or ":" not in title:
        return []
    head, _, tail = title.partition(":")
    parts = []
    if short_name(title) and len(tail.split()) >= 3:
        parts.append(normal_title(tail))
    if len(head.split()) >= 5:
        parts.append(normal_title(head))
    return parts


class DataUnreadable(Exception):
    """The data cannot be read, so nothing can be added to it; carries the problems."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("the data cannot be read; fix it first")
        self.problems = problems


def readable_sources(main: Path) -> DataSources:
    """The data file and paper files as raw data; raises DataUnreadable if some file cannot be read as YAML."""
    sources = read_sources(main)
    if sources.problems:
        raise DataUnreadable(sources.problems)
    return sources


@dataclass
class Existing:
    """The ids, arXiv ids, DOIs and titles already in the data, read from raw data (valid or not)."""

    ids: set[str] = field(default_factory=set)
    by_key: dict[str, str] = field(default_factory=dict)  # 'arxiv:...', 'doi:...', 'title:...' -> id
    titles: dict[str, str] = field(default_factory=dict)
    where: dict[str, str] = field(default_factory=dict)  # id -> 'file:line'

    @classmethod
    def read(cls, main: Path) -> Existing:
        """What the data file and paper files hold; raises DataUnreadable if some file cannot be read as YAML."""
        return cls.of(readable_sources(main))

    @classmethod
    def of(cls, sources: DataSources) -> Existing:
        """What data already read holds."""
        found = cls(ids=set(sources.unreadable_ids))
        papers = sources.data.get("papers") if isinstance(sources.data, dict) else None
        for index, item in enumerate(papers if isinstance(papers, list) else []):
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                found.add(item["id"], item.get("arxiv"), item.get("doi"), item.get("title"))
                found.where[item["id"]] = sources.where(("papers", index))
                if isinstance(item.get("title"), str):
                    found.titles[item["id"]] = item["title"]
        return found

    def describe(self, ident: str) -> str:
        """ "'LoRA: Low-Rank Adaptation…' (data/papers.yaml:312)": an entry, for messages."""
        title = self.titles.get(ident, ident)
        short = title if len(title) <= 40 else title[:39].rstrip() + "…"
        where = self.where.get(ident)
        return f"'{short}' ({where})" if where else f"'{short}'"

    def add(self, ident: str, arxiv: Any, doi: Any, title: Any) -> None:
        """Remember an entry (so that a later one with the same keys is a duplicate)."""
        self.ids.add(ident)
        for key in [*self.keys(arxiv, doi, title), *("part:" + part for part in title_parts(title))]:
            self.by_key.setdefault(key, ident)

    @staticmethod
    def keys(arxiv: Any, doi: Any, title: Any) -> list[str]:
        """What identifies a paper: its arXiv id, its DOI, its normalised title."""
        keys = []
        if arxiv:
            keys.append("arxiv:" + arxiv_key(str(arxiv)))
        if doi:
            keys.append("doi:" + doi_key(str(doi)))
        if isinstance(title, str) and title.strip():
            keys.append("title:" + normal_title(title))
        return keys

    def duplicate_of(self, arxiv: Any, doi: Any, title: Any) -> str | None:
        """The id of an entry with the same arXiv id, DOI or (normalised) title, if any.

        A title also matches an entry's title written with or without a name before a colon
        ('Imagen: Photorealistic Text-to-Image...' and 'Photorealistic Text-to-Image...'), or
        without the subtitle after a long lead; two subtitles alone never match each other.
        """
        keys = self.keys(arxiv, doi, title)
        keys += ["part:" + k.removeprefix("title:") for k in keys if k.startswith("title:")]
        keys += ["title:" + part for part in title_parts(title)]
        return next((self.by_key[k] for k in keys if k in self.by_key), None)

    def holding(self, reference: Reference) -> str | None:
        """The id of the entry an arXiv id or DOI names, if it is already there (no network needed)."""
        if reference.kind == "arxiv":
            return self.duplicate_of(reference.value, None, None)
        return self.duplicate_of(None, reference.value, None)


def short_name(title: str) -> str | None:
    """'LoRA' for 'LoRA: Low-Rank Adaptation...': a short lead before a colon is the paper's name."""
    head, sep, _ = title.partition(":")
    head = head.strip()
    if sep and head and len(head) <= 24 and len(head.split()) <= 3:
        return head
    return None


def make_id(title: str, taken: set[str], alias: str | None = None) -> str:
    """A readable unique slug: the short name if the title has one (else a short ``alias``), else its first words."""
    name = short_name(title) or (alias if alias and len(alias) <= 24 and len(alias.split()) <= 3 else None)
    slug = suggest_slug(name) if name else ""
    if not slug:
        words = [w for w in suggest_slug(title).split("-") if w]
        meaningful = [w for w in words if w not in STOP] or words
        slug = "-".join(meaningful[:5]) or "paper"
    slug = slug[:60].strip("-") or "paper"
    if slug == "index":
        slug = "paper-index"
    candidate, n = slug, 1
    while candidate in taken:
        n += 1
        candidate = f"{slug}-{n}"
    return candidate


def entry_from_metadata(meta: Metadata, ident: str, status: str = "to-read", read: str | None = None) -> dict[str, Any]:
    """An entry (plain data, in the model's field order) for fetched or imported metadata."""
    entry: dict[str, Any] = {"id": ident, "title": meta.title}
    if meta.kind != "paper":
        entry["kind"] = meta.kind
    name = short_name(meta.title)
    if name:
        entry["aliases"] = [name]
    if meta.authors:
        entry["authors"] = meta.authors
    if meta.published:
        # a bare year is written as a number: YYYY needs no quotes
        entry["published"] = int(meta.published) if meta.published.isdigit() else meta.published
    if meta.venue:
        entry["venue"] = meta.venue
    if meta.arxiv:
        entry["arxiv"] = meta.arxiv
    if meta.doi:
        entry["doi"] = meta.doi
    if meta.links:
        entry["links"] = dict(meta.links)
    entry["status"] = status
    if read:
        entry["read"] = read
    if meta.abstract:
        entry["notes"] = {"abstract": MarkdownText(meta.abstract)}
    return {key: entry[key] for key in Paper.model_fields if key in entry}
