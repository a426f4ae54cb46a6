"""Identifiers of papers (arXiv ids, DOIs), the links they make, and metadata fetched or imported for a paper.

The one place that knows what an arXiv id or a DOI looks like, in every form people
paste them (URLs, ``arXiv:`` prefixes, versions, arXiv's own DOIs), and which link is
a paper's main address.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

ARXIV_NEW = r"\d{4}\.\d{4,5}"
ARXIV_OLD = r"[a-z]+(?:-[a-z]+)*(?:\.[A-Z]{2})?/\d{7}"
ARXIV_PATTERN = rf"^(?:{ARXIV_NEW}|{ARXIV_OLD})(?:v\d+)?$"  # also the JSON Schema's pattern
DOI_PATTERN = r"^10\.\d{4,9}/\S+$"

_ARXIV_ID = re.compile(rf"(?P<id>{ARXIV_NEW}|{ARXIV_OLD})(?P<version>v\d+)?")
_ARXIV_URL = re.compile(
    rf"^https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html)/(?P<id>{ARXIV_NEW}|{ARXIV_OLD})(?:v\d+)?(?:\.pdf)?/?$",
    re.I,
)
_ARXIV_IN_TEXT = re.compile(
    rf"(?:arxiv[:\s]*|arxiv\.org/(?:abs|pdf)/|abs/)(?P<id>{ARXIV_NEW}|{ARXIV_OLD})(?:v\d+)?", re.I
)
_DOI = re.compile(DOI_PATTERN.strip("^$"))
_DOI_PREFIX = re.compile(r"^(?:doi:\s*|https?://(?:dx\.)?doi\.org/)", re.I)
_ARXIV_DOI = re.compile(rf"^10\.48550/arxiv\.(?P<id>{ARXIV_NEW}|{ARXIV_OLD})$", re.I)


class NotAnIdentifier(ValueError):
    """Text that is neither an arXiv id nor a DOI, with a message saying what is expected."""


def arxiv_problem(value: str) -> str | None:
    """Why ``value`` is not an arXiv id as the data file wants it (no URL, no prefix), or None."""
    match = _ARXIV_ID.fullmatch(value)
    if match and ("/" in match["id"] or 1 <= int(match["id"][2:4]) <= 12):
        return None
    found = _ARXIV_ID.search(value)
    hint = f"; write just the id, e.g. '{found['id']}'" if found else ""
    return f"'{value}' is not an arXiv id: expected e.g. '2106.09685', '2106.09685v2' or 'cond-mat/0412498'{hint}"


def doi_problem(value: str) -> str | None:
    """Why ``value`` is not a bare DOI, or None."""
    if _DOI.fullmatch(value):
        return None
    found = _DOI.search(value)
    hint = f"; write just the DOI, e.g. '{found.group(0)}'" if found else ""
    return f"'{value}' is not a DOI: expected e.g. '10.1145/3292500.3330701'{hint}"


@dataclass(frozen=True)
class Reference:
    """A paper named by its arXiv id (without version) or its DOI."""

    kind: str  # "arxiv" or "doi"
    value: str


def parse_reference(text: str) -> Reference:
    """An arXiv id or URL (abs/pdf, any version, ``arXiv:``), or a DOI (bare, ``doi:`` or a doi.org URL)."""
    value = text.strip()
    match = _ARXIV_URL.match(value)
    if match:
        return Reference("arxiv", match["id"])
    match = _ARXIV_ID.fullmatch(re.sub(r"^arxiv:\s*", "", value, flags=re.I))
    if match:
        return Reference("arxiv", match["id"])
    doi = clean_doi(value)
    if doi:
        arxiv = arxiv_of_doi(doi)
        return Reference("arxiv", arxiv) if arxiv else Reference("doi", doi)
    raise NotAnIdentifier(
        f"'{text}' is neither an arXiv id (2106.09685, cond-mat/0412498, an arxiv.org/abs or /pdf URL)"
        " nor a DOI (10.xxxx/...)"
    )


def clean_doi(text: str) -> str | None:
    """The bare DOI in ``text`` written bare, as ``doi:...`` or as a doi.org URL; None if it is not one."""
    doi = _DOI_PREFIX.sub("", text.strip()).rstrip(".")
    return doi if _DOI.fullmatch(doi) else None


PREPRINT_SERVERS = frozenset({"arxiv", "arxiv preprint", "arxiv e-prints", "corr", "preprint", "ssrn", "biorxiv", "medrxiv"})


def is_preprint_server(venue: str) -> bool:
    """Whether a 'venue' only says where a preprint is: arXiv (Google Scholar's 'arXiv preprint arXiv:...'), CoRR, SSRN..."""
    text = " ".join(venue.split()).lower()
    return text in PREPRINT_SERVERS or text.startswith("arxiv")


def arxiv_of_doi(doi: str | None) -> str | None:
    """The arXiv id in one of arXiv's own DOIs, '10.48550/arXiv.2106.09685' in any case."""
    match = _ARXIV_DOI.match((doi or "").strip())
    return match["id"] if match else None


def arxiv_in_text(text: str) -> str | None:
    """An arXiv id mentioned in free text ('arXiv:1911.04252', an arxiv.org link, a CoRR 'abs/...' volume)."""
    match = _ARXIV_IN_TEXT.search(text)
    return match["id"] if match else None


def bare_arxiv(text: str) -> str | None:
    """``text`` as an arXiv id without its version, if it is one (an 'arXiv:' prefix is allowed)."""
    match = _ARXIV_ID.fullmatch(re.sub(r"^arxiv:\s*", "", text.strip(), flags=re.I))
    return match["id"] if match else None


def arxiv_key(value: str) -> str:
    """An arXiv id reduced for comparison: no version, no prefix."""
    return bare_arxiv(value) or value.strip()


def doi_key(value: str) -> str:
    """A DOI reduced for comparison: DOIs are case-insensitive."""
    return (clean_doi(value) or value.strip()).lower()


def arxiv_url(arxiv: str) -> str:
    """The paper's abstract page on arXiv."""
    return f"https://arxiv.org/abs/{arxiv}"


def arxiv_pdf_url(arxiv: str) -> str:
    """The paper's PDF on arXiv."""
    return f"https://arxiv.org/pdf/{arxiv}"


def doi_url(doi: str) -> str:
    """The DOI's resolver address."""
    return f"https://doi.org/{doi}"


# the links a reader would open first, in order, when a paper has neither an arXiv id nor a DOI
MAIN_LINKS = ("paper", "pdf", "blog", "code", "project")


def main_url(arxiv: str | None, doi: str | None, links: Mapping[str, str]) -> str | None:
    """A paper's main address: arXiv, else its DOI, else its most paper-like link."""
    if arxiv:
        return arxiv_url(arxiv)
    if doi:
        return doi_url(doi)
    for key in MAIN_LINKS:
        if key in links:
            return links[key]
    return next(iter(links.values()), None)


@dataclass
class Metadata:
    """What an API or a BibTeX file told us about a paper, before it becomes an entry."""

    title: str
    authors: list[str] = field(default_factory=list)
    published: str | None = None  # YYYY, YYYY-MM or YYYY-MM-DD
    abstract: str | None = None
    arxiv: str | None = None
    doi: str | None = None
    venue: str | None = None
    links: dict[str, str] = field(default_factory=dict)
    kind: str = "paper"
    keywords: list[str] = field(default_factory=list)  # a BibTeX file's keywords (Zotero's tags)
    note: str | None = None  # a BibTeX file's annote (Zotero and Mendeley put the user's notes there)
    venue_kind: str | None = None  # 'conference' or 'journal', when the venue's name does not say
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    publisher: str | None = None
    org: list[str] = field(default_factory=list)  # a report's institution, a thesis' school
