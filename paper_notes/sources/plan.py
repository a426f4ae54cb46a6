"""What an import does, the same for every source: ids, duplicates, topics, and the entries to write.

A reader gives ``Found`` records; here each becomes an entry of the data (in the model's
field order, validated), or is named as already present or skipped. Duplicates are
found against the library and against the earlier records of the same import, by id,
arXiv id, DOI and folded title, so importing a file twice changes nothing. Topic paths
(a Zotero collection inside another, a README's heading under a heading) are matched to
the library's topics by name, alias or id under the same parent, and the missing ones are
made, only for papers that are actually added.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..datafiles import DataSources
from ..editing import Change, DataEntry, MarkdownText, add_entries, insert_into_file
from ..identifiers import bare_arxiv, clean_doi
from ..importing import Existing, make_id, normal_title, short_name
from ..model import RESERVED_IDS, SLUG_RE, Paper, Topic, suggest_slug
from .base import Found, Skipped, Source

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LETTER = re.compile(r"[^\W\d_]")


@dataclass
class Row:
    """One line of the dry run's table: what was understood of one found paper, and what happens to it."""

    title: str
    ids: str  # 'arXiv 2106.09685, DOI 10.1/x'
    date: str  # published, or read
    topic: str  # 'Vision › Detection'
    where: str
    outcome: str  # 'new lora', 'present as lora', 'skipped: ...'


@dataclass
class ImportPlan:
    """What importing a source does: the entries and topics to add, and one line per thing found."""

    papers: list[DataEntry] = field(default_factory=list)
    topics: list[DataEntry] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)  # 'added ...', 'already present ...', 'skipped ...'
    warnings: list[str] = field(default_factory=list)
    present: int = 0
    skipped: list[Skipped] = field(default_factory=list)

    def summary(self, dry_run: bool, where: str = "") -> str:
        """The one line an import ends with; ``where`` says where the new papers went."""
        verb = "would add" if dry_run else "added"
        reasons: dict[str, int] = {}
        for skip in self.skipped:
            reason = re.split(r"[:(;]", skip.reason)[0].strip()  # 'not readable BibTeX: ...' counts as one kind
            reasons[reason] = reasons.get(reason, 0) + 1
        why = "; ".join(f"{n} {reason}" for reason, n in reasons.items())
        topics = f" and {len(self.topics)} topic{'s' if len(self.topics) != 1 else ''}" if self.topics else ""
        return (
            f"{verb} {len(self.papers)} new{topics}{f' ({where})' if where else ''}, {self.present} already present,"
            f" {len(self.skipped)} skipped" + (f" ({why})" if why else "") + "."
        )

    def change(self, main: Path) -> Change:
        """The change that writes the new topics into the data file and the new papers where papers go."""
        change = Change(main)
        if self.topics:
            insert_into_file(main, list(self.topics), change, section="topics")
        if self.papers:
            add_entries(main, self.papers, change)
        return change


@dataclass
class Topics:
    """The library's topics as raw data (valid or not), and the ones this import adds."""

    by_id: dict[str, dict[str, Any]] = field(default_factory=dict)
    new: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def of(cls, sources: DataSources) -> Topics:
        """The topics of data already read (the same read that gives ``Existing.of``)."""
        raw = sources.data.get("topics") if isinstance(sources.data, dict) else None
        topics = cls()
        for item in raw if isinstance(raw, list) else []:
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                topics.by_id[item["id"]] = item
        return topics

    def _matches(self, topic: dict[str, Any], name: str) -> bool:
        wanted = normal_title(name)
        names = [topic.get("name"), topic.get("id"), *(topic.get("aliases") or [])]
        return any(isinstance(n, str) and normal_title(n) == wanted for n in names) or (
            bool(suggest_slug(name)) and topic.get("id") == suggest_slug(name)
        )

    def resolve(self, path: tuple[str, ...]) -> str | None:
        """The id of the topic a path of names means, making the topics that are missing."""
        parent: str | None = None
        for depth, name in enumerate(n.strip() for n in path):
            if not name:
                continue
            children = [t for t in self.by_id.values() if t.get("parent") == parent and self._matches(t, name)]
            if not children and depth == 0:
                # a heading 'Diffusion' means the library's diffusion topic wherever it sits in the tree
                children = [t for t in self.by_id.values() if self._matches(t, name)]
            if children:
                parent = children[0]["id"]
                continue
            parent = self._make(name, parent)
        return parent

    def _make(self, name: str, parent: str | None) -> str:
        base = suggest_slug(name)[:50].strip("-") or "topic"
        if base in self.by_id and parent:
            base = f"{parent}-{base}"[:60].strip("-")
        ident = make_id(base, set(self.by_id))
        topic: dict[str, Any] = {"id": ident, "name": " ".join(name.split())}
        if parent:
            topic["parent"] = parent
        self.by_id[ident] = topic
        self.new.append(topic)
        return ident


