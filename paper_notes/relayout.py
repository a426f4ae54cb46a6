"""Moving papers between the single data file and the folder of one file per paper (``split`` and ``join``).

Entries move as text: comments, quoting, block scalars and blank lines inside an entry
travel with it, only its indentation changes. Each moved entry is parsed again and
compared with the original before anything is written; if one would not come out
identical, nothing is moved.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .datafiles import PAPER_MODELINE, Layout
from .editing import Change, FileEdit, WriteRefused, insert_into_file, read_exactly, valid_slug
from .problems import display_path
from .yamlsource import Source, SourceError, parse_text, read_source

FOLDER_README = "README.md"
FOLDER_README_TEXT = """\
# One file per paper

Each paper of the library is a file here, named after its id: `lora.yaml` holds the paper
whose `id` is `lora`, and its page is `papers/lora/`. The topics, journal, collections and
to-do list stay in the data file beside this folder.

With one file per paper, pull requests that add different papers never touch the same file,
so they merge without conflicts. `python -m macros add`, `import` and `new --write` create the
files; `python -m macros join` moves every paper back into the single data file.
"""


def _indent_of(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _comment(line: str) -> bool:
    return line.lstrip().startswith("#")


@dataclass
class _Region:
    """The lines of one entry in the single file (0-based, end exclusive), its leading comments included."""

    start: int
    item: int  # the '- ' line
    end: int


def _regions(lines: list[str], source: Source, count: int) -> list[_Region]:
    regions = []
    for index in range(count):
        span = source.spans[("papers", index)]
        item = span.start - 1
        dash = _indent_of(lines[item])
        start = item
        while start > 0 and _comment(lines[start - 1]) and _indent_of(lines[start - 1]) <= dash:
            start -= 1  # comments right above an entry, at its level, are about it
        end = scan = span.end
        while scan < len(lines):  # and so are comments indented under it, after its last value
            if not lines[scan].strip():
                scan += 1
            elif _comment(lines[scan]) and _indent_of(lines[scan]) > dash:
                scan += 1
                end = scan
            else:
                break
        regions.append(_Region(start, item, end))
    return regions


def _as_document(lines: list[str], region: _Region) -> str:
    """An entry's lines as a file of its own: the '- ' gone and the indentation under it removed."""
    first = lines[region.item]
    dash = _indent_of(first)
    after_dash = first[dash + 1 :]
    content = dash + 1 + len(after_dash) - len(after_dash.lstrip(" "))
    out = [line.lstrip() for line in lines[region.start : region.item]]
    out.append(first[content:])
    for number, line in enumerate(lines[region.item + 1 : region.end], region.item + 2):
        if not line.strip():
            out.append("\n")
        elif not line[:content].strip():
            out.append(line[content:])
        elif _comment(line):
            out.append(line.lstrip())
        else:
            raise WriteRefused(f"line {number} is indented less than its entry; fix it, then split")
    text = "".join(out)
    return text if text.endswith("\n") else text + "\n"


def split(main: Path) -> Change:
    """Move every paper of the data file into a file of its own in the folder beside it."""
    layout = Layout(main)
    before = read_exactly(main)
    text = before.replace("\r\n", "\n")
    try:
        source = read_source(main, display_path(main))
    except SourceError as exc:
        raise WriteRefused("the data file cannot be read; fix it first", exc.problems) from None
    papers = source.data.get("papers") if isinstance(source.data, dict) else None
    change = Change(main)
    if not isinstance(papers, list) or not papers:
        if not layout.split:
            change.edits[layout.folder / FOLDER_README] = FileEdit(None, FOLDER_README_TEXT)
        return change
    lines = text.splitlines(keepends=True)
    regions = _regions(lines, source, len(papers))
    newline = "\r\n" if "\r\n" in before else "\n"
    for index, (raw, region) in enumerate(zip(papers, regions, strict=True)):
        ident = raw.get("id") if isinstance(raw, dict) else None
        if not isinstance(ident, str) or not valid_slug(ident):
            raise WriteRefused(f"paper {index + 1} (line {region.item + 1}) has no valid id to name its file; fix it first")
        path = layout.paper_file(ident)
        if path.exists() or path in change.edits:
            raise WriteRefused(f"{display_path(path)} already exists; two papers cannot share the id '{ident}'")
        document = _as_document(lines, region)
        _same(document, raw, f"paper '{ident}'")
        change.edits[path] = FileEdit(None, f"{PAPER_MODELINE}\n{document}".replace("\n", newline))
    kept = _without(lines, regions)
    change.edits[main] = FileEdit(before, "".join(kept).replace("\n", newline))
    if not layout.split:
        change.edits[layout.folder / FOLDER_README] = FileEdit(None, FOLDER_README_TEXT)
    return change


