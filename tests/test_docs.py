"""The examples in the README and on the Data format page are real: they validate and say true things."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT, empty_library
from paper_notes.library import check_file, load_library

STUBS = """\
  - {id: gpt-3, title: Stub}
  - {id: sdxl, title: Stub}
  - {id: no-zero-shot, title: Stub}
  - {id: many-shot-icl, title: Stub}
  - {id: big-transfer, title: Stub}
"""


def yaml_blocks(path: Path) -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", path.read_text(encoding="utf-8"), re.S)


def test_data_format_examples_validate(tmp_path: Path) -> None:
    blocks = yaml_blocks(ROOT / "docs" / "data-format.md")
    paper, others = blocks[0], next(b for b in blocks if "collections:" in b)
    assert paper.startswith("# data/papers/lora.yaml") and "collections:" not in paper
    text = "papers:\n" + _as_item(paper) + STUBS + "topics:\n  - {id: fine-tuning, name: Fine-tuning}\n"
    data = tmp_path / "papers.yaml"
    data.write_text(text + others.replace("topics:\n", "", 1), encoding="utf-8")
    library = load_library(data, today=dt.date(2026, 1, 1))
    lora = next(p for p in library.papers if p.id == "lora")
    # the example is complete: every field of a paper is shown
    written = set(re.findall(r"^([a-z_]+):", paper, re.M))
    assert written >= set(type(lora).model_fields), set(type(lora).model_fields) - written


def _as_item(paper_file: str) -> str:
    """A paper file's text as an item of a ``papers:`` list: the same keys, indented under ``- ``."""
    lines, started = [], False
    for line in paper_file.splitlines():
        if not started and line and not line.startswith("#"):
            lines.append("  - " + line)
            started = True
        else:
            lines.append("    " + line if line else "")
    return "\n".join(lines) + "\n"


def _as_files(block: str) -> list[str]:
    """The paper files a docs example shows: the block itself, or each item of its ``papers:`` list."""
    if not re.search(r"^papers:", block, re.M):
        return [block]
    listed = block.split("papers:\n", 1)[1]
    listed = listed[: m.start()] if (m := re.search(r"^\S", listed, re.M)) else listed
    items = re.split(r"^  - ", listed, flags=re.M)[1:]
    return ["\n".join(line[4:] for line in ("    " + item).splitlines()) + "\n" for item in items]


def _paper_examples() -> list[tuple[str, str]]:
    """Every YAML block of the README and docs/ that shows a paper, in either layout."""
    found = []
    for page in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        for index, block in enumerate(yaml_blocks(page)):
            if re.search(r"^(id: |papers:\n  - id: )", block, re.M):
                found.append((f"{page.name}[{index}]", block))
    return found


def _stubbed(paper: dict[str, Any]) -> tuple[str, list[str]]:
    """Topic entries and stub paper ids for what a paper names, so that it validates on its own."""
    topics = "".join(f"  - {{id: {t}, name: T}}\n" for t in paper.get("topics") or [])
    named = set(paper.get("related") or []) | set(re.findall(r"\(paper:([a-z0-9-]+)", str(paper)))
    return (f"topics:\n{topics}" if topics else "topics: []\n"), sorted(named - {paper["id"]})


