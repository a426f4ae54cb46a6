"""The Markdown documents reader: READMEs, reading logs, blog posts and digests, each written here in tmp_path."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from paper_notes import sources
from paper_notes.sources import documents
from paper_notes.sources.base import ROLES, Found, Hints, Source, SourceUnreadable
from paper_notes.sources.documents import document_shape, looks_like_documents, read_documents


def read(tmp_path: Path, text: str, name: str = "notes.md", **hints: object) -> Source:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read_documents(path, Hints(**hints))  # type: ignore[arg-type]


def by_title(source: Source) -> dict[str, Found]:
    return {paper.title: paper for paper in source.found}


# ---------------------------------------------------------------------------
# Reading logs: headings as dates


def test_a_month_headed_bullet_list_is_a_reading_log(tmp_path: Path) -> None:
    source = read(
        tmp_path,
        """\
# Reading log

## 2024-04-02

- [Attention Is All You Need](https://arxiv.org/abs/1706.03762v5) (Transformer)
  - Summary: self-attention only, no recurrence.
  - Method: multi-head attention with positional encodings.
- Deep Residual Learning for Image Recognition
- [ ] Some Paper To Read Later With a Long Title

## March 2024

- [BERT: Pre-training of Deep Bidirectional Transformers](https://arxiv.org/pdf/1810.04805.pdf) [[code](https://github.com/google-research/bert)]
""",
    )
    papers = by_title(source)
    assert list(papers) == [
        "Attention Is All You Need",
        "Deep Residual Learning for Image Recognition",
        "Some Paper To Read Later With a Long Title",
        "BERT: Pre-training of Deep Bidirectional Transformers",
    ]
    attention = papers["Attention Is All You Need"]
    assert attention.where == "notes.md:5"
    assert attention.arxiv == "1706.03762"
    assert attention.aliases == ["Transformer"]
    assert attention.read == ["2024-04-02"] and attention.status == "read"
    assert attention.notes == {
        "Summary": "self-attention only, no recurrence.",
        "Method": "multi-head attention with positional encodings.",
    }
    assert attention.topics == []  # the lone H1 is the document's title; date headings are not topics
    resnet = papers["Deep Residual Learning for Image Recognition"]
    assert resnet.read == ["2024-04-02"] and resnet.arxiv is None
    later = papers["Some Paper To Read Later With a Long Title"]
    assert later.status == "to-read" and later.read == [] and later.added == "2024-04-02"
    # a month in a log that has days: read that month, and the data keeps only days
    bert = papers["BERT: Pre-training of Deep Bidirectional Transformers"]
    assert bert.status == "read" and bert.read == [] and bert.published is None
    assert bert.arxiv == "1810.04805" and bert.links == {"code": "https://github.com/google-research/bert"}
    assert bert.summary is None  # the brackets around [code] are not a description


@pytest.mark.parametrize(
    "heading, day",
    [("## 2024.9.1", "2024-09-01"), ("### 2023-05-12", "2023-05-12"), ("## 2024年9月1日", "2024-09-01"),
     ("## March 3, 2024", "2024-03-03"), ("## 2024/9/1 (Sunday)", "2024-09-01"), ("## Week of 2024-03-18", "2024-03-18")],
)  # fmt: skip
def test_day_headings_in_every_form_date_what_is_under_them(tmp_path: Path, heading: str, day: str) -> None:
    source = read(tmp_path, f"{heading}\n\n- [Mask R-CNN](https://arxiv.org/abs/1703.06870)\n")
    assert [(p.title, p.read, p.status) for p in source.found] == [("Mask R-CNN", [day], "read")]


def test_month_headings_are_publication_months_when_the_arxiv_ids_agree(tmp_path: Path) -> None:
    source = read(
        tmp_path,
        """\
# Papers of the month

## March 2024

- [Griffin](https://arxiv.org/abs/2402.19427)
- [Larimar](https://arxiv.org/abs/2403.11901)
- [Deeper Layers](https://arxiv.org/abs/2403.17887)

## 2024.4

- [LLM2Vec](https://arxiv.org/abs/2404.05961)
""",
    )
    assert [(p.title, p.published, p.status, p.read) for p in source.found] == [
        ("Griffin", "2024-03", None, []),
        ("Larimar", "2024-03", None, []),
        ("Deeper Layers", "2024-03", None, []),
        ("LLM2Vec", "2024-04", None, []),
    ]


def test_month_headings_without_evidence_are_reading_months_and_years_are_publication_years(tmp_path: Path) -> None:
    months = read(
        tmp_path,
        "## 2024.9\n\n- [Attention Is All You Need](https://arxiv.org/abs/1706.03762)\n- [ResNet](https://arxiv.org/abs/1512.03385)\n",
    )
    assert [(p.title, p.published, p.status, p.read) for p in months.found] == [
        ("Attention Is All You Need", None, "read", []),
        ("ResNet", None, "read", []),
    ]
    years = read(
        tmp_path, "## 2017\n\n- [Attention Is All You Need](https://papers.nips.cc/paper/7181-attention.pdf)\n"
    )
    assert [(p.title, p.published, p.status) for p in years.found] == [("Attention Is All You Need", "2017", None)]


def test_book_title_marks_under_date_headings(tmp_path: Path) -> None:
    source = read(
        tmp_path,
        """\
# 2024.3

## 2023.3.22

《**Latent Diffusion: Image Synthesis in a Small Space**》
2022 年的文章，把扩散搬到潜空间，要点：
1，背景：像素空间扩散太贵
2，方法：先用自编码器压缩，再在潜空间扩散
3，实验结果，速度快很多

总体上值得一读。

## 2024.3.5

停了一阵，今天继续。

《(CM3)A Causal Masked Model of the Web》

写得很密。

## 2024.3.6

这天只记了一些想法，没有论文。
""",
    )
    papers = by_title(source)
    assert list(papers) == ["Latent Diffusion: Image Synthesis in a Small Space", "A Causal Masked Model of the Web"]
    ldm = papers["Latent Diffusion: Image Synthesis in a Small Space"]
    assert ldm.read == ["2024-03-22"]  # the heading says 2023 inside the March 2024 month
    assert ldm.summary == "2022 年的文章，把扩散搬到潜空间"
    assert ldm.notes == {
        "背景": "像素空间扩散太贵",
        "方法": "先用自编码器压缩，再在潜空间扩散",
        "实验结果": "速度快很多",
    }
    assert ldm.body == "总体上值得一读。"
    assert source.warnings == ["notes.md:3: the heading '2023.3.22' is under '2024-03'; read as 2024-03-22"]
    cm3 = papers["A Causal Masked Model of the Web"]
    assert cm3.aliases == ["CM3"] and cm3.read == ["2024-03-05"] and cm3.body == "写得很密。"


def test_a_pending_list_holds_to_read_papers_and_leaves_chinese_todos_out(tmp_path: Path) -> None:
    source = read(
        tmp_path,
        """\
# pending list

- [ ] Opening the black box of Deep Neural Networks via Information
- [ ] Learning phrase representations using rnn encoder-decoder for statistical machine translation2014年，提出了GRU
- [ ] 写综述：GNN 论文总结
- [ ] GAP global average pooling
- [x] Grad-CAM: Visual Explanations from Deep Networks
- [ ] 通用内容
  - [ ] Big Transfer (BiT): General Visual Representation Learning （CNN里做得比较大的）
  - [ ] 向量检索相关技术
""",
    )
    papers = by_title(source)
    assert list(papers) == [
        "Opening the black box of Deep Neural Networks via Information",
        "Learning phrase representations using rnn encoder-decoder for statistical machine translation",
        "Grad-CAM: Visual Explanations from Deep Networks",
        "Big Transfer (BiT): General Visual Representation Learning",
    ]
    assert [p.status for p in papers.values()] == ["to-read", "to-read", "read", "to-read"]
    gru = papers["Learning phrase representations using rnn encoder-decoder for statistical machine translation"]
    assert gru.published == "2014" and gru.summary == "2014年，提出了GRU"
    assert (
        papers["Big Transfer (BiT): General Visual Representation Learning"].topics == []
    )  # a to-do is not a category
    assert [(s.where, s.reason) for s in source.skipped] == [
        ("notes.md:6", "'GAP global average pooling': a to-do item that does not read as a paper title")
    ]


# ---------------------------------------------------------------------------
# Tables


def test_a_weekly_table_with_a_date_column_dates_each_row_as_read(tmp_path: Path) -> None:
    source = read(
        tmp_path,
        """\
# Weekly papers

## Week 12

| Date | Paper | Venue | Notes |
|------|-------|-------|-------|
| 2024-03-18 | [LoRA: Low-Rank Adaptation of Large Language Models](https://arxiv.org/abs/2106.09685) | ICLR 2022 | low-rank adapters |
| 2024-03-20 | Scaling Laws for Neural Language Models | arXiv | power laws |
|  |  |  |  |
""",
    )
    lora, scaling = source.found
    assert (lora.title, lora.where, lora.arxiv, lora.venue, lora.read, lora.status) == (
        "LoRA: Low-Rank Adaptation of Large Language Models", "notes.md:7", "2106.09685", "ICLR 2022", ["2024-03-18"], "read"
    )  # fmt: skip
    assert lora.notes == {"Notes": "low-rank adapters"} and lora.topics == []  # 'Week 12' is a time, not a topic
    assert (scaling.title, scaling.venue, scaling.read, scaling.notes) == (
        "Scaling Laws for Neural Language Models",
        None,
        ["2024-03-20"],
        {"Notes": "power laws"},
    )  # 'arXiv' is not a venue


def test_a_chinese_table_with_a_done_column(tmp_path: Path) -> None:
    source = read(
        tmp_path,
        """\
| 论文 | 年份 | 作者 | 完成 | 备注 |
| --- | --- | --- | --- | --- |
| 《Deep Residual Learning for Image Recognition》 | 2016 | Kaiming He, Xiangyu Zhang | ✅ | 残差连接 |
| [Mask R-CNN](https://arxiv.org/abs/1703.06870) | 2017 | Kaiming He | | |
| [YOLO](https://arxiv.org/abs/1506.02640) | 2016 | | ✗ | |
""",
    )
    assert [(p.title, p.published, p.authors, p.status, p.summary) for p in source.found] == [
        ("Deep Residual Learning for Image Recognition", "2016", ["Kaiming He", "Xiangyu Zhang"], "read", "残差连接"),
        ("Mask R-CNN", "2017", ["Kaiming He"], "to-read", None),
        ("YOLO", "2016", [], "to-read", None),
    ]


def test_columns_are_recognised_by_content_when_headers_say_nothing(tmp_path: Path) -> None:
    source = read(
        tmp_path,
        """\
| Paper | When | ? | Stars |
|---|---|---|---|
| [A Paper About Things](https://arxiv.org/abs/2101.00001) | 2021 | [x] | ★★★★ |
| [Another Paper About Stuff](https://arxiv.org/abs/2102.00002) | 2021 | [ ] | ★★ |
""",
    )
    assert [(p.published, p.status, p.rating) for p in source.found] == [("2021", "read", 4), ("2021", "to-read", 2)]


def test_the_columns_hint_overrides_inference_by_header_or_number(tmp_path: Path) -> None:
    text = """\
| Name | Who | Comment | Year |
|---|---|---|---|
| [Segment Anything](https://arxiv.org/abs/2304.02643) | Meta | vision, segmentation | 2023 |
"""
    plain = read(tmp_path, text).found[0]
    assert (plain.notes, plain.summary, plain.org, plain.published) == (
        {"Who": "Meta"},
        "vision, segmentation",
        [],
        "2023",
    )
    hinted = read(tmp_path, text, columns={"who": "org", "3": "tags", "Year": "ignore"}).found[0]
    assert hinted.org == ["Meta"] and hinted.tags == ["vision", "segmentation"] and hinted.published is None
    assert hinted.notes == {} and hinted.summary is None


# ---------------------------------------------------------------------------
# READMEs


README = """\
# Awesome Vision

![badge](https://img.shields.io/badge/awesome-yes-green) ![logo](https://example.org/logo.png)

## Table of Contents

- [Detection](#detection)
- [Segmentation](#segmentation)

## Detection

### Two-stage

- [Faster R-CNN: Towards Real-Time Object Detection](https://arxiv.org/abs/1506.01497) ![](https://img.shields.io/badge/NeurIPS-2015-blue)
- [Mask R-CNN](https://arxiv.org/abs/1703.06870)

## Segmentation

<sub>![](https://img.shields.io/badge/04.2023-blue?style=flat)</sub> &nbsp;
[Segment Anything](https://arxiv.org/abs/2304.02643) (SAM) [![GitHub stars](https://img.shields.io/github/stars/facebookresearch/segment-anything)](https://github.com/facebookresearch/segment-anything)
<br>

----

| Figure | Summary |
|---|---|
| ![fig](https://example.org/fig1.png) | <h3>[Mask RCNN](https://arxiv.org/abs/1703.06870)</h3> Adds a mask branch to Faster R-CNN. See also [the FPN paper](https://arxiv.org/abs/1612.03144). |
| ![fig](https://example.org/fig2.png) | <h3>[SAM](https://arxiv.org/abs/2304.02643)</h3> Promptable segmentation. |
|||

## License

- [A Licence Paper](https://arxiv.org/abs/2001.00001)
"""


def test_a_readme_with_toc_badges_images_and_a_repeating_table(tmp_path: Path) -> None:
    source = read(tmp_path, README, name="README.md")
    papers = by_title(source)
    assert list(papers) == ["Faster R-CNN: Towards Real-Time Object Detection", "Mask R-CNN", "Segment Anything"]
    faster = papers["Faster R-CNN: Towards Real-Time Object Detection"]
    assert (
        faster.topics == [("Detection", "Two-stage")] and faster.venue == "NeurIPS 2015" and faster.published == "2015"
    )
    mask = papers["Mask R-CNN"]
    assert mask.where == "README.md:15" and mask.topics == [("Detection", "Two-stage")]  # the table adds no topic
    assert mask.aliases == [] and mask.notes == {
        "Summary": "Adds a mask branch to Faster R-CNN. See also [the FPN paper](https://arxiv.org/abs/1612.03144)."
    }
    sam = papers["Segment Anything"]
    assert sam.where == "README.md:20" and sam.published == "2023-04" and sam.aliases == ["SAM"]
    assert sam.links == {"code": "https://github.com/facebookresearch/segment-anything"}
    assert sam.summary == "Promptable segmentation." and sam.notes == {}  # one short line is a summary
    assert [(s.where, s.reason) for s in source.skipped] == [
        (
            "README.md:27",
            "arXiv 1612.03144 is only mentioned in passing (in the notes of 'Mask R-CNN'), not listed as a paper",
        )
    ]


def test_a_heading_that_is_a_papers_title_takes_the_sections_under_it(tmp_path: Path) -> None:
    source = read(
        tmp_path,
        """\
# Notes

## [Denoising Diffusion Probabilistic Models](https://arxiv.org/abs/2006.11239)

Predict the noise, not the image.

### Method

A fixed forward process and a learned reverse one.

### Thoughts

Simple and strong. It builds on [VAE](https://arxiv.org/abs/1312.6114).

## [Auto-Encoding Variational Bayes](https://arxiv.org/abs/1312.6114)

The reparameterisation trick.
""",
    )
    ddpm, vae = source.found
    assert (ddpm.title, ddpm.arxiv, ddpm.topics, ddpm.summary) == (
        "Denoising Diffusion Probabilistic Models", "2006.11239", [], "Predict the noise, not the image."
    )  # fmt: skip
    assert ddpm.notes == {
        "Method": "A fixed forward process and a learned reverse one.",
        "Thoughts": "Simple and strong. It builds on [VAE](https://arxiv.org/abs/1312.6114).",
    }
    assert ddpm.related == ["Auto-Encoding Variational Bayes"]
    assert (vae.title, vae.body, vae.where) == (
        "Auto-Encoding Variational Bayes",
        "The reparameterisation trick.",
        "notes.md:15",
    )
    assert source.skipped == []


def test_list_labels_are_nested_topics(tmp_path: Path) -> None:
    source = read(
        tmp_path,
        """\
# Language

## Alignment

- [InstructGPT](https://arxiv.org/abs/2203.02155)

## Other

- **Vision**
  - [ViT](https://arxiv.org/abs/2010.11929)
""",
    )
    assert [(p.title, p.topics) for p in source.found] == [
        ("InstructGPT", [("Language", "Alignment")]),
        ("ViT", [("Language", "Other", "Vision")]),
    ]


def test_the_headings_hint(tmp_path: Path) -> None:
    text = "# Vision\n\n## 2024-05-01\n\n- [ViT](https://arxiv.org/abs/2010.11929)\n\n# To read\n\n- [DETR](https://arxiv.org/abs/2005.12872)\n"
    auto = read(tmp_path, text).found
    assert [(p.topics, p.read, p.status) for p in auto] == [
        ([("Vision",)], ["2024-05-01"], "read"),
        ([], [], "to-read"),
    ]
    topics = read(tmp_path, text, headings="topics").found
    assert [(p.topics, p.read) for p in topics] == [([("Vision", "2024-05-01")], []), ([], [])]
    dates = read(tmp_path, text, headings="dates").found
    assert [(p.topics, p.read) for p in dates] == [([], ["2024-05-01"]), ([], [])]
    none = read(tmp_path, text, headings="none").found
    assert [(p.topics, p.read, p.status) for p in none] == [([], [], None), ([], [], None)]
    paper_heading = read(
        tmp_path, "# Vision\n\n## [ViT](https://arxiv.org/abs/2010.11929)\n\nPatches as tokens.\n", headings="none"
    )
    assert [(p.title, p.topics, p.body) for p in paper_heading.found] == [("ViT", [], "Patches as tokens.")]


def test_boilerplate_sections_hold_no_papers(tmp_path: Path) -> None:
    text = "".join(
        f"## {name}\n\n- [Paper {i} About Something](https://arxiv.org/abs/2101.0000{i})\n\n"
        for i, name in enumerate(
            ["Contents", "References", "License", "Contributing", "Citation", "Acknowledgements", "目录"]
        )
    )
    assert (
        read(tmp_path, text + "## Papers\n\n- [The Only Paper](https://arxiv.org/abs/2201.00001)\n").found[0].title
        == "The Only Paper"
    )
    assert len(read(tmp_path, text + "## Papers\n\n- [The Only Paper](https://arxiv.org/abs/2201.00001)\n").found) == 1


# ---------------------------------------------------------------------------
# Titles, aliases, identifiers and links


def test_aliases_in_brackets_and_short_names(tmp_path: Path) -> None:
    source = read(
        tmp_path,
        """\
- [Training Compute-Optimal Large Language Models](https://arxiv.org/abs/2203.15556) (Chinchilla)
- [Language Models are Few-Shot Learners](https://arxiv.org/abs/2005.14165) (GPT-3) (NeurIPS 2020)
- [Mixture of Experts Explained](https://huggingface.co/blog/moe) (MoE) and [Mixtral of experts](https://mistral.ai/news/mixtral-of-experts/) (Mixtral 8x7B)
- [Training language models to follow instructions](https://arxiv.org/abs/2203.02155) (a note on RLHF, not a name)
""",
    )
    assert [(p.title, p.aliases, p.venue, p.published) for p in source.found] == [
        ("Training Compute-Optimal Large Language Models", ["Chinchilla"], None, None),
        ("Language Models are Few-Shot Learners", ["GPT-3"], "NeurIPS 2020", "2020"),
        ("Mixture of Experts Explained", ["MoE"], None, None),
        ("Mixtral of experts", ["Mixtral 8x7B"], None, None),
        ("Training language models to follow instructions", [], None, None),
    ]
    moe, mixtral = source.found[2:4]
    assert (moe.kind, moe.links, moe.where) == ("blog", {"blog": "https://huggingface.co/blog/moe"}, "notes.md:3")
    assert (mixtral.kind, mixtral.links, mixtral.where) == (
        "blog",
        {"blog": "https://mistral.ai/news/mixtral-of-experts/"},
        "notes.md:3",
    )


@pytest.mark.parametrize(
    "url, arxiv",
    [("https://arxiv.org/abs/2106.09685", "2106.09685"), ("https://arxiv.org/abs/2106.09685v3", "2106.09685"),
     ("https://arxiv.org/pdf/2106.09685v2.pdf", "2106.09685"), ("http://arxiv.org/pdf/2106.09685", "2106.09685"),
     ("https://arxiv.org/html/2402.19427v1", "2402.19427"), ("https://arxiv.org/abs/cs/0210024", "cs/0210024"),
     ("https://arxiv.org/abs/math.GT/0309136v2", "math.GT/0309136"), ("https://arxiv.org/abs/1501.00001", "1501.00001"),
     ("https://ar5iv.labs.arxiv.org/html/1706.03762", "1706.03762"), ("https://huggingface.co/papers/2404.05961", "2404.05961"),
     ("https://doi.org/10.48550/arXiv.2106.09685", "2106.09685")],
)  # fmt: skip
def test_arxiv_links_in_every_form(tmp_path: Path, url: str, arxiv: str) -> None:
    paper = read(tmp_path, f"- [Some Paper Title]({url})\n").found[0]
    assert (paper.arxiv, paper.links, paper.doi) == (arxiv, {}, None)


def test_doi_links_and_dois_in_text(tmp_path: Path) -> None:
    source = read(
        tmp_path,
        """\
- [KDD Paper One](https://doi.org/10.1145/3292500.3330701)
- [ACM Paper Two](https://dl.acm.org/doi/10.1145/3394486.3403043)
- [Springer Paper Three](https://link.springer.com/article/10.1007/s11263-015-0816-y)
- [Paper Four On Stuff](https://dx.doi.org/10.18653/v1/N19-1423) [pdf](https://example.org/four.pdf)
""",
    )
    assert [(p.doi, p.links) for p in source.found] == [
        ("10.1145/3292500.3330701", {}),
        ("10.1145/3394486.3403043", {}),
        ("10.1007/s11263-015-0816-y", {}),
        ("10.18653/v1/N19-1423", {"pdf": "https://example.org/four.pdf"}),
    ]
    table = read(tmp_path, "| Title | DOI |\n|---|---|\n| A Paper In A Journal | doi: 10.1000/xyz123. |\n").found[0]
    assert (table.title, table.doi) == ("A Paper In A Journal", "10.1000/xyz123")


def test_other_links_are_kept_under_slug_keys(tmp_path: Path) -> None:
    paper = read(
        tmp_path,
        """\
- [Segment Anything](https://arxiv.org/abs/2304.02643) [code](https://github.com/facebookresearch/segment-anything) \
[project page](https://segment-anything.com) [blog](https://ai.meta.com/blog/segment-anything/) \
[video](https://youtu.be/abc) [hf](https://huggingface.co/facebook/sam-vit-huge) \
[demo](https://huggingface.co/spaces/x/sam) [pwc](https://paperswithcode.com/paper/segment-anything) \
[slides](https://speakerdeck.com/x/sam) [reviews](https://openreview.net/forum?id=abc) [知乎](https://zhuanlan.zhihu.com/p/1) \
[evil](javascript:alert(1)) [local](./sam.pdf) [Ωmega link](https://example.org/omega)
""",
    ).found[0]
    assert paper.arxiv == "2304.02643"
    assert paper.links == {
        "code": "https://github.com/facebookresearch/segment-anything",
        "project": "https://segment-anything.com",
        "blog": "https://ai.meta.com/blog/segment-anything/",
        "video": "https://youtu.be/abc",
        "model": "https://huggingface.co/facebook/sam-vit-huge",
        "demo": "https://huggingface.co/spaces/x/sam",
        "papers-with-code": "https://paperswithcode.com/paper/segment-anything",
        "slides": "https://speakerdeck.com/x/sam",
        "openreview": "https://openreview.net/forum?id=abc",
        "blog-2": "https://zhuanlan.zhihu.com/p/1",
        "mega-link": "https://example.org/omega",
    }


def test_citation_lines_give_authors_venue_and_year(tmp_path: Path) -> None:
    source = read(
        tmp_path,
        """\
## To read

- Attention Is All You Need. Ashish Vaswani, Noam Shazeer, Niki Parmar. NeurIPS 2017.
- [Deep Residual Learning](https://arxiv.org/abs/1512.03385). Kaiming He, Xiangyu Zhang. CVPR 2016.
""",
    )
    assert [(p.title, p.authors, p.venue, p.published, p.status) for p in source.found] == [
        (
            "Attention Is All You Need",
            ["Ashish Vaswani", "Noam Shazeer", "Niki Parmar"],
            "NeurIPS 2017",
            "2017",
            "to-read",
        ),
        ("Deep Residual Learning", ["Kaiming He", "Xiangyu Zhang"], "CVPR 2016", "2016", "to-read"),
    ]


def test_awesome_list_shapes(tmp_path: Path) -> None:
    source = read(
        tmp_path,
        """\
## Quantization

- **GPTQ: Accurate Post-Training Quantization** [[paper](https://arxiv.org/abs/2210.17323)] [[code](https://github.com/IST-DASLab/gptq)]
- SmoothQuant: Accurate and Efficient Post-Training Quantization for LLMs, Xiao et al., ICML 2023. [[pdf]](https://arxiv.org/pdf/2211.10438.pdf)
- [AWQ](https://arxiv.org/abs/2306.00978): Activation-aware Weight Quantization for LLM Compression. MLSys 2024.
- [Some Paper Page](https://example.org/paper.html) - a page that is not a known paper host

## No links

1. Attention Is All You Need. Ashish Vaswani, Noam Shazeer. NeurIPS 2017.

## Tools

- [PyTorch Lightning](https://github.com/Lightning-AI/lightning) - a training wrapper
""",
    )
    assert [(p.title, p.arxiv, p.venue, p.published, p.authors, p.links) for p in source.found] == [
        (
            "GPTQ: Accurate Post-Training Quantization",
            "2210.17323",
            None,
            None,
            [],
            {"code": "https://github.com/IST-DASLab/gptq"},
        ),
        (
            "SmoothQuant: Accurate and Efficient Post-Training Quantization for LLMs",
            "2211.10438",
            "ICML 2023",
            "2023",
            [],
            {},
        ),
        ("AWQ: Activation-aware Weight Quantization for LLM Compression", "2306.00978", "MLSys 2024", "2024", [], {}),
        ("Some Paper Page", None, None, None, [], {"paper": "https://example.org/paper.html"}),
        ("Attention Is All You Need", None, "NeurIPS 2017", "2017", ["Ashish Vaswani", "Noam Shazeer"], {}),
    ]
    assert source.found[3].summary == "a page that is not a known paper host"
    assert [(s.where, s.reason) for s in source.skipped] == [
        (
            "notes.md:14",
            "'PyTorch Lightning': a link with no arXiv id, DOI or paper page, and no papers in the same list",
        )
    ]


def test_an_unknown_role_in_the_columns_hint_is_named(tmp_path: Path) -> None:
    source = read(
        tmp_path,
        "| Paper | Year |\n|---|---|\n| [ViT](https://arxiv.org/abs/2010.11929) | 2020 |\n",
        columns={"Year": "when"},
    )
    assert source.found[0].published == "2020"  # inferred instead
    assert source.warnings == [
        "notes.md:1: column 'Year': 'when' is not a role (" + ", ".join(ROLES) + "); inferred instead"
    ]


def test_the_same_paper_twice_is_one_with_the_richer_info(tmp_path: Path) -> None:
    source = read(
        tmp_path,
        """\
## 2024-01-05

- [LoRA](https://arxiv.org/abs/2106.09685)

## 2024-02-01

- [LoRA: Low-Rank Adaptation of Large Language Models](https://arxiv.org/abs/2106.09685v2) [code](https://github.com/microsoft/LoRA)
  - Method: low-rank updates.
- [Language Models are Unsupervised Multitask Learners](https://cdn.openai.com/gpt-2.pdf)
- [GPT-2](https://cdn.openai.com/gpt-2.pdf)
""",
    )
    lora, gpt2 = source.found
    assert (lora.title, lora.aliases, lora.where) == (
        "LoRA: Low-Rank Adaptation of Large Language Models",
        ["LoRA"],
        "notes.md:3",
    )
    assert lora.read == ["2024-01-05", "2024-02-01"] and lora.links == {"code": "https://github.com/microsoft/LoRA"}
    assert lora.notes == {"Method": "low-rank updates."}
    assert (gpt2.title, gpt2.aliases, gpt2.links) == (
        "Language Models are Unsupervised Multitask Learners", ["GPT-2"], {"pdf": "https://cdn.openai.com/gpt-2.pdf"}
    )  # fmt: skip


# ---------------------------------------------------------------------------
# Notes files


def test_a_title_linking_a_local_notes_file_brings_its_notes(tmp_path: Path) -> None:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "lora.md").write_text(
        """\
---
tags: [peft, adapters]
rating: 5
---
# LoRA

A one-line gist of LoRA.

## Method

Freeze W, learn BA.

## Results

Matches full fine-tuning.
""",
        encoding="utf-8",
    )
    (tmp_path.parent / "secret.md").write_text("private", encoding="utf-8")
    source = read(
        tmp_path,
        """\
## Papers

- [LoRA: Low-Rank Adaptation](notes/lora.md) https://arxiv.org/abs/2106.09685
- [Missing Notes Paper](notes/missing.md)
- [Outside Notes Paper](../secret.md)

See [Contributing](CONTRIBUTING.md) and [the Getting Started Guide](docs/start.md).

- [How To Contribute](CONTRIBUTING.md)
""",
        name="index.md",
    )
    lora, missing, outside = source.found
    assert (lora.title, lora.arxiv, lora.key, lora.tags, lora.rating) == (
        "LoRA: Low-Rank Adaptation", "2106.09685", "notes/lora.md", ["peft", "adapters"], 5
    )  # fmt: skip
    assert lora.summary == "A one-line gist of LoRA."
    assert lora.notes == {"Method": "Freeze W, learn BA.", "Results": "Matches full fine-tuning."}
    assert lora.body is None and lora.topics == [("Papers",)]
    assert (missing.title, missing.notes, missing.body) == ("Missing Notes Paper", {}, None)
    assert (outside.title, outside.body) == ("Outside Notes Paper", None)
    assert source.warnings == [
        "index.md:4: notes/missing.md does not exist; the paper is imported without its notes",
        "index.md:5: ../secret.md is outside the document's folder; its notes are not read",
    ]


# ---------------------------------------------------------------------------
# The plain-text shapes


def test_key_value_blocks(tmp_path: Path) -> None:
    text = """\
title: Rethinking Attention with Random Features
key_work: Efficient attention, linear attention, transformers
date of publish: 2021
Core idea:

abstract: Linear-time attention with random features.
gap of current research: Attention is quadratic.
method: Approximate the softmax kernel.
  It works for long inputs.


title: Longformer: The Long-Document Transformer
date of publish: 2020
arxiv: 2004.05150
method: Local windows plus global tokens.
"""
    assert document_shape(text) == "key-value"
    source = read(tmp_path, text, name="list.txt")
    first, second = source.found
    assert (first.title, first.where, first.published, first.tags) == (
        "Rethinking Attention with Random Features", "list.txt:1", "2021", ["Efficient attention", "linear attention", "transformers"]
    )  # fmt: skip
    assert first.notes == {
        "abstract": "Linear-time attention with random features.",
        "gap of current research": "Attention is quadratic.",
        "method": "Approximate the softmax kernel.\nIt works for long inputs.",
    }
    assert (second.title, second.arxiv, second.where, second.notes) == (
        "Longformer: The Long-Document Transformer", "2004.05150", "list.txt:12", {"method": "Local windows plus global tokens."}
    )  # fmt: skip
    hinted = read(tmp_path, text, name="list.txt", columns={"key_work": "topic"}).found[0]
    assert hinted.topics == [("Efficient attention",), ("linear attention",), ("transformers",)] and hinted.tags == []


def test_a_numbered_digest(tmp_path: Path) -> None:
    text = """\
HotPapers

1. What Do Vision Transformers Learn? ICLR, 2023.

  • Summary [src]
    • Contrastive learning captures global patterns.
    • Masked modelling captures local ones.

image-20230511140659637

2. Distilling Step-by-Step! Smaller Models Beat Larger Ones. Google Research, 2023.

  • Motivation
    • Labels are expensive.
  • Method
    • Extract rationales with chain-of-thought.
      1. Step one
      2. Step two

3. Making the Most of What You Have: Adapting Models. VGG group and DeepMind, 2023.

  • Project page
  • Related to arXiv:2204.14198 and more.
"""
    assert document_shape(text) == "digest"
    source = read(tmp_path, text, name="digest.txt")
    first, second, third = source.found
    assert (first.title, first.venue, first.published, first.where) == (
        "What Do Vision Transformers Learn?",
        "ICLR 2023",
        "2023",
        "digest.txt:3",
    )
    assert first.notes == {
        "Summary": "- Contrastive learning captures global patterns.\n- Masked modelling captures local ones."
    }
    assert (second.title, second.org, second.venue) == (
        "Distilling Step-by-Step! Smaller Models Beat Larger Ones",
        ["Google Research"],
        None,
    )
    assert second.notes == {
        "Motivation": "- Labels are expensive.",
        "Method": "- Extract rationales with chain-of-thought.\n  1. Step one\n  2. Step two",
    }
    assert (third.org, third.notes, third.body) == (
        ["VGG group", "DeepMind"],
        {},
        "- Project page\n- Related to arXiv:2204.14198 and more.",
    )
    assert [s.reason for s in source.skipped] == [
        "arXiv 2204.14198 is only mentioned in passing (in the notes of 'Making the Most of What You Have: Adapting Models'), not listed as a paper"
    ]


def test_a_blog_post_with_title_url_lines(tmp_path: Path) -> None:
    text = """\
Top Papers of the Year (so far)

An introduction that talks about (https://example.org/not-a-paper) things.

No “Zero-Shot” (https://arxiv.org/pdf/2404.04125)

First paragraph about it.

Second paragraph; it also points to another paper (https://arxiv.org/pdf/2403.11901 ) by the way.

Enough of NLP!

Imagine Flash (https://arxiv.org/pdf/2405.05224)

About diffusion.

Speed Round

Quick ones:

  • LLM2Vec (https://arxiv.org/pdf/2404.05961 ): Decoder LLMs as encoders. Huge!
  • Griffin (https://arxiv.org/pdf/2402.19427 ): Recurrence is back.

FAREWELL.md

Bye (see https://arxiv.org/abs/2404.05961 again).
"""
    assert document_shape(text) == "blog"
    source = read(tmp_path, text, name="post.txt")
    assert [(p.title, p.arxiv, p.where) for p in source.found] == [
        ("No “Zero-Shot”", "2404.04125", "post.txt:5"),
        ("Imagine Flash", "2405.05224", "post.txt:13"),
        ("LLM2Vec", "2404.05961", "post.txt:21"),
        ("Griffin", "2402.19427", "post.txt:22"),
    ]
    zero, flash, llm2vec, griffin = source.found
    assert (
        zero.body is not None
        and zero.body.startswith("First paragraph about it.\n\nSecond paragraph;")
        and "NLP" not in zero.body
    )
    assert flash.body == "About diffusion."  # 'Speed Round' ends it
    assert (llm2vec.body, griffin.body) == ("Decoder LLMs as encoders. Huge!", "Recurrence is back.")
    assert [(s.where, s.reason) for s in source.skipped] == [
        (
            "post.txt:9",
            "arXiv 2403.11901 is only mentioned in passing (in the notes of 'No “Zero-Shot”'), not listed as a paper",
        )
    ]


# ---------------------------------------------------------------------------
# Hostile and broken input


def test_html_and_script_never_survive_in_titles(tmp_path: Path) -> None:
    source = read(
        tmp_path,
        """\
- [<script>alert(1)</script>Evil **Bold** Title<img src=x onerror=alert(2)>](https://arxiv.org/abs/2101.00001)
- [&lt;script&gt;alert(3)&lt;/script&gt;Encoded Title&nbsp;Here](https://arxiv.org/abs/2101.00002)
- <a href="https://arxiv.org/abs/2101.00003">An <b>HTML</b> Link Title</a> <sub>note</sub>
- [Title With Trailing Stuff.,;](https://arxiv.org/abs/2101.00004)
- [《Book Marked Title》](https://arxiv.org/abs/2101.00005)

<script>
- [Inside A Script](https://arxiv.org/abs/2101.00006)
</script>
""",
    )
    assert [p.title for p in source.found] == [
        "Evil Bold Title", "Encoded Title Here", "An HTML Link Title", "Title With Trailing Stuff", "Book Marked Title",
    ]  # fmt: skip
    assert [p.where for p in source.found][-1] == "notes.md:5"


def test_an_empty_file_and_a_file_without_papers(tmp_path: Path) -> None:
    empty = read(tmp_path, "")
    assert (empty.kind, empty.found, empty.skipped, empty.warnings) == ("markdown", [], [], [])
    prose = read(tmp_path, "# Hello\n\nJust some prose, nothing to import.\n")
    assert prose.found == [] and prose.warnings == ["notes.md: no papers found (read as a markdown document)"]


def test_a_large_file_is_read_quickly(tmp_path: Path) -> None:
    lines = [
        f"## 2024-01-{d:02d}\n\n"
        + "".join(f"- [Paper {d} {i} On A Topic](https://arxiv.org/abs/2401.{d:02d}{i:03d})\n" for i in range(200))
        for d in range(1, 11)
    ]
    path = tmp_path / "big.md"
    path.write_text("\n".join(lines) + "<script>" * 20000 + "[" * 20000, encoding="utf-8")
    start = time.perf_counter()
    source = read_documents(path, Hints())
    assert len(source.found) == 2000 and source.found[-1].read == ["2024-01-10"]
    assert time.perf_counter() - start < 5


@pytest.mark.parametrize(
    "data, message",
    [(b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary.md is not UTF-8 text (byte 0x89 at offset 0); save it as UTF-8"),
     (b"title: x\x00\x00\x00", "binary.md: looks like a binary file, not a Markdown or text document"),
     (b"caf\xe9 papers", "binary.md is not UTF-8 text (byte 0xe9 at offset 3); save it as UTF-8")],
)  # fmt: skip
def test_undecodable_files_are_one_clear_error(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "binary.md"
    path.write_bytes(data)
    with pytest.raises(SourceUnreadable) as error:
        read_documents(path, Hints())
    assert str(error.value) == f"{tmp_path}/{message}"
    assert "\n" not in str(error.value)


def test_a_folder_or_a_missing_file_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SourceUnreadable, match="is a folder; give one Markdown or text file"):
        read_documents(tmp_path, Hints())
    with pytest.raises(SourceUnreadable, match=r"nope.md: cannot be read \(No such file or directory\)"):
        read_documents(tmp_path / "nope.md", Hints())


def test_a_file_over_the_size_limit_is_one_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(documents, "MAX_BYTES", 1000)
    path = tmp_path / "huge.md"
    path.write_text("- [A Paper Title Here](https://arxiv.org/abs/2101.00001)\n" * 100, encoding="utf-8")
    with pytest.raises(SourceUnreadable) as error:
        read_documents(path, Hints())
    assert str(error.value) == f"{path}: 5,700 bytes is too large for a Markdown document (the limit is 1,000 bytes)"


def test_utf16_and_windows_line_ends_are_read(tmp_path: Path) -> None:
    path = tmp_path / "win.md"
    path.write_bytes("## 2024-05-01\r\n\r\n- [ViT](https://arxiv.org/abs/2010.11929)\r\n".encode("utf-16"))
    paper = read_documents(path, Hints()).found[0]
    assert (paper.title, paper.read, paper.where) == ("ViT", ["2024-05-01"], "win.md:3")


# ---------------------------------------------------------------------------
# Hints and detection


def test_the_status_hint_applies_where_the_source_says_nothing(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text("- [ViT](https://arxiv.org/abs/2010.11929)\n- [x] [DETR](https://arxiv.org/abs/2005.12872)\n", encoding="utf-8")
    source = sources.read(path, "markdown", Hints(status="skimmed"))  # the hint is applied once, for every reader
    assert [(p.title, p.status) for p in source.found] == [("ViT", "skimmed"), ("DETR", "read")]


def test_looks_like_documents(tmp_path: Path) -> None:
    files = {
        "a.md": "anything",
        "log.txt": "## 2024.9.1\n\n《Some Title Here》\n\n《Another Title There》\n",
        "list.txt": "title: A Paper\nabstract: x\ndate of publish: 2021\nmethod: y\n",
        "links.txt": "see https://arxiv.org/abs/2106.09685\n",
        "prose.txt": "Dear diary, nothing about papers today.\n",
        "table.csv": "title,arxiv\nA,2106.09685\n",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02")
    assert {name: looks_like_documents(tmp_path / name) for name in [*files, "bin.txt"]} == {
        "a.md": True, "log.txt": True, "list.txt": True, "links.txt": True,
        "prose.txt": False, "table.csv": False, "bin.txt": False,
    }  # fmt: skip
    assert looks_like_documents(tmp_path) is False


def test_a_bold_title_among_authors_venue_and_links_is_the_title(tmp_path: Path) -> None:
    source = read(
        tmp_path,
        "## Control\n"
        "- **Adding Conditional Control to Text-to-Image Diffusion Models** (ControlNet) [[Paper](https://arxiv.org/abs/2302.05543)]"
        " [[Code](https://github.com/lllyasviel/ControlNet)]\n"
        "- Chong Mou, Xintao Wang. **T2I-Adapter: Learning Adapters to Dig out More Controllable Ability**. CVPR 2023."
        " [[paper]](https://arxiv.org/pdf/2302.08453.pdf)\n",
    )
    control, adapter = source.found
    assert control.title == "Adding Conditional Control to Text-to-Image Diffusion Models" and control.aliases == ["ControlNet"]
    assert control.arxiv == "2302.05543" and control.links == {"code": "https://github.com/lllyasviel/ControlNet"}
    assert adapter.title == "T2I-Adapter: Learning Adapters to Dig out More Controllable Ability"
    assert adapter.authors == ["Chong Mou", "Xintao Wang"] and adapter.venue == "CVPR 2023" and adapter.arxiv == "2302.08453"