def _without(lines: list[str], regions: list[_Region]) -> list[str]:
    """The file without the entries (and the blank lines before each); the emptied 'papers:' key goes too."""
    drop: set[int] = set()
    for region in regions:
        drop.update(range(region.start, region.end))
        above = region.start - 1
        while above >= 0 and not lines[above].strip():
            drop.add(above)
            above -= 1
    kept = [line for i, line in enumerate(lines) if i not in drop]
    key = next(i for i, line in enumerate(kept) if re.match(r"^papers:", line))
    below = key + 1
    while below < len(kept) and (not kept[below].strip() or kept[below].startswith((" ", "#"))):
        below += 1
    if all(not line.strip() or _comment(line) for line in kept[key + 1 : below]):
        del kept[key]  # comments that were under it stay, as comments
        while 0 < key < len(kept) and not kept[key - 1].strip() and not kept[key].strip():
            del kept[key - 1]  # and the blank lines around it close up
            key -= 1
    while kept and not kept[-1].strip():
        kept.pop()
    if kept and not kept[-1].endswith("\n"):
        kept[-1] += "\n"
    return kept


@dataclass
class _Moved:
    """A paper file's text, re-indented as an item of the single file's papers list."""

    ident: str
    document: str

    def text(self, indent: str | None) -> str:
        assert indent is not None
        out = []
        item_started = False
        for line in self.document.splitlines(keepends=True):
            if not line.strip():
                out.append("\n")
            elif not item_started and _comment(line):
                out.append(f"{indent}{line}")
            elif not item_started:
                out.append(f"{indent}- {line}")
                item_started = True
            else:
                out.append(f"{indent}  {line}")
        text = "".join(out)
        return text if text.endswith("\n") else text + "\n"


def join(main: Path) -> Change:
    """Move every paper file back into the data file's papers list, and remove the folder's files."""
    layout = Layout(main)
    if not layout.split:
        return Change(main)
    others = sorted(p.name for p in layout.folder.iterdir() if p.suffix != ".yaml" and p.name != FOLDER_README)
    if others:
        raise WriteRefused(f"{display_path(layout.folder)}/ holds other files too ({', '.join(others)}); move them first")
    moved = []
    for path in layout.paper_files():
        lines = read_exactly(path).replace("\r\n", "\n").splitlines(keepends=True)
        if lines and lines[0].strip() == PAPER_MODELINE:
            lines = lines[1:]
        document = "".join(lines)
        if re.search(r"^(---|\.\.\.)\s*$", document, re.M):
            raise WriteRefused(f"{display_path(path)} has YAML document markers (--- or ...); remove them first")
        try:
            data = parse_text(document, path, display_path(path)).data
        except SourceError as exc:
            raise WriteRefused(f"{display_path(path)} cannot be read; fix it first", exc.problems) from None
        entry = _Moved(path.stem, document)
        _same(entry.text("  "), [data], display_path(path))
        moved.append(entry)
    change = insert_into_file(main, list(moved)) if moved else Change(main)
    for path in layout.paper_files():
        change.edits[path] = FileEdit(read_exactly(path), None)
    readme = layout.folder / FOLDER_README
    if readme.exists():
        change.edits[readme] = FileEdit(read_exactly(readme), None)
    return change


def _same(text: str, expected: object, what: str) -> None:
    """Refuse unless ``text`` reads back as ``expected``: nothing may change in a move."""
    try:
        data = parse_text(text, Path("moved.yaml"), "moved").data
    except SourceError:
        data = None
    if data != expected:
        raise WriteRefused(f"{what} would not read back the same after the move; nothing was moved")
