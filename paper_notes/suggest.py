"""Papers to read next to a paper: those sharing its topics, its authors or its distinctive words.

Besides a paper's own ``related:`` list, its page suggests up to five others, each with
the reason ("shares 2 topics, 1 author"). Candidates come from inverted indexes (by
topic, author and word), so a library of thousands of papers is not compared pair by pair.
"""
from __future__ import annotations

import itertools
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .model import Paper
from .wording import counted, plural

if TYPE_CHECKING:
    from .indexes import Indexes

LIMIT = 5
WORDS_PER_PAPER = 12
COMBINED = 3  # papers are indexed by each set of up to this many of their topics
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9-]{3,}")
STOPWORDS = frozenset(
    """about above after again against also among another based because been before being below between both
    could does doing down during each even every from further have having here into itself just like made make
    many more most much must only other over same should show shows since some such than that their them then
    there these they this those through under until used uses using very well were what when where which while
    with within without would your paper papers model models method methods approach results result data task
    tasks work works propose proposed proposes first second three large small better best learning training
    performance network networks neural new large-scale state-of-the-art""".split()
)


@dataclass
class Suggestion:
    """A suggested paper and what it shares with the paper it is suggested for."""

    paper: Paper
    topics: int = 0
    authors: int = 0
    words: list[str] = field(default_factory=list)
    score: float = 0.0

    @property
    def reason(self) -> str:
        """'shares 2 topics, 1 author' or 'shares the words diffusion, latent'."""
        parts = []
        if self.topics:
            parts.append(counted(self.topics, "topic"))
        if self.authors:
            parts.append(counted(self.authors, "author"))
        if self.words:
            parts.append(f"the {plural(len(self.words), 'word')} " + ", ".join(self.words[:3]))
        return "shares " + ", ".join(parts)


def _words(paper: Paper) -> Counter[str]:
    text = " ".join([paper.title, paper.summary or "", *paper.notes.values(), paper.body or ""])
    return Counter(w.lower() for w in _WORD.findall(text) if w.lower() not in STOPWORDS)


class Suggestions:
    """Computed once per build from the indexes; each paper's list on first request."""

    def __init__(self, indexes: Indexes) -> None:
        self.indexes = indexes
        papers = indexes.library.papers
        words = indexes.memo.table("suggestion words")
        counts = {p.id: words.by_object(p, _words) for p in papers}
        frequency: Counter[str] = Counter(w for c in counts.values() for w in c)
        total = max(len(papers), 1)
        self.idf = {w: math.log(total / n) for w, n in frequency.items()}
        limit = max(2, total // 10)  # a word most papers use tells nothing
        self.distinctive: dict[str, dict[str, float]] = {}
        self.by_word: dict[str, list[str]] = defaultdict(list)
        for paper in papers:
            weights = {w: n * self.idf[w] for w, n in counts[paper.id].items() if 2 <= frequency[w] <= limit}
            top = dict(sorted(weights.items(), key=lambda item: (-item[1], item[0]))[:WORDS_PER_PAPER])
            self.distinctive[paper.id] = top
            for word in top:
                self.by_word[word].append(paper.id)
        self.by_author: dict[str, list[str]] = defaultdict(list)
        self.topics_of: dict[str, set[str]] = {}
        self.authors_of: dict[str, set[str]] = {}
        for paper in papers:
            self.topics_of[paper.id] = set(paper.topics)
            self.authors_of[paper.id] = {indexes.people.of(name).id for name in paper.authors}
            for author in self.authors_of[paper.id]:
                self.by_author[author].append(paper.id)
        # the papers of each topic, each pair and each three topics, by title: papers sharing only topics are
        # taken from the front of these instead of scoring every paper of every topic, which grows with the
        # square of the library
        self.title_key = {p.id: (p.title.casefold(), p.id) for p in papers}
        self.by_topics: dict[tuple[str, ...], list[str]] = defaultdict(list)
        for paper in papers:
            mine = sorted(self.topics_of[paper.id])
            for size in range(1, min(COMBINED, len(mine)) + 1):
                for combination in itertools.combinations(mine, size):
                    self.by_topics[combination].append(paper.id)
        for members in self.by_topics.values():
            members.sort(key=self.title_key.__getitem__)
        self._cache: dict[str, list[Suggestion]] = {}

    def of(self, paper_id: str) -> list[Suggestion]:
        """Up to five papers to read next to this one, best first, with the reason for each."""
        if paper_id not in self._cache:
            self._cache[paper_id] = self._compute(paper_id)
        return self._cache[paper_id]

    def _compute(self, paper_id: str) -> list[Suggestion]:
        """Scores: 3 per shared author, 2 per shared topic, a third of the weight of shared distinctive words.

        Papers sharing authors or words are few and scored in full. Papers sharing only topics score 2 per
        topic, and tie by title: of those sharing a given set of topics, only the first few by title can
        make the list.
        """
        listed = {r.paper.id for r in self.indexes.related.get(paper_id, [])} | {paper_id}
        mine_topics = self.topics_of[paper_id]
        candidates: dict[str, Suggestion] = {}

        def get(other: str) -> Suggestion:
            if other not in candidates:
                candidates[other] = Suggestion(self.indexes.papers[other])
            return candidates[other]

        for author in self.authors_of[paper_id]:
            for other in self.by_author[author]:
                if other not in listed:
                    get(other).authors += 1
        mine = self.distinctive[paper_id]
        for word in mine:
            for other in self.by_word[word]:
                if other not in listed:
                    get(other).words.append(word)
        topics = sorted(mine_topics)
        if len(topics) > COMBINED:  # rare: every paper sharing a topic is scored
            for topic in topics:
                for other in self.by_topics[(topic,)]:
                    if other not in listed:
                        get(other)
        else:
            # Of the papers sharing exactly these topics, the first few by title are the only ones that can
            # make the list: any after them is outranked by those, which share at least as many topics.
            chosen: set[str] = set()
            for size in range(1, len(topics) + 1):
                for combination in itertools.combinations(topics, size):
                    taken = 0
                    for other in self.by_topics.get(combination, []):
                        if taken == LIMIT:
                            break
                        if other not in listed and other not in candidates:
                            chosen.add(other)
                            taken += 1
            for other in chosen:
                get(other)
        for suggestion in candidates.values():
            other = suggestion.paper.id
            suggestion.topics = len(mine_topics & self.topics_of[other])
            theirs = self.distinctive[other]
            suggestion.words.sort(key=lambda w: -(mine[w] + theirs[w]))
            suggestion.score = (
                3 * suggestion.authors + 2 * suggestion.topics + sum(self.idf[w] for w in suggestion.words) / 3
            )
        best = sorted(candidates.values(), key=lambda s: (-s.score, self.title_key[s.paper.id]))
        return [s for s in best if s.score >= 2][:LIMIT]
