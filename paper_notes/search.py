"""What Material's search needs beyond page text: Chinese segmentation that works.

Material segments Chinese with jieba at build time, joining words with U+200B, but only
if jieba imports, and words are only reachable if the search separator splits on
U+200B. Both failures are silent, so the build checks them and stops with a message.
A jieba user dictionary made from the data keeps topic names, aliases, common technical
terms and the terms the notes keep using whole ("扩散模型", "多模态"), so typing them finds them.
"""
from __future__ import annotations

import io
import logging
import math
import re
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from .library import Library
from .memo import Memo, Table, digest

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]{2,}")
HAN_RUN_ANY = re.compile(HAN.pattern + "+")
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
    """Words jieba must keep whole, before the library's own: the curated list (macros/search_terms.txt),
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


# characters that join words rather than make them: a word never starts or ends with one
_EVERYDAY = 9000
GROWN_FROM = 600  # papers with Chinese notes the terms are grown from, at most
_FUNCTION = set("的了是在和与及或也都就而把被对从到为以于上中下个这那其之等一不有将让用由并但还又很更最可能会要所做给地得着过我你他它们该此每各时")


def grown_terms(
    library: Library, cut: Callable[[str], list[str]], frequency: Callable[[str], int], memo: Table | None = None
) -> list[str]:
    """The terms the library's own Chinese keeps using, for jieba to keep whole:

    - the keywords of two or more papers: each paper's ten words of highest TF-IDF, the library being
      the corpus (up to GROWN_FROM papers with Chinese notes, evenly spread over a larger library);
    - words jieba splits but the notes keep together: two or three adjacent pieces, 3 to 6 characters
      in all, that appear together at least 3 times in at least 2 papers and at least half the times
      the rarer piece appears at all (多 + 模态 in 多模态; not 的 + 模型, nor 潜空间 + 里), and none of
      them an everyday word (``frequency`` in jieba's dictionary of 9,000 or more: 可以, 认为, 甚至).

    ``memo`` keeps each paper's words from an earlier build that had taught jieba the same terms.
    """
    together: Counter[str] = Counter()
    together_papers: dict[str, set[str]] = {}
    pieces_of: dict[str, set[str]] = {}
    pieces: Counter[str] = Counter()
    counts: list[Counter[str]] = []  # each paper's words
    chinese = [paper for paper in library.papers if any(HAN.search(text) for text in _strings(paper.notes))]
    step = max(1, len(chinese) / GROWN_FROM)  # a large library: papers evenly spread over it are enough
    for paper in (chinese[int(i * step)] for i in range(min(len(chinese), GROWN_FROM))):
        words = memo.by_object(paper, _paper_words, cut, frequency) if memo is not None else _paper_words(paper, cut, frequency)
        if words is None:
            continue
        words_of_paper, paper_pieces, paper_together = words
        pieces.update(paper_pieces)
        for term, (count, group) in paper_together.items():
            together[term] += count
            together_papers.setdefault(term, set()).add(paper.id)
            pieces_of.setdefault(term, set()).update(group)
        counts.append(words_of_paper)
    papers_with: Counter[str] = Counter(word for words in counts for word in words)
    keyword_papers: Counter[str] = Counter()
    for paper_words in counts:
        total = sum(paper_words.values()) or 1
        score = {word: n / total * math.log(len(counts) / papers_with[word]) for word, n in paper_words.items()}
        keyword_papers.update(sorted(score, key=lambda word: (-score[word], word))[:10])
    grown = [word for word, papers in keyword_papers.items() if papers >= 2]
    for term, count in together.items():
        if count < 3 or len(together_papers[term]) < 2:
            continue
        rarest = min(pieces[piece] for piece in pieces_of[term])
        if count >= rarest / 2:
            grown.append(term)
    return sorted(dict.fromkeys(grown))


PaperWords = tuple[Counter[str], Counter[str], dict[str, tuple[int, tuple[str, ...]]]]


def _paper_words(
    paper: Any, cut: Callable[[str], list[str]], frequency: Callable[[str], int]
) -> PaperWords | None:
    """One paper's Chinese words (of two characters or more), all its pieces, and the groups of pieces that may be
    one term, each with how often it appears and its pieces (see grown_terms); None without Chinese."""
    runs = [run for text in _strings(paper.model_dump(include={"title", "summary", "notes"})) for run in HAN_RUN.findall(text)]
    if not runs:
        return None
    words_of_paper: Counter[str] = Counter()
    pieces: Counter[str] = Counter()
    together: dict[str, tuple[int, tuple[str, ...]]] = {}
    for run in runs:
        words = cut(run)
        words_of_paper.update(word for word in words if len(word) > 1)
        pieces.update(words)
        for size in (2, 3):
            for i in range(len(words) - size + 1):
                group = words[i : i + size]
                term = "".join(group)
                # a one-character piece only leads (多 + 模态, 图 + 神经网络); 潜空间 + 里 is no word
                if (
                    3 <= len(term) <= 6
                    and all(len(piece) > 1 for piece in group[1:])
                    and group[0] not in _FUNCTION
                    and all(frequency(piece) < _EVERYDAY for piece in group)
                ):
                    count, known = together.get(term, (0, ()))
                    together[term] = (count + 1, tuple(dict.fromkeys((*known, *group))))
    return words_of_paper, pieces, together


def segmented(text: str) -> str:
    """``text`` with its Chinese cut into words joined by U+200B, as Material's search cuts a page's text."""
    if not HAN.search(text):
        return text
    import jieba

    def cut(match: re.Match[str]) -> str:
        return "\u200b" + "\u200b".join(jieba.cut(match[0])) + "\u200b"

    return HAN_RUN_ANY.sub(cut, text).strip("\u200b")


class Dictionary:
    """jieba's dictionary for one build: taught this build's terms while it lasts, as it was before once it ends.

    Material's search cuts every page with jieba's default tokenizer, so the terms must be in that
    tokenizer's dictionary while pages are indexed. Its dictionary is the process's, and jieba only
    ever adds to it: a build that taught 视觉语言 would leave it to every later build in the process
    (`mkdocs serve`), which a build in a new process would not have. So the build teaches a copy,
    and ``close`` puts back the dictionary it found.
    """

    def __init__(self, parts: dict[str, list[str]] | None = None) -> None:
        import jieba
        import jieba.finalseg

        jieba.setLogLevel(logging.WARNING)  # not "Loading model from cache ..." on every build
        self._jieba = jieba
        tokenizer = jieba.dt
        tokenizer.check_initialized()
        self._saved = (tokenizer.FREQ, tokenizer.total, tokenizer.user_word_tag_tab)
        self._saved_split = set(jieba.finalseg.Force_Split_Words)
        tokenizer.FREQ, tokenizer.user_word_tag_tab = dict(tokenizer.FREQ), dict(tokenizer.user_word_tag_tab)
        # jieba as it was before this build taught it anything: what compound_parts sees words with
        self._plain = jieba.Tokenizer()
        self._plain.FREQ, self._plain.total = self._saved[0], self._saved[1]
        self._plain.initialized = True
        # compound parts depend on jieba's own dictionary alone: an earlier build's may be handed over
        self._parts: dict[str, list[str]] = parts if parts is not None else {}
        self._closed = False

    def teach(self, terms: list[str]) -> None:
        """Keep ``terms`` whole when cutting, for the rest of this build."""
        self._jieba.load_userdict(io.BytesIO("".join(f"{term}\n" for term in terms).encode("utf-8")))

    def cut(self, run: str) -> list[str]:
        """A run of Chinese cut into words, with what this build taught (without jieba's HMM, which invents words)."""
        return self._jieba.lcut(run, HMM=False)

    def frequency(self, word: str) -> int:
        """How common ``word`` is to jieba now (0: unknown)."""
        return self._jieba.dt.FREQ.get(word) or 0

    def compound_parts(self, word: str) -> list[str]:
        """The words jieba's own dictionary sees in ``word`` (多模态: 多, 模态), without the terms taught to it."""
        parts = self._parts.get(word)
        if parts is None:
            parts = self._parts[word] = self._plain.lcut(word) if HAN.search(word) else [word]
        return parts

    def close(self) -> None:
        """Put back the dictionary the build found."""
        if self._closed:
            return
        self._closed = True
        tokenizer = self._jieba.dt
        tokenizer.FREQ, tokenizer.total, tokenizer.user_word_tag_tab = self._saved
        split = self._jieba.finalseg.Force_Split_Words
        split.clear()
        split.update(self._saved_split)


def prepare_search(
    library: Library, separator: str | None, parts: dict[str, list[str]] | None = None, memo: Memo | None = None,
    grow: bool = True,
) -> tuple[list[str], Dictionary | None]:
    """Check that Chinese text will be searchable with ``separator``, and teach jieba the data's terms.

    Returns the terms taught (none when the library has no Chinese) and the dictionary that holds
    them, which the caller closes when its build ends. ``parts`` keeps compound parts an earlier build
    worked out (they depend on jieba's own dictionary alone), and ``memo`` each paper's words, cut by a
    dictionary taught the same terms.
    """
    if not has_chinese(library):
        return [], None
    try:
        import jieba  # the same module Material segments with  # noqa: F401
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
    dictionary = Dictionary(parts)
    try:
        terms = user_terms(library)
        dictionary.teach(terms)
        grown = grow_terms(library, dictionary, terms, memo) if grow else []
        dictionary.teach(grown)
    except BaseException:
        dictionary.close()
        raise
    return terms + grown, dictionary


def grown_apart(library: Library) -> list[str]:
    """The terms a build's grow_terms grows (its dictionary taught the user_terms), worked out with a dictionary of
    its own: for a process that grows them while the build's goes on (plugin/ahead.py: Grower)."""
    if not has_chinese(library):
        return []
    dictionary = Dictionary()
    try:
        taught = user_terms(library)
        dictionary.teach(taught)
        return grow_terms(library, dictionary, taught)
    finally:
        dictionary.close()


def grow_terms(library: Library, dictionary: Dictionary, taught: list[str], memo: Memo | None = None) -> list[str]:
    """The terms grown from the notes (grown_terms), cut by ``dictionary`` once taught ``taught``, less those."""
    words = memo.table("chinese words " + digest(taught).hex()) if memo is not None else None
    known = set(taught)
    return [term for term in grown_terms(library, dictionary.cut, dictionary.frequency, words) if term not in known]
