"""Problems found in the data files, and the report that lists them all."""
from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as _field
from pathlib import Path

from .wording import counted


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong (or suspicious) in the data, tied to a file and a line; sorted by both."""

    path: str  # as shown: relative to the working directory when below it
    line: int
    message: str = _field(compare=False)
    entry: str | None = _field(default=None, compare=False)
    field: str | None = _field(default=None, compare=False)
    warning: bool = _field(default=False, compare=False)

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        parts = [where]
        if self.entry:
            parts.append(self.entry)
        if self.field:
            parts.append(self.field)
        kind = "warning" if self.warning else "error"
        return f"{': '.join(parts)}: {kind}: {self.message}"


class DataError(Exception):
    """The data file has errors; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__(report(self.problems))


def report(problems: list[Problem]) -> str:
    """Format problems as a report: one line each, then a count that names the file (or how many files)."""
    errors = sum(not p.warning for p in problems)
    warnings = len(problems) - errors
    lines = [str(p) for p in sorted(problems)]
    counts = []
    if errors:
        counts.append(counted(errors, "error"))
    if warnings:
        counts.append(counted(warnings, "warning"))
    if counts:
        files = sorted({p.path for p in problems})
        where = files[0] if len(files) == 1 else f"{len(files)} files"
        lines.append(" and ".join(counts) + f" in {where}.")
    return "\n".join(lines)


def display_path(path: Path, cwd: Path | None = None) -> str:
    """Show a path relative to the working directory (``cwd``, resolved, if the caller has it) when it lies below it."""
    try:
        return str(path.resolve().relative_to(cwd or Path.cwd().resolve()))
    except ValueError:
        return str(path)
