"""A site everyone can read (WCAG 2.1 AA): axe-core on every page type in light and dark, and what axe cannot see.

axe-core (4.12, the copy pinned in requirements-test.txt through axe-playwright-python; only its
axe.min.js is used) runs in Debian's Chromium on a site built from tests/fixtures/a11y.yaml: a
library with notes in Chinese on papers with English titles, a Chinese title, ratings, wide
display math, a to-do list and a journal entry in Chinese; and the pages of a reading group's library
(tests/fixtures/group/: readers' notes, sessions, votes). Any serious or critical violation of
a WCAG 2.0/2.1 A or AA rule fails. Checks of our own cover what axe does not look at: the
language each part of a page is marked in, where "Skip to content" lands, how a rating is
announced, and that the contents are reachable on a phone.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import ARTIFACTS, FIXTURES, GROUP, build_site, open_tab, serve_folder

pytestmark = pytest.mark.browser

LIBRARY = FIXTURES / "a11y.yaml"
PAGES = {
    "home": "",
    "paper": "papers/resnet/",
    "paper-zh": "papers/ddpm/",
    "paper-zh-title": "papers/wenxin/",
    "stats": "stats/",
    "papers": "papers/",
    "topics": "topics/",
    "topic": "topics/vision/",
    "topic-zh": "topics/generative/",
    "log": "log/",
    "to-read": "to-read/",
    "authors": "authors/",
    "author": "authors/kaiming-he/",
    "timeline": "timeline/",
    "venues": "venues/",
    "collections": "collections/",
    "collection": "collections/foundations/",
    "journal": "journal/2024-01-04/",
}
# a reading group's pages, from tests/fixtures/group/ (three readers, one named in Chinese; sessions; votes)
GROUP_PAGES = {
    "group-paper": "papers/alpha/",
    "readers": "readers/",
    "reader": "readers/ada/",
    "reader-zh": "readers/chen/",
    "sessions": "sessions/",
    "session": "sessions/2024-03-05/",
    "group-to-read": "to-read/",
    "group-stats": "stats/",
}
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DARK_RULES = ["color-contrast", "link-in-text-block"]  # the rules whose outcome depends on the colours

# Text in the Han script must sit in an element marked lang="zh..."; text of two or more Latin words
# with no Han must not. Code, hidden parts and the search box (filled in later) are left out.
LANGUAGE_SLIPS = """() => {
  const han = /[\\u3400-\\u9fff]/g, latin = /[A-Za-z]{2,}/g, slips = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const element = node.parentElement;
    if (!element || element.closest("script, style, code, pre, [aria-hidden=true], .md-search, .md-tooltip")) continue;
    const text = node.textContent, h = (text.match(han) || []).length, w = (text.match(latin) || []).length;
    const lang = (element.closest("[lang]") || document.documentElement).getAttribute("lang");
    if (h && h >= w && !lang.startsWith("zh")) slips.push(`Chinese in lang=${lang}: ${text.trim().slice(0, 40)}`);
    if (!h && w >= 2 && lang.startsWith("zh")) slips.push(`English in lang=${lang}: ${text.trim().slice(0, 40)}`);
  }
  return slips;
}"""


@pytest.fixture(scope="module")
def axe_source() -> str:
    import axe_playwright_python  # pinned in requirements-test.txt: a missing copy fails, it does not skip

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = build_site(LIBRARY, tmp_path_factory.mktemp("a11y") / "site")
    with serve_folder(site) as url:
        yield url


@pytest.fixture(scope="module")
def group_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = build_site(GROUP / "papers.yaml", tmp_path_factory.mktemp("a11y-group") / "site")
    with serve_folder(site) as url:
        yield url


def open_page(browser: Any, url: str, width: int = 1280, scheme: str = "light") -> Any:
    tab = open_tab(browser, width=width, scheme=scheme)
    tab.goto(url, wait_until="load")
    tab.wait_for_function("typeof document$ !== 'undefined'")  # Material's scripts have run
    return tab


def violations(tab: Any, rules: list[str] | None = None) -> list[str]:
    """axe's serious and critical violations of WCAG 2.1 A/AA on the page (or of ``rules`` alone), a line per element."""
    only = {"type": "rule", "values": rules} if rules else {"type": "tag", "values": WCAG_AA}
    result = tab.evaluate("only => axe.run(document, {runOnly: only})", only)
    return [
        f"{rule['id']} ({rule['impact']}): {node['target']} {node.get('failureSummary', '').splitlines()[-1:]}"
        for rule in result["violations"] if rule["impact"] in ("serious", "critical")
        for node in rule["nodes"]
    ]  # fmt: skip


