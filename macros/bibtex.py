"""A BibTeX entry for each paper, for the copy-to-cite block on its page."""
from __future__ import annotations

import re
from pathlib import Path

import jinja2

from .model import Paper

TEMPLATES = Path(__file__).parent / "formats"
_ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES),
    autoescape=False,  # BibTeX, not HTML: values are escaped for LaTeX by escape() instead
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
CONFERENCE = re.compile(
    # "Proceedings of the IEEE" and PNAS are journals, whatever their names say
    r"\b(conference|proceedings(?! of the (?:ieee|national academy|royal society))|workshop|symposium|ICLR|NeurIPS|NIPS|ICML|CVPR|ICCV|ECCV|ACL|EMNLP|"
    r"NAACL|COLING|AAAI|IJCAI|KDD|SIGIR|WWW|RecSys|CIKM|WSDM|SIGGRAPH|Interspeech|ICASSP)\b",
    re.IGNORECASE,
)
_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\string^",  # \textasciicircum would read back as U+02C6, not ^
}
_SPECIAL_RE = re.compile("|".join(re.escape(c) for c in _SPECIAL))


def escape(text: str) -> str:
    """Escape LaTeX's special characters so any text is a valid braced BibTeX value."""
    return _SPECIAL_RE.sub(lambda m: _SPECIAL[m.group(0)], text)


def escape_url(url: str) -> str:
    """URLs keep their characters; only braces (which would unbalance the value) are encoded."""
    return url.replace("{", "%7B").replace("}", "%7D")


def entry_type(paper: Paper) -> str:
    """The BibTeX type that fits the item."""
    if paper.kind == "book":
        return "book"
    if paper.kind == "thesis":
        return "phdthesis"
    if paper.kind == "report":
        return "techreport"
    if paper.kind in ("paper", "survey") and paper.venue:
        return "inproceedings" if CONFERENCE.search(paper.venue) else "article"
    return "misc"


def bibtex_fields(paper: Paper) -> tuple[str, list[tuple[str, str]]]:
    """The entry type and its (name, value) fields, values already escaped."""
    kind = entry_type(paper)
    fields: list[tuple[str, str]] = [("title", escape(paper.title))]
    if paper.authors:
        fields.append(("author", " and ".join(escape(a) for a in paper.authors)))
    if paper.venue and kind in ("inproceedings", "article"):
        fields.append(("booktitle" if kind == "inproceedings" else "journal", escape(paper.venue)))
    if paper.org and kind in ("techreport", "phdthesis"):
        name = "institution" if kind == "techreport" else "school"
        fields.append((name, escape(" and ".join(paper.org))))
    if paper.published:
        fields.append(("year", str(paper.published.year)))
        if paper.published.month:
            fields.append(("month", MONTHS[paper.published.month - 1]))
    if paper.arxiv:
        fields += [("eprint", paper.arxiv), ("archiveprefix", "arXiv")]
    if paper.doi:
        fields.append(("doi", escape_url(paper.doi)))
    url = paper.main_url
    if url:
        fields.append(("url", escape_url(url)))
    return kind, fields


def entry(paper: Paper) -> str:
    """The paper's BibTeX entry, keyed by its id."""
    kind, fields = bibtex_fields(paper)
    return _ENV.get_template("bibtex.bib").render(type=kind, key=paper.id, fields=fields).strip() + "\n"
