"""The benchmark runs end to end on a tiny library (a smoke test: no timing is asserted)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from paper_notes.siteassets import KATEX_ON_DEMAND

pytestmark = [pytest.mark.serve, pytest.mark.bench]  # it starts `mkdocs serve` to time a save


def test_the_benchmark_measures_both_sites_and_a_save(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    result = subprocess.run(
        [sys.executable, "benchmarks/bench.py", "--sizes", "20", "--runs", "1", "--serve-sizes", "20", "--repeats", "1",
         "--memory-sizes", "20", "--saves", "2", "--json", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(out.read_text(encoding="utf-8"))
    ours, static, plain = (next(r for r in report["results"] if r["variant"] == v) for v in ("ours", "static", "plain"))
    assert ours["papers"] == static["papers"] == plain["papers"] == 20
    for result_ in (ours, static, plain):
        assert result_["seconds"] > 0 and result_["peak_mb"] > 0 and result_["site_mb"] > 0
    assert ours["load_seconds"] > 0
    assert ours["first_seconds"] > 0 and "Our first build, with no compiled templates kept" in report["table"]
    assert set(ours["saves"]) == {"split", "single"}  # both layouts, each kind of edit timed
    for found in ours["saves"].values():
        assert found["median"] > 0 and found["rest"] > 0
        assert set(found["kinds"]) == {"note", "title", "added paper", "topic renamed"} and all(found["kinds"].values())
    assert len(ours["memory"]) == 3 and all(mb > 0 for mb in ours["memory"])
    assert "| 20 |" in report["table"] and "| single |" in report["table"] and "cumulative" in report["profile"]
    assert report["machine"]["cores"]


def test_the_static_baseline_holds_the_same_papers(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import synthetic

    data = synthetic.library(30)
    static = synthetic.static_site(tmp_path / "static", data)
    pages = sorted(p.stem for p in (static / "docs" / "papers").glob("paper-*.md"))
    assert pages == sorted(p["id"] for p in data["papers"])
    assert sum(p.get("lang") == "zh" for p in data["papers"]) == 6  # one in five noted in Chinese
    notes = [text for p in data["papers"] for text in p["notes"].values()]
    assert any("$" in t for t in notes) and any("\n- " in t for t in notes) and any("**" in t for t in notes)
    config = (static / "mkdocs.yml").read_text(encoding="utf-8")
    assert "- paper-notes" not in config and "- macros" not in config and "custom_dir" not in config  # Material's own search worker
    assert "assets/javascripts/katex.js" in config and "katex.min.js" not in config  # the scripts the plugin adds to ours
    assert all((static / "docs" / src).is_file() for src in KATEX_ON_DEMAND)  # and KaTeX, which katex.js loads


@pytest.mark.browser
def test_the_search_benchmark_measures_both_indexes_in_chromium(tmp_path: Path) -> None:
    out = tmp_path / "search.json"
    result = subprocess.run(
        [sys.executable, "benchmarks/search_bench.py", "--sizes", "30", "--runs", "1", "--json", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(out.read_text(encoding="utf-8"))
    (figures,) = report["results"]
    assert figures["papers"] == 30
    assert figures["names_bytes"] > 0 and figures["sections_bytes"] > 0 and figures["plain_bytes"] > 0
    assert figures["recall"] > 0.9 and figures["recall_queries"] > 50
    assert figures["first_result"][0] > 0 and figures["plain_first_result"][0] > 0 and figures["whole_index"][0] > 0
    assert "| 30 |" in report["table"] and "| 30 |" in result.stdout
