"""Where the data lives: one data file, plus (optionally) a folder with one file per paper.

``data/papers.yaml`` holds the topics, journal, collections and to-do list, and may hold
papers too. Beside it, ``data/papers/<id>.yaml`` holds one paper each: two pull requests
that each add a paper then touch different files and merge without a conflict. The
loader reads both and presents them as one document, so the checks see one list of
papers while every problem still names the file and line it came from.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .problems import Problem, display_path
from .yamlsource import ParsedFiles, Path_, Source, SourceError, Span, parse_bytes, read_source

PAPER_SUFFIX = ".yaml"
# the first line of every paper file, so editors check it against the paper schema
PAPER_SCHEMA_NAME = "paper.schema.json"
PAPER_MODELINE = f"# yaml-language-server: $schema=../{PAPER_SCHEMA_NAME}"
# and of every reader's file, data/readers/<reader-id>/<paper-id>.yaml
READER_SCHEMA_NAME = "reader.schema.json"
READER_MODELINE = f"# yaml-language-server: $schema=../../{READER_SCHEMA_NAME}"

Overrides = Mapping[Path, "str | None"]  # new text for a file, or None when it is to be removed

READERS_FOLDER = "readers"  # beside the data file: data/readers/<reader-id>/<paper-id>.yaml
READER_FILES = "<reader files>"  # the first part of a location in a reader's file: (READER_FILES, index, ...)


@dataclass(frozen=True)
class Layout:
    """The data file and the folder of paper files beside it (``data/papers.yaml`` and ``data/papers/``)."""

    main: Path

    @property
    def folder(self) -> Path:
        """The folder of one-file-per-paper entries."""
        return self.main.with_suffix("")

    @property
    def split(self) -> bool:
        """Whether papers live one per file (the folder exists)."""
        return self.folder.is_dir()

    def paper_file(self, ident: str) -> Path:
        """Where the paper with this id lives in the folder layout."""
        return self.folder / f"{ident}{PAPER_SUFFIX}"

    def paper_files(self, overrides: Overrides | None = None) -> list[Path]:
        """Every paper file, sorted by name, as it would be after ``overrides``."""
        found = set(self.folder.glob(f"*{PAPER_SUFFIX}")) if self.split else set()
        for path, text in (overrides or {}).items():
            if path.parent == self.folder and path.suffix == PAPER_SUFFIX:
                (found.add if text is not None else found.discard)(path)
        return sorted(found, key=lambda p: p.name)

    @property
    def readers_folder(self) -> Path:
        """The folder of readers' notes, one folder per reader (``data/readers/``)."""
        return self.main.parent / READERS_FOLDER

    def reader_file(self, reader: str, paper: str) -> Path:
        """Where a reader's notes on a paper live."""
        return self.readers_folder / reader / f"{paper}{PAPER_SUFFIX}"

    def reader_files(self, overrides: Overrides | None = None) -> list[Path]:
        """Every YAML file under the readers' folder (at any depth: misplaced ones are reported), sorted, as it would
        be after ``overrides``."""
        folder = self.readers_folder
        found = set(folder.rglob(f"*{PAPER_SUFFIX}")) if folder.is_dir() else set()
        for path, text in (overrides or {}).items():
            if path.suffix == PAPER_SUFFIX and path.is_relative_to(folder):
                (found.add if text is not None else found.discard)(path)
        return sorted(found, key=lambda p: p.relative_to(folder).parts)


@dataclass(frozen=True)
class ReaderSource:
    """A file of the readers' folder, parsed; ``reader`` and ``paper`` are what its path names (None: misplaced)."""

    source: Source
    reader: str | None
    paper: str | None


@dataclass(frozen=True)
class Location:
    """Where a record was written: the file and its lines (``whole``: the file holds just this record)."""

    path: Path
    display: str
    span: Span
    whole: bool = False

    def forge_url(self, repo_url: str, branch: str, root: Path) -> str | None:
        """The record on GitHub (or a forge with the same URLs): its own file in the editor, else its lines.

        None if the repository is unknown or the file lies outside ``root``, the repository's folder.
        """
        path = self.path.resolve()
        if not repo_url or not path.is_relative_to(root.resolve()):
            return None
        rel = path.relative_to(root.resolve()).as_posix()
        if self.whole:
            return f"{repo_url.rstrip('/')}/edit/{branch}/{rel}"
        return f"{repo_url.rstrip('/')}/blob/{branch}/{rel}#L{self.span.start}-L{self.span.end}"


