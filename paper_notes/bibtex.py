"""BibTeX for each paper: the copy-to-cite block on its page and the library's export.

What a reference manager and a bibliography style need: the entry type that fits the
venue, the year the venue names, months as BibTeX's macros, non-ASCII text as LaTeX
commands, inline math kept as math, and the words of a title that must keep their case
(acronyms, mixed case such as LoRA, proper nouns) protected with braces, one word at a
time, as Better BibTeX does. Keys are the entry ids: stable, unique and readable.
"""
from __future__ import annotations

import re
from pathlib import Path

import jinja2

from .latex import encode_latex, math_spans
from .model import Paper, VenueKind

FORMATS = Path(__file__).parent / "formats"
_ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(FORMATS),
    autoescape=False,  # BibTeX, not HTML: values are encoded for LaTeX by encode_latex() instead
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
PREPRINT = re.compile(r"^\s*(arxiv|corr|preprint)\b", re.IGNORECASE)  # a venue that only says 'preprint'
VENUE_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
PROPER_NOUNS = frozenset(
    line.split("#")[0].strip()
    for line in (FORMATS / "proper-nouns.txt").read_text(encoding="utf-8").splitlines()
    if line.split("#")[0].strip()
)

Field = tuple[str, str, bool]  # name, value as LaTeX, whether it is written in braces


def venue(paper: Paper) -> str | None:
    """The venue, unless it only says the paper is a preprint."""
    return paper.venue if paper.venue and not PREPRINT.match(paper.venue) else None


def named_venue_kind(where: str) -> VenueKind:
    """What a venue's name suggests it is: 'ICLR 2022' a conference, 'Nature' a journal."""
    return "conference" if CONFERENCE.search(where) else "journal"


def venue_kind(paper: Paper) -> VenueKind | None:
    """Whether the paper's venue is a conference or a journal: as its data says, else as the name suggests."""
    if not paper.venue:
        return None
    return paper.venue_kind or named_venue_kind(paper.venue)


def entry_type(paper: Paper) -> str:
    """The BibTeX type that fits the item: a conference, a journal, a book... or misc (arXiv only, posts).

    A type whose required fields the entry cannot fill is not used: BibTeX styles refuse or
    mangle an @article without an author, a @phdthesis without a school.
    """
    where = venue(paper)
    if paper.kind == "book":
        kind = "book"
    elif paper.kind == "thesis":
        kind = "phdthesis"
    elif paper.kind == "report":
        kind = "techreport"
    elif paper.kind in ("paper", "survey") and where:
        kind = "inproceedings" if venue_kind(paper) == "conference" else "article"
    else:
        return "misc"
    required = {
        "article": paper.authors and where, "inproceedings": paper.authors and where,
        "book": paper.authors and where, "phdthesis": paper.authors and paper.org,
        "techreport": paper.authors and paper.org,
    }  # fmt: skip
    return kind if required[kind] and paper.published else "misc"


def year(paper: Paper) -> int | None:
    """The year the venue names ('ICLR 2022'), else the year of publication."""
    where = venue(paper)
    named = VENUE_YEAR.search(where) if where else None
    if named:
        return int(named.group(1))
    return paper.published.year if paper.published else None


def _keeps_case(word: str, names: frozenset[str]) -> bool:
    """Whether a bibliography style must leave this word's case alone."""
    bare = word.strip("()[]\"'.,:;!?")
    if not bare:
        return False
    if bare in names or bare in PROPER_NOUNS or (bare.endswith("s") and bare[:-1] in names):
        return True  # a paper's own name, in the plural too (Performers)
    for part in re.split(r"[-/]", bare):
        if any(c.isupper() for c in part[1:]):
            return True  # LoRA, ImageNet, GPT, iPhone
        if part[:1].isupper() and any(c.isdigit() for c in part):
            return True  # T5, V2
    return False


def protect_title(title: str, names: frozenset[str] = frozenset()) -> str:
    """The title as LaTeX, each word that must keep its case in braces: '{LoRA}: Low-Rank Adaptation...'."""
    out: list[str] = []
    at = 0
    spans = list(math_spans(title))
    hidden = title.replace("\\$", "\ue000")
    for match in spans:
        out.append(_protect_words(hidden[at : match.start()], names))
        out.append("{" + encode_latex(match.group(0).replace("\ue000", "\\$")) + "}")  # math keeps its case
        at = match.end()
    out.append(_protect_words(hidden[at:], names))
    return "".join(out)


