"""A library through its citation exports and back: what a citation says of each paper, compared field by field.

Used by tests/test_round_trip.py on a library of its own and by sample/ on the shipped one.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from paper_notes import bibtex, cli
from paper_notes.export import export
from paper_notes.latex import plain
from paper_notes.library import load_library
from paper_notes.model import Paper

# the CSL type each BibTeX type is written as (for papers; other kinds have types of their own)
CSL_OF_BIBTEX = {"inproceedings": "paper-conference", "article": "article-journal", "misc": "article"}


def _pages(pages: str | None) -> str | None:
    """A page range with any dash as an en dash (BibTeX writes --, CSL -)."""
    return re.sub(r"(?<=\w)\s*(?:-{1,3}|–|—)\s*(?=\w)", "–", pages) if pages else None


def cited(paper: Paper) -> dict[str, Any]:
    """What a citation of the paper says: the facts an export must keep."""
    return {
        "id": paper.id, "title": paper.title, "authors": paper.authors, "year": bibtex.year(paper),
        "venue": bibtex.venue(paper), "type": bibtex.entry_type(paper), "volume": paper.volume,
        "issue": paper.issue, "pages": _pages(paper.pages), "publisher": paper.publisher,
    }  # fmt: skip


def differences(before: list[Paper], after: list[Paper]) -> list[str]:
    """'<id> <field>: <before> != <after>' for every fact that changed, and every paper missing or added."""
    old, new = {p.id: cited(p) for p in before}, {p.id: cited(p) for p in after}
    problems = [f"{ident}: missing after the round trip" for ident in old if ident not in new]
    problems += [f"{ident}: new after the round trip" for ident in new if ident not in old]
    for ident in old.keys() & new.keys():
        problems += [
            f"{ident} {name}: {value!r} != {new[ident][name]!r}"
            for name, value in old[ident].items()
            if new[ident][name] != value
        ]
    return sorted(problems)


def bibtex_round_trip(papers: list[Paper], folder: Path) -> list[Paper]:
    """The papers exported as BibTeX and imported (``import FILE``) into an empty library in ``folder``."""
    folder.mkdir(parents=True)
    bib = folder / "export.bib"
    bib.write_text(export(papers, "bibtex"), encoding="utf-8")
    main = folder / "data" / "papers.yaml"
    (main.parent / "papers").mkdir(parents=True)
    main.write_text("topics: []\n", encoding="utf-8")
    assert cli.main(["import", "--data", str(main), str(bib)]) == 0
    return load_library(main).papers


def csl_differences(papers: list[Paper]) -> list[str]:
    """Every fact of a CSL-JSON item that disagrees with the paper (and with its BibTeX entry)."""
    items = {item["id"]: item for item in json.loads(export(papers, "csl-json"))}
    problems = []
    for paper in papers:
        item = items.get(paper.id)
        if item is None:
            problems.append(f"{paper.id}: no CSL-JSON item")
            continue
        facts = cited(paper)
        names = [" ".join(filter(None, (n.get("given"), n.get("family"), n.get("literal")))) for n in item.get("author", [])]
        issued = item.get("issued", {}).get("date-parts", [[None]])[0][0]
        found = {
            "title": item["title"], "authors": names, "year": issued, "venue": item.get("container-title"),
            "volume": item.get("volume"), "issue": item.get("issue"), "pages": _pages(item.get("page")),
            "publisher": item.get("publisher"),
        }  # fmt: skip
        wanted = {
            **facts, "title": plain(paper.title), "venue": paper.venue,
            "publisher": paper.publisher or (", ".join(paper.org) if paper.kind in ("report", "thesis") and paper.org else None),
        }  # fmt: skip
        problems += [f"{paper.id} {name}: {wanted[name]!r} != {value!r}" for name, value in found.items() if wanted[name] != value]
        wanted_type = CSL_OF_BIBTEX.get(facts["type"])
        if facts["type"] == "misc" and facts["venue"]:
            wanted_type = None  # a venue's paper without authors or a date: @misc is all BibTeX has room for
        if paper.kind in ("paper", "survey") and wanted_type and item["type"] != wanted_type:
            problems.append(f"{paper.id} type: {facts['type']} in BibTeX, {item['type']} in CSL-JSON")
    return problems
