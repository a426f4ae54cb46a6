"""A large data file is parsed paper by paper under `mkdocs serve`; the result is the whole file's parse, or none."""
from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from paper_notes.yamlsource import ParsedFiles, Source, SourceError, parse_by_paper, parse_text

sys.path.insert(0, str(ROOT / "benchmarks"))
import synthetic  # noqa: E402

PATH = Path("data/papers.yaml")


def whole(text: str) -> Source:
    return parse_text(text, PATH, "data/papers.yaml")


def by_paper(text: str, known: dict[str, Source] | None = None) -> tuple[Source | None, dict[str, Source]]:
    return parse_by_paper(text, PATH, "data/papers.yaml", known or {})


def same(text: str) -> None:
    found, _ = by_paper(text)
    assert found is not None, "expected the file to be parsed paper by paper"
    expected = whole(text)
    assert found.data == expected.data
    assert found.spans == expected.spans


LIBRARY = yaml.safe_dump(synthetic.library(12), allow_unicode=True, sort_keys=False, width=100)


@pytest.mark.parametrize(
    "text",
    [
        LIBRARY,  # as yaml.safe_dump writes it: items at the left margin, block scalars, Chinese
        "topics:\n  - id: a\n    name: A\npapers:\n  - id: x\n    title: X\n    notes:\n      gap: |\n        - a list\n        - in a note\n"
        "  - id: y\n    authors:\n      - A. Person\n      - B. Person\n",
        "topics:\n- id: a\n  name: A\n\npapers:\n  # the first\n  - id: x\n    title: X\n\n\n  # between\n  - id: y\n    title: Y\n"
        "    notes:\n      gap: |\n        line one\n\n        line two\n\n# after\nlog:\n  - date: 2024-01-01\n    text: hi\n",
        "papers:\n- id: x\n  title: &t Shared\n  aliases: [*t]\n- id: y\n  title: 'quoted: yes'\n  read: [2024-01-02, 2024-01-03]\n",
        "# leading comment\npapers:\n- {id: x, title: Flow item}\n- id: y\n  title: >\n    folded\n    text\n\n",
        "papers:\n- id: x\n  title: X\ntodo:\n- paper: x\n",
    ],
    ids=["dumped", "indented", "comments-and-keys", "anchor-within-one", "flow-items", "key-after"],
)
def test_by_paper_equals_the_whole_file(text: str) -> None:
    same(text)


@pytest.mark.parametrize(
    "text",
    [
        "papers:\n- id: x\n  title: &t Shared\n- id: y\n  title: *t\n",  # an alias to another paper's anchor
        "base: &b {status: to-read}\npapers:\n- id: x\n  <<: *b\n",  # to an anchor outside the list
        "papers:\n- id: x\n  title: 'never closed\n- id: y\n",  # a syntax error: the whole file says where
        "papers:\n- id: x\n\ttitle: X\n",  # a tab
        "---\npapers:\n- id: x\n",  # a document marker
        "papers: [{id: x}]\n",  # a flow list
        "papers:\n  id: x\n",  # not a list
        "papers:\n- id: x\npapers:\n- id: y\n",  # twice: the whole file reports the duplicate key
    ],
)
def test_whatever_could_differ_is_left_to_the_whole_file(text: str) -> None:
    assert by_paper(text)[0] is None


def test_a_save_parses_only_the_papers_it_changed_and_keeps_the_others_objects(tmp_path: Path) -> None:
    first, known = by_paper(LIBRARY)
    assert first is not None and len(known) == 12
    title = first.data["papers"][0]["title"]
    edited = LIBRARY.replace(f"title: {title}", f"title: Edited {title}", 1)  # the first paper's title
    second, again = by_paper(edited, known)
    assert second is not None and second.data == whole(edited).data
    assert second.data["papers"][0] is not first.data["papers"][0]
    assert all(a is b for a, b in zip(second.data["papers"][1:], first.data["papers"][1:], strict=True))
    assert len(again) == 12  # what the next save may reuse: this parse's papers only


def test_parsed_files_use_it_for_a_large_file_only(tmp_path: Path) -> None:
    big = yaml.safe_dump(synthetic.library(400), allow_unicode=True, sort_keys=False, width=100)
    files = ParsedFiles()
    source = files.parse(big.encode("utf-8"), PATH, "data/papers.yaml")
    expected = whole(big)
    assert source.data == expected.data and source.spans == expected.spans
    assert files._items[(PATH, "data/papers.yaml")]  # parsed paper by paper
    small = ParsedFiles()
    small.parse(LIBRARY.encode("utf-8"), PATH, "data/papers.yaml")
    assert not small._items


@pytest.mark.parametrize("fixture", sorted((ROOT / "tests" / "fixtures").rglob("*.yaml")), ids=lambda p: p.name)
def test_every_fixture_is_parsed_alike_or_left_whole(fixture: Path) -> None:
    text = fixture.read_text(encoding="utf-8", errors="replace")
    found, _ = by_paper(text)
    if found is None:
        return
    expected = whole(text)
    assert found.data == expected.data and found.spans == expected.spans


def test_a_tab_on_a_line_of_its_own_before_the_first_paper_is_left_to_the_whole_file() -> None:
    text = "papers:\n\t\n- id: x\n  title: X\nkey: v\n"
    with pytest.raises(SourceError):
        whole(text)
    assert by_paper(text)[0] is None


INSERTS = [
    "\t", "\t- id: z", "---", "...", "% x", "  # c", "", "-x", " - y: 1", "-", "- ", "key: v", "\r", "  \r", "#", "   ",
    "papers:", "papers: # c", "  - id: q", "- id: q", "    - nested", "x:\t1", "- id: t\t", "  \t- id: u", "papers: []",
]


def test_hostile_edits_parse_alike_or_are_left_to_the_whole_file() -> None:
    """Lines inserted, removed and indented at random: whenever the file is parsed paper by paper, it is parsed
    as the whole file is (data and spans), and never where the whole file does not parse."""
    dumped = LIBRARY.split("\n")
    at = dumped.index("papers:")
    indented = "\n".join(dumped[: at + 1] + ["  " + line if line and not line[0].isalpha() else line for line in dumped[at + 1 :]])
    bases = [LIBRARY, indented, yaml.safe_dump(synthetic.library(4), allow_unicode=True, sort_keys=False, indent=4)]
    rnd = random.Random(21)
    by_papers = 0
    for _ in range(600):
        lines = rnd.choice(bases).split("\n")
        for _ in range(rnd.randint(0, 3)):
            k = rnd.randrange(len(lines) + 1)
            roll = rnd.random()
            if roll < 0.6:
                lines.insert(k, rnd.choice(INSERTS))
            elif k < len(lines):
                lines[k] = lines[k][1:] if roll < 0.8 else " " + lines[k]
        text = "\n".join(lines)
        if rnd.random() < 0.1:
            text = text.replace("\n", "\r\n")
        text = text.rstrip("\n") if rnd.random() < 0.2 else text + "\n" * rnd.randint(0, 2)
        found, _ = by_paper(text)
        if found is None:
            continue
        by_papers += 1
        expected = whole(text)  # raises if the whole file does not parse: the test fails
        assert found.data == expected.data and found.spans == expected.spans, text
    assert by_papers > 100  # most edits leave a file that can still be parsed paper by paper
