"""What Material's search needs beyond page text: Chinese segmentation that works, and index tags.

Material segments Chinese with jieba at build time, joining words with U+200B, but only
if jieba imports, and words are only reachable if the search separator splits on
U+200B. Both failures are silent, so the build checks them and stops with a message.
A jieba user dictionary generated from the data keeps topic names, aliases and common
technical terms whole ("扩散模型", "多模态"), so typing them finds them.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from .library import Library
from .model import Paper

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]{2,}")
BUILTIN_TERMS = Path(__file__).parent / "search_terms.txt"
SEARCH_PLUGIN = "material/search"


def texts(library: Library) -> Iterator[str]:
    """Every piece of text in the library."""
    for paper in library.papers:
        yield from (paper.title, paper.summary or "", paper.body or "", *paper.aliases, *paper.notes)
        yield from paper.notes.values()
    for topic in library.topics:
        yield from (topic.name, topic.description or "")
    for entry in library.journal:
        yield from (entry.title, entry.body)
    for collection in library.collections:
        yield from (collection.title, collection.intro or "", *(i.comment or "" for i in collection.items))


def has_chinese(library: Library) -> bool:
    """Whether any text of the library contains Han characters."""
    return any(HAN.search(text) for text in texts(library))


def user_terms(library: Library) -> list[str]:
    """Words jieba must keep whole: Chinese runs in topic names, descriptions, aliases and section names."""
    names: list[str] = []
    for topic in library.topics:
        names += [topic.name, topic.description or ""]
    for paper in library.papers:
        names += [*paper.aliases, *paper.notes]
    for collection in library.collections:
        names.append(collection.title)
    found = [run for name in names for run in HAN_RUN.findall(name)]
    builtin = [line.split("#")[0].strip() for line in BUILTIN_TERMS.read_text(encoding="utf-8").splitlines()]
    return sorted(dict.fromkeys(t for t in [*builtin, *found] if t))


def paper_tags(paper: Paper) -> list[str]:
    """What the index should rank a paper by besides its title: its short names.

    Tags weigh far more than text in Material's index, so topic names are left to the
    topic's own page (tagged with its name) and reach papers through their visible text.
    """
    return list(dict.fromkeys(paper.aliases))


def prepare_search(config: MkDocsConfig, library: Library, folder: Path) -> Path | None:
    """Check that Chinese text will be searchable, and load a user dictionary made from the data into jieba."""
    plugin: Any = config.plugins.get(SEARCH_PLUGIN)
    if plugin is None or not plugin.config.enabled or not has_chinese(library):
        return None
    try:
        import jieba  # the same module Material segments with
    except ImportError:
        raise PluginError(
            "The data holds Chinese text, but jieba is not installed, so search would not find Chinese words."
            " Install the requirements: pip install -r requirements.txt"
        ) from None
    separator = plugin.config.separator
    if separator is None or not re.search(separator, "a\u200bb"):
        raise PluginError(
            "The search separator in mkdocs.yml must include \\u200b: Chinese words are segmented with it,"
            " and without it they cannot be found. For example: separator: '[\\s\\u200b\\-]+'"
        )
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "jieba-user-dict.txt"
    path.write_text("".join(f"{term}\n" for term in user_terms(library)), encoding="utf-8")
    # loaded here rather than through the plugin's jieba_dict_user, which leaves the file open
    with path.open("rb") as words:
        jieba.load_userdict(words)
    return path
