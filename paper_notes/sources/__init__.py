"""Readers of the libraries people already keep, and how an import picks one.

``python -m macros import PATH`` reads BibTeX, Zotero's database (with child notes and PDF
annotations), Markdown documents (READMEs, reading logs, blog posts, digests), a folder of
notes with front matter (an Obsidian vault) and CSV/TSV. ``detect`` picks the reader from
the file or folder; ``--from KIND`` overrides it. Readers are imported when used, so the
command line starts without loading an HTML converter it may not need.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

from .base import Found, Hints, Skipped, Source, SourceUnreadable

__all__ = ["KINDS", "Found", "Hints", "Skipped", "Source", "SourceUnreadable", "detect", "read"]

# kind -> (module, reader function); each reader takes (path, hints) and returns a Source
KINDS: dict[str, tuple[str, str]] = {
    "bibtex": ("bibtex", "read_bibtex_source"),
    "zotero": ("zotero", "read_zotero"),
    "markdown": ("documents", "read_documents"),
    "vault": ("vault", "read_vault"),
    "csv": ("table", "read_table"),
}
_PAPER_KEYS = re.compile(r"^(title|authors?|doi|arxiv|url|year|citekey)\s*:", re.I | re.M)


def detect(path: Path) -> str:
    """Which reader a file or folder needs, from what it holds (not only its name)."""
    from .table import looks_like_table
    from .vault import looks_like_vault
    from .zotero import looks_like_zotero

    if not path.exists():
        raise SourceUnreadable(f"{path} does not exist")
    if path.is_dir():
        if looks_like_zotero(path):
            return "zotero"
        if looks_like_vault(path):
            return "vault"
        raise SourceUnreadable(
            f"{path} holds neither zotero.sqlite nor Markdown notes; name a file, or say --from KIND"
        )
    if looks_like_zotero(path):
        return "zotero"
    try:
        with path.open("rb") as handle:
            head = handle.read(65536).decode("utf-8-sig", errors="replace")
    except OSError as exc:
        raise SourceUnreadable(f"cannot read {path}: {exc.strerror or exc}") from None
    suffix = path.suffix.lower()
    if suffix in (".bib", ".bibtex") or head.lstrip().startswith("@"):
        return "bibtex"
    if suffix in (".csv", ".tsv", ".tab"):
        return "csv"
    if head.startswith("---") and _PAPER_KEYS.search(head.split("\n---", 2)[0]):
        return "vault"  # one note with front matter: a vault of one
    if suffix in (".md", ".markdown", ".txt", ".text", ".rst", "") or not looks_like_table(path, head):
        return "markdown"
    return "csv"


def read(path: Path, kind: str | None = None, hints: Hints | None = None) -> Source:
    """Read ``path`` with the reader for ``kind`` (detected when None)."""
    kind = kind or detect(path)
    module_name, function = KINDS[kind]
    module = importlib.import_module(f"{__name__}.{module_name}")
    reader = getattr(module, function)
    hints = hints or Hints()
    source: Source = reader(path, hints)
    if hints.status:  # the status of papers the source gives none, whatever the source
        for found in source.found:
            if found.status is None and not found.read:
                found.status = hints.status
    return source
