"""Relative links in Markdown fields: read from the docs folder, checked like paper: links, resolved on every page."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from textwrap import dedent

import pytest

from paper_notes.cli import main
from paper_notes.library import check_file
from tests.conftest import build_site

TODAY = dt.date(2026, 1, 1)

DATA = """\
topics:
  - id: attention
    name: Attention
    description: See [the plot](assets/missing.png) and [home](./).
papers:
  - id: lora
    title: LoRA
    topics: [attention]
    notes:
      gap: |
        Unlike [FlashAttention](flash-attention), this one
        keeps [the plot](assets/plot.png), [the page](papers/flash-attention/#method),
        [about](about.md), [about, by address](about/), [web](https://example.org/x),
        [mail](mailto:a@example.org), [here](#gap) and ![plot](assets/plot.png).
    figures:
      - src: assets/plot.png
        caption: "[up](../outside.md)"
  - id: flash-attention
    title: FlashAttention
log:
  - date: 2025-01-02
    title: Day
    body: "[FlashAttention](papers/flash-atention/)"
"""


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    (folder / "assets").mkdir(parents=True)
    (folder / "assets" / "plot.png").write_bytes(b"\x89PNG")
    (folder / "about.md").write_text("# About\n", encoding="utf-8")
    return folder


def test_relative_links_that_name_nothing_are_reported_with_file_line_entry_and_field(
    tmp_path: Path, docs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("papers.yaml").write_text(DATA, encoding="utf-8")
    library, problems = check_file(Path("papers.yaml"), docs_dir=docs, today=TODAY)
    assert library is None
    messages = sorted(str(p) for p in problems)
    tail = " names no page or file of the site (a relative link is read from the docs folder, whatever page shows it)"
    assert messages == sorted([
        "papers.yaml:4: topic 'attention': description: error: relative link 'assets/missing.png'" + tail,
        "papers.yaml:10: paper 'lora': notes.gap: error: relative link 'flash-attention'" + tail
        + "; did you mean `paper:flash-attention`?",
        "papers.yaml:17: paper 'lora': figures[0].caption: error: relative link '../outside.md'" + tail,
        "papers.yaml:23: journal entry of 2025-01-02: body: error: relative link 'papers/flash-atention/'" + tail,
    ]), messages


def test_validate_fails_on_a_relative_link_that_names_nothing(
    tmp_path: Path, docs: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("papers.yaml").write_text(DATA, encoding="utf-8")
    assert main(["validate", "--data", "papers.yaml", "--docs", str(docs)]) == 1
    err = capsys.readouterr().err
    assert "papers.yaml:10: paper 'lora': notes.gap: error: relative link 'flash-attention'" in err
    assert "did you mean `paper:flash-attention`?" in err


def test_strict_build_fails_on_it_and_good_relative_links_work_from_every_page(tmp_path: Path) -> None:
    from mkdocs.exceptions import Abort

    bad = tmp_path / "bad.yaml"
    bad.write_text(DATA, encoding="utf-8")
    with pytest.raises((Abort, SystemExit)):
        build_site(bad, tmp_path / "bad-site")

    good = tmp_path / "good.yaml"
    good.write_text(dedent("""\
        papers:
          - id: lora
            title: LoRA
            topics: [t]
            notes:
              gap: "See [FlashAttention](papers/flash-attention/) and [the log](log.md) or [home](./)."
          - id: flash-attention
            title: FlashAttention
        topics:
          - id: t
            name: T
            description: "Beside [FlashAttention](papers/flash-attention/#method)."
        """), encoding="utf-8")
    site = build_site(good, tmp_path / "site")
    page = (site / "papers" / "lora" / "index.html").read_text(encoding="utf-8")
    assert 'href="../flash-attention/"' in page and 'href="../../log/"' in page and 'href="../.."' in page
    topic = (site / "topics" / "t" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../papers/flash-attention/#method"' in topic


def test_a_listing_page_the_plugin_writes_is_a_page_to_link_to(tmp_path: Path, docs: Path) -> None:
    """log/, papers/, stats.md... exist on every site (the plugin writes those the docs folder lacks)."""
    data = tmp_path / "papers.yaml"
    body = "See [the log](log/), [all papers](papers/), [stats](stats.md) and [nothing](logs/)."
    data.write_text(f"papers:\n  - id: a\n    title: A\n    body: \"{body}\"\n", encoding="utf-8")
    assert not (docs / "log.md").exists() and not (docs / "papers").exists()
    library, problems = check_file(data, docs_dir=docs, today=TODAY)
    assert [p.message.split(" names ")[0] for p in problems] == ["relative link 'logs/'"]
