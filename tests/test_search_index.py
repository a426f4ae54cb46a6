"""Search sees what it must: Chinese segmented into reachable words, aliases and topics as tags."""
from __future__ import annotations

import json
import sys
from pathlib import Path

# Material caches whether jieba imports when its plugin is first imported: do that before any
# test hides jieba, or every later build in this process would silently skip segmentation.
import material.plugins.search.plugin  # noqa: F401
import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError

from conftest import FIXTURES, ROOT, build_site
from macros.library import load_library
from macros.search import prepare_search, user_terms

CHINESE = "papers:\n  - id: a\n    title: A\n    lang: zh\n    notes:\n      背景: 扩散模型在潜空间里去噪。\n"


def config():  # type: ignore[no-untyped-def]
    return load_config(config_file=str(ROOT / "mkdocs.yml"))


def test_chinese_data_without_jieba_fails_clearly(write_data, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    library = load_library(write_data(CHINESE))
    monkeypatch.setitem(sys.modules, "jieba", None)  # import jieba now raises ImportError
    with pytest.raises(PluginError, match="jieba is not installed"):
        prepare_search(config(), library, tmp_path)


def test_english_data_needs_no_jieba(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "jieba", None)
    assert prepare_search(config(), load_library(FIXTURES / "papers.yaml"), tmp_path) is None


def test_separator_must_split_on_zero_width_space(write_data, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cfg = config()
    cfg.plugins["material/search"].config.separator = "[\\s\\-]+"
    with pytest.raises(PluginError, match="must include \\\\u200b"):
        prepare_search(cfg, load_library(write_data(CHINESE)), tmp_path)


def test_user_dictionary_keeps_terms_whole(write_data, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import jieba

    library = load_library(ROOT / "data" / "papers.yaml")
    terms = user_terms(library)
    assert {"扩散模型", "多模态", "搜广推", "大模型", "背景"} <= set(terms)
    path = prepare_search(config(), library, tmp_path)
    assert path is not None and "扩散模型" in path.read_text(encoding="utf-8").splitlines()
    assert "扩散模型" in list(jieba.cut("像素空间的扩散模型质量很高"))
    assert "多模态" in list(jieba.cut("一个多模态模型"))


def test_index_has_segmented_chinese_and_escaped_tags(write_data, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data = write_data(
        CHINESE.replace("    title: A\n", "    title: A\n    aliases: ['<b>A1</b>']\n    topics: [t]\n")
        + "topics:\n  - {id: t, name: Diffusion models}\n"
    )
    site = build_site(tmp_path / data, tmp_path / "site")
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    docs = [d for d in index["docs"] if d["location"].startswith("papers/a/")]
    assert all(d.get("tags") == ["&lt;b&gt;A1&lt;/b&gt;", "Diffusion models"] for d in docs)
    note = next(d for d in docs if d["title"] == "背景")
    assert "\u200b扩散模型\u200b" in note["text"]
    assert "\u200b" in index["config"]["separator"] or "\\u200b" in index["config"]["separator"]
    page = (site / "papers" / "a" / "index.html").read_text(encoding="utf-8")
    assert "md-tag" not in page  # tags feed the index only; the page is not cluttered
