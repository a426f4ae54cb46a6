"""The page renderer without MkDocs: golden HTML for every kind of page, tables of contents, `pages --out`.

Golden files are in tests/golden/pages/, rendered from the fixture library. Regenerate
them after an intended change with
    UPDATE_GOLDEN=1 python -m pytest tests/test_pages.py
and review the diff.
"""
from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterator
from pathlib import Path

import jinja2
import pytest
import yaml

from conftest import GROUP, make_project
from paper_notes import cli
from paper_notes.build import Build
from paper_notes.library import load_library
from paper_notes.pages import KINDS, MACROS, TEMPLATES, DirectoryUrls, RenderError, environment, page_url, relative_url
from paper_notes.siteconfig import read_site_config

GOLDEN = Path(__file__).resolve().parent / "golden" / "pages"
TODAY = dt.date(2026, 1, 1)


def _build(project: Path) -> Build:
    options = read_site_config(project / "mkdocs.yml").options()
    return Build(
        options.__class__(
            **{**options.__dict__, "repo_url": "https://github.com/example/notes",
               "today": TODAY}
        )
    )  # fmt: skip


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Build]:
    made = _build(make_project(tmp_path_factory.mktemp("pages") / "project"))
    yield made
    made.close()


@pytest.fixture(scope="module")
def group_build(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Build]:
    """A reading group's library: three readers' notes on the same paper, sessions past and planned, votes."""
    made = _build(make_project(tmp_path_factory.mktemp("group-pages") / "project", GROUP))
    yield made
    made.close()


def normalised(html: str) -> str:
    """The fragment with what may change between runs taken out (nothing, so far, but trailing spaces)."""
    return "\n".join(line.rstrip() for line in html.splitlines()) + "\n"


PAGES = [(kind, ident) for kind, ident in [
    ("paper", "alpha"), ("paper", "beta"), ("paper", "gamma"), ("paper", "epsilon"), ("topic", "vision"),
    ("topic", "segmentation"), ("collection", "best"), ("journal", "2024-03-05"), ("journal", "2024-02-01"), ("author", "ada-lovelace"),
]]  # fmt: skip


def _check(name: str, html: str) -> None:
    expected = GOLDEN / f"{name}.html"
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.mkdir(parents=True, exist_ok=True)
        expected.write_text(normalised(html), encoding="utf-8")
    assert normalised(html) == expected.read_text(encoding="utf-8"), f"{name}: run UPDATE_GOLDEN=1 and review the diff"


# a reading group's pages, from tests/fixtures/group/
GROUP_PAGES = [("paper", "alpha"), ("paper", "gamma"), ("reader", "ada"), ("reader", "chen"), ("session", "2024-03-05"),
               ("session", "2099-01-10")]  # fmt: skip
MACRO_PAGES = {"home": "index.md", "all_papers": "papers/index.md", "topics_overview": "topics/index.md",
               "reading_log": "log.md", "to_read": "to-read.md", "collections_index": "collections/index.md",
               "field_reference": "data-format.md", "stats": "stats.md", "timeline": "timeline.md",
               "authors_index": "authors/index.md", "venues_index": "venues.md", "readers_index": "readers/index.md",
               "sessions_index": "sessions/index.md"}  # fmt: skip
# the macros whose listing a reading group's library changes (or has only then)
GROUP_MACROS = ["home", "reading_log", "to_read", "stats", "readers_index", "sessions_index"]


@pytest.mark.parametrize(("kind", "ident"), PAGES, ids=[f"{k}-{i}" for k, i in PAGES])
def test_generated_page_matches_its_golden_file(build: Build, kind: str, ident: str) -> None:
    page = next(p for p in build.generated() if (p.kind, p.ident) == (kind, ident))
    _check(f"{kind}-{ident}", build.render(page, DirectoryUrls(page.src)).html)


@pytest.mark.parametrize("name", sorted(MACROS))
def test_macro_matches_its_golden_file(build: Build, name: str) -> None:
    _check(f"macro-{name}", build.macro(name, DirectoryUrls(MACRO_PAGES[name])).html)


