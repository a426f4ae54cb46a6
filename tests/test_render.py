"""Rendering units: Markdown from data is converted per field, sanitised, and never run as a template."""
from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.config import load_config

from conftest import ROOT
from macros import bibtex
from macros.model import Paper
from macros.render import DataMarkdown, sanitize


@pytest.fixture(scope="module")
def md() -> DataMarkdown:
    return DataMarkdown(load_config(config_file=str(ROOT / "mkdocs.yml")))


@pytest.mark.parametrize(
    ("dirty", "kept", "gone"),
    [
        ("<p>hi<script>alert(1)</script></p>", "<p>hi</p>", "script"),
        ('<img src="x.png" onerror="alert(1)">', '<img src="x.png">', "onerror"),
        ('<a href="javascript:alert(1)">x</a>', ">x</a>", "javascript"),
        ('<img src="data:image/png;base64,AAAA">', "<img>", "data:"),
        ("<iframe src='https://e.org'></iframe>text", "text", "iframe"),
        ("<style>body{}</style>text", "text", "style"),
        ('<svg><script>alert(1)</script></svg>', "", "svg"),
        ('<span id="__search" class="x">t</span>', '<span class="x">t</span>', "__search"),
    ],
)
def test_sanitize(dirty: str, kept: str, gone: str) -> None:
    clean = sanitize(dirty)
    assert kept in clean
    assert gone not in clean


def test_markdown_keeps_formatting_math_and_tables(md: DataMarkdown) -> None:
    html = str(md.block("**bold** and $x^2$\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"))
    assert "<strong>bold</strong>" in html
    assert '<span class="arithmatex">\\(x^2\\)</span>' in html
    assert "<table>" in html and "<td>1</td>" in html


def test_markdown_template_syntax_is_text(md: DataMarkdown) -> None:
    html = str(md.block("{{ 7 * 7 }} and `{% raw %}` and $\\{{x}}$"))
    assert "{{ 7 * 7 }}" in html and "49" not in html
    assert "{% raw %}" in html


def test_headings_in_a_note_sit_below_its_section(md: DataMarkdown) -> None:
    html = str(md.block("# Top\n\n## Next\n\n##### Deep"))
    assert "<h3" in html and "<h4" in html and "<h6" in html
    assert "<h1" not in html and "<h2" not in html


def test_each_field_is_converted_on_its_own(md: DataMarkdown) -> None:
    # an unclosed fence in one note cannot swallow what comes after it
    first = str(md.block("```python\nx = 1\n"))
    second = str(md.block("plain *text*"))
    assert "x = 1" in first
    assert second == "<p>plain <em>text</em></p>"


def test_inline_drops_the_paragraph(md: DataMarkdown) -> None:
    assert str(md.inline("a *b*")) == "a <em>b</em>"


def test_snippets_cannot_include_files(md: DataMarkdown) -> None:
    html = str(md.block('--8<-- "/etc/passwd"'))
    assert "root:" not in html


def test_bibtex_escapes_special_characters() -> None:
    assert bibtex.escape("50% & $5 #1 a_b {x} \\ ~ ^") == (
        r"50\% \& \$5 \#1 a\_b \{x\} \textbackslash{} \textasciitilde{} \string^"
    )


@pytest.mark.parametrize(
    ("fields", "kind"),
    [
        ({"venue": "ICLR 2022"}, "inproceedings"),
        ({"venue": "Nature"}, "article"),
        ({"kind": "report", "org": ["Stability AI"]}, "techreport"),
        ({"kind": "blog", "links": {"blog": "https://e.org"}}, "misc"),
        ({}, "misc"),
    ],
)
def test_bibtex_entry_type(fields: dict, kind: str) -> None:  # type: ignore[type-arg]
    paper = Paper.model_validate({"id": "p", "title": "T", **fields})
    assert bibtex.bibtex_fields(paper)[0] == kind


def test_bibtex_fields() -> None:
    paper = Paper.model_validate(
        {
            "id": "p",
            "title": "A & B",
            "authors": ["Ada Lovelace", "Alan Turing"],
            "published": "2021-06",
            "venue": "ICLR 2022",
            "arxiv": "2106.09685",
        }
    )
    _, fields = bibtex.bibtex_fields(paper)
    assert dict(fields) == {
        "title": r"A \& B",
        "author": "Ada Lovelace and Alan Turing",
        "booktitle": "ICLR 2022",
        "year": "2021",
        "month": "jun",
        "eprint": "2106.09685",
        "archiveprefix": "arXiv",
        "url": "https://arxiv.org/abs/2106.09685",
    }


def test_templates_are_outside_docs() -> None:
    templates = ROOT / "macros" / "templates"
    assert templates.is_dir() and not (ROOT / "docs" / "templates").exists()
    assert all(not Path(t).is_relative_to(ROOT / "docs") for t in templates.iterdir())


def test_toc_from_generated_headings() -> None:
    from macros.toc import toc_from_html

    toc = toc_from_html(
        '<h1 id="title">T</h1><h2 id="a">A &amp; <em>b</em></h2><h3 id="a1">One'
        '<a class="headerlink" href="#a1">¶</a></h3><h2 id="c">&lt;script&gt;</h2><h2>no id</h2>'
    )
    items = list(toc)
    assert [(i.id, i.title) for i in items] == [("a", "A &amp; b"), ("c", "&lt;script&gt;")]
    assert [(c.id, c.title) for c in items[0].children] == [("a1", "One")]


def test_cjk_line_breaks_are_joined_outside_code(md: DataMarkdown) -> None:
    html = str(md.block("第一行中文\n第二行，English\nword\n\n```\n代码\n注释\n```"))
    assert "第一行中文第二行，English\nword" in html
    assert "代码\n" in html and "注释" in html
