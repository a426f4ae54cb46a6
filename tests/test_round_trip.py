"""Lossless round trips: a library exported as BibTeX and imported into an empty library comes back the same,
and its CSL-JSON says what its BibTeX says (ids, titles, authors, years, venues, types, pages and the rest)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from roundtrip import bibtex_round_trip, csl_differences, differences

from conftest import empty_library
from paper_notes import bibtex, cli
from paper_notes.export import export
from paper_notes.library import load_library
from paper_notes.model import Paper

LIBRARY = r"""
papers:
  - id: flash-attention
    title: "FlashAttention: Fast and Memory-Efficient Exact Attention with IO-Awareness"
    aliases: [FlashAttention]
    authors: [Tri Dao, Daniel Y. Fu, Stefano Ermon, Atri Rudra, Christopher Ré]
    published: 2022-05
    venue: Advances in Neural Information Processing Systems 35
    venue_kind: conference
    volume: 35
    pages: 16344–16359
    publisher: Curran Associates
    org: Stanford
    arxiv: 2205.14135
  - id: bert
    title: "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding"
    authors: [Jacob Devlin, Ming-Wei Chang, Kenton Lee, Kristina Toutanova]
    published: 2018-10
    venue: NAACL 2019
    pages: 4171-4186
    org: Google
    doi: 10.18653/v1/N19-1423
  - id: l1-sparse-coding
    title: 'ℓ₁ Penalties and x² Losses: Sparse Codes in ℝⁿ with $\mathcal{O}(1)$ Memory'
    authors: [Zoë Çelik, Jérôme de la Cruz]
    published: 2011-03
    venue: Journal of Machine Learning Research
    volume: 12
    issue: 3
    pages: 1–26
    publisher: JMLR.org
  - id: alpha-fold
    title: Highly accurate protein structure prediction with AlphaFold
    authors: [John Jumper, Richard Evans]
    published: 2021-07-15
    venue: Nature
    volume: 596
    issue: "7873"
    pages: 583–589
    publisher: Springer Nature
    org: DeepMind
  - id: chain-of-thought-prompting
    title: Chain-of-Thought Prompting Elicits Reasoning in Large Language Models
    authors: [Jason Wei, Xuezhi Wang]
    published: 2022-01
    arxiv: 2201.11903
    org: Google Research
  - id: t2t-vit
    title: "Tokens-to-Token ViT: Training Vision Transformers from Scratch on ImageNet"
    published: 2021-01
    venue: ICCV 2021
    arxiv: 2101.11986
  - id: gpt-4-report
    title: GPT-4 Technical Report
    kind: report
    authors: [Josh Achiam]
    published: 2023-03
    org: OpenAI
    arxiv: 2303.08774
  - id: moe-explained
    kind: blog
    title: Mixture of Experts Explained
    authors: [Omar Sanseviero]
    published: 2023-12-11
    org: Hugging Face
    links: {blog: "https://huggingface.co/blog/moe"}
