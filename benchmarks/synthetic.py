"""Synthetic libraries for the benchmark, and the same content written as static Markdown.

A library of N papers looks like a real one grown over five years: 3-6 authors per paper
(a few prolific people, many who appear once), 2-3 topics from a tree of 40, 4-6 note
sections of 80-150 words, one paper in five noted in Chinese, 1-3 related papers, read
dates over five years, some papers still to read, a few collections, and notes that use
Markdown as people do: about half plain prose, the rest with lists, emphasis, code, links
and math.

``static_site`` writes the same content as hand-written Markdown (one file per paper
plus the same index pages) with the same theme, plugins, search settings and nav policy,
so that the two builds can be compared side by side.
"""
from __future__ import annotations

import datetime as dt
import random
import re
import shutil
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

from paper_notes.siteassets import ASSETS, SCRIPTS, STYLESHEETS

ROOT = Path(__file__).resolve().parent.parent

EN = (
    "the a of to and in for with on by from that this we our model models training data scaling transformer "
    "diffusion latent sparse retrieval benchmark token tokens image video graph anomaly ranking recommendation "
    "loss gradient attention layer layers encoder decoder embedding embeddings contrastive pretraining fine-tuning "
    "prompt prompts reasoning agent policy reward reinforcement learning optimizer batch memory inference "
    "distillation quantization pruning adapter low-rank mixture experts routing context window length evaluation "
    "accuracy robustness alignment preference feedback supervision labels noise dataset corpus vision language "
    "multimodal segmentation detection generation sampling denoising score noise schedule guidance classifier "
    "baseline ablation variance bias convergence stability efficiency throughput latency hardware kernel"
).split()
ZH = (
    "我们 模型 训练 数据 方法 实验 结果 提出 一种 新的 问题 注意力 机制 扩散 生成 图像 视频 文本 "
    "多模态 大模型 推荐系统 图神经网络 异常检测 预训练 微调 对比学习 强化学习 奖励 策略 推理 检索 "
    "增强 效率 显存 参数 量化 蒸馏 专家 路由 上下文 长度 评估 指标 准确率 鲁棒性 对齐 偏好 反馈 "
    "标注 噪声 语料 视觉 语言 分割 检测 采样 去噪 调度 引导 分类器 基线 消融 方差 收敛 稳定 吞吐 延迟"
).split()
FIRST = "Ada Alan Grace Edsger Barbara Donald Frances John Leslie Tony Radia Shafi Yann Fei-Fei Kaiming Ilya Yoshua Geoffrey Andrew Jeff Noam Ashish Jakob Lukasz Aidan Ming Wei Xin Li Hao".split()
LAST = "Lovelace Turing Hopper Dijkstra Liskov Knuth Allen McCarthy Lamport Hoare Perlman Goldwasser LeCun Li He Sutskever Bengio Hinton Ng Dean Shazeer Vaswani Uszkoreit Kaiser Gomez Zhou Zhang Wang Chen Liu Yang".split()
SECTIONS_EN = ["gap", "method", "contribution", "results", "thoughts", "limitations"]
SECTIONS_ZH = ["背景", "方法", "贡献", "结果", "思考", "局限"]
VENUES = ["NeurIPS", "ICML", "ICLR", "CVPR", "ACL", "EMNLP", "KDD", "WWW", "AAAI", None]
START = dt.date(2021, 1, 1)


def _words(rng: random.Random, chinese: bool, n: int) -> list[str]:
    vocab = ZH if chinese else EN
    return [rng.choice(vocab) for _ in range(n)]


def _sentence(rng: random.Random, chinese: bool, n: int) -> str:
    words = _words(rng, chinese, n)
    if chinese:
        return "".join(words) + "。"
    return " ".join(words).capitalize() + "."


def _prose(rng: random.Random, chinese: bool, words: int) -> str:
    sentences = []
    while words > 0:
        n = min(words, rng.randint(8, 18))
        sentences.append(_sentence(rng, chinese, n))
        words -= n
    return ("" if chinese else " ").join(sentences)


