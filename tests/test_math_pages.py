"""Math on the built site: typeset wherever a field may hold it, never shown as raw TeX."""
from __future__ import annotations

from pathlib import Path

from visible import raw_tex

from conftest import SITE_NAME, build_site
from paper_notes.library import check_file

MATH_LIBRARY = """\
papers:
  - id: m
    title: "Fast $\\\\mathcal{O}(1)$ Memory for $\\\\alpha$-Models"
    summary: "Cuts attention from $O(n^2)$ to $O(n\\\\sqrt{n})$."
    topics: [t]
    figures:
      - src: https://example.org/m.png
        caption: "The $\\\\frac{a}{b}$ ratio."
  - id: n
    title: Plain
    related: [m]
topics:
  - {id: t, name: T}
"""


def test_no_page_shows_raw_tex(write_data, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data = write_data(MATH_LIBRARY)
    assert check_file(tmp_path / data)[1] == []  # no warnings either
    site = build_site(tmp_path / data, tmp_path / "site")
    pages = sorted(site.rglob("*.html"))
    assert {str(p.relative_to(site)): raw_tex(p.read_text(encoding="utf-8")) for p in pages if raw_tex(p.read_text(encoding="utf-8"))} == {}
    page = (site / "papers" / "m" / "index.html").read_text(encoding="utf-8")
    assert '<h1 id="title">Fast <span class="arithmatex">\\(\\mathcal{O}(1)\\)</span> Memory' in page
    assert f"<title>Fast 𝒪(1) Memory for α-Models - {SITE_NAME}</title>" in page
    assert '<span class="arithmatex">\\(O(n\\sqrt{n})\\)</span>' in page
    topic = (site / "topics" / "t" / "index.html").read_text(encoding="utf-8")
    assert '<span class="arithmatex">\\(O(n^2)\\)</span>' in topic  # the summary in the topic's table


def test_plain_fields_with_tex_get_a_warning(write_data, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data = write_data("papers:\n  - id: a\n    title: A\n    venue: 'Workshop on $\\mathcal{L}$ Losses'\n")
    library, problems = check_file(tmp_path / data)
    assert library is not None
    assert [str(p) for p in problems] == [
        "papers.yaml:4: paper 'a': venue: warning: holds TeX math ($...$), which this field shows as written;"
        " write it as text (α, O(n²)), or put it in the title, summary or a note, where math is typeset"
    ]
