"""The views computed from the notes: stats, timeline, authors, venues, comparison tables, suggestions,
mentions, the feed and the citation tags, each checked on a real build of a fixture library
against numbers computed here directly from the data."""
from __future__ import annotations

import collections
import datetime as dt
import re
import statistics
import xml.etree.ElementTree as etree
from pathlib import Path

import feedparser
import pytest

from conftest import FIXTURES, build_site
from paper_notes.indexes import Indexes
from paper_notes.library import load_library
from paper_notes.stats import compute, human_days, streaks

LIBRARY = FIXTURES / "views.yaml"
SITE_URL = "https://example.org/notes/"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(LIBRARY, tmp_path_factory.mktemp("views") / "site", site_url=SITE_URL)


@pytest.fixture(scope="module")
def library():  # type: ignore[no-untyped-def]
    return load_library(LIBRARY, today=dt.date(2026, 1, 1))


def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def svgs(html: str) -> list[etree.Element]:
    """Every inline SVG of the page, parsed as XML: it must be well formed."""
    drawn = [etree.fromstring(block) for block in re.findall(r"<svg\b.*?</svg>", html, re.S)]
    for svg in drawn:  # inline SVG in HTML may or may not name its namespace: compare bare tags
        for element in svg.iter():
            element.tag = element.tag.rpartition("}")[2]
    return drawn


SVG = ""


# --- stats -----------------------------------------------------------------------------------


def test_stats_numbers_are_the_data_s(library) -> None:  # type: ignore[no-untyped-def]
    days = [d for p in library.papers for d in p.read]
    stats = compute(Indexes(library), today=dt.date(2024, 3, 2))
    assert stats.readings == len(days) == 6
    assert stats.days_read == len(set(days)) == 6
    assert stats.papers_read == sum(1 for p in library.papers if p.read) == 5
    months = collections.Counter(f"{d.year}-{d.month:02d}" for d in days)
    assert [(b.label, b.count) for b in stats.per_month] == [
        ("2023-12", months["2023-12"]), ("2024-01", months["2024-01"]), ("2024-02", 0), ("2024-03", months["2024-03"]),
    ]  # fmt: skip
    years = collections.Counter(p.published.year for p in library.papers if p.read and p.published)
    assert {b.label: b.count for b in stats.publication_years} == {str(y): years.get(y, 0) for y in range(2015, 2020)}
    lags = [(min(p.read) - p.published.first_day).days for p in library.papers if p.read and p.published]
    assert stats.lag is not None and stats.lag.median_days == int(statistics.median(lags))
    assert {b.key: b.count for b in stats.per_topic} == {"vision": 3, "detection": 2, "language": 2}
    assert (stats.longest.days, stats.longest.start, stats.longest.end) == (4, dt.date(2023, 12, 31), dt.date(2024, 1, 3))
    assert stats.current.days == 1  # read on 1 March, and it is the 2nd
    assert compute(Indexes(library), today=dt.date(2024, 3, 5)).current.days == 0


def test_streaks_and_spans() -> None:
    day = dt.date(2024, 1, 1)
    longest, current = streaks([day, day + dt.timedelta(1), day + dt.timedelta(5)], today=day + dt.timedelta(5))
    assert (longest.days, current.days) == (2, 1)
    assert streaks([], today=day) == (streaks([], today=day)[0], streaks([], today=day)[1])
    assert human_days(12) == "12 days" and human_days(400) == "about 1 year 1 month"


def test_stats_page_draws_the_numbers(site: Path, library) -> None:  # type: ignore[no-untyped-def]
    html = page(site, "stats")
    drawn = [s for s in svgs(html) if s.get("class", "").startswith("pn-")]  # not the theme's icons
    calendars = [s for s in drawn if "pn-heatmap" in s.get("class", "")]
    assert [c.find(f"{SVG}title").text for c in calendars] == ["Reading days in 2024", "Reading days in 2023"]
    cells = calendars[0].findall(f"{SVG}rect")
    assert len(cells) == 366  # one per day of 2024
    counted = {c.get("data-date"): int(c.get("data-count")) for c in cells if c.get("data-count") != "0"}
    assert counted == {"2024-01-01": 1, "2024-01-02": 1, "2024-01-03": 1, "2024-01-05": 1, "2024-03-01": 1}
    tooltip = next(c.find(f"{SVG}title").text for c in cells if c.get("data-date") == "2024-01-01")
    assert tooltip == "2024-01-01: 1 paper: ResNet"
    bars = {s.get("id") or s.find(f"{SVG}title").text: s for s in drawn}
    months = [s for s in drawn if s.find(f"{SVG}title").text == "Papers read per month"][0]
    assert [(r.get("data-label"), r.get("data-count")) for r in months.findall(f"{SVG}rect")] == [
        ("2023-12", "1"), ("2024-01", "4"), ("2024-02", "0"), ("2024-03", "1"),
    ]  # fmt: skip
    for svg in drawn:
        assert svg.get("role") == "img" and svg.find(f"{SVG}title") is not None and svg.find(f"{SVG}desc") is not None
    assert html.count('<details class="pn-numbers">') == len(drawn)  # every chart's numbers as a table
    assert "<strong>4</strong> days, the longest streak" in html
    assert len(bars) == len(drawn)