@dataclass
class DataSources:
    """The main data file and every paper file, seen as one document.

    ``data`` is the main file's mapping with ``papers`` extended by the paper files, so
    locations inside it are the same as for a single file; ``locate`` maps them back to
    the file and line they came from.
    """

    layout: Layout
    main: Source | None
    papers_in_main: int
    paper_sources: list[Source]
    data: Any
    problems: list[Problem] = field(default_factory=list)
    unreadable_ids: set[str] = field(default_factory=set)
    reader_sources: list[ReaderSource] = field(default_factory=list)
    unreadable_notes: set[tuple[str, str]] = field(default_factory=set)  # (reader, paper) of reader files not read

    def _resolve(self, loc: Path_) -> tuple[Source | None, Path_]:
        if len(loc) >= 2 and loc[0] == "papers" and isinstance(loc[1], int) and loc[1] >= self.papers_in_main:
            return self.paper_sources[loc[1] - self.papers_in_main], tuple(loc[2:])
        if len(loc) >= 2 and loc[0] == READER_FILES:
            return self.reader_sources[loc[1]].source, tuple(loc[2:])
        return self.main, tuple(loc)

    def display(self, loc: Path_) -> str:
        """The file the value at ``loc`` is in, as shown in messages."""
        source, _ = self._resolve(loc)
        return source.display if source else display_path(self.layout.main)

    def line(self, loc: Path_) -> int:
        """The line of the value at ``loc`` in its own file."""
        source, inner = self._resolve(loc)
        return source.line(inner) if source else 1

    def where(self, loc: Path_) -> str:
        """'file:line' of the value at ``loc``."""
        return f"{self.display(loc)}:{self.line(loc)}"

    def location(self, loc: Path_) -> Location:
        """The file and lines of the value at ``loc``."""
        source, inner = self._resolve(loc)
        assert source is not None
        span = source.spans.get(inner) or source.span(inner) or Span(1, 1)
        return Location(source.path, source.display, span, whole=source is not self.main and not inner)

    def in_paper_file(self, index: int) -> bool:
        """Whether the paper at ``index`` of the merged list has a file of its own."""
        return index >= self.papers_in_main


def _read(path: Path, overrides: Overrides | None, parsed: ParsedFiles | None, cwd: Path, folder: str | None = None) -> Source:
    """One file, parsed; ``folder``: how its folder is shown, when known."""
    display = display_path(path, cwd) if folder is None else str(Path(folder) / path.name)
    if overrides and path in overrides:
        text = overrides[path]
        if text is None:
            raise SourceError([Problem(line=0, path=display, message="cannot read the data file: it was removed")])
        return parse_bytes(text.encode("utf-8"), path, display)
    return read_source(path, display, parsed)


def read_sources(main: Path, overrides: Overrides | None = None, parsed: ParsedFiles | None = None) -> DataSources:
    """Read the data file and every paper file; problems that stop a file from being read are collected.

    ``parsed`` keeps what earlier reads parsed, so that unchanged files are not parsed again."""
    layout = Layout(main)
    cwd = Path.cwd().resolve()  # once, not once per file: names in messages are relative to it
    overrides = {Path(p): t for p, t in (overrides or {}).items()}
    problems: list[Problem] = []
    source: Source | None = None
    has_main = main.exists() or (main in overrides and overrides[main] is not None)
    paper_paths = layout.paper_files(overrides)
    if has_main or not (layout.split or paper_paths):
        try:
            source = _read(main, overrides, parsed, cwd)
        except SourceError as exc:
            problems += exc.problems
    data: Any = source.data if source else ({} if not problems else None)
    if source is not None and source.data is None and (layout.split or paper_paths):
        data = {}  # an empty main file is fine when the papers have their own files
    main_papers = data.get("papers") if isinstance(data, dict) else None
    in_main = len(main_papers) if isinstance(main_papers, list) else 0
    paper_sources: list[Source] = []
    unreadable: set[str] = set()
    folder = display_path(layout.folder, cwd) if paper_paths else None  # once, not once per file
    if folder is not None and Path(folder).is_absolute():
        folder = None  # outside the working directory: each file as it is named
    for path in paper_paths:
        try:
            paper_sources.append(_read(path, overrides, parsed, cwd, folder if path.parent == layout.folder else None))
        except SourceError as exc:
            problems += exc.problems
            unreadable.add(path.stem)
    if paper_sources and isinstance(data, dict):
        merged = list(main_papers) if isinstance(main_papers, list) else []
        data = {**data, "papers": merged + [s.data for s in paper_sources]}
    sources = DataSources(layout, source, in_main, paper_sources, data, problems, unreadable)
    _read_reader_files(sources, overrides, parsed, cwd)
    return sources


def _read_reader_files(sources: DataSources, overrides: Overrides | None, parsed: ParsedFiles | None, cwd: Path) -> None:
    """Every file of the readers' folder: data/readers/<reader>/<paper>.yaml, and any misplaced one, to be reported."""
    folder = sources.layout.readers_folder
    for path in sources.layout.reader_files(overrides):
        parts = path.relative_to(folder).parts
        reader, paper = (parts[0], path.stem) if len(parts) == 2 else (None, None)
        try:
            sources.reader_sources.append(ReaderSource(_read(path, overrides, parsed, cwd), reader, paper))
        except SourceError as exc:
            sources.problems += exc.problems
            if reader is not None and paper is not None:
                sources.unreadable_notes.add((reader, paper))
