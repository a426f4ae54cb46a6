"""Writing new entries into the data without touching anything else in it.

In the folder layout each new paper is a new file, ``data/papers/<id>.yaml``, so two
contributors adding papers never edit the same lines. In the single-file layout new
entries are inserted as text after the last paper (and after the comments that belong
to it), in the file's own style, so every other byte stays as the user wrote it.
Every change is validated as a whole before any file is replaced, and each file is
replaced atomically: a change that would leave the data invalid is refused and the old
files are kept.
"""
from __future__ import annotations

import difflib
import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import yaml

from .datafiles import PAPER_MODELINE, Layout
from .library import check_file
from .model import SLUG_RE, Paper
from .problems import Problem, display_path
from .yamlsource import DataLoader, SourceError, parse_text


class WriteRefused(Exception):
    """The change was not written; carries the problems it would have caused."""

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


def valid_slug(value: str) -> bool:
    """Whether ``value`` can be an id."""
    return bool(SLUG_RE.fullmatch(value)) and value != "index"


# --- one entry as YAML text -------------------------------------------------------------------

MARKDOWN_WIDTH = 88  # long Markdown is folded at this width; one-line fields are never wrapped


class MarkdownText(str):
    """Text for a Markdown field: a long paragraph is folded over several lines, which Markdown joins again."""


class _EntryDumper(yaml.SafeDumper):
    """Plain scalars wherever the project's loader reads them back as text; one-line values never wrapped."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)  # lists indented under their key, as people write them

    def write_plain(self, text: str, split: bool = True) -> None:
        super().write_plain(text, split=False)

    def write_double_quoted(self, text: str, split: bool = True) -> None:
        super().write_double_quoted(text, split=False)

    def write_single_quoted(self, text: str, split: bool = True) -> None:
        super().write_single_quoted(text, split=False)


_EntryDumper.yaml_implicit_resolvers = DataLoader.yaml_implicit_resolvers
_STR = "tag:yaml.org,2002:str"


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value:
        return dumper.represent_scalar(_STR, value, style="|")
    analysis = dumper.analyze_scalar(value)
    resolved = dumper.resolve(yaml.ScalarNode, value, (True, False))
    if analysis.allow_block_plain and resolved == _STR:
        return dumper.represent_scalar(_STR, value)  # plain; inside [a, b] the emitter quotes what must be
    # quoted as people quote titles: double quotes, or single ones around a title holding double quotes
    return dumper.represent_scalar(_STR, value, style="'" if '"' in value and "\\" not in value else '"')


def _markdown(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" not in value and len(value) > MARKDOWN_WIDTH and " " in value:
        return dumper.represent_scalar(_STR, str(value), style=">")
    return _str(dumper, str(value))


def _list(dumper: yaml.SafeDumper, value: list[Any]) -> yaml.SequenceNode:
    short = (
        len(value) <= 4
        and all(isinstance(v, str) and "\n" not in v for v in value)
        and sum(len(v) + 2 for v in value) <= 60
    )
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=short)


_EntryDumper.add_representer(str, _str)
_EntryDumper.add_representer(MarkdownText, _markdown)
_EntryDumper.add_representer(list, _list)


def yaml_scalar(value: str) -> str:
    """One value as it would be written after 'key: ' (plain when it can be, else quoted)."""
    return yaml.dump(value, Dumper=_EntryDumper, allow_unicode=True, width=MARKDOWN_WIDTH).split("\n...")[0].strip()


def entry_yaml(entry: dict[str, Any], indent: str | None) -> str:
    """YAML for one paper: a list item under 'papers:' indented by ``indent``, or (None) a file's whole document."""
    value: Any = [entry] if indent is not None else entry
    text = yaml.dump(
        value, Dumper=_EntryDumper, allow_unicode=True, sort_keys=False, width=MARKDOWN_WIDTH, indent=2
    )
    prefix = indent or ""
    return "".join(f"{prefix}{line}\n" if line.strip() else "\n" for line in text.splitlines())


class NewEntry(Protocol):
    """Something to add: its id, and its text as a list item (indented) or as a whole file (None)."""

    ident: str

    def text(self, indent: str | None) -> str: ...