# --- other views -----------------------------------------------------------------------------


def test_authors_are_merged_and_linked(site: Path) -> None:
    index = page(site, "authors")
    assert index.count('href="kaiming-he/"') == 1 and "K. He" not in index.split('class="pn-page')[1]
    he = page(site, "authors/kaiming-he")
    titles = re.findall(r'class="pn-paper-link" href="[^"]+">([^<]+)</a>', he)
    assert titles == ["Mask R-CNN", "Deep Residual Learning for Image Recognition",
                      "Faster R-CNN: Towards Real-Time Object Detection with Region Proposal Networks"]  # fmt: skip
    assert "written as K. He, Kaiming He" in he and 'href="https://example.org/kaiming">home page' in he
    coauthors = re.findall(r'<li><a href="\.\./([^/#]+)/">([^<]+)</a> <span class="pn-count"[^>]*>(\d+)</span>', he)
    assert coauthors[:3] == [("ross-girshick", "Ross Girshick", "2"), ("shaoqing-ren", "Shaoqing Ren", "2"), ("jian-sun", "Jian Sun", "2")]  # most shared first, then by family name
    assert "Jiří Navrátil" in page(site, "authors/jiri-navratil") and not (site / "authors" / "jiri-navratil-2").exists()
    paper = page(site, "papers/mask-rcnn")
    assert '<a href="../../authors/kaiming-he/">K. He</a>' in paper  # as the paper writes it, to the person's page
    # one paper here and no `authors:` entry: no page, a line of the index that names the paper
    assert '<a href="../../authors/#author-georgia-gkioxari">Georgia Gkioxari</a>' in paper
    assert not (site / "authors" / "georgia-gkioxari").exists()
    line = re.search(r'<li id="author-georgia-gkioxari">(.*?)</li>', index)
    assert line and re.search(r'href="\.\./papers/mask-rcnn/"[^>]*>Mask R-CNN</a>', line.group(1))
    assert '<a href="../#author-georgia-gkioxari">Georgia Gkioxari</a>' in he  # among the co-authors too


def test_venues_group_years(site: Path) -> None:
    html = page(site, "venues")
    assert re.search(r'<h2 id="venue-iclr-\d+">ICLR <span class="pn-count">2</span></h2>', html)
    iclr = html[html.index(">ICLR <") : html.index(">ICLR <") + 1200]
    assert iclr.index("2022") < iclr.index("2021")


def test_timeline_by_publication_month_with_topic_colours(site: Path) -> None:
    html = page(site, "timeline")
    years = re.findall(r'<h2 id="year-(\d+)">', html)
    assert years == ["2021", "2020", "2019", "2018", "2017", "2015"]
    assert re.search(r'<span class="pn-badge pn-colour-0">2015-12</span> <a class="pn-paper-link" href="../papers/resnet/">', html)
    assert re.search(r'<span class="pn-badge pn-colour-1">2018-10</span> <a class="pn-paper-link" href="../papers/bert/">', html)


def test_topic_comparison_table(site: Path) -> None:
    html = page(site, "topics/vision")
    table = html[html.index('<table class="pn-compare"') : html.index("</table>", html.index('<table class="pn-compare"'))]
    assert re.findall(r"<th>([^<]+)</th>", table) == ["Paper", "Method", "Results"]
    rows = table.split("<tr>")[2:]
    assert len(rows) == 4  # every paper under the topic and its subtopic
    resnet = next(r for r in rows if 'pn-paper-link" href="../../papers/resnet/"' in r)
    assert "Each block learns a residual" in resnet and "Won the detection" in resnet
    detr = next(r for r in rows if "papers/detr/" in r)
    assert detr.count('class="pn-missing"') == 2
    assert "pn-compare" not in page(site, "topics/language")  # only where a topic asks for it


