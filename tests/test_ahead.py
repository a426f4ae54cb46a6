"""The second process of `mkdocs build` (paper_notes/plugin/ahead.py): the site is the same, byte for byte, as the
one process builds it; what the worker logs counts under --strict; a page it fails on fails as it would in one
process; a worker that dies leaves its pages to the main process; and a site whose other plugins handle page
events builds in one process."""
from __future__ import annotations

import logging
import os
import re
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
from mkdocs.exceptions import Abort

from conftest import FIXTURES, GROUP, ROOT, build_site
from paper_notes.build import Build
from paper_notes.pages import RenderError
from paper_notes.plugin import ahead

sys.path.insert(0, str(ROOT / "benchmarks"))
import synthetic  # noqa: E402

USED = re.compile(r"Paper Notes: ([\d,]+) of ([\d,]+) generated pages made in a second process, ([\d,]+) in this one")


@pytest.fixture(autouse=True)
def every_site_in_two(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    """The fixture libraries are small: the worker takes them all the same."""
    monkeypatch.setattr(ahead, "SMALLEST", 1)
    caplog.set_level(logging.DEBUG, logger="mkdocs.plugins.paper_notes")


def files_of(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def both(data: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture, **options: Any) -> tuple[Path, Path]:
    """The site built with the second process and in one; checks that the worker did make pages."""
    caplog.clear()
    two = build_site(data, tmp_path / "two", paper_notes=dict(options))
    used = [USED.search(r.getMessage()) for r in caplog.records]
    made = [m for m in used if m]
    assert made and int(made[0][1].replace(",", "")) > 0, "the worker made no page"
    one = build_site(data, tmp_path / "one", paper_notes={**options, "parallel": False})
    return two, one


@pytest.mark.parametrize("library", ["fixture", "group", "synthetic"])
def test_the_site_is_the_same_as_one_process_builds_it(library: str, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    if library == "fixture":
        data = FIXTURES / "papers.yaml"
    elif library == "group":
        shutil.copytree(GROUP, tmp_path / "group")
        data = tmp_path / "group" / "papers.yaml"
    else:
        data = synthetic.write_project(tmp_path / "synthetic", synthetic.library(60)) / "data" / "papers.yaml"
    two, one = both(data, tmp_path, caplog)
    a, b = files_of(two), files_of(one)
    assert a.keys() == b.keys()
    differ = [name for name in a if a[name] != b[name]]
    assert not differ, f"{len(differ)} files differ, first {differ[:5]}"
    assert any(name.startswith("papers/") for name in a)


def in_worker(parent: int) -> bool:
    return os.getpid() != parent


def test_what_the_worker_logs_is_logged_once_and_counts_in_strict_mode(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    parent, render = os.getpid(), Build.render
    seen: list[int] = []

    def warning_too(self: Build, page: Any, urls: Any) -> Any:
        if page.kind == "paper" and page.ident == "alpha":
            seen.append(os.getpid())
            logging.getLogger("mkdocs.plugins.paper_notes").warning("Paper Notes: a warning made with the alpha page")
        return render(self, page, urls)

    monkeypatch.setattr(Build, "render", warning_too)
    site = build_site(FIXTURES / "papers.yaml", tmp_path / "lenient", strict=False)
    assert (site / "papers" / "alpha" / "index.html").exists()
    warned = [r for r in caplog.records if "made with the alpha page" in r.getMessage()]
    assert len(warned) == 1 and warned[0].levelno == logging.WARNING
    assert not seen, "made in the worker, whose list this process does not see"
    with pytest.raises(Abort, match="1 warnings in strict mode"):
        build_site(FIXTURES / "papers.yaml", tmp_path / "strict", strict=True)
    assert in_worker(parent) is False


def test_a_page_the_worker_fails_on_fails_as_in_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    render = Build.render

    def broken(self: Build, page: Any, urls: Any) -> Any:
        if page.kind == "paper" and page.ident == "alpha":
            raise RenderError("Paper Notes: the alpha page cannot be made")
        return render(self, page, urls)

    monkeypatch.setattr(Build, "render", broken)
    said = []
    for options in ({}, {"parallel": False}):
        caplog.clear()
        with pytest.raises(Abort):
            build_site(FIXTURES / "papers.yaml", tmp_path / f"site{len(said)}", paper_notes=options)
        said.append([r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR])
    # MkDocs says 'Error building page' where it said 'Error reading page': the worker's page is placed as it is built
    assert said[0][-1] == said[1][-1] == "Paper Notes: the alpha page cannot be made"
    assert "'papers/alpha.md'" in said[0][0] and "'papers/alpha.md'" in said[1][0]


def test_pages_of_a_worker_that_dies_are_made_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    parent, render = os.getpid(), Build.render

    def dies(self: Build, page: Any, urls: Any) -> Any:
        if in_worker(parent) and page.kind == "paper" and page.ident == "delta":
            os._exit(3)
        return render(self, page, urls)

    monkeypatch.setattr(Build, "render", dies)
    two = build_site(FIXTURES / "papers.yaml", tmp_path / "two")
    made = [m for m in (USED.search(r.getMessage()) for r in caplog.records) if m]
    assert made and 0 < int(made[0][1]) < int(made[0][2]), "the worker made some pages, not all"
    assert int(made[0][3]) > 0
    one = build_site(FIXTURES / "papers.yaml", tmp_path / "one", paper_notes={"parallel": False})
    assert files_of(two) == files_of(one)


def test_no_page_holds_its_html_once_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pages the worker made and pages made here alike: their finished HTML is let go once MkDocs has written it (the
    pages made here kept theirs to the end: 370 MB at 10,000 papers)."""
    parent, render, placed = os.getpid(), Build.render, []
    place = ahead.place

    def dies(self: Build, page: Any, urls: Any) -> Any:
        if in_worker(parent) and page.kind == "paper" and page.ident == "delta":
            os._exit(3)  # the pages after it are made here
        return render(self, page, urls)

    def placing(site: Any, worker: Any, page: Any, *args: Any) -> None:
        placed.append(page)
        place(site, worker, page, *args)

    monkeypatch.setattr(Build, "render", dies)
    monkeypatch.setattr(ahead, "place", placing)
    build_site(FIXTURES / "papers.yaml", tmp_path / "site")
    assert len(placed) > 2
    assert [page.file.src_uri for page in placed if page.kept is not None or page.content] == []


def test_a_site_whose_hooks_handle_page_events_builds_in_one_process(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    hooks = tmp_path / "hooks.py"
    hooks.write_text("def on_page_content(html, page, config, files):\n    return html\n", encoding="utf-8")
    build_site(FIXTURES / "papers.yaml", tmp_path / "site", hooks=[str(hooks)])
    said = [r.getMessage() for r in caplog.records if "Paper Notes: pages are built in one process" in r.getMessage()]
    assert said and "on_page_content" in said[0]
    assert not any(USED.search(r.getMessage()) for r in caplog.records)


GREW = "for the search terms grown apart"


def test_the_search_terms_are_grown_in_a_process_of_their_own(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """A library with Chinese notes: the terms grown from them come from the grower, and the site, search index
    included, is the one a single process builds (the synthetic library's notes grow terms)."""
    data = synthetic.write_project(tmp_path / "synthetic", synthetic.library(60)) / "data" / "papers.yaml"
    from paper_notes.library import load_library
    from paper_notes.search import grown_apart

    assert grown_apart(load_library(data)), "the library grows terms"
    two, one = both(data, tmp_path, caplog)
    assert any(GREW in r.getMessage() for r in caplog.records)
    assert files_of(two) == files_of(one)


def test_a_library_without_chinese_forks_no_grower(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    data = synthetic.write_project(tmp_path / "synthetic", synthetic.library(30)) / "data" / "papers.yaml"
    for path in data.parent.rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        # each run of CJK becomes a word of its own (note section names stay distinct keys)
        ascii_only = re.sub(r"[\u3000-\u9fff\uff00-\uffef]+", lambda m: "w" + m[0].encode("utf-8").hex()[:12], text)
        path.write_text(ascii_only, encoding="utf-8")
    two, one = both(data, tmp_path, caplog)
    assert not any(GREW in r.getMessage() for r in caplog.records)
    assert files_of(two) == files_of(one)


@pytest.mark.parametrize("how", ["raises", "dies", "stalls"])
def test_terms_a_grower_could_not_grow_are_grown_here(
    how: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    parent = os.getpid()
    data = synthetic.write_project(tmp_path / "synthetic", synthetic.library(60)) / "data" / "papers.yaml"
    from paper_notes.search import grown_apart

    def failing(library: Any) -> list[str]:
        if in_worker(parent):
            if how == "raises":
                raise RuntimeError("the grower fails")
            if how == "dies":
                os._exit(3)
            import time

            time.sleep(30)
        return grown_apart(library)

    monkeypatch.setattr(ahead, "grown_apart", failing)
    monkeypatch.setattr(ahead, "STALLED", 2.0)
    two, one = both(data, tmp_path, caplog)
    assert any(GREW in r.getMessage() for r in caplog.records)
    assert files_of(two) == files_of(one)
