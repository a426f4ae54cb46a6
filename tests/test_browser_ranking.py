"""Search ranks like a librarian, measured in Chromium on a library of Chinese and English notes.

The queries are written from the library itself, not picked by hand:
- Chinese: the words its index holds that several pages use, two-word phrases its notes repeat,
  and the Chinese names of its topics. Precision@10 counts a result as relevant when its page
  contains the whole query (as the reader sees it) or is the topic of that name.
- Names: every paper's title and aliases must put that paper first (so no guide page comes before
  it), every topic's names must put the topic in the top 3.
- Highlighting: every result link carries the query's words in ?h=, and the page opened from a
  result marks them.

Each test prints its figures (run pytest with -s to see them).
"""
from __future__ import annotations

import html
import re
import statistics
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import FIXTURES, build_site, first_results, open_tab, search_docs, serve_folder, whole_index
from paper_notes.library import load_library

LIBRARY = FIXTURES / "ranking.yaml"
HAN_WORD = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff]{2,}$")
SEPARATOR = re.compile(r"[\s\u200b\u3000\-、。，．？！；：（）《》“”‘’,:;!?=\[\]()\"`/]+")

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(LIBRARY, tmp_path_factory.mktemp("ranking") / "site")


@pytest.fixture(scope="module")
def tab(browser: Any, site: Path) -> Iterator[tuple[Any, str]]:
    with serve_folder(site) as url:
        page = open_tab(browser)
        page.goto(f"{url}/", wait_until="load")
        whole_index(page)
        yield page, url
        page.context.close()


def top(tab: tuple[Any, str], query: str, n: int = 10) -> list[tuple[str, str]]:
    return first_results(*tab, query, n)


def page_texts(site: Path) -> dict[str, str]:
    """What the reader sees of each page's content, by path, with tags and entities gone."""
    texts = {}
    for file in site.rglob("index.html"):
        source = file.read_text(encoding="utf-8")
        start, end = source.find("<article"), source.find("</article>")
        if start < 0:
            continue
        body = re.sub(r"<(script|style)\b.*?</\1>", " ", source[start:end], flags=re.S)
        text = html.unescape(re.sub(r"<[^>]+>", "", body))
        path = file.parent.relative_to(site).as_posix()
        texts["" if path == "." else f"{path}/"] = text.replace("\u200b", "")
    return texts


def chinese_queries(site: Path) -> list[str]:
    """Chinese queries from the library: its index's words that three or more pages use, the two-word
    phrases that recur in its notes, and its topics' Chinese names."""
    pages_with: Counter[str] = Counter()
    phrases: Counter[str] = Counter()
    for doc in search_docs(site):
        words = [w for w in SEPARATOR.split(doc["text"]) if w]
        pages_with.update({w for w in words if HAN_WORD.match(w)})
        written = [w for w in SEPARATOR.split(doc["text"].split("<p>… ")[0]) if w]  # as written, not the words after
        pairs = zip(written, written[1:], strict=False)
        phrases.update({a + b for a, b in pairs if HAN_WORD.match(a) and HAN_WORD.match(b)})
    words = sorted((w for w, n in pages_with.items() if n >= 3), key=lambda w: (-pages_with[w], w))
    repeated = sorted((p for p, n in phrases.items() if n >= 2 and len(p) <= 8), key=lambda p: (-phrases[p], p))
    library = load_library(LIBRARY)
    names = [alias for topic in library.topics for alias in topic.aliases if HAN_WORD.match(alias)]
    return list(dict.fromkeys([*words[:30], *repeated[:15], *names]))


def test_chinese_queries_are_precise(tab: tuple[Any, str], site: Path) -> None:
    texts = page_texts(site)
    library = load_library(LIBRARY)
    topic_of = {name: f"topics/{t.id}/" for t in library.topics for name in [t.name, *t.aliases]}
    queries = chinese_queries(site)
    assert len(queries) >= 40
    precision: dict[str, float] = {}
    for query in queries:
        results = [path for path, _ in top(tab, query)]
        relevant = [p for p in results if query.lower() in texts.get(p, "").lower() or topic_of.get(query) == p]
        assert results, f"nothing found for {query!r}, which {sum(query in t for t in texts.values())} pages contain"
        precision[query] = len(relevant) / len(results)
    mean = statistics.mean(precision.values())
    worst = sorted(precision.items(), key=lambda item: item[1])[:5]
    print(f"\nChinese precision@10 over {len(queries)} queries: mean {mean:.3f}, lowest {worst}")
    assert mean >= 0.9
    assert min(precision.values()) >= 0.7, worst


def test_names_come_first(tab: tuple[Any, str]) -> None:
    """A paper's title or alias puts it first (so no guide page comes before it); a topic's names, in the top 3."""
    library = load_library(LIBRARY)
    owners: dict[str, set[str]] = {}  # a name -> the pages it names
    for paper in library.papers:
        for name in dict.fromkeys([paper.title, *paper.aliases]):
            owners.setdefault(name, set()).add(f"papers/{paper.id}/")
    missed: list[str] = []
    for name, pages in owners.items():
        results = [path for path, _ in top(tab, name, 1)]
        if not results or results[0] not in pages:
            missed.append(f"{name!r} -> {results[:1]}")
    topic_missed: list[str] = []
    topic_names = [(name, f"topics/{t.id}/") for t in library.topics for name in dict.fromkeys([t.name, *t.aliases])]
    for name, page in topic_names:
        results = [path for path, _ in top(tab, name, 3)]
        if page not in results:
            topic_missed.append(f"{name!r} -> {results}")
    print(f"\nnames first: {len(owners) - len(missed)} of {len(owners)} paper titles and aliases put the paper first;"
          f" {len(topic_names) - len(topic_missed)} of {len(topic_names)} topic names put the topic in the top 3")  # fmt: skip
    assert missed == []
    assert topic_missed == []


def test_every_result_link_highlights_the_query(tab: tuple[Any, str], site: Path) -> None:
    library = load_library(LIBRARY)
    authors = Counter(author for paper in library.papers for author in paper.authors)
    surnames = Counter(author.split()[-1] for author in authors)
    queries = [
        *(a for a, n in authors.most_common(5) if n > 1),  # full names
        *(s for s, n in surnames.most_common(3)),  # surnames alone
        *chinese_queries(site)[::6],
        *(t.name for t in library.topics[:3]),
    ]
    checked = 0
    for query in queries:
        words = {w.lower() for w in SEPARATOR.split(query) if w}
        for path, highlight in top(tab, query):
            terms = highlight.split()
            assert terms, f"{query!r}: {path} opens with nothing to highlight"
            assert all(any(term in word or word in term for word in words) for term in terms), (query, path, terms)
            checked += 1
    print(f"\nhighlighting: {checked} result links over {len(queries)} queries, every one with the query's words in h=")
    assert checked > 30


@pytest.mark.parametrize("query", ["扩散模型", "Jonathan Ho"])
def test_the_opened_page_marks_the_query(browser: Any, site: Path, query: str) -> None:
    with serve_folder(site) as url:
        page = open_tab(browser)
        page.goto(f"{url}/", wait_until="load")
        whole_index(page)
        path, highlight = top((page, url), query)[1]  # not the first: a page found by its text
        page.locator(".md-search-result__item > a.md-search-result__link:first-child").nth(1).click()
        page.wait_for_url(f"**/{path}**")
        marks = page.locator("article mark[data-md-highlight]")
        marks.first.wait_for()
        shown = " ".join(marks.all_inner_texts()).lower()
        assert all(term in shown for term in highlight.split()), (path, highlight, shown)
        assert page.problems == []
        page.context.close()
