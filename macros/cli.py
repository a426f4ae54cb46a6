"""Command line: ``python -m macros <command>``. Each command parses, calls the library, reports."""
from __future__ import annotations

import argparse
import datetime as dt
import inspect
import sys
from collections.abc import Callable
from pathlib import Path

from .bibimport import read_bibtex
from .editing import (
    Change,
    Existing,
    WriteRefused,
    entry_from_metadata,
    entry_text,
    indent_of_items,
    insert_entries,
    make_id,
    valid_slug,
    write_checked,
)
from .export import FORMATS, export
from .fetch import FetchError, fetch
from .indexes import Indexes
from .library import check_file, load_library
from .model import Paper
from .problems import DataError, Problem, display_path, report
from .scaffold import scaffold
from .schema import schema_text
from .yamlsource import SourceError, read_source

DEFAULT_DATA = Path("data/papers.yaml")
DEFAULT_DOCS = Path("docs")
DEFAULT_SCHEMA = Path("data/schema.json")


def cmd_validate(args: argparse.Namespace) -> int:
    """Check the data file and list every problem with file:line, entry and field.

    Exits 0 when the file is clean (warnings are printed but pass, unless --strict),
    1 when anything is wrong.

    Example:
      python -m macros validate
      python -m macros validate --data my-papers.yaml --strict
    """
    docs = args.docs if args.docs.is_dir() else None
    library, problems = check_file(args.data, docs_dir=docs)
    if problems:
        print(report(problems), file=sys.stderr if library is None else sys.stdout)
    if library is None or (args.strict and problems):
        return 1
    counts = ", ".join(
        _count(n, noun)
        for n, noun in (
            (len(library.papers), "paper"),
            (len(library.topics), "topic"),
            (len(library.journal), "journal entry"),
            (len(library.collections), "collection"),
        )
    )
    print(f"{display_path(args.data)}: {counts}: {'valid' if not problems else 'valid, with warnings'}.")
    return 0


def _emit(text: str, output: Path, done: str) -> None:
    """Write ``text`` to stdout (output '-') or to a file, then say so."""
    if output == Path("-"):
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        print(f"{done} {display_path(output)}")


def _count(n: int, noun: str) -> str:
    plural = noun[:-1] + "ies" if noun.endswith("y") else noun + "s"
    return f"{n} {noun if n == 1 else plural}"


def cmd_schema(args: argparse.Namespace) -> int:
    """Write the JSON Schema of the data file, generated from the model.

    Editors use it to complete fields and underline mistakes. With --check, only
    compare it with the file and exit 1 if the file is out of date.

    Example:
      python -m macros schema --output data/schema.json
      python -m macros schema --check
    """
    text = schema_text()
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.is_file() else ""
        if current != text:
            print(
                f"{display_path(args.output)} is out of date; run: python -m macros schema --output {args.output}",
                file=sys.stderr,
            )
            return 1
        print(f"{display_path(args.output)} is up to date.")
        return 0
    _emit(text, args.output, "wrote")
    return 0


def _existing(data: Path) -> Existing:
    """What the data file already holds; SourceError if it cannot be read at all."""
    if not data.exists():
        return Existing()
    return Existing.read(read_source(data, display_path(data)).data)


def _fail(message: str, problems: list[Problem] | None = None) -> int:
    """Print the problems (if any) and one error line; return the failing exit status."""
    if problems:
        print(report(problems), file=sys.stderr)
    print(f"error: {message}", file=sys.stderr)
    return 1


def _insert(args: argparse.Namespace, block: str, done: str) -> int:
    """Insert one entry's text, write (or show) it, and say where it went."""
    display = display_path(args.data)
    try:
        change = insert_entries(args.data, [block])
    except WriteRefused as exc:
        return _fail(str(exc), exc.problems)
    status = _write(change, display, args.dry_run)
    if status is not None:
        return status
    print(f"{done} {display}:{change.first_line}-{change.last_line}")
    return 0


def _write(change: Change, display: str, dry_run: bool) -> int | None:
    """Show or write a change; None when written, an exit status otherwise."""
    if dry_run:
        sys.stdout.write(change.diff())
        print(f"dry run: {display} was not changed")
        return 0
    try:
        warnings = write_checked(change, display)
    except WriteRefused as exc:
        return _fail(str(exc), exc.problems)
    if warnings:
        print(report(warnings))
    return None