@pytest.mark.parametrize(("kind", "ident"), GROUP_PAGES, ids=[f"{k}-{i}" for k, i in GROUP_PAGES])
def test_group_page_matches_its_golden_file(group_build: Build, kind: str, ident: str) -> None:
    page = next(p for p in group_build.generated() if (p.kind, p.ident) == (kind, ident))
    _check(f"group-{kind}-{ident}", group_build.render(page, DirectoryUrls(page.src)).html)


@pytest.mark.parametrize("name", GROUP_MACROS)
def test_group_macro_matches_its_golden_file(group_build: Build, name: str) -> None:
    _check(f"group-macro-{name}", group_build.macro(name, DirectoryUrls(MACRO_PAGES[name])).html)


def test_every_kind_of_page_has_a_golden_file() -> None:
    assert {kind for kind, _ in PAGES + GROUP_PAGES} == set(KINDS)
    assert set(MACRO_PAGES) == set(MACROS)


def test_a_group_library_has_its_listings_and_a_library_of_one_reader_has_none(build: Build, group_build: Build) -> None:
    listings = {p.src for p in group_build.generated() if p.kind == "listing"}
    assert {"readers/index.md", "sessions/index.md"} <= listings
    assert not {p.src for p in build.generated()} & {"readers/index.md", "sessions/index.md"}
    assert not {src for src in build.downloads() if src.startswith("readers/") or src.endswith(".ics")}
    assert {"readers/ada/feed.xml", "readers/ben/feed.xml", "readers/chen/feed.xml", "sessions.ics"} <= set(group_build.downloads())


def test_every_record_gets_a_page(build: Build) -> None:
    pages = {(p.kind, p.ident): p for p in build.generated()}
    # papers, topics, collections, journal entries, and authors with a page: Ada has an `authors:` entry,
    # Alan Turing has one paper and a line in the Authors index
    assert len(pages) == 5 + 3 + 1 + 2 + 1
    assert ("author", "alan-turing") not in pages
    alpha = pages[("paper", "alpha")]
    assert alpha.src == "papers/alpha.md" and alpha.title == "Alpha Segments Everything"
    assert alpha.tags == ["Alpha", "A1"]
    assert alpha.edit_url is not None and alpha.edit_url.startswith("https://github.com/example/notes/blob/main/")
    assert pages[("topic", "vision")].tags == ["Vision"]
    assert pages[("journal", "2024-03-05")].title == "2024-03-05: A busy day"


def test_the_table_of_contents_comes_from_the_rendered_headings(build: Build) -> None:
    page = next(p for p in build.generated() if p.ident == "alpha")
    rendered = build.render(page, DirectoryUrls(page.src))
    [title] = rendered.toc  # the page's title heads it: Material's "Skip to content" link goes there
    assert (title.level, title.id, title.title) == (1, "title", "Alpha Segments Everything")
    toc = [(e.id, e.title, [c.id for c in e.children]) for e in title.children]
    assert toc == [
        ("note-1", "Gap", []),
        ("note-2", "Method", ["a-heading-inside-a-note"]),  # the note's own heading, below its section
        ("note-3", "My thought", []),
        ("notes", "Notes", []),
        ("figures", "Figures", []),
        ("related", "Related papers", []),
        ("collections", "In collections", []),
        ("journal", "In the journal", []),
        ("suggested", "Suggested", []),
        ("cite", "Cite", []),
    ]
    for entry in [title, *title.children]:  # every entry is a heading of the page
        assert f'id="{entry.id}"' in rendered.html
    # and on a phone, where Material's sidebar is hidden, the page lists them itself, before its first section
    contents = rendered.html[rendered.html.index('<nav class="pn-contents"') : rendered.html.index('<h2 id="note-1"')]
    listed = [entry.id for top in title.children for entry in (top, *top.children)]
    assert re.findall(r'href="#([^"]+)"', contents) == listed and listed[:3] == ["note-1", "note-2", "a-heading-inside-a-note"]