@pytest.mark.parametrize("name, block", _paper_examples(), ids=[n for n, _ in _paper_examples()])
def test_every_paper_example_validates_in_both_layouts(name: str, block: str, tmp_path: Path) -> None:
    """Pasted where `init` puts papers (data/papers/<id>.yaml) or under `papers:` in a single data file, a
    documented paper is valid."""
    import yaml

    files = _as_files(block)
    assert files, f"{name} shows no paper"
    if files != [block]:  # the single-file form is shown as such, beside a paper file that comes first
        assert block.startswith("# data/papers.yaml"), f"{name}: say where a papers: list goes"
        page = name.split("[")[0]
        first = next(b for n, b in _paper_examples() if n.startswith(page + "["))
        assert _as_files(first) == [first], f"{page}: the first paper example is a paper file, the layout init makes"
    for text in files:
        paper = yaml.safe_load(text)
        topics, stubs = _stubbed(paper)
        folder = tmp_path / paper["id"] / "folder"
        (folder / "data" / "papers").mkdir(parents=True)
        (folder / "data" / "papers.yaml").write_text(topics, encoding="utf-8")
        (folder / "data" / "papers" / f"{paper['id']}.yaml").write_text(text, encoding="utf-8")
        for stub in stubs:
            (folder / "data" / "papers" / f"{stub}.yaml").write_text(f"id: {stub}\ntitle: Stub\n", encoding="utf-8")
        _, problems = check_file(folder / "data" / "papers.yaml", today=dt.date(2026, 1, 1))
        assert not problems, f"{name} as data/papers/{paper['id']}.yaml:\n" + "\n".join(map(str, problems))
        single = tmp_path / paper["id"] / "single" / "papers.yaml"
        single.parent.mkdir(parents=True)
        stub_items = "".join(f"  - {{id: {stub}, title: Stub}}\n" for stub in stubs)
        single.write_text(topics + "papers:\n" + _as_item(text) + stub_items, encoding="utf-8")
        _, problems = check_file(single, today=dt.date(2026, 1, 1))
        assert not problems, f"{name} under papers: in a single file:\n" + "\n".join(map(str, problems))


def _library_with(tmp_path: Path, paper_file: str, topics: str) -> Path:
    """A folder-layout library holding ``paper_file`` as a paper's own file, plus stubs for what it names."""
    papers = tmp_path / "data" / "papers"
    papers.mkdir(parents=True)
    data = tmp_path / "data" / "papers.yaml"
    data.write_text(topics + "  - {id: language, name: Language}\n", encoding="utf-8")
    ident = re.search(r"^id: ([a-z0-9-]+)$", paper_file, re.M).group(1)  # type: ignore[union-attr]
    (papers / f"{ident}.yaml").write_text(paper_file, encoding="utf-8")
    for stub in re.findall(r"\{id: ([a-z0-9-]+), title: Stub\}", STUBS):
        (papers / f"{stub}.yaml").write_text(f"id: {stub}\ntitle: Stub\n", encoding="utf-8")
    return data


def test_readme_examples_validate(tmp_path: Path) -> None:
    paper, topics = yaml_blocks(ROOT / "README.md")[:2]
    library = load_library(_library_with(tmp_path, paper, topics), today=dt.date(2026, 1, 1))
    assert "lora" in {p.id for p in library.papers}


def test_data_format_paper_file_example_validates(tmp_path: Path) -> None:
    block = next(b for b in yaml_blocks(ROOT / "docs" / "data-format.md") if b.startswith("# yaml-language-server"))
    library = load_library(_library_with(tmp_path, block, "topics:\n  - {id: fine-tuning, name: Fine-tuning}\n"))
    assert library.locations["lora"].whole


def test_documented_error_messages_are_the_real_ones(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    Path("papers.yaml").write_text(
        "topics:\n  - {id: segmentation, name: Segmentation}\n"
        "papers:\n  - id: sam\n    title: Segment Anything\n    read: 2024-5-2\n    topics: [segmentaton]\n",
        encoding="utf-8",
    )
    _, problems = check_file(Path("papers.yaml"), today=dt.date(2026, 1, 1))
    produced = {str(p).split(":", 2)[2] for p in problems}
    documented = (ROOT / "README.md").read_text(encoding="utf-8") + (ROOT / "docs" / "contributing.md").read_text(
        encoding="utf-8"
    )
    lines = re.findall(r"^data/papers[./][^:\s]*:\d+: paper 'sa.*$", documented, re.M)
    shown = {line.split(":", 2)[2].replace("'segment-anything'", "'sam'") for line in lines}
    assert len(shown) >= 2 and shown <= produced, shown - produced


def test_the_readme_serve_command_is_quiet_and_the_notice_explained() -> None:
    """The run command turns off Material's end-of-life banner, and the README says once what it means."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = re.search(r"\*\*Run the site.*?```bash\n(.*?)\n```", readme, re.S).group(1)  # type: ignore[union-attr]
    assert command.endswith("&& NO_MKDOCS_2_WARNING=1 mkdocs serve")
    assert readme.count("end\nof life") + readme.count("end of life") == 1 and "docs/engines.md" in readme


def test_ci_runs_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = re.search(r"\*\*Run the tests:\*\*\n\n```bash\n(.*?)\n```", readme, re.S).group(1)  # type: ignore[union-attr]
    assert command in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()


def test_the_plugin_page_lists_every_option_with_its_default() -> None:
    """docs/plugin.md: the table and the YAML block name exactly the plugin's options, with their real defaults."""
    import yaml

    from paper_notes.plugin.config import OPTIONS

    text = (ROOT / "docs" / "plugin.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `([a-z_]+)` \| `([^`]*)` \|", text, re.M))
    assert rows == {name: str(value).lower() if isinstance(value, bool) else str(value) for name, value in OPTIONS.items()}
    block = next(b for b in yaml_blocks(ROOT / "docs" / "plugin.md") if "- paper-notes:" in b)
    options = yaml.safe_load(block)["plugins"][0]["paper-notes"]
    assert options == OPTIONS


