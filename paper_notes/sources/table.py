"""CSV and TSV files with a header row: Zotero's CSV export, a spreadsheet of papers, a Notion or Airtable export.

Each column's role comes from its header, in English or Chinese (Title, Author, Publication
Year, 标题, 作者, 年份, 已读...), else from its cells (years, check marks, web addresses,
days), and ``--column NAME=ROLE`` (or ``--column 3=ROLE``) overrides both. Zotero's own
columns are understood as Zotero means them: 'Last, First; Last, First' authors, Extra's
'arXiv:' line, the item type (attachments and notes are not papers), manual and automatic
tags, child notes written as HTML. The file may start with a byte-order mark, quote
fields over several lines, and be saved by Excel in GB18030 rather than UTF-8.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from ..identifiers import arxiv_in_text, bare_arxiv, is_preprint_server
from .base import ROLES, Found, Hints, Skipped, Source, SourceUnreadable
from .common import CHECKED, UNCHECKED, clean_title, day, fill, fold_name, html_to_markdown, role_of, web_address
from .zotero import KINDS, NOT_PAPERS, extra_value

# Zotero's CSV columns whose names alone would be read another way, or not at all
ZOTERO_COLUMNS = {
    "key": "ignore", "item type": "kind", "publication year": "published", "date": "published",
    "date added": "added", "date modified": "ignore", "access date": "ignore", "extra": "extra",
    "abstract note": "abstract", "notes": "html-notes", "manual tags": "tags", "automatic tags": "tags",
    "publication title": "venue", "proceedings title": "venue", "conference name": "venue-2",
    "book title": "venue-2", "university": "venue-3", "institution": "venue-3", "publisher": "ignore",
    "short title": "alias", "url": "url", "doi": "doi", "file attachments": "ignore", "link attachments": "ignore",
    "archive location": "ignore", "library catalog": "ignore", "series": "ignore", "language": "ignore",
}  # fmt: skip


def looks_like_table(path: Path, head: str) -> bool:
    """A .csv or .tsv file, or text whose first line is a header of several comma or tab separated names."""
    if path.suffix.lower() in (".csv", ".tsv", ".tab"):
        return True
    first = head.lstrip("\ufeff").split("\n", 1)[0]
    return any(first.count(d) >= 2 for d in "\t,") and not first.lstrip().startswith(("#", "|", "-", "@"))


def decode(raw: bytes, path: Path) -> tuple[str, list[str]]:
    """The file's text: UTF-8 (a byte-order mark allowed), else GB18030 as Excel saves CSV in China, with a warning."""
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gb18030"), [f"{path.name} is not UTF-8; it was read as GB18030 (Excel's Chinese encoding)"]
    except UnicodeDecodeError as exc:
        raise SourceUnreadable(f"{path} is not text: byte 0x{raw[exc.start]:02x} at {exc.start} is not UTF-8") from None


def read_table(path: Path, hints: Hints) -> Source:
    """Every data row as a found paper; rows without a title, attachments and notes are named as skipped."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SourceUnreadable(f"cannot read {path}: {exc.strerror or exc}") from None
    text, warnings = decode(raw, path)
    source = Source(kind="csv", path=path, warnings=warnings)
    delimiter = _delimiter(path, text)
    # Zotero's Notes cell holds every child note's HTML: far past csv's default 128 KiB a field
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise SourceUnreadable(f"{path} is empty: a header row naming the columns is needed") from None
    except csv.Error as exc:
        raise SourceUnreadable(f"{path}:1: the header row cannot be read ({exc})") from None
    rows: list[tuple[int, list[str]]] = []
    line = reader.line_num + 1
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                rows.append((line, row))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise SourceUnreadable(f"{path}:{reader.line_num}: {exc}") from None
    roles = column_roles(header, [r for _, r in rows], hints)
    if "title" not in roles:
        named = ", ".join(f"'{h}'" for h in header)
        raise SourceUnreadable(
            f"{path}: no column holds the titles (columns: {named}); say which with --column NAME=title"
        )
    for number, row in rows:
        found = _row(row, roles, f"{path.name}:{number}", hints)
        if isinstance(found, Skipped):
            source.skipped.append(found)
        else:
            source.found.append(found)
    return source


def _delimiter(path: Path, text: str) -> str:
    if path.suffix.lower() in (".tsv", ".tab"):
        return "\t"
    first = text.split("\n", 1)[0]
    counts = {d: first.count(d) for d in (",", "\t", ";")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def column_roles(header: list[str], rows: list[list[str]], hints: Hints) -> dict[str, int]:
    """Role -> column index (the first column with that role; venue and tags may take several as venue-2...)."""
    zotero = {"item type", "publication year", "abstract note"} <= {fold_name(h) for h in header}
    chosen: dict[int, str] = {}
    for index, name in enumerate(header):
        folded = fold_name(name)
        said = hints.columns.get(str(index + 1)) or hints.columns.get(name.strip()) or hints.columns.get(folded)
        if said:
            chosen[index] = said
        elif zotero and folded in ZOTERO_COLUMNS:
            chosen[index] = ZOTERO_COLUMNS[folded]
        elif folded in ("type", "item type", "kind", "类型"):
            chosen[index] = "kind"
        else:
            role = role_of(name)
            if role:
                chosen[index] = role
    for index in range(len(header)):
        if index not in chosen:
            role = _guess(index, rows)
            if role and role not in chosen.values():
                chosen[index] = role
    roles: dict[str, int] = {}
    for index, role in sorted(chosen.items()):
        if role in roles and role in ("venue", "tags", "url", "topic", "notes", "authors", "published", "read"):
            role = f"{role}-{index + 1}"  # a second column of the same kind adds to the first
        roles.setdefault(role, index)
    if "title" not in roles:
        # the widest column of mostly-text cells is the likeliest title
        texts = [i for i in range(len(header)) if i not in chosen and _share(rows, i, lambda c: len(c) > 12) > 0.5]
        if texts:
            roles["title"] = max(texts, key=lambda i: sum(len(r[i]) for r in rows if i < len(r)))
    return roles


def _share(rows: list[list[str]], index: int, test: object) -> float:
    cells = [r[index].strip() for r in rows if index < len(r) and r[index].strip()]
    return sum(bool(test(c)) for c in cells) / len(cells) if cells else 0.0  # type: ignore[operator]


def _guess(index: int, rows: list[list[str]]) -> str | None:
    """A column's role from its cells: check marks, web addresses, days, years."""
    cells = [r[index].strip() for r in rows if index < len(r)]
    filled = [c for c in cells if c]
    if not filled:
        return None
    if all(fold_name(c) in CHECKED | UNCHECKED for c in cells) and any(fold_name(c) in CHECKED for c in filled):
        return "done"
    if _share(rows, index, lambda c: web_address(c) or arxiv_in_text(c) or bare_arxiv(c)) > 0.8:
        return "url"
    if _share(rows, index, lambda c: re.fullmatch(r"(19|20)\d\d", c)) > 0.8:
        return "published"
    if _share(rows, index, lambda c: day(c) and len(c) <= 20) > 0.8:
        return "read"
    return None


def _row(row: list[str], roles: dict[str, int], where: str, hints: Hints) -> Found | Skipped:
    def cell(role: str) -> str:
        index = roles.get(role)
        return row[index].strip() if index is not None and index < len(row) else ""

    kind = cell("kind")
    if kind and fold_name(kind).replace(" ", "") in {k.lower() for k in NOT_PAPERS}:
        return Skipped(where, f"a Zotero {fold_name(kind)}, not a paper")
    title = clean_title(cell("title"))
    if not title:
        return Skipped(where, "no title")
    found = Found(title=title, where=where, kind=KINDS.get(_camel(kind), "paper") if kind else "paper")
    links = re.match(r"\[[^\]]+\]\((https?://[^)\s]+)\)", cell("title"))
    for role, index in sorted(roles.items()):  # 'venue' before 'venue-2': the first one filled wins
        if index >= len(row) or not row[index].strip():
            continue
        value = row[index].strip()
        base = re.sub(r"-\d+$", "", role)
        if base in ("title", "kind", "ignore"):
            continue
        if base == "html-notes":
            _html_notes(found, value)
        elif base == "extra":
            _extra(found, value)
        elif base == "venue" and is_preprint_server(value):
            continue
        elif base in ROLES:
            fill(found, base, value)
    if links:
        fill(found, "url", links.group(1))
    if "done" in roles and not found.status:
        found.status = "to-read"  # an empty check-mark cell says so
    return found


def _camel(kind: str) -> str:
    words = fold_name(kind).split()
    return words[0] + "".join(w.title() for w in words[1:]) if words else ""


def _extra(found: Found, extra: str) -> None:
    """Zotero's Extra: 'arXiv: 2106.09685', 'DOI: ...' lines; the rest is left alone."""
    for role, key in (("arxiv", "arXiv"), ("doi", "DOI")):
        fill(found, role, extra_value(extra, key, str.strip) or "")


def _html_notes(found: Found, value: str) -> None:
    """Zotero's Notes column: each child note, written as HTML, joined by ';'."""
    notes = [n for n in re.split(r"(?<=</div>);\s*(?=<div)", value) if n.strip()] if "<" in value else [value]
    for note in notes:
        text = html_to_markdown(note) if "<" in note else note.strip()
        if text:
            name = "note" if "note" not in found.notes else f"note {len(found.notes) + 1}"
            found.notes[name] = text
