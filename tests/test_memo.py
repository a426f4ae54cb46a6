"""Work one build hands the next under `mkdocs serve`: reused by what it was made from, forgotten when unused."""
from __future__ import annotations

from pathlib import Path

from conftest import FIXTURES
from paper_notes.build import Carried
from paper_notes.library import load_library
from paper_notes.memo import Memo, NoMemo, digest
from paper_notes.plugin.firstlook import changed_records, move_into


def test_a_table_keeps_what_the_last_build_used_and_drops_the_rest() -> None:
    memo, made = Memo(), []

    def work(value: str) -> str:
        made.append(value)
        return value.upper()

    for values in (["a", "b"], ["a"], ["a", "b"]):
        memo.next_build()
        assert [memo.table("t").by_value(v, work, v) for v in values] == [v.upper() for v in values]
    assert made == ["a", "b", "b"]  # 'b' was not used by the second build, so the third made it again
    assert memo.sizes() == {"t": 2}


def test_objects_are_known_by_identity_and_kept_alive() -> None:
    memo = Memo()
    first, equal = ["x"], ["x"]
    memo.next_build()
    assert memo.table("o").by_object(first, len) == 1
    calls = []
    assert memo.table("o").by_object(equal, lambda obj: calls.append(obj) or 7) == 7  # equal, but another object
    assert calls == [equal]


def test_unused_tables_go_and_no_memo_forgets() -> None:
    memo = Memo()
    memo.next_build()
    memo.table("old").by_value("k", str, 1)
    for _ in range(3):
        memo.next_build()
    assert "old" not in memo.sizes()
    forgetful = NoMemo()
    assert forgetful.table("t").by_value("k", str, 1) == "1" and forgetful.sizes() == {}
    assert digest({"a": [1, "1"]}) != digest({"a": [1, 1]})


def test_an_unchanged_entry_is_the_same_record_and_a_changed_one_is_new(tmp_path: Path) -> None:
    data = tmp_path / "papers.yaml"
    text = (FIXTURES / "papers.yaml").read_text(encoding="utf-8")
    data.write_text(text, encoding="utf-8")
    carried = Carried()
    carried.memo.next_build()
    before = load_library(data, parsed=carried.parsed, memo=carried.memo)
    first = before.papers[0]
    data.write_text(text.replace(f"title: {first.title}", "title: Changed Title", 1), encoding="utf-8")
    carried.memo.next_build()
    after = load_library(data, parsed=carried.parsed, memo=carried.memo)
    assert after.papers[0].title == "Changed Title" and after.papers[0] is not first
    assert all(a is b for a, b in zip(after.papers[1:], before.papers[1:], strict=True))  # the file was parsed again, yet reused
    assert changed_records(before, after) == [("paper", first.id)]


def test_the_rebuild_moves_in_file_by_file_and_says_if_a_watched_page_changed(tmp_path: Path) -> None:
    served, shadow = tmp_path / "site", tmp_path / "shadow"
    for root, files in ((served, {"a/index.html": "old", "gone/index.html": "x", "same.html": "s"}),
                        (shadow, {"a/index.html": "new", "b/index.html": "b", "same.html": "s"})):  # fmt: skip
        for rel, text in files.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(text, encoding="utf-8")
    assert not move_into(shadow, served, {"same.html"})
    assert sorted(p.relative_to(served).as_posix() for p in served.rglob("*") if p.is_file()) == [
        "a/index.html", "b/index.html", "same.html"]  # fmt: skip
    assert (served / "a" / "index.html").read_text(encoding="utf-8") == "new" and not (served / "gone").exists()
    (shadow / "a").mkdir(parents=True, exist_ok=True)
    (shadow / "a" / "index.html").write_text("newer", encoding="utf-8")
    assert move_into(shadow, served, {"a/index.html"})


def test_a_save_written_beside_the_file_is_not_an_input(tmp_path: Path) -> None:
    """An editor or tool writes papers.yaml.tmp (or a swap file) and moves it in: the watcher may see it, the first
    look must not take it for a page or template that changed."""
    from paper_notes.plugin.firstlook import data_snapshot, snapshot

    data = tmp_path / "data" / "papers.yaml"
    (tmp_path / "data" / "papers").mkdir(parents=True)
    data.write_text("papers: []\n", encoding="utf-8")
    (tmp_path / "data" / "notes.md").write_text("kept\n", encoding="utf-8")
    before = snapshot([tmp_path / "data"], data), data_snapshot(data)
    for name in ("papers.yaml.tmp", ".papers.yaml.swp", "papers/x.yaml.tmp", "papers.yaml~"):
        (tmp_path / "data" / name).write_text("x", encoding="utf-8")
    assert (snapshot([tmp_path / "data"], data), data_snapshot(data)) == before
    (tmp_path / "data" / "notes.md").write_text("changed\n", encoding="utf-8")
    assert snapshot([tmp_path / "data"], data) != before[0]
