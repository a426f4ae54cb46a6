"""Start a library of your own: replace the sample with an empty one and name the site after you.

``python -m macros init`` writes an empty, valid data file (keeping the sample's topic
tree if asked), removes the sample's papers and its own checks, and sets the site's
name, description, author, repository and address in mkdocs.yml, editing only those
lines so the rest of the file (comments included) stays as it is. With ``--group`` the
library is a reading group's: the author is its first reader, and the nav gains the
Readers and Sessions pages.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from .datafiles import Layout
from .editing import Change, FileEdit, WriteRefused, read_exactly, yaml_scalar
from .model import suggest_slug
from .publish import pages_url, repository_from_url
from .relayout import FOLDER_README, FOLDER_README_TEXT
from .yamlsource import SourceError, read_source

SAMPLE_CHECKS = "sample"  # the sample library's own tests, which a new library does not need
READERS_README_TEXT = """\
# Readers' notes

A folder per reader of the group, named after their id under `readers:` in the data file, and in
it a file per paper they have notes on, named after the paper's id:
`data/readers/<reader-id>/<paper-id>.yaml`. Its page shows them under the reader's name.

Each member edits only their own folder, so two members' notes on the same paper, added in two
pull requests, never conflict. Start a file with `python -m macros new --reader <reader-id> <paper-id>`;
`python -m macros codeowners` makes each reader with a `github:` handle the owner of their folder.
"""
# the group's listings, after the Stats page in the sample's nav
GROUP_NAV = ("Readers: readers/index.md", "Sessions: sessions/index.md")


@dataclass
class SiteSettings:
    """What init writes into mkdocs.yml."""

    name: str
    description: str
    author: str
    repo_url: str
    site_url: str | None
    branch: str = "main"
    group: bool = False  # a reading group's library: the author is its first reader
    github: str | None = None  # the author's GitHub handle, for CODEOWNERS


def default_site_url(repo_url: str, docs_dir: Path) -> str | None:
    """The GitHub Pages address for the repository (a custom domain if docs/CNAME names one)."""
    repository = repository_from_url(repo_url)
    if repository is None:
        return None
    cname = docs_dir / "CNAME"
    return pages_url(repository, cname.read_text(encoding="utf-8") if cname.is_file() else None)


def _quoted(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid YAML scalar


def _set_key(text: str, key: str, value: str, after: str) -> str:
    """Replace the top-level ``key:`` line, or add it after the ``after:`` line."""
    line = f"{key}: {value}"
    pattern = re.compile(rf"^{re.escape(key)}:.*$", re.M)
    if pattern.search(text):
        return pattern.sub(lambda _: line, text, count=1)
    anchor = re.compile(rf"^{re.escape(after)}:.*$", re.M)
    match = anchor.search(text)
    if match is None:
        return f"{line}\n{text}"
    return text[: match.end()] + "\n" + line + text[match.end() :]


def configured(text: str, site: SiteSettings) -> str:
    """mkdocs.yml's text with the site's own name, author, addresses and branch."""
    text = _set_key(text, "site_name", _quoted(site.name), "site_name")
    text = _set_key(text, "site_description", _quoted(site.description), "site_name")
    text = _set_key(text, "site_author", _quoted(site.author), "site_description")
    site_url = _quoted(site.site_url) if site.site_url else "null"
    text = _set_key(text, "site_url", f"!ENV [PAPER_NOTES_SITE_URL, {site_url}]", "site_author")
    text = _set_key(text, "repo_url", f"!ENV [PAPER_NOTES_REPO_URL, {_quoted(site.repo_url)}]", "site_url")
    text = _set_key(text, "edit_uri", f"edit/{site.branch}/docs/", "repo_url")
    text = _set_key(text, "copyright", _quoted(f"Reading notes by {site.author}"), "edit_uri")
    text = re.sub(r"^(    branch:).*$", lambda m: f"{m.group(1)} {site.branch}", text, count=1, flags=re.M)
    return with_group_nav(text) if site.group else text


def with_group_nav(text: str) -> str:
    """mkdocs.yml with Readers and Sessions after Stats in the nav (unchanged if the nav has no Stats or has them)."""
    stats = re.search(r"^(\s*)- Stats: stats\.md[ \t]*\r?\n", text, re.M)
    if stats is None or "readers/index.md" in text:
        return text
    newline = "\r\n" if stats.group(0).endswith("\r\n") else "\n"
    added = "".join(f"{stats.group(1)}- {entry}{newline}" for entry in GROUP_NAV)
    return text[: stats.end()] + added + text[stats.end() :]


def reader_id(author: str) -> str:
    """The first reader's id, made from the author's name."""
    return suggest_slug(author) or "me"


def _topics_block(main: Path) -> str:
    """The topics list of the current data file, as written (comments included)."""
    try:
        source = read_source(main)
    except SourceError as exc:
        raise WriteRefused("the data file cannot be read, so its topics cannot be kept", exc.problems) from None
    span = source.spans.get(("topics",))
    if span is None or not isinstance(source.data, dict) or not source.data.get("topics"):
        return "topics: []\n"
    lines = read_exactly(main).splitlines(keepends=True)
    return "".join(lines[span.start - 1 : span.end])


def data_file_text(site: SiteSettings, topics: str, split: bool) -> str:
    """The new, empty data file."""
    where = (
        "Papers live one per file in data/papers/; `python -m macros add <arXiv id or DOI>` creates them."
        if split
        else "Papers go in the papers: list below; `python -m macros add <arXiv id or DOI>` adds them."
    )
    head = (
        "# yaml-language-server: $schema=./schema.json\n"
        "#\n"
        f"# The data behind {site.name}: topics, journal entries, reading lists and to-dos.\n"
        f"# {where}\n"
        "# The format is on the site's \"Data format\" page. Check it with: python -m macros validate\n"
        "\n"
    )
    group = ""
    if site.group:
        github = f"\n    github: {yaml_scalar(site.github)}" if site.github else ""
        group = (
            "\n# The reading group's members; each one's notes on a paper go in data/readers/<id>/<paper-id>.yaml\n"
            "# (python -m macros new --reader <id> <paper-id>).\n"
            f"readers:\n  - id: {reader_id(site.author)}\n    name: {yaml_scalar(site.author)}{github}\n"
            "\n# Meetings: '- {date: 2025-03-04 18:00 Europe/Berlin, papers: [paper-id], presenter: reader-id}'.\n"
            "sessions: []\n"
        )
    return head + topics + ("" if split else "\npapers: []\n") + group


def plan_init(root: Path, main: Path, site: SiteSettings, keep_topics: bool, split: bool = True) -> Change:
    """The change that replaces the sample with an empty library and names the site."""
    layout = Layout(main)
    topics = _topics_block(main) if keep_topics and main.exists() else "topics: []\n"
    change = Change(main)
    change.edits[main] = FileEdit(read_exactly(main) if main.exists() else None, data_file_text(site, topics, split))
    for path in layout.paper_files():
        change.edits[path] = FileEdit(read_exactly(path), None)
    readme = layout.folder / FOLDER_README
    if split and not readme.exists():
        change.edits[readme] = FileEdit(None, FOLDER_README_TEXT)
    if not split and readme.exists():
        change.edits[readme] = FileEdit(read_exactly(readme), None)
    for path in layout.reader_files():
        change.edits[path] = FileEdit(read_exactly(path), None)
    readers_readme = layout.readers_folder / FOLDER_README
    if site.group and not readers_readme.exists():
        change.edits[readers_readme] = FileEdit(None, READERS_README_TEXT)
    config = root / "mkdocs.yml"
    before = read_exactly(config)
    change.edits[config] = FileEdit(before, configured(before, site))
    return change