def cmd_add(args: argparse.Namespace) -> int:
    """Fetch a paper's metadata from arXiv (id or URL) or Crossref (DOI) and add it to the data file.

    The entry gets the title, authors, date, links and abstract (under notes), an id
    made from the title (or --id), and status to-read, or read today with --read.
    Nothing is written if the paper is already there, if fetching fails, or if the
    result would not validate. Set PAPER_NOTES_ARXIV_API or PAPER_NOTES_CROSSREF_API
    to use another server.

    Example:
      python -m macros add 2106.09685
      python -m macros add https://arxiv.org/abs/1706.03762v5 --read
      python -m macros add 10.1109/5.726791 --id lenet --dry-run
    """
    display = display_path(args.data)
    try:
        existing = _existing(args.data)
    except SourceError as exc:
        return _fail("the data file cannot be read; fix it first", exc.problems)
    if args.id and (not valid_slug(args.id) or args.id in existing.ids):
        return _fail(f"--id '{args.id}' is not a free id (lowercase letters, digits, hyphens; not already used)")
    try:
        meta = fetch(args.reference)
    except FetchError as exc:
        return _fail(str(exc))
    duplicate = existing.duplicate_of(meta.arxiv, meta.doi, meta.title)
    if duplicate:
        print(f"'{meta.title}' is already in {display} as '{duplicate}'; nothing added")
        return 0
    ident = args.id or make_id(meta.title, existing.ids)
    read = dt.date.today().isoformat() if args.read else None
    entry = entry_from_metadata(meta, ident, "read" if args.read else "to-read", read)
    return _insert(args, entry_text(entry, indent_of_items(args.data)), f"added '{ident}' ({meta.title}) to")


def cmd_import(args: argparse.Namespace) -> int:
    """Import a BibTeX file, such as a Zotero or Google Scholar export, into the data file.

    LaTeX accents become Unicode and protective braces go; arXiv ids are recovered
    from eprint, CoRR volumes and arXiv: notes. Entries already in the file (same
    arXiv id, DOI or title) are skipped, so importing twice changes nothing. Entries
    that cannot be imported are listed with their key and line; the rest still are,
    and the exit status is then 1.

    Example:
      python -m macros import library.bib
      python -m macros import scholar.bib --dry-run
    """
    display = display_path(args.data)
    try:
        imported, unreadable = read_bibtex(args.file)
    except OSError as exc:
        return _fail(f"cannot read {args.file}: {exc.strerror or exc}")
    try:
        existing = _existing(args.data)
    except SourceError as exc:
        return _fail("the data file cannot be read; fix it first", exc.problems)
    indent = indent_of_items(args.data)
    blocks: list[str] = []
    lines: list[str] = []
    skipped = failed = 0
    for item in imported:
        meta = item.meta
        where = f"'{item.key}' (line {item.line})"
        duplicate = existing.duplicate_of(meta.arxiv, meta.doi, meta.title)
        if duplicate:
            skipped += 1
            lines.append(f"skipped {where}: already in the file as '{duplicate}'")
            continue
        ident = make_id(meta.title, existing.ids)
        entry = entry_from_metadata(meta, ident, "to-read")
        try:
            Paper.model_validate(entry)
        except ValueError as exc:
            first = str(exc).splitlines()[1:3]
            lines.append(f"could not import {where}: {' '.join(x.strip() for x in first)}")
            failed += 1
            continue
        existing.add(ident, meta.arxiv, meta.doi, meta.title)
        blocks.append(entry_text(entry, indent))
        lines.append(f"added '{ident}' from {where}")
    for bad in unreadable:
        key = f"'{bad.key}' " if bad.key else ""
        lines.append(f"could not import {key}(line {bad.line}): {bad.reason}")
    failed += len(unreadable)
    change = None
    if blocks:
        try:
            change = insert_entries(args.data, blocks)
        except WriteRefused as exc:
            return _fail(str(exc), exc.problems)
        status = _write(change, display, args.dry_run)
        if status is not None and not args.dry_run:
            return status
    for line in lines:
        print(line)
    where = f" ({display}:{change.first_line}-{change.last_line})" if change and not args.dry_run else ""
    verb = "would import" if args.dry_run else "imported"
    print(f"{verb} {len(blocks)} of {len(imported) + len(unreadable)} entries{where};"
          f" {skipped} already present; {failed} could not be imported.")
    return 1 if failed else 0