def notes_language(found: Found) -> str:
    """'zh' when the notes are mostly written in Chinese, else 'en'."""
    text = " ".join([found.summary or "", found.body or "", *found.notes.values()])
    letters = len(_LETTER.findall(text))
    return "zh" if letters and len(_CJK.findall(text)) * 3 >= letters else "en"


def _published(value: str | None) -> Any:
    if not value:
        return None
    return int(value) if value.isdigit() else value


def _number(value: str | None) -> Any:
    """'33' is written as 33, which YAML reads back as the same number; '033' or '1–10' stay text."""
    return int(value) if value and value.isdigit() and not value.startswith("0") else value


def entry_for(found: Found, ident: str) -> dict[str, Any]:
    """A new entry (plain data, the model's field order) for a found paper; topics and related come later."""
    title = " ".join(found.title.split())
    aliases = [a for a in dict.fromkeys(" ".join(a.split()) for a in found.aliases) if a and a != title]
    name = short_name(title)
    if name and name not in aliases:
        aliases.insert(0, name)
    read = sorted(dict.fromkeys(found.read))
    status = found.status or ("read" if read else "to-read")
    arxiv = bare_arxiv(found.arxiv) if found.arxiv else None
    entry: dict[str, Any] = {
        "id": ident,
        "title": title,
        "kind": found.kind if found.kind != "paper" else None,
        "aliases": aliases,
        "authors": [" ".join(a.split()) for a in found.authors if a.strip()],
        "published": _published(found.published),
        "venue": " ".join(found.venue.split()) if found.venue else None,
        "venue_kind": found.venue_kind,
        "volume": _number(found.volume),
        "issue": _number(found.issue),
        "pages": _number(found.pages),
        "publisher": found.publisher,
        "org": list(found.org),
        "arxiv": arxiv or found.arxiv,
        "doi": clean_doi(found.doi) if found.doi else None,
        "links": dict(found.links),
        "tags": list(dict.fromkeys(t.strip() for t in found.tags if t.strip())),
        "status": status,
        "read": read,
        "added": found.added,
        "rating": found.rating,
        "lang": notes_language(found),
        "summary": " ".join(found.summary.split()) if found.summary else None,
        "notes": {k.strip(): MarkdownText(v.strip()) for k, v in found.notes.items() if k.strip() and v.strip()},
        "body": MarkdownText(found.body.strip() + "\n") if found.body and found.body.strip() else None,
    }
    if entry["lang"] == "en":
        entry["lang"] = None
    return {key: entry[key] for key in Paper.model_fields if entry.get(key) not in (None, [], {}, "")}


