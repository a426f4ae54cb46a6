"""The views in a real browser, on a site built from the views fixture library: the Papers table
sorts and filters, and Stats, Timeline and Authors read well in light, dark and on a phone.

Screenshots go to test-artifacts/ for people to look at.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import ARTIFACTS, FIXTURES, build_site, empty_library, keep_offline, open_tab, serve_folder

LIBRARY = FIXTURES / "views.yaml"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = build_site(LIBRARY, tmp_path_factory.mktemp("views-browser") / "site", site_url="https://example.org/notes/")
    with serve_folder(site) as url:
        yield url


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    tab = open_tab(browser)
    yield tab
    tab.context.close()


def titles(page: Any) -> list[str]:
    """The papers the table shows, top to bottom."""
    return page.eval_on_selector_all(
        "#all-papers tbody tr:not([hidden]) .pn-paper-link", "links => links.map(a => a.textContent)"
    )


def test_the_papers_table_sorts_by_any_column(page: Any, site_url: str) -> None:
    page.goto(f"{site_url}/papers/", wait_until="load")
    page.wait_for_selector("table[data-sorting]")
    first = titles(page)
    assert first == sorted(first, key=str.casefold) and len(first) == 8  # by title, as built
    page.click("#all-papers th:has-text('Published')")
    published = page.eval_on_selector_all(
        "#all-papers tbody tr td:nth-child(2)", "cells => cells.map(c => c.dataset.sort)"
    )
    assert published == sorted(published) or published == sorted(published, reverse=True)
    assert titles(page) != first  # the fixture's titles and dates are in different orders
    page.click("#all-papers th:has-text('Rating')")
    ratings = page.eval_on_selector_all("#all-papers tbody tr", "rows => rows.map(r => Number(r.dataset.rating))")
    assert ratings in (sorted(ratings), sorted(ratings, reverse=True)) and set(ratings) == {0, 3, 4, 5}
    page.click("#all-papers th:has-text('Rating')")  # again: the other way round
    again = page.eval_on_selector_all("#all-papers tbody tr", "rows => rows.map(r => Number(r.dataset.rating))")
    assert again == list(reversed(ratings))
    assert page.problems == []


def test_the_papers_table_filters_and_remembers_it_in_the_address(page: Any, site_url: str) -> None:
    page.goto(f"{site_url}/papers/", wait_until="load")
    form = page.locator("form.pn-filters")
    assert form.is_visible()  # shown once the script runs
    assert form.locator("output").text_content() == "8 of 8 papers"
    form.locator("select[name=topic]").select_option("detection")  # a subtopic of vision
    assert sorted(titles(page)) == sorted(["Mask R-CNN", "End-to-End Object Detection with Transformers",
                                           "Faster R-CNN: Towards Real-Time Object Detection with Region Proposal Networks"])  # fmt: skip
    form.locator("select[name=topic]").select_option("vision")  # a topic counts its subtopics' papers
    assert len(titles(page)) == 4
    form.locator("select[name=status]").select_option("to-read")
    assert titles(page) == ["End-to-End Object Detection with Transformers"]
    assert form.locator("output").text_content() == "1 of 8 papers"
    assert page.url.endswith("/papers/?status=to-read&topic=vision")
    page.reload(wait_until="load")  # the address brings the filters back
    page.wait_for_selector("form.pn-filters:not([hidden])")
    assert titles(page) == ["End-to-End Object Detection with Transformers"]
    assert page.locator("select[name=status]").input_value() == "to-read"
    page.goto(f"{site_url}/papers/?rating=4&year=nonsense", wait_until="load")  # an unknown value is ignored
    page.wait_for_selector("form.pn-filters:not([hidden])")
    assert sorted(titles(page)) == ["Deep Residual Learning for Image Recognition", "Mask R-CNN"]
    page.locator("select[name=rating]").select_option("")
    assert len(titles(page)) == 8 and page.url.endswith("/papers/")
    assert page.problems == []


def test_the_papers_table_reads_well_on_a_wide_screen(page: Any, site_url: str) -> None:
    """At 1280px: the table takes the page's width (no empty contents column beside it), its headings sit over
    their columns, five stars stay on one line and no word in it breaks."""
    page.goto(f"{site_url}/papers/", wait_until="load")
    page.wait_for_selector("table[data-sorting]")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "view-papers-wide.png"), full_page=True)
    assert not page.locator(".md-sidebar--secondary").is_visible()  # the page has no contents to show
    table = page.eval_on_selector("#all-papers", "t => t.getBoundingClientRect().width")
    content = page.eval_on_selector(".md-content", "c => c.getBoundingClientRect().width")
    assert table > 0.85 * content and content > 900
    headings = page.eval_on_selector_all("#all-papers thead th", "cells => cells.map(c => c.getBoundingClientRect().left)")
    cells = page.eval_on_selector_all(
        "#all-papers tbody tr:first-child td", "cells => cells.map(c => c.getBoundingClientRect().left)"
    )
    assert headings == cells  # one table: each heading starts where its column does
    stars = page.eval_on_selector_all(
        "#all-papers .pn-rating", "spans => spans.map(s => s.getClientRects().length === 1 && s.getBoundingClientRect().height)"
    )
    line = page.eval_on_selector("#all-papers td", "td => parseFloat(getComputedStyle(td).lineHeight)")
    assert stars and all(height and height < 1.5 * line for height in stars), stars
    broken = page.eval_on_selector_all(
        "#all-papers td:nth-child(3) a, #all-papers th",
        "links => links.filter(a => a.getClientRects().length > 1 && !/\\s/.test(a.textContent.trim())).map(a => a.textContent)",
    )
    assert broken == []  # a one-word topic such as Fine-tuning is never split
    assert page.problems == []


def test_an_empty_library_says_so_on_the_papers_page(browser: Any, tmp_path: Path) -> None:
    site = build_site(empty_library(tmp_path), tmp_path / "site")
    with serve_folder(site) as url:
        tab = open_tab(browser)
        tab.goto(f"{url}/papers/", wait_until="load")
        message = tab.locator(".pn-all-papers p.pn-none")
        assert message.is_visible() and "No papers yet" in message.text_content()
        assert not tab.locator("#all-papers").is_visible() and not tab.locator("form.pn-filters").is_visible()
        ARTIFACTS.mkdir(exist_ok=True)
        tab.screenshot(path=str(ARTIFACTS / "view-papers-empty.png"), full_page=True)
        problems = tab.problems
        tab.context.close()
    assert problems == []


def test_without_javascript_the_whole_table_is_there(browser: Any, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    keep_offline(context)
    tab = context.new_page()
    tab.goto(f"{site_url}/papers/", wait_until="load")
    assert not tab.locator("form.pn-filters").is_visible()
    assert tab.locator("#all-papers tbody tr").count() == 8
    context.close()


VIEWS = ["stats/", "timeline/", "authors/", "authors/kaiming-he/", "venues/", "topics/vision/"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", VIEWS)
def test_views_draw_in_both_schemes(browser: Any, site_url: str, path: str, scheme: str) -> None:
    tab = open_tab(browser, scheme=scheme)
    tab.goto(f"{site_url}/{path}", wait_until="load")
    tab.wait_for_selector(".md-content .pn-page")
    expected = "slate" if scheme == "dark" else "default"
    assert tab.evaluate("document.body.getAttribute('data-md-color-scheme')") == expected
    if path == "stats/":
        # every chart is drawn at a readable size, and its bars are coloured, not the default black
        sizes = tab.eval_on_selector_all(".pn-chart svg", "svgs => svgs.map(s => s.getBoundingClientRect().width)")
        assert sizes and min(sizes) > 300
        fill = tab.eval_on_selector(".pn-bar", "bar => getComputedStyle(bar).fill")
        assert fill not in ("rgb(0, 0, 0)", "none")
        background = tab.evaluate("getComputedStyle(document.body).backgroundColor")
        day = tab.eval_on_selector(".pn-day.pn-heat-1", "cell => getComputedStyle(cell).fill")
        assert day != background
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / f"view-{path.strip('/').replace('/', '-')}-{scheme}.png"), full_page=True)
    problems = tab.problems
    tab.context.close()
    assert problems == []


@pytest.mark.parametrize("path", ["papers/", *VIEWS])
def test_views_fit_a_phone(browser: Any, site_url: str, path: str) -> None:
    tab = open_tab(browser, width=390)
    tab.goto(f"{site_url}/{path}", wait_until="load")
    tab.wait_for_selector(".md-content .pn-page")
    width, scroll = tab.evaluate("[window.innerWidth, document.documentElement.scrollWidth]")
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / f"view-{path.strip('/').replace('/', '-')}-phone.png"), full_page=True)
    tab.context.close()
    assert scroll <= width, f"{path}: content is {scroll}px wide on a {width}px screen"


def test_chart_labels_stay_legible_on_a_phone(browser: Any, site_url: str) -> None:
    """SVG text scales with its chart: on a 390px screen no axis, topic or value label is drawn under 11px."""
    tab = open_tab(browser, width=390)
    tab.goto(f"{site_url}/stats/", wait_until="load")
    tab.wait_for_selector(".pn-chart svg text")
    heights = tab.eval_on_selector_all(
        ".pn-chart svg text", "texts => texts.map(t => [t.textContent, t.getBoundingClientRect().height])"
    )
    kinds = tab.eval_on_selector_all(".pn-chart svg", "svgs => svgs.map(s => s.getAttribute('class'))")
    width, scroll = tab.evaluate("[window.innerWidth, document.documentElement.scrollWidth]")
    tab.locator(".pn-chart svg.pn-rows").scroll_into_view_if_needed()
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / "view-stats-phone-charts.png"))
    tab.context.close()
    assert {"pn-columns", "pn-rows", "pn-heatmap"} <= set(kinds)
    small = [(text, round(height, 1)) for text, height in heights if height < 11]
    assert heights and not small, small
    assert scroll <= width  # the charts scroll inside their figures, not the page


def test_the_chart_tooltips_name_the_papers(page: Any, site_url: str) -> None:
    page.goto(f"{site_url}/stats/", wait_until="load")
    cell = page.locator('.pn-day[data-date="2024-01-01"]')
    assert cell.locator("title").text_content() == "2024-01-01: 1 paper: ResNet"
    page.locator("details.pn-numbers summary").first.click()  # the numbers behind a chart open
    assert page.locator("details.pn-numbers").first.locator("table").is_visible()
    assert page.problems == []
