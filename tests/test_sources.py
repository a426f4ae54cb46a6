"""Importing what people already keep: CSV/TSV, vaults of notes, and what every import does (ids, duplicates, topics).

Each test writes its own source and library in tmp_path. Zotero's database and Markdown
documents have their own files (test_source_zotero.py, test_source_documents.py).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import empty_library
from paper_notes import cli
from paper_notes.datafiles import PAPER_MODELINE
from paper_notes.library import load_library
from paper_notes.model import Paper
from paper_notes.sources import SourceUnreadable, detect, read
from paper_notes.sources.base import Hints
from paper_notes.sources.common import html_to_markdown, loose_date, split_authors

TODAY = dt.date(2026, 1, 1)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = cli.main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def single(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty library in one file, data/papers.yaml, with a comment that must survive."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").mkdir()
    main = tmp_path / "data" / "papers.yaml"
    main.write_text(
        "# my library\ntopics:\n  - {id: vision, name: Vision, aliases: [CV]}\n\npapers: []\n", encoding="utf-8"
    )
    return main


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty library in the folder layout (as init makes it)."""
    monkeypatch.chdir(tmp_path)
    return empty_library(tmp_path)


def papers(main: Path) -> dict[str, Paper]:
    return {p.id: p for p in load_library(main, today=TODAY).papers}


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


# --- shared helpers ---------------------------------------------------------------------------


def test_people_and_dates_are_read_as_written_in_many_styles() -> None:
    assert split_authors("Vaswani, Ashish; Shazeer, Noam") == ["Ashish Vaswani", "Noam Shazeer"]
    assert split_authors("Hinton, Geoffrey E.") == ["Geoffrey E. Hinton"]
    assert split_authors("A. Radford, J. W. Kim and C. Hallacy") == ["A. Radford", "J. W. Kim", "C. Hallacy"]
    assert split_authors("何恺明、张祥雨") == ["何恺明", "张祥雨"]
    assert [loose_date(t) for t in ("2023-05-01 10:00:00", "2023/5/1", "12.2023", "May 2023", "2023年5月1日", "2021")] == [
        "2023-05-01", "2023-05-01", "2023-12", "2023-05", "2023-05-01", "2021",
    ]  # fmt: skip
    assert loose_date("2023-02-30") == "2023-02" and loose_date("no date") is None


def test_html_notes_lose_scripts_and_keep_their_formatting() -> None:
    text = html_to_markdown(
        '<div data-schema-version="9"><h1>Key idea</h1><p>Low <b>rank</b> <script>alert(1)</script>'
        '<a href="javascript:alert(2)">bad</a> <a href="https://x.org">good</a></p><ul><li>one</li></ul></div>'
    )
    assert text == "# Key idea\n\nLow **rank** bad [good](https://x.org)\n\n- one"


# --- CSV and TSV ------------------------------------------------------------------------------

ZOTERO_HEADER = (
    '"Key","Item Type","Publication Year","Author","Title","Publication Title","DOI","Url","Abstract Note","Date",'
    '"Date Added","Short Title","Extra","Notes","Manual Tags","Automatic Tags","Conference Name","Proceedings Title"'
)


def zotero_row(**cells: str) -> str:
    names = [n.strip('"') for n in ZOTERO_HEADER.split(",")]
    return ",".join('"' + cells.get(n, "").replace('"', '""') + '"' for n in names)


