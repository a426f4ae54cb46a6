"""How big search's index is, how much of the notes it still finds, and how soon the first result shows.

For each size N it writes the synthetic library (benchmarks/synthetic.py) as this project, and the
same content as plain Markdown pages with Material's own search and the same search settings, builds
both, and measures:

- index size: our two parts (search_index.json: one entry per page; search_sections.json: the
  sections), in all and per paper, and gzipped; the plain site's index; the ratio of the two;
- recall of note words: words drawn from the plain site's paper pages, and the share of the pages
  holding each word whose entries in our index still hold it (sections keep their first
  ``search_excerpt`` characters as written, then only new words);
- in Chromium, from a local server: the time from opening the home page, typing a query at once,
  to the first result (the median of --runs); for us also the time until the second worker answers
  from every section; and the page's JavaScript heap.

It prints one table, each figure of ours beside the plain site's, and writes --json.

Usage:
    python benchmarks/search_bench.py                         # N = 1,000 and 10,000 (about 10 minutes)
    python benchmarks/search_bench.py --sizes 1000 --runs 1 --json out.json
"""
from __future__ import annotations

import argparse
import bisect
import gzip
import http.server
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parent.parent))
import synthetic  # noqa: E402
from bench import machine  # noqa: E402

from paper_notes.searchindex import STOP_WORDS  # noqa: E402

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
CHROMIUM = "/usr/bin/chromium"
QUERY = "diffusion"  # a word of the synthetic titles and notes


@dataclass
class Figures:
    papers: int
    names_bytes: int = 0
    sections_bytes: int = 0
    gzip_bytes: int = 0
    plain_bytes: int = 0
    plain_gzip_bytes: int = 0
    recall: float = 0.0
    recall_queries: int = 0
    first_result: list[float] = field(default_factory=list)
    plain_first_result: list[float] = field(default_factory=list)
    whole_index: list[float] = field(default_factory=list)
    heap_mb: float = 0.0
    plain_heap_mb: float = 0.0
    build_seconds: float | None = None  # the builds, when this run made them (not with --keep and a site there)
    plain_build_seconds: float | None = None

    @property
    def total_bytes(self) -> int:
        return self.names_bytes + self.sections_bytes


def build(project: Path) -> float:
    start = time.monotonic()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", "site"], cwd=project, env=ENV, check=True)
    return time.monotonic() - start


def sizes(site: Path, figures: Figures) -> None:
    names = (site / "search" / "search_index.json").read_bytes()
    sections = (site / "search" / "search_sections.json").read_bytes()
    figures.names_bytes, figures.sections_bytes = len(names), len(sections)
    figures.gzip_bytes = len(gzip.compress(names)) + len(gzip.compress(sections))


def page_words(docs: list[dict[str, Any]], separator: re.Pattern[str], notes_only: bool = False) -> dict[str, set[str]]:
    """The words of each paper page's entries (or of its note sections only), as search compares them."""
    notes = {name.lower() for name in synthetic.SECTIONS_EN + synthetic.SECTIONS_ZH}
    words: dict[str, set[str]] = {}
    for doc in docs:
        page = doc["location"].split("#")[0]
        if not page.startswith("papers/") or page == "papers/":
            continue
        if notes_only and doc["title"].lower() not in notes:
            continue
        text = re.sub(r"<[^>]+>", " ", doc["title"] + " " + doc["text"] + " " + " ".join(doc.get("tags", [])))
        words.setdefault(page, set()).update(w.lower() for w in separator.split(text) if w)
    return words


