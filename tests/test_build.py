"""Real `mkdocs build` of the project with the fixture data; assertions on the HTML a reader gets."""
from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import FIXTURES, REPO_URL, ROOT, SITE_NAME, build_site
from paper_notes.library import load_library


def read(site: Path, page: str) -> str:
    return (site / page / "index.html").read_text(encoding="utf-8")


def content(site: Path, page: str) -> str:
    """Just the generated block of a page (what our templates wrote)."""
    html = read(site, page)
    start = html.index('<div class="pn-page')
    end = html.index("</article>", start)
    return html[start:end]


def test_every_record_has_a_page(fixture_site: Path) -> None:
    for paper in ("alpha", "beta", "gamma", "delta", "epsilon"):
        assert (fixture_site / "papers" / paper / "index.html").is_file()
    for topic in ("vision", "segmentation", "language"):
        assert (fixture_site / "topics" / topic / "index.html").is_file()
    assert (fixture_site / "collections" / "best" / "index.html").is_file()
    assert (fixture_site / "journal" / "2024-03-05" / "index.html").is_file()
    assert (fixture_site / "journal" / "2024-02-01" / "index.html").is_file()


def test_paper_page_shows_every_field(fixture_site: Path) -> None:
    html = content(fixture_site, "papers/alpha")
    assert '<h1 id="title">Alpha Segments Everything</h1>' in html
    assert 'Also known as <span class="pn-short">Alpha</span>, <span class="pn-short">A1</span>' in html
    assert '<dd class="pn-authors"><a href="../../authors/ada-lovelace/">Ada Lovelace</a>, <a href="../../authors/#author-alan-turing">Alan Turing</a></dd>' in html
    assert '<dt data-search-exclude>Venue</dt>\n<dd class="pn-venue">ICCV 2023</dd>' in html
    assert '<dt data-search-exclude>Organisations</dt>\n<dd class="pn-org">Lab One, Lab Two</dd>' in html
    assert '<time datetime="2023-04">2023-04</time>' in html
    assert 'href="../../log/#day-2024-01-10"' in html and 'href="../../log/#day-2024-03-05"' in html
    assert 'pn-status--read">Read</span>' in html
    # a rating is read out as one, the stars hidden from screen readers
    assert '<span class="pn-rating"><span aria-hidden="true" title="4 out of 5">★★★★☆</span><span class="pn-sr-only">4 out of 5</span></span>' in html
    assert '<a class="pn-topic-link" href="../../topics/segmentation/">Segmentation</a>' in html
    assert 'href="https://arxiv.org/abs/2304.02643">arXiv</a>' in html
    assert 'href="https://arxiv.org/pdf/2304.02643">PDF</a>' in html
    assert 'href="https://example.org/alpha-code">Code</a>' in html
    assert 'href="https://example.org/alpha">Project</a>' in html
    assert '<p class="pn-summary">Segments any object from a prompt.</p>' in html


def test_note_sections_in_order_with_markdown_and_math(fixture_site: Path) -> None:
    html = content(fixture_site, "papers/alpha")
    headings = re.findall(r'<h2 id="note-\d+">([^<]+)</h2>', html)
    assert headings == ["Gap", "Method", "My thought"]
    assert '<span class="arithmatex">\\(L = L_{focal} + L_{dice}\\)</span>' in html
    # a note's own top-level heading sits below its section heading
    assert re.search(r"<h3[^>]*>A heading inside a note", html)
    assert "<h1" not in html.replace('<h1 id="title">', "")
    assert '<a href="https://example.org" rel="noopener noreferrer">link</a>' in html
    # links by id inside notes point at the record's page
    assert '<a href="../beta/" rel="noopener noreferrer">Beta</a>' in html
    assert '<a href="../../topics/vision/#papers" rel="noopener noreferrer">the vision topic</a>' in html
    assert '<img src="https://example.org/alpha.png" alt="The *whole* pipeline." loading="lazy">' in html
    assert "<figcaption>The <em>whole</em> pipeline.</figcaption>" in html


def test_related_papers_link_both_ways(fixture_site: Path) -> None:
    alpha = content(fixture_site, "papers/alpha")
    beta = content(fixture_site, "papers/beta")
    assert 'href="../beta/">Beta Sees Better</a>' in alpha
    assert 'href="../alpha/">Alpha Segments Everything</a> <span class="pn-short">Alpha</span> <span class="pn-note-small">(it lists this paper as related)</span>' in beta


def test_collections_journal_and_bibtex_on_paper_page(fixture_site: Path) -> None:
    html = content(fixture_site, "papers/alpha")
    assert '<a href="../../collections/best/">Best of the fixture</a>: no. 2 (Speed round)' in html
    assert 'href="../../journal/2024-03-05/">A busy day</a>' in html
    bib = re.search(r'<code class="language-bibtex">(.*?)</code>', html, re.S)
    assert bib is not None
    assert bib.group(1).startswith("@inproceedings{alpha,\n  title = {{Alpha} Segments Everything},")  # an alias keeps its case
    assert "author = {Ada Lovelace and Alan Turing}" in bib.group(1)
    assert "eprint = {2304.02643}" in bib.group(1)


