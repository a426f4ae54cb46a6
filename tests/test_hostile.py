"""Hostile data never runs: no template evaluation, no script, no handler, no dangerous URL, in any field."""
from __future__ import annotations

from pathlib import Path

from hostile import ALL_VECTORS, MARKER, unsafe_parts

from conftest import SITE_NAME, search_docs


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_nothing_from_the_data_can_execute(hostile_site: Path) -> None:
    checked = 0
    for page in pages(hostile_site):
        text = page.read_text(encoding="utf-8")
        assert unsafe_parts(text) == [], page.relative_to(hostile_site)
        checked += 1
    assert checked > len(ALL_VECTORS)


def test_the_search_index_holds_no_live_markup(hostile_site: Path) -> None:
    for doc in search_docs(hostile_site):
        for field in ("title", "text"):
            assert unsafe_parts(doc.get(field) or "", whole_is_data=True) == [], (doc["location"], field)


def test_template_syntax_is_shown_literally(hostile_site: Path) -> None:
    page = (hostile_site / "papers" / f"p{ALL_VECTORS.index('{{ 6 * 111111 }}')}" / "index.html").read_text(encoding="utf-8")
    assert f"<title>{{{{ 6 * 111111 }}}} - {SITE_NAME}</title>" in page
    assert '<h1 id="title">{{ 6 * 111111 }}</h1>' in page
    assert str(6 * 111111) not in page
    body = page[page.index('<div class="pn-page') :]
    for vector in ("{{ cycler.__init__.__globals__.os.getcwd() }}", "{% for x in range(3) %}loop{% endfor %}", "{# a Jinja comment #}"):
        assert vector in body, vector  # in notes, body, code and headings alike
    assert "looploop" not in body
    assert str(hostile_site.parent) not in body


def test_titles_are_escaped_everywhere(hostile_site: Path) -> None:
    index = ALL_VECTORS.index("</TITLE><SCRIPT>alert(1337);</SCRIPT>")
    page = (hostile_site / "papers" / f"p{index}" / "index.html").read_text(encoding="utf-8")
    assert f"<title>&lt;/TITLE&gt;&lt;SCRIPT&gt;alert(1337);&lt;/SCRIPT&gt; - {SITE_NAME}</title>" in page
    assert page.count("<SCRIPT>") == 0


def test_surrounding_text_survives_sanitising(hostile_site: Path) -> None:
    page = (hostile_site / "papers" / "p0" / "index.html").read_text(encoding="utf-8")
    body = page[page.index('<div class="pn-page') :]
    for kept in ("xxs link", "click", "quoted", "div", "XSS"):
        assert kept in body, kept
    assert MARKER in body  # the text of the vectors is still there, as text


def test_the_finder_knows_our_widgets_from_injected_ones() -> None:
    """Our filter form and charts pass; the same tags with any other class, or data inside them, do not."""
    block = '<div class="pn-page">{}</div>'
    ours = '<form class="pn-filters" hidden><label>Topic <select name="topic"><option value="">any</option></select></label></form>'
    chart = '<svg class="pn-rows" role="img"><title>Per topic</title><rect class="pn-bar" width="3"></rect></svg>'
    assert unsafe_parts(block.format(ours + chart)) == []
    assert unsafe_parts(block.format('<form action="/x"><input name="q"></form>')) == ["<form> in generated content", "<input> in generated content"]
    assert unsafe_parts(block.format('<svg class="pn-rows"><script>alert(1)</script></svg>')) == ["<script> in generated content"]
    assert unsafe_parts(block.format('<svg onload="alert(1)"></svg>')) == ["<svg onload='alert(1)'>", "<svg> in generated content"]
    assert unsafe_parts(block.format(chart + "<svg></svg>")) == ["<svg> in generated content"]