def recall(site: Path, plain: Path, figures: Figures, queries: int = 500) -> None:
    """Words drawn from the notes of the plain site's paper pages: of the pages whose notes hold a word, the
    share that our index finds by it (a word of our index beginning with it, as search's prefix match does)."""
    ours = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    separator = re.compile(ours["config"]["separator"])
    docs = ours["docs"] + json.loads((site / "search" / "search_sections.json").read_text(encoding="utf-8"))["docs"]
    held = {page: sorted(words) for page, words in page_words(docs, separator).items()}
    plain_docs = json.loads((plain / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    pages_with: dict[str, list[str]] = {}
    for page, words in page_words(plain_docs, separator, notes_only=True).items():
        for word in words - STOP_WORDS:
            pages_with.setdefault(word, []).append(page)

    def finds(page: str, word: str) -> bool:
        words = held.get(page, [])
        at = bisect.bisect_left(words, word)
        return at < len(words) and words[at].startswith(word)

    words = sorted(w for w in pages_with if len(w) > 1 and not w.isdigit())
    sample = random.Random(1).sample(words, min(queries, len(words)))
    shares = [sum(finds(p, w) for p in pages_with[w]) / len(pages_with[w]) for w in sample]
    figures.recall, figures.recall_queries = statistics.mean(shares), len(sample)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a tab closed mid-download


@contextmanager
def served(site: Path) -> Iterator[str]:
    server = _Server(("127.0.0.1", 0), lambda *a: _Quiet(*a, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()


def first_results(browser: Any, site: Path, runs: int, ours: bool) -> tuple[list[float], list[float], float]:
    """Open the home page, type the query at once; seconds to the first result (and to the whole index)."""
    firsts: list[float] = []
    wholes: list[float] = []
    heap = 0.0
    with served(site) as url:
        for _ in range(runs):
            page = browser.new_page()
            start = time.monotonic()
            page.goto(url, wait_until="commit")
            box = page.locator(".md-search__input")
            box.click()
            box.fill(QUERY)
            page.keyboard.press("End")
            page.wait_for_selector(".md-search-result__item", timeout=300_000)
            firsts.append(time.monotonic() - start)
            if ours:
                while not any(
                    "part=" not in w.url and w.evaluate("self.paperNotesSearch && self.paperNotesSearch.answers") == "whole"
                    for w in page.workers
                    if "paper-notes-search" in w.url
                ):
                    if time.monotonic() - start > 600:
                        raise SystemExit("the whole index never loaded")
                    time.sleep(0.05)
                wholes.append(time.monotonic() - start)
            heap = page.evaluate("performance.memory.usedJSHeapSize") / 1e6
            page.close()
    return firsts, wholes, heap


def measure(n: int, folder: Path, runs: int) -> Figures:
    figures = Figures(n)
    data = synthetic.library(n)
    ours = folder / f"ours-{n}"
    plain = folder / f"plain-{n}"
    if not (ours / "site").exists():
        shutil.rmtree(ours, ignore_errors=True)
        figures.build_seconds = build(synthetic.write_project(ours, data))
    if not (plain / "site").exists():
        shutil.rmtree(plain, ignore_errors=True)
        figures.plain_build_seconds = build(synthetic.static_site(plain, data))
    sizes(ours / "site", figures)
    plain_index = (plain / "site" / "search" / "search_index.json").read_bytes()
    figures.plain_bytes, figures.plain_gzip_bytes = len(plain_index), len(gzip.compress(plain_index))
    recall(ours / "site", plain / "site", figures)

    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--enable-precise-memory-info"],
        )
        figures.first_result, figures.whole_index, figures.heap_mb = first_results(browser, ours / "site", runs, True)
        figures.plain_first_result, _, figures.plain_heap_mb = first_results(browser, plain / "site", runs, False)
        browser.close()
    return figures


def table(results: list[Figures]) -> str:
    rows = ["| papers | index, plain | index, ours (names + sections) | ratio | per paper | gzip, plain / ours "
            "| recall of note words | first result, plain / ours | whole index, ours | JS heap, plain / ours |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]  # fmt: skip
    for f in results:
        mb = 1e6
        rows.append(
            f"| {f.papers:,} | {f.plain_bytes / mb:.1f} MB | {f.total_bytes / mb:.1f} MB ({f.names_bytes / mb:.1f} + "
            f"{f.sections_bytes / mb:.1f}) | {f.total_bytes / f.plain_bytes:.2f}× | {f.total_bytes / f.papers / 1000:.1f} kB "
            f"| {f.plain_gzip_bytes / mb:.1f} / {f.gzip_bytes / mb:.1f} MB | {f.recall:.3f} ({f.recall_queries} words) "
            f"| {statistics.median(f.plain_first_result):.2f} / {statistics.median(f.first_result):.2f} s "
            f"| {statistics.median(f.whole_index):.1f} s | {f.plain_heap_mb:.0f} / {f.heap_mb:.0f} MB |"
        )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000], help="numbers of papers")
    parser.add_argument("--runs", type=int, default=3, help="page loads per site and size; the median is shown")
    parser.add_argument("--json", type=Path, help="also write every figure here")
    parser.add_argument("--keep", type=Path, help="build in this folder and reuse its sites (default: a temporary folder)")
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"{CHROMIUM} not found: install Debian's Chromium (apt-get install chromium)")
    folder = args.keep or Path(tempfile.mkdtemp(prefix="search-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        results = []
        for n in args.sizes:
            results.append(measure(n, folder, args.runs))
            print(f"{n:,} papers measured", file=sys.stderr, flush=True)
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    info = machine()
    print(f"Machine: {info['cpu']}, {info['cores']} cores, {info['memory_gib']} GiB; Python {info['python']}")
    print(f"Query: {QUERY!r}, typed as the home page opens; {args.runs} page loads each, the median shown.\n")
    print(table(results))
    built = [f"{f.papers:,} papers {f.build_seconds:.1f} s (plain {f.plain_build_seconds:.1f} s)"
             for f in results if f.build_seconds is not None and f.plain_build_seconds is not None]  # fmt: skip
    if built:
        print("\nBuilds (one each): " + "; ".join(built))
    if args.json:
        report = {"machine": info, "query": QUERY, "results": [asdict(r) for r in results], "table": table(results)}
        args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
