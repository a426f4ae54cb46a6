"""How long `python -m macros import` takes on large sources, measured in fresh processes.

For each size N it makes, in a temporary folder:

- a Zotero 7 database (tests/zotero_db.py, Zotero's own schema) of N items in 20 nested collections,
  each with three creators, tags and an abstract, a child note for every third item and, for every
  second item, a PDF with five annotations;
- a CSV of N rows and a Markdown README of N list items under 20 headings;

and imports each into an empty library (folder layout), then imports it again (which must write
nothing). It prints one row per source: the first import's wall time, the second's, peak memory
(RSS) and the papers written.

Usage:
    python benchmarks/import_bench.py                  # N = 1,000 and 5,000
    python benchmarks/import_bench.py --sizes 1000
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from zotero_db import ZoteroDB  # noqa: E402


def make_zotero(path: Path, n: int) -> None:
    with ZoteroDB(path, version=7) as db:
        areas = [db.collection(f"Area {a}") for a in range(5)]
        folders = [db.collection(f"Topic {t}", parent=areas[t % 5]) for t in range(15)]
        for i in range(n):
            item = db.item(
                "journalArticle" if i % 2 else "preprint",
                title=f"A study of method {i} for problem {i % 97} in setting {i % 13}",
                creators=[("Ada", f"Author{i}"), ("Alan", f"Second{i % 50}"), ("Grace", "Third")],
                date=f"20{10 + i % 14}-0{1 + i % 9}-1{i % 9}",
                fields={"abstractNote": "We study a problem. " * 8, "DOI": f"10.1234/bench.{i}"},
                collections=[folders[i % 15]],
                tags=[f"tag{i % 30}", ("Computer Science - Machine Learning", 1)],
            )
            if i % 3 == 0:
                db.note(item, f"<h1>Summary {i}</h1><p>The <b>key</b> idea, with <i>details</i>.</p><ul><li>one</li></ul>")
            if i % 2 == 0:
                pdf = db.attachment(item, title="Full Text PDF", path=f"storage:p{i}.pdf", content_type="application/pdf")
                for page in range(5):
                    db.annotation(pdf, "highlight", text=f"highlighted sentence {page}", comment="why it matters",
                                  page_label=str(page + 1), page_index=page)  # fmt: skip


def make_csv(path: Path, n: int) -> None:
    rows = ["Title,Authors,Year,Venue,Link,Done,Notes"]
    rows += [f'Method {i} for problem {i % 97},"Author{i}, Ada; Second, Alan",{2010 + i % 14},Venue {i % 20},'
             f"https://example.org/p/{i},{'yes' if i % 2 else ''},A note on paper {i}." for i in range(n)]  # fmt: skip
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")


def make_readme(path: Path, n: int) -> None:
    lines = ["# Awesome papers", ""]
    for i in range(n):
        if i % (n // 20 or 1) == 0:
            lines += ["", f"## Area {i // (n // 20 or 1)}", ""]
        lines.append(f"- [Paper {i}: A Method for Problem {i % 97} in Setting {i}](https://arxiv.org/abs/2{i % 4}0{1 + i % 9}.{i:05d}) [[code]](https://github.com/o/r{i})")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def run_import(project: Path, source: Path) -> tuple[float, float]:
    """Wall seconds and the import's own peak RSS in MiB, in a fresh process."""
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "paper_notes", "import", str(source)], cwd=project,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)  # fmt: skip
    output = child.stdout.read() if child.stdout else ""
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"import of {source.name} failed:\n{output[-3000:]}")
    return seconds, usage.ru_maxrss / 1024


def empty_project(folder: Path) -> Path:
    (folder / "data" / "papers").mkdir(parents=True)
    (folder / "data" / "papers.yaml").write_text("topics: []\n", encoding="utf-8")
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    args = parser.parse_args()
    print(f"{'source':<8} {'N':>6} {'first import':>13} {'again':>7} {'peak RSS':>9} {'papers':>7}")
    for n in args.sizes:
        with tempfile.TemporaryDirectory(prefix="import-bench-") as tmp:
            root = Path(tmp)
            sources = {"zotero": root / "zotero.sqlite", "csv": root / "papers.csv", "readme": root / "README.md"}
            make_zotero(sources["zotero"], n)
            make_csv(sources["csv"], n)
            make_readme(sources["readme"], n)
            for kind, source in sources.items():
                project = empty_project(root / f"project-{kind}")
                first, rss = run_import(project, source)
                files = sorted((project / "data").rglob("*.yaml"))
                snapshot = {p: p.read_bytes() for p in files}
                again, _ = run_import(project, source)
                unchanged = {p: p.read_bytes() for p in sorted((project / "data").rglob("*.yaml"))} == snapshot
                papers = len(list((project / "data" / "papers").glob("*.yaml")))
                note = "" if unchanged else "  (the second import changed files!)"
                print(f"{kind:<8} {n:>6} {first:>12.2f}s {again:>6.2f}s {rss:>7.0f} MiB {papers:>7}{note}")
                shutil.rmtree(project)


if __name__ == "__main__":
    main()