@dataclass
class DataEntry:
    """An entry given as plain data (fetched or imported metadata)."""

    ident: str
    data: dict[str, Any]

    def text(self, indent: str | None) -> str:
        return entry_yaml(self.data, indent)


# --- a change to one or more files -----------------------------------------------------------


@dataclass
class FileEdit:
    """A file's text before and after a change (None: the file does not exist on that side)."""

    before: str | None
    after: str | None


@dataclass
class Placement:
    """Where a new entry went: its file and lines."""

    ident: str
    path: Path
    first: int
    last: int

    def __str__(self) -> str:
        return f"{display_path(self.path)}:{self.first}-{self.last}"


@dataclass
class Change:
    """A change to the data: new text per file, and where each new entry went."""

    main: Path
    edits: dict[Path, FileEdit] = field(default_factory=dict)
    placements: list[Placement] = field(default_factory=list)

    def diff(self) -> str:
        """A unified diff of every file the change touches."""
        out: list[str] = []
        for path, edit in self.edits.items():
            name = display_path(path)
            out += difflib.unified_diff(
                (edit.before or "").splitlines(keepends=True),
                (edit.after or "").splitlines(keepends=True),
                name if edit.before is not None else "/dev/null",
                name if edit.after is not None else "/dev/null",
            )
        return "".join(out)

    def where(self) -> str:
        """Where the new entries went, for messages: one place, or the files' folder."""
        if len(self.placements) == 1:
            return str(self.placements[0])
        files = {p.path for p in self.placements}
        if len(files) == 1:
            path = next(iter(files))
            return f"{display_path(path)}:{self.placements[0].first}-{self.placements[-1].last}"
        return f"{len(files)} files in {display_path(next(iter(files)).parent)}/"


def read_exactly(path: Path) -> str:
    """A file's text with its own line endings (read_text would turn CRLF into LF)."""
    with path.open(encoding="utf-8", newline="") as handle:
        return handle.read()


# --- adding entries ---------------------------------------------------------------------------------


def add_entries(main: Path, entries: Iterable[NewEntry], change: Change | None = None) -> Change:
    """The change that adds ``entries`` (to ``change``, if given): new files in the folder layout, an insertion in the single file."""
    entries = list(entries)
    layout = Layout(main)
    change = change or Change(main)
    if layout.split:
        for entry in entries:
            path = layout.paper_file(entry.ident)
            if path.exists():
                raise WriteRefused(f"{display_path(path)} already exists; choose another id")
            text = f"{PAPER_MODELINE}\n{entry.text(None)}"
            change.edits[path] = FileEdit(None, text)
            change.placements.append(Placement(entry.ident, path, 2, text.count("\n")))
        return change
    return insert_into_file(main, entries, change)


@dataclass(frozen=True)
class Style:
    """How the single data file writes its papers list."""

    indent: str = "  "  # before each '- '
    blank_between: bool = True
    newline: str = "\n"


def file_style(text: str, source: Any, section: str = "papers") -> Style:
    """The indentation, spacing and line endings the data file already uses for a list (its papers, its topics)."""
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.splitlines()
    items = source.data.get(section) if source and isinstance(source.data, dict) else None
    if not isinstance(items, list) or not items:
        if section != "papers":
            return file_style(text, source)  # a list not started yet looks like the papers list
        return Style(newline=newline)
    starts = [source.spans[(section, i)].start for i in range(len(items)) if (section, i) in source.spans]
    first = lines[starts[0] - 1] if starts else ""
    indent = re.match(r"^(\s*)", first).group(1) if first.lstrip().startswith("-") else "  "  # type: ignore[union-attr]
    gaps = []
    for start in starts[1:]:
        above = start - 2  # 0-based index of the line above the entry
        while above >= 0 and lines[above].strip().startswith("#"):
            above -= 1  # a comment on top of an entry belongs to it
        gaps.append(above >= 0 and not lines[above].strip())
    blank = sum(gaps) * 2 >= len(gaps) if gaps else True
    return Style(indent=indent, blank_between=blank, newline=newline)


