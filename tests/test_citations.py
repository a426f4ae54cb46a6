"""Citation data that survives every round trip: LaTeX in, Unicode and math out, BibTeX a reference manager trusts.

The .bib corpus in tests/fixtures/bib/ holds the forms real exports use (Zotero/Better
BibTeX, Google Scholar, DBLP): accents in every spelling, protected words, @string,
commands, math, and the same papers again in other forms. Importing it is compared with
tests/golden/bib/; regenerate after an intended change with
    UPDATE_GOLDEN=1 python -m pytest tests/test_citations.py
and review the diff.
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

import bibtexparser
import jsonschema
import pytest
from bibtexparser import middlewares
from pybtex.backends.plaintext import Backend
from pybtex.database import parse_string
from pybtex.style.formatting.plain import Style

from conftest import FIXTURES
from paper_notes import bibtex, cli
from paper_notes.export import csl_item, export
from paper_notes.latex import (
    DOUBLE_STRUCK,
    SUBSCRIPT,
    SUPERSCRIPT,
    SYMBOLS,
    decode_latex,
    encode_latex,
    fold,
    math_html,
    math_to_unicode,
    plain,
)
from paper_notes.library import load_library
from paper_notes.model import Paper

BIB = FIXTURES / "bib"
GOLDEN = Path(__file__).resolve().parent / "golden" / "bib"


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        (r"{\LaTeX} Notation", "LaTeX Notation"),
        (r"\TeX\ and \BibTeX", "TeX and BibTeX"),
        (r"A \& B \% C \# D", "A & B % C # D"),
        (r"x\textendash y\textemdash z", "x–y—z"),
        (r"pre -- post --- end", "pre – post — end"),
        (r"{GANs} and {{BERT}}", "GANs and BERT"),
        (r"the 1\textsuperscript{st}, H\textsubscript{2}O", "the 1ˢᵗ, H₂O"),
        (r"J{\'e}r{\^o}me", "Jérôme"),
        (r"J\'{e}r\^{o}me", "Jérôme"),
        (r"na\"{\i}ve \"o \ss{} \o{} \aa{} \l{} \v{s} \H{o} \~n \c{c}", "naïve ö ß ø å ł š ő ñ ç"),
        (r"``quoted''", "“quoted”"),
        (r"\emph{x} {\em y} \textbf{z}", "x y z"),
        (r"non~breaking", "non breaking"),
        (r"\url{https://e.org} and \href{https://e.org}{a site}", "https://e.org and a site"),
        (r"An image is worth $16\times 16$ words", "An image is worth 16×16 words"),
        (r"$O(n^2)$ and $O(n\sqrt{n})$", "O(n²) and O(n√n)"),
        (r"$\alpha$-blending and \(\beta\)-VAE", "α-blending and β-VAE"),
        (r"$x_{t-1}$ and $W^T$", "xₜ₋₁ and Wᵀ"),
        (r"$\mathcal{O}(1)$ memory", r"$\mathcal{O}(1)$ memory"),  # no Unicode form: kept for KaTeX
        (r"$\frac{1}{2}$-bit", r"$\frac{1}{2}$-bit"),
        (r"costs \$5", r"costs \$5"),  # a dollar sign, not math
    ],
)
def test_latex_is_decoded(latex: str, text: str) -> None:
    assert decode_latex(latex) == text


@pytest.mark.parametrize(
    ("tex", "unicode"),
    [("16\\times 16", "16×16"), ("O(n^2)", "O(n²)"), ("\\alpha", "α"), ("\\ell_2", "ℓ₂"), ("\\mathbb{R}^n", "ℝⁿ"),
     ("e^{-x}", "e⁻ˣ"), ("\\leq 5", "≤5"), ("\\mathrm{ReLU}", "ReLU"), ("x^q", None), ("\\hat{x}", None),
     ("\\frac{a}{b}", None), ("\\mathcal{L}", None), ("x^{", None)],
)  # fmt: skip
def test_math_to_unicode(tex: str, unicode: str | None) -> None:
    assert math_to_unicode(tex) == unicode


@pytest.mark.parametrize(
    "text",
    ["ℓ₁ regularisation", "ℓ₂ and ℓ_∞", "O(n²) in ℝⁿ", "x₍ₜ₋₁₎ and Wᵀ", "α-β ≤ γ", "√2 ≈ 1.41", "16×16 and 1ˢᵗ",
     "H₂O", "𝔼 and ∑ and ∏", "a ∧ b ∨ c, ‖x‖, a·b", "Zoë Çelik", "$\\mathcal{O}(1)$ memory"],
)  # fmt: skip
def test_unicode_survives_latex_and_back(text: str) -> None:
    """What the BibTeX export writes for Unicode (ℓ₁ is {\\ensuremath{\\ell}}{\\ensuremath{_1}}), import reads back."""
    assert decode_latex(encode_latex(text)) == text


def test_every_script_and_symbol_survives_latex_and_back() -> None:
    chars = {*SUPERSCRIPT.values(), *SUBSCRIPT.values(), *DOUBLE_STRUCK.values(), *SYMBOLS.values()}
    for char in {c for c in chars if len(c) == 1} - {"′", "∗", "$"}:  # written ' and *; a $ stays escaped
        assert decode_latex(encode_latex(f"a{char}b")) == f"a{char}b", char


def test_titles_fold_for_duplicates() -> None:
    assert fold("An image is worth $16\\times 16$ words") == fold("An Image is Worth 16x16 Words")
    assert fold("Attention is all you need.") == fold("ATTENTION IS ALL YOU NEED")
    assert fold("Café, naïve") == fold("Cafe naive")
    assert fold("$\\beta$-VAE") == fold("β-VAE") != fold("$\\alpha$-VAE")
    assert fold("$O(n^2)$") == fold("O(n²)")


def test_math_html_marks_math_for_katex_and_escapes_text() -> None:
    assert math_html("a <b> $\\mathcal{O}(n<1)$ \\$5") == (
        'a &lt;b&gt; <span class="arithmatex">\\(\\mathcal{O}(n&lt;1)\\)</span> $5'
    )
    assert plain("$\\mathcal{O}(1)$ and $\\alpha$") == "𝒪(1) and α"


# --- import -----------------------------------------------------------------------------


@pytest.fixture
def empty(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    data = tmp_path / "data" / "papers.yaml"
    data.parent.mkdir()
    data.write_text("papers: []\n", encoding="utf-8")
    return data


def _golden(name: str, text: str) -> None:
    expected = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.mkdir(parents=True, exist_ok=True)
        expected.write_text(text, encoding="utf-8")
    assert text == expected.read_text(encoding="utf-8")


def test_the_bib_corpus_imports_as_its_golden_file(empty: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = []
    for name in ("zotero.bib", "scholar.bib"):
        assert cli.main(["import", str(BIB / name)]) == 0
        report.append(capsys.readouterr().out)
    _golden("imported.yaml", empty.read_text(encoding="utf-8"))
    _golden("report.txt", "".join(report))
    library = load_library(empty)
    titles = {p.id: p.title for p in library.papers}
    assert titles["lamport1994latex"] == "LaTeX Notation and the TeX Book & Other Stories"
    assert titles["dosovitskiy2021image"].startswith("An Image Is Worth 16×16 Words")
    assert "$\\mathcal{O}(1)$" in titles["complexity2019"]


def test_import_then_export_keeps_the_entry_type_and_citation_fields(empty: Path) -> None:
    cli.main(["import", str(BIB / "zotero.bib")])
    cli.main(["import", str(BIB / "scholar.bib")])
    papers = {p.id: p for p in load_library(empty).papers}
    attention = bibtex.entry(papers["attention2017"])  # NeurIPS's long name does not say 'conference'
    assert attention.startswith("@inproceedings{") and "booktitle = {Advances in Neural" in attention
    assert "volume = {30}" in attention
    lecun = bibtex.entry(papers["lecun1998"])
    assert lecun.startswith("@article{") and "journal = {Proceedings of the IEEE}" in lecun
    for line in ("volume = {86}", "number = {11}", "pages = {2278--2324}", "publisher = {IEEE}"):
        assert line in lecun
    item = csl_item(papers["lecun1998"])
    assert (item["volume"], item["issue"], item["page"], item["publisher"]) == ("86", "11", "2278-2324", "IEEE")


def test_duplicates_are_named_by_every_key(empty: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cli.main(["import", str(BIB / "zotero.bib")])
    capsys.readouterr()
    cli.main(["import", str(BIB / "scholar.bib")])
    out = capsys.readouterr().out
    assert "already present scholar.bib:4 (dosovitskiy2020image): 'An image is worth 16x16 words: Transformers for i…' is 'dosovitskiy2021image'" in out  # arXiv id in a Scholar journal
    assert "already present scholar.bib:11 (DBLP:journals/corr/abs-2106-09685): 'LoRA: Low-Rank Adaptation of Large Language Models' is 'hu2021lora'" in out  # arXiv URL, v1
    assert "not added scholar.bib:32 (lecun1998again) 'GRADIENT-BASED LEARNING APPLIED TO DOCUMENT RECOG…': the same paper as scholar.bib:20 (lecun1998)" in out  # DOI
    assert "already present scholar.bib:40 (vaswani2017): 'Attention is all you need.' is 'attention2017'" in out  # title, case and a period
    assert "already present scholar.bib:47 (greek-again): 'β-VAE meets α-divergence: learning with ϵ-greedy…' is 'greek2022'" in out  # title, math written another way


@pytest.mark.parametrize(
    "reference",
    ["2106.09685", "2106.09685v3", "arXiv:2106.09685", "https://arxiv.org/pdf/2106.09685v2.pdf",
     "10.48550/arXiv.2106.09685", "https://doi.org/10.1109/5.726791", "doi:10.1109/5.726791"],
)  # fmt: skip
def test_add_of_a_present_paper_needs_no_network(
    empty: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, reference: str
) -> None:
    cli.main(["import", str(BIB / "zotero.bib")])
    cli.main(["import", str(BIB / "scholar.bib")])
    capsys.readouterr()
    for variable in ("PAPER_NOTES_ARXIV_API", "PAPER_NOTES_CROSSREF_API"):
        monkeypatch.setenv(variable, "http://127.0.0.1:9/nothing-listens-here")
    before = empty.read_bytes()
    assert cli.main(["add", reference]) == 0
    out = capsys.readouterr().out
    assert re.search(r"is already present as '(hu2021lora|lecun1998)' \(data/papers.yaml:\d+\)", out)
    assert empty.read_bytes() == before


# --- export -----------------------------------------------------------------------------

LORA = {
    "id": "lora", "title": "LoRA: Low-Rank Adaptation of Large Language Models", "aliases": ["LoRA"],
    "authors": ["Edward J. Hu", "Zoë Çelik"], "published": "2021-06", "venue": "ICLR 2022", "arxiv": "2106.09685",
}  # fmt: skip


def test_bibtex_year_follows_the_venue_and_months_are_macros() -> None:
    text = bibtex.entry(Paper.model_validate(LORA))
    assert "year = {2022}" in text and "month" not in text  # the month of the arXiv version is not ICLR's
    text = bibtex.entry(Paper.model_validate({**LORA, "venue": None}))
    assert "year = {2021}" in text and "month = jun," in text


@pytest.mark.parametrize(
    ("title", "protected"),
    [
        ("LoRA: Low-Rank Adaptation of Large Language Models", "{LoRA}: Low-Rank Adaptation of Large Language Models"),
        ("Exploring the Limits with T5 and GPT-3 on ImageNet", "Exploring the Limits with {T5} and {GPT-3} on {ImageNet}"),
        ("Bayesian Deep Learning in English", "{Bayesian} Deep Learning in {English}"),
        ("Training $\\beta$-VAE (BERT) models", "Training {$\\beta$}-{VAE} ({BERT}) models"),
        ("Jérôme & 50% of $5", "J{\\'e}r{\\^o}me \\& 50\\% of \\$5"),
    ],
)
def test_bibtex_titles_protect_what_keeps_its_case(title: str, protected: str) -> None:
    assert bibtex.protect_title(title) == protected


@pytest.mark.parametrize(
    ("fields", "kind"),
    [({"venue": "ICLR 2022"}, "inproceedings"), ({"venue": "Nature"}, "article"), ({"venue": "arXiv preprint"}, "misc"),
     ({"arxiv": "2106.09685"}, "misc"), ({"kind": "report", "org": ["Stability AI"]}, "techreport"),
     ({"kind": "book", "venue": "MIT Press"}, "book"), ({"kind": "thesis", "org": ["MIT"]}, "phdthesis"),
     ({"kind": "thesis"}, "misc"), ({"kind": "blog"}, "misc"), ({"venue": "ICLR 2022", "authors": []}, "misc"),
     ({"venue": "Advances in Neural Information Processing Systems", "venue_kind": "conference"}, "inproceedings"),
     ({"venue": "Advances in Neural Information Processing Systems"}, "article"),
     ({"venue": "Proceedings of the IEEE", "venue_kind": "journal"}, "article")],
)  # fmt: skip
def test_bibtex_entry_types(fields: dict, kind: str) -> None:  # type: ignore[type-arg]
    paper = Paper.model_validate({"id": "p", "title": "T", "authors": ["A B"], "published": 2020, **fields})
    assert bibtex.entry_type(paper) == kind
    if kind == "misc" and paper.arxiv:
        assert "eprint = {2106.09685}" in bibtex.entry(paper) and "archiveprefix = {arXiv}" in bibtex.entry(paper)


def _formatted(text: str) -> dict[str, str]:
    """The entries as pybtex's plain style prints them, by key."""
    parsed = parse_string(text, "bibtex")
    style = Style()
    return {e.key: e.text.render(Backend()) for e in style.format_bibliography(parsed).entries}


