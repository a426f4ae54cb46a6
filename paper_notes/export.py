"""The library (or one topic) as BibTeX, CSL-JSON or CSV, for reference managers and spreadsheets."""
from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from typing import Any

from . import bibtex
from .latex import plain
from .model import Paper

FORMATS = ("bibtex", "csl-json", "csv")
PARTICLES = {"de", "del", "della", "der", "di", "da", "du", "la", "las", "le", "van", "von", "den", "dos", "ter"}
CSL_TYPES = {
    "report": "report", "blog": "post-weblog", "repo": "software", "book": "book", "thesis": "thesis",
    "dataset": "dataset", "talk": "speech", "other": "document",
}  # fmt: skip


def split_name(name: str) -> dict[str, str]:
    """'Diego de Las Casas' -> given 'Diego', family 'de Las Casas' (CSL name parts)."""
    words = name.split()
    if len(words) < 2:
        return {"literal": name}
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in PARTICLES:
        start -= 1
    return {"given": " ".join(words[:start]), "family": " ".join(words[start:])}


def csl_item(paper: Paper) -> dict[str, Any]:
    """One CSL-JSON item."""
    if paper.kind in CSL_TYPES:
        kind = CSL_TYPES[paper.kind]
    elif bibtex.venue(paper):  # as in BibTeX: a venue that only says 'preprint' makes it a preprint ('article')
        kind = "paper-conference" if bibtex.venue_kind(paper) == "conference" else "article-journal"
    else:
        kind = "article"
    item: dict[str, Any] = {"id": paper.id, "type": kind, "title": plain(paper.title)}
    if paper.authors:
        item["author"] = [split_name(a) for a in paper.authors]
    issued = bibtex.year(paper)  # the year the venue names, as in BibTeX
    if issued and paper.published and paper.published.year == issued:
        parts = [paper.published.year, paper.published.month, paper.published.day]
        item["issued"] = {"date-parts": [[p for p in parts if p]]}
    elif issued:  # the arXiv version's month is not the venue's
        item["issued"] = {"date-parts": [[issued]]}
    if paper.venue:
        item["container-title"] = paper.venue
    for name, value in (("volume", paper.volume), ("issue", paper.issue), ("page", paper.pages)):
        if value:
            item[name] = re.sub(r"(?<=\w)\s*(?:--?|–|—)\s*(?=\w)", "-", value) if name == "page" else value
    # org is who wrote it (an affiliation), the publisher only of a report or a thesis, as BibTeX's institution
    publisher = paper.publisher or (", ".join(paper.org) if paper.kind in ("report", "thesis") and paper.org else None)
    if publisher:
        item["publisher"] = publisher
    if paper.doi:
        item["DOI"] = paper.doi
    if paper.arxiv:
        item["number"] = f"arXiv:{paper.arxiv}"
    url = paper.main_url
    if url:
        item["URL"] = url
    if paper.aliases:
        item["title-short"] = paper.aliases[0]
    if "abstract" in paper.notes:
        item["abstract"] = paper.notes["abstract"]
    return item


CSV_COLUMNS = ("id", "title", "aliases", "authors", "published", "venue", "org", "arxiv", "doi", "url",
               "topics", "status", "read", "rating", "summary")  # fmt: skip


def _row(paper: Paper) -> dict[str, str]:
    url = paper.main_url or ""
    return {
        "id": paper.id, "title": plain(paper.title), "aliases": "; ".join(paper.aliases), "authors": "; ".join(paper.authors),
        "published": str(paper.published or ""), "venue": paper.venue or "", "org": "; ".join(paper.org),
        "arxiv": paper.arxiv or "", "doi": paper.doi or "", "url": url, "topics": "; ".join(paper.topics),
        "status": paper.status, "read": "; ".join(d.isoformat() for d in sorted(paper.read)),
        "rating": str(paper.rating or ""), "summary": plain(paper.summary or ""),
    }  # fmt: skip


def export(papers: list[Paper], fmt: str, bom: bool = True, bibtex_entry: Callable[[Paper], str] = bibtex.entry) -> str:
    """The papers in a format of FORMATS. CSV starts with a byte-order mark (unless ``bom`` is false),
    without which Excel reads UTF-8 as another encoding and garbles every accent and CJK character.
    ``bibtex_entry`` makes a paper's entry (a build passes the one that remembers entries its pages made)."""
    if fmt == "bibtex":
        return "\n".join(bibtex_entry(p) for p in papers)
    if fmt == "csl-json":
        return json.dumps([csl_item(p) for p in papers], ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for paper in papers:
            row = _row(paper)
            # a cell starting with = + - @ would be a formula to a spreadsheet: keep it text
            writer.writerow({k: ("'" + v if re.match(r"^[=+\-@\t\r]", v) else v) for k, v in row.items()})
        return ("\ufeff" if bom else "") + out.getvalue()
    raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
