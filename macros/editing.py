"""Adding entries to the data file without touching anything else in it.

New entries are inserted as text right after the last paper, so every other byte of
the file (comments, order, quoting, blank lines) stays as the user wrote it. The new
file is validated before it replaces the old one, atomically; a write that would leave
the file invalid is refused and the old file is kept.
"""
from __future__ import annotations

import difflib
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .fetch import Metadata
from .library import check_file
from .model import SLUG_RE, suggest_slug
from .problems import Problem
from .yamlsource import DataLoader, SourceError, read_source

FIELD_ORDER = (
    "id", "title", "kind", "aliases", "authors", "published", "venue", "org", "arxiv", "doi", "links",
    "topics", "status", "read", "rating", "lang", "summary", "notes", "body", "figures", "related",
)  # fmt: skip


class WriteRefused(Exception):
    """The change was not written; carries the problems it would have caused."""

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


# --- what is already there ------------------------------------------------------------


def normal_title(title: str) -> str:
    """A title reduced for comparison: accents, case, punctuation and spacing ignored."""
    folded = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    return " ".join(re.findall(r"[a-z0-9]+", folded)) or title.strip().lower()


@dataclass
class Existing:
    """The ids, arXiv ids, DOIs and titles already in the file, read from raw data (valid or not)."""

    ids: set[str] = field(default_factory=set)
    by_key: dict[str, str] = field(default_factory=dict)  # 'arxiv:...', 'doi:...', 'title:...' -> id

    @classmethod
    def read(cls, raw: Any) -> Existing:
        found = cls()
        papers = raw.get("papers") if isinstance(raw, dict) else None
        for item in papers if isinstance(papers, list) else []:
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                found.add(item["id"], item.get("arxiv"), item.get("doi"), item.get("title"))
        return found

    def add(self, ident: str, arxiv: Any, doi: Any, title: Any) -> None:
        self.ids.add(ident)
        for key in self.keys(arxiv, doi, title):
            self.by_key.setdefault(key, ident)

    @staticmethod
    def keys(arxiv: Any, doi: Any, title: Any) -> list[str]:
        keys = []
        if arxiv:
            keys.append("arxiv:" + re.sub(r"v\d+$", "", str(arxiv).strip().lower()))
        if doi:
            keys.append("doi:" + str(doi).strip().lower())
        if isinstance(title, str) and title.strip():
            keys.append("title:" + normal_title(title))
        return keys

    def duplicate_of(self, arxiv: Any, doi: Any, title: Any) -> str | None:
        """The id of an entry with the same arXiv id, DOI or (normalised) title, if any."""
        return next((self.by_key[k] for k in self.keys(arxiv, doi, title) if k in self.by_key), None)


def short_name(title: str) -> str | None:
    """'LoRA' for 'LoRA: Low-Rank Adaptation...': a short lead before a colon is the paper's name."""
    head, sep, _ = title.partition(":")
    head = head.strip()
    if sep and head and len(head) <= 24 and len(head.split()) <= 3:
        return head
    return None


STOP = {"a", "an", "the", "of", "for", "and", "on", "in", "to", "with", "via", "by", "from", "is", "are"}


def make_id(title: str, taken: set[str]) -> str:
    """A readable unique slug: the short name if the title has one, else its first words."""
    name = short_name(title)
    slug = suggest_slug(name) if name else ""
    if not slug:
        words = [w for w in suggest_slug(title).split("-") if w]
        meaningful = [w for w in words if w not in STOP] or words
        slug = "-".join(meaningful[:5]) or "paper"
    slug = slug[:60].strip("-") or "paper"
    if slug in {"index"}:
        slug = "paper-index"
    candidate, n = slug, 1
    while candidate in taken:
        n += 1
        candidate = f"{slug}-{n}"
    return candidate


def entry_from_metadata(meta: Metadata, ident: str, status: str = "to-read", read: str | None = None) -> dict[str, Any]:
    """An entry (plain data, in the documented field order) for fetched or imported metadata."""
    entry: dict[str, Any] = {"id": ident, "title": meta.title}
    if meta.kind != "paper":
        entry["kind"] = meta.kind
    name = short_name(meta.title)
    if name:
        entry["aliases"] = [name]
    if meta.authors:
        entry["authors"] = meta.authors
    if meta.published:
        entry["published"] = meta.published
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
        entry["notes"] = {"abstract": meta.abstract}
    return {key: entry[key] for key in FIELD_ORDER if key in entry}


# --- turning entries into text ----------------------------------------------------------


class _EntryDumper(yaml.SafeDumper):
    """Emits plain scalars wherever the project's loader reads them back as text (dates, arXiv ids)."""


