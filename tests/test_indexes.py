"""Units of the derived views: topic tree, log grouping, backlinks, reading order, queue."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import FIXTURES
from paper_notes.indexes import Indexes, newest_first, todo_papers
from paper_notes.library import load_library


@pytest.fixture(scope="module")
def idx() -> Indexes:
    return Indexes(load_library(FIXTURES / "papers.yaml", today=dt.date(2026, 1, 1)))


def test_topic_tree_and_counts(idx: Indexes) -> None:
    assert [n.id for n in idx.topic_tree()] == ["vision", "segmentation", "language"]
    assert [p.id for p in idx.topic_nodes["vision"].all_papers] == ["alpha", "beta", "epsilon"]
    assert [p.id for p in idx.topic_nodes["segmentation"].all_papers] == ["alpha", "epsilon"]
    assert [t.id for t in idx.topic_trail("segmentation")] == ["vision", "segmentation"]


def test_newest_first_puts_undated_last(idx: Indexes) -> None:
    ordered = [p.id for p in newest_first(idx.papers.values())]
    assert ordered == ["alpha", "gamma", "beta", "epsilon", "delta"]


def test_log_groups_and_repeats_rereads(idx: Indexes) -> None:
    days = [d.date.isoformat() for y in idx.log for m in y.months for d in m.days]
    assert days == ["2024-03-05", "2024-02-01", "2024-01-10", "2023-12-31"]
    busy = idx.log[0].months[0].days[0]
    assert [j.id for j in busy.journal] == ["2024-03-05"]
    assert [(r.paper.id, r.nth, r.total) for r in busy.readings] == [("alpha", 2, 2), ("beta", 1, 1)]
    assert [r.paper.id for r in idx.readings].count("alpha") == 2


def test_relations_both_ways(idx: Indexes) -> None:
    assert [(r.paper.id, r.direction) for r in idx.related["alpha"]] == [("beta", "outgoing")]
    assert [(r.paper.id, r.direction) for r in idx.related["beta"]] == [("alpha", "incoming")]


def test_reading_order_neighbours(idx: Indexes) -> None:
    assert [p.id for p in idx.reading_order] == ["epsilon", "alpha", "beta"]
    before, after = idx.neighbours("alpha")
    assert before is not None and before.id == "epsilon"
    assert after is not None and after.id == "beta"
    assert idx.neighbours("gamma") == (None, None)


def test_to_read_grouped_by_first_topic(idx: Indexes) -> None:
    groups = [(t.id if t else None, [p.id for p in papers]) for t, papers in idx.to_read()]
    assert groups == [(None, ["delta"])]  # gamma is to read too, but the to-do list links it
    assert list(todo_papers(idx.library.todo)) == ["gamma"]


def test_to_read_groups_follow_the_first_topic_and_skip_the_to_do_list(tmp_path: Path) -> None:
    (tmp_path / "papers.yaml").write_text(
        "topics: [{id: b, name: B}, {id: a, name: A}]\n"
        "papers:\n"
        "  - {id: p1, title: One, status: to-read, topics: [b, a]}\n"
        "  - {id: p2, title: Two, status: to-read, topics: [a]}\n"
        "  - {id: p3, title: Three, status: to-read}\n"
        "  - {id: p4, title: Four, status: to-read, topics: [a]}\n"
        "  - {id: p5, title: Five, status: read, read: 2024-01-01, topics: [a]}\n"
        "todo:\n"
        "  - {text: Four first, paper: p4}\n",
        encoding="utf-8",
    )
    queue = Indexes(load_library(tmp_path / "papers.yaml", today=dt.date(2026, 1, 1))).to_read()
    assert [(t.id if t else None, [p.id for p in papers]) for t, papers in queue] == [("b", ["p1"]), ("a", ["p2"]), (None, ["p3"])]


def test_to_read_starts_with_the_paper_waiting_longest(tmp_path: Path) -> None:
    (tmp_path / "papers.yaml").write_text(
        "papers:\n"
        "  - {id: p1, title: One, added: 2024-03-01}\n"
        "  - {id: p2, title: Two}\n"
        "  - {id: p3, title: Three, added: 2023-01-09, tags: [zotero-tag]}\n"
        "  - {id: p4, title: Four, added: 2024-01-01}\n",
        encoding="utf-8",
    )
    library = load_library(tmp_path / "papers.yaml", today=dt.date(2026, 1, 1))
    [(_, papers)] = Indexes(library).to_read()
    assert [p.id for p in papers] == ["p3", "p4", "p1", "p2"]  # undated last, in their own order
    assert papers[0].tags == ["zotero-tag"] and papers[0].added == dt.date(2023, 1, 9)


def test_memberships_and_counts(idx: Indexes) -> None:
    assert [(m.collection.id, m.position, m.section) for m in idx.memberships["alpha"]] == [("best", 2, "Speed round")]
    assert idx.counts() == {
        "papers": 5, "read": 3, "reading": 0, "to_read": 2, "readings": 4,
        "topics": 3, "collections": 1, "journal": 2,
    }  # fmt: skip
