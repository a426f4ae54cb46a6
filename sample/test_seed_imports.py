"""Each seed document, imported as it is, finds at least 90% of the papers the library was made from it by hand.

The five seeds (``../shared/seeds`` beside this checkout) are the reading notes the sample library
was written from. This pins the Markdown documents reader against them: it reads each seed with
``read_documents`` and matches what it finds to the shipped papers by arXiv id, DOI or folded title.
Like the rest of ``sample/``, it checks the shipped data, so it is not part of the test suite.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from paper_notes.importing import normal_title, short_name
from paper_notes.library import load_library
from paper_notes.sources.base import Found, Hints
from paper_notes.sources.documents import document_shape, looks_like_documents, read_documents

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"

# The papers of data/papers/ that were written from each seed, worked out by matching every
# paper's arXiv id, DOI and title against the seeds and checked by hand. Five papers come
# from two seeds (clip, dall-e, ddpm, ldm, vae); every paper of the library is in some list.
FROM_SEED: dict[str, list[str]] = {
    # a key: value list ('title: ...', 'abstract: ...', 'date of publish: ...'): background for multimodal LLMs
    "000": [
        "performer", "vilt", "longformer", "unified-io", "clip", "dall-e", "scaling-laws", "scaling-laws-transfer",
        "lamb", "straight-through-estimator", "mmcl", "word2vec", "meta-learning-nlp-survey", "pcgrad",
        "integrated-gradients", "lime", "robust-verified-ai",
    ],
    # a README by category with date badges, then a table that repeats the papers with summaries
    "001": [
        "mixture-of-experts-explained", "mixtral", "language-modeling-is-compression", "rlaif", "mistral-7b",
        "llama-2", "qlora", "generative-agents", "sparks-of-agi", "chinchilla", "instructgpt", "lora", "gpt-3",
        "t5", "roberta", "gpt-2", "bert", "gpt-1", "elmo", "segment-anything", "grounded-sam", "grounding-dino",
        "oneformer", "ldm", "mae", "segformer", "mlp-mixer", "dino", "swin-transformer", "deit", "vit", "ddpm",
        "detr", "mask-r-cnn", "ssd", "yolo", "faster-r-cnn", "u-net", "fast-r-cnn", "r-cnn", "mamba",
        "attention-sinks", "streamingllm", "flashattention-2", "flashattention", "s4", "clip", "transformer",
        "gan", "vae",
    ],
    # a Chinese daily log: a pending list of to-read titles, then '## 2024.9.1' days with 《titles》
    "002": [
        "opening-black-box-dnn", "rnn-encoder-decoder", "deeper-insights-gcn", "grad-cam", "big-transfer", "t2t-vit",
        "vbpr", "learn", "rag-survey", "chameleon", "phi-3", "sdxl", "ldm", "internlm-xcomposer2", "imagereward",
        "clipscore", "comet", "genai-translation-2024", "adm", "improved-ddpm", "videogpt", "ddpm", "dit",
        "prompting-llm-mt", "one-peace", "pixelrnn", "vq-vae", "vae", "sparse-transformer", "emu", "gemba",
        "dall-e-3", "gpt-mt-evaluation", "mme", "baize", "make-a-scene", "dall-e", "cm3", "cm3leon", "qwen-vl",
        "minigpt-4", "minigpt-5", "instructblip", "llavar", "vista-llama", "code-wand-survey", "align", "redcoder",
        "sharegpt4v", "imagen", "mobilevlm", "glip", "multimodal-foundation-models",
    ],
    # a blog post: 'Title (https://arxiv.org/pdf/...)' lines, a speed round of bullets, and larimar,
    # which the post only links in passing inside a paragraph (the reader reports it as skipped)
    "003": [
        "no-zero-shot", "transformerfam", "larimar", "aim", "imagine-flash", "llm2vec", "vit-registers",
        "deeper-layers", "repeat-after-me", "griffin", "many-shot-icl", "multi-token-prediction",
    ],
    # a digest of hot papers: '1. Title. Venue, 2023.' with '•' bullets
    "004": [
        "what-do-ssl-vits-learn", "distilling-step-by-step", "imagebind", "adapting-vlms-low-data", "dinov2",
        "multilingual-continual-learning", "sam-survey",
    ],
}  # fmt: skip
SHAPES = {"000": "key-value", "001": "markdown", "002": "markdown", "003": "blog", "004": "digest"}

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
PARTIAL_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


def keys(title: str, aliases: list[str], arxiv: str | None, doi: str | None) -> set[str]:
    """How a paper is recognised: its ids, and its title, aliases, short name and the title without it, folded."""
    names = [title, *aliases]
    head, colon, tail = title.partition(":")
    if colon:
        names.append(tail)
        if short_name(title) or len(head.split()) >= 3:
            names.append(head)  # 'Name: subtitle' and a seed that gives only the part before the colon
    found = {f"title:{normal_title(n)}" for n in names if n.strip()}
    if arxiv:
        found.add(f"arxiv:{arxiv}")
    if doi:
        found.add(f"doi:{doi.lower()}")
    return found


@pytest.fixture(scope="module")
def library() -> dict[str, set[str]]:
    papers = load_library(ROOT / "data" / "papers.yaml").papers
    return {p.id: keys(p.title, p.aliases, p.arxiv, p.doi) for p in papers}


def seed_file(prefix: str) -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"{SEEDS} is not beside this checkout")
    return next(SEEDS.glob(f"{prefix}_*.txt"))


def test_every_paper_of_the_library_comes_from_a_seed(library: dict[str, set[str]]) -> None:
    listed = {paper for papers in FROM_SEED.values() for paper in papers}
    assert sorted(set(library) - listed) == [] and sorted(listed - set(library)) == []


@pytest.mark.parametrize("prefix", sorted(FROM_SEED))
def test_each_seed_as_it_is_yields_the_papers_made_from_it(prefix: str, library: dict[str, set[str]]) -> None:
    path = seed_file(prefix)
    assert looks_like_documents(path) and document_shape(path.read_text(encoding="utf-8")) == SHAPES[prefix]
    source = read_documents(path, Hints())
    matched: dict[str, str] = {}
    false_papers = []
    for paper in source.found:
        ids = [
            pid for pid, known in library.items() if known & keys(paper.title, paper.aliases, paper.arxiv, paper.doi)
        ]
        if ids:
            matched.update((pid, paper.title) for pid in ids)
        else:
            false_papers.append(paper.title)
    expected = FROM_SEED[prefix]
    missed = [pid for pid in expected if pid not in matched]
    assert len(expected) - len(missed) >= 0.9 * len(expected), f"{path.name}: missed {missed}"
    assert false_papers == [], f"{path.name}: not papers of the library: {false_papers}"
    assert len(source.found) == len(expected) - len(missed)  # one entry per paper: repeats are merged
    for paper in source.found:
        assert_clean(paper, path.name)


def test_what_the_seeds_say_carries_over(library: dict[str, set[str]]) -> None:
    """A few facts per shape: dates from badges and day headings, notes sections, venues, aliases."""
    found = {prefix: {p.title: p for p in read_documents(seed_file(prefix), Hints()).found} for prefix in FROM_SEED}
    performer = found["000"]["Rethinking Attention with Performers"]
    assert performer.published == "2021" and list(performer.notes) == [
        "abstract",
        "gap of current research",
        "innovation",
        "method",
        "contribution",
    ]
    chinchilla = found["001"]["Training Compute-Optimal Large Language Models"]
    assert (chinchilla.arxiv, chinchilla.published, chinchilla.aliases, chinchilla.topics) == (
        "2203.15556",
        "2022-03",
        ["Chinchilla"],
        [("Language",)],
    )
    assert "Summary" in chinchilla.notes  # from the table that repeats the list
    vbpr = found["002"]["VBPR: Visual Bayesian Personalized Ranking from Implicit Feedback"]
    assert vbpr.read == ["2024-09-01"] and list(vbpr.notes) == ["背景", "数据", "方法", "实验结果"]
    ldm = found["002"]["Diffusion Models: High-Resolution Image Synthesis with Latent Diffusion Models"]
    assert ldm.read == ["2024-03-22"] and ldm.aliases == ["LDM"]  # '2023.3.22' filed under '2024.3'
    assert found["002"]["Big Transfer (BiT): General Visual Representation Learning"].status == "to-read"
    assert found["003"]["LLM2Vec"].arxiv == "2404.05961"
    digest = found["004"]["What Do Self-Supervised Vision Transformers Learn?"]
    assert (digest.venue, digest.published, list(digest.notes)) == ("ICLR 2023", "2023", ["Summary"])


def assert_clean(paper: Found, name: str) -> None:
    """What the model will accept: plain one-line titles, slug link keys, http(s) links, dates in form."""
    assert paper.title == paper.title.strip() and "\n" not in paper.title
    assert not re.search(r"<|>|\*\*|《|》|&nbsp;|!\[|\]\(", paper.title), paper.title
    assert not re.search(r"[.,;:，。；：]$", paper.title), paper.title
    assert all(SLUG.match(key) for key in paper.links), paper.links
    assert all(url.startswith(("http://", "https://")) for url in paper.links.values()), paper.links
    assert paper.published is None or PARTIAL_DATE.match(paper.published)
    assert all(re.match(r"^\d{4}-\d{2}-\d{2}$", day) for day in paper.read)
    assert re.fullmatch(rf"{re.escape(name)}:\d+", paper.where), paper.where