def test_the_plugin_page_examples_are_real(tmp_path: Path) -> None:
    """The smallest site's paper file validates, and its mkdocs.yml names the plugin as the entry point does."""
    import yaml

    blocks = yaml_blocks(ROOT / "docs" / "plugin.md")
    config = yaml.safe_load(next(b for b in blocks if b.startswith("# mkdocs.yml")))
    assert config["plugins"] == ["search", "paper-notes"]
    paper = next(b for b in blocks if b.startswith("# data/papers/"))
    (tmp_path / "papers").mkdir()
    (tmp_path / "papers" / "vit.yaml").write_text(paper, encoding="utf-8")
    (tmp_path / "papers.yaml").write_text("", encoding="utf-8")
    library = load_library(tmp_path / "papers.yaml")
    assert [p.id for p in library.papers] == ["vit"]
    entry_points = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'paper-notes = "paper_notes.plugin.plugin:PaperNotesPlugin"' in entry_points


def test_bring_your_notes_examples_import_as_the_page_says(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from paper_notes import cli

    page = (ROOT / "docs" / "import.md").read_text(encoding="utf-8")
    examples = re.findall(r'```\w+ title="([^"]+)"\n(.*?)```', page, re.S)
    assert {name for name, _ in examples} == {"reading-list.md", "vault/Vision/DETR.md", "papers.csv"}
    for name, text in examples:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    empty_library(tmp_path)
    monkeypatch.chdir(tmp_path)
    for source in ("reading-list.md", "vault", "papers.csv"):
        assert cli.main(["import", source]) == 0
    out = capsys.readouterr().out
    assert "added 4 new and 1 topic" in out and "added 1 new and 1 topic" in out and "added 2 new" in out
    library = load_library(tmp_path / "data" / "papers.yaml", today=dt.date(2026, 1, 1))
    papers = {p.id: p for p in library.papers}
    assert papers["scaling-laws"].aliases == ["Scaling Laws"] and papers["retentive-network"].read == [dt.date(2024, 3, 2)]
    assert papers["roformer"].links == {"code": "https://github.com/ZhuiyiTechnology/roformer"}
    assert papers["detr"].topics == ["vision"] and papers["detr"].status == "read"
    assert papers["attention-all-you-need"].authors == ["Ashish Vaswani", "Noam Shazeer"]
    assert papers["attention-all-you-need"].status == "read" and papers["generative-adversarial-networks"].status == "to-read"
    assert cli.main(["validate", "--strict"]) == 0


def test_the_home_page_adds_a_paper_where_init_puts_it() -> None:
    """docs/index.md's "Add a paper" starts from a paper file, the layout `init` makes; the papers: list comes second."""
    page = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    section = page.split("## Add a paper", 1)[1]
    assert "`data/papers/<id>.yaml`" in section
    assert section.index("`data/papers/<id>.yaml`") < section.index("`papers:`")