def round_trip(papers: list[Paper]) -> None:
    """Export, parse back with bibtexparser, format with pybtex: the facts and the case of names survive."""
    text = export(papers, "bibtex")
    parsed = bibtexparser.parse_string(text, append_middleware=[middlewares.LatexDecodingMiddleware()])
    assert not parsed.failed_blocks
    keys = {e.key: {f.key: f.value for f in e.fields} for e in parsed.entries}
    assert set(keys) == {p.id for p in papers}
    formatted = _formatted(text)
    for paper in papers:
        assert keys[paper.id]["year"] == str(bibtex.year(paper)) if bibtex.year(paper) else True
        line = formatted[paper.id]
        if bibtex.year(paper):
            assert str(bibtex.year(paper)) in line, (paper.id, line)
        for alias in paper.aliases:
            if alias in paper.title and " " not in alias:
                assert alias in line, (paper.id, alias, line)  # LoRA stays LoRA, not Lora


def test_bibtex_round_trip_through_bibtexparser_and_pybtex(empty: Path) -> None:
    cli.main(["import", str(BIB / "zotero.bib")])
    cli.main(["import", str(BIB / "scholar.bib")])
    papers = load_library(empty).papers + [Paper.model_validate(LORA | {"id": "lora-2022", "arxiv": None})]
    round_trip(papers)
    formatted = _formatted(export(papers, "bibtex"))
    assert "LoRA: low-rank adaptation" in formatted["lora-2022"] and "2022" in formatted["lora-2022"]
    assert "Zoë Çelik" in formatted["lora-2022"]
    assert "16×16" not in export(papers, "bibtex")  # non-ASCII is written as LaTeX for classic BibTeX