def test_a_zotero_csv_export_imports_with_its_authors_tags_and_notes(tmp_path: Path) -> None:
    rows = [
        zotero_row(**{
            "Key": "ABCD1234", "Item Type": "preprint", "Publication Year": "2021", "Title": "LoRA: Low-Rank Adaptation of Large Language Models",
            "Author": "Hu, Edward J.; Shen, Yelong; Wallis, Phillip", "DOI": "10.48550/ARXIV.2106.09685",
            "Url": "http://arxiv.org/abs/2106.09685", "Abstract Note": "A paradigm of NLP\nconsists of pre-training.",
            "Date": "2021-10-16", "Date Added": "2023-05-01 10:00:00", "Extra": "arXiv:2106.09685 [cs]",
            "Notes": '<div data-schema-version="8"><p>Low <b>rank</b> works</p></div>;<div><p>Second note</p></div>',
            "Manual Tags": "fine-tuning; llm", "Automatic Tags": "Computer Science - Machine Learning",
        }),
        zotero_row(**{"Key": "EFGH5678", "Item Type": "attachment", "Title": "Full Text PDF", "Url": "https://x.org/a.pdf"}),
        zotero_row(**{
            "Key": "IJKL9012", "Item Type": "conferencePaper", "Publication Year": "2017", "Title": "Attention is All you Need",
            "Author": "Vaswani, Ashish; Shazeer, Noam", "Proceedings Title": "Advances in Neural Information Processing Systems",
            "Conference Name": "NeurIPS", "Url": "https://proceedings.neurips.cc/paper/2017/hash/3f5ee243.html",
        }),
        zotero_row(**{"Key": "MNOP3456", "Item Type": "journalArticle", "Title": ""}),
    ]  # fmt: skip
    path = tmp_path / "My Library.csv"
    path.write_bytes(("\ufeff" + ZOTERO_HEADER + "\n" + "\n".join(rows) + "\n").encode("utf-8"))
    assert detect(path) == "csv"
    source = read(path)
    assert [(s.where, s.reason) for s in source.skipped] == [
        ("My Library.csv:4", "a Zotero attachment, not a paper"),
        ("My Library.csv:6", "no title"),
    ]
    lora, attention = source.found
    assert lora.where == "My Library.csv:2" and lora.kind == "paper"
    assert lora.authors == ["Edward J. Hu", "Yelong Shen", "Phillip Wallis"]
    assert lora.arxiv == "2106.09685" and lora.doi == "10.48550/ARXIV.2106.09685" and lora.links == {}
    assert lora.published == "2021-10-16" and lora.added == "2023-05-01"
    assert lora.tags == ["fine-tuning", "llm", "Computer Science - Machine Learning"]
    assert lora.notes == {
        "abstract": "A paradigm of NLP\nconsists of pre-training.",
        "note": "Low **rank** works",
        "note 3": "Second note",
    }
    assert attention.venue == "Advances in Neural Information Processing Systems"  # the proceedings, not the short name
    assert attention.links == {"paper": "https://proceedings.neurips.cc/paper/2017/hash/3f5ee243.html"}


def test_a_chinese_reading_table_with_a_done_column(tmp_path: Path) -> None:
    path = tmp_path / "reading.csv"
    path.write_text(
        "论文,年份,会议,链接,代码,已读,简介\n"
        "Deep Residual Learning for Image Recognition,2016,CVPR 2016,https://arxiv.org/abs/1512.03385,"
        "https://github.com/KaimingHe/deep-residual-networks,✅,残差连接\n"
        '"Masked Autoencoders Are Scalable Vision Learners",2021,CVPR 2022,https://doi.org/10.1109/CVPR52688.2022.01553,,,\n',
        encoding="utf-8",
    )
    resnet, mae = read(path).found
    assert (resnet.title, resnet.published, resnet.venue, resnet.arxiv) == (
        "Deep Residual Learning for Image Recognition", "2016", "CVPR 2016", "1512.03385",
    )  # fmt: skip
    assert resnet.links == {"code": "https://github.com/KaimingHe/deep-residual-networks"}
    assert resnet.status == "read" and resnet.summary == "残差连接"
    assert mae.doi == "10.1109/CVPR52688.2022.01553" and mae.status == "to-read"


def test_columns_are_told_from_their_cells_and_can_be_named(tmp_path: Path) -> None:
    path = tmp_path / "list.tsv"
    path.write_text(
        "Paper name\tWhen\tok\tx\n"
        "Generative Adversarial Networks\t2014\tyes\t2024-03-02\n"
        "Auto-Encoding Variational Bayes\t2013\tno\t\n",
        encoding="utf-8",
    )
    gan, vae = read(path).found  # 'Paper name' is not a known header: the widest text column is the title
    assert gan.title == "Generative Adversarial Networks" and gan.published == "2014" and gan.status == "read"
    assert gan.read == ["2024-03-02"] and vae.status == "to-read"
    hinted = read(path, hints=Hints(columns={"2": "ignore", "x": "added"})).found[0]
    assert hinted.published is None and hinted.added == "2024-03-02" and hinted.read == []


def test_excel_csv_in_gb18030_is_read_and_said(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes("标题,作者\n图神经网络综述,张三、李四\n".encode("gb18030"))
    source = read(path)
    assert source.found[0].title == "图神经网络综述" and source.found[0].authors == ["张三", "李四"]
    assert source.warnings == ["excel.csv is not UTF-8; it was read as GB18030 (Excel's Chinese encoding)"]


def test_a_csv_without_a_title_column_says_how_to_name_it(tmp_path: Path) -> None:
    path = tmp_path / "numbers.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(
        SourceUnreadable, match=r"no column holds the titles \(columns: 'a', 'b'\); say which with --column NAME=title"
    ):
        read(path)


