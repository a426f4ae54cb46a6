"""Read a BibTeX file (a Zotero or Google Scholar export, say) into paper metadata, with bibtexparser v2.

LaTeX is decoded to Unicode (J{\\'e}r{\\^o}me -> Jérôme, $16\\times 16$ -> 16×16) and
protective braces dropped;
arXiv ids are recovered from eprint/archivePrefix, journal = {CoRR} with
volume = {abs/...}, and "arXiv:" notes or URLs. Entries that cannot become a paper,
and blocks the parser could not read, are reported with their key or line.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import bibtexparser
from bibtexparser import middlewares

from .bibtex import RANGE_DASH, named_venue_kind
from .identifiers import Metadata, arxiv_in_text, arxiv_of_doi, bare_arxiv, clean_doi, is_preprint_server
from .latex import decode_latex
from .model import VenueKind

MONTHS = {name: i for i, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
KINDS = {
    "article": "paper", "inproceedings": "paper", "conference": "paper", "incollection": "paper",
    "misc": "paper", "unpublished": "paper", "preprint": "paper", "online": "blog", "www": "blog",
    "electronic": "blog", "techreport": "report", "report": "report", "book": "book", "inbook": "book",
    "phdthesis": "thesis", "mastersthesis": "thesis", "thesis": "thesis", "software": "repo",
    "dataset": "dataset", "manual": "other",
}  # fmt: skip


MISC = ("misc", "online", "www", "electronic", "unpublished")
# what an entry's type says its venue is (other types say nothing about it)
VENUE_KINDS: dict[str, VenueKind] = {"inproceedings": "conference", "conference": "conference", "article": "journal"}


@dataclass
class Imported:
    """One BibTeX entry turned into metadata, with its key and line for messages."""

    key: str
    line: int
    meta: Metadata


@dataclass
class Unreadable:
    """A BibTeX entry or block that could not be imported, and why."""

    key: str | None
    line: int
    reason: str


def _text(value: Any) -> str:
    """Field text as Unicode: LaTeX accents, commands, protective braces and simple math decoded."""
    return decode_latex(str(value))


def _raw(value: Any) -> str:
    """An identifier, date or address as written: braces and escapes gone, nothing else read as LaTeX.

    (In LaTeX '%' starts a comment, which would cut a URL short.)
    """
    text = str(value).replace("{", "").replace("}", "")
    for escaped in ("&", "%", "_", "$", "#"):
        text = text.replace("\\" + escaped, escaped)
    return " ".join(text.replace("~", " ").split())


def _person(name: Any) -> str | None:
    parts = [*getattr(name, "first", []), *getattr(name, "von", []), *getattr(name, "last", [])]
    jr = getattr(name, "jr", [])
    text = _text(" ".join(parts) + (", " + " ".join(jr) if jr else ""))
    return None if not text or text.lower() == "others" else text


def _date(fields: dict[str, Any]) -> str | None:
    date = _raw(fields.get("date", ""))
    match = re.match(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", date)
    if match:
        return "-".join(p.zfill(2) if i else p for i, p in enumerate(match.groups()) if p)
    year = re.search(r"\d{4}", _raw(fields.get("year", "")))
    if not year:
        return None
    month = _raw(fields.get("month", "")).lower()[:3]
    number = MONTHS.get(month) or (int(month) if month.isdigit() and 1 <= int(month) <= 12 else None)
    return f"{year.group(0)}-{number:02d}" if number else year.group(0)


def _arxiv(fields: dict[str, Any]) -> str | None:
    prefix = _raw(fields.get("archiveprefix", "") or fields.get("eprinttype", "")).lower()
    eprint = _raw(fields.get("eprint", ""))
    if eprint and (prefix == "arxiv" or bare_arxiv(eprint)):
        found = bare_arxiv(eprint) or arxiv_in_text(f"arXiv:{eprint}")
        if found:
            return found
    for name in ("volume", "journal", "note", "howpublished", "url", "pages", "number", "eprint"):
        found = arxiv_in_text(_raw(fields.get(name, "")))
        if found and (name != "volume" or "corr" in _raw(fields.get("journal", "")).lower() or "abs/" in _raw(fields.get("volume", ""))):
            return found
    return None


def _metadata(entry: Any) -> Metadata | str:
    """Metadata for one parsed entry, or the reason it cannot be imported."""
    fields = {f.key.lower(): f.value for f in entry.fields}
    title = _text(fields.get("title", ""))
    if not title:
        return "no title"
    authors_field = fields.get("author") or fields.get("editor") or []
    people = authors_field if isinstance(authors_field, list) else []
    authors = [a for a in (_person(p) for p in people) if a]
    entry_type = entry.entry_type.lower()
    publisher = _text(fields.get("publisher", ""))
    venue = _text(fields.get("journal") or fields.get("booktitle") or fields.get("series") or "")
    organization = _text(fields.get("organization", ""))
    if not venue and entry_type in MISC:
        # where a post or a preprint appeared (an address there is a link, read below; the organization is org)
        howpublished = _text(fields.get("howpublished", ""))
        link = re.search(r"https?://|\\url", str(fields.get("howpublished", "")))
        venue = "" if link or howpublished == organization else howpublished
    if not venue and publisher:
        venue, publisher = publisher, ""  # a book's publisher is where it appeared
    if is_preprint_server(venue):
        venue = ""  # "arXiv preprint arXiv:1911.04252" is Google Scholar's way of saying preprint
    kind = KINDS.get(entry_type, "paper")
    said = VENUE_KINDS.get(entry_type)
    volume = _text(fields.get("volume", ""))
    links: dict[str, str] = {}
    url = _raw(fields.get("url", ""))
    if not url:
        found = re.search(r"https?://[^\s{}]+", " ".join(_raw(fields.get(k, "")) for k in ("howpublished", "note")))
        url = found.group(0) if found else ""
    doi = clean_doi(_raw(fields.get("doi", "")))
    arxiv = _arxiv(fields) or arxiv_of_doi(doi)
    if url.startswith(("http://", "https://")) and "arxiv.org" not in url and "doi.org" not in url:
        links["blog" if kind == "blog" else "code" if kind == "repo" else "paper"] = url.split()[0]
    return Metadata(
        title=title,
        authors=authors,
        published=_date(fields),
        arxiv=arxiv,
        doi=doi,
        venue=venue or None,
        links=links,
        kind=kind,
        abstract=" ".join(_text(fields.get("abstract", "")).split()) or None,
        keywords=[k.strip() for k in re.split(r"[,;]", _text(fields.get("keywords", ""))) if k.strip()],
        note=_text(fields.get("annote", "")).strip() or None,
        # recorded only where the venue's name would suggest the other kind (NeurIPS's long name, say)
        venue_kind=said if said and venue and kind == "paper" and said != named_venue_kind(venue) else None,
        volume=None if "abs/" in volume or arxiv_in_text(volume) else volume or None,  # DBLP's CoRR: abs/2106.09685
        issue=_text(fields.get("number", "")) or None,
        pages=_pages(fields.get("pages", "")),
        publisher=publisher or None,
        org=_organizations(fields.get("institution") or fields.get("school") or fields.get("organization") or ""),
    )


def _organizations(value: Any) -> list[str]:
    """A report's institution, a thesis' school or a post's organization: 'MIT and Google' -> [MIT, Google]."""
    return [name.strip() for name in re.split(r"\s+and\s+", _text(value)) if name.strip()]