def test_links_between_pages_are_relative(build: Build) -> None:
    page = next(p for p in build.generated() if p.ident == "alpha")
    html = build.render(page, DirectoryUrls(page.src)).html
    assert 'href="../beta/"' in html and 'href="../../topics/segmentation/"' in html
    assert 'href="../../log/#day-2024-01-10"' in html
    assert page_url("index.md") == "./" and page_url("papers/index.md") == "papers/"
    assert relative_url(page_url("index.md"), page_url("papers/alpha.md")) == "../../"


def test_a_broken_template_is_named_with_its_line(build: Build, tmp_path: Path) -> None:
    override = tmp_path / "overrides" / "paper_notes"
    override.mkdir(parents=True)
    (override / "topic.html").write_text("<p>fine</p>\n<p>{{ node.nothing_here.at_all }}</p>\n", encoding="utf-8")
    base = jinja2.Environment(loader=jinja2.FileSystemLoader([str(override.parent), str(TEMPLATES)]))
    broken = Build(build.options)
    broken.use_templates(base)
    page = next(p for p in broken.generated() if p.kind == "topic")
    with pytest.raises(RenderError, match=r"topic\.html, line 2 failed: .*nothing_here"):
        broken.render(page, DirectoryUrls(page.src))


def test_templates_escape_whatever_environment_they_render_in() -> None:
    env = environment(jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES))))  # a theme's: no autoescape
    assert env.from_string("{{ x }}").render(x="<b>") == "&lt;b&gt;"


def test_pages_command_writes_a_docs_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    project = make_project(tmp_path / "project")
    shown = "---\nrender_macros: false\n---\n# Macros\n\nWrite `{{ reading_log() }}` or `{{ site.papers | length }}`.\n"
    (project / "docs" / "shown.md").write_text(shown, encoding="utf-8")
    monkeypatch.chdir(project)
    assert cli.main(["pages", "--out", "out"]) == 0
    assert "wrote 12 generated pages" in capsys.readouterr().out
    out = project / "out"
    text = (out / "papers" / "alpha.md").read_text(encoding="utf-8")
    front, body = re.match(r"^---\n(.*?)\n---\n\n(.*)$", text, re.S).groups()  # type: ignore[union-attr]
    meta = yaml.safe_load(front)
    assert meta["title"] == "Alpha Segments Everything" and meta["tags"] == ["Alpha", "A1"]
    span = load_library(project / "data" / "papers.yaml").locations["alpha"].span
    assert meta["edit_url"].endswith(f"/blob/main/data/papers.yaml#L{span.start}-L{span.end}")
    assert body.startswith('<div class="pn-page pn-paper">')
    home = (out / "index.md").read_text(encoding="utf-8")
    assert "{{" not in home and '<div class="pn-page pn-home">' in home
    assert "<strong>5</strong> papers" in home
    assert (out / "downloads" / "papers.bib").read_text(encoding="utf-8").startswith("@")
    fields = (out / "fields.md").read_text(encoding="utf-8")
    assert "field_reference" not in fields and '<div class="pn-page pn-fields">' in fields
    assert (out / "assets" / "stylesheets" / "paper-notes.css").is_file()
    assert (out / "assets" / "javascripts" / "workers" / "paper-notes-search.js").is_file()
    assert (out / "shown.md").read_text(encoding="utf-8") == shown  # render_macros: false, as mkdocs-macros reads it


def test_pages_command_reports_bad_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    make_project(tmp_path, None)
    (tmp_path / "bad.yaml").write_text("papers:\n  - id: a\n    title: A\n    rating: 9\n", encoding="utf-8")
    assert cli.main(["pages", "--out", "out", "--data", "bad.yaml"]) == 1
    err = capsys.readouterr().err
    assert "bad.yaml:4: paper 'a': rating: error:" in err and "nothing was written" in err
    assert not (tmp_path / "out").exists()


def test_the_site_language_comes_from_the_theme(tmp_path: Path) -> None:
    """Text in another language than the theme's is marked with its own lang; without a theme language, English."""
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: Notes\ntheme:\n  name: material\n  language: zh\n", encoding="utf-8")
    assert read_site_config(config).options().language == "zh"
    config.write_text("site_name: Notes\ntheme: material\n", encoding="utf-8")
    assert read_site_config(config).options().language == "en"