# --- vaults -----------------------------------------------------------------------------------


def write_vault(root: Path) -> Path:
    vault = root / "vault"
    (vault / "Vision" / "Detection").mkdir(parents=True)
    (vault / ".obsidian").mkdir()
    (vault / "templates").mkdir()
    (vault / ".obsidian" / "app.md").write_text("not a note", encoding="utf-8")
    (vault / "templates" / "paper.md").write_text("---\ntitle: {{title}}\n---\n", encoding="utf-8")
    (vault / "Vision" / "Detection" / "DETR.md").write_text(
        "---\ntitle: End-to-End Object Detection with Transformers\naliases: [DETR]\n"
        "authors:\n  - Nicolas Carion\n  - Francisco Massa\nyear: 2020\ndoi: 10.1007/978-3-030-58452-8_13\n"
        "tags: [detection, transformers]\nstatus: read\ndate read: 2024-02-03\nrating: ⭐⭐⭐⭐\ncssclass: wide\n---\n"
        "# End-to-End Object Detection with Transformers\n\nSet prediction, compare [[ViT|the ViT note]] and [[Missing note]].\n"
        "![[detr-figure.png]]\n",
        encoding="utf-8",
    )
    (vault / "ViT.md").write_text(
        "---\ntitle:\nurl: https://arxiv.org/abs/2010.11929v2\ncreated: 2023-11-30\n---\n"
        "# An Image is Worth 16x16 Words\n\nPatches as tokens.\n",
        encoding="utf-8",
    )
    (vault / "Mamba notes.md").write_text("No front matter and no heading.\n", encoding="utf-8")
    (vault / "broken.md").write_text("---\ntitle: Broken\nauthors: [unclosed\n---\nbody\n", encoding="utf-8")
    return vault


def test_a_vault_reads_front_matter_titles_folders_and_names_broken_notes(tmp_path: Path) -> None:
    vault = write_vault(tmp_path)
    assert detect(vault) == "vault"
    source = read(vault)
    by_title = {f.title: f for f in source.found}
    assert sorted(by_title) == [
        "An Image is Worth 16x16 Words",
        "End-to-End Object Detection with Transformers",
        "Mamba notes",
    ]
    detr = by_title["End-to-End Object Detection with Transformers"]
    assert detr.aliases == ["DETR"] and detr.authors == ["Nicolas Carion", "Francisco Massa"]
    assert (detr.published, detr.doi, detr.status, detr.read, detr.rating) == (
        "2020", "10.1007/978-3-030-58452-8_13", "read", ["2024-02-03"], 4,
    )  # fmt: skip
    assert detr.tags == ["detection", "transformers"] and detr.topics == [("Vision", "Detection")]
    assert detr.body is not None and detr.body.startswith("Set prediction")  # the heading repeating the title is gone
    vit = by_title["An Image is Worth 16x16 Words"]  # a null title falls back to the first heading
    assert vit.arxiv == "2010.11929" and vit.added == "2023-11-30" and vit.topics == []
    assert by_title["Mamba notes"].body == "No front matter and no heading."  # then to the file name
    skipped = {s.where: s for s in source.skipped}
    assert skipped["broken.md:3"].broken and "front matter is not valid YAML" in skipped["broken.md:3"].reason
    assert skipped["templates/paper.md"].reason == "a template, not a paper"
    assert source.warnings == []  # cssclass is Obsidian's own: nothing to say about it


