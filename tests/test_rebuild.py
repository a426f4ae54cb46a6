"""Under `mkdocs serve`, unchanged pages are kept between rebuilds; a rebuild must still equal a fresh build.

Each test builds a project as `mkdocs serve` does (the plugin's instance kept, in serve mode, with
the pages it keeps), changes something, rebuilds, and compares every file of the site with a build
of the changed project by `mkdocs build` in a new process: pages, both parts of the search index,
feed and downloads, byte for byte. A stale page, a search entry missing or counted twice, and any
state left in the process by the first build (jieba's dictionary, a cache) show up as a difference.
"""
from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from mkdocs.commands.build import build

from conftest import FIXTURES, GROUP, make_project, site_config, with_override

Edit = Callable[[Path], None]
pytestmark = pytest.mark.serve  # how `mkdocs serve` rebuilds, run in-process


def served_build(project: Path, site: Path, first: bool = False) -> Any:
    """Build ``project`` into ``site`` as `mkdocs serve` does: the same plugin instance as the last build, serving."""
    config = site_config(project, site)
    plugin = config.plugins["paper-notes"]
    if first:
        plugin.on_startup(command="serve", dirty=False)
    assert plugin.serving
    build(config)
    return plugin


def fresh_build(project: Path, site: Path, env: dict[str, str] | None = None) -> Path:
    """`mkdocs build` of ``project`` in a new process."""
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(site)], cwd=project, capture_output=True, text=True,
        timeout=300, env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    return site