_EntryDumper.yaml_implicit_resolvers = DataLoader.yaml_implicit_resolvers


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    if len(value) > 100:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=">")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


def _list(dumper: yaml.SafeDumper, value: list[Any]) -> yaml.SequenceNode:
    short = all(isinstance(v, str) and len(v) < 40 and "\n" not in v for v in value) and len(value) <= 4
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=short)


_EntryDumper.add_representer(str, _str)
_EntryDumper.add_representer(list, _list)


def entry_text(entry: dict[str, Any], indent: str = "  ") -> str:
    """YAML for one list item, indented to sit under 'papers:'."""
    text = yaml.dump([entry], Dumper=_EntryDumper, allow_unicode=True, sort_keys=False, width=88, indent=2)
    return "".join(f"{indent}{line}\n" if line.strip() else "\n" for line in text.splitlines())


# --- inserting and writing -----------------------------------------------------------------


@dataclass
class Change:
    """A change to the data file: the new text, and where the new entries went."""

    path: Path
    before: str
    after: str
    first_line: int
    last_line: int

    def diff(self) -> str:
        """A unified diff of the change."""
        name = str(self.path)
        lines = difflib.unified_diff(
            self.before.splitlines(keepends=True), self.after.splitlines(keepends=True), name, name
        )
        return "".join(lines)


def insert_entries(path: Path, blocks: Iterable[str]) -> Change:
    """Insert entry texts after the last paper of ``path``; the rest of the text is kept exactly."""
    before = _read_exactly(path) if path.exists() else ""
    newline = "\r\n" if "\r\n" in before else "\n"
    lines = before.splitlines(keepends=True)
    try:
        source = read_source(path) if path.exists() else None
    except SourceError as exc:
        raise WriteRefused("the data file cannot be read; fix it first", exc.problems) from None
    span = source.spans.get(("papers",)) if source else None
    items = source.data.get("papers") if source and isinstance(source.data, dict) else None
    text = "".join(blocks)
    if span is None:  # no papers: list yet
        lead = ("" if not before or before.endswith(("\n", "\r")) else "\n") + ("\n" if before.strip() else "")
        lead += "papers:\n"
        insert_at = len(lines)
    else:
        key_line = lines[span.start - 1]
        if re.match(r"^papers:\s*\[\s*\]\s*(#.*)?$", key_line.rstrip("\r\n")):
            lines[span.start - 1] = "papers:" + newline  # an empty flow list becomes a block list
            insert_at, lead = span.start, ""
        elif not isinstance(items, list) or re.match(r"^papers:\s*\S", key_line):
            raise WriteRefused("'papers:' is not a block list ('- id: ...' lines); write it as one to add entries")
        else:
            insert_at, lead = span.end, "\n"
    if insert_at > 0 and not lines[insert_at - 1].endswith(("\n", "\r")):
        lines[insert_at - 1] += newline
    addition = (lead + text).replace("\n", newline)
    after = "".join(lines[:insert_at] + [addition] + lines[insert_at:])
    first = insert_at + lead.count("\n") + 1
    last = insert_at + (lead + text).count("\n")
    return Change(path=path, before=before, after=after, first_line=first, last_line=last)


def _read_exactly(path: Path) -> str:
    """The file's text with its own line endings (read_text would turn CRLF into LF)."""
    with path.open(encoding="utf-8", newline="") as handle:
        return handle.read()


def indent_of_items(path: Path) -> str:
    """The indentation the file uses for its '- id:' items (two spaces if none yet)."""
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            match = re.match(r"^(\s*)- id:", line)
            if match:
                return match.group(1)
    return "  "


def write_checked(change: Change, display: str) -> list[Problem]:
    """Validate the new text, then replace the file atomically; refuse (keeping the old file) if invalid.

    Returns the warnings of the new file.
    """
    folder = change.path.resolve().parent
    handle, temporary = tempfile.mkstemp(prefix=f".{change.path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(change.after)
            out.flush()
            os.fsync(out.fileno())
        library, problems = check_file(Path(temporary))
        problems = [_renamed(p, display) for p in problems]
        if library is None:
            raise WriteRefused("the change would make the data file invalid, so nothing was written", problems)
        if change.path.exists():
            os.chmod(temporary, change.path.stat().st_mode & 0o777)
        os.replace(temporary, change.path)
        return problems
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def _renamed(problem: Problem, display: str) -> Problem:
    return Problem(
        line=problem.line, path=display, message=problem.message, entry=problem.entry, field=problem.field,
        warning=problem.warning,
    )


def valid_slug(value: str) -> bool:
    """Whether ``value`` can be an id."""
    return bool(SLUG_RE.fullmatch(value)) and value != "index"