def test_importing_a_vault_links_notes_to_each_other_and_builds_topics(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    vault = write_vault(tmp_path)
    status, out, err = run(capsys, "import", str(vault))
    assert status == 1, err  # the broken note is named, and the exit status says so; the rest imported
    assert "skipped broken.md:3: its front matter is not valid YAML" in out
    assert "embeds detr-figure.png, which were left out" in out
    assert out.strip().endswith(
        "added 3 new and 2 topics (3 files in data/papers/), 0 already present, 2 skipped (1 its front matter is not valid YAML; 1 a template, not a paper)."
    )
    found = papers(folder)
    detr = found["detr"]
    assert detr.topics == ["detection"] and detr.body is not None
    assert (
        "[the ViT note](paper:image-worth-16x16-words)" in detr.body
        and "Missing note" in detr.body
        and "[[" not in detr.body
    )
    library = load_library(folder, today=TODAY)
    assert [(t.id, t.name, t.parent) for t in library.topics] == [
        ("vision", "Vision", None),
        ("detection", "Detection", "vision"),
    ]


# --- what every import does ---------------------------------------------------------------------


def write_csv(path: Path) -> Path:
    path.write_text(
        "title,year,arxiv,topic,date read\n"
        "Attention Is All You Need,2017,1706.03762,Language/Transformers,2024-01-02\n"
        "Vision Transformer,2020,,CV,\n"
        "attention is all you need!,2017,,,\n"  # the same paper again, by its folded title
        "LoRA,2021,2106.09685v2,Language,\n",
        encoding="utf-8",
    )
    return path


def test_an_import_names_duplicates_and_a_second_import_changes_nothing(
    single: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_csv(tmp_path / "list.csv")
    status, out, err = run(capsys, "import", str(source))
    assert status == 0, err
    assert "not added list.csv:4 'attention is all you need!': the same paper as list.csv:2" in out
    assert "added 3 new and 2 topics (data/papers.yaml:" in out and "1 already present, 0 skipped." in out
    text = single.read_text(encoding="utf-8")
    assert text.startswith("# my library\ntopics:\n  - {id: vision, name: Vision, aliases: [CV]}\n")  # untouched
    found = papers(single)
    assert (
        found["attention-all-you-need"].topics == ["transformers"] and found["attention-all-you-need"].status == "read"
    )
    assert found["vision-transformer"].topics == ["vision"]  # 'CV' is the Vision topic's alias
    assert found["lora"].arxiv == "2106.09685" and found["lora"].topics == ["language"]
    library = load_library(single, today=TODAY)
    assert {(t.id, t.parent) for t in library.topics} == {
        ("vision", None),
        ("language", None),
        ("transformers", "language"),
    }
    before = snapshot(tmp_path / "data")
    status, out, _ = run(capsys, "import", str(source))
    assert status == 0 and snapshot(tmp_path / "data") == before
    assert out.strip().endswith("added 0 new, 4 already present, 0 skipped.")


def test_a_dry_run_prints_what_was_understood_and_writes_nothing(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_csv(tmp_path / "list.csv")
    before = snapshot(tmp_path / "data")
    status, out, _ = run(capsys, "import", str(source), "--dry-run")
    assert status == 0 and snapshot(tmp_path / "data") == before
    header, rule, first, *_ = out.splitlines()
    assert header.split() == ["title", "ids", "date", "topic", "from", "outcome"]
    assert first.split("  ")[0] == "Attention Is All You Need" and "arXiv 1706.03762" in first
    assert "Language › Transformers" in first and "list.csv:2" in first and first.endswith("new attention-all-you-need")
    assert (
        "would add 3 new and 3 topics, 1 already present, 0 skipped." in out and "dry run: nothing was written" in out
    )


def test_papers_already_in_the_library_are_found_by_doi_arxiv_or_title(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "data" / "papers" / "mine.yaml").write_text(
        f"{PAPER_MODELINE}\n# my own words stay\nid: mine\ntitle: 'LoRA: Low-Rank Adaptation'\narxiv: 2106.09685\n",
        encoding="utf-8",
    )
    before = (tmp_path / "data" / "papers" / "mine.yaml").read_bytes()
    source = tmp_path / "list.csv"
    source.write_text("title,doi\nSomething else entirely,10.48550/arXiv.2106.09685\n", encoding="utf-8")
    status, out, _ = run(capsys, "import", str(source))
    assert "already present list.csv:2: 'Something else entirely' is 'mine' (data/papers/mine.yaml:3)" in out
    assert (tmp_path / "data" / "papers" / "mine.yaml").read_bytes() == before and len(papers(folder)) == 1


def test_a_field_the_model_refuses_is_left_out_and_said_not_the_paper(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "list.csv"
    source.write_text("title,rating,link\nA Paper,9,https://example.org/a\n", encoding="utf-8")
    status, out, _ = run(capsys, "import", str(source), "--status", "reading")
    assert status == 0
    paper = papers(folder)["paper"]
    assert paper.status == "reading" and paper.rating is None and paper.links == {"paper": "https://example.org/a"}


@pytest.mark.parametrize("flag", [["--column", "title"], ["--column", "x=nonsense"]])
def test_a_bad_column_flag_is_an_error(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], flag: list[str]
) -> None:
    source = write_csv(tmp_path / "list.csv")
    status, _, err = run(capsys, "import", str(source), *flag)
    assert status == 1 and "write NAME=ROLE (or NUMBER=ROLE)" in err


def test_a_source_that_cannot_be_read_is_one_clear_line(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = run(capsys, "import", str(tmp_path / "nowhere.csv"))
    assert status == 1 and err.strip() == f"error: {tmp_path / 'nowhere.csv'} does not exist"
    fake = tmp_path / "zotero.sqlite"
    fake.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    status, _, err = run(capsys, "import", str(fake))
    assert status == 1 and err.startswith("error: ") and "not a Zotero database" in err and "Traceback" not in err


def test_front_matter_keys_nobody_understood_are_named_once(tmp_path: Path) -> None:
    vault = tmp_path / "notes"
    vault.mkdir()
    for name in ("a", "b"):
        (vault / f"{name}.md").write_text(f"---\ntitle: Paper {name}\nmood: happy\n---\ntext\n", encoding="utf-8")
    source = read(vault)
    assert source.warnings == [
        "front-matter key 'mood' (2 notes) was not imported; --column 'mood=ROLE' says what it is"
    ]
    assert read(vault, hints=Hints(columns={"mood": "summary"})).found[0].summary == "happy"


def test_a_title_matches_itself_with_or_without_a_name_before_its_colon() -> None:
    from paper_notes.importing import Existing

    known = Existing()
    known.add("imagen", None, None, "Photorealistic Text-to-Image Diffusion Models with Deep Language Understanding")
    known.add("wand", None, None, "If LLM Is the Wizard, Then Code Is the Wand: A Survey on Code and Agents")
    known.add("gnn-survey", None, None, "GNN: A Comprehensive Survey of Methods")
    assert known.duplicate_of(None, None, "Imagen: Photorealistic Text-to-Image Diffusion Models with Deep Language Understanding") == "imagen"
    assert known.duplicate_of(None, None, "If LLM Is the Wizard, Then Code Is the Wand") == "wand"  # a long lead alone
    assert known.duplicate_of(None, None, "LLM: A Comprehensive Survey of Methods") is None  # two subtitles alone are not one paper
    assert known.duplicate_of(None, None, "A Comprehensive Survey of Methods") == "gnn-survey"


def test_titles_arrive_as_plain_text_and_long_cells_are_read(tmp_path: Path) -> None:
    path = tmp_path / "hostile.csv"
    note = "<p>" + "long note " * 30000 + "</p>"
    path.write_text(
        'Title,Notes\n"<b onclick=x>Growth of <i>E. coli</i> &amp; H<sub>2</sub>O</b> <script>alert(1)</script>","'
        + note
        + '"\n',
        encoding="utf-8",
    )
    [found] = read(path).found
    assert found.title == "Growth of E. coli & H2O alert(1)" and len(found.notes["notes"]) > 200000
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "x.md").write_text('---\ntitle: "**[DETR](https://x.org)**: <em>sets</em>"\n---\n', encoding="utf-8")
    assert read(vault).found[0].title == "DETR: sets"


def test_a_bibtex_abstract_keywords_and_annote_arrive_as_notes_and_tags(tmp_path: Path) -> None:
    path = tmp_path / "refs.bib"
    path.write_text(
        "@article{k, title={A Title}, year={2020},\n  abstract={We show that {LaTeX} and\n  line breaks read as one paragraph.},\n"
        "  keywords={contrastive learning, vision; to-cite},\n  annote={Read for the {reading group}.}}\n",
        encoding="utf-8",
    )
    [found] = read(path).found
    assert found.notes == {"abstract": "We show that LaTeX and line breaks read as one paragraph.", "note": "Read for the reading group."}
    assert found.tags == ["contrastive learning", "vision", "to-cite"]


def test_a_notion_export_reads_its_status_and_dates(tmp_path: Path) -> None:
    path = tmp_path / "Papers 1a2b.csv"
    path.write_text(
        "\ufeffName,Tags,URL,Status,Created\n"
        "Denoising Diffusion Implicit Models,\"diffusion, sampling\",https://arxiv.org/abs/2010.02502,Done,\"January 5, 2024 3:12 PM\"\n"
        "Consistency Models,diffusion,https://arxiv.org/abs/2303.01469,Not started,\"March 1, 2024 9:00 AM\"\n"
        "Flow Matching for Generative Modeling,,https://arxiv.org/abs/2210.02747,In progress,\n",
        encoding="utf-8",
    )
    ddim, consistency, flow = read(path).found
    assert (ddim.status, ddim.tags, ddim.arxiv, ddim.added) == ("read", ["diffusion", "sampling"], "2010.02502", "2024-01-05")
    assert consistency.status == "to-read" and flow.status == "reading"
