"""Who owns what in a reading group's repository: CODEOWNERS made from the readers, and the readers whose files a
change touches (for a pull request's check).

Each reader's notes are in their own folder, ``data/readers/<reader-id>/``. A generated block of CODEOWNERS makes
each reader with a GitHub handle the owner of that folder, so that (with "Require review from Code Owners" on)
a change to someone's notes waits for their approval; the rest of the file is left as it is.
"""
from __future__ import annotations

import posixpath
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

CODEOWNERS = ".github/CODEOWNERS"
BEGIN = "# BEGIN paper-notes readers: written by `python -m macros codeowners` from the readers in the data file"
END = "# END paper-notes readers"


@dataclass(frozen=True)
class Member:
    """A reader as written in the data file (the data may be invalid elsewhere: a pull request's check still names them)."""

    id: str
    name: str
    github: str | None = None


def members(raw_readers: Any) -> list[Member]:
    """The readers of the data file's ``readers:`` list, as written; entries without an id are left out."""
    found = []
    for raw in raw_readers if isinstance(raw_readers, list) else []:
        if isinstance(raw, dict) and isinstance(raw.get("id"), str):
            name, github = raw.get("name"), raw.get("github")
            found.append(Member(raw["id"], name if isinstance(name, str) else raw["id"], github if isinstance(github, str) else None))
    return found


def codeowners_block(readers: Iterable[Member], folder: str) -> str:
    """The generated lines: each reader with a GitHub handle owns their folder (``folder`` is the readers' folder,
    relative to the repository, e.g. 'data/readers')."""
    lines = [BEGIN, "# Each reader owns their notes; the last matching line wins, so these come after any default owners."]
    for reader in readers:
        path = f"/{posixpath.join(folder, reader.id)}/"
        if reader.github:
            lines.append(f"{path} @{reader.github}")
        else:
            lines.append(f"# {path}: {reader.name} has no github: handle in the data file, so nobody owns it")
    lines.append(END)
    return "\n".join(lines) + "\n"


def with_block(existing: str | None, block: str) -> str:
    """CODEOWNERS with the generated block in place of the last one written, or added at its end; every other
    line kept as it is."""
    if not existing:
        return block
    lines = existing.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.rstrip("\r\n") == BEGIN), None)
    end = next((i for i, line in enumerate(lines) if start is not None and i > start and line.rstrip("\r\n") == END), None)
    if start is not None and end is not None:
        return "".join(lines[:start]) + block + "".join(lines[end + 1 :])
    text = existing if existing.endswith("\n") else existing + "\n"
    return text + ("\n" if text.strip() else "") + block


@dataclass
class Touched:
    """What a change touches: each reader's files, the files in folders that name no reader, and shared files."""

    readers: dict[str, list[str]] = field(default_factory=dict)  # reader id -> paths, in the readers' order
    strangers: list[str] = field(default_factory=list)  # in the readers' folder, but not a reader's
    shared: list[str] = field(default_factory=list)  # every other path


def touched(paths: Iterable[str], readers: list[Member], folder: str) -> Touched:
    """Sort a change's paths (relative to the repository) by the reader whose folder holds them."""
    known = {r.id for r in readers}
    prefix = folder.strip("/") + "/"
    found = Touched()
    mine: dict[str, list[str]] = {}
    for path in dict.fromkeys(p.strip() for p in paths):
        if not path:
            continue
        if path.startswith(prefix):
            owner = path[len(prefix) :].split("/", 1)[0]
            if owner in known and "/" in path[len(prefix) :]:
                mine.setdefault(owner, []).append(path)
            else:
                found.strangers.append(path)
        else:
            found.shared.append(path)
    found.readers = {r.id: mine[r.id] for r in readers if r.id in mine}
    return found


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")


def summary_lines(change: Touched, readers: list[Member]) -> list[str]:
    """One line per reader whose notes the change touches, then the rest: what the command prints."""
    by_id = {r.id: r for r in readers}
    lines = [f"{by_id[rid].name} ({rid}): {', '.join(paths)}" for rid, paths in change.readers.items()]
    if not change.readers:
        lines.append("No reader's notes are touched.")
    if change.strangers:
        lines.append(f"In the readers' folder but no reader's: {', '.join(change.strangers)}")
    if change.shared:
        lines.append(f"Shared files: {', '.join(change.shared)}")
    return lines


def job_summary(change: Touched, readers: list[Member]) -> str:
    """Markdown for a pull request's job summary: whose notes it touches, and who is asked to approve them."""
    by_id = {r.id: r for r in readers}
    count = len(change.readers)
    lines = ["### Readers' notes", ""]
    if not count:
        lines.append("This pull request touches no reader's notes.")
    else:
        whose = "one reader" if count == 1 else f"{count} readers"
        lines += [f"This pull request touches the notes of {whose}:", "", "| Reader | GitHub | Files |", "| --- | --- | --- |"]
        for rid, paths in change.readers.items():
            reader = by_id[rid]
            handle = f"@{reader.github}" if reader.github else "(none)"
            files = "<br>".join(f"`{_cell(p)}`" for p in paths)
            lines.append(f"| {_cell(reader.name)} (`{rid}`) | {handle} | {files} |")
    if change.strangers:
        lines += ["", "In the readers' folder but in no reader's: " + ", ".join(f"`{_cell(p)}`" for p in change.strangers)]
    if change.shared:
        lines += ["", f"It also changes {len(change.shared)} shared {'file' if len(change.shared) == 1 else 'files'}."]
    return "\n".join(lines) + "\n\n"
