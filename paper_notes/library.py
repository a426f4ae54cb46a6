"""Load the data file into validated records, listing every problem at once."""
from __future__ import annotations

import datetime as dt
import difflib
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, cast

from pydantic import ValidationError

from .datafiles import READER_FILES, DataSources, Layout, Location, Overrides, read_sources
from .latex import looks_like_math
from .memo import Memo, NoMemo, digest
from .model import (
    LINKABLE,
    PAGE_FOLDERS,
    PLAIN,
    SECTIONS,
    Author,
    Collection,
    JournalEntry,
    Paper,
    Reader,
    ReaderNotes,
    Record,
    Role,
    Session,
    TodoItem,
    Topic,
    marked_values,
)
from .notelinks import check_relative, check_target, internal_target, link_targets, relative_path
from .problems import DataError, Problem, display_path
from .yamlsource import ParsedFiles

T = TypeVar("T")


@dataclass(frozen=True)
class Journal:
    """A journal entry with its resolved page id."""

    id: str
    entry: JournalEntry

    def __getattr__(self, name: str) -> Any:
        return getattr(self.entry, name)


@dataclass(frozen=True)
class Meeting:
    """A session with its resolved page id."""

    id: str
    session: Session

    def __getattr__(self, name: str) -> Any:
        return getattr(self.session, name)


@dataclass(frozen=True)
class ReaderNote:
    """One reader's notes on one paper, from data/readers/<reader>/<paper>.yaml."""

    reader: str
    paper: str
    notes: ReaderNotes


@dataclass
class Library:
    """Every valid record of the data, plus the file and lines each paper was written in."""

    layout: Layout
    papers: list[Paper]
    topics: list[Topic]
    journal: list[Journal]
    collections: list[Collection]
    todo: list[TodoItem]
    authors: list[Author] = field(default_factory=list)
    locations: dict[str, Location] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)
    links: dict[str, list[str]] = field(default_factory=dict)  # paper id -> the papers its notes link to
    readers: list[Reader] = field(default_factory=list)
    notes: list[ReaderNote] = field(default_factory=list)  # readers' notes, reader by reader, paper by paper
    sessions: list[Meeting] = field(default_factory=list)
    note_locations: dict[tuple[str, str], Location] = field(default_factory=dict)  # (reader, paper) -> its file

    @property
    def group(self) -> bool:
        """Whether this is a reading group's library: it declares readers or sessions."""
        return bool(self.readers or self.sessions)


def load_library(
    path: Path, docs_dir: Path | None = None, today: dt.date | None = None, overrides: Overrides | None = None,
    parsed: ParsedFiles | None = None, memo: Memo | None = None,
) -> Library:
    """Read, validate and return the library; raise DataError listing every error.

    ``parsed`` keeps parsed files between loads in one process (a rebuild parses only the files that changed), and
    ``memo`` the entries validated (an entry as written before is not validated again: its record is the same object)."""
    library, problems = check_file(path, docs_dir=docs_dir, today=today, overrides=overrides, parsed=parsed, memo=memo)
    if library is None or any(not p.warning for p in problems):
        raise DataError(problems)
    return library


def check_file(
    path: Path, docs_dir: Path | None = None, today: dt.date | None = None, overrides: Overrides | None = None,
    parsed: ParsedFiles | None = None, memo: Memo | None = None,
) -> tuple[Library | None, list[Problem]]:
    """Validate the data file and the paper files beside it; return the library (when there are no errors) and all problems.

    ``overrides`` gives new text for some files (None: the file is gone), so a change can be
    checked before anything is written.
    """
    sources = read_sources(path, overrides, parsed)
    checker = _Checker(sources, docs_dir=docs_dir, today=today or dt.date.today(), memo=memo)
    library = checker.run()
    problems = sorted(sources.problems + checker.problems)
    if any(not p.warning for p in problems):
        return None, problems
    assert library is not None
    library.warnings = problems
    return library, problems