def _protect_words(text: str, names: frozenset[str]) -> str:
    def one(match: re.Match[str]) -> str:
        word = match.group(0).replace("\ue000", "\\$")
        lead = re.match(r"^[-(\[\"']*", word).group(0)  # type: ignore[union-attr]
        trail = re.search(r"[)\]\"'.,:;!?]*$", word).group(0)  # type: ignore[union-attr]
        core = word[len(lead) : len(word) - len(trail)] if trail else word[len(lead) :]
        encoded = encode_latex(core)
        if core and _keeps_case(core, names):
            encoded = "{" + encoded + "}"
        return encode_latex(lead) + encoded + encode_latex(trail)

    return re.sub(r"\S+", one, text)


def _name(name: str) -> str:
    """A person or organisation; braced whole when a comma or 'and' would split it wrongly."""
    encoded = encode_latex(name)
    return "{" + encoded + "}" if "," in name or re.search(r"\band\b", name) else encoded


def bibtex_fields(paper: Paper) -> tuple[str, list[Field]]:
    """The entry type and its fields, values already LaTeX."""
    kind = entry_type(paper)
    names = frozenset(alias for alias in paper.aliases if " " not in alias)
    fields: list[Field] = [("title", protect_title(paper.title, names), True)]
    if paper.authors:
        fields.append(("author", " and ".join(_name(a) for a in paper.authors), True))
    where = venue(paper)
    if where and kind in ("inproceedings", "article"):
        fields.append(("booktitle" if kind == "inproceedings" else "journal", encode_latex(where), True))
    for name, value in (("volume", paper.volume), ("number", paper.issue), ("pages", paper.pages)):
        if value:
            fields.append((name, encode_latex(_range(value) if name == "pages" else value), True))
    if kind == "book" and where and paper.publisher and where != paper.publisher:
        fields.append(("series", encode_latex(where), True))  # the publisher has its own field
    publisher = paper.publisher or (where if kind == "book" else None)
    if publisher:
        fields.append(("publisher", encode_latex(publisher), True))
    if paper.org and kind in ("techreport", "phdthesis"):
        name = "institution" if kind == "techreport" else "school"
        fields.append((name, encode_latex(" and ".join(paper.org)), True))
    # where it appeared, for a post, a paper without authors...; a paper's org is an affiliation, not a place
    if kind == "misc" and where:
        fields.append(("howpublished", encode_latex(where), True))
    elif kind == "misc" and paper.org and paper.kind not in ("paper", "survey"):
        # who made a post or a model card: shown by every style (howpublished), and told apart from a venue
        # on import again because it repeats the organization
        org = encode_latex(" and ".join(paper.org))
        fields += [("howpublished", org, True), ("organization", org, True)]
    published = year(paper)
    if published:
        fields.append(("year", str(published), True))
    if paper.published and paper.published.month and (not where or published == paper.published.year):
        fields.append(("month", MONTHS[paper.published.month - 1], False))  # a macro: month = jun
    if paper.arxiv:
        fields += [("eprint", paper.arxiv, True), ("archiveprefix", "arXiv", True)]
    if paper.doi:
        fields.append(("doi", _url(paper.doi), True))
    url = paper.main_url
    if url:
        fields.append(("url", _url(url), True))
    return kind, fields


# the dash of a page range, however written: 1877-1901, 1877--1901, 1877–1901, 1877 — 1901
RANGE_DASH = re.compile(r"(?<=\w)\s*(?:-{1,3}|–|—)\s*(?=\w)")


def _range(pages: str) -> str:
    """Pages as BibTeX writes a range: 1877--1901."""
    return RANGE_DASH.sub("--", pages)


def _url(url: str) -> str:
    """URLs keep their characters; only braces (which would unbalance the value) are encoded."""
    return url.replace("{", "%7B").replace("}", "%7D")


def entry(paper: Paper) -> str:
    """The paper's BibTeX entry, keyed by its id."""
    kind, fields = bibtex_fields(paper)
    return _ENV.get_template("bibtex.bib").render(type=kind, key=paper.id, fields=fields).strip() + "\n"
