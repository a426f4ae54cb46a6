"""Read the YAML data file safely, remembering the line of every value.

PyYAML's safe loader (the C one where available) builds plain Python data; alongside
it we walk the composed node tree to record where each mapping key and list item
starts and ends, so that every problem can name ``file:line``.

The resolver is narrowed on purpose: only ``true``/``false``, ``null``, decimal
integers and merge keys are recognised implicitly. Everything else stays text, so
``arxiv: 2106.09685`` keeps its trailing digits, ``read: 2024-02-30`` reaches the
validator as text (and gets a precise message), and ``no``/``on`` are words.
"""
from __future__ import annotations

import codecs
import hashlib
import itertools
import re
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import Problem

try:  # the C loader is several times faster on a large file
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

Path_ = tuple[Any, ...]

MERGE_TAG = "tag:yaml.org,2002:merge"
# An alias may repeat a subtree; past this many repeats per distinct node the file is
# treated as an alias bomb ("billion laughs") and refused before anything expands it.
ALIAS_EXPANSION_FLOOR = 100_000
ALIAS_EXPANSION_RATIO = 10
MAX_DEPTH = 200


class DataLoader(_BaseLoader):
    """Safe loader with a small, predictable set of implicit types."""


DataLoader.yaml_implicit_resolvers = {}
DataLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
DataLoader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789")
)
DataLoader.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)
DataLoader.add_implicit_resolver(MERGE_TAG, re.compile(r"^(?:<<)$"), ["<"])


@dataclass(frozen=True)
class Span:
    """First and last line (1-based) of a value in the file."""

    start: int
    end: int


@dataclass
class Source:
    """The parsed data file: plain data plus the span of every key and item."""

    path: Path
    display: str
    data: Any
    spans: Mapping[Path_, Span] = field(default_factory=dict)

    def span(self, loc: Path_) -> Span | None:
        """The span of the value at ``loc``, or of its nearest ancestor that has one."""
        loc = tuple(loc)
        while loc:
            if loc in self.spans:
                return self.spans[loc]
            loc = loc[:-1]
        return self.spans.get(())

    def line(self, loc: Path_) -> int:
        """The line of the value at ``loc`` (or its nearest ancestor); 1 if unknown."""
        span = self.span(loc)
        return span.start if span else 1


