"""Command line: ``python -m macros <command>``. Each command parses, calls the library, reports."""
from __future__ import annotations

import argparse
import inspect
import sys
from collections.abc import Callable
from pathlib import Path

from .library import check_file
from .problems import display_path, report
from .schema import schema_text

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
    if args.output == Path("-"):
        sys.stdout.write(text)
    else:
        args.output.write_text(text, encoding="utf-8")
        print(f"wrote {display_path(args.output)}")
    return 0


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

    schema = add("schema", cmd_schema, "write or check the JSON Schema for editors")
    schema.add_argument("--output", type=Path, default=DEFAULT_SCHEMA, help="where to write it, or - for stdout (default: %(default)s)")
    schema.add_argument("--check", action="store_true", help="exit 1 if the file differs from the model")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; return its exit status."""
    args = build_parser().parse_args(argv)
    return int(args.func(args))
