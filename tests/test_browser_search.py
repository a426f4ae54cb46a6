"""Search, theme and layout in a real browser, on a site built from the search fixture library.

Queries are typed into Material's search box as a reader would. Typing Chinese inserts
text with no key events, and Material reads the box on key-up, so each query ends with End.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest

from conftest import (
    ARTIFACTS,
    FIXTURES,
    ROOT,
    build_site,
    keep_offline,
    make_project,
    mkdocs_serve,
    open_tab,
    serve_folder,
    whole_index,
)

LIBRARY = FIXTURES / "search.yaml"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = build_site(LIBRARY, tmp_path_factory.mktemp("search") / "site")
    with serve_folder(site) as url:
        yield url


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    tab = open_tab(browser)
    yield tab
    tab.context.close()


def search(page: Any, base: str, query: str) -> list[str]:
    """Type ``query`` in the search box; return the result pages, best first, as site paths."""
    if not page.url.startswith(base):
        page.goto(f"{base}/", wait_until="load")
        whole_index(page)
    box = page.locator(".md-search__input")
    box.click()
    box.fill(query)
    page.keyboard.press("End")  # Material reads the query on key-up
    # Material says how many pages match once it has searched, then renders ten results at a
    # time, more as the list scrolls: scroll until every match is on screen
    page.wait_for_function(
        "q => document.querySelector('.md-search__input').value === q"
        " && /matching document/i.test(document.querySelector('.md-search-result__meta').textContent)",
        arg=query,
        timeout=15_000,
    )
    meta = page.locator(".md-search-result__meta").inner_text()
    expected = 0 if meta.lower().startswith("no ") else int("".join(c for c in meta.split()[0] if c.isdigit()) or 1)
    selector = "li.md-search-result__item > a.md-search-result__link"
    page.wait_for_function(
        """([selector, expected]) => {
             const wrap = document.querySelector('.md-search__scrollwrap');
             wrap.scrollTo(0, wrap.scrollHeight);
             return document.querySelectorAll(selector).length >= expected;
           }""",
        arg=[selector, expected],
        timeout=15_000,
        polling=100,
    )
    hrefs = page.eval_on_selector_all(selector, "links => links.map(a => a.href)")
    page.eval_on_selector(".md-search__scrollwrap", "wrap => wrap.scrollTo(0, 0)")
    paths: list[str] = []
    for href in hrefs:
        path = urlsplit(href).path.removeprefix(urlsplit(base).path).lstrip("/")
        if path not in paths:
            paths.append(path)
    return paths


QUERIES = [
    # (kind of query, query, a page that must be found, whether it must come first)
    ("Chinese two-character word from mid-sentence in a note", "严谨", "papers/ddpm/", True),
    ("another, in another note", "三倍", "papers/sdxl/", False),
    ("Chinese term kept whole by the built-in dictionary", "潜空间", "papers/ldm/", False),
    ("Chinese name of a topic", "长序列建模", "topics/sequence/", True),
    ("English word from a note", "reparameterisation", "papers/vae/", True),
    ("English word from a title", "Longformer", "papers/longformer/", True),
    ("alias not in the title", "Chinchilla", "papers/chinchilla/", True),
    ("alias with a hyphen", "GPT-3", "papers/gpt-3/", True),
    ("author's surname", "Rombach", "papers/ldm/", False),
    ("author's surname, the other paper", "Rombach", "papers/sdxl/", False),
    ("topic name finds the topic page", "Diffusion models", "topics/diffusion/", True),
    ("topic name finds papers that carry it", "Diffusion models", "papers/ddpm/", False),
    ("ASCII-only query", "FlashAttention", "papers/flashattention/", False),
    ("mixed Chinese and English", "扩散模型 DDPM", "papers/ddpm/", True),
    ("nothing matches", "zyxwvut", None, False),
]


@pytest.mark.parametrize(("kind", "query", "expected", "first"), QUERIES, ids=[q[0] for q in QUERIES])
def test_search_finds(page: Any, site_url: str, kind: str, query: str, expected: str | None, first: bool) -> None:
    results = search(page, site_url, query)
    if expected is None:
        assert results == []
        return
    assert expected in results, f"{query!r}: {results[:10]}"
    if first:
        assert results[0] == expected, f"{query!r}: {results[:5]}"
    assert page.problems == []


@pytest.mark.parametrize(
    ("query", "titled", "mentioning"),
    [
        ("Mamba", "papers/mamba/", ["papers/s4/", "papers/repeat-after-me/"]),
        ("Longformer", "papers/longformer/", []),
    ],
)
def test_titles_rank_above_passing_mentions(
    page: Any, site_url: str, query: str, titled: str, mentioning: list[str]
) -> None:
    results = search(page, site_url, query)
    assert results[0] == titled, results[:5]
    for other in mentioning:  # these only mention it in their notes
        assert other in results and results.index(other) > results.index(titled), (other, results[:10])


@pytest.mark.parametrize(
    ("query", "title", "name"),
    [("严谨", "Denoising Diffusion Probabilistic Models", "zh"), ("Chinchilla", "Training Compute-Optimal", "en")],
)
def test_search_results_are_shown_to_the_reader(page: Any, site_url: str, query: str, title: str, name: str) -> None:
    search(page, site_url, query)
    first = page.locator("li.md-search-result__item").first
    assert first.is_visible()
    box = first.bounding_box()
    assert box is not None and box["height"] > 20 and 0 <= box["y"] < 900  # on screen, not an empty row
    assert title in first.inner_text()
    assert page.locator(".md-search-result__list mark").first.is_visible()  # the query is highlighted
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"search-result-{name}.png"))  # for people to look at
    assert page.problems == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_paper_page_in_light_and_dark(page: Any, site_url: str, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)
    page.goto(f"{site_url}/papers/mamba/", wait_until="load")
    expected = "slate" if scheme == "dark" else "default"
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == expected
    page.wait_for_selector(".pn-note .katex")  # the math in the notes rendered
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"paper-{scheme}.png"), full_page=True)
    assert page.problems == []


def test_math_in_titles_and_summaries_is_typeset(page: Any, site_url: str) -> None:
    page.goto(f"{site_url}/papers/sparse-transformer/", wait_until="load")
    page.wait_for_selector("h1 .katex")  # the title's $\\mathcal{O}(n)$
    page.wait_for_selector(".pn-summary .katex")
    text = page.evaluate(  # what the reader sees: not the LaTeX of the Cite block, not the TeX KaTeX keeps for screen readers
        "() => { const c = document.querySelector('.md-content').cloneNode(true);"
        " c.querySelectorAll('pre, code, .katex-mathml').forEach(e => e.remove()); return c.innerText; }"
    )
    assert "\\mathcal" not in text and "\\sqrt" not in text and "$" not in text
    page.goto(f"{site_url}/topics/sequence/", wait_until="load")
    page.wait_for_selector(".pn-papers .katex")  # the summary in the topic's table
    assert page.problems == []


def test_palette_toggle_switches_scheme(page: Any, site_url: str) -> None:
    page.emulate_media(color_scheme="light")
    page.goto(f"{site_url}/papers/ldm/", wait_until="load")
    before = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    for _ in range(3):  # auto -> light -> dark: click until the scheme changes
        page.locator("form[data-md-component=palette] label:visible").first.click()
        if page.evaluate("document.body.getAttribute('data-md-color-scheme')") != before:
            break
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") != before
    assert page.problems == []


@pytest.mark.parametrize("path", ["papers/ldm/", "papers/flashattention/", "topics/diffusion/", "log/", "to-read/", "papers/"])
def test_phone_width_has_no_horizontal_scroll(browser: Any, site_url: str, path: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    keep_offline(context)
    tab = context.new_page()
    tab.goto(f"{site_url}/{path}", wait_until="load")
    tab.wait_for_selector(".md-content .pn-page, .md-content h1")
    width, scroll = tab.evaluate("[window.innerWidth, document.documentElement.scrollWidth]")
    if path == "papers/ldm/":
        ARTIFACTS.mkdir(exist_ok=True)
        tab.screenshot(path=str(ARTIFACTS / "paper-phone.png"), full_page=True)
    context.close()
    assert scroll <= width, f"{path}: content is {scroll}px wide on a {width}px screen"


@pytest.fixture(scope="module")
def served_by_mkdocs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`mkdocs serve` on a copy of the project, at its own address."""
    project = make_project(tmp_path_factory.mktemp("serve") / "project", LIBRARY)
    with mkdocs_serve(project, None, "--no-livereload") as url:
        yield url