class SourceError(Exception):
    """The file could not be read as YAML at all; carries the problems found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


Stat = tuple[int, int, int, int]  # modification and change times (ns), size, inode
RACY_NS = 2_000_000_000  # a file changed this close to when it was read may change again with the same times


class ParsedFiles:
    """Files parsed earlier in this process, by their bytes: a rebuild under `mkdocs serve` parses only what changed.

    The parsed data is shared between the builds that read the same bytes, and never modified. A file
    whose times, size and inode are those it had when it was read is not read again, unless it had
    changed just before it was read (as git treats its index: a file's times are only that fine).
    """

    def __init__(self) -> None:
        self._sources: dict[tuple[Path, str], tuple[bytes, Source]] = {}
        self._stats: dict[tuple[Path, str], tuple[Stat, int]] = {}  # as read, and when (ns)
        self._items: dict[tuple[Path, str], dict[str, Source]] = {}  # a large file's papers, each parsed alone

    def unchanged(self, path: Path, display: str) -> Source | None:
        """The file as parsed before, if it has certainly not changed since (no need to read it)."""
        seen = self._stats.get((path, display))
        if seen is None:
            return None
        try:
            now = _stat(path)
        except OSError:
            return None
        if now != seen[0] or seen[1] - now[0] < RACY_NS:
            return None
        known = self._sources.get((path, display))
        return known[1] if known is not None else None

    def parse(self, raw: bytes, path: Path, display: str, stat: Stat | None = None, read_at: int = 0) -> Source:
        key = (path, display)
        digest = hashlib.blake2b(raw, digest_size=20).digest()
        if stat is not None:
            self._stats[key] = (stat, read_at)
        known = self._sources.get(key)
        if known is not None and known[0] == digest:
            return known[1]
        source = None
        if len(raw) >= CHUNKED_FROM and not raw.startswith(codecs.BOM_UTF8):
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                text = None
            if text is not None:
                items = self._items.get(key, {})
                source, self._items[key] = parse_by_paper(text, path, display, items)
        if source is None:
            source = parse_bytes(raw, path, display)
        self._sources[key] = (digest, source)
        return source


CHUNKED_FROM = 256 * 1024  # a data file this large is parsed paper by paper, when it can be
_PAPERS_KEY = re.compile(r"papers:[ \t]*(?:#.*)?")
_ITEM = re.compile(r"( *)-(?: |$)")
_MARKER = re.compile(r"(?:---|\.\.\.)(?:\s|$)|%")
_MARKED = re.compile(r"\n(?=---|\.\.\.|%)")  # a newline before a line that may be a marker


def parse_by_paper(text: str, path: Path, display: str, known: dict[str, Source]) -> tuple[Source | None, dict[str, Source]]:
    """A data file whose papers are a block list under a top-level ``papers:``, parsed one paper at a time, so that
    a save re-parses only the papers it changed (``known``: each paper's text as parsed before, and what it gave).

    The result equals ``parse_text`` of the whole file, data and spans; None (parse the whole file) whenever that
    could be in doubt: no such list, document markers, tabs in the indentation, or any part that does not parse
    alone (an alias to an anchor elsewhere, a syntax error: the whole file's parse then reports it). Returns the
    papers' texts parsed this time, to be ``known`` next time.

    The file is scanned with string searches rather than line by line (at 10,000 papers it has 700,000 lines),
    and the papers' spans are looked up in each paper's own parse rather than copied (``PaperSpans``)."""
    if _has_marker(text):
        return None, {}
    papers_at = _papers_key(text)
    if papers_at is None:
        return None, {}
    first_at = _first_content_line(text, _line_end(text, papers_at) + 1)
    item = _ITEM.match(text, first_at, _line_end(text, first_at)) if first_at is not None else None
    if first_at is None or item is None:
        return None, {}
    indent = len(item[1])
    end_at = _list_end(text, first_at, indent)
    if end_at is None or _tab_in_indentation(text, papers_at, end_at):
        return None, {}
    starts = _item_starts(text, first_at, end_at, indent)
    start = text.count("\n", 0, papers_at)  # the line of ``papers:``, 0-based
    begin = text.count("\n", papers_at, starts[0]) + start
    parsed: dict[str, Source] = {}
    chunks: list[tuple[Source, int]] = []
    papers: list[Any] = []
    last = start + 1
    for n, (at, stop) in enumerate(zip(starts, [*starts[1:], end_at], strict=True)):
        if n:
            begin += text.count("\n", starts[n - 1], at)
        chunk = text[at:stop] if stop <= len(text) else text[at:] + "\n"
        source = known.get(chunk) or parsed.get(chunk)
        if source is None:
            try:
                source = parse_text(chunk, path, display)
            except SourceError:
                return None, {}
        parsed[chunk] = source
        if not isinstance(source.data, list) or len(source.data) != 1:
            return None, {}
        papers.append(source.data[0])
        chunks.append((source, begin))
        last = max(last, source.spans[(0,)].end + begin)
    # the rest of the file, with the list left empty: its spans after the list move down by the lines taken out
    end = start + text.count("\n", _line_end(text, papers_at), min(end_at, len(text)))  # its first line after
    rest = text[:papers_at] + "papers: []" + ("\n" + text[end_at:] if end_at <= len(text) else "")
    try:
        top = parse_text(rest, path, display)
    except SourceError:
        return None, {}
    if not isinstance(top.data, dict) or top.data.get("papers") != []:
        return None, {}
    data = {**top.data, "papers": papers}
    moved = end - start - 1
    spans: dict[Path_, Span] = {}
    for loc, span in top.spans.items():
        if loc[:1] == ("papers",):
            continue
        if span.start > start + 1:
            span = Span(span.start + moved, span.end + moved)
        elif span.end > start + 1:
            span = Span(span.start, span.end + moved)
        spans[loc] = span
    spans[("papers",)] = Span(start + 1, last)
    root = spans.get(())
    if root is not None:
        spans[()] = Span(root.start, max(root.end, last))
    return Source(path=path, display=display, data=data, spans=PaperSpans(spans, chunks)), parsed


class PaperSpans(Mapping[Path_, Span]):
    """The spans of a file parsed paper by paper: the rest of the file's own, and each paper's, looked up in that
    paper's parse and moved to its lines in the file when asked for (copying them all would take longer than the
    parse, and hold half a million spans at 10,000 papers)."""

    def __init__(self, spans: dict[Path_, Span], chunks: list[tuple[Source, int]]) -> None:
        self._spans = spans
        self._chunks = chunks  # each paper's parse, and the line (0-based) its text starts on

    def __getitem__(self, loc: Path_) -> Span:
        if len(loc) >= 2 and loc[0] == "papers" and isinstance(loc[1], int) and 0 <= loc[1] < len(self._chunks):
            source, begin = self._chunks[loc[1]]
            span = source.spans[(0, *loc[2:])]
            return Span(span.start + begin, span.end + begin)
        return self._spans[loc]

    def __iter__(self) -> Iterator[Path_]:
        yield from self._spans
        for n, (source, _) in enumerate(self._chunks):
            for loc in source.spans:
                if loc and loc[0] == 0:
                    yield ("papers", n, *loc[1:])

    def __len__(self) -> int:
        return len(self._spans) + sum(sum(1 for loc in s.spans if loc and loc[0] == 0) for s, _ in self._chunks)


def _line_end(text: str, at: int) -> int:
    """Where the line starting at ``at`` ends (its newline, or the end of the text)."""
    end = text.find("\n", at)
    return len(text) if end < 0 else end


def _lines_starting(text: str, prefix: str, at: int = 0, before: int | None = None) -> Iterator[int]:
    """Where each line that starts with ``prefix`` starts, from ``at`` (a line's start) up to ``before``."""
    before = len(text) if before is None else before
    if at == 0 and text.startswith(prefix):
        yield 0
    found = text.find("\n" + prefix, max(at - 1, 0), before)
    while found >= 0 and found + 1 < before:
        yield found + 1
        found = text.find("\n" + prefix, found + 1, before)


def _has_marker(text: str) -> bool:
    """Whether a line is a document marker (``---``, ``...``) or a directive (``%``)."""
    starts = (found.end() for found in _MARKED.finditer(text))
    return any(_MARKER.match(text, at, _line_end(text, at)) for at in itertools.chain([0], starts))


def _papers_key(text: str) -> int | None:
    """Where the first line that is just the top-level key ``papers:`` starts."""
    return next((at for at in _lines_starting(text, "papers:") if _PAPERS_KEY.fullmatch(text, at, _line_end(text, at))), None)


def _first_content_line(text: str, at: int) -> int | None:
    """Where the first line from ``at`` that is neither blank nor a comment starts."""
    while at <= len(text):
        end = _line_end(text, at)
        line = text[at:end]
        if line.strip() and not line.lstrip().startswith("#"):
            return at
        at = end + 1
    return None


def _list_end(text: str, first: int, indent: int) -> int | None:
    """Where the list of papers ends: the start of the next line at the left margin that is neither blank, a
    comment nor an item (``len(text) + 1``: at the end of the text); None if a line less indented than the list,
    or as indented but not an item, comes first elsewhere than at the left margin."""
    found = _end_pattern(indent).search(text, first)
    if found is None:
        return len(text) + 1
    at = found.start() + 1
    return at if text[at] != " " else None


def _end_pattern(indent: int) -> re.Pattern[str]:
    """A newline before a line that ends a list indented by ``indent``: content less indented, or a non-item as much."""
    less = f" {{0,{indent - 1}}}[^ \n#]|" if indent else ""
    return re.compile(f"\n(?:{less} {{{indent}}}(?:[^ \n#-]|-[^ \n]))")


def _tab_in_indentation(text: str, first: int, end: int) -> bool:
    """Whether a line from ``first`` to the one at ``end`` (included) has a tab in its indentation (a tab on a line
    of its own before the first paper, too: YAML refuses it there)."""
    tab = text.find("\t", first)
    while 0 <= tab and tab <= _line_end(text, min(end, len(text))):
        line = text.rfind("\n", 0, tab) + 1
        if not text[line:tab].strip(" \t"):
            return True
        tab = text.find("\t", _line_end(text, tab))
    return False


def _item_starts(text: str, first: int, end: int, indent: int) -> list[int]:
    """Where each item of the list starts: its lines indented by ``indent`` that start with ``- `` (or are ``-``)."""
    starts = []
    for at in _lines_starting(text, " " * indent + "-", first, end - 1):
        after = at + indent + 1
        if after == len(text) or text[after] in " \n":
            starts.append(at)
    return starts


def _stat(path: Path) -> Stat:
    stat = path.stat()
    return (stat.st_mtime_ns, stat.st_ctime_ns, stat.st_size, stat.st_ino)


def read_source(path: Path, display: str | None = None, parsed: ParsedFiles | None = None) -> Source:
    """Read and parse ``path`` (or take it from ``parsed`` if its bytes are unchanged); raise SourceError if it is not readable YAML."""
    display = display or str(path)
    if parsed is not None:
        known = parsed.unchanged(path, display)
        if known is not None:
            return known
    try:
        read_at = time.time_ns()
        stat = _stat(path)
        raw = path.read_bytes()
    except OSError as exc:
        raise _fail(display, 0, f"cannot read the data file: {exc.strerror or exc}") from None
    return parsed.parse(raw, path, display, stat, read_at) if parsed is not None else parse_bytes(raw, path, display)


def _fail(display: str, line: int, message: str) -> SourceError:
    return SourceError([Problem(line=line, path=display, message=message)])


def parse_bytes(raw: bytes, path: Path, display: str) -> Source:
    """Decode (strict UTF-8, no BOM) and parse a file's bytes; raise SourceError if they are not readable YAML."""
    if raw.startswith(codecs.BOM_UTF8):
        raise _fail(display, 1, "the file starts with a byte-order mark (BOM); save it as UTF-8 without BOM")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise _fail(
            display, line, f"the file is not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save it as UTF-8"
        ) from None
    return parse_text(text, path, display)


def parse_text(text: str, path: Path, display: str) -> Source:
    """Parse YAML text into a Source; raise SourceError on syntax errors and alias bombs."""
    loader = DataLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return Source(path=path, display=display, data=None)
        walker = _SpanWalker(display)
        walker.walk(node, ())
        if walker.problems:
            raise SourceError(walker.problems)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        raise SourceError([_yaml_problem(exc, display)]) from None
    except yaml.YAMLError as exc:
        raise SourceError([Problem(line=1, path=display, message=f"YAML error: {exc}")]) from None
    except RecursionError:
        raise SourceError(
            [Problem(line=1, path=display, message="the YAML is nested too deeply to read")]
        ) from None
    except (ValueError, TypeError, OverflowError) as exc:
        # explicit tags such as !!timestamp or !!binary with a bad value
        raise SourceError([Problem(line=1, path=display, message=f"cannot read a value: {exc}")]) from None
    finally:
        loader.dispose()
    return Source(path=path, display=display, data=data, spans=_trimmed(walker.spans, text))


def _trimmed(spans: dict[Path_, Span], text: str) -> dict[Path_, Span]:
    """End spans at their last line of content, not on blank or comment lines after it."""
    lines = text.splitlines()
    blank = [not line.strip() or line.lstrip().startswith("#") for line in lines]
    trimmed = {}
    for loc, span in spans.items():
        end = min(span.end, len(lines))
        while end > span.start and blank[end - 1]:
            end -= 1
        trimmed[loc] = span if end == span.end else Span(span.start, end)
    return trimmed


def _yaml_problem(exc: yaml.MarkedYAMLError, display: str) -> Problem:
    if exc.context_mark and "quoted scalar" in (exc.context or "") and "end of stream" in (exc.problem or ""):
        # PyYAML marks the end of the file; the mistake is where the quote opens
        opened = exc.context_mark
        return Problem(
            line=opened.line + 1,
            path=display,
            message=f"YAML syntax error (column {opened.column + 1}): this quote is never closed"
            " (the file ends before its closing quote)",
        )
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 1
    problem = exc.problem or "invalid YAML"
    if "constructor for the tag" in problem or "could not determine a constructor" in problem:
        tag = problem.split("tag", 1)[-1].strip(" '").replace("tag:yaml.org,2002:", "!!")
        return Problem(
            line=line,
            path=display,
            message=f"unsupported YAML tag {tag}: only plain YAML is allowed (no !!python/... or custom tags)",
        )
    column = f" (column {mark.column + 1})" if mark else ""
    if "tab" in problem.lower() or "\t" in problem:
        return Problem(
            line=line, path=display, message=f"found a tab character{column}; indent YAML with spaces, not tabs"
        )
    context = ""
    if exc.context:
        context = f", {exc.context}"
        if exc.context_mark and (not mark or exc.context_mark.line != mark.line):
            context += f" that starts on line {exc.context_mark.line + 1}"
    return Problem(line=line, path=display, message=f"YAML syntax error{column}: {problem}{context}")


def _last_line(mark: yaml.Mark) -> int:
    """1-based number of the last line a value occupies, given the mark just after it."""
    return mark.line if mark.column == 0 and mark.line > 0 else mark.line + 1


def _key_value(node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        if node.tag == "tag:yaml.org,2002:int":
            try:
                return int(node.value)
            except ValueError:
                return node.value
        return node.value
    return None


class _SpanWalker:
    """Records spans, finds duplicate keys, and refuses alias bombs."""

    def __init__(self, display: str) -> None:
        self.display = display
        self.spans: dict[Path_, Span] = {}
        self.problems: list[Problem] = []
        self.visits = 0
        self.distinct: set[int] = set()

    def walk(self, node: yaml.Node, loc: Path_, depth: int = 0) -> int:
        """Record the span of ``node`` at ``loc``; return its last line."""
        self.visits += 1
        self.distinct.add(id(node))
        if self.visits > ALIAS_EXPANSION_FLOOR and self.visits > ALIAS_EXPANSION_RATIO * len(self.distinct):
            raise SourceError(
                [
                    Problem(
                        line=node.start_mark.line + 1,
                        path=self.display,
                        message="YAML aliases (*name) expand this file beyond any sane size;"
                        " refusing to load it (an alias bomb?)",
                    )
                ]
            )
        if depth > MAX_DEPTH:
            raise SourceError(
                [Problem(line=node.start_mark.line + 1, path=self.display, message="the YAML is nested too deeply")]
            )
        start = node.start_mark.line + 1
        end = _last_line(node.end_mark)
        if isinstance(node, yaml.MappingNode):
            end = self._walk_mapping(node, loc, depth, end)
        elif isinstance(node, yaml.SequenceNode):
            last = start
            for index, item in enumerate(node.value):
                last = max(last, self.walk(item, (*loc, index), depth + 1))
            end = end if node.flow_style else last
        self.spans[loc] = Span(start, max(start, end))
        return max(start, end)

    def _walk_mapping(self, node: yaml.MappingNode, loc: Path_, depth: int, end: int) -> int:
        seen: dict[Any, int] = {}
        last = node.start_mark.line + 1
        # merged mappings first, so that the mapping's own keys overwrite their spans
        for key_node, value_node in node.value:
            if key_node.tag == MERGE_TAG:
                self.walk(value_node, loc, depth + 1)
        for key_node, value_node in node.value:
            if key_node.tag == MERGE_TAG:
                continue
            key = _key_value(key_node)
            key_line = key_node.start_mark.line + 1
            if key is not None and key in seen:
                self.problems.append(
                    Problem(
                        line=key_line,
                        path=self.display,
                        message=f"duplicate key '{key}' (first given on line {seen[key]});"
                        " YAML would silently keep only the last one",
                    )
                )
                continue
            if key is not None:
                seen[key] = key_line
            value_end = self.walk(value_node, (*loc, key), depth + 1)
            # a key's span starts at the key itself, which is where a reader looks
            self.spans[(*loc, key)] = Span(key_line, max(key_line, value_end))
            last = max(last, value_end)
        return end if node.flow_style else last