def test_previous_and_next_in_reading_order(fixture_site: Path) -> None:
    # first readings: epsilon 2023-12-31, alpha 2024-01-10, beta 2024-03-05
    alpha = content(fixture_site, "papers/alpha")
    assert re.search(r'href="../epsilon/" rel="prev">.*Epsilon Report', alpha)
    assert re.search(r'href="../beta/" rel="next">.*Beta Sees Better', alpha)
    assert 'rel="next"' not in content(fixture_site, "papers/beta")
    assert "pn-prevnext" not in content(fixture_site, "papers/gamma")  # not read yet


def test_edit_link_opens_the_entry_lines(fixture_site: Path) -> None:
    span = load_library(FIXTURES / "papers.yaml").locations["alpha"].span
    html = read(fixture_site, "papers/alpha")
    match = re.search(r'<a href="([^"]+)" title="Edit this page"', html)
    assert match is not None
    assert match.group(1) == (
        f"{REPO_URL}/blob/main/data/papers.yaml#L{span.start}-L{span.end}"
    )
    lines = (FIXTURES / "papers.yaml").read_text(encoding="utf-8").splitlines()
    assert lines[span.start - 1].strip() == "- id: alpha"
    assert lines[span.end - 1].strip() == "related: [beta]"


def test_page_title_and_toc(fixture_site: Path) -> None:
    html = read(fixture_site, "papers/alpha")
    assert f"<title>Alpha Segments Everything - {SITE_NAME}</title>" in html
    toc = html[html.index('data-md-component="toc"') :]
    assert 'href="#note-1"' in toc and 'href="#cite"' in toc


def test_topic_page_lists_subtopic_papers_newest_first(fixture_site: Path) -> None:
    html = content(fixture_site, "topics/vision")
    titles = re.findall(r'class="pn-paper-link" href="[^"]+">([^<]+)</a>', html)
    assert titles == ["Alpha Segments Everything", "Beta Sees Better", "Epsilon Report"]
    row = re.search(r"<tr>\s*<td class=\"pn-date\">2023-04</td>.*?</tr>", html, re.S)
    assert row is not None
    assert '<span class="pn-short">Alpha</span>' in row.group(0)
    assert "Segments any object from a prompt." in row.group(0)
    assert 'pn-status--read">Read' in row.group(0)
    assert 'href="../segmentation/">Segmentation</a> <span class="pn-count">2</span>' in html


def test_topics_overview_is_nested_with_counts(fixture_site: Path) -> None:
    html = content(fixture_site, "topics")
    vision = html.index(">Vision</a>")
    segmentation = html.index(">Segmentation</a>")
    assert vision < segmentation
    nested = html[vision:segmentation]
    assert '<span class="pn-count">3</span>' in nested and "<ul" in nested
    assert '>Language</a> <span class="pn-count">1</span>' in html


def test_reading_log_groups_by_year_month_day_newest_first(fixture_site: Path) -> None:
    html = content(fixture_site, "log")
    years = re.findall(r'<h2 id="year-(\d+)">', html)
    months = re.findall(r'<h3 id="month-([\d-]+)">', html)
    days = re.findall(r'<h4 id="day-([\d-]+)">', html)
    assert years == ["2024", "2023"]
    assert months == ["2024-03", "2024-02", "2024-01", "2023-12"]
    assert days == ["2024-03-05", "2024-02-01", "2024-01-10", "2023-12-31"]
    busy = html[html.index('id="day-2024-03-05"') : html.index('id="day-2024-02-01"')]
    assert 'href="../journal/2024-03-05/">A busy day</a>' in busy
    assert 'href="../papers/alpha/">Alpha Segments Everything' in busy
    assert 'href="../papers/beta/">Beta Sees Better' in busy
    # alpha was read twice, and appears on both days
    assert html.count('class="pn-paper-link" href="../papers/alpha/"') == 2
    assert '<span class="pn-tag">re-read 1</span>' in busy


def test_to_read_queue_grouped_by_topic_with_todo(fixture_site: Path) -> None:
    html = content(fixture_site, "to-read")
    groups = re.findall(r'<h2 id="([^"]+)">', html)
    # gamma is to read, and the to-do list links it: it is listed there, once, not under its topic
    assert groups == ["no-topic", "pending"]
    assert 'href="../papers/gamma/">Gamma Talks</a>' in html
    assert 'href="../papers/delta/">Delta Without Topic</a>' in html
    assert "Alpha" not in html
    assert "Write the survey" in html
    assert re.search(r'<input type="checkbox" disabled checked aria-labelledby="(todo-[\d-]+)">.*?<span id="\1">.*?Gamma', html, re.S)


def test_collection_page_keeps_order_and_sections(fixture_site: Path) -> None:
    html = content(fixture_site, "collections/best")
    titles = re.findall(r'class="pn-paper-link" href="[^"]+">([^<]+)</a>', html)
    assert titles == ["Beta Sees Better", "Alpha Segments Everything", "Gamma Talks"]
    assert '<h2 id="section-2">Speed round</h2>' in html
    assert '<ol class="pn-collection-items" start="2">' in html
    assert "First, the backbone." in html
    index = content(fixture_site, "collections")
    assert 'href="best/">Best of the fixture</a>' in index