def insert_into_file(main: Path, entries: list[NewEntry], change: Change | None = None, section: str = "papers") -> Change:
    """Insert the entries' text after the last item of a list of the single data file (and the comments that end it).

    If the change already edits the file (topics, then papers), the insertion is made in its new text.
    """
    change = change or Change(main)
    earlier = change.edits.get(main)
    exists = main.exists()
    before = earlier.after or "" if earlier else read_exactly(main) if exists else ""
    try:
        source = parse_text(before, main, display_path(main)) if before.strip() else None
    except SourceError as exc:
        raise WriteRefused("the data file cannot be read; fix it first", exc.problems) from None
    style = file_style(before, source, section)
    lines = before.splitlines(keepends=True)
    span = source.spans.get((section,)) if source else None
    items = source.data.get(section) if source and isinstance(source.data, dict) else None
    gap = "\n" if style.blank_between else ""
    key = re.escape(section)
    if span is None:  # no such list yet
        lead = ("" if not before or before.endswith(("\n", "\r")) else "\n") + ("\n" if before.strip() else "")
        lead += f"{section}:\n"
        insert_at = len(lines)
    else:
        key_line = lines[span.start - 1].rstrip("\r\n")
        if re.match(rf"^{key}:\s*\[\s*\]\s*(#.*)?$", key_line):
            lines[span.start - 1] = f"{section}:" + style.newline  # an empty flow list becomes a block list
            insert_at, lead = span.start, ""
        elif items is None and re.match(rf"^{key}:\s*(#.*)?$", key_line):
            insert_at, lead = span.start, ""  # 'papers:' with nothing under it yet
        elif not isinstance(items, list) or re.match(rf"^{key}:\s*[^\s#]", key_line):
            raise WriteRefused(f"'{section}:' is not a block list ('- id: ...' lines); write it as one to add entries")
        else:
            insert_at, lead = _end_of_last_entry(lines, span.end, style.indent), gap
    if insert_at > 0 and not lines[insert_at - 1].endswith(("\n", "\r")):
        lines[insert_at - 1] += style.newline
    text = lead
    line = insert_at + lead.count("\n")
    for n, entry in enumerate(entries):
        if n:
            text += gap
            line += gap.count("\n")
        block = entry.text(style.indent)
        change.placements.append(Placement(entry.ident, main, line + 1, line + block.count("\n")))
        text += block
        line += block.count("\n")
    shift = text.count("\n")
    for placement in change.placements[: len(change.placements) - len(entries)]:
        if placement.path == main and placement.first > insert_at:
            placement.first += shift  # an earlier insertion below this one moved down
            placement.last += shift
    addition = text.replace("\n", style.newline)
    after = "".join(lines[:insert_at] + [addition] + lines[insert_at:])
    change.edits[main] = FileEdit(earlier.before if earlier else before if exists else None, after)
    return change


def _end_of_last_entry(lines: list[str], end: int, indent: str) -> int:
    """The line after the last paper, counting the comments indented under it (a scaffold's, say) as its own."""
    last = end
    index = end
    while index < len(lines):
        text = lines[index]
        if not text.strip():
            index += 1
            continue
        if text.lstrip().startswith("#") and len(text) - len(text.lstrip()) > len(indent):
            index += 1
            last = index
            continue
        break
    return last


# --- writing -------------------------------------------------------------------------------------


def write_checked(change: Change, docs_dir: Path | None = None) -> list[Problem]:
    """Validate the data as it would be after the change, then write each file atomically.

    Refuses (writing nothing) if the result has errors; returns its warnings.
    """
    overrides = {path: edit.after for path, edit in change.edits.items()}
    library, problems = check_file(change.main, docs_dir=docs_dir, overrides=overrides)
    if library is None:
        raise WriteRefused("the change would make the data invalid, so nothing was written", problems)
    for path, edit in change.edits.items():
        if edit.after is not None:
            _replace(path, edit.after)
    for path, edit in change.edits.items():
        if edit.after is None and path.exists():
            path.unlink()
            if path.parent != change.main.parent and not any(path.parent.iterdir()):
                path.parent.rmdir()  # a folder the change emptied (join's)
    return problems


def _replace(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file, so an interrupted write leaves the old file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask())
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def field_order() -> tuple[str, ...]:
    """The order fields are written in: the model's own."""
    return tuple(Paper.model_fields)