def test_the_fixture_libraries_round_trip() -> None:
    for name in ("papers.yaml", "search.yaml"):
        round_trip(load_library(FIXTURES / name).papers)


def test_csl_json_validates_against_the_csl_schema(empty: Path) -> None:
    cli.main(["import", str(BIB / "zotero.bib")])
    papers = load_library(empty).papers + load_library(FIXTURES / "papers.yaml").papers
    items = json.loads(export(papers, "csl-json"))
    schema = json.loads((FIXTURES / "csl-data.schema.json").read_text(encoding="utf-8"))
    errors = [f"{list(e.path)}: {e.message}" for e in jsonschema.Draft7Validator(schema).iter_errors(items)]
    assert errors == []
    assert {i["id"]: i["title"] for i in items}["dosovitskiy2021image"].startswith("An Image Is Worth 16×16")


def test_csl_json_issued_agrees_with_bibtex_year() -> None:
    for fields in ({"venue": "NAACL 2019", "published": "2018-10"}, {"venue": "ICLR 2022"}, {"published": "2020-02-03"},
                   {"venue": "Nature", "published": "2020-02"}, {}):  # fmt: skip
        paper = Paper.model_validate({"id": "p", "title": "T", "authors": ["A B"], **fields})
        item = csl_item(paper)
        issued = item["issued"]["date-parts"][0][0] if "issued" in item else None
        assert issued == bibtex.year(paper), fields
    assert csl_item(Paper.model_validate({**LORA, "published": "2022-04-25"}))["issued"] == {"date-parts": [[2022, 4, 25]]}


def test_csl_json_publisher_is_not_an_affiliation() -> None:
    assert "publisher" not in csl_item(Paper.model_validate({**LORA, "org": ["Microsoft"]}))
    report = {"id": "r", "title": "T", "kind": "report", "org": ["OpenAI"]}
    assert csl_item(Paper.model_validate(report))["publisher"] == "OpenAI"  # a report's institution, as in BibTeX


def test_csv_opens_in_excel(empty: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cli.main(["import", str(BIB / "zotero.bib")])
    assert cli.main(["export", "--format", "csv", "--output", "out.csv"]) == 0
    capsys.readouterr()
    raw = Path("out.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the byte-order mark Excel needs to read UTF-8
    assert "Jörg Müller" in raw.decode("utf-8-sig")
    assert cli.main(["export", "--format", "csv", "--no-bom"]) == 0
    assert capsys.readouterr().out.startswith("id,title,")