def _marked(rng: random.Random, chinese: bool, words: int, related: list[str]) -> str:
    """80-150 words of Markdown as notes use it: a list, emphasis, code, a link, math."""
    style = rng.choice(["list", "emphasis", "code", "link", "math", "numbered"])
    head = _prose(rng, chinese, words // 3)
    if style in ("list", "numbered"):
        items = [_prose(rng, chinese, max(4, words // 6)) for _ in range(4)]
        marker = (lambda i: f"{i}.") if style == "numbered" else (lambda i: "-")
        return head + "\n\n" + "\n".join(f"{marker(i)} {item}" for i, item in enumerate(items, 1))
    tail = _prose(rng, chinese, words - words // 3)
    word = rng.choice(EN)
    inline = {
        "emphasis": f"**{word}** matters more than *{rng.choice(EN)}*",
        "code": f"the `{word}_{rng.choice(EN)}()` call",
        "link": (f"as in [{word}](paper:{related[0]})" if related else f"see [the code](https://example.org/{word})"),
        "math": f"a cost of $O(n^{rng.randint(2, 3)})$ and $\\alpha = {rng.randint(1, 9)}$",
    }[style]
    return f"{head} {inline} {tail}"


def _authors(rng: random.Random, n: int) -> list[str]:
    """3-6 names: a few people write many papers, most appear once."""
    names: list[str] = []
    while len(names) < rng.randint(3, 6):
        if rng.random() < 0.3:
            k = rng.randrange(max(20, n // 20))
            name = f"{FIRST[k % len(FIRST)]} {LAST[(k // len(FIRST)) % len(LAST)]}{'' if k < 900 else f' {k}'}"
        else:
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}-{rng.randrange(10 * n)}"
        if name not in names:
            names.append(name)
    return names


def library(n: int, seed: int = 1) -> dict[str, Any]:
    """A library of ``n`` papers as the data file's sections (``papers`` included)."""
    rng = random.Random(seed)
    topics: list[dict[str, Any]] = []
    for i in range(8):
        topics.append({"id": f"area-{i}", "name": f"Area {i}", "description": _sentence(rng, False, 10)})
        for j in range(4):
            name = f"{rng.choice(EN).capitalize()} {rng.choice(EN)} {i}.{j}"
            topics.append({"id": f"area-{i}-{j}", "name": name, "parent": f"area-{i}"})
    leaves = [t["id"] for t in topics if "parent" in t]
    papers = []
    for i in range(n):
        chinese = i % 5 == 4
        pid = f"paper-{i}"
        related = sorted({f"paper-{rng.randrange(i)}" for _ in range(rng.randint(1, 3))}) if i else []
        names = SECTIONS_ZH if chinese else SECTIONS_EN
        notes = {}
        for name in names[: rng.randint(4, 6)]:
            words = rng.randint(80, 150) // (2 if chinese else 1)  # a Chinese word is two or three characters
            notes[name] = _marked(rng, chinese, words, related) if rng.random() < 0.5 else _prose(rng, chinese, words)
        published = START - dt.timedelta(days=rng.randrange(2500))
        paper: dict[str, Any] = {
            "id": pid,
            "title": f"{_sentence(rng, False, rng.randint(5, 10))[:-1]} {i}",
            "aliases": [f"P{i}"],
            "authors": _authors(rng, n),
            "published": published.strftime("%Y-%m"),
            "arxiv": f"{published:%y%m}.{rng.randint(10000, 99999)}",
            "topics": sorted(set(rng.sample(leaves, rng.randint(2, 3)))),
            "summary": _sentence(rng, chinese, 16),
            "notes": notes,
            "related": related,
        }
        venue = rng.choice(VENUES)
        if venue:
            paper["venue"] = f"{venue} {published.year + 1}"
        if chinese:
            paper["lang"] = "zh"
        if rng.random() < 0.85:
            days = sorted({START + dt.timedelta(days=rng.randrange(5 * 365)) for _ in range(rng.choice([1, 1, 1, 2]))})
            paper["read"] = [d.isoformat() for d in days] if len(days) > 1 else days[0].isoformat()
            paper["rating"] = rng.randint(1, 5)
        else:
            paper["status"] = "to-read"
        papers.append(paper)
    collections = []
    for c in range(max(2, n // 250)):
        chosen = rng.sample(range(n), min(n, 10))
        collections.append({
            "id": f"collection-{c}", "title": f"Reading list {c}", "date": f"{2021 + c % 5}-0{1 + c % 9}",
            "intro": _prose(rng, False, 40),
            "items": [{"paper": f"paper-{k}", "comment": _prose(rng, False, 25)} for k in chosen],
        })  # fmt: skip
    return {"topics": topics, "collections": collections, "papers": papers}


def _dump(value: Any) -> str:
    return yaml.safe_dump(value, allow_unicode=True, sort_keys=False, width=100)


def write_project(dest: Path, data: dict[str, Any], layout: str = "split") -> Path:
    """A copy of this project's site (config, pages) with ``data`` as its library: one file per paper (``split``) or
    every paper in data/papers.yaml (``single``); the plugin is the installed package."""
    dest.mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", dest / "docs")
    (dest / "data").mkdir()
    if layout == "single":
        (dest / "data" / "papers.yaml").write_text(_dump(data), encoding="utf-8")
        return dest
    (dest / "data" / "papers").mkdir()
    rest = {k: v for k, v in data.items() if k != "papers"}
    (dest / "data" / "papers.yaml").write_text(_dump(rest), encoding="utf-8")
    for paper in data["papers"]:
        (dest / "data" / "papers" / f"{paper['id']}.yaml").write_text(_dump(paper), encoding="utf-8")
    return dest


# --- the same content, hand-written -------------------------------------------------------------


def _link(text: str) -> str:
    return re.sub(r"\]\(paper:([^)]+)\)", r"](\1.md)", text)


def _paper_md(paper: dict[str, Any], topic_names: dict[str, str], titles: dict[str, str]) -> str:
    reads = paper.get("read")
    reads = reads if isinstance(reads, list) else [reads] if reads else []
    facts = [
        f"- **Authors:** {', '.join(paper['authors'])}",
        f"- **Published:** {paper['published']}" + (f" · {paper['venue']}" if paper.get("venue") else ""),
        f"- **Read:** {', '.join(reads)}" if reads else "- **Status:** to read",
        "- **Topics:** " + ", ".join(f"[{topic_names[t]}](../topics/{t}.md)" for t in paper["topics"]),
        f"- **Links:** [arXiv](https://arxiv.org/abs/{paper['arxiv']}) · [PDF](https://arxiv.org/pdf/{paper['arxiv']})",
    ]
    if paper.get("rating"):
        facts.append(f"- **Rating:** {'★' * paper['rating']}")
    parts = [f"# {paper['title']}", "", *facts, "", f"> {paper['summary']}", ""]
    for name, text in paper["notes"].items():
        parts += [f"## {name.capitalize()}", "", _link(text), ""]
    if paper["related"]:
        parts += ["## Related", "", *(f"- [{titles[r]}]({r}.md)" for r in paper["related"]), ""]
    key = paper["id"].replace("-", "")
    parts += ["## Cite", "", "```bibtex", f"@article{{{key},", f"  title = {{{paper['title']}}},",
              f"  author = {{{' and '.join(paper['authors'])}}},", f"  year = {{{paper['published'][:4]}}},", "}", "```", ""]  # fmt: skip
    return "\n".join(parts)


def static_site(dest: Path, data: dict[str, Any]) -> Path:
    """The same library as static Markdown pages, with the same theme, plugins, search and nav policy."""
    dest.mkdir(parents=True)
    docs = dest / "docs"
    shutil.copytree(ROOT / "docs" / "assets", docs / "assets")
    shutil.copytree(ASSETS, docs / "assets", dirs_exist_ok=True)  # KaTeX (katex.js loads it), the stylesheet: what the plugin adds
    for page in ("contributing.md", "publish.md", "engines.md"):
        shutil.copy(ROOT / "docs" / page, docs / page)
    papers, topics = data["papers"], data["topics"]
    topic_names = {t["id"]: t["name"] for t in topics}
    titles = {p["id"]: p["title"] for p in papers}
    (docs / "papers").mkdir()
    for paper in papers:
        (docs / "papers" / f"{paper['id']}.md").write_text(_paper_md(paper, topic_names, titles), encoding="utf-8")
    by_topic: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for paper in papers:
        for t in paper["topics"]:
            by_topic[t].append(paper)
    (docs / "topics").mkdir()
    for topic in topics:
        lines = [f"# {topic['name']}", "", topic.get("description", ""), ""]
        lines += [f"- [{p['title']}](../papers/{p['id']}.md): {p['summary']}" for p in by_topic[topic["id"]]]
        (docs / "topics" / f"{topic['id']}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (docs / "topics" / "index.md").write_text(
        "# Topics\n\n" + "\n".join(f"- [{t['name']}]({t['id']}.md) ({len(by_topic[t['id']])})" for t in topics) + "\n",
        encoding="utf-8",
    )
    rows = [f"| [{p['title']}]({p['id']}.md) | {p['published']} | {', '.join(p['topics'])} |" for p in papers]
    (docs / "papers" / "index.md").write_text(
        "# Papers\n\n| Title | Published | Topics |\n| --- | --- | --- |\n" + "\n".join(rows) + "\n", encoding="utf-8"
    )
    log = sorted(((p["read"] if isinstance(p.get("read"), str) else (p.get("read") or [None])[-1]), p["id"]) for p in papers if p.get("read"))
    months: dict[str, list[str]] = defaultdict(list)
    for day, pid in reversed(log):
        months[day[:7]].append(f"- {day}: [{titles[pid]}](papers/{pid}.md)")
    (docs / "log.md").write_text(
        "# Reading log\n\n" + "\n".join(f"## {m}\n\n" + "\n".join(items) + "\n" for m, items in months.items()), encoding="utf-8"
    )
    queue = [f"- [{p['title']}](papers/{p['id']}.md)" for p in papers if p.get("status") == "to-read"]
    (docs / "to-read.md").write_text("# To read\n\n" + "\n".join(queue) + "\n", encoding="utf-8")
    (docs / "collections").mkdir()
    for c in data["collections"]:
        items = [f"{k}. [{titles[i['paper']]}](../papers/{i['paper']}.md): {i['comment']}" for k, i in enumerate(c["items"], 1)]
        (docs / "collections" / f"{c['id']}.md").write_text(f"# {c['title']}\n\n{c['intro']}\n\n" + "\n".join(items) + "\n", encoding="utf-8")
    (docs / "collections" / "index.md").write_text(
        "# Collections\n\n" + "\n".join(f"- [{c['title']}]({c['id']}.md)" for c in data["collections"]) + "\n", encoding="utf-8"
    )
    (docs / "index.md").write_text(f"# Reading notes\n\n{len(papers)} papers. Start with the [papers](papers/index.md).\n", encoding="utf-8")
    (dest / "mkdocs.yml").write_text(_static_config(), encoding="utf-8")
    return dest


def plain_site(dest: Path, data: dict[str, Any]) -> Path:
    """The plainest static site of the same notes: a page per paper with its title, authors, dates, topics and note
    sections, and a home page listing them; none of our extras (topic, author and collection pages, related papers,
    citations, log, stats). Same theme, search settings and nav policy."""
    dest.mkdir(parents=True)
    docs = dest / "docs"
    shutil.copytree(ROOT / "docs" / "assets", docs / "assets")
    shutil.copytree(ASSETS, docs / "assets", dirs_exist_ok=True)
    topic_names = {t["id"]: t["name"] for t in data["topics"]}
    (docs / "papers").mkdir()
    for paper in data["papers"]:
        reads = paper.get("read")
        reads = reads if isinstance(reads, list) else [reads] if reads else []
        lines = [f"# {paper['title']}", "", f"*{', '.join(paper['authors'])}*", "",
                 f"Published {paper['published']}" + (f"; read {', '.join(reads)}" if reads else ""), "",
                 "Topics: " + ", ".join(topic_names[t] for t in paper["topics"]), ""]  # fmt: skip
        for name, text in paper["notes"].items():
            lines += [f"## {name.capitalize()}", "", _link(text), ""]
        (docs / "papers" / f"{paper['id']}.md").write_text("\n".join(lines), encoding="utf-8")
    listing = "\n".join(f"- [{p['title']}](papers/{p['id']}.md)" for p in data["papers"])
    (docs / "index.md").write_text(f"# Reading notes\n\n{listing}\n", encoding="utf-8")
    config = re.sub(r"\nnav:\n(?:  .*\n)+", "\nnav:\n  - Home: index.md\n", _static_config())
    (dest / "mkdocs.yml").write_text(config, encoding="utf-8")
    return dest


def _static_config() -> str:
    """This project's mkdocs.yml, less what turns data into pages (the paper-notes and macros plugins), with the
    stylesheets and scripts the plugin adds to ours, the same nav policy, and Material's own search worker."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    text = re.sub(r"\n  custom_dir: .*", "", text)
    text = re.sub(r"\n(?:  #.*\n)*  - macros:\n(?:      .*\n)+", "\n", text)
    text = re.sub(r"\n(?:  #.*\n)*  - paper-notes:\n(?:      .*\n)+", "\n", text)
    text = re.sub(r"\nwatch:\n(?:  - .*\n)+", "\n", text)
    text = re.sub(r"\nnav:\n(?:  .*\n)+", "\n" + _STATIC_NAV, text)
    assets = "extra_css:\n" + "".join(f"  - {path}\n" for path in STYLESHEETS)
    assets += "extra_javascript:\n" + "".join(f"  - {path}\n" for path in SCRIPTS)
    return text + "\nnot_in_nav: |\n  /papers/*\n  /topics/*\n  /collections/*\n" + assets


_STATIC_NAV = """nav:
  - Home: index.md
  - Library:
      - Papers: papers/index.md
      - Topics: topics/index.md
      - Collections: collections/index.md
  - Reading:
      - Reading log: log.md
      - To read: to-read.md
  - Guide:
      - Contributing: contributing.md
      - Publish: publish.md
      - Site generators: engines.md
"""