def test_home_counts_and_latest(fixture_site: Path) -> None:
    html = content(fixture_site, "")
    assert "<strong>5</strong> papers" in html
    assert "<strong>3</strong> read or skimmed" in html
    assert "<strong>2</strong> to read" in html
    latest = re.findall(r'<time datetime="([\d-]+)">', html[html.index('id="latest"') :])
    assert latest == sorted(latest, reverse=True) and latest[0] == "2024-03-05"


def test_home_and_stats_say_what_their_read_counts_count(tmp_path: Path) -> None:
    """Home counts papers by status (read or skimmed, with a date or not); Stats counts those with a reading date."""
    data = tmp_path / "papers.yaml"
    data.write_text(
        "papers:\n"
        "  - {id: a, title: A, read: 2024-01-02}\n"
        "  - {id: b, title: B, status: read}\n"
        "  - {id: c, title: C, status: skimmed}\n"
        "  - {id: d, title: D, status: to-read}\n",
        encoding="utf-8",
    )
    site = build_site(data, tmp_path / "site")
    assert "<strong>3</strong> read or skimmed" in content(site, "")
    assert "<strong>1</strong> paper with a reading date" in content(site, "stats")


def test_generated_pages_stay_out_of_the_nav(fixture_site: Path) -> None:
    home = read(fixture_site, "")
    start = home.index('<nav class="md-nav md-nav--primary')
    nav = home[start : home.index("</nav>", start)]
    assert "papers/alpha" not in nav
    assert "topics/vision" not in nav


def test_no_generated_markdown_is_committed() -> None:
    docs = ROOT / "docs"
    for folder in ("papers", "topics", "collections", "journal"):
        files = sorted(p.name for p in (docs / folder).glob("*.md")) if (docs / folder).exists() else []
        assert files in ([], ["index.md"]), f"docs/{folder} holds generated pages: {files}"


def _mkdocs(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", *args],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PATH": "/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1", "HOME": str(project)},
    )


def test_invalid_data_fails_the_build_with_the_full_report(project_copy: Path) -> None:
    site = project_copy / "site"
    site.mkdir()
    (site / "marker.html").write_text("previous build", encoding="utf-8")
    (project_copy / "data" / "papers.yaml").write_text(
        "papers:\n  - id: a\n    title: 42\n  - id: b\n    title: B\n    read: 2024-02-30\n", encoding="utf-8"
    )
    result = _mkdocs(project_copy, "build", "--strict")
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "data/papers.yaml:3: paper 'a': title: error: expected text, got the number 42" in output
    assert "data/papers.yaml:6: paper 'b': read: error: '2024-02-30' is not a real date" in output
    assert "2 errors in data/papers.yaml." in output
    assert "Traceback" not in output
    # nothing was built over the previous site
    assert sorted(p.name for p in site.iterdir()) == ["marker.html"]


@pytest.mark.parametrize("title", ["{{ cycler.__init__.__globals__.os.getcwd() }}", "<script>alert(1)</script>"])
def test_titles_are_shown_not_run(write_data, tmp_path: Path, title: str) -> None:  # type: ignore[no-untyped-def]
    data = write_data(f"papers:\n  - id: x\n    title: '{title}'\n    notes:\n      gap: '{title}'\n")
    site = build_site(tmp_path / data, tmp_path / "site")
    html = read(site, "papers/x")
    escaped = title.replace("<", "&lt;").replace(">", "&gt;")
    assert f"<title>{escaped} - {SITE_NAME}</title>" in html
    assert f'<h1 id="title">{escaped}</h1>' in html
    assert str(ROOT) not in html and str(tmp_path) not in html
    assert "<script>alert(1)</script>" not in html


def test_huge_fields_build_and_render_sanely(write_data, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    title = "Long " * 2000  # 10,000 characters
    paragraph = "A sentence of notes that goes on. " * 30
    notes = "\n\n".join([paragraph] * 1000)  # about 1 MB
    data = write_data(
        "papers:\n  - id: big\n    title: " + title.strip() + "\n    notes:\n      huge: |\n"
        + "".join(f"        {line}\n" if line else "\n" for line in notes.splitlines())
    )
    assert len(notes) > 1_000_000
    start = time.monotonic()
    site = build_site(tmp_path / data, tmp_path / "site")
    assert time.monotonic() - start < 120
    html = read(site, "papers/big")
    assert f'<h1 id="title">{title.strip()}</h1>' in html
    assert html.count("A sentence of notes that goes on.") == 30 * 1000


def test_windows_line_endings(write_data, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = "papers:\n  - id: a\n    title: Windows\n    notes:\n      gap: |\n        line one\n        line two\n"
    path = tmp_path / "crlf.yaml"
    path.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    library = load_library(path)
    assert library.papers[0].notes["gap"] == "line one\nline two\n"
    assert library.locations["a"].span.start == 2 and library.locations["a"].span.end == 7
    html = read(build_site(path, tmp_path / "site"), "papers/a")
    assert "\r" not in html[html.index('<div class="pn-page') :]
