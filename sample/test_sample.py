"""Checks of the sample library only: it keeps everything from its five sources.

These pin the shipped data (counts, the daily log's calendar, lists, queue), so they are
not part of the test suite, which tests the software with its own fixture libraries and
must pass for any fork's data. Run them with `python -m pytest sample`; `.ci/run` does.
`python -m macros init` deletes this folder along with the sample.

If a change drops or moves content, one of these fails. Update the numbers only when
content is added on purpose.
"""
from __future__ import annotations

import collections
import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest

from paper_notes.datafiles import PAPER_MODELINE, Layout
from paper_notes.indexes import Indexes
from paper_notes.library import load_library

ROOT = Path(__file__).resolve().parent.parent
SHARED_TOOL = ROOT.parent / "shared" / "tools" / "seed_overlap.py"

# The 2024 daily reading log: papers read per day. 2024-03-22 is the heading the source files
# as "2023.3.22" inside its March 2024 month (see the comment on the ldm entry).
CALENDAR = {
    "2024-01-05": 1, "2024-01-06": 1, "2024-01-07": 2, "2024-01-08": 1, "2024-01-10": 2,
    "2024-01-11": 1, "2024-01-13": 1, "2024-01-15": 1, "2024-01-17": 3, "2024-01-19": 1,
    "2024-01-20": 1, "2024-01-21": 2, "2024-01-23": 1, "2024-01-26": 1, "2024-01-29": 1,
    "2024-01-30": 1, "2024-02-02": 2, "2024-02-04": 2, "2024-02-06": 1, "2024-02-07": 1,
    "2024-02-11": 1, "2024-02-14": 1, "2024-02-15": 1, "2024-02-16": 1, "2024-02-19": 1,
    "2024-02-20": 1, "2024-02-25": 1, "2024-02-28": 1, "2024-03-03": 1, "2024-03-05": 1,
    "2024-03-11": 2, "2024-03-16": 1, "2024-03-22": 1, "2024-04-03": 1, "2024-04-29": 1,
    "2024-06-01": 1, "2024-08-08": 1, "2024-08-11": 1, "2024-09-01": 1,
}  # fmt: skip

# One id per item of each source, so that none can disappear unnoticed.
SOURCES = {
    "background list (17)": """performer vilt longformer unified-io clip dall-e scaling-laws scaling-laws-transfer
        lamb straight-through-estimator mmcl word2vec meta-learning-nlp-survey pcgrad integrated-gradients lime
        robust-verified-ai""",
    "curated list: Language (19)": """mixture-of-experts-explained mixtral language-modeling-is-compression rlaif
        mistral-7b llama-2 qlora generative-agents sparks-of-agi chinchilla instructgpt lora gpt-3 t5 roberta gpt-2
        bert gpt-1 elmo""",
    "curated list: Vision (21)": """segment-anything grounded-sam grounding-dino oneformer ldm mae segformer
        mlp-mixer dino swin-transformer deit vit ddpm detr mask-r-cnn ssd yolo faster-r-cnn u-net fast-r-cnn r-cnn""",
    "curated list: General AI (10)": """mamba attention-sinks streamingllm flashattention-2 flashattention s4 clip
        transformer gan vae""",
    "hot papers, May 2023 (7)": """what-do-ssl-vits-learn distilling-step-by-step imagebind adapting-vlms-low-data
        dinov2 multilingual-continual-learning sam-survey""",
}
TOP_2024 = [
    ("no-zero-shot", None), ("transformerfam", None), ("aim", None), ("imagine-flash", None),
    ("llm2vec", "Speed round"), ("vit-registers", "Speed round"), ("deeper-layers", "Speed round"),
    ("repeat-after-me", "Speed round"), ("griffin", "Speed round"), ("many-shot-icl", "Speed round"),
    ("multi-token-prediction", "Speed round"), ("larimar", "Mentioned in passing"),
]  # fmt: skip
PENDING_PAPERS = {"opening-black-box-dnn", "rnn-encoder-decoder", "deeper-insights-gcn", "grad-cam", "t2t-vit", "big-transfer"}


