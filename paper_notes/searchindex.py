"""The search index, written light: the names of every page first, the sections' text after.

Material's search loads its whole index and builds it in the browser before the first result;
with every note in full, ten thousand papers took 13 s. So the index is written in two parts:

- ``search/search_index.json``, the file Material's search reads: one entry per page, its title,
  its tags (a paper's aliases, a topic's names) and, for a paper, its first author. It is enough to
  find any page by its name, and builds in under a second for ten thousand papers.
- ``search/search_sections.json``: every section of every page. Our search worker
  (overrides/assets/javascripts/workers/paper-notes-search.js) loads it in a second worker and
  answers from the whole index once it is built.

Each section of a generated page keeps its first ``excerpt`` characters as written (what a search
result shows), then only the words the page has not used yet: lunr ranks by words, not phrases,
so a word said twice adds weight, not findability. Stop words, which search never matches, go too.
Tags are kept on a page's own entry, not repeated on every section.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SECTIONS_FILE = "search_sections.json"
DEFAULT_EXCERPT = 250
WRITTEN_AT_ONCE = 500  # entries encoded at a time when the index is written

# lunr's English stop words: with its stopWordFilter in the pipeline, search never matches them
STOP_WORDS = frozenset(
    "a able about across after all almost also am among an and any are as at be because been but by can cannot"
    " could dear did do does either else ever every for from get got had has have he her hers him his how however"
    " i if in into is it its just least let like likely may me might most must my neither no nor not of off often"
    " on only or other our own rather said say says she should since so some than that the their them then there"
    " these they this tis to too twas us wants was we were what when where which while who whom why will with would"
    " yet you your".split()
)

_TOKEN = re.compile(r"(<[^>]*>)|(&#?\w+;)|([^<&]+|[<&])")
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*?(/?)>")
_COMPOUND = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]{3,}")
_CHUNK = re.compile(r"[\s\u200b\u3000、。，．？！；：（）《》“”‘’]+")
_PUNCTUATION = ",.;:!?()[]{}\"'`"
_VOID = {"br", "hr", "img", "wbr", "input", "meta", "link", "source", "area", "col", "embed", "track"}


@dataclass(frozen=True)
class Settings:
    """How sections are cut: Material's separator (as a Python pattern), the stop words, the excerpt length."""

    separator: re.Pattern[str]
    stop_words: frozenset[str]
    excerpt: int  # characters of each section kept as written
    parts: Callable[[str], list[str]] = lambda word: []  # the words inside a Chinese compound (多模态: 模态)
    _keys: dict[str, frozenset[str]] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(
        cls, separator: str, pipeline: Iterable[str], lang: Iterable[str], excerpt: int,
        parts: Callable[[str], list[str]] | None = None,
    ) -> Settings:  # fmt: skip
        english = "en" in lang and "stopWordFilter" in pipeline
        try:
            pattern = re.compile(separator)
        except re.error:  # JavaScript syntax Python does not read: words split at spaces are near enough here
            pattern = re.compile(r"[\s\u200b\-]+")
        return cls(pattern, STOP_WORDS if english else frozenset(), excerpt, parts or (lambda word: []))

    def words(self, text: str) -> list[str]:
        return [word for word in self.separator.split(text) if word]

    def keys(self, word: str) -> frozenset[str]:
        """What search matches ``word`` by, stop words left out (remembered: notes repeat their words)."""
        keys = self._keys.get(word)
        if keys is None:
            keys = self._keys[word] = frozenset(key.lower() for key in self.words(word)) - self.stop_words
        return keys

    def known(self, text: str) -> set[str]:
        """The words of ``text`` (escaped HTML) as search compares them."""
        return {word.lower() for word in self.words(_TAG.sub(" ", text))}


