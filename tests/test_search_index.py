"""Search sees what it must: Chinese segmented into reachable words, aliases and topics as tags, and an
index in two light parts that still holds every word of every page."""
from __future__ import annotations

import json
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

# Material caches whether jieba imports when its plugin is first imported: do that before any
# test hides jieba, or every later build in this process would silently skip segmentation.
import material.plugins.search.plugin  # noqa: F401
import pytest
from mkdocs.commands.build import build
from mkdocs.exceptions import Abort

from conftest import FIXTURES, build_site, make_project, search_docs, site_config, with_override
from paper_notes import searchindex
from paper_notes.library import load_library
from paper_notes.search import SearchSetupError, grown_terms, prepare_search, user_terms
from paper_notes.searchindex import STOP_WORDS, Settings, slim_page, slim_section

CHINESE = "papers:\n  - id: a\n    title: A\n    lang: zh\n    notes:\n      背景: 扩散模型在潜空间里去噪。\n"


def separator() -> str:
    """The separator the site's mkdocs.yml gives Material's search."""
    with tempfile.TemporaryDirectory() as folder:
        return str(site_config(make_project(Path(folder) / "project")).plugins["material/search"].config.separator)


def test_chinese_data_without_jieba_fails_clearly(write_data, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    library = load_library(write_data(CHINESE))
    monkeypatch.setitem(sys.modules, "jieba", None)  # import jieba now raises ImportError
    with pytest.raises(SearchSetupError, match="jieba is not installed"):
        prepare_search(library, separator())


def test_english_data_needs_no_jieba(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "jieba", None)
    assert prepare_search(load_library(FIXTURES / "papers.yaml"), separator()) == ([], None)


def test_separator_must_split_on_zero_width_space(write_data) -> None:  # type: ignore[no-untyped-def]
    library = load_library(write_data(CHINESE))
    for wrong in ("[\\s\\-]+", None):
        with pytest.raises(SearchSetupError, match="must include \\\\u200b"):
            prepare_search(library, wrong)


def test_a_separator_that_would_hide_chinese_is_given_u200b(write_data, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A site's own separator (or Material's default) that does not split on U+200B gets it: Chinese stays findable."""
    data = write_data(CHINESE)
    config = site_config(make_project(tmp_path / "project", tmp_path / data), tmp_path / "site")
    config.plugins["material/search"].config.separator = "[\\s]+"
    build(config)
    index = json.loads((tmp_path / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert re.split(index["config"]["separator"], "扩散\u200b模型 a") == ["扩散", "模型", "a"]
    assert "\u200b扩散模型\u200b" in (tmp_path / "site" / "search" / "search_sections.json").read_text(encoding="utf-8")


def test_user_dictionary_keeps_terms_whole() -> None:
    import jieba

    library = load_library(FIXTURES / "search.yaml")
    terms = user_terms(library)
    assert {"长序列建模", "扩散模型", "大模型", "方法", "思路"} <= set(terms)  # from topic aliases and note sections
    assert "多模态" in terms  # the built-in list
    terms, dictionary = prepare_search(library, separator())
    assert dictionary is not None and "长序列建模" in terms
    try:  # while the build lasts, jieba keeps them whole
        assert "长序列建模" in list(jieba.cut("这是一个长序列建模的问题"))
        assert "扩散模型" in list(jieba.cut("像素空间的扩散模型质量很高"))
    finally:
        dictionary.close()
    assert "长序列建模" not in list(jieba.cut("这是一个长序列建模的问题")), "and the build's words end with it"


def test_the_dictionary_grows_from_terms_the_notes_keep_using(write_data) -> None:  # type: ignore[no-untyped-def]
    """Pieces jieba splits but the notes keep together become words; chance neighbours and everyday phrases do not."""
    notes = [
        "把图像和文本放进同一个多模态模型，我们认为效果很好。",
        "多模态的预训练需要成对数据，作者认为规模最重要。",
        "这篇多模态工作用了潜空间里的扩散，作者认为还能更快。",
    ]
    papers = "".join(f"  - id: p{i}\n    title: P{i}\n    lang: zh\n    notes:\n      想法: {note}\n" for i, note in enumerate(notes))
    library = load_library(write_data("papers:\n" + papers))
    cuts = {"多模态": ["多", "模态"], "作者认为": ["作者", "认为"], "潜空间里": ["潜空间", "里"]}

    def cut(run: str) -> list[str]:  # a stand-in for jieba that splits these three the way it would
        words: list[str] = []
        while run:
            found = next((key for key in cuts if run.startswith(key)), run[0])
            words += cuts.get(found, [found])
            run = run[len(found) :]
        return words

    frequency = {"认为": 30204, "作者": 4024}.get
    grown = grown_terms(library, cut, lambda word: frequency(word) or 0)
    assert "多模态" in grown  # together every time, in three papers
    assert "作者认为" not in grown  # an everyday word
    assert "潜空间里" not in grown  # a one-character piece only leads, and it is in one paper only


def test_a_section_keeps_its_opening_and_every_word_after_it() -> None:
    settings = Settings.of(separator(), ["stopWordFilter"], ["en"], 60)
    text = ("<p>The <code>noise</code> schedule matters &amp; the sampler matters more than the network. "
            "After that the sampler and the schedule are tuned jointly, and the U-Net stays as it was; arXiv says so.</p>")  # fmt: skip
    seen: set[str] = {"network"}
    slim = slim_section(text, seen, settings)
    head, _, tail = slim.partition(" <p>… ")
    assert head.startswith("<p>The <code>noise</code> schedule") and head.endswith("</p>")  # tags closed
    visible = head.replace("<p>", "").replace("</p>", "").replace("<code>", "").replace("</code>", "").replace("&amp;", "&")
    assert len(visible) <= 60 and not visible.endswith(("matt", "sampl"))  # cut between words
    words = tail.removesuffix("</p>").split()
    assert "U-Net" in words and "arXiv" in words  # kept as written
    assert not {"the", "and", "it", "sampler", "network", "schedule"} & {w.lower() for w in words}  # said already, or stop words
    everything = settings.known(text) - STOP_WORDS
    assert everything <= settings.known(slim) | {"network"}  # every word still findable
    assert "&amp;" in slim and "<code>" in slim  # still escaped HTML as written


def test_a_separator_in_javascript_only_syntax_still_cuts_at_spaces() -> None:
    settings = Settings.of("[\\s\\p{Z}]+(?<name>x)?", [], ["en"], 10)  # not Python's syntax
    assert settings.words("one two\u200bthree") == ["one", "two", "three"]


def test_a_short_section_and_a_page_heading_stay_whole() -> None:
    settings = Settings.of(separator(), ["stopWordFilter"], ["en"], 250)
    entries = [
        {"location": "papers/a/", "title": "A", "text": "", "tags": ["A1"]},
        {"location": "papers/a/#title", "title": "A", "text": "<p>" + "long summary " * 40 + "</p> Ada Lovelace", "tags": ["A1"]},
        {"location": "papers/a/#note-1", "title": "Method", "text": "<p>Short and whole.</p>", "tags": ["A1"]},
    ]
    page, heading, note = slim_page(entries, "Ada Lovelace", settings)
    assert page == {"location": "papers/a/", "title": "A", "text": "Ada Lovelace", "tags": ["A1"]}
    assert heading["text"] == entries[1]["text"] and "tags" not in heading
    assert note == {"location": "papers/a/#note-1", "title": "Method", "text": "<p>Short and whole.</p>"}


def test_the_index_is_written_in_two_parts(write_data, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    long_note = "The sampler matters. " * 40 + "Finally a rare word, zeugma."
    data = write_data(
        "papers:\n  - id: a\n    title: A Paper\n    aliases: [AP]\n    authors: [王小明, Ada Lovelace]\n"
        f"    notes:\n      method: {long_note}\n"
        "  - id: b\n    title: B\n    lang: zh\n    notes:\n      背景: 扩散模型在潜空间里去噪。\n"
    )
    site = build_site(tmp_path / data, tmp_path / "site")
    names = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    sections = (site / "search" / "search_sections.json").read_text(encoding="utf-8")
    pages = json.loads(names)
    assert "\\u" not in sections + names.split('"docs"')[1] and "\u200b" in sections  # UTF-8, not escapes
    assert set(pages) == {"config", "docs"} and re.search(pages["config"]["separator"], "a\u200bb")
    assert all("#" not in doc["location"] for doc in pages["docs"])
    paper = next(doc for doc in pages["docs"] if doc["location"] == "papers/a/")
    assert paper == {"location": "papers/a/", "title": "A Paper", "text": "王小明", "tags": ["AP"]}  # the first author
    rest = json.loads(sections)["docs"]
    assert all("#" in doc["location"] and "tags" not in doc for doc in rest)
    method = next(doc for doc in rest if doc["location"] == "papers/a/#note-1")
    assert len(method["text"]) < 400 and "zeugma" in method["text"]  # the opening, then the new words
    whole = build_site(tmp_path / data, tmp_path / "whole", paper_notes={"search_excerpt": 5000})
    method = next(doc for doc in search_docs(whole) if doc["location"] == "papers/a/#note-1")
    assert method["text"].count("The sampler matters.") == 40


def test_pages_load_our_search_worker_or_the_build_stops(fixture_site: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    page = (fixture_site / "papers" / "alpha" / "index.html").read_text(encoding="utf-8")
    worker = re.search(r'"search": "([^"]+)"', page)
    assert worker and worker[1].startswith("../../assets/javascripts/workers/paper-notes-search.js?material=search.")
    material = worker[1].split("material=")[1]
    assert (fixture_site / "assets" / "javascripts" / "workers" / material).is_file()  # what ours loads
    # a site's own theme override that sends search elsewhere
    project = make_project(tmp_path / "project")
    with_override(project, "main.html",
                  "{% extends 'base.html' %}{% block config %}{{ super() | replace('workers/search.', 'workers/other.') }}{% endblock %}")
    with pytest.raises(Abort):
        build(site_config(project, tmp_path / "site"))
    assert "pages load the search worker other." in caplog.text and "paper-notes-search.js" in caplog.text


def test_search_excerpt_must_be_a_length(write_data, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:  # type: ignore[no-untyped-def]
    data = write_data("papers:\n  - id: a\n    title: A\n")
    with pytest.raises(Abort):
        build_site(tmp_path / data, tmp_path / "site", paper_notes={"search_excerpt": -1})
    assert "'search_excerpt': a number of characters, 0 or more" in caplog.text


def test_index_has_segmented_chinese_and_escaped_tags(write_data, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data = write_data(
        CHINESE.replace("    title: A\n", "    title: A\n    aliases: ['<b>A1</b>']\n    topics: [t]\n")
        + "topics:\n  - {id: t, name: Diffusion models, aliases: [扩散模型]}\n"
    )
    site = build_site(tmp_path / data, tmp_path / "site")
    index = search_docs(site)
    docs = [d for d in index if d["location"].startswith("papers/a/")]
    assert [d.get("tags") for d in docs] == [["&lt;b&gt;A1&lt;/b&gt;"]] + [None] * (len(docs) - 1)  # on the page's entry
    topic = [d for d in index if d["location"].startswith("topics/t/")]
    assert topic[0].get("tags") == ["Diffusion models", "扩散模型"]
    note = next(d for d in docs if d["title"] == "背景")
    assert "\u200b扩散模型\u200b" in note["text"]
    page = (site / "papers" / "a" / "index.html").read_text(encoding="utf-8")
    assert "md-tag" not in page  # tags feed the index only; the page is not cluttered
    assert "Also known as" in (site / "topics" / "t" / "index.html").read_text(encoding="utf-8")


def test_listings_stay_out_of_the_index(fixture_site: Path) -> None:
    by_page: dict[str, str] = {}
    for doc in search_docs(fixture_site):
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


@pytest.mark.slow  # six builds: each fixture library with and without the cutting
def test_generated_pages_are_indexed_as_material_would_index_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What Material would skip is cut before it parses our pages (sections and listings): same index, less to parse."""
    from paper_notes.plugin import search as adapter

    for data in ("papers.yaml", "views.yaml", "search.yaml"):
        ours = search_docs(build_site(FIXTURES / data, tmp_path / f"cut-{data}"))
        with monkeypatch.context() as patch:
            patch.setattr(adapter, "excluded_sections_cut", lambda content: content)
            patch.setattr(adapter, "excluded_blocks_cut", lambda content: content)
            whole = search_docs(build_site(FIXTURES / data, tmp_path / f"whole-{data}"))
        assert ours == whole, data
        assert adapter.search_view("<h2 id=\"a\">A</h2><p>x</p><h2 id=\"r\" data-search-exclude>R</h2><ul><li>y</li></ul>") == (
            "<h2 id=\"a\">A</h2><p>x</p>"
        )
    nested = '<p>a</p><ul class="x" data-search-exclude><li><ul><li>n</li></ul></li></ul><p>b</p><hr data-search-exclude>c'
    assert adapter.excluded_blocks_cut(nested) == "<p>a</p><p>b</p>c"
    assert adapter.excluded_blocks_cut("<ul data-search-exclude><li>never closed") == "<ul data-search-exclude><li>never closed"


@pytest.mark.parametrize("n", [0, 1, 2, 3, 7])
def test_the_index_is_written_a_few_entries_at_a_time_as_one_dump_would_write_it(
    n: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(searchindex, "WRITTEN_AT_ONCE", 2)
    entries = [
        {"location": f"p{i}/" + ("#s" if i % 2 else ""), "title": f"标题 {i} \u200b\"q\"", "text": "x\n" * i, "tags": [i, None, 1.5]}
        for i in range(n)
    ]
    config = {"lang": ["en", "zh"], "separator": "[\\s\\u200b]+", "pipeline": [], "fields": {"title": {"boost": 1e3}}}
    sizes = searchindex.write(tmp_path, config, entries)
    names = [e for e in entries if "#" not in e["location"]]
    sections = [e for e in entries if "#" in e["location"]]
    for name, data, size in (("search_index.json", {"config": config, "docs": names}, sizes[0]),
                             ("search_sections.json", {"docs": sections}, sizes[1])):  # fmt: skip
        expected = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str).encode("utf-8")
        assert (tmp_path / "search" / name).read_bytes() == expected and size == len(expected)


def test_material_does_not_write_the_index_it_is_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Its own copy of the whole index, as text and bytes at once, was the build's peak of memory: the plugin writes
    the index, in two parts, and Material only an empty file before it."""
    from material.plugins.search.plugin import SearchIndex

    def refused(self: Any, prev: Any) -> str:
        raise AssertionError("Material's search wrote its own index")

    monkeypatch.setattr(SearchIndex, "generate_search_index", refused)
    site = build_site(FIXTURES / "papers.yaml", tmp_path / "site")
    names = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    sections = json.loads((site / "search" / "search_sections.json").read_text(encoding="utf-8"))
    assert names["config"]["lang"] and names["docs"] and sections["docs"]