"""


@pytest.fixture
def library(tmp_path: Path) -> list[Paper]:
    path = tmp_path / "library" / "papers.yaml"
    path.parent.mkdir()
    path.write_text(LIBRARY, encoding="utf-8")
    return load_library(path).papers


def test_a_library_survives_bibtex_export_and_import(library: list[Paper], tmp_path: Path) -> None:
    again = bibtex_round_trip(library, tmp_path / "again")
    assert differences(library, again) == []
    types = {p.id: bibtex.entry_type(p) for p in again}
    assert types == {
        "flash-attention": "inproceedings", "bert": "inproceedings", "l1-sparse-coding": "article",
        "alpha-fold": "article", "chain-of-thought-prompting": "misc", "t2t-vit": "misc", "gpt-4-report": "techreport",
        "moe-explained": "misc",
    }  # fmt: skip
    by_id = {p.id: p for p in again}
    assert by_id["l1-sparse-coding"].title.startswith("ℓ₁ Penalties and x² Losses: Sparse Codes in ℝⁿ")
    assert by_id["flash-attention"].venue_kind == "conference"  # the name does not say so; the entry type did
    assert by_id["bert"].venue_kind is None  # 'NAACL' says it
    assert by_id["t2t-vit"].venue == "ICCV 2021"  # a @misc's howpublished
    assert by_id["moe-explained"].venue is None and by_id["moe-explained"].org == ["Hugging Face"]  # who, not where
    # exported again, each entry is the same text; but a post comes back as a paper (BibTeX has no type for
    # posts), and a paper's org is where its authors work, which its entry leaves out
    assert {p.id: bibtex.entry(p) for p in again if p.id != "moe-explained"} == {
        p.id: bibtex.entry(p) for p in library if p.id != "moe-explained"
    }


def test_csl_json_says_what_bibtex_says(library: list[Paper]) -> None:
    assert csl_differences(library) == []
    items = {i["id"]: i for i in json.loads(export(library, "csl-json"))}
    assert items["bert"]["issued"] == {"date-parts": [[2019]]}  # NAACL 2019, as BibTeX's year; not 2018-10
    assert items["alpha-fold"]["issued"] == {"date-parts": [[2021, 7, 15]]}  # the venue's year: the full date
    assert items["flash-attention"]["type"] == "paper-conference" and items["alpha-fold"]["type"] == "article-journal"
    assert (items["l1-sparse-coding"]["volume"], items["l1-sparse-coding"]["issue"], items["l1-sparse-coding"]["page"]) == (
        "12", "3", "1-26"
    )
    assert "publisher" not in items["bert"]  # Google is where the authors work, not a publisher
    assert items["gpt-4-report"]["publisher"] == "OpenAI"  # a report's institution
    assert items["alpha-fold"]["publisher"] == "Springer Nature"


BIB = r"""
@inproceedings{flash-attention,
  title = {{FlashAttention}: Fast and Memory-Efficient Exact Attention with {IO}-Awareness},
  author = {Dao, Tri and Fu, Daniel Y.},
  booktitle = {Advances in Neural Information Processing Systems},
  volume = {35},
  number = {2},
  pages = {16344--16359},
  publisher = {Curran Associates, Inc.},
  year = {2022}
}

@article{DBLP:journals/x/Jumper21,
  title = {Highly accurate protein structure prediction with {AlphaFold}},
  author = {Jumper, John},
  journal = {Nature},
  year = {2021}
}

@article{index,
  title = {An Index of Everything},
  author = {Some One},
  journal = {Journal of Lists},
  year = {2020}
}

@misc{lora,
  title = {A Different Paper Whose Key Is Taken},
  author = {Some One},
  year = {2020}
}
"""


def test_import_keeps_the_entry_type_fields_and_keys(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    main = empty_library(tmp_path)
    (main.parent / "papers" / "lora.yaml").write_text("id: lora\ntitle: LoRA\n", encoding="utf-8")
    (tmp_path / "refs.bib").write_text(BIB, encoding="utf-8")
    assert cli.main(["import", "refs.bib"]) == 0
    files = sorted(p.stem for p in (main.parent / "papers").glob("*.yaml"))
    # a valid, free key is the id; DBLP's, the reserved 'index' and a taken key are not
    assert files == ["different-paper-whose-key-taken", "flash-attention", "highly-accurate-protein-structure-prediction", "index-everything", "lora"]
    flash = yaml.safe_load((main.parent / "papers" / "flash-attention.yaml").read_text(encoding="utf-8"))
    assert {k: flash[k] for k in ("venue", "venue_kind", "volume", "issue", "pages", "publisher")} == {
        "venue": "Advances in Neural Information Processing Systems", "venue_kind": "conference", "volume": 35,
        "issue": 2, "pages": "16344–16359", "publisher": "Curran Associates, Inc.",
    }  # fmt: skip
    nature = yaml.safe_load((main.parent / "papers" / "highly-accurate-protein-structure-prediction.yaml").read_text(encoding="utf-8"))
    assert "venue_kind" not in nature  # 'Nature' is a journal's name: nothing to record
    papers = {p.id: p for p in load_library(main).papers}
    text = bibtex.entry(papers["flash-attention"])
    assert text.startswith("@inproceedings{flash-attention,")
    for line in ("booktitle = {Advances in Neural Information Processing Systems}", "volume = {35}", "number = {2}",
                 "pages = {16344--16359}", "publisher = {Curran Associates, Inc.}"):  # fmt: skip
        assert line in text
