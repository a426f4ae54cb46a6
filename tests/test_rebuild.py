"""Under `mkdocs serve`, unchanged pages are kept between rebuilds; a rebuild must still equal a clean build.

Each test builds a library as `mkdocs serve` would (pages kept in memory), changes something,
rebuilds, and compares every file of the site with a clean build of the changed library: pages,
search index, feed and downloads, byte for byte. A stale page, a search entry missing or counted
twice, shows up as a difference.
"""
from __future__ import annotations

import logging
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conftest import FIXTURES, build_site
from macros import adapter

Edit = Callable[[Path], None]
pytestmark = pytest.mark.serve  # how `mkdocs serve` rebuilds, run in-process


@pytest.fixture
def serving() -> Iterator[None]:
    """Builds in this test run as under `mkdocs serve`; the kept pages are dropped afterwards."""
    adapter.serving("serve", dirty=False)
    yield
    adapter.serving("build", dirty=False)


def files(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def differences(a: Path, b: Path) -> list[str]:
    left, right = files(a), files(b)
    return sorted(name for name in left.keys() | right.keys() if left.get(name) != right.get(name))


def rebuild_equals_clean_build(tmp_path: Path, fixture: str, edit: Edit, caplog: pytest.LogCaptureFixture, **settings: str) -> tuple[Path, Path]:
    data = tmp_path / "papers.yaml"
    shutil.copy(FIXTURES / fixture, data)
    before = build_site(data, tmp_path / "before")
    edit(data)
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.paper_notes"):
        after = build_site(data, tmp_path / "after", **settings)
    kept = [r.getMessage() for r in caplog.records if "unchanged" in r.getMessage()]
    adapter.serving("build", dirty=False)  # a clean build: nothing kept
    clean = build_site(data, tmp_path / "clean", **settings)
    assert differences(after, clean) == []
    assert kept, "the rebuild reports how many pages it kept"
    return before, after


def replace(old: str, new: str) -> Edit:
    def edit(path: Path) -> None:
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit


def pages_showing(site: Path, text: str) -> set[str]:
    return {name for name, content in files(site).items() if name.endswith(".html") and text.encode() in content}


def test_a_new_title_reaches_every_page_that_shows_it(tmp_path: Path, serving: None, caplog: pytest.LogCaptureFixture) -> None:
    before, after = rebuild_equals_clean_build(
        tmp_path, "papers.yaml", replace("title: Beta Sees Better", "title: Beta Sees Further"), caplog
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
def test_any_edit_rebuilds_as_a_clean_build(tmp_path: Path, serving: None, caplog: pytest.LogCaptureFixture, edit: Edit) -> None:
    rebuild_equals_clean_build(tmp_path, "papers.yaml", edit, caplog)


def test_a_removed_paper_leaves_nothing_behind(tmp_path: Path, serving: None, caplog: pytest.LogCaptureFixture) -> None:
    epsilon = "  - id: epsilon\n    title: Epsilon Report\n    kind: report\n    org: Some Institute\n    published: 2020\n"
    before, after = rebuild_equals_clean_build(
        tmp_path, "papers.yaml", replace(epsilon + "    topics: [segmentation]\n    read: 2023-12-31\n", ""), caplog
    )
    assert (before / "papers/epsilon/index.html").exists() and not (after / "papers/epsilon/index.html").exists()


def test_changed_settings_make_every_page_again(tmp_path: Path, serving: None, caplog: pytest.LogCaptureFixture) -> None:
    rebuild_equals_clean_build(tmp_path, "views.yaml", lambda path: None, caplog, site_name="Another Name")


def test_chinese_terms_learnt_from_an_edit_reach_kept_pages(tmp_path: Path, serving: None, caplog: pytest.LogCaptureFixture) -> None:
    """A new topic name joins jieba's dictionary, which changes how every Chinese page is segmented for search."""
    rebuild_equals_clean_build(tmp_path, "search.yaml", replace("topics:\n", "topics:\n  - {id: new-topic, name: 视觉语言}\n"), caplog)


def test_a_plain_build_keeps_nothing(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.paper_notes"):
        build_site(FIXTURES / "papers.yaml", tmp_path / "a")
        build_site(FIXTURES / "papers.yaml", tmp_path / "b")
    assert "unchanged" not in caplog.text
    assert adapter._KEPT == {}


def test_templates_of_generated_pages_see_only_their_context() -> None:
    """A generated page is kept while its context is unchanged, so its template may not look records up in ``site``."""
    from jinja2 import meta

    from macros.pages import KINDS, NAMESPACE, TEMPLATES, environment

    env = environment()
    env.filters.update(md=str, md_inline=str)  # the renderer's own, which need a page
    names = {kind.template for kind in KINDS.values()} | {"_parts.html", "head.html"}
    for name in sorted(names):
        source = (TEMPLATES / NAMESPACE / name).read_text(encoding="utf-8")
        assert "site" not in meta.find_undeclared_variables(env.parse(source)), name
