"""Command line: ``python -m macros <command>``. Each command parses, calls the library, reports."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import errno
import inspect
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from .build import Build, BuildError, DataProblems
from .datafiles import Layout, read_sources
from .editing import (
    Change,
    DataEntry,
    FileEdit,
    Placement,
    WriteRefused,
    add_entries,
    read_exactly,
    valid_slug,
    write_checked,
)
from .export import FORMATS, export
from .fetch import FetchError, fetch
from .identifiers import NotAnIdentifier, parse_reference
from .importing import DataUnreadable, Existing, entry_from_metadata, make_id, readable_sources
from .indexes import Indexes
from .init_library import SAMPLE_CHECKS, SiteSettings, default_site_url, plan_init, reader_id
from .latex import plain
from .library import check_file, load_library
from .membership import CODEOWNERS, codeowners_block, members, summary_lines, touched, with_block
from .membership import job_summary as readers_summary
from .model import suggest_slug
from .pagefiles import write_pages
from .pages import RenderError
from .problems import DataError, Problem, display_path, report
from .publish import BadRepository, annotation, job_summary, pages_url, read_cname, repository_from_url
from .relayout import join, split
from .scaffold import Scaffold, reader_scaffold, scaffold
from .schema import SCHEMAS
from .siteconfig import ConfigError, read_site_config
from .sources import KINDS as SOURCE_KINDS
from .sources import read as read_notes
from .sources.base import ROLES, Hints, SourceUnreadable
from .sources.common import fold_name
from .sources.plan import Row, Topics
from .sources.plan import plan_import as plan_notes
from .wording import counted

DEFAULT_DATA = Path("data/papers.yaml")
DEFAULT_DOCS = Path("docs")


def _fail(message: str, problems: list[Problem] | None = None) -> int:
    """Print the problems (if any) and one error line; return the failing exit status."""
    if problems:
        print(report(problems), file=sys.stderr)
    print(f"error: {message}", file=sys.stderr)
    return 1


def _emit(text: str, output: Path, done: str, encoding: str = "utf-8") -> None:
    """Write ``text`` to stdout (output '-') or to a file, then say so."""
    if output == Path("-"):
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding=encoding)
        print(f"{done} {display_path(output)}")


def cmd_validate(args: argparse.Namespace) -> int:
    """Check the data (the data file and the paper files beside it); list every problem with file:line, entry and field.

    Exits 0 when the data is clean (warnings are printed but pass, unless --strict),
    1 when anything is wrong. Under GitHub Actions (GITHUB_ACTIONS=true) each problem is
    also printed as an annotation, which GitHub shows on that line of a pull request's
    diff, and a table of them goes to the job summary.

    Example:
      python -m macros validate
      python -m macros validate --data my-papers.yaml --strict
    """
    docs = args.docs or (DEFAULT_DOCS if DEFAULT_DOCS.is_dir() else None)
    library, problems = check_file(args.data, docs_dir=docs)
    failed = library is None or (args.strict and bool(problems))
    if problems:
        print(report(problems), file=sys.stderr if library is None else sys.stdout)
    if library is None:
        verdict = f"❌ {counted(sum(not p.warning for p in problems), 'error')} in the data; nothing can be built."
    else:
        counts = ", ".join(
            counted(n, noun)
            for n, noun in (
                (len(library.papers), "paper"),
                (len(library.topics), "topic"),
                (len(library.journal), "journal entry"),
                (len(library.collections), "collection"),
                *(((len(library.readers), "reader"), (len(library.sessions), "session")) if library.group else ()),
            )
        )
        state = "valid" if not problems else "valid, with warnings"
        print(f"{display_path(args.data)}: {counts}: {state}.")
        verdict = f"{'❌' if failed else '✅'} {counts}: {state}{' (warnings fail with --strict)' if failed else ''}."
    if os.environ.get("GITHUB_ACTIONS") == "true":
        for problem in problems:
            print(annotation(problem))
        summary = os.environ.get("GITHUB_STEP_SUMMARY")
        if summary:
            with open(summary, "a", encoding="utf-8") as out:
                out.write(job_summary(problems, verdict))
    return 1 if failed else 0


def cmd_schema(args: argparse.Namespace) -> int:
    """Write the JSON Schemas of the data file, of a paper file and of a reader's file, generated from the model.

    Editors use them to complete fields and underline mistakes. With --check, only
    compare them with the files and exit 1 if a file is out of date.

    Example:
      python -m macros schema
      python -m macros schema --check
    """
    stale = []
    for name, make in SCHEMAS.items():
        path = args.folder / name
        text = make()
        if args.check:
            if not path.is_file() or path.read_text(encoding="utf-8") != text:
                stale.append(display_path(path))
        else:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {display_path(path)}")
    if stale:
        print(f"{', '.join(stale)} out of date; run: python -m macros schema", file=sys.stderr)
        return 1
    if args.check:
        print("The schemas are up to date.")
    return 0


def _apply(plan: Callable[[], Change], dry_run: bool) -> Change | int:
    """Plan a change and write it: the change written, or an exit status (0 after a dry run, which
    only shows the change; 1 if it was refused)."""
    try:
        change = plan()
        if dry_run:
            sys.stdout.write(change.diff())
            print("dry run: nothing was written")
            return 0
        warnings = write_checked(change)
    except WriteRefused as exc:
        return _fail(str(exc), exc.problems)
    if warnings:
        print(report(warnings))
    return change


def _id_problem(ident: str, existing: Existing) -> str | None:
    """Why ``ident`` cannot be a new entry's id, naming the entry that has it if it is taken."""
    if not valid_slug(ident):
        hint = suggest_slug(ident)
        example = f"e.g. '{hint}'" if hint else "e.g. 'attention-is-all-you-need'"
        return f"id '{ident}' is not valid: use lowercase letters, digits and hyphens, {example}"
    if ident in existing.ids:
        return f"id '{ident}' is already used by {existing.describe(ident)}"
    return None