@pytest.mark.parametrize(("query", "expected"), [("Chinchilla", "papers/chinchilla/"), ("严谨", "papers/ddpm/")])
def test_search_under_mkdocs_serve(page: Any, served_by_mkdocs: str, query: str, expected: str) -> None:
    results = search(page, served_by_mkdocs, query)
    assert results and results[0] == expected, results[:5]


def test_artifacts_folder_is_not_committed() -> None:
    assert "test-artifacts/" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert ARTIFACTS.relative_to(ROOT).as_posix() == "test-artifacts"


def test_a_result_shows_its_title_once(page: Any, site_url: str) -> None:
    """The section under a page's heading gives its text to the page's result, not a second copy of the title."""
    assert search(page, site_url, "latent diffusion")[0] == "papers/ldm/"
    repeated = page.eval_on_selector_all(
        "li.md-search-result__item",
        """items => items.filter(item => {
             const title = item.querySelector('h1').textContent;
             return [...item.querySelectorAll('h2')].some(h => h.textContent === title);
           }).map(item => item.querySelector('h1').textContent)""",
    )
    assert repeated == []
    summary = page.locator("li.md-search-result__item").first.inner_text()
    assert "Runs diffusion in the compressed space" in summary  # the page's result shows its summary instead


def test_chinese_in_results_shows_no_stray_spaces(page: Any, site_url: str) -> None:
    """U+200B, which cuts Chinese into words for search, and the spaces highlighting joins words with stay hidden."""
    assert search(page, site_url, "注意力") == ["papers/ldm/"]
    shown = page.locator(".md-search-result__list").inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "search-chinese-snippet.png"))
    assert "交叉注意力" in shown and "\u200b" not in shown
    assert not re.search("[\u4e00-\u9fff] [\u4e00-\u9fff]", shown), shown


@pytest.mark.parametrize(
    ("query", "fixed", "expected"),
    [("transfomer", "transformer", "papers/longformer/"), ("difusion models", "diffusion models", "topics/diffusion/")],
)
def test_a_typo_is_read_as_the_word_one_edit_away(page: Any, site_url: str, query: str, fixed: str, expected: str) -> None:
    """A word no page has is retried one edit away, the results say so, and they rank as the word would."""
    results = search(page, site_url, query)
    note = page.locator(".pn-search-fixed")
    note.wait_for(timeout=5_000)
    assert note.inner_text() == f"Showing results for {fixed}"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"search-typo-{query.split()[0]}.png"))
    assert expected in results[:1 if expected.startswith("topics/") else 10], results
    assert page.problems == []
    page.goto(f"{site_url}/", wait_until="load")  # a fresh search box: no count of the last query to wait past
    whole_index(page)
    exact = search(page, site_url, fixed)
    assert results[:5] == exact[:5]  # ranked as the word would be
    assert not page.locator(".pn-search-fixed").is_visible()  # a query the index knows is not corrected
