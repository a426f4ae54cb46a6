"""Unit tests of loading and validation: every problem found, each tied to its line and field."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from textwrap import dedent
from typing import Callable

import pytest

from paper_notes.library import check_file, load_library
from paper_notes.model import PartialDate, parse_partial_date, suggest_slug
from paper_notes.problems import DataError

TODAY = dt.date(2026, 1, 1)
MINIMAL = """\
papers:
  - id: a
    title: A
"""


def problems_of(write_data: Callable[..., Path], text: str) -> list:
    _, problems = check_file(write_data(dedent(text)), today=TODAY)
    return problems


def test_minimal_file_loads(write_data: Callable[..., Path]) -> None:
    library = load_library(write_data(MINIMAL), today=TODAY)
    (paper,) = library.papers
    assert paper.id == "a" and paper.title == "A"
    assert paper.status == "to-read" and paper.read == [] and paper.lang == "en"


def test_full_paper_is_typed(write_data: Callable[..., Path]) -> None:
    library = load_library(
        write_data(
            dedent(
                """\
                topics:
                  - {id: t, name: T}
                papers:
                  - id: lora
                    title: "LoRA: Low-Rank Adaptation"
                    aliases: [LoRA]
                    authors: [Edward J. Hu]
                    published: 2021-06
                    org: Microsoft
                    arxiv: 2106.09680
                    doi: 10.48550/arXiv.2106.09685
                    links: {code: "https://github.com/microsoft/LoRA"}
                    topics: [t]
                    read: 2024-01-02
                    rating: 4
                    notes:
                      gap: one
                      method: two
                """
            )
        ),
        today=TODAY,
    )
    paper = library.papers[0]
    assert paper.arxiv == "2106.09680"  # the trailing zero survives: decimals stay text
    assert paper.published == PartialDate(2021, 6)
    assert paper.org == ["Microsoft"]
    assert paper.read == [dt.date(2024, 1, 2)]
    assert paper.status == "read"  # derived from the read date
    assert list(paper.notes) == ["gap", "method"]
    assert paper.short_name == "LoRA"


@pytest.mark.parametrize(
    ("value", "expected"),
    [(2017, PartialDate(2017)), ("2017-06", PartialDate(2017, 6)), ("2017-06-12", PartialDate(2017, 6, 12))],
)
def test_partial_dates(value: object, expected: PartialDate) -> None:
    assert parse_partial_date(value) == expected
    assert str(expected) == str(value)


@pytest.mark.parametrize("value", ["2024-02-30", "2024-13", "June 2017", "17-06"])
def test_bad_partial_dates(value: str) -> None:
    with pytest.raises(ValueError):
        parse_partial_date(value)


def test_suggest_slug() -> None:
    assert suggest_slug("Café Noir 2") == "cafe-noir-2"
    assert suggest_slug("扩散") == ""


def test_every_problem_is_listed_with_line_entry_and_field(write_data: Callable[..., Path]) -> None:
    problems = problems_of(
        write_data,
        """\
        papers:
          - id: good
            title: Good
          - id: bad-one
            title: 123
            read: 2024-02-30
          - id: bad-two
            titel: Typo
            status: done
        """,
    )
    text = [str(p) for p in problems]
    assert any(t.startswith("papers.yaml:5: paper 'bad-one': title: error: expected text") for t in text), text
    assert any(t.startswith("papers.yaml:6: paper 'bad-one': read: error: '2024-02-30' is not a real date") for t in text)
    assert any(t.startswith("papers.yaml:7: paper 'bad-two': title: error: is required") for t in text)
    assert any("papers.yaml:8: paper 'bad-two': titel: error: unknown key 'titel'; did you mean 'title'?" in t for t in text)
    assert any(t.startswith("papers.yaml:9: paper 'bad-two': status: error: expected one of") for t in text)
    assert len(problems) == 5


@pytest.mark.parametrize(
    ("snippet", "line", "message"),
    [
        ("    authors: Ada Lovelace\n", 4, "authors: error: expected a list"),
        ("    rating: 6\n", 4, "rating: error: expected a whole number from 1 to 5, got 6"),
        ("    arxiv: arXiv:2106.09685\n", 4, "write just the id, e.g. '2106.09685'"),
        ("    arxiv: 2113.09685\n", 4, "is not an arXiv id"),
        ("    doi: https://doi.org/10.1000/xyz\n", 4, "write just the DOI, e.g. '10.1000/xyz'"),
        ("    links: {code: 'ftp://x.org/a'}\n", 4, "links.code: error: 'ftp://x.org/a' is not a web address"),
        ("    links: {code: 'javascript:alert(1)'}\n", 4, "is not a web address"),
        ("    read: 2024/3/5\n", 4, "write it as 2024-03-05"),
        ("    read: 2030-01-01\n", 4, "read: error: 2030-01-01 is in the future"),
        ("    read: [2024-01-01, 2024-01-01]\n", 4, "the same day is listed twice"),
        ("    topics: [nope]\n", 4, "topics[0]: error: unknown topic id 'nope'"),
        ("    related: [a]\n", 4, "a paper cannot be related to itself"),
        ("    related: [b]\n", 4, "related[0]: error: unknown paper id 'b'"),
        ("    summary: |\n      two\n      lines\n", 4, "summary: error: must be a single line"),
        ("    notes: {gap: 12}\n", 4, "notes.gap: error: expected text"),
        ("    figures: [{src: '../secret.png'}]\n", 4, "must be an http(s) URL or a path inside docs/"),
        ("    lang: Chinese\n", 4, "is not a language code"),
        ("    kind: video\n", 4, "kind: error: expected one of"),
        ("    title2: x\n", 4, "unknown key 'title2'; did you mean 'title'?"),
    ],
)
def test_field_problems(write_data: Callable[..., Path], snippet: str, line: int, message: str) -> None:
    problems = problems_of(write_data, "papers:\n  - id: a\n    title: A\n" + snippet)
    assert problems, snippet
    assert any(message in str(p) and str(p).startswith(f"papers.yaml:{line}:") for p in problems), [
        str(p) for p in problems
    ]


def test_published_after_read_is_a_warning(write_data: Callable[..., Path]) -> None:
    library, problems = check_file(
        write_data(MINIMAL + "    published: 2024-05\n    read: 2024-04-01\n"), today=TODAY
    )
    assert library is not None
    assert [p.warning for p in problems] == [True]
    assert "before it was published (2024-05)" in str(problems[0])


def test_ids_unique_ignoring_case(write_data: Callable[..., Path]) -> None:
    problems = problems_of(
        write_data,
        """\
        papers:
          - {id: a, title: A}
          - {id: a, title: B}
        topics:
          - {id: t, name: T}
          - {id: t, name: U}
        """,
    )
    messages = [str(p) for p in problems]
    assert any("papers.yaml:3: paper 'a': id: error: paper id 'a' is already used on line 2" in m for m in messages)
    assert any("topic id 't' is already used on line 5" in m for m in messages)


def test_unicode_id_gets_a_suggestion(write_data: Callable[..., Path]) -> None:
    problems = problems_of(write_data, "papers:\n  - {id: Café-Noir, title: A}\n")
    assert "try 'cafe-noir'" in str(problems[0])


def test_topic_cycles_and_unknown_parents(write_data: Callable[..., Path]) -> None:
    problems = problems_of(
        write_data,
        """\
        papers: []
        topics:
          - {id: a, name: A, parent: b}
          - {id: b, name: B, parent: a}
          - {id: c, name: C, parent: zz}
        """,
    )
    messages = [str(p) for p in problems]
    assert any("topic parents form a cycle: a > b > a" in m for m in messages), messages
    assert any("papers.yaml:5: topic 'c': parent: error: unknown topic id 'zz'" in m for m in messages), messages


def test_collection_and_journal_references(write_data: Callable[..., Path]) -> None:
    problems = problems_of(
        write_data,
        """\
        papers:
          - {id: alpha, title: A}
        log:
          - {date: 2024-01-01, title: J, body: x, papers: [alpah]}
        collections:
          - id: c
            title: C
            items:
              - paper: alpha
              - paper: alpha
              - paper: nope
        """,
    )
    messages = [str(p) for p in problems]
    assert any("papers.yaml:4: journal entry of 2024-01-01: papers[0]: error: unknown paper id 'alpah'; did you mean 'alpha'?" in m for m in messages), messages
    assert any("papers.yaml:10: collection 'c': items[1].paper: error: paper 'alpha' is listed twice" in m for m in messages), messages
    assert any("papers.yaml:11: collection 'c': items[2].paper: error: unknown paper id 'nope'" in m for m in messages), messages


def test_journal_ids_default_to_the_date(write_data: Callable[..., Path]) -> None:
    library = load_library(
        write_data(
            MINIMAL
            + "log:\n  - {date: 2024-01-01, title: J, body: x}\n  - {date: 2024-01-01, title: K, body: y}\n"
        ),
        today=TODAY,
    )
    assert [j.id for j in library.journal] == ["2024-01-01", "2024-01-01-2"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the file is empty"),
        ("- id: a\n", "expected a mapping with 'papers:'"),
        ("papers:\n", "'papers' must be a list (one '- ' item per entry), got nothing"),
        ("topics: []\n", "the 'papers:' list is missing"),
        ("papers: []\npaper: []\n", "unknown key 'paper'; did you mean 'papers'?"),
    ],
)
def test_top_level_shape(write_data: Callable[..., Path], text: str, message: str) -> None:
    with pytest.raises(DataError) as excinfo:
        load_library(write_data(text), today=TODAY)
    assert message in str(excinfo.value)


def test_spans_cover_each_entry(write_data: Callable[..., Path]) -> None:
    library = load_library(
        write_data("papers:\n  - id: a\n    title: A\n\n  # a comment\n  - id: b\n    title: B\n    notes:\n      x: |\n        y\n\n"),
        today=TODAY,
    )
    assert (library.locations["a"].span.start, library.locations["a"].span.end) == (2, 3)
    assert (library.locations["b"].span.start, library.locations["b"].span.end) == (6, 10)


def test_anchors_aliases_and_merge_keys_are_allowed(write_data: Callable[..., Path]) -> None:
    library = load_library(
        write_data(
            dedent(
                """\
                papers:
                  - &base
                    id: a
                    title: A
                    authors: &people [Ada Lovelace, Alan Turing]
                    venue: NeurIPS 2020
                  - <<: *base
                    id: b
                    title: B
                  - id: c
                    title: C
                    authors: *people
                """
            )
        ),
        today=TODAY,
    )
    a, b, c = library.papers
    assert b.venue == "NeurIPS 2020" and b.authors == a.authors == c.authors
    assert (library.locations["b"].span.start, library.locations["b"].span.end) == (7, 9)