@pytest.fixture(scope="module")
def library():  # type: ignore[no-untyped-def]
    return load_library(ROOT / "data" / "papers.yaml", docs_dir=ROOT / "docs")


def test_counts(library) -> None:  # type: ignore[no-untyped-def]
    assert len(library.papers) == 134
    assert len(library.topics) == 32
    assert len(library.journal) == 2
    assert len(library.collections) == 2
    assert library.warnings == []


def test_every_source_item_has_an_entry(library) -> None:  # type: ignore[no-untyped-def]
    ids = {p.id for p in library.papers}
    for source, expected in SOURCES.items():
        missing = set(expected.split()) - ids
        assert not missing, f"{source}: {sorted(missing)}"
        count = int(source.rsplit("(", 1)[1].rstrip(")"))
        assert len(set(expected.split())) == count, source


def test_reading_log_reproduces_the_daily_log(library) -> None:  # type: ignore[no-untyped-def]
    readings = collections.Counter(day.isoformat() for paper in library.papers for day in paper.read)
    assert dict(readings) == CALENDAR
    assert sum(CALENDAR.values()) == 47
    # the daily log's notes are Chinese, in the log's own shape
    for paper in library.papers:
        if paper.read and paper.read[0] >= dt.date(2024, 1, 1):
            chinese = [name for name, text in paper.notes.items() if re.search(r"[\u4e00-\u9fff]{8}", text)]
            assert chinese, paper.id
    assert sorted(j.date.isoformat() for j in library.journal) == ["2024-02-12", "2024-04-03"]


def test_log_page_days(library) -> None:  # type: ignore[no-untyped-def]
    log = Indexes(library).log
    days = [day.date.isoformat() for year in log for month in year.months for day in month.days]
    assert days == sorted(set(CALENDAR) | {"2024-02-12"}, reverse=True)


def test_collections_in_order(library) -> None:  # type: ignore[no-untyped-def]
    top, hot = library.collections
    assert top.id == "top-2024-so-far"
    assert [(i.paper, i.section) for i in top.items] == TOP_2024
    assert hot.id == "hot-papers-2023-05"
    assert [i.paper for i in hot.items] == SOURCES["hot papers, May 2023 (7)"].split()
    assert all(i.comment for c in library.collections for i in c.items)


def test_to_read_queue_holds_the_pending_list(library) -> None:  # type: ignore[no-untyped-def]
    to_read = {p.id for p in library.papers if p.status == "to-read"}
    assert PENDING_PAPERS <= to_read

    def walk(items):  # type: ignore[no-untyped-def]
        for item in items:
            yield item
            yield from walk(item.items)

    todo = list(walk(library.todo))
    assert len(todo) == 17
    assert PENDING_PAPERS <= {i.paper for i in todo if i.paper}


def test_every_paper_has_notes_topics_and_a_summary(library) -> None:  # type: ignore[no-untyped-def]
    for paper in library.papers:
        assert paper.topics and paper.summary, paper.id
        if paper.status != "to-read":
            assert paper.notes, paper.id


