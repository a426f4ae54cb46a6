"""Paper metadata from the arXiv API (Atom, read with feedparser) and from Crossref (JSON).

The base URLs come from PAPER_NOTES_ARXIV_API and PAPER_NOTES_CROSSREF_API when set,
so tests can point them at a local server with recorded responses. Every failure is a
FetchError with one line a person can act on.
"""
from __future__ import annotations

import html
import json
import os
import re
import socket
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import quote, urlsplit

import feedparser

from .identifiers import Metadata, NotAnIdentifier, parse_reference
from .latex import convert_math

ARXIV_API = "https://export.arxiv.org/api/query"
CROSSREF_API = "https://api.crossref.org"
USER_AGENT = "paper-notes (https://github.com/paper-notes/paper-notes)"


class FetchError(Exception):
    """Metadata could not be fetched; the message is one line for the user."""


def _timeout() -> float:
    return float(os.environ.get("PAPER_NOTES_HTTP_TIMEOUT", "20"))


def _get(url: str, what: str, accept: str) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": accept})
    host = urlsplit(url).netloc
    try:
        with urllib.request.urlopen(request, timeout=_timeout()) as response:  # noqa: S310 - http(s) only
            return bytes(response.read())
    except urllib.error.HTTPError as exc:
        if exc.code == 404:
            raise FetchError(f"{what} is not known to {host} (404)") from None
        raise FetchError(f"{host} answered {exc.code} {exc.reason} for {what}; try again later") from None
    except (TimeoutError, socket.timeout):
        raise FetchError(f"{host} did not answer within {_timeout():g} s; try again later") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, (TimeoutError, socket.timeout)):
            raise FetchError(f"{host} did not answer within {_timeout():g} s; try again later") from None
        raise FetchError(f"cannot reach {host} ({reason}); check the network connection") from None
    except (ConnectionError, OSError) as exc:
        raise FetchError(f"cannot reach {host} ({exc}); check the network connection") from None


def _clean(text: str | None) -> str:
    """One line of text: tags and entities out, runs of whitespace folded."""
    if not text:
        return ""
    text = re.sub(r"<[^>]+>", " ", text)
    return " ".join(html.unescape(text).split())


def fetch_arxiv(arxiv_id: str) -> Metadata:
    """Metadata of an arXiv paper (the id without version)."""
    base = os.environ.get("PAPER_NOTES_ARXIV_API", ARXIV_API)
    body = _get(f"{base}?id_list={quote(arxiv_id, safe='/')}&max_results=1", f"arXiv {arxiv_id}", "application/atom+xml")
    feed: Any = feedparser.parse(body)
    if feed.get("bozo") and not feed.entries:
        raise FetchError(f"the arXiv API sent something that is not an Atom feed for {arxiv_id}")
    entries = [e for e in feed.entries if e.get("title")]
    if not entries:
        raise FetchError(f"arXiv has no paper {arxiv_id}")
    entry = entries[0]
    if "/api/errors" in entry.get("id", "") or entry.get("title", "").strip() == "Error":
        raise FetchError(f"the arXiv API refused {arxiv_id}: {_clean(entry.get('summary')) or 'error'}")
    published = (entry.get("published") or "")[:10] or None
    doi = entry.get("arxiv_doi")  # the abstract and PDF links follow from the arXiv id itself
    return Metadata(
        title=convert_math(_clean(entry.get("title"))),
        authors=[_clean(a.get("name")) for a in entry.get("authors", []) if a.get("name")],
        published=published,
        abstract=_clean(entry.get("summary")) or None,
        arxiv=arxiv_id,
        doi=doi.strip() if doi else None,
        venue=_clean(entry.get("arxiv_journal_ref")) or None,
    )


CROSSREF_KINDS = {
    "book": "book", "monograph": "book", "edited-book": "book", "report": "report", "dissertation": "thesis",
    "dataset": "dataset", "posted-content": "paper", "journal-article": "paper", "proceedings-article": "paper",
}  # fmt: skip


def fetch_crossref(doi: str) -> Metadata:
    """Metadata of a work with a DOI, from Crossref."""
    base = os.environ.get("PAPER_NOTES_CROSSREF_API", CROSSREF_API).rstrip("/")
    body = _get(f"{base}/works/{quote(doi, safe='')}", f"DOI {doi}", "application/json")
    try:
        message = json.loads(body)["message"]
    except (ValueError, KeyError, TypeError):
        raise FetchError(f"Crossref sent something that is not a work record for {doi}") from None
    titles = message.get("title") or []
    if not titles or not _clean(titles[0]):
        raise FetchError(f"Crossref has no title for {doi}")
    authors = []
    for person in message.get("author") or []:
        name = " ".join(p for p in (person.get("given"), person.get("family")) if p) or person.get("name", "")
        if name:
            authors.append(_clean(name))
    published = None
    for key in ("published-print", "published-online", "issued", "created"):
        parts = ((message.get(key) or {}).get("date-parts") or [[None]])[0]
        if parts and parts[0]:
            published = "-".join([f"{parts[0]:04d}", *(f"{p:02d}" for p in parts[1:3] if p)])
            break
    venue = (message.get("container-title") or [None])[0]
    return Metadata(
        title=convert_math(_clean(titles[0])),
        authors=authors,
        published=published,
        abstract=_clean(message.get("abstract")) or None,
        doi=message.get("DOI") or doi,
        venue=_clean(venue) or None,
        kind=CROSSREF_KINDS.get(message.get("type", ""), "paper"),
    )


def fetch(reference: str) -> Metadata:
    """Metadata for an arXiv id or URL, or a DOI."""
    try:
        ref = parse_reference(reference)
    except NotAnIdentifier as exc:
        raise FetchError(str(exc)) from None
    return fetch_arxiv(ref.value) if ref.kind == "arxiv" else fetch_crossref(ref.value)
