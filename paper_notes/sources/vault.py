"""A folder of Markdown notes with front matter, one per paper: an Obsidian vault, Logseq or Foam pages, Zettelkasten.

Front matter becomes fields (by key name, in English or Chinese, or as ``--column KEY=ROLE``
says); the body becomes the paper's notes. A null or missing title falls back to the
note's first heading, then to its file name. Subfolders are topics, nested as the
folders are. ``[[wiki links]]`` stay in the text; the import turns those that name
another imported note into ``paper:`` links. A note whose front matter does not parse is
named with file:line and left out, and the others still import.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import yaml

from .base import Found, Hints, Skipped, Source, SourceUnreadable
from .common import clean_title, fill, fold_name, front_matter, role_of

SKIPPED_FOLDERS = {".obsidian", ".trash", ".git", ".github", "node_modules", ".logseq", "logseq"}
TEMPLATE_FOLDERS = {"templates", "template", "_templates", "模板"}
NOTE_SUFFIXES = {".md", ".markdown"}
# keys that are Obsidian's or a plugin's own and say nothing about the paper
IGNORED_KEYS = {
    "cssclass",
    "cssclasses",
    "publish",
    "permalink",
    "layout",
    "draft",
    "banner",
    "icon",
    "type",
    "template",
}
_HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.M)


def looks_like_vault(path: Path) -> bool:
    """A folder holding Markdown notes (searched below its top level too)."""
    return path.is_dir() and any(p.suffix.lower() in NOTE_SUFFIXES for p in _notes(path))


def _notes(folder: Path) -> list[Path]:
    found = []
    for path in sorted(folder.rglob("*")):
        parts = path.relative_to(folder).parts
        if any(part in SKIPPED_FOLDERS or part.startswith(".") for part in parts[:-1]):
            continue
        if path.is_file() and path.suffix.lower() in NOTE_SUFFIXES:
            found.append(path)
    return found


def read_vault(folder: Path, hints: Hints) -> Source:
    """Every note of the folder as a found paper; templates and notes whose front matter is broken are named."""
    if not folder.exists():
        raise SourceUnreadable(f"{folder} does not exist")
    notes = _notes(folder) if folder.is_dir() else [folder]  # one note alone is a vault of one
    source = Source(kind="vault", path=folder)
    ignored: dict[str, int] = {}
    if not folder.is_dir():
        folder = folder.parent
    for path in notes:
        relative = path.relative_to(folder)
        where = relative.as_posix()
        if any(fold_name(part) in TEMPLATE_FOLDERS for part in relative.parts[:-1]):
            source.skipped.append(Skipped(where, "a template, not a paper"))
            continue
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            source.skipped.append(Skipped(where, "not UTF-8 text", broken=True))
            continue
        except OSError as exc:
            source.skipped.append(Skipped(where, f"cannot be read ({exc.strerror or exc})"))
            continue
        note = read_note(text, where, relative, hints, ignored)
        if isinstance(note, Skipped):
            source.skipped.append(note)
        else:
            source.found.append(note)
    for key, count in ignored.items():
        source.warnings.append(
            f"front-matter key '{key}' ({count} note{'s' if count > 1 else ''}) was not imported;"
            f" --column '{key}=ROLE' says what it is"
        )
    return source


def read_note(text: str, where: str, relative: Path, hints: Hints, ignored: dict[str, int]) -> Found | Skipped:
    """One note: its front matter as fields, its body as notes."""
    fields: dict[str, Any] = {}
    block, body, _ = front_matter(text)
    if block is not None:
        try:
            loaded = yaml.safe_load(block)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 2 if mark is not None else 2  # the front matter starts on the note's second line
            problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            return Skipped(f"{where}:{line}", f"its front matter is not valid YAML ({problem})", broken=True)
        if loaded is not None and not isinstance(loaded, dict):
            return Skipped(f"{where}:2", "its front matter is not a set of 'key: value' lines", broken=True)
        fields = loaded or {}
    found = Found(title="", where=where, key=relative.with_suffix("").name)
    for key, value in fields.items():
        name = str(key)
        role = hints.columns.get(name) or hints.columns.get(fold_name(name)) or _role(name)
        if role is None:
            if fold_name(name) not in IGNORED_KEYS and value not in (None, "", []):
                ignored[name] = ignored.get(name, 0) + 1
            continue
        fill(found, role, _plain(value))
    found.title = clean_title(found.title)
    heading = _HEADING.search(body)
    if not found.title and heading:
        found.title = clean_title(heading.group(1))
    if not found.title:
        found.title = relative.with_suffix("").name.replace("_", " ").strip()
    if heading and clean_title(heading.group(1)) == found.title and not body[: heading.start()].strip():
        body = body[heading.end() :]  # the title is the page's heading already
    body = body.strip()
    if body:
        found.body = body
    if not found.topics and hints.headings != "none":
        folders = tuple(p for p in relative.parts[:-1])
        if folders:
            found.topics.append(folders)
    return found


def _role(name: str) -> str | None:
    folded = fold_name(name)
    if folded in ("citekey", "citation key", "key", "id"):
        return "ignore"
    return role_of(name)


def _plain(value: Any) -> Any:
    """Front-matter values as text: dates as ISO, numbers as written, lists kept as lists."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    if isinstance(value, list):
        return [_plain(v) for v in value if v is not None]
    if isinstance(value, dict):
        return [f"{k}: {v}" for k, v in value.items()]
    return value