def _pages(value: Any) -> str | None:
    """Pages as text, a range with an en dash: 1877--1901 -> 1877–1901."""
    text = _raw(value)
    return RANGE_DASH.sub("–", text) or None


def read_bibtex(path: Path) -> tuple[list[Imported], list[Unreadable]]:
    """Every importable entry of a .bib file, and every entry or block that is not."""
    text = path.read_text(encoding="utf-8-sig", errors="replace")
    # the parser logs why a block failed; keep those reasons for our report instead of printing them
    logger = logging.getLogger("bibtexparser")
    reasons = _Reasons()
    logger.addHandler(reasons)
    propagate, logger.propagate = logger.propagate, False
    try:
        library = bibtexparser.parse_string(
            text,
            # names are split on the raw LaTeX (braces group a name's parts); every value is decoded after
            append_middleware=[middlewares.SeparateCoAuthors(), middlewares.SplitNameParts()],
        )
    finally:
        logger.removeHandler(reasons)
        logger.propagate = propagate
    imported: list[Imported] = []
    problems: list[Unreadable] = []
    for entry in library.entries:
        line = (entry.start_line or 0) + 1
        result = _metadata(entry)
        if isinstance(result, str):
            problems.append(Unreadable(entry.key, line, result))
        else:
            imported.append(Imported(entry.key, line, result))
    for block in library.failed_blocks:
        line = (getattr(block, "start_line", 0) or 0) + 1
        key = getattr(block, "key", None)
        if type(block).__name__ == "DuplicateBlockKeyBlock":
            reason = "the same key appears earlier in the file; the later entry is skipped"
        else:
            detail = reasons.by_line.get(line - 1, "")
            reason = f"not readable BibTeX: {detail}" if detail else "not readable BibTeX"
            key = key or _guess_key(getattr(block, "raw", ""))
        problems.append(Unreadable(key, line, reason))
    return imported, problems


class _Reasons(logging.Handler):
    """Collects the parser's 'block (line N) aborted ... <reason>' messages by line."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.by_line: dict[int, str] = {}

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        match = re.search(r"block \(line (\d+)\)", message)
        if match:
            lines = [line.strip() for line in message.splitlines() if line.strip()]
            self.by_line[int(match.group(1))] = lines[-1] if len(lines) > 1 else ""


def _guess_key(raw: str) -> str | None:
    match = re.match(r"\s*@\w+\s*[{(]\s*([^,\s]*)", raw or "")
    return match.group(1) if match and match.group(1) else None