def _cut(html: str, limit: int, settings: Settings) -> tuple[str, str]:
    """``html`` split after ``limit`` visible characters, at a word boundary: the head, its open tags closed,
    and the rest as text (tags out, entities kept as written)."""
    shown = 0
    open_tags: list[str] = []
    for match in _TOKEN.finditer(html):
        tag, entity, text = match.groups()
        if tag is not None:
            parsed = _TAG.match(tag)
            if parsed:
                closing, name, selfclosing = parsed[1], parsed[2].lower(), parsed[3]
                if closing:
                    if name in open_tags:
                        del open_tags[len(open_tags) - 1 - open_tags[::-1].index(name) :]
                elif name not in _VOID and not selfclosing:
                    open_tags.append(name)
            continue
        size = 1 if entity is not None else len(text)
        if shown + size <= limit:
            shown += size
            continue
        if entity is not None:
            at = match.start()
        else:
            room = limit - shown
            breaks = [m.start() for m in settings.separator.finditer(text, 0, room + 1) if m.start() > 0]
            at = match.start() + (breaks[-1] if breaks else 0)
        head = html[:at].rstrip() + "".join(f"</{name}>" for name in reversed(open_tags))
        return head, _TAG.sub(" ", html[at:])
    return html, ""


def slim_section(text: str, seen: set[str], settings: Settings, whole: bool = False) -> str:
    """A section's text: its first ``excerpt`` characters as written (all of it if ``whole``), then the words
    the page has not had yet, and the words inside its Chinese compounds (模态 in 多模态, which the
    dictionary keeps whole so that 多模态 is found precisely; 模态 alone then still finds the page)."""
    head, rest = (text, "") if whole else _cut(text, settings.excerpt, settings)
    seen |= settings.known(head)
    new: list[str] = []
    for word in _CHUNK.split(rest):
        word = word.strip(_PUNCTUATION)
        keys = settings.keys(word) - seen
        if keys:  # kept as written ("arXiv", "U-Net"), though search splits it
            seen |= keys
            new.append(word)
    for compound in dict.fromkeys(_COMPOUND.findall(text)):
        for part in settings.parts(compound):
            if len(part) > 1 and part not in seen:
                seen.add(part)
                new.append(part)
    return f"{head} <p>… {' '.join(new)}</p>" if new else head


def slim_page(entries: list[dict[str, Any]], byline: str | None, settings: Settings) -> list[dict[str, Any]]:
    """A generated page's entries as Material made them, made light: the page's own entry (title, tags,
    byline) and its sections (without the tags, each cut by :func:`slim_section`)."""
    seen: set[str] = set()
    slim: list[dict[str, Any]] = []
    for entry in entries:
        entry = dict(entry)
        if "#" in entry["location"]:
            entry.pop("tags", None)
            seen |= settings.known(entry["title"])
            # the page's heading (a paper's summary and facts) is kept whole
            entry["text"] = slim_section(entry["text"], seen, settings, whole=entry["location"].endswith("#title"))
        else:
            if byline:
                entry["text"] = byline
            seen |= settings.known(entry["title"] + " " + entry["text"])
        slim.append(entry)
    return slim


def write(site_dir: str | Path, config: dict[str, Any], entries: list[dict[str, Any]]) -> tuple[int, int]:
    """Write the index in its two parts (UTF-8, which keeps Chinese and the U+200B between its words at
    three bytes, not six). Returns the sizes in bytes.

    Each part is written a few hundred entries at a time, the same bytes as one ``json.dumps`` of the whole:
    at 10,000 papers that would hold the sections' text twice more (as text, then as bytes) at the build's end."""
    folder = Path(site_dir) / "search"
    folder.mkdir(parents=True, exist_ok=True)
    names = [entry for entry in entries if "#" not in entry["location"]]
    sections = [entry for entry in entries if "#" in entry["location"]]
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=str).encode
    sizes = []
    for name, head, docs in (
        ("search_index.json", '{"config":' + encode(config) + ',"docs":[', names),
        (SECTIONS_FILE, '{"docs":[', sections),
    ):
        size = 0
        with open(folder / name, "wb") as out:
            for at in range(0, max(len(docs), 1), WRITTEN_AT_ONCE):
                part = encode(docs[at : at + WRITTEN_AT_ONCE])[1:-1]  # the entries, without the list's brackets
                size += out.write(((head if at == 0 else ",") + part).encode("utf-8"))
            size += out.write(b"]}")
        sizes.append(size)
    return sizes[0], sizes[1]