def cmd_add(args: argparse.Namespace) -> int:
    """Fetch a paper's metadata from arXiv (id or URL) or Crossref (DOI) and add it to the data.

    The entry gets the title, authors, date, links and abstract (under notes), an id
    made from the title (or --id), and status to-read, or read today with --read.
    A paper already there (same arXiv id or DOI) is found before anything is fetched.
    Nothing is written if fetching fails or if the result would not validate. With one
    file per paper (data/papers/), the entry is a new file. Set PAPER_NOTES_ARXIV_API or
    PAPER_NOTES_CROSSREF_API to use another server.

    Example:
      python -m macros add 2106.09685
      python -m macros add https://arxiv.org/abs/1706.03762v5 --read
      python -m macros add 10.1109/5.726791 --id lenet --dry-run
    """
    try:
        existing = Existing.read(args.data)
        reference = parse_reference(args.reference)
    except DataUnreadable as exc:
        return _fail(str(exc), exc.problems)
    except NotAnIdentifier as exc:
        return _fail(str(exc))
    if args.id and _id_problem(args.id, existing):
        return _fail(str(_id_problem(args.id, existing)))
    present = existing.holding(reference)
    if present:
        print(f"{reference.value} is already present as '{present}' ({existing.where.get(present, '')}); nothing added")
        return 0
    try:
        meta = fetch(args.reference)
    except FetchError as exc:
        return _fail(str(exc))
    present = existing.duplicate_of(meta.arxiv, meta.doi, meta.title)
    if present:
        print(f"'{meta.title}' is already present as '{present}' ({existing.where.get(present, '')}); nothing added")
        return 0
    ident = args.id or make_id(meta.title, existing.ids)
    read = dt.date.today().isoformat() if args.read else None
    entry = entry_from_metadata(meta, ident, "read" if args.read else "to-read", read)
    change = _apply(lambda: add_entries(args.data, [DataEntry(ident, entry)]), args.dry_run)
    if isinstance(change, int):
        return change
    print(f"added '{ident}' ({meta.title}) to {change.where()}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    """Import the library you already keep: BibTeX, Zotero's database, Markdown lists, a vault of notes, CSV.

    The reader is picked from the file or folder (--from says which): a .bib file;
    zotero.sqlite or the Zotero data folder (with child notes and PDF highlights); a
    README, reading log or blog post (list items and table rows with a title and links;
    headings become topics or dates); a folder of notes with front matter (Obsidian); a
    CSV or TSV with a header row (Zotero's CSV export too). Papers already in the data
    (same id, arXiv id, DOI or title) are named, not added, so importing twice changes
    nothing; the same paper listed twice in the source is added once. A BibTeX key that is
    a valid id not yet taken becomes the paper's id (so an export imports back with the
    same ids); other papers get an id from their title. No network is used.
    --dry-run prints what was understood, as a table, and writes nothing.

    Example:
      python -m macros import ~/Zotero/zotero.sqlite
      python -m macros import README.md --dry-run
      python -m macros import reading.csv --column 'Paper name=title' --column 3=read
      python -m macros import ~/vault/papers --from vault
    """
    hints = Hints(headings=args.headings, status=args.status)
    for said in args.column:
        name, sep, role = said.rpartition("=")
        if not sep or not name.strip() or role.strip() not in ROLES:
            return _fail(f"--column '{said}': write NAME=ROLE (or NUMBER=ROLE), ROLE one of {', '.join(ROLES)}")
        hints.columns[name.strip()] = role.strip()
        hints.columns[fold_name(name)] = role.strip()
    try:
        source = read_notes(args.path, args.source_kind, hints)
    except SourceUnreadable as exc:
        return _fail(str(exc))
    try:
        data = readable_sources(args.data)  # read once: what is there, and its topics
    except DataUnreadable as exc:
        return _fail(str(exc), exc.problems)
    plan = plan_notes(source, Existing.of(data), Topics.of(data))
    if args.dry_run:
        print(import_table(plan.rows))
    else:
        for line in plan.lines:
            print(line)
    for warning in plan.warnings:
        print(f"warning: {warning}")
    where = ""
    if (plan.papers or plan.topics) and not args.dry_run:
        written = _apply(lambda: plan.change(args.data), False)
        if isinstance(written, int):
            return written
        if plan.papers:  # the topics were placed first
            where = Change(args.data, placements=written.placements[-len(plan.papers) :]).where()
    print(plan.summary(args.dry_run, where))
    if args.dry_run:
        print("dry run: nothing was written")
    return 1 if any(skip.broken for skip in plan.skipped) else 0


def import_table(rows: list[Row]) -> str:
    """The dry run's table: one row per thing found, in source order."""
    head = ("title", "ids", "date", "topic", "from", "outcome")
    cells = [[_cut(r.title, 48), r.ids, r.date, _cut(r.topic, 28), r.where, r.outcome] for r in rows]
    widths = [max([len(h)] + [len(c[i]) for c in cells]) for i, h in enumerate(head)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells]
    return "\n".join(lines)


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def cmd_export(args: argparse.Namespace) -> int:
    """Export the library, or one topic with its subtopics, as BibTeX, CSL-JSON or CSV.

    BibTeX keys are the entry ids (stable and readable); titles keep the case of acronyms
    and names such as LoRA in braces, the year follows the venue ('ICLR 2022'), and
    arXiv-only papers are @misc with eprint and archivePrefix. CSL-JSON suits Zotero and
    citation processors. CSV opens in Excel as UTF-8 (it starts with a byte-order mark;
    --no-bom leaves it out).

    Example:
      python -m macros export --format bibtex --output papers.bib
      python -m macros export --format csl-json --topic diffusion
      python -m macros export --format csv > papers.csv
    """
    try:
        library = load_library(args.data)
    except DataError as exc:
        return _fail("the data is invalid; nothing was exported", exc.problems)
    papers = library.papers
    if args.topic:
        nodes = Indexes(library).topic_nodes
        if args.topic not in nodes:
            return _fail(f"no topic '{args.topic}'; topics are: {', '.join(sorted(nodes)) or 'none'}")
        papers = nodes[args.topic].all_papers
    _emit(export(papers, args.format, bom=not args.no_bom), args.output, f"wrote {len(papers)} entries to")
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    """Print an entry with every field, the optional ones commented out, to fill in by hand.

    With --write (and --id and --title) it is added to the data instead, with the
    comments, ready for editing: a new file data/papers/<id>.yaml with one file per
    paper, or at the end of the papers list in the single data file.

    In a reading group, --reader ID PAPER starts that reader's notes on the paper: a new
    file data/readers/<reader-id>/<paper-id>.yaml, status reading, every other field
    commented out. Only that reader's folder changes, so it merges with anyone's notes.

    Example:
      python -m macros new
      python -m macros new --write --id segment-anything --title "Segment Anything"
      python -m macros new --reader ada segment-anything
    """
    if args.reader is not None:
        return _new_reader_notes(args)
    if args.paper is not None:
        return _fail(f"a paper id alone starts nothing: to start a reader's notes on it, add --reader ID ({args.paper})")
    ident, title = args.id or "my-paper", args.title or "The official title"
    if not args.write:
        sys.stdout.write(scaffold(ident, title))
        return 0
    if not (args.id and args.title):
        return _fail("--write needs --id and --title")
    try:
        existing = Existing.read(args.data)
    except DataUnreadable as exc:
        return _fail(str(exc), exc.problems)
    problem = _id_problem(args.id, existing)
    if problem:
        return _fail(problem)
    change = _apply(lambda: add_entries(args.data, [Scaffold(ident, title)]), args.dry_run)
    if isinstance(change, int):
        return change
    print(f"added '{ident}' (fill in its fields) to {change.where()}")
    return 0


def _close(name: str, known: list[str]) -> str:
    import difflib

    close = difflib.get_close_matches(name, known, n=1)
    return f"; did you mean '{close[0]}'?" if close else ""


def _new_reader_notes(args: argparse.Namespace) -> int:
    """`new --reader ID PAPER`: start a reader's notes file on a paper."""
    if not args.paper:
        return _fail("--reader needs the paper's id too, e.g. python -m macros new --reader ada lora")
    sources = read_sources(args.data)
    data = sources.data if isinstance(sources.data, dict) else {}
    readers = {m.id: m for m in members(data.get("readers"))}
    papers = {p["id"]: p for p in data.get("papers") or [] if isinstance(p, dict) and isinstance(p.get("id"), str)}
    where = display_path(args.data)
    if args.reader not in readers:
        if not readers:
            return _fail(f"{where} declares no readers: list the group's members under readers: first (see the Data format page)")
        return _fail(f"no reader '{args.reader}' in {where}{_close(args.reader, sorted(readers))}")
    if args.paper not in papers:
        hint = _close(args.paper, sorted(papers)) or ": add it first (python -m macros add)"
        return _fail(f"no paper '{args.paper}' in the library{hint}")
    path = Layout(args.data).reader_file(args.reader, args.paper)
    if path.exists():
        return _fail(f"{display_path(path)} already exists: edit it")
    title = papers[args.paper].get("title")
    text = reader_scaffold(readers[args.reader].name, args.paper, plain(title) if isinstance(title, str) else args.paper)
    planned = Change(args.data, {path: FileEdit(None, text)}, [Placement(args.paper, path, 3, text.count("\n"))])
    change = _apply(lambda: planned, args.dry_run)
    if isinstance(change, int):
        return change
    print(f"started {readers[args.reader].name}'s notes on '{args.paper}' in {change.where()}; fill them in")
    return 0


def cmd_codeowners(args: argparse.Namespace) -> int:
    """Write the readers' block of .github/CODEOWNERS: each reader with a github: handle owns their notes' folder.

    With "Require review from Code Owners" on in the branch's protection rule, a pull
    request that changes data/readers/<id>/ then waits for that reader's approval. The
    block is made from the readers in the data file; every other line of the file is kept,
    and the block goes after them (the last matching line wins). Run from the repository's
    folder. With --check, only compare and exit 1 if the file is out of date.

    Example:
      python -m macros codeowners
      python -m macros codeowners --check
    """
    try:
        library = load_library(args.data)
    except DataError as exc:
        return _fail("the data is invalid; nothing was written", exc.problems)
    folder = library.layout.readers_folder.resolve()
    root = Path.cwd().resolve()
    if not folder.is_relative_to(root):
        return _fail(f"{folder} is outside {root}: run from the repository's folder, which CODEOWNERS' paths start from")
    readers = [m for m in members([r.model_dump() for r in library.readers])]
    if not readers:
        return _fail(f"{display_path(args.data)} declares no readers: there is nobody to own a folder")
    block = codeowners_block(readers, folder.relative_to(root).as_posix())
    before = read_exactly(args.output) if args.output.is_file() else None
    after = with_block(before, block)
    if args.check:
        if before != after:
            print(f"{display_path(args.output)} is out of date; run: python -m macros codeowners", file=sys.stderr)
            return 1
        print(f"{display_path(args.output)} is up to date.")
        return 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(after, encoding="utf-8", newline="")
    owned = sum(1 for r in readers if r.github)
    print(f"wrote {display_path(args.output)}: {owned} of {counted(len(readers), 'reader')} own their notes' folder")
    for reader in readers:
        if not reader.github:
            print(f"warning: {reader.name} ({reader.id}) has no github: handle, so nobody owns their folder")
    return 0


def cmd_touched(args: argparse.Namespace) -> int:
    """Name the readers whose notes a change touches, from the paths it changes (relative to the repository).

    Give the paths as arguments, or - to read them one per line from standard input, as
    `git diff --name-only` prints them. Prints a line per reader, then the files in the
    readers' folder that are no reader's and the shared files. Under GitHub Actions the
    same goes to the job summary, which the pull request check shows. Reads the readers
    as written, so it works while the rest of the data has problems.

    Example:
      git diff --name-only origin/main... | python -m macros touched -
      python -m macros touched data/readers/ada/lora.yaml data/papers/lora.yaml
    """
    paths = [line for path in args.paths for line in (sys.stdin.read().splitlines() if path == "-" else [path])]
    sources = read_sources(args.data)
    data = sources.data if isinstance(sources.data, dict) else {}
    readers = members(data.get("readers"))
    folder = Layout(args.data).readers_folder.resolve()
    root = Path.cwd().resolve()
    relative = folder.relative_to(root).as_posix() if folder.is_relative_to(root) else folder.as_posix()
    change = touched(paths, readers, relative)
    for line in summary_lines(change, readers):
        print(line)
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if os.environ.get("GITHUB_ACTIONS") == "true" and summary:
        with open(summary, "a", encoding="utf-8") as out:
            out.write(readers_summary(change, readers))
    return 0


def _relayout(args: argparse.Namespace, plan: Callable[[Path], Change], done: str) -> int:
    try:
        planned = plan(args.data)
    except WriteRefused as exc:
        return _fail(str(exc), exc.problems)
    if not planned.edits:
        print("nothing to do")
        return 0
    change = _apply(lambda: planned, args.dry_run)
    if isinstance(change, int):
        return change
    print(done.format(n=sum(1 for p, e in change.edits.items() if p.suffix == ".yaml" and p != args.data)))
    return 0


def cmd_split(args: argparse.Namespace) -> int:
    """Move every paper into a file of its own, data/papers/<id>.yaml, beside the data file.

    With one file per paper, pull requests that add different papers never touch the
    same lines, so they merge without conflicts; the site, validate and the edit links
    work the same. Entries move as written (comments included) and are checked to read
    back identically before anything is written. `join` undoes it.

    Example:
      python -m macros split --dry-run
      python -m macros split
    """
    return _relayout(args, split, "moved {n} papers into their own files")


def cmd_join(args: argparse.Namespace) -> int:
    """Move every paper file from data/papers/ back into the papers list of the data file.

    The reverse of `split`: entries move as written, in file-name order, and the
    folder is removed.

    Example:
      python -m macros join
    """
    return _relayout(args, join, "moved {n} paper files back into the data file")


def _git(*args: str) -> str:
    try:
        result = subprocess.run(["git", *args], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return ""
    return result.stdout.strip() if result.returncode == 0 else ""


def _ask(label: str, default: str | None) -> str | None:
    """Ask on the terminal (Enter keeps the default); without a terminal, take the default."""
    if not sys.stdin.isatty():
        return default
    shown = f" [{default}]" if default else ""
    answer = input(f"{label}{shown}: ").strip()
    return answer or default


def cmd_init(args: argparse.Namespace) -> int:
    """Start your own library: replace the sample with an empty one and put your name on the site.

    Writes an empty, valid data file (with --keep-topics, the sample's topic tree stays),
    removes the sample's papers and the sample's own checks (sample/), and sets the site's
    name, description, author, repository URL and address in mkdocs.yml, changing only
    those lines. Missing values are asked for on a terminal; otherwise they come from git
    (user.name, the origin remote). Papers go one per file in data/papers/ (--single-file:
    all in data/papers.yaml). Asks before replacing anything unless --yes. With --group
    it starts a reading group's library: you are its first reader (readers:), sessions:
    is ready for the first meeting, data/readers/ says how members add notes, and the
    nav gains the Readers and Sessions pages.

    Example:
      python -m macros init
      python -m macros init --name "Ada's reading notes" --author "Ada Lovelace" \\
          --repo-url https://github.com/ada/paper-notes --keep-topics --yes
      python -m macros init --group --name "Vision journal club" --github ada-lovelace
    """
    root = args.root
    if not (root / "mkdocs.yml").is_file():
        return _fail(f"no mkdocs.yml in {display_path(root)}: --root names the project folder (the one with mkdocs.yml)")
    origin = _git("-C", str(root), "remote", "get-url", "origin")
    origin_repo = repository_from_url(origin) if origin else None
    name = args.name or _ask("Site name", "Paper Notes")
    author = args.author or _ask("Your name", _git("config", "user.name") or None)
    repo_url = args.repo_url or _ask("Repository URL", f"https://github.com/{origin_repo}" if origin_repo else None)
    if not (name and author and repo_url):
        missing = [
            flag for flag, value in (("--name", name), ("--author", author), ("--repo-url", repo_url)) if not value
        ]
        return _fail(f"init needs {', '.join(missing)} (no terminal to ask on)")
    site_url = args.site_url or default_site_url(repo_url, root / "docs")
    description = args.description or (
        "A reading group's notes on research papers." if args.group else f"{author}'s reading notes on research papers."
    )
    site = SiteSettings(
        name=name, description=description, author=author, repo_url=repo_url.rstrip("/"), site_url=site_url,
        branch=args.branch, group=args.group, github=args.github,
    )  # fmt: skip
    data = root / args.data if not args.data.is_absolute() else args.data
    if not args.yes:
        if not sys.stdin.isatty():
            return _fail("init replaces the sample library with an empty one; pass --yes to go ahead")
        answer = input(f"Replace every paper in {display_path(data)} and its folder with an empty library? [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            print("nothing changed")
            return 1
    change = _apply(
        lambda: plan_init(root, data, site, keep_topics=args.keep_topics, split=not args.single_file), args.dry_run
    )
    if isinstance(change, int):
        return change
    sample = root / SAMPLE_CHECKS
    if sample.is_dir():
        shutil.rmtree(sample)
    removed = sum(1 for e in change.edits.values() if e.after is None)
    print(f"Started an empty library for {name}: {display_path(data)} (removed {removed} sample files).")
    print(f"mkdocs.yml now names the site, its author, {site.repo_url} and {site_url or 'no site_url'}.")
    if args.group:
        print(f"It is a reading group's: {author} is its first reader ('{reader_id(author)}'); add the others under readers:,"
              " then python -m macros codeowners (see the Reading groups page).")
    print("Next: python -m macros add <arXiv id or DOI>, then mkdocs serve; to publish, see the Publish page.")
    return 0


def cmd_site_url(args: argparse.Namespace) -> int:
    """Print the address GitHub Pages serves this repository at (the publish workflow uses it).

    A custom domain in docs/CNAME wins; a repository named <owner>.github.io is served
    at https://<owner>.github.io/; any other at https://<owner>.github.io/<name>/.
    The repository defaults to $GITHUB_REPOSITORY, as set in GitHub Actions.

    Example:
      python -m macros site-url --repository ada/paper-notes
    """
    repository = args.repository or os.environ.get("GITHUB_REPOSITORY", "")
    try:
        print(pages_url(repository, read_cname(args.docs or DEFAULT_DOCS)))
    except BadRepository as exc:
        return _fail(str(exc))
    return 0


def cmd_pages(args: argparse.Namespace) -> int:
    """Write every page of the site as plain files: a docs folder any MkDocs-like generator can build.

    The hand-written pages come with their macros already shown, each generated page
    (papers, topics, collections, journal entries) is a Markdown file with front matter
    (title, search tags, edit link) and a body of HTML, and the downloads are beside them.
    The settings come from mkdocs.yml; MkDocs itself is not needed. This is the way to
    a generator without a page-generation API, such as Zensical (see docs/engines.md).

    Example:
      python -m macros pages --out build/pages
    """
    try:
        site = read_site_config(args.config)
    except ConfigError as exc:
        return _fail(str(exc))
    options = site.options()
    if args.data:
        options = dataclasses.replace(options, data=str(args.data.resolve()))
    try:
        build = Build(options)
    except DataProblems as exc:
        return _fail("the data is invalid; nothing was written", exc.problems)
    except BuildError as exc:
        return _fail(str(exc))
    try:
        written = write_pages(build, site, args.out)
    except RenderError as exc:
        return _fail(str(exc))
    finally:
        build.close()
    print(
        f"wrote {written.generated} generated pages, {written.handwritten} hand-written pages with their macros shown"
        f" and {written.downloads} downloads to {display_path(args.out)}/"
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, one subcommand per command; each docstring is its help."""
    parser = argparse.ArgumentParser(
        prog="python -m macros",
        description="Paper Notes: check and maintain the data behind the site."
        " The same commands run as `paper-notes COMMAND` and `python -m paper_notes COMMAND`.",
        epilog="Example: python -m macros validate",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="command")

    def add(
        name: str, func: Callable[[argparse.Namespace], int], summary: str, data: bool = True
    ) -> argparse.ArgumentParser:
        sub = commands.add_parser(
            name,
            help=summary,
            description=inspect.cleandoc(func.__doc__ or ""),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        sub.set_defaults(func=func)
        if data:
            sub.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the data file (default: %(default)s)")
        return sub

    def writes(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--dry-run", action="store_true", help="show the change without writing it")

    validate = add("validate", cmd_validate, "check the data and list every problem")
    validate.add_argument("--docs", type=Path, help=f"docs folder, for figure paths (default: {DEFAULT_DOCS})")
    validate.add_argument("--strict", action="store_true", help="treat warnings as errors")

    adding = add("add", cmd_add, "add a paper from arXiv or Crossref by id, URL or DOI")
    adding.add_argument("reference", help="arXiv id or URL (abs/pdf, any version), or a DOI")
    adding.add_argument("--read", action="store_true", help="mark it read today instead of to-read")
    adding.add_argument("--id", help="the entry's id (default: made from the title)")
    writes(adding)

    importing = add("import", cmd_import, "import BibTeX, Zotero (notes, highlights), Markdown lists, a vault, CSV")
    importing.add_argument("path", type=Path, help="the file or folder: .bib, zotero.sqlite, README.md, a vault, .csv")
    importing.add_argument(
        "--from", dest="source_kind", choices=sorted(SOURCE_KINDS), help="what it is (default: told from the file)"
    )
    importing.add_argument(
        "--column", action="append", default=[], metavar="NAME=ROLE",
        help="what a column, front-matter key or header means, e.g. 'Paper name=title' or 3=read; ROLE is one of "
        + ", ".join(ROLES),
    )  # fmt: skip
    importing.add_argument(
        "--headings", choices=("auto", "topics", "dates", "none"), default="auto",
        help="what a document's headings (a vault's folders) are: topics, reading dates, or nothing (default: told apart)",
    )  # fmt: skip
    importing.add_argument(
        "--status", choices=("to-read", "reading", "read", "skimmed"),
        help="the status of papers the source gives none (default: read if dated, else to-read)",
    )  # fmt: skip
    writes(importing)

    exporting = add("export", cmd_export, "export as BibTeX, CSL-JSON or CSV")
    exporting.add_argument("--format", choices=FORMATS, default="bibtex", help="default: %(default)s")
    exporting.add_argument("--topic", help="only this topic and its subtopics")
    exporting.add_argument("--output", type=Path, default=Path("-"), help="file to write, or - for stdout (default)")
    exporting.add_argument(
        "--no-bom", action="store_true", help="CSV without the byte-order mark Excel needs to read UTF-8"
    )

    new = add("new", cmd_new, "print (or --write) an entry with every field commented; --reader: start a reader's notes")
    new.add_argument("--id", help="the entry's id")
    new.add_argument("--title", help="the paper's title")
    new.add_argument("--write", action="store_true", help="add it to the data")
    new.add_argument("--reader", metavar="ID", help="start this reader's notes on PAPER: data/readers/<ID>/<PAPER>.yaml")
    new.add_argument("paper", nargs="?", metavar="PAPER", help="with --reader: the paper's id")
    writes(new)

    splitting = add("split", cmd_split, "move every paper into its own file, data/papers/<id>.yaml")
    writes(splitting)
    joining = add("join", cmd_join, "move every paper file back into the single data file")
    writes(joining)

    init = add("init", cmd_init, "replace the sample with an empty library of your own")
    init.add_argument("--name", help="the site's name (default: asked, or 'Paper Notes')")
    init.add_argument("--author", help="your name (default: asked, or git's user.name)")
    init.add_argument("--repo-url", help="your fork on GitHub (default: asked, or the origin remote)")
    init.add_argument("--site-url", help="where the site is published (default: the GitHub Pages address)")
    init.add_argument("--description", help="one line about the site (default: '<author>'s reading notes...')")
    init.add_argument("--branch", default="main", help="the branch edit links point at (default: %(default)s)")
    init.add_argument("--keep-topics", action="store_true", help="keep the sample's topic tree")
    init.add_argument("--single-file", action="store_true", help="keep papers in the data file, not one file each")
    init.add_argument("--group", action="store_true", help="a reading group's library: you are its first reader")
    init.add_argument("--github", help="with --group: your GitHub user name, so CODEOWNERS can make you own your notes")
    init.add_argument("--yes", action="store_true", help="do not ask before replacing the sample")
    init.add_argument("--root", type=Path, default=Path("."), help="the project folder (default: the current one)")
    writes(init)

    schema = add("schema", cmd_schema, "write or check the JSON Schemas for editors", data=False)
    schema.add_argument("--folder", type=Path, default=Path("data"), help="where the schemas go (default: %(default)s)")
    schema.add_argument("--check", action="store_true", help="exit 1 if a file differs from the model")

    pages = add("pages", cmd_pages, "write every page as plain files, for other site generators", data=False)
    pages.add_argument("--out", type=Path, required=True, help="the folder to write (replaced if it exists)")
    pages.add_argument(
        "--config", type=Path, default=Path("mkdocs.yml"), help="the site's config (default: %(default)s)"
    )
    pages.add_argument("--data", type=Path, help="the data file (default: the one mkdocs.yml names)")

    owners = add("codeowners", cmd_codeowners, "make each reader the owner of their notes' folder in CODEOWNERS")
    owners.add_argument("--output", type=Path, default=Path(CODEOWNERS), help="the file to write (default: %(default)s)")
    owners.add_argument("--check", action="store_true", help="exit 1 if the file differs from the readers")

    changed = add("touched", cmd_touched, "name the readers whose notes a change touches (for a pull request's check)")
    changed.add_argument("paths", nargs="+", metavar="PATH", help="a changed path, relative to the repository; - reads them from stdin")

    site_url = add("site-url", cmd_site_url, "print the GitHub Pages address of a repository", data=False)
    site_url.add_argument("--repository", help="owner/name (default: $GITHUB_REPOSITORY)")
    site_url.add_argument("--docs", type=Path, help=f"docs folder, for CNAME (default: {DEFAULT_DOCS})")
    return parser


READS_DATA = ("validate", "add", "import", "export", "split", "join", "codeowners", "touched")


def _wrong_path(args: argparse.Namespace) -> str | None:
    """What is wrong with a path the command needs before it starts, in one line (None if nothing)."""
    if args.command in READS_DATA or (args.command == "new" and (args.write or args.reader is not None)):
        data: Path = args.data
        if data.is_dir():
            return f"{display_path(data)} is a folder; --data names the data file, e.g. {DEFAULT_DATA}"
        if not data.exists() and not data.with_suffix("").is_dir():
            return f"no data file at {display_path(data)}: run from the project folder, or name it with --data"
        if data.is_file() and not os.access(data, os.R_OK):
            return f"{display_path(data)}: permission denied; the data file cannot be read"
    if args.command == "export" and args.output != Path("-"):
        if args.output.is_dir():
            return f"--output {display_path(args.output)} is a folder; name the file to write"
        if not args.output.parent.is_dir():
            return f"--output {display_path(args.output)}: the folder {display_path(args.output.parent)} does not exist"
    if args.command == "codeowners" and args.output.is_dir():
        return f"--output {display_path(args.output)} is a folder; name the file to write, e.g. {CODEOWNERS}"
    if args.command == "pages" and args.out.exists() and not args.out.is_dir():
        return f"--out {display_path(args.out)} is a file; name the folder to write (it is replaced)"
    folders = {"validate": "docs", "site-url": "docs", "schema": "folder"}
    option = folders.get(args.command)
    if option and getattr(args, option) is not None and not getattr(args, option).is_dir():
        return f"--{option} {display_path(getattr(args, option))}: no such folder"
    return None


_REASONS = {
    errno.ENOENT: "no such file or folder",
    errno.EISDIR: "is a folder, not a file",
    errno.ENOTDIR: "part of the path is a file, not a folder",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "the file system is read-only",
    errno.ENOSPC: "no space left on the device",
}


def _os_problem(exc: OSError) -> str:
    """An operating system error as one line: the path, then what is wrong with it."""
    reason = _REASONS.get(exc.errno or 0) or (exc.strerror or str(exc)).lower()
    return f"{display_path(Path(exc.filename))}: {reason}" if exc.filename else f"cannot read or write: {reason}"


def main(argv: list[str] | None = None) -> int:
    """Run one command; return its exit status (a path that cannot be read or written is one line, not a traceback)."""
    args = build_parser().parse_args(argv)
    problem = _wrong_path(args)
    if problem:
        return _fail(problem)
    try:
        return int(args.func(args))
    except OSError as exc:
        return _fail(_os_problem(exc))
