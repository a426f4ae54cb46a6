"""Where a fork's site is published on GitHub Pages, and how problems are shown in GitHub's interface.

GitHub Pages serves a repository at one of three addresses: a custom domain (named by
``docs/CNAME``), ``https://<owner>.github.io/`` for the repository called
``<owner>.github.io``, and ``https://<owner>.github.io/<repository>/`` for any other.
"""
from __future__ import annotations

import re
from pathlib import Path

from .problems import Problem


class BadRepository(ValueError):
    """The repository is not 'owner/name'."""


def pages_url(repository: str, cname: str | None = None) -> str:
    """The address GitHub Pages serves ``owner/name`` at (``cname``: the custom domain, if any)."""
    if cname and cname.strip():
        domain = cname.strip().splitlines()[0].strip().removeprefix("https://").removeprefix("http://").strip("/")
        return f"https://{domain}/"
    match = re.fullmatch(r"([A-Za-z0-9-]+)/([A-Za-z0-9._-]+)", repository.strip())
    if not match:
        raise BadRepository(f"'{repository}' is not a GitHub repository: expected owner/name, e.g. ada/paper-notes")
    owner, name = match.group(1).lower(), match.group(2)
    if name.lower() == f"{owner}.github.io":
        return f"https://{owner}.github.io/"
    return f"https://{owner}.github.io/{name}/"


def read_cname(docs_dir: Path) -> str | None:
    """The custom domain in ``docs/CNAME``, if the file exists and names one."""
    path = docs_dir / "CNAME"
    if not path.is_file():
        return None
    text = path.read_text(encoding="utf-8").strip()
    return text.splitlines()[0].strip() if text else None


def repository_from_url(url: str) -> str | None:
    """'owner/name' from a GitHub URL (https or ssh, with or without .git), or None."""
    match = re.fullmatch(
        r"(?:https?://github\.com/|git@github\.com:|ssh://git@github\.com/)([A-Za-z0-9-]+)/([A-Za-z0-9._-]+?)(?:\.git)?/?",
        url.strip(),
    )
    return f"{match.group(1)}/{match.group(2)}" if match else None


# --- GitHub Actions ---------------------------------------------------------------------------------


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(problem: Problem) -> str:
    """A workflow command that shows the problem on its line of the pull request's diff."""
    kind = "warning" if problem.warning else "error"
    title = ": ".join(part for part in (problem.entry, problem.field) if part) or "data file"
    props = [f"file={_escape_property(problem.path)}"]
    if problem.line:
        props.append(f"line={problem.line}")
    props.append(f"title={_escape_property(title)}")
    return f"::{kind} {','.join(props)}::{_escape_data(problem.message)}"


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").replace("<", "&lt;").replace(">", "&gt;")


def job_summary(problems: list[Problem], verdict: str) -> str:
    """Markdown for the job's summary page: the verdict, then a table of the problems."""
    lines = ["### Data check", "", verdict, ""]
    if problems:
        lines += ["| | Where | Entry | Field | Problem |", "| --- | --- | --- | --- | --- |"]
        for p in sorted(problems):
            mark = "⚠️" if p.warning else "❌"
            where = f"`{_cell(p.path)}:{p.line}`" if p.line else f"`{_cell(p.path)}`"
            lines.append(f"| {mark} | {where} | {_cell(p.entry or '')} | {_cell(p.field or '')} | {_cell(p.message)} |")
        lines.append("")
    return "\n".join(lines) + "\n"