def test_seed_sentences_are_not_copied() -> None:
    if not SHARED_TOOL.exists():
        pytest.skip(f"{SHARED_TOOL} is not beside this checkout")
    result = subprocess.run(
        [sys.executable, str(SHARED_TOOL), "data", "docs"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.stdout.strip().endswith("0 line(s) repeat seed sentences"), result.stdout[-2000:]


def test_files_point_editors_at_their_schemas() -> None:
    layout = Layout(ROOT / "data" / "papers.yaml")
    assert layout.main.read_text(encoding="utf-8").splitlines()[0] == "# yaml-language-server: $schema=./schema.json"
    assert layout.split, "the sample keeps one file per paper"
    for path in layout.paper_files():
        assert path.read_text(encoding="utf-8").splitlines()[0] == PAPER_MODELINE, path.name


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample site, built strictly (a warning fails the build)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    folder = tmp_path_factory.mktemp("sample") / "site"
    build(load_config(config_file=str(ROOT / "mkdocs.yml"), site_dir=str(folder), strict=True))
    return folder


def test_the_sample_builds_strictly(site: Path) -> None:
    assert (site / "papers" / "lora" / "index.html").is_file()


def test_no_page_of_the_sample_shows_raw_tex(site: Path) -> None:
    sys.path.insert(0, str(ROOT / "tests"))
    from visible import raw_tex

    found = {}
    for page in sorted(site.rglob("*.html")):
        tex = raw_tex(page.read_text(encoding="utf-8"))
        if tex:
            found[str(page.relative_to(site))] = tex
    assert found == {}


def test_the_sample_passes_the_editors_schemas() -> None:
    import json

    import jsonschema
    import yaml

    from paper_notes.schema import paper_schema_text, schema_text

    def text_dates(value):  # type: ignore[no-untyped-def]
        if isinstance(value, dict):
            return {str(k): text_dates(v) for k, v in value.items()}
        if isinstance(value, list):
            return [text_dates(v) for v in value]
        return value.isoformat() if isinstance(value, dt.date) else value

    layout = Layout(ROOT / "data" / "papers.yaml")
    data = jsonschema.Draft202012Validator(json.loads(schema_text()))
    paper = jsonschema.Draft202012Validator(json.loads(paper_schema_text()))
    checks = [(data, layout.main)] + [(paper, path) for path in layout.paper_files()]
    errors = [
        f"{path.name}: {e.message}"
        for validator, path in checks
        for e in validator.iter_errors(text_dates(yaml.safe_load(path.read_text(encoding="utf-8"))))
    ]
    assert errors == []


def test_the_whole_sample_exports_to_bibtex_and_back() -> None:
    import bibtexparser
    from bibtexparser import middlewares

    from paper_notes.export import export

    library = load_library(ROOT / "data" / "papers.yaml")
    parsed = bibtexparser.parse_string(
        export(library.papers, "bibtex"), append_middleware=[middlewares.LatexDecodingMiddleware()]
    )
    assert not parsed.failed_blocks
    entries = {e.key: {f.key: f.value for f in e.fields} for e in parsed.entries}
    assert set(entries) == {p.id for p in library.papers}
    # formatted by a BibTeX engine's plain style: the right year, and short names keep their case
    from pybtex.backends.plaintext import Backend
    from pybtex.database import parse_string
    from pybtex.style.formatting.plain import Style

    from paper_notes import bibtex

    formatted = {
        e.key: e.text.render(Backend())
        for e in Style().format_bibliography(parse_string(export(library.papers, "bibtex"), "bibtex")).entries
    }
    for p in library.papers:
        assert entries[p.id]["year"] == str(bibtex.year(p)), p.id
        assert str(bibtex.year(p)) in formatted[p.id], p.id
        for alias in p.aliases:
            if " " not in alias and alias in p.title:
                assert alias in formatted[p.id], (p.id, alias, formatted[p.id])
    assert "LoRA: low-rank adaptation" in formatted["lora"] and "2022" in formatted["lora"]


def test_the_sample_imports_back_from_its_own_exports(tmp_path: Path) -> None:
    """Exported as BibTeX and imported into an empty library, every paper keeps its id, title, authors, year,
    venue, entry type, volume, issue, pages and publisher; its CSL-JSON item says the same."""
    from tests.roundtrip import bibtex_round_trip, csl_differences, differences

    papers = load_library(ROOT / "data" / "papers.yaml").papers
    assert differences(papers, bibtex_round_trip(papers, tmp_path / "again")) == []
    assert csl_differences(papers) == []
