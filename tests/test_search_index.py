"""Search sees what it must: Chinese segmented into reachable words, aliases and topics as tags."""
from __future__ import annotations

import json
import sys
from pathlib import Path

# Material caches whether jieba imports when its plugin is first imported: do that before any
# test hides jieba, or every later build in this process would silently skip segmentation.
import material.plugins.search.plugin  # noqa: F401
import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from conftest import FIXTURES, ROOT, build_site
from macros.library import load_library
from macros.search import SearchSetupError, prepare_search, user_terms

CHINESE = "papers:\n  - id: a\n    title: A\n    lang: zh\n    notes:\n      背景: 扩散模型在潜空间里去噪。\n"


def separator() -> str:
    """The separator the site's mkdocs.yml gives Material's search."""
    return str(load_config(config_file=str(ROOT / "mkdocs.yml")).plugins["material/search"].config.separator)


def test_chinese_data_without_jieba_fails_clearly(write_data, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    library = load_library(write_data(CHINESE))
    monkeypatch.setitem(sys.modules, "jieba", None)  # import jieba now raises ImportError
    with pytest.raises(SearchSetupError, match="jieba is not installed"):
        prepare_search(library, separator())


def test_english_data_needs_no_jieba(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "jieba", None)
    assert prepare_search(load_library(FIXTURES / "papers.yaml"), separator()) == []


def test_separator_must_split_on_zero_width_space(write_data) -> None:  # type: ignore[no-untyped-def]
    library = load_library(write_data(CHINESE))
    for wrong in ("[\\s\\-]+", None):
        with pytest.raises(SearchSetupError, match="must include \\\\u200b"):
            prepare_search(library, wrong)


def test_a_build_stops_on_a_separator_that_hides_chinese(write_data, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:  # type: ignore[no-untyped-def]
    data = write_data(CHINESE)
    config = load_config(config_file=str(ROOT / "mkdocs.yml"), site_dir=str(tmp_path / "site"),
                         extra={"paper_notes": {"data": str(tmp_path / data)}})  # fmt: skip
    config.plugins["material/search"].config.separator = "[\\s]+"
    with pytest.raises(Abort):
        build(config)
    assert "The search separator in mkdocs.yml must include \\u200b" in caplog.text
    assert not (tmp_path / "site").exists()


def test_user_dictionary_keeps_terms_whole() -> None:
    import jieba

    library = load_library(FIXTURES / "search.yaml")
    terms = user_terms(library)
    assert {"长序列建模", "扩散模型", "大模型", "方法", "思路"} <= set(terms)  # from topics and note sections
    assert "多模态" in terms  # the built-in list
    assert "长序列建模" in prepare_search(library, separator())
    assert "长序列建模" in list(jieba.cut("这是一个长序列建模的问题"))
    assert "扩散模型" in list(jieba.cut("像素空间的扩散模型质量很高"))


def test_index_has_segmented_chinese_and_escaped_tags(write_data, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data = write_data(
        CHINESE.replace("    title: A\n", "    title: A\n    aliases: ['<b>A1</b>']\n    topics: [t]\n")
        + "topics:\n  - {id: t, name: Diffusion models}\n"
    )
    site = build_site(tmp_path / data, tmp_path / "site")
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    docs = [d for d in index["docs"] if d["location"].startswith("papers/a/")]
    assert all(d.get("tags") == ["&lt;b&gt;A1&lt;/b&gt;"] for d in docs)
    topic = [d for d in index["docs"] if d["location"].startswith("topics/t/")]
    assert topic and all(d.get("tags") == ["Diffusion models"] for d in topic)
    note = next(d for d in docs if d["title"] == "背景")
    assert "\u200b扩散模型\u200b" in note["text"]
    assert "\u200b" in index["config"]["separator"] or "\\u200b" in index["config"]["separator"]
    page = (site / "papers" / "a" / "index.html").read_text(encoding="utf-8")
    assert "md-tag" not in page  # tags feed the index only; the page is not cluttered


def test_listings_stay_out_of_the_index(fixture_site: Path) -> None:
    index = json.loads((fixture_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    by_page: dict[str, str] = {}
    for doc in index["docs"]:
        page = doc["location"].split("#")[0]
        by_page[page] = by_page.get(page, "") + doc["title"] + " " + doc["text"] + " "
    summary = "Segments any object from a prompt."  # alpha's summary, listed on many pages
    assert summary in by_page["papers/alpha/"]
    for listing in ("topics/vision/", "topics/segmentation/", "log/", "papers/", ""):
        assert summary not in by_page.get(listing, ""), listing
    assert "topics/" not in by_page  # the topic map is excluded as a whole
    assert "Seeing things." in by_page["topics/vision/"]  # a topic's own description stays
    # a paper page keeps its notes but not the titles of other papers it lists
    assert "Masks were task-specific." in by_page["papers/alpha/"]
    assert "Beta Sees Better" not in by_page["papers/alpha/"]
    assert "Write the survey" in by_page["to-read/"]  # pending tasks exist nowhere else


def test_generated_pages_are_indexed_as_material_would_index_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What Material would skip is cut before it parses our pages (sections and listings): same index, less to parse."""
    from macros import adapter

    for data in ("papers.yaml", "views.yaml", "search.yaml"):
        ours = (build_site(FIXTURES / data, tmp_path / f"cut-{data}") / "search/search_index.json").read_bytes()
        with monkeypatch.context() as patch:
            patch.setattr(adapter, "excluded_sections_cut", lambda content: content)
            patch.setattr(adapter, "excluded_blocks_cut", lambda content: content)
            whole = (build_site(FIXTURES / data, tmp_path / f"whole-{data}") / "search/search_index.json").read_bytes()
        assert ours == whole, data
        assert adapter.search_view("<h2 id=\"a\">A</h2><p>x</p><h2 id=\"r\" data-search-exclude>R</h2><ul><li>y</li></ul>") == (
            "<h2 id=\"a\">A</h2><p>x</p>"
        )
    nested = '<p>a</p><ul class="x" data-search-exclude><li><ul><li>n</li></ul></li></ul><p>b</p><hr data-search-exclude>c'
    assert adapter.excluded_blocks_cut(nested) == "<p>a</p><p>b</p>c"
    assert adapter.excluded_blocks_cut("<ul data-search-exclude><li>never closed") == "<ul data-search-exclude><li>never closed"