@pytest.mark.parametrize("name", list(PAGES) + list(GROUP_PAGES))
def test_no_serious_or_critical_wcag_violation_light_or_dark_and_each_part_in_its_language(
    browser: Any, request: pytest.FixtureRequest, axe_source: str, name: str
) -> None:
    url = request.getfixturevalue("group_url") + "/" + GROUP_PAGES[name] if name in GROUP_PAGES else (
        request.getfixturevalue("site_url") + "/" + PAGES[name])  # fmt: skip
    tab = open_page(browser, url, scheme="light")
    try:
        scheme = "document.querySelector('[data-md-color-scheme]').dataset.mdColorScheme"
        assert tab.evaluate(scheme) == "default"
        tab.add_script_tag(content=axe_source)
        found = violations(tab)
        # dark: the page as Material's palette toggle turns it (what differs is colour, so the colour rules again)
        tab.add_style_tag(content="*, *::before, *::after { transition: none !important; }")  # measured at rest
        tab.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
        found += [f"dark: {line}" for line in violations(tab, DARK_RULES)]
        if name in ("paper", "paper-zh", "group-paper"):
            tab.screenshot(path=str(ARTIFACTS / f"a11y-{name}-dark.png"))
        assert found == [], "\n".join(found)
        # and what axe does not check: a Chinese note, summary, title or topic is in lang="zh", and the
        # labels and English titles around it are not
        assert tab.evaluate("document.documentElement.lang") == "en"
        assert tab.evaluate(LANGUAGE_SLIPS) == []
        assert tab.problems == []
    finally:
        tab.context.close()


def test_dark_is_what_a_reader_who_prefers_it_gets(browser: Any, site_url: str, axe_source: str) -> None:
    """The palette follows the system's preference: a dark-mode reader gets the slate scheme the test above checks."""
    tab = open_page(browser, f"{site_url}/papers/resnet/", scheme="dark")
    try:
        assert tab.evaluate("document.querySelector('[data-md-color-scheme]').dataset.mdColorScheme") == "slate"
        tab.add_script_tag(content=axe_source)
        assert violations(tab) == []
    finally:
        tab.context.close()


@pytest.mark.parametrize("name", ["paper", "papers", "topics", "collections", "to-read", "journal"])
def test_skip_to_content_lands_on_the_page_title(browser: Any, site_url: str, name: str) -> None:
    """The first Tab reaches "Skip to content"; Enter moves to the page's h1, before its facts, buttons and table."""
    tab = open_page(browser, f"{site_url}/{PAGES[name]}")
    try:
        tab.keyboard.press("Tab")
        assert tab.evaluate("document.activeElement.classList.contains('md-skip')")
        target = "hash => document.getElementById(decodeURIComponent(hash.slice(1))).tagName"
        assert tab.evaluate(f"({target})(new URL(document.activeElement.href).hash)") == "H1"
        tab.keyboard.press("Enter")
        assert tab.evaluate(f"({target})(location.hash)") == "H1"
    finally:
        tab.context.close()


def test_a_rating_is_announced_as_a_rating(browser: Any, site_url: str) -> None:
    tab = open_page(browser, f"{site_url}/papers/ddpm/")
    try:
        rating = tab.locator("dl.pn-facts .pn-rating")
        assert rating.is_visible() and "★★★★☆" in rating.inner_text()  # seen as stars
        spoken = rating.aria_snapshot()
        assert "4 out of 5" in spoken and "★" not in spoken and "☆" not in spoken  # heard as a rating
    finally:
        tab.context.close()
    tab = open_page(browser, f"{site_url}/papers/")
    try:
        rows = tab.locator("#all-papers .pn-rating")
        assert rows.count() == 4 and all("★" not in rows.nth(i).aria_snapshot() for i in range(4))
        options = tab.locator("select[name=rating] option").evaluate_all("os => os.map(o => o.getAttribute('aria-label'))")
        assert options[1:] == ["5 stars", "4 stars or more", "3 stars or more", "2 stars or more", "1 star or more"]
    finally:
        tab.context.close()


def test_the_contents_are_reachable_on_a_phone(browser: Any, site_url: str) -> None:
    """At 375 px Material hides its contents sidebar, and a paper kept out of the nav has no drawer entry for them."""
    tab = open_page(browser, f"{site_url}/papers/resnet/", width=375)
    try:
        assert not tab.locator(".md-sidebar--secondary").is_visible()
        summary = tab.locator(".pn-contents summary")
        summary.focus()  # reachable by keyboard
        tab.keyboard.press("Enter")
        links = tab.locator(".pn-contents a")
        assert links.first.is_visible()
        assert [href.rpartition("#")[2] for href in links.evaluate_all("as => as.map(a => a.href)")][:2] == ["note-1", "note-2"]
        links.nth(1).click()
        assert tab.evaluate("location.hash") == "#note-2"
        # the sidebar's "Table of contents" label names a control that exists (the Nu checker's complaint)
        assert tab.evaluate("document.getElementById('__toc') !== null")
        tab.screenshot(path=str(ARTIFACTS / "a11y-paper-phone.png"))
    finally:
        tab.context.close()
    tab = open_page(browser, f"{site_url}/papers/resnet/", width=1280)
    try:
        assert not tab.locator(".pn-contents").is_visible()  # the sidebar shows them
        assert tab.locator(".md-sidebar--secondary .md-nav__link").first.is_visible()
    finally:
        tab.context.close()
