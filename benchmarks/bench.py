"""How the build compares with the same content written as static Markdown, from 100 to 10,000 papers.

For each size N it writes a synthetic library (benchmarks/synthetic.py) as this project with its
data, and the same content as hand-written Markdown pages with the same theme, plugins, search
settings and nav policy, and measures:

- full build wall time (the median of --runs), peak memory (RSS) and the size of site/, for both;
- for our site: loading and checking the data alone, and how long a save takes to reach the page
  under `mkdocs serve` (the median of three edits; the rebuild MkDocs reports is shown beside it);
- once, a profile of our build (the top of the cumulative listing).

It prints one table, each figure of ours beside its ratio to the static site, and writes --json.

Usage:
    python benchmarks/bench.py                          # N = 100, 1,000 and 10,000 (about 20 minutes)
    python benchmarks/bench.py --sizes 100 1000 --runs 1 --json out.json
"""
from __future__ import annotations

import argparse
import cProfile  # noqa: F401 - used by the profiling child process
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synthetic  # noqa: E402

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}


@dataclass
class Run:
    seconds: float
    peak_mb: float


@dataclass
class Result:
    papers: int
    variant: str  # "ours" or "static"
    runs: list[Run] = field(default_factory=list)
    site_mb: float = 0.0
    load_seconds: float | None = None
    reload_seconds: float | None = None  # save to the served page showing the edit
    rebuild_seconds: float | None = None  # the rebuild alone, as MkDocs reports it

    @property
    def seconds(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    @property
    def peak_mb(self) -> float:
        return max(r.peak_mb for r in self.runs)


def timed(command: list[str], cwd: Path) -> Run:
    """Run a command; its wall time and the peak RSS of the process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert process.stderr is not None
    errors = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"{' '.join(command)} failed in {cwd}:\n{errors.decode(errors='replace')}")
    return Run(seconds, usage.ru_maxrss / 1024)


def folder_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def build(project: Path, result: Result, runs: int) -> None:
    site = project / "site"
    for _ in range(runs):
        shutil.rmtree(site, ignore_errors=True)
        result.runs.append(timed([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)], project))
    result.site_mb = folder_mb(site)


LOAD = """
import time; start = time.perf_counter()
from pathlib import Path
from paper_notes.library import load_library
from paper_notes.indexes import Indexes
Indexes(load_library(Path("data/papers.yaml").resolve(), docs_dir=Path("docs")))
print(time.perf_counter() - start)
"""

PROFILE = """
import cProfile, io, pstats
from mkdocs.commands.build import build
from mkdocs.config import load_config
config = load_config("mkdocs.yml", site_dir="site-profile")
profile = cProfile.Profile()
profile.runcall(build, config)
out = io.StringIO()
pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(%d)
print(out.getvalue())
"""


def load_seconds(project: Path) -> float:
    out = subprocess.run([sys.executable, "-c", LOAD], cwd=project, env=ENV, capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def profile(project: Path, top: int = 10) -> str:
    """The top of our build's cumulative profile, MkDocs' own entry points left out."""
    out = subprocess.run(
        [sys.executable, "-c", PROFILE % (top + 12)], cwd=project, env=ENV, capture_output=True, text=True, check=True
    ).stdout
    lines = [line for line in out.splitlines() if re.match(r"\s*\d", line)]
    skip = ("{built-in method builtins.exec}", "<string>:1(<module>)", "commands/build.py:249(build)")
    kept = [line for line in lines if not line.rstrip().endswith(skip)][:top]
    header = next((line for line in out.splitlines() if "ncalls" in line), "")
    return "\n".join([header, *kept])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read().decode("utf-8", errors="replace")
    except OSError:
        return ""


def reload_seconds(project: Path, n: int, edits: int = 3) -> tuple[float, float]:
    """Under `mkdocs serve`: save a one-paper edit, then wait for the served page to show it (median of ``edits``)."""
    port = free_port()
    log = (project / "serve.log").open("w+")
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"], cwd=project, env=ENV,
        stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    ident = f"paper-{n // 2}"
    from mkdocs.config import load_config

    # served under the path of site_url, as MkDocs does (a fork's site may live at /<repository>/)
    mount = urllib.parse.urlsplit(load_config(config_file=str(project / "mkdocs.yml")).site_url or "/").path.rstrip("/")
    url = f"http://127.0.0.1:{port}{mount}/papers/{ident}/"
    source = project / "data" / "papers" / f"{ident}.yaml"
    original = source.read_text(encoding="utf-8")
    times: list[float] = []
    try:
        deadline = time.monotonic() + 60 + n / 20
        while "<html" not in fetch(url):
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit(f"mkdocs serve did not start:\n{(project / 'serve.log').read_text()}")
            time.sleep(0.2)
        for k in range(edits):
            time.sleep(1.0)  # let the watcher settle
            token = f"Edited title {k} {time.time_ns()}"
            source.write_text(re.sub(r"(?m)^title: .*$", f"title: {token}", original, count=1), encoding="utf-8")
            start = time.perf_counter()
            while token not in fetch(url):
                if time.perf_counter() - start > 120 + n / 50:
                    raise SystemExit(f"the edit never reached {url}:\n{(project / 'serve.log').read_text()[-3000:]}")
                time.sleep(0.01)
            times.append(time.perf_counter() - start)
        time.sleep(0.5)
    finally:
        source.write_text(original, encoding="utf-8")
        server.terminate()
        server.wait(timeout=30)
        log.close()
    built = [float(s) for s in re.findall(r"Documentation built in ([\d.]+) seconds", (project / "serve.log").read_text())]
    return statistics.median(times), statistics.median(built[1:] or built)


def machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        memory = next(line for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal"))
        gib = int(memory.split()[1]) / 1024**2
    except (OSError, StopIteration):
        gib = 0
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gib": round(gib, 1), "python": platform.python_version(),
            "system": f"{platform.system()} {platform.release()}"}  # fmt: skip


def table(results: list[Result]) -> str:
    by = {(r.papers, r.variant): r for r in results}
    sizes = sorted({r.papers for r in results})
    rows = ["| papers | build, static | build, ours | ratio | peak RSS, static / ours | ratio | site/, static / ours "
            "| data load | save → page (rebuild) | per paper, ours |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]  # fmt: skip
    previous: Result | None = None
    for n in sizes:
        ours, static = by[(n, "ours")], by[(n, "static")]
        if previous is not None:
            marginal = (ours.seconds - previous.seconds) / (n - previous.papers) * 1000
            per_paper = f"{ours.seconds / n * 1000:.1f} ms ({marginal:.1f} ms from {previous.papers:,})"
        else:
            per_paper = f"{ours.seconds / n * 1000:.1f} ms"
        reload = f"{ours.reload_seconds:.2f} s ({ours.rebuild_seconds:.2f} s)" if ours.reload_seconds is not None else "–"
        rows.append(
            f"| {n:,} | {static.seconds:.1f} s | {ours.seconds:.1f} s | {ours.seconds / static.seconds:.2f}× "
            f"| {static.peak_mb:.0f} / {ours.peak_mb:.0f} MB | {ours.peak_mb / static.peak_mb:.2f}× "
            f"| {static.site_mb:.0f} / {ours.site_mb:.0f} MB | {ours.load_seconds:.2f} s | {reload} | {per_paper} |"
        )
        previous = ours
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000], help="numbers of papers")
    parser.add_argument("--runs", type=int, default=3, help="full builds per size and variant; the median is shown")
    parser.add_argument("--serve-sizes", type=int, nargs="*", default=None,
                        help="sizes at which to measure edit-to-reload under mkdocs serve (default: 1,000 and 10,000)")  # fmt: skip
    parser.add_argument("--json", type=Path, help="also write every figure here")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it (default: a temporary folder)")
    args = parser.parse_args(argv)
    serve_sizes = set(args.serve_sizes if args.serve_sizes is not None else [n for n in args.sizes if n in (1000, 10000)])
    results: list[Result] = []
    profiled = ""
    work = args.keep or Path(tempfile.mkdtemp(prefix="paper-notes-bench-"))
    try:
        for n in args.sizes:
            data = synthetic.library(n)
            ours_dir = synthetic.write_project(work / f"ours-{n}", data)
            static_dir = synthetic.static_site(work / f"static-{n}", data)
            del data
            ours, static = Result(n, "ours"), Result(n, "static")
            for _ in range(args.runs):  # alternate, so that a slow moment of the machine hits both
                build(static_dir, static, 1)
                build(ours_dir, ours, 1)
            ours.load_seconds = load_seconds(ours_dir)
            if n in serve_sizes:
                ours.reload_seconds, ours.rebuild_seconds = reload_seconds(ours_dir, n)
            if not profiled and (n >= 1000 or n == args.sizes[-1]):
                profiled = f"Profile of our build at {n:,} papers (top 10, cumulative):\n{profile(ours_dir)}"
            results += [static, ours]
            print(f"{n:,} papers: static {static.seconds:.1f} s, ours {ours.seconds:.1f} s", file=sys.stderr, flush=True)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    about = machine()
    print(f"Machine: {about['cpu']}, {about['cores']} cores, {about['memory_gib']} GiB, Python {about['python']}, "
          f"{about['system']}; median of {args.runs} builds.\n")  # fmt: skip
    print(table(results))
    print()
    print(profiled)
    if args.json:
        args.json.write_text(
            json.dumps(
                {"machine": about, "runs": args.runs, "table": table(results), "profile": profiled,
                 "results": [{**asdict(r), "seconds": r.seconds, "peak_mb": r.peak_mb} for r in results]},
                indent=2,
            ),  # fmt: skip
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
