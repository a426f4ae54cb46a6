"""Rendering units: Markdown from data is converted per field, sanitised, and never run as a template."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT, fixture_markdown
from paper_notes.markdown import DataMarkdown, sanitize


class Md:
    """The site's Markdown, as the build configures it, one call per field."""

    def __init__(self) -> None:
        self.data = DataMarkdown(*fixture_markdown())

    def block(self, text: str) -> str:
        return str(self.data.convert(text).html)

    def inline(self, text: str) -> str:
        return str(self.data.inline(text))


@pytest.fixture(scope="module")
def md() -> Md:
    return Md()


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


def test_markdown_keeps_formatting_math_and_tables(md: Md) -> None:
    html = md.block("**bold** and $x^2$\n\n| a | b |\n|---|---|\n| 1 | 2 |\n")
    assert "<strong>bold</strong>" in html
    assert '<span class="arithmatex">\\(x^2\\)</span>' in html
    assert "<table>" in html and "<td>1</td>" in html


def test_markdown_template_syntax_is_text(md: Md) -> None:
    html = (md.block("{{ 7 * 7 }} and `{% raw %}` and $\\{{x}}$"))
    assert "{{ 7 * 7 }}" in html and "49" not in html
    assert "{% raw %}" in html


def test_headings_in_a_note_sit_below_its_section(md: Md) -> None:
    html = (md.block("# Top\n\n## Next\n\n##### Deep"))
    assert "<h3" in html and "<h4" in html and "<h6" in html
    assert "<h1" not in html and "<h2" not in html


def test_each_field_is_converted_on_its_own(md: Md) -> None:
    # an unclosed fence in one note cannot swallow what comes after it
    first = (md.block("```python\nx = 1\n"))
    second = (md.block("plain *text*"))
    assert "x = 1" in first
    assert second == "<p>plain <em>text</em></p>"


def test_inline_drops_the_paragraph(md: Md) -> None:
    assert (md.inline("a *b*")) == "a <em>b</em>"


def test_snippets_cannot_include_files(md: Md) -> None:
    html = (md.block('--8<-- "/etc/passwd"'))
    assert "root:" not in html


def test_bibtex_values_escape_special_characters() -> None:
    from paper_notes.latex import encode_latex

    assert encode_latex("50% & \\$5 #1 a_b {x} \\ ~ ^") == (
        r"50\% \& \$5 \#1 a\_b \{x\} \textbackslash{} \textasciitilde{} \string^"
    )


def test_templates_are_outside_docs() -> None:
    templates = ROOT / "paper_notes" / "templates"
    assert templates.is_dir() and not (ROOT / "docs" / "templates").exists()
    assert all(not Path(t).is_relative_to(ROOT / "docs") for t in templates.iterdir())
    # MkDocs copies every file of a theme folder that is not a template into the site
    assert {p.suffix for p in templates.rglob("*") if p.is_file()} == {".html"}


def test_toc_nests_h3_under_the_h2_before_it() -> None:
    from paper_notes.toc import Heading, nest

    toc = nest([Heading(3, "early", "Early"), Heading(2, "a", "A &amp; b"), Heading(3, "a1", "One"),
                Heading(4, "deep", "Deep"), Heading(2, "c", "&lt;script&gt;")])  # fmt: skip
    assert [(e.id, e.title, [c.id for c in e.children]) for e in toc] == [
        ("early", "Early", []), ("a", "A &amp; b", ["a1"]), ("c", "&lt;script&gt;", []),
    ]  # fmt: skip


def test_note_headings_join_the_page_toc(md: Md) -> None:
    converted = md.data.convert("# Setup\n\n## Details\n\ntext <b>x</b>")
    assert [(h.level, h.id, h.title) for h in converted.headings] == [(3, "setup", "Setup"), (4, "details", "Details")]


def test_cjk_line_breaks_are_joined_outside_code(md: Md) -> None:
    html = (md.block("第一行中文\n第二行，English\nword\n\n```\n代码\n注释\n```"))
    assert "第一行中文第二行，English\nword" in html
    assert "代码\n" in html and "注释" in html


def test_counting_in_words() -> None:
    from paper_notes.wording import counted, plural

    assert [counted(n, "paper") for n in (0, 1, 2)] == ["0 papers", "1 paper", "2 papers"]
    assert (plural(2, "journal entry"), plural(2, "day"), plural(1, "entry"), plural(3, "person", "people")) == (
        "journal entries", "days", "entry", "people",
    )  # fmt: skip


def test_templates_of_generated_pages_read_only_their_context() -> None:
    """Our own templates of generated pages do not read ``site``: a page that did would be made again on every save
    (its key covers the whole library), which a site's override may choose but the shipped pages should not."""
    from jinja2 import meta

    from paper_notes.pages import KINDS, NAMESPACE, TEMPLATES, environment

    env = environment()
    env.filters.update(md=str, md_inline=str)  # the renderer's own, which need a page
    names = {kind.template for kind in KINDS.values()} | {"_parts.html", "head.html"}
    for name in sorted(names):
        source = (TEMPLATES / NAMESPACE / name).read_text(encoding="utf-8")
        assert "site" not in meta.find_undeclared_variables(env.parse(source)), name
