"""Search on the sample library, in Chromium: the cases issue 14 reported, checked on the shipped data.

Like test_sample.py, these pin the sample's content, so they are not part of the test suite (which
measures ranking on its own fixture library, tests/test_browser_ranking.py). Run them with
`python -m pytest sample`; `.ci/run` does.
"""
from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from conftest import browser, first_results, open_tab, serve_folder, whole_index  # noqa: E402, F401 - browser is a fixture

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def tab(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, str, Path]]:  # noqa: F811
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    site = tmp_path_factory.mktemp("sample") / "site"  # this repository's own site: its config, pages and data
    build(load_config(config_file=str(ROOT / "mkdocs.yml"), site_dir=str(site), strict=True))
    with serve_folder(site) as url:
        page = open_tab(browser)
        page.goto(f"{url}/", wait_until="load")
        whole_index(page)
        yield page, url, site
        page.context.close()


def results(tab: tuple[Any, str, Path], query: str) -> list[tuple[str, str]]:
    """The first ten result pages for ``query``: (path, the link's ?h=)."""
    page, base, _ = tab
    return first_results(page, base, query)


def test_multimodal_finds_only_pages_that_say_it(tab: tuple[Any, str, Path]) -> None:
    found = results(tab, "多模态")
    assert len(found) == 10
    site = tab[2]
    for path, highlight in found:
        assert "多模态" in (site / path / "index.html").read_text(encoding="utf-8").replace("\u200b", ""), path
        assert highlight == "多模态", (path, highlight)  # the word, not 多 inside 多样性
    assert "papers/adm/" not in [p for p, _ in found] and "papers/ddpm/" not in [p for p, _ in found]


@pytest.mark.parametrize(("query", "topic"), [("扩散模型", "topics/diffusion/"), ("Diffusion models", "topics/diffusion/"),
                                              ("GNN", "topics/gnn/"), ("图神经网络", "topics/gnn/"), ("推荐系统", "topics/recsys/")])  # fmt: skip
def test_a_topic_name_puts_the_topic_in_the_top_three(tab: tuple[Any, str, Path], query: str, topic: str) -> None:
    paths = [p for p, _ in results(tab, query)]
    assert topic in paths[:3], paths


@pytest.mark.parametrize("query", ["LoRA", "GNN", "DDPM"])
def test_guide_pages_come_after_the_library(tab: tuple[Any, str, Path], query: str) -> None:
    paths = [p for p, _ in results(tab, query)]
    guides = [i for i, p in enumerate(paths) if p.startswith(("data-format/", "contributing/", "publish/", "engines/", "search/"))]
    library = [i for i, p in enumerate(paths) if p.startswith(("papers/", "topics/"))]
    assert library and all(i > max(library) for i in guides) or not guides, paths


@pytest.mark.parametrize("query", ["多模态", "Jonathan Ho", "扩散模型"])
def test_every_link_highlights_the_query(tab: tuple[Any, str, Path], query: str) -> None:
    for path, highlight in results(tab, query):
        assert highlight, f"{query!r}: {path} opens with nothing highlighted"
