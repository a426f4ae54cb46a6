"""What Material's search needs beyond page text: Chinese segmentation that works.

Material segments Chinese with jieba at build time, joining words with U+200B, but only
if jieba imports, and words are only reachable if the search separator splits on
U+200B. Both failures are silent, so the build checks them and stops with a message.
A jieba user dictionary made from the data keeps topic names, aliases and common
technical terms whole ("扩散模型", "多模态"), so typing them finds them.
"""
from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .library import Library

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]{2,}")
BUILTIN_TERMS = Path(__file__).parent / "search_terms.txt"


class SearchSetupError(Exception):
    """Search would silently miss Chinese words; the message says how to fix it."""


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)


def texts(library: Library) -> Iterator[str]:
    """Every piece of text in every record of the library."""
    for records in (library.papers, library.topics, library.journal, library.collections, library.todo):
        for record in records:
            yield from _strings(getattr(record, "entry", record).model_dump())


def has_chinese(library: Library) -> bool:
    """Whether any text of the library contains Han characters."""
    return any(HAN.search(text) for text in texts(library))


def user_terms(library: Library) -> list[str]:
    """Words jieba must keep whole: the curated list (macros/search_terms.txt),
    and the Chinese in topic names and aliases, paper aliases, note section names and reading-list titles."""
    names: list[str] = []
    for topic in library.topics:
        names += [topic.name, *topic.aliases]
    for paper in library.papers:
        names += [*paper.aliases, *paper.notes]
    for collection in library.collections:
        names.append(collection.title)
    found = [run for name in names for run in HAN_RUN.findall(name)]
    builtin = [line.split("#")[0].strip() for line in BUILTIN_TERMS.read_text(encoding="utf-8").splitlines()]
    return sorted(dict.fromkeys(t for t in [*builtin, *found] if t))


def prepare_search(library: Library, separator: str | None) -> list[str]:
    """Check that Chinese text will be searchable with ``separator``, and teach jieba the data's terms.

    Returns the terms loaded (none when the library has no Chinese).
    """
    if not has_chinese(library):
        return []
    try:
        import jieba  # the same module Material segments with
    except ImportError:
        raise SearchSetupError(
            "The data holds Chinese text, but jieba is not installed, so search would not find Chinese words."
            " Install the requirements: pip install -r requirements.txt"
        ) from None
    if separator is None or not re.search(separator, "a\u200bb"):
        raise SearchSetupError(
            "The search separator in mkdocs.yml must include \\u200b: Chinese words are segmented with it,"
            " and without it they cannot be found. For example: separator: '[\\s\\u200b\\-]+'"
        )
    jieba.setLogLevel(logging.WARNING)  # not "Loading model from cache ..." on every build
    terms = user_terms(library)
    jieba.load_userdict(io.BytesIO("".join(f"{term}\n" for term in terms).encode("utf-8")))
    return terms