def cmd_export(args: argparse.Namespace) -> int:
    """Export the library, or one topic with its subtopics, as BibTeX, CSL-JSON or CSV.

    BibTeX keys are the entry ids; CSL-JSON suits Zotero and citation processors.

    Example:
      python -m macros export --format bibtex --output papers.bib
      python -m macros export --format csl-json --topic diffusion
      python -m macros export --format csv > papers.csv
    """
    try:
        library = load_library(args.data)
    except DataError as exc:
        return _fail("the data file is invalid; nothing was exported", exc.problems)
    papers = library.papers
    if args.topic:
        nodes = Indexes(library).topic_nodes
        if args.topic not in nodes:
            return _fail(f"no topic '{args.topic}'; topics are: {', '.join(sorted(nodes))}")
        papers = nodes[args.topic].all_papers
    _emit(export(papers, args.format), args.output, f"wrote {len(papers)} entries to")
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    """Print an entry with every field, the optional ones commented out, to fill in by hand.

    With --write (and --id and --title) it is added to the data file instead, with the
    comments, ready for editing.

    Example:
      python -m macros new
      python -m macros new --write --id segment-anything --title "Segment Anything"
    """
    ident, title = args.id or "my-paper", args.title or "The official title"
    if not args.write:
        sys.stdout.write(scaffold(ident, title))
        return 0
    if not (args.id and args.title):
        return _fail("--write needs --id and --title")
    try:
        existing = _existing(args.data)
    except SourceError as exc:
        return _fail("the data file cannot be read; fix it first", exc.problems)
    if not valid_slug(args.id) or args.id in existing.ids:
        return _fail(f"--id '{args.id}' is not a free id (lowercase letters, digits, hyphens; not already used)")
    return _insert(args, scaffold(ident, title, indent_of_items(args.data)), f"added '{ident}' (fill in its fields) to")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, one subcommand per command; each docstring is its help."""
    parser = argparse.ArgumentParser(
        prog="python -m macros",
        description="Paper Notes: check and maintain the data file behind the site.",
        epilog="Example: python -m macros validate",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="command")

    def add(name: str, func: Callable[[argparse.Namespace], int], summary: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(
            name, help=summary, description=inspect.cleandoc(func.__doc__ or ""), formatter_class=argparse.RawDescriptionHelpFormatter
        )
        sub.set_defaults(func=func)
        return sub

    validate = add("validate", cmd_validate, "check the data file and list every problem")
    validate.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the data file (default: %(default)s)")
    validate.add_argument("--docs", type=Path, default=DEFAULT_DOCS, help="docs folder, for figure paths (default: %(default)s)")
    validate.add_argument("--strict", action="store_true", help="treat warnings as errors")

    data_help = "the data file (default: %(default)s)"
    adding = add("add", cmd_add, "add a paper from arXiv or Crossref by id, URL or DOI")
    adding.add_argument("reference", help="arXiv id or URL (abs/pdf, any version), or a DOI")
    adding.add_argument("--read", action="store_true", help="mark it read today instead of to-read")
    adding.add_argument("--id", help="the entry's id (default: made from the title)")
    adding.add_argument("--dry-run", action="store_true", help="show the change without writing it")
    adding.add_argument("--data", type=Path, default=DEFAULT_DATA, help=data_help)

    importing = add("import", cmd_import, "import a BibTeX file (Zotero, Google Scholar...)")
    importing.add_argument("file", type=Path, help="the .bib file")
    importing.add_argument("--dry-run", action="store_true", help="show the change without writing it")
    importing.add_argument("--data", type=Path, default=DEFAULT_DATA, help=data_help)

    exporting = add("export", cmd_export, "export as BibTeX, CSL-JSON or CSV")
    exporting.add_argument("--format", choices=FORMATS, default="bibtex", help="default: %(default)s")
    exporting.add_argument("--topic", help="only this topic and its subtopics")
    exporting.add_argument("--output", type=Path, default=Path("-"), help="file to write, or - for stdout (default)")
    exporting.add_argument("--data", type=Path, default=DEFAULT_DATA, help=data_help)

    new = add("new", cmd_new, "print (or --write) an entry with every field commented")
    new.add_argument("--id", help="the entry's id")
    new.add_argument("--title", help="the paper's title")
    new.add_argument("--write", action="store_true", help="add it to the data file")
    new.add_argument("--dry-run", action="store_true", help="with --write: show the change without writing it")
    new.add_argument("--data", type=Path, default=DEFAULT_DATA, help=data_help)

    schema = add("schema", cmd_schema, "write or check the JSON Schema for editors")
    schema.add_argument("--output", type=Path, default=DEFAULT_SCHEMA, help="where to write it, or - for stdout (default: %(default)s)")
    schema.add_argument("--check", action="store_true", help="exit 1 if the file differs from the model")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; return its exit status."""
    args = build_parser().parse_args(argv)
    return int(args.func(args))