def _validated(entry: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The entry with every field the model refuses left out (id and title must pass), and what was left out."""
    dropped: list[str] = []
    for _ in range(4):
        try:
            Paper.model_validate(entry)
            return entry, dropped
        except ValidationError as exc:
            errors = exc.errors(include_url=False)
        entry = dict(entry)
        for error in errors:
            loc = error["loc"]
            name = str(loc[0]) if loc else ""
            if name in ("id", "title") or name not in entry:
                raise ValueError(f"{name or 'entry'}: {error['msg']}")
            value = entry[name]
            if len(loc) > 1 and isinstance(value, dict) and loc[1] in value:
                entry[name] = {k: v for k, v in value.items() if k != loc[1]}  # one bad link, not all of them
                dropped.append(f"{name}.{loc[1]}: {error['msg']}")
                if not entry[name]:
                    del entry[name]
            elif len(loc) > 1 and isinstance(value, list) and isinstance(loc[1], int) and loc[1] < len(value):
                entry[name] = [v for i, v in enumerate(value) if i != loc[1]]
                dropped.append(f"{name}: {error['msg']}")
                if not entry[name]:
                    del entry[name]
            else:
                del entry[name]
                dropped.append(f"{name}: {error['msg']}")
    raise ValueError("; ".join(dropped) or "not a valid paper")


def _given_id(ident: str | None, taken: set[str]) -> str | None:
    """The id the source gives (a BibTeX key such as 'flash-attention'), if it is a valid id and not taken."""
    if not ident or ident in taken or ident in RESERVED_IDS or not SLUG_RE.fullmatch(ident):
        return None
    return ident


def _ids(found: Found) -> str:
    parts = []
    if found.arxiv:
        parts.append(f"arXiv {found.arxiv}")
    if found.doi:
        parts.append(f"DOI {found.doi}")
    return ", ".join(parts)


def plan_import(source: Source, existing: Existing, topics: Topics) -> ImportPlan:
    """Decide, paper by paper, what to add, what is already present and what is skipped."""
    plan = ImportPlan(skipped=list(source.skipped), warnings=list(source.warnings))
    for skip in source.skipped:
        plan.lines.append(f"skipped {skip.where}: {skip.reason}")
        plan.rows.append(Row("", "", "", "", skip.where, f"skipped: {skip.reason}"))
    earlier: dict[str, str] = {}  # id -> where it came from in this source
    keyed: dict[str, str] = {}  # a found paper's key or folded title -> its new id (for related links)
    pending: list[tuple[Found, dict[str, Any]]] = []
    for found in source.found:
        title = " ".join(found.title.split())
        date = found.published or (f"read {found.read[0]}" if found.read else "")
        row = Row(title, _ids(found), date or "", "; ".join(" › ".join(p) for p in found.topics), found.where, "")
        plan.rows.append(row)
        duplicate = existing.duplicate_of(found.arxiv, found.doi, title)
        if duplicate:
            plan.present += 1
            if duplicate in earlier:
                row.outcome = f"same as {duplicate} ({earlier[duplicate]})"
                plan.lines.append(f"not added {found.where} '{_short(title)}': the same paper as {earlier[duplicate]}")
            else:
                row.outcome = f"present as {duplicate}"
                place = existing.where.get(duplicate)
                plan.lines.append(
                    f"already present {found.where}: '{_short(title)}' is '{duplicate}'"
                    + (f" ({place})" if place else "")
                )
            for key in (found.key, normal_title(title)):
                if key:
                    keyed.setdefault(key, duplicate)
            continue
        ident = _given_id(found.id, existing.ids) or make_id(title, existing.ids, found.aliases[0] if found.aliases else None)
        try:
            entry, dropped = _validated(entry_for(found, ident))
        except ValueError as exc:
            reason = f"not a valid paper ({exc})"
            plan.skipped.append(Skipped(found.where, reason, broken=True))
            plan.lines.append(f"skipped {found.where}: {reason}")
            row.outcome = f"skipped: {reason}"
            continue
        for problem in dropped:
            plan.warnings.append(f"{found.where}: '{_short(title)}': left out {problem}")
        existing.add(ident, entry.get("arxiv"), entry.get("doi"), title)
        earlier[ident] = found.where
        for key in (found.key, normal_title(title)):
            if key:
                keyed.setdefault(key, ident)
        pending.append((found, entry))
        row.outcome = f"new {ident}"
    # topics and links between papers, now that every new paper has its id
    for found, entry in pending:
        ids = [t for t in (topics.resolve(path) for path in found.topics) if t]
        if ids:
            entry["topics"] = list(dict.fromkeys(ids))
        related = [keyed.get(r) or keyed.get(normal_title(r)) for r in found.related]
        related = [r for r in dict.fromkeys(related) if r and r != entry["id"]]
        if related:
            entry["related"] = related
        for name in ("notes", "body"):
            if name in entry:
                entry[name] = _linked(entry[name], keyed, found.where, plan.warnings)
        ordered = {key: entry[key] for key in Paper.model_fields if key in entry}
        plan.papers.append(DataEntry(ordered["id"], ordered))
        plan.lines.append(f"added '{ordered['id']}' from {found.where}")
    plan.lines = _in_source_order(plan.lines)
    for topic in topics.new:
        Topic.model_validate(topic)
        plan.topics.append(DataEntry(topic["id"], topic))
    return plan


def _short(title: str) -> str:
    return title if len(title) <= 50 else title[:49].rstrip() + "…"


_WIKI = re.compile(r"(!?)\[\[([^\]|#^]*)(?:[#^][^\]|]*)?(?:\|([^\]]*))?\]\]")


def _linked(value: Any, keyed: dict[str, str], where: str, warnings: list[str]) -> Any:
    """Wiki links ([[Note]], [[Note|label]]) to imported or present papers as paper: links, others as their text."""
    if isinstance(value, dict):
        return {k: _linked(v, keyed, where, warnings) for k, v in value.items()}
    if "[[" not in value:
        return value
    embedded: list[str] = []

    def link(match: re.Match[str]) -> str:
        target = match[2].strip()
        label = (match[3] or target).strip()
        if match[1]:
            embedded.append(target)
            return ""
        ident = keyed.get(target) or keyed.get(normal_title(target))
        return f"[{label}](paper:{ident})" if ident else label

    text = MarkdownText(_WIKI.sub(link, value))
    if embedded:
        warnings.append(
            f"{where}: embeds {', '.join(embedded)}, which were left out; put images in docs/ and list them as figures"
        )
    return text


def _in_source_order(lines: list[str]) -> list[str]:
    """The report's lines by their line in the source, when each names one ('list.csv:12'); else as they are."""
    numbers = [re.search(r":(\d+)\b", line) for line in lines]
    if not all(numbers):
        return lines
    return [line for _, line in sorted(zip(numbers, lines, strict=True), key=lambda pair: int(pair[0][1]))]  # type: ignore[index]