def files(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def differences(a: Path, b: Path) -> list[str]:
    left, right = files(a), files(b)
    return sorted(name for name in left.keys() | right.keys() if left.get(name) != right.get(name))


def rebuild_equals_fresh_build(tmp_path: Path, fixture: str, caplog: pytest.LogCaptureFixture, *edits: Edit) -> tuple[Path, Path]:
    """Serve ``fixture``, apply each edit (the data file, or mkdocs.yml) with a rebuild after each, and compare the
    last rebuild with a fresh build in a new process."""
    project = make_project(tmp_path / "project", FIXTURES / fixture)
    data = project / "data" / "papers.yaml"
    plugin = served_build(project, tmp_path / "before", first=True)
    try:
        after = tmp_path / "before"
        for n, edit in enumerate(edits):
            edit(data)
            caplog.clear()
            with caplog.at_level(logging.INFO, logger="mkdocs.plugins.paper_notes"):
                after = tmp_path / f"after-{n}"
                served_build(project, after)
            kept = [r.getMessage() for r in caplog.records if "unchanged" in r.getMessage()]
            assert kept, "the rebuild reports how many pages it kept"
    finally:
        plugin.on_startup(command="build", dirty=False)  # later builds in this process keep nothing
    fresh = fresh_build(project, tmp_path / "fresh")
    assert differences(after, fresh) == []
    return tmp_path / "before", after


def replace(old: str, new: str) -> Edit:
    def edit(path: Path) -> None:
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit


def pages_showing(site: Path, text: str) -> set[str]:
    return {name for name, content in files(site).items() if name.endswith(".html") and text.encode() in content}


def test_a_new_title_reaches_every_page_that_shows_it(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    before, after = rebuild_equals_fresh_build(
        tmp_path, "papers.yaml", caplog, replace("title: Beta Sees Better", "title: Beta Sees Further")
    )
    showing = pages_showing(before, "Beta Sees Better")
    assert len(showing) > 5  # its page, alpha's related list, the log, topics, the papers table...
    assert pages_showing(after, "Beta Sees Better") == set()
    assert pages_showing(after, "Beta Sees Further") >= showing
    kept = int(re.search(r"(\d+) of \d+", caplog.text)[1])  # type: ignore[index]
    assert kept > 0, "pages that do not show the title are not made again"


@pytest.mark.parametrize(
    "edit",
    [
        replace("gap: Masks were task-specific.", "gap: Masks were made for one task each."),  # a note
        replace("name: Segmentation", "name: Image segmentation"),  # a topic every listing names
        replace("rating: 4", "rating: 2"),
        replace("read: [2024-01-10, 2024-03-05]", "read: [2024-01-10, 2024-03-05, 2024-06-01]"),  # the log, neighbours
        replace("authors: [Ada Lovelace, Alan Turing]", "authors: [Ada Lovelace, Grace Hopper]"),  # people, co-authors
        replace("papers:\n", "papers:\n  - {id: zeta, title: Zeta Arrives, topics: [vision], related: [alpha]}\n"),
    ],
    ids=["note", "topic-name", "rating", "read-again", "authors", "new-paper"],
)
def test_any_edit_rebuilds_as_a_fresh_build(tmp_path: Path, caplog: pytest.LogCaptureFixture, edit: Edit) -> None:
    rebuild_equals_fresh_build(tmp_path, "papers.yaml", caplog, edit)


def test_a_removed_paper_leaves_nothing_behind(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    epsilon = "  - id: epsilon\n    title: Epsilon Report\n    kind: report\n    org: Some Institute\n    published: 2020\n"
    before, after = rebuild_equals_fresh_build(
        tmp_path, "papers.yaml", caplog, replace(epsilon + "    topics: [segmentation]\n    read: 2023-12-31\n", "")
    )
    assert (before / "papers/epsilon/index.html").exists() and not (after / "papers/epsilon/index.html").exists()


def test_changed_settings_make_every_page_again(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    def rename_site(data: Path) -> None:
        config = data.parent.parent / "mkdocs.yml"
        config.write_text(config.read_text(encoding="utf-8").replace("site_name: Test Notes", "site_name: Another Name"), encoding="utf-8")

    rebuild_equals_fresh_build(tmp_path, "views.yaml", caplog, rename_site)


def test_chinese_terms_learnt_from_an_edit_reach_kept_pages(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """A new topic name joins jieba's dictionary, which changes how every Chinese page is segmented for search."""
    rebuild_equals_fresh_build(tmp_path, "search.yaml", caplog, replace("topics:\n", "topics:\n  - {id: new-topic, name: 视觉语言}\n"))


def test_a_chinese_topic_added_then_removed_leaves_nothing_in_jieba(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """jieba's dictionary is the process's: the build that taught 视觉语言 must not leave it to the next one."""
    added = replace("topics:\n", "topics:\n  - {id: new-topic, name: 视觉语言}\n")
    removed = replace("  - {id: new-topic, name: 视觉语言}\n", "")
    _, after = rebuild_equals_fresh_build(tmp_path, "search.yaml", caplog, added, removed)
    assert "视觉语言" not in (after / "search" / "search_sections.json").read_text(encoding="utf-8")


def test_an_override_that_reads_the_whole_library_is_never_stale(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """A site's own topic template showing a library-wide figure: a new paper changes every topic page."""
    from paper_notes.pages import NAMESPACE, TEMPLATES

    def overridden(data: Path) -> None:
        original = (TEMPLATES / NAMESPACE / "topic.html").read_text(encoding="utf-8")
        with_override(data.parent.parent, f"{NAMESPACE}/topic.html", "<p class=\"count\">{{ site.papers | length }} papers in all</p>\n" + original)

    new_paper = replace("papers:\n", "papers:\n  - {id: zeta, title: Zeta Arrives, topics: [vision]}\n")
    _, after = rebuild_equals_fresh_build(tmp_path, "papers.yaml", caplog, overridden, new_paper)

    def shown(site: Path) -> int:
        html = (site / "topics" / "segmentation" / "index.html").read_text(encoding="utf-8")
        return int(re.findall(r'<p class="count">(\d+) papers in all', html)[0])

    assert shown(after) == shown(tmp_path / "after-0") + 1


def reader_file(name: str, change: Callable[[str], str | None]) -> Edit:
    """An edit of data/readers/<name> (to None: removed; a file not there yet starts empty)."""

    def edit(data: Path) -> None:
        path = data.parent / "readers" / name
        after = change(path.read_text(encoding="utf-8") if path.exists() else "")
        if after is None:
            path.unlink()
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(after, encoding="utf-8")

    return edit


def paper_file(ident: str, old: str, new: str) -> Edit:
    """``old`` replaced in data/papers/<ident>.yaml."""
    return lambda data: replace(old, new)(data.parent / "papers" / f"{ident}.yaml")


@pytest.mark.parametrize(
    "edits",
    [
        # each on other pages than the one before, so that a page one edit leaves stale is not made again by the next
        [reader_file("ben/alpha.yaml", lambda t: t.replace("rating: 2", "rating: 4")),  # the spread: no disagreement
         reader_file("chen/beta.yaml", lambda t: None),  # notes removed
         reader_file("ada/gamma.yaml", lambda t: "read: 2024-04-01\nrating: 3\n")],  # new notes: gamma is read now
        [paper_file("delta", "votes: [ben]", "votes: [ben, ada]"),  # a vote: the queue's order
         replace("sessions:\n", "sessions:\n  - {date: 2024-04-02, papers: [epsilon], presenter: chen}\n")],  # a session held
    ],
    ids=["readers-files", "votes-and-sessions"],
)  # fmt: skip
def test_a_reading_groups_edits_rebuild_as_a_fresh_build(tmp_path: Path, caplog: pytest.LogCaptureFixture, edits: list[Edit]) -> None:
    rebuild_equals_fresh_build(tmp_path, "group", caplog, *edits)


def test_a_readers_file_changes_the_keys_of_exactly_the_pages_that_show_it(tmp_path: Path) -> None:
    """Under `mkdocs serve` a page is made again when its key changes: a reader's notes are on the paper's page and
    on the reader's own; a change of rating also moves the spread shown on the sessions that discussed the paper."""
    project = make_project(tmp_path / "project", GROUP)
    notes = project / "data" / "readers" / "ada" / "alpha.yaml"
    plugin = served_build(project, tmp_path / "site-0", first=True)
    try:

        def changed_by(n: int, old: str, new: str) -> set[str]:
            before = {src: kept.key for src, kept in plugin.kept.pages.items()}
            notes.write_text(notes.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
            served_build(project, tmp_path / f"site-{n}")
            after = {src: kept.key for src, kept in plugin.kept.pages.items()}
            assert set(after) == set(before)
            return {src for src in before if after[src] != before[src]}

        assert changed_by(1, "The promptable decoder", "The light decoder") == {"papers/alpha.md", "readers/ada.md"}
        assert changed_by(2, "rating: 5", "rating: 3") == {"papers/alpha.md", "readers/ada.md", "sessions/2024-03-05.md"}
    finally:
        plugin.on_startup(command="build", dirty=False)
    assert differences(tmp_path / "site-2", fresh_build(project, tmp_path / "fresh")) == []


def test_a_plain_build_keeps_nothing(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    project = make_project(tmp_path / "project")
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.paper_notes"):
        for site in ("a", "b"):
            config = site_config(project, tmp_path / site)
            config.plugins["paper-notes"].on_startup(command="build", dirty=False)
            build(config)
    assert "unchanged" not in caplog.text
    assert config.plugins["paper-notes"].kept.pages == {}
