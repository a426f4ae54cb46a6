"""Suggestions are taken from the front of title-sorted lists, not by scoring every paper of every topic.

The shortcut must pick exactly what scoring every candidate picks. A reference that scores them
all (the definition) is compared with the library's suggestions on random libraries, papers with
more topics than the shortcut indexes included.
"""
from __future__ import annotations

import random
from pathlib import Path

import pytest
import yaml

from paper_notes.indexes import Indexes
from paper_notes.library import load_library
from paper_notes.suggest import LIMIT, Suggestions


def reference(s: Suggestions, paper_id: str) -> list[tuple[str, float]]:
    """Every paper sharing a topic, an author or a distinctive word, scored; the best LIMIT."""
    listed = {r.paper.id for r in s.indexes.related.get(paper_id, [])} | {paper_id}
    mine = s.distinctive[paper_id]
    scored = []
    for other in s.indexes.papers:
        if other in listed:
            continue
        topics = len(s.topics_of[paper_id] & s.topics_of[other])
        authors = len(s.authors_of[paper_id] & s.authors_of[other])
        words = [w for w in mine if other in s.by_word[w]]
        if not (topics or authors or words):
            continue
        score = 3 * authors + 2 * topics + sum(s.idf[w] for w in words) / 3
        scored.append((-score, s.title_key[other], other, score))
    return [(other, round(score, 9)) for _, _, other, score in sorted(scored) if score >= 2][:LIMIT]


@pytest.mark.parametrize("seed", range(6))
def test_the_shortcut_picks_what_scoring_everything_picks(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    topics = [f"t{i}" for i in range(rng.randint(2, 7))]
    words = "sparse latent diffusion graph ranking anomaly prompt reward".split()
    papers = []
    for i in range(rng.randint(20, 120)):
        papers.append({
            "id": f"p{i}",
            "title": rng.choice(["Alpha", "Beta", "gamma", "Delta"]) + f" {rng.randint(0, 30)}",  # titles tie
            "topics": rng.sample(topics, rng.randint(0, min(5, len(topics)))),
            "authors": rng.sample(["Ada", "Alan", "Grace", "Edsger", "Barbara"], rng.randint(0, 2)),
            "summary": " ".join(rng.choice(words) for _ in range(6)),
            "related": [f"p{rng.randrange(i)}"] if i and rng.random() < 0.3 else [],
        })  # fmt: skip
    data = tmp_path / "papers.yaml"
    data.write_text(yaml.safe_dump({"topics": [{"id": t, "name": t} for t in topics], "papers": papers}), encoding="utf-8")
    indexes = Indexes(load_library(data))
    for paper in papers:
        got = [(s.paper.id, round(s.score, 9)) for s in indexes.suggestions.of(paper["id"])]
        assert got == reference(indexes.suggestions, paper["id"]), paper["id"]
