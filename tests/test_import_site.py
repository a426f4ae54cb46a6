"""Every kind of source imported into an empty library: the data validates, the site builds strictly, notes reach pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from zotero_db import ZoteroDB

from conftest import empty_library, make_project, site_config
from paper_notes import cli
from paper_notes.datafiles import PAPER_MODELINE

README = """# Awesome Efficient Models [![Awesome](https://awesome.re/badge.svg)](https://awesome.re)

## Contents
- [Attention](#attention)

## Attention
- [FlashAttention: Fast and Memory-Efficient Exact Attention with IO-Awareness](https://arxiv.org/abs/2205.14135) [[code]](https://github.com/Dao-AILab/flash-attention)
- [Linformer: Self-Attention with Linear Complexity](https://arxiv.org/abs/2006.04768) (Linformer)

## Quantisation
| Paper | Year | Code |
| --- | --- | --- |
| [QLoRA: Efficient Finetuning of Quantized LLMs](https://arxiv.org/abs/2305.14314) | 2023 | [code](https://github.com/artidoro/qlora) |
"""


def write_sources(root: Path) -> dict[str, Path]:
    sources = root / "sources"
    (sources / "vault").mkdir(parents=True)
    with ZoteroDB(sources / "zotero.sqlite", version=7) as db:
        vision = db.collection("Vision")
        detr = db.item(
            "conferencePaper", title="End-to-End Object Detection with Transformers",
            creators=[("Nicolas", "Carion")], date="2020-05-26", collections=[vision], tags=["detection"],
            fields={"url": "https://arxiv.org/abs/2005.12872"},
        )  # fmt: skip
        db.note(detr, "<h1>Key idea</h1><p>Bipartite <b>matching</b>.<script>alert('note')</script></p>")
        pdf = db.attachment(detr, title="Full Text PDF", path="storage:detr.pdf", content_type="application/pdf")
        db.annotation(
            pdf, "highlight", text="set prediction <img src=x onerror=alert(1)>", comment="the framing", page_label="2"
        )
    (sources / "README.md").write_text(README, encoding="utf-8")
    (sources / "vault" / "ViT.md").write_text(
        "---\ntitle: An Image is Worth 16x16 Words\narxiv: 2010.11929\ntags: [vision]\n---\nSee [[DETR notes]].\n",
        encoding="utf-8",
    )
    (sources / "list.csv").write_text(
        "title,year,done\nDeep Residual Learning for Image Recognition,2016,✅\n", encoding="utf-8"
    )
    (sources / "refs.bib").write_text(
        "@article{lecun1998,\n  title={Gradient-Based Learning Applied to Document Recognition},\n"
        "  author={LeCun, Yann and Bottou, L{\\'e}on},\n  journal={Proceedings of the IEEE},\n  year={1998},\n"
        "  doi={10.1109/5.726791}\n}\n",
        encoding="utf-8",
    )
    return {kind: sources / name for kind, name in
            [("zotero", "zotero.sqlite"), ("markdown", "README.md"), ("vault", "vault"), ("csv", "list.csv"), ("bibtex", "refs.bib")]}  # fmt: skip


def test_each_source_imports_into_an_empty_library_that_builds_strictly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from mkdocs.commands.build import build

    project = make_project(tmp_path / "project", None)
    empty_library(project)
    monkeypatch.chdir(project)
    for kind, source in write_sources(tmp_path).items():
        assert cli.main(["import", str(source)]) == 0, (kind, capsys.readouterr())
        out = capsys.readouterr().out
        assert re.search(r"added [1-9]\d* new", out.splitlines()[-1]), (kind, out)
    assert cli.main(["validate", "--strict"]) == 0, capsys.readouterr()
    files = sorted(p.name for p in (project / "data" / "papers").glob("*.yaml"))
    assert files == [
        "deep-residual-learning-image-recognition.yaml", "end-end-object-detection-transformers.yaml", "flashattention.yaml",
        "image-worth-16x16-words.yaml", "lecun1998.yaml", "linformer.yaml", "qlora.yaml",  # a BibTeX key is the id
    ]  # fmt: skip
    assert all(
        p.read_text(encoding="utf-8").startswith(PAPER_MODELINE) for p in (project / "data" / "papers").glob("*.yaml")
    )
    build(site_config(project, project / "site", strict=True))
    page = (project / "site" / "papers" / "end-end-object-detection-transformers" / "index.html").read_text(
        encoding="utf-8"
    )
    assert "Bipartite <strong>matching</strong>." in page and "the framing" in page and "p. 2 · highlight" in page
    assert "alert('note')" not in page and "<img src=x" not in page  # notes and highlights are sanitised
    assert "set prediction &lt;img src=x" in page  # highlighted text is shown as text
    before = {p: p.read_bytes() for p in (project / "data").rglob("*.yaml")}
    for source in write_sources(tmp_path / "again").values():
        cli.main(["import", str(source)])
    assert {p: p.read_bytes() for p in (project / "data").rglob("*.yaml")} == before