def _friendly(error: Mapping[str, Any]) -> str:
    """Turn one pydantic error into a sentence a person can act on."""
    kind = error["type"]
    value = error.get("input")
    got = _describe(value)
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return "is required"
    if kind == "extra_forbidden":
        return "is not a known field"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    if kind in ("string_type", "string_sub_type"):
        return f"expected text, got {got}; put it in quotes if it is text"
    if kind in ("list_type", "tuple_type"):
        return f"expected a list (one '- item' per line), got {got}"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"expected a mapping of 'key: value' lines, got {got}"
    if kind in ("bool_type", "bool_parsing"):
        return f"expected true or false, got {got}"
    if kind == "int_type":
        return f"expected a whole number, got {got}"
    if kind == "literal_error":
        return f"expected one of {ctx.get('expected', '')}, got {got}"
    if kind == "too_short":
        return "must not be empty"
    return str(error["msg"])


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "..."
        return f"the text {shown!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _as_written(raw: Any, loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """Drop list indexes the user did not write (a single ``read:`` day is read as a list of one)."""
    written: list[Any] = []
    current = raw
    for part in loc:
        if isinstance(part, int) and not isinstance(current, list):
            continue
        written.append(part)
        try:
            current = current[part]
        except (KeyError, IndexError, TypeError):
            current = None
    return tuple(written)


def _field_name(loc: Iterable[Any]) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        elif part == "[key]":
            continue
        else:
            text += f".{part}" if text else str(part)
    return text


class _Checker:
    """Runs every check, appending problems; builds the Library from what is valid."""

    def __init__(self, sources: DataSources, docs_dir: Path | None, today: dt.date, memo: Memo | None = None) -> None:
        self.sources = sources
        self.docs_dir = docs_dir
        self.today = today
        self.problems: list[Problem] = []
        self.memo = memo if memo is not None else NoMemo()
        self._digests: dict[int, bytes] = {}  # of the entries as written, by identity (alive while this check runs)

    def remembered(self, table: str, raw: Any, compute: Callable[..., T], *args: Any) -> T:
        """``compute(*args)`` for an entry as written, or what an earlier build in this process had for an equal entry
        (without a memo, as in `mkdocs build`, no digest is made: there is nothing to reuse)."""
        if isinstance(self.memo, NoMemo):
            return compute(*args)
        return self.memo.table(table).by_value(self.digest(raw), compute, *args)

    def digest(self, raw: Any) -> bytes:
        """A digest of an entry as written: equal entries are validated once per serve session."""
        known = self._digests.get(id(raw))
        if known is None:
            # the entries of a file that was not parsed again are the same objects as the last build's
            known = self._digests[id(raw)] = self.memo.table("digests").by_object(raw, _digest)
        return known

    # -- reporting -----------------------------------------------------------------

    def add(self, loc: tuple[Any, ...], message: str, entry: str | None = None, warning: bool = False) -> None:
        field_loc = loc[2:] if len(loc) > 2 else ()
        self.problems.append(
            Problem(
                line=self.sources.line(loc),
                path=self.sources.display(loc),
                message=message,
                entry=entry,
                field=_field_name(field_loc) or None,
                warning=warning,
            )
        )

    def entry_name(self, section: str, index: int, raw: Any) -> str:
        noun = SECTIONS[section].noun
        key = {"todo": "paper", "authors": "name"}.get(section, "id")
        if isinstance(raw, dict) and isinstance(raw.get(key), str) and section != "todo":
            return f"{noun} '{raw[key]}'"
        if section == "log" and isinstance(raw, dict) and isinstance(raw.get("date"), str):
            return f"journal entry of {raw['date']}"
        if section == "sessions" and isinstance(raw, dict) and isinstance(raw.get("date"), str):
            return f"session of {raw['date']}"
        return f"{section}[{index}]"

    # -- the checks ----------------------------------------------------------------

    def run(self) -> Library | None:
        data = self.sources.data
        if data is None:
            if not self.sources.problems:  # not read at all: those problems say why
                self.add((), "the file is empty; expected a mapping with at least a 'papers:' list")
            return None
        if not isinstance(data, dict):
            self.add((), f"expected a mapping with 'papers:', 'topics:'... at the top, got {_describe(data)}")
            return None
        for key in data:
            if key not in SECTIONS:
                self.add((key,), "top-level " + self._unknown(key, SECTIONS))
        if "papers" not in data and not self.sources.layout.split:
            self.add((), "the 'papers:' list is missing")
        self._paper_files()
        self._entries_characters(data)
        records: dict[str, list[tuple[int, Record]]] = {}
        raw_ids: dict[str, set[str]] = {}
        for section, model in SECTIONS.items():
            records[section] = self._section(data, section, model)
            raw_ids[section] = self._unique(section, data.get(section))
        papers = [cast(Paper, r) for _, r in records["papers"]]
        topics = [cast(Topic, r) for _, r in records["topics"]]
        journal = self._journal(records["log"])
        sessions = self._sessions(records["sessions"])
        known_papers = raw_ids["papers"] | self.sources.unreadable_ids
        known_topics = raw_ids["topics"]
        ids = {**raw_ids, "papers": known_papers, "log": {j.id for j in journal}, "sessions": {m.id for m in sessions}}
        known = {scheme: ids[section] for scheme, section in LINKABLE.items()}
        links = self._texts(data, known)
        notes = self._reader_files(known, {p.id: p for p in papers}, links)
        self._paper_checks(records["papers"])
        self._topic_cycles(records["topics"], known_topics)
        self._collection_checks(records["collections"])
        self._author_checks(records["authors"])
        self._vote_checks(records["papers"])
        locations = {cast(Paper, paper).id: self.sources.location(("papers", index)) for index, paper in records["papers"]}
        return Library(
            layout=self.sources.layout,
            papers=group_status(papers, [n for _, n in notes], sessions, self.today),
            topics=topics,
            journal=journal,
            collections=[cast(Collection, r) for _, r in records["collections"]],
            todo=[cast(TodoItem, r) for _, r in records["todo"]],
            authors=[cast(Author, r) for _, r in records["authors"]],
            locations=locations,
            links=links,
            readers=[cast(Reader, r) for _, r in records["readers"]],
            notes=[note for _, note in notes],
            sessions=sessions,
            note_locations={(n.reader, n.paper): self.sources.location((READER_FILES, i)) for i, n in notes},
        )

    def _unknown(self, key: Any, known: Iterable[str]) -> str:
        close = difflib.get_close_matches(str(key), list(known), n=1)
        hint = f"; did you mean '{close[0]}'?" if close else f"; expected one of {', '.join(known)}"
        return f"unknown key '{key}'{hint}"

    def _place(self, first: tuple[Any, ...], here: tuple[Any, ...]) -> str:
        """'on line 12', or 'in data/papers/x.yaml:2' when the first use is in another file."""
        if self.sources.display(first) == self.sources.display(here):
            return f"on line {self.sources.line(first)}"
        return f"in {self.sources.where(first)}"

    def _paper_files(self) -> None:
        """A paper file is named after the paper's id (other mistakes in it are the record's own)."""
        papers = self.sources.data.get("papers")
        if not isinstance(papers, list):
            return
        for index, raw in enumerate(papers):
            if not self.sources.in_paper_file(index):
                continue
            name = self.sources.location(("papers", index)).path.name
            if isinstance(raw, dict) and isinstance(raw.get("id"), str) and f"{raw['id']}.yaml" != name:
                self.add(
                    ("papers", index, "id"),
                    f"the file is named '{name}' but the paper's id is '{raw['id']}'; rename the file to"
                    f" '{raw['id']}.yaml' or change the id",
                    f"paper '{raw['id']}'",
                )

    def _section(self, data: dict[str, Any], section: str, model: type[Record]) -> list[tuple[int, Record]]:
        """Validate every item of one top-level list; return the valid records with their indexes."""
        if section not in data:
            return []
        items = data[section]
        if not isinstance(items, list):
            self.add((section,), f"'{section}' must be a list (one '- ' item per entry), got {_describe(items)}")
            return []
        valid: list[tuple[int, Record]] = []
        for index, raw in enumerate(items):
            entry: str | None = self.entry_name(section, index, raw)
            if section == "papers" and self.sources.in_paper_file(index) and not isinstance(raw, dict):
                # the file is the entry: name it, not a position in a list the user never wrote
                if raw is None:
                    where = self.sources.display((section, index))
                    self.problems.append(
                        Problem(path=where, line=0, message="the file is empty; write at least 'id:' and 'title:'")
                    )
                    continue
                entry = None
            try:
                # an entry written as before is the record it was (the same object): what was worked out from it holds
                valid.append((index, self.remembered(f"valid {section}", raw, model.model_validate, raw)))
            except ValidationError as exc:
                for error in exc.errors(include_url=False):
                    loc = (section, index, *_as_written(raw, error["loc"]))
                    message = _friendly(error)
                    if error["type"] == "extra_forbidden":
                        message = self._unknown(error["loc"][-1], self._fields_at(model, error["loc"][:-1]))
                    self.add(loc, message, entry)
        return valid

    def _fields_at(self, model: type[Record], loc: tuple[Any, ...]) -> list[str]:
        """Field names of the record at ``loc`` inside ``model`` (for 'did you mean')."""
        current: Any = model
        for part in loc:
            if isinstance(part, int):
                continue
            info = getattr(current, "model_fields", {}).get(part)
            if info is None:
                return list(getattr(current, "model_fields", {}))
            args = getattr(info.annotation, "__args__", ())
            current = next((a for a in args if isinstance(a, type) and issubclass(a, Record)), info.annotation)
        return list(getattr(current, "model_fields", {}))

    def _unique(self, section: str, items: Any) -> set[str]:
        """Report ids used twice, or twice but for case; return every id written (valid or not)."""
        if section in ("log", "todo", "sessions") or not isinstance(items, list):
            return set()
        noun = SECTIONS[section].noun
        seen: dict[str, tuple[str, int]] = {}
        for index, raw in enumerate(items):
            rid = raw.get("id") if isinstance(raw, dict) else None
            if not isinstance(rid, str):
                continue
            folded = rid.casefold()
            if folded in seen:
                first, first_index = seen[folded]
                how = "" if first == rid else f" as '{first}' (ids that differ only in case clash)"
                self.add(
                    (section, index, "id"),
                    f"{noun} id '{rid}' is already used {self._place((section, first_index), (section, index))}{how};"
                    " ids must be unique",
                    f"{noun} '{rid}'",
                )
            else:
                seen[folded] = (rid, index)
        return {rid for rid, _ in seen.values()}

    def _journal(self, records: list[tuple[int, Record]]) -> list[Journal]:
        journal: list[Journal] = []
        used: dict[str, int] = {}
        for index, entry in records:
            assert isinstance(entry, JournalEntry)
            if entry.id:
                jid = entry.id
                if jid in used:
                    self.add(
                        ("log", index, "id"),
                        f"journal id '{jid}' is already used {self._place(('log', used[jid]), ('log', index))}",
                        f"journal entry '{jid}'",
                    )
            else:
                jid, n = entry.date.isoformat(), 1
                while jid in used:
                    n += 1
                    jid = f"{entry.date.isoformat()}-{n}"
            used[jid] = index
            if entry.date > self.today:
                self.add(("log", index, "date"), f"{entry.date} is in the future", f"journal entry '{jid}'")
            journal.append(Journal(id=jid, entry=entry))
        return journal

    def _marked(self, data: dict[str, Any]) -> Iterable[tuple[str, int, Any, tuple[Any, ...], str, Role, list[str]]]:
        """Every text in every entry, valid or not, with the role the model gives it (PLAIN when none) and, in
        Markdown, the links it holds."""
        for section, model in SECTIONS.items():
            items = data.get(section)
            if isinstance(items, list):
                for index, raw in enumerate(items):
                    for loc, text, role, hrefs in self.remembered(f"texts {section}", raw, _texts_of, model, raw):
                        yield section, index, raw, (section, index, *loc), text, role, hrefs

    def _texts(self, data: dict[str, Any], known: dict[str, set[str]]) -> dict[str, list[str]]:
        """One pass over every text, in valid and invalid entries alike: ids that name another record
        must exist, links in Markdown must resolve or be web links, and TeX math in a field that shows
        its text as written is worth a warning. Returns the papers each paper's notes link to."""
        links: dict[str, dict[str, None]] = defaultdict(dict)
        pages = {PAGE_FOLDERS[scheme]: (scheme, ids) for scheme, ids in known.items()}  # for relative links
        for section, index, raw, loc, text, role, hrefs in self._marked(data):
            if role.kind == "reference" and role.target is not None:
                self._ref(loc, text, known[role.target], role.target, self.entry_name(section, index, raw))
            elif role.kind in ("markdown", "inline-markdown"):
                for href in hrefs:
                    reason = check_target(href, known) or self._relative(href, pages)
                    if reason:
                        self.add(loc, reason, self.entry_name(section, index, raw))
                    elif section == "papers" and isinstance(raw, dict) and isinstance(raw.get("id"), str):
                        target = internal_target(href)
                        if target and target[0] == "paper" and target[1] != raw["id"]:
                            links[raw["id"]][target[1]] = None
            elif role is PLAIN and looks_like_math(text):
                self.add(
                    loc,
                    "holds TeX math ($...$), which this field shows as written; write it as text"
                    " (α, O(n²)), or put it in the title, summary or a note, where math is typeset",
                    self.entry_name(section, index, raw),
                    warning=True,
                )
        return {paper: list(targets) for paper, targets in links.items()}

    def _relative(self, href: str, pages: dict[str, tuple[str, set[str]]]) -> str | None:
        """Why a relative link names nothing on the site (None when it names something, or without a docs folder);
        ``pages`` maps a folder of generated pages to its link scheme and ids."""
        path = relative_path(href)
        if path is None or self.docs_dir is None:
            return None
        return check_relative(path, self.docs_dir, pages)

    def _entries_characters(self, data: dict[str, Any]) -> None:
        """Refuse text that is not text, in the whole data; an entry as written before is known to be clean."""
        for key, value in data.items():
            self._characters(key, ())
            if key in SECTIONS and isinstance(value, list):
                for index, raw in enumerate(value):
                    if not self.remembered(f"clean {key}", raw, _clean, raw):
                        self._characters(raw, (key, index))
            else:
                self._characters(value, (key,))

    def _characters(self, value: Any, loc: tuple[Any, ...]) -> None:
        """Refuse text that is not text: lone surrogates and control characters."""
        if isinstance(value, str):
            bad = _BAD_CHARACTER.search(value)
            if bad:
                char = bad.group(0)
                what = "a lone surrogate, which is not text" if "\ud800" <= char <= "\udfff" else "a control character"
                entry = None
                if len(loc) > 1 and loc[0] in SECTIONS and isinstance(self.sources.data[loc[0]], list):
                    entry = self.entry_name(loc[0], loc[1], self.sources.data[loc[0]][loc[1]])
                self.add(loc, f"contains {what} (U+{ord(char):04X}) at position {bad.start() + 1}; remove it", entry)
        elif isinstance(value, dict):
            for key, item in value.items():
                self._characters(key, loc)
                self._characters(item, (*loc, key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                self._characters(item, (*loc, index))

    def _ref(self, loc: tuple[Any, ...], ref: str, known: set[str], noun: str, entry: str) -> bool:
        """Report ``ref`` if it names no known id; return whether it is known."""
        if ref in known:
            return True
        close = difflib.get_close_matches(ref, sorted(known), n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        self.add(loc, f"unknown {noun} id '{ref}'{hint}", entry)
        return False

    def _paper_checks(self, records: list[tuple[int, Record]]) -> None:
        for index, paper in records:
            assert isinstance(paper, Paper)
            name = f"paper '{paper.id}'"
            if paper.id in paper.related:
                self.add(("papers", index, "related"), "a paper cannot be related to itself", name)
            for position, day in enumerate(paper.read):
                loc = ("papers", index, "read", position) if len(paper.read) > 1 else ("papers", index, "read")
                if day > self.today:
                    self.add(loc, f"{day} is in the future", name)
                elif paper.published and paper.published.first_day > day:
                    self.add(
                        loc,
                        f"read on {day}, before it was published ({paper.published})",
                        name,
                        warning=True,
                    )
            if len(set(paper.read)) != len(paper.read):
                self.add(("papers", index, "read"), "the same day is listed twice", name)
            for position, figure in enumerate(paper.figures):
                self._figure(("papers", index, "figures", position, "src"), figure.src, name)

    def _figure(self, loc: tuple[Any, ...], src: str, entry: str) -> None:
        if self.docs_dir is None or src.startswith(("http://", "https://")):
            return
        if not (self.docs_dir / src).is_file():
            self.add(loc, f"figure file '{src}' does not exist in {display_path(self.docs_dir)}/", entry)

    def _topic_cycles(self, records: list[tuple[int, Record]], topics: set[str]) -> None:
        parents: dict[str, str] = {}
        index_of: dict[str, int] = {}
        for index, topic in records:
            assert isinstance(topic, Topic)
            index_of[topic.id] = index
            if topic.parent is None or topic.parent not in topics:
                continue  # unknown parents are reported with the other references
            if topic.parent == topic.id:
                self.add(("topics", index, "parent"), "a topic cannot be its own parent", f"topic '{topic.id}'")
            else:
                parents[topic.id] = topic.parent
        reported: set[str] = set()
        for start in parents:
            chain, node = [start], parents.get(start)
            while node is not None and node not in chain:
                chain.append(node)
                node = parents.get(node)
            if node is not None and node == start and not reported & set(chain):
                reported |= set(chain)
                cycle = " > ".join([*chain, start])
                self.add(
                    ("topics", index_of[start], "parent"),
                    f"topic parents form a cycle: {cycle}",
                    f"topic '{start}'",
                )

    def _author_checks(self, records: list[tuple[int, Record]]) -> None:
        """Each way of writing a name belongs to one person."""
        owner: dict[str, tuple[str, int]] = {}
        for index, author in records:
            assert isinstance(author, Author)
            for position, name in enumerate([author.name, *author.aliases]):
                key = " ".join(name.split()).casefold()
                if key in owner and owner[key][0] != author.name:
                    where = ("authors", index, "aliases", position - 1) if position else ("authors", index, "name")
                    self.add(
                        where,
                        f"'{name}' is already a name of '{owner[key][0]}' (line {self.sources.line(('authors', owner[key][1]))});"
                        " a spelling can belong to one person only",
                        f"author '{author.name}'",
                    )
                owner.setdefault(key, (author.name, index))

    def _collection_checks(self, records: list[tuple[int, Record]]) -> None:
        for index, collection in records:
            assert isinstance(collection, Collection)
            seen: set[str] = set()
            for position, item in enumerate(collection.items):
                if item.paper in seen:
                    self.add(
                        ("collections", index, "items", position, "paper"),
                        f"paper '{item.paper}' is listed twice",
                        f"collection '{collection.id}'",
                    )
                seen.add(item.paper)

    # -- a reading group's data: sessions, votes, and the readers' files ------------

    def _sessions(self, records: list[tuple[int, Record]]) -> list[Meeting]:
        """Sessions with their page ids (the date, unless given); a paper listed twice in one is an error."""
        meetings: list[Meeting] = []
        used: dict[str, int] = {}
        for index, session in records:
            assert isinstance(session, Session)
            if session.id:
                sid = session.id
                if sid in used:
                    self.add(
                        ("sessions", index, "id"),
                        f"session id '{sid}' is already used {self._place(('sessions', used[sid]), ('sessions', index))}",
                        f"session '{sid}'",
                    )
            else:
                sid, n = session.date.day.isoformat(), 1
                while sid in used:
                    n += 1
                    sid = f"{session.date.day.isoformat()}-{n}"
            used[sid] = index
            seen: set[str] = set()
            for position, paper in enumerate(session.papers):
                if paper in seen:
                    self.add(("sessions", index, "papers", position), f"paper '{paper}' is listed twice", f"session '{sid}'")
                seen.add(paper)
            meetings.append(Meeting(id=sid, session=session))
        return meetings

    def _vote_checks(self, records: list[tuple[int, Record]]) -> None:
        """A reader votes for a paper once."""
        for index, paper in records:
            assert isinstance(paper, Paper)
            seen: set[str] = set()
            for position, reader in enumerate(paper.votes):
                if reader in seen:
                    self.add(("papers", index, "votes", position), f"reader '{reader}' votes twice", f"paper '{paper.id}'")
                seen.add(reader)

    def _read_days(self, loc: tuple[Any, ...], days: list[dt.date], paper: Paper | None, entry: str) -> None:
        """Reading days are not in the future, not listed twice; one before the paper was published is suspicious."""
        for position, day in enumerate(days):
            here = (*loc, position) if len(days) > 1 else loc
            if day > self.today:
                self.add(here, f"{day} is in the future", entry)
            elif paper is not None and paper.published and paper.published.first_day > day:
                self.add(here, f"read on {day}, before it was published ({paper.published})", entry, warning=True)
        if len(set(days)) != len(days):
            self.add(loc, "the same day is listed twice", entry)

    def _reader_files(
        self, known: dict[str, set[str]], papers: dict[str, Paper], links: dict[str, list[str]]
    ) -> list[tuple[int, ReaderNote]]:
        """Check every file of the readers' folder: its place (a known reader's folder, a known paper's name) and its
        content, as a paper's is checked. Returns the valid notes with their index; their links to papers join ``links``."""
        readers, known_papers = known["reader"], known["paper"]
        main = self.sources.display(())
        folder = display_path(self.sources.layout.readers_folder)
        pages = {PAGE_FOLDERS[scheme]: (scheme, ids) for scheme, ids in known.items()}
        named: set[str] = set()
        notes: list[tuple[int, ReaderNote]] = []
        for index, item in enumerate(self.sources.reader_sources):
            loc: tuple[Any, ...] = (READER_FILES, index)
            if item.reader is None or item.paper is None:
                self.add(loc, f"a reader's notes go in {folder}/<reader-id>/<paper-id>.yaml; move this file")
                continue
            entry = f"reader '{item.reader}' on paper '{item.paper}'"
            placed = True
            if item.reader not in readers:
                placed = False
                if item.reader not in named:  # once per folder
                    named.add(item.reader)
                    self.add(loc, f"the folder '{item.reader}' names no reader (readers: in {main}){_hint(item.reader, readers)}")
            if item.paper not in known_papers:
                placed = False
                self.add(
                    loc,
                    f"the file names no paper: there is no paper '{item.paper}'{_hint(item.paper, known_papers)}"
                    " (a reader's file is named after the paper's id)",
                )
            raw = item.source.data
            if raw is None:
                self.problems.append(
                    Problem(path=item.source.display, line=0, message="the file is empty; write at least 'status: reading'")
                )
                continue
            self._characters(raw, loc)
            try:
                record = ReaderNotes.model_validate(raw)
            except ValidationError as exc:
                record = None
                for error in exc.errors(include_url=False):
                    message = _friendly(error)
                    if error["type"] == "extra_forbidden":
                        message = self._unknown(error["loc"][-1], self._fields_at(ReaderNotes, error["loc"][:-1]))
                    self.add((*loc, *_as_written(raw, error["loc"])), message, entry)
            for where, text, role in marked_values(ReaderNotes, raw, loc, plain=True):
                self._reader_text(where, text, role, known, pages, entry, links.setdefault(item.paper, []), item.paper)
            if record is None:
                continue
            self._read_days((*loc, "read"), record.read, papers.get(item.paper), entry)
            if placed:
                notes.append((index, ReaderNote(item.reader, item.paper, record)))
        for paper, targets in list(links.items()):
            if targets:
                links[paper] = list(dict.fromkeys(targets))
            else:
                del links[paper]
        return notes

    def _reader_text(
        self, loc: tuple[Any, ...], text: str, role: Role, known: dict[str, set[str]],
        pages: dict[str, tuple[str, set[str]]], entry: str, links: list[str], paper: str,
    ) -> None:  # fmt: skip
        """One text of a reader's file, checked as the texts of the data file are (see ``_texts``)."""
        if role.kind in ("markdown", "inline-markdown"):
            for href in link_targets(text):
                reason = check_target(href, known) or self._relative(href, pages)
                if reason:
                    self.add(loc, reason, entry)
                else:
                    target = internal_target(href)
                    if target and target[0] == "paper" and target[1] != paper:
                        links.append(target[1])
        elif role is PLAIN and looks_like_math(text):
            self.add(
                loc,
                "holds TeX math ($...$), which this field shows as written; write it as text"
                " (α, O(n²)), or put it in the summary or a note, where math is typeset",
                entry,
                warning=True,
            )


def _hint(name: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, sorted(known), n=1)
    return f"; did you mean '{close[0]}'?" if close else ""


def group_status(papers: list[Paper], notes: list[ReaderNote], sessions: list[Meeting], today: dt.date) -> list[Paper]:
    """A reading group's papers, each with the status its readers and sessions give it when its own file gives none.

    A paper whose file sets ``status`` (or ``read`` days) keeps it. Otherwise it is read once a reader has read it
    or a session before today discussed it, skimmed if its readers only skimmed it, reading while one reads it, and to-read
    until then."""
    if not notes and not sessions:
        return papers
    statuses: dict[str, set[str]] = defaultdict(set)
    for note in notes:
        statuses[note.paper].add(note.notes.status)
    for meeting in sessions:
        if meeting.session.date.day < today:  # held: a session today may not have been yet
            for discussed in meeting.session.papers:
                statuses[discussed].add("read")
    result = []
    for paper in papers:
        found = statuses.get(paper.id)
        if found and "status" not in paper.model_fields_set:
            status = next((s for s in ("read", "skimmed", "reading") if s in found), paper.status)
            if status != paper.status:
                paper = paper.model_copy(update={"status": status})
        result.append(paper)
    return result


def _digest(raw: Any) -> bytes:
    return digest((type(raw).__name__, raw))


def _clean(value: Any) -> bool:
    """Whether no text in ``value`` (keys included) holds a lone surrogate or a control character."""
    if isinstance(value, str):
        return _BAD_CHARACTER.search(value) is None
    if isinstance(value, dict):
        return all(_clean(key) and _clean(item) for key, item in value.items())
    if isinstance(value, list):
        return all(_clean(item) for item in value)
    return True


def _texts_of(model: type[Record], raw: Any) -> list[tuple[tuple[Any, ...], str, Role, list[str]]]:
    """The texts of one entry as written (see _Checker._marked), their places relative to the entry."""
    return [
        (loc, text, role, link_targets(text) if role.kind in ("markdown", "inline-markdown") else [])
        for loc, text, role in marked_values(model, raw, (), plain=True)
    ]


# C0 and C1 controls (but tab, newline, carriage return), DEL, and lone surrogates
_BAD_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