def test_suggestions_and_mentions(site: Path) -> None:
    html = page(site, "papers/faster-rcnn")
    suggested = html[html.index('id="suggested"') : html.index('id="cite"')]
    items = re.findall(r'href="\.\./([^/]+)/">.*?\((shares [^)]*)\)', suggested, re.S)
    assert items[0][0] == "mask-rcnn" and items[0][1].startswith("shares 1 topic, 2 authors") and len(items) <= 5
    assert all(paper != "faster-rcnn" for paper, _ in items)
    gpt2 = page(site, "papers/gpt-2")
    assert "papers/bert/" not in gpt2[gpt2.index('id="suggested"') :] if 'id="suggested"' in gpt2 else True  # related already
    resnet = page(site, "papers/resnet")
    mentioned = resnet[resnet.index('id="mentioned-in"') : resnet.index("</ul>", resnet.index('id="mentioned-in"'))]
    assert 'href="../mask-rcnn/"' in mentioned and "its notes link here" in mentioned
    assert 'id="related"' not in resnet  # a mention is not a relation


def test_the_to_read_page_lists_each_paper_once(site: Path) -> None:
    html = page(site, "to-read")
    body = html[html.index('class="pn-page') :]
    assert body.count('href="../papers/detr/"') == 1
    assert "End-to-End Object Detection with Transformers (End-to-End" not in body
    assert "status: to-read" not in html


def test_empty_topics_say_so(site: Path) -> None:
    assert "Empty topic</a> <span class=\"pn-empty\">no papers yet</span>" in page(site, "topics")
    assert "No papers yet" in page(site, "topics/empty")


def test_related_backlinks_say_what_they_mean(site: Path) -> None:
    assert "(it lists this paper as related)" in page(site, "papers/bert") and "links here" not in page(site, "papers/bert")


def test_generated_pages_hide_the_empty_sidebar(site: Path) -> None:
    for path in ("papers/resnet", "topics/vision", "authors/kaiming-he"):
        sidebar = re.search(r'<div class="md-sidebar md-sidebar--primary"[^>]*>', page(site, path))
        assert sidebar is not None and "hidden" in sidebar.group(0), path
    listed = re.search(r'<div class="md-sidebar md-sidebar--primary"[^>]*>', page(site, "papers"))
    assert listed is not None and "hidden" not in listed.group(0)  # a page of the nav keeps its section's sidebar


# --- machine-readable output ----------------------------------------------------------------


def test_the_feed_parses_and_its_links_resolve(site: Path, library) -> None:  # type: ignore[no-untyped-def]
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    readings = sum(len(p.read) for p in library.papers)
    assert len(feed.entries) == readings + len(library.journal)
    assert feed.entries[0].title == "Read: Deep Residual Learning for Image Recognition (again, reading 2)"
    for entry in feed.entries:
        assert entry.link.startswith(SITE_URL)
        target = site / entry.link.removeprefix(SITE_URL).split("#")[0] / "index.html"
        assert target.is_file(), entry.link
    assert len({e.id for e in feed.entries}) == len(feed.entries)
    for path in ("", "papers/resnet", "stats"):
        assert re.search(r'<link rel="alternate" type="application/atom\+xml" title="[^"]*" href="[./]*feed.xml">', page(site, path))


def test_citation_tags_match_the_data(site: Path, library) -> None:  # type: ignore[no-untyped-def]
    for paper in library.papers:
        html = page(site, f"papers/{paper.id}")
        tags = re.findall(r'<meta (?:name|property)="((?:citation|og)_?[^"]*)" content="([^"]*)">', html)
        values = collections.defaultdict(list)
        for name, value in tags:
            values[name].append(value.replace("&#34;", '"').replace("&#39;", "'").replace("&amp;", "&"))
        assert values["citation_title"] == [paper.title]
        assert values["citation_author"] == paper.authors
        if paper.published:
            assert values["citation_publication_date"] == [str(paper.published).replace("-", "/")]
        if paper.arxiv:
            assert values["citation_pdf_url"] == [f"https://arxiv.org/pdf/{paper.arxiv}"]
        if paper.doi:
            assert values["citation_doi"] == [paper.doi]
        assert values["og:url"] == [f"{SITE_URL}papers/{paper.id}/"]
    resnet = page(site, "papers/resnet")
    assert '<meta name="citation_conference_title" content="CVPR 2016">' in resnet
    assert '<meta name="description" content="Identity shortcuts let very deep networks train.">' in resnet


def test_downloads_are_linked_from_home_and_stats(site: Path) -> None:
    for path in ("", "stats"):
        html = page(site, path)
        assert "downloads/papers.bib" in html and "downloads/papers.json" in html
