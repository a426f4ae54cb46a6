"""A reading group's paper page in a real browser: three readers' notes, the spread of their ratings and the
sessions, in light, in dark and on a 390 px phone; and search, which finds a reader's notes and, by their name,
their page.

Screenshots go to test-artifacts/ (group-paper-light.png, -dark.png, -phone.png) for people to look at.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from conftest import ARTIFACTS, GROUP, build_site, first_results, open_tab, serve_folder, whole_index

pytestmark = pytest.mark.browser

# the phone's width the issue asks for; what overflows the page itself, not a table that scrolls in its frame
PHONE = 390
OVERFLOW = """() => [...document.querySelectorAll('.md-content *')].filter(e => {
  if (e.getBoundingClientRect().right <= innerWidth + 1) return false;
  for (let p = e.parentElement; p; p = p.parentElement) if (getComputedStyle(p).overflowX !== 'visible') return false;
  return true;
}).map(e => e.tagName + '.' + e.className)"""


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = build_site(GROUP / "papers.yaml", tmp_path_factory.mktemp("group-browser") / "site")
    with serve_folder(site) as url:
        yield url


def open_paper(browser: Any, url: str, width: int = 1280, scheme: str = "light") -> Any:
    tab = open_tab(browser, width=width, scheme=scheme)
    tab.goto(f"{url}/papers/alpha/", wait_until="load")
    tab.wait_for_function("typeof document$ !== 'undefined'")
    return tab


@pytest.mark.parametrize(("name", "width", "scheme"), [("light", 1280, "light"), ("dark", 1280, "dark"), ("phone", PHONE, "light")])
def test_a_paper_with_three_readers_reads_well(browser: Any, site_url: str, name: str, width: int, scheme: str) -> None:
    tab = open_paper(browser, site_url, width, scheme)
    try:
        ARTIFACTS.mkdir(exist_ok=True)
        tab.screenshot(path=str(ARTIFACTS / f"group-paper-{name}.png"), full_page=True)
        expected = "slate" if scheme == "dark" else "default"
        assert tab.evaluate("document.querySelector('[data-md-color-scheme]').dataset.mdColorScheme") == expected
        takes = tab.locator("section.pn-take")
        assert takes.count() == 3 and all(takes.nth(i).is_visible() for i in range(3))
        assert [takes.nth(i).locator("h2").inner_text().strip() for i in range(3)] == ["Ada Lovelace", "Ben Okafor", "陈静"]
        # the readers' section is set apart by its stylesheet, the disagreement marked in words on a visible badge
        assert tab.evaluate("getComputedStyle(document.querySelector('section.pn-take')).borderLeftStyle") == "solid"
        badge = tab.locator(".pn-ratings .pn-disagree")
        assert badge.is_visible() and badge.inner_text() == "readers disagree"
        assert tab.evaluate("getComputedStyle(document.querySelector('.pn-ratings .pn-disagree')).borderTopStyle") == "solid"
        assert tab.locator("#sessions + ul a", has_text="Slides").is_visible()
        assert tab.evaluate(OVERFLOW) == []  # nothing wider than the screen but what scrolls in its own frame
        if width == PHONE:  # the readers' table fits the screen, all four columns; the contents are a tap away
            assert tab.locator(".pn-contents summary").is_visible()
            assert tab.evaluate("document.querySelector('.pn-takes table').getBoundingClientRect().right") <= PHONE
            assert tab.locator(".pn-takes .pn-rating").first.is_visible()
        assert tab.problems == []
    finally:
        tab.context.close()


def test_search_finds_a_readers_notes_and_their_page_by_name(browser: Any, site_url: str) -> None:
    tab = open_tab(browser)
    try:
        tab.goto(f"{site_url}/", wait_until="load")
        whole_index(tab)
        assert first_results(tab, site_url, "Ada Lovelace", 1)[0][0] == "readers/ada/"
        assert first_results(tab, site_url, "Okafor", 1)[0][0] == "readers/ben/"
        found = [path for path, _ in first_results(tab, site_url, "data engine")]
        assert any(path.startswith("papers/alpha/") for path in found), found  # Ben's notes on alpha
        assert tab.problems == []
    finally:
        tab.context.close()
