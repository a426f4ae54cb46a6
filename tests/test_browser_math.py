"""KaTeX in a real browser: loaded only by the pages that have math, from a site served under a subpath.

assets/javascripts/katex.js runs on every page; it adds KaTeX's stylesheet and scripts to a page
with math (an element of class "arithmatex"), then typesets it and makes each display (which
scrolls sideways) reachable with Tab. Material's instant navigation (on in the fixture site)
keeps the scripts loaded from page to page and drops from the head what the next page's lacks.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from conftest import build_site, open_tab, serve_folder

pytestmark = pytest.mark.browser

LIBRARY = """\
topics:
  - {id: misc, name: Misc}
papers:
  - id: plain
    title: A Paper Without Math
    published: 2023
    topics: [misc]
    read: 2024-01-01
    summary: No formulas here.
    notes:
      method: Read [the paper with math](paper:mathy) next.
  - id: mathy
    title: A Paper With Math
    published: 2022
    topics: [misc]
    read: 2024-01-02
    summary: Sums and squares.
    notes:
      method: |
        Inline $x^2 + y^2$, and displayed:

        $$ \\sum_{i=1}^{n} i = \\frac{n(n+1)}{2} $$

        $$ a_1 + a_2 + a_3 + a_4 + a_5 + a_6 + a_7 + a_8 + a_9 + a_{10} + a_{11} + a_{12} + a_{13} + a_{14} + a_{15} + a_{16} + a_{17} + a_{18} + a_{19} + a_{20} + a_{21} + a_{22} + a_{23} + a_{24} $$
"""
KATEX_FILES = "/assets/vendor/katex-"  # in the URL of every file of KaTeX's, and of nothing else


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("math-browser")
    data = folder / "papers.yaml"
    data.write_text(LIBRARY, encoding="utf-8")
    (folder / "www").mkdir()
    with serve_folder(folder / "www") as url:
        # under a subpath, as on a project's GitHub Pages; Material navigates instantly to the pages of its sitemap,
        # whose URLs keep the port of site_url: the server's
        build_site(data, folder / "www" / "notes", site_url=f"{url}/notes/")
        yield f"{url}/notes"


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    tab = open_tab(browser)
    tab.requested = []  # every URL the tab asked for
    tab.failed = []  # every answer of 400 or more
    tab.on("request", lambda request: tab.requested.append(request.url))
    tab.on("response", lambda response: tab.failed.append(f"{response.status} {response.url}") if response.status >= 400 else None)
    yield tab
    tab.context.close()


def katex_requests(page: Any) -> list[str]:
    return [url for url in page.requested if KATEX_FILES in url]


def displays(page: Any) -> list[str | None]:
    """The tabindex of each display of math on the page."""
    return page.eval_on_selector_all("div.arithmatex", "divs => divs.map(d => d.getAttribute('tabindex'))")


def typeset(page: Any) -> None:
    """Wait until KaTeX has typeset the page's math, with its stylesheet applied and its fonts loaded."""
    page.wait_for_selector(".pn-note .katex-display")
    page.wait_for_function("getComputedStyle(document.querySelector('.pn-note .katex')).fontFamily.includes('KaTeX_Main')")
    page.evaluate("document.fonts.ready.then(() => true)")


def test_a_page_with_math_loads_katex_and_typesets_it(page: Any, site_url: str) -> None:
    page.goto(f"{site_url}/papers/mathy/", wait_until="load")
    typeset(page)
    assert page.locator(".pn-note .katex").count() == 3
    assert "\\frac" not in page.inner_text(".pn-note")  # no TeX left for the reader
    assert displays(page) == ["0", "0"]
    wide = page.locator("div.arithmatex").nth(1)
    assert wide.evaluate("d => d.scrollWidth > d.clientWidth")  # it scrolls: the reason it takes focus
    page.keyboard.press("Tab")
    for _ in range(60):  # Tab reaches the displays
        if page.evaluate("document.activeElement.matches('div.arithmatex')"):
            break
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.matches('div.arithmatex')")
    loaded = sorted(url.removeprefix(site_url) for url in katex_requests(page) if "/fonts/" not in url)
    assert loaded == ["/assets/vendor/katex-0.19.1/contrib/auto-render.min.js",
                      "/assets/vendor/katex-0.19.1/katex.min.css", "/assets/vendor/katex-0.19.1/katex.min.js"]  # fmt: skip
    assert any(url.endswith(".woff2") for url in katex_requests(page))  # the fonts, from the trimmed stylesheet
    assert page.failed == [] and page.problems == []


def test_a_page_without_math_requests_no_katex_file(page: Any, site_url: str) -> None:
    page.goto(f"{site_url}/papers/plain/", wait_until="networkidle")
    page.wait_for_timeout(300)
    assert page.locator(".arithmatex").count() == 0
    assert any(url.endswith("/assets/javascripts/katex.js") for url in page.requested)  # the small loader ran
    assert katex_requests(page) == []
    assert page.evaluate("typeof window.katex") == "undefined"
    assert page.locator("link[href*='katex']").count() == 0
    assert page.failed == [] and page.problems == []


def test_instant_navigation_to_a_page_with_math_typesets_it(page: Any, site_url: str) -> None:
    page.goto(f"{site_url}/papers/plain/", wait_until="networkidle")
    page.evaluate("window.stillTheSameDocument = true")
    page.click(".pn-note a:has-text('the paper with math')")
    page.wait_for_url("**/notes/papers/mathy/")
    typeset(page)
    assert page.evaluate("window.stillTheSameDocument === true")  # Material's instant navigation, not a page load
    assert displays(page) == ["0", "0"]
    page.go_back()  # to the page without math, and instantly on to the math again
    page.wait_for_url("**/notes/papers/plain/")
    page.wait_for_selector(".pn-note a:has-text('the paper with math')")
    page.click(".pn-note a:has-text('the paper with math')")
    page.wait_for_url("**/notes/papers/mathy/")
    typeset(page)
    assert page.evaluate("window.stillTheSameDocument === true")
    assert displays(page) == ["0", "0"]
    assert page.locator("link[rel=stylesheet][href$='katex.min.css']").count() == 1  # once, not once per visit
    scripts = [url for url in katex_requests(page) if url.endswith(".js")]
    assert len(scripts) == 2, scripts  # KaTeX and auto-render loaded once for the whole visit
    assert page.failed == [] and page.problems == []
