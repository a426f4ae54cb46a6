"""How the build compares with static Markdown, and how fast a save shows under `mkdocs serve`, 100 to 10,000 papers.

For each size N it writes a synthetic library (benchmarks/synthetic.py) as this project with its
data, and the same notes as hand-written Markdown twice: ``static``, the same content and index
pages (topics, collections, log, related papers, citations), and ``plain``, the notes alone (a page
per paper with its title, authors, dates, topics and note sections). All three use the same theme,
search settings and nav policy. It measures:

- full build wall time (the median of --runs, the three built in turn), peak memory and the size
  of site/; and, once, our first build with no compiled templates kept (an empty cache folder,
  paper_notes/templatecache.py; the runs after it find them); memory as the peak RSS of the largest process, and, since our build forks a second
  process (paper_notes/plugin/ahead.py), as the peak of all the build's processes together (their
  PSS, which counts memory they share once);
- for our site: loading and checking the data alone;
- under `mkdocs serve`, in both layouts (a file per paper, and every paper in data/papers.yaml): how
  long each kind of save (a note, a title, an added paper, a topic renamed; --repeats each) takes to
  show on the served page that shows it, and how long the rest of the site then takes to rebuild;
- the server's memory over --saves saves;
- once, a profile of our build (the top of the cumulative listing).

It prints the tables, each figure of ours beside its ratios, and writes --json.

Usage:
    python benchmarks/bench.py                          # N = 100, 1,000 and 10,000 (about an hour)
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
import threading
import time
import urllib.parse
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synthetic  # noqa: E402
import yaml  # noqa: E402

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}


@dataclass
class Run:
    seconds: float
    peak_mb: float  # the largest process's peak RSS
    total_mb: float = 0.0  # the peak of all the build's processes together (proportional set size: shared pages once)


@dataclass
class Result:
    papers: int
    variant: str  # "ours", "static" (the same content and index pages, hand-written) or "plain" (the notes alone)
    runs: list[Run] = field(default_factory=list)
    site_mb: float = 0.0
    load_seconds: float | None = None
    first_seconds: float | None = None  # ours: a build with an empty cache folder (no compiled templates kept)
    saves: dict[str, dict[str, Any]] = field(default_factory=dict)  # by layout: save -> page (see save_seconds)
    memory: list[float] = field(default_factory=list)  # the server's RSS (MB) at start and after each save

    @property
    def seconds(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    @property
    def peak_mb(self) -> float:
        return max(r.peak_mb for r in self.runs)

    @property
    def total_mb(self) -> float:
        return max(r.total_mb for r in self.runs)


def processes(pid: int) -> list[int]:
    """A process and its descendants (Linux)."""
    found = [pid]
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as children:
                for child in children.read().split():
                    found += processes(int(child))
    except OSError:
        pass
    return found


def pss_kb(pid: int) -> int:
    """A process's proportional set size: its private memory, and its share of memory it shares (a fork's)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as rollup:
            return next((int(line.split()[1]) for line in rollup if line.startswith("Pss:")), 0)
    except OSError:
        return 0


def timed(command: list[str], cwd: Path) -> Run:
    """Run a command; its wall time, the peak RSS of its largest process (the build may fork a second one) and the
    peak memory of all its processes together (their PSS, sampled every 0.1 s; Linux)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert process.stderr is not None
    total = [0]

    def sample() -> None:
        while process.returncode is None:
            total[0] = max(total[0], sum(pss_kb(pid) for pid in processes(process.pid)))
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    errors = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"{' '.join(command)} failed in {cwd}:\n{errors.decode(errors='replace')}")
    sampler.join()
    return Run(seconds, usage.ru_maxrss / 1024, total[0] / 1024)


def folder_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def compile_package() -> None:
    """Python bytecode for Paper Notes itself, as its first run leaves it (ENV writes none, and an editable install
    has none), so that no build of ours compiles the package from source while the others' packages are compiled."""
    import compileall

    root = Path(__file__).resolve().parent.parent
    for folder in ("paper_notes", "macros"):
        compileall.compile_dir(str(root / folder), quiet=1)


def first_build(project: Path, result: Result, cache: Path) -> None:
    """Our build with an empty cache folder: the templates compiled, as on a machine's first build."""
    shutil.rmtree(cache, ignore_errors=True)
    shutil.rmtree(project / "site", ignore_errors=True)
    result.first_seconds = timed([sys.executable, "-m", "mkdocs", "build", "-q"], project).seconds


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


class Served:
    """`mkdocs serve` on a project, for the length of a ``with``."""

    def __init__(self, project: Path, n: int) -> None:
        self.project, self.n = project, n
        self.log_path = project / "serve.log"

    def __enter__(self) -> Served:
        from mkdocs.config import load_config

        port = free_port()
        self.log = self.log_path.open("w+")
        self.server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"], cwd=self.project, env=ENV,
            stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        # served under the path of site_url, as MkDocs does (a fork's site may live at /<repository>/)
        mount = urllib.parse.urlsplit(load_config(config_file=str(self.project / "mkdocs.yml")).site_url or "/").path
        self.base = f"http://127.0.0.1:{port}{mount.rstrip('/')}"
        deadline = time.monotonic() + 60 + self.n / 20
        while "<html" not in fetch(f"{self.base}/"):
            if time.monotonic() > deadline or self.server.poll() is not None:
                raise SystemExit(f"mkdocs serve did not start:\n{self.log_path.read_text()}")
            time.sleep(0.2)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.terminate()
        self.server.wait(timeout=60)
        self.log.close()

    def builds(self) -> list[float]:
        """The seconds the rest of the site took to rebuild after each first look, as the plugin reported them
        (MkDocs' own 'Documentation built in' is printed only when its figure is new)."""
        return [float(s) for s in re.findall(r"the rest of the site is up to date \(([\d.]+) s\)", self.log_path.read_text())]

    def settle(self, before: int) -> None:
        """Wait until the plugin reports more rebuilds than ``before`` (the rest of the site, after a save)."""
        deadline = time.monotonic() + 300 + self.n / 10
        while len(self.builds()) <= before:
            if time.monotonic() > deadline:
                raise SystemExit(f"the rebuild never ended:\n{self.log_path.read_text()[-3000:]}")
            time.sleep(0.2)

    def rss_mb(self) -> float:
        for line in Path(f"/proc/{self.server.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return 0.0

    def wait_for(self, path: str, token: str) -> float:
        """Seconds until the served ``path`` shows ``token``."""
        start = time.perf_counter()
        while token not in fetch(f"{self.base}/{path}"):
            if time.perf_counter() - start > 300 + self.n / 20:
                raise SystemExit(f"the edit never reached {path}:\n{self.log_path.read_text()[-3000:]}")
            time.sleep(0.01)
        return time.perf_counter() - start


class Library:
    """A project's data, edited as a person would: a file saved whole (written beside it, then moved into place)."""

    def __init__(self, project: Path, layout: str) -> None:
        self.project, self.layout = project, layout
        self.main = project / "data" / "papers.yaml"
        self.folder = project / "data" / "papers"
        self.originals = {path: path.read_bytes() for path in [self.main, *sorted(self.folder.glob("*.yaml"))][:1]}
        self.added: list[Path] = []
        self.data = yaml.load(self.main.read_text(encoding="utf-8"), Loader=Loader)

    def _write(self, path: Path, value: Any) -> None:
        if path not in self.originals and path.exists():
            self.originals[path] = path.read_bytes()
        if not path.exists():
            self.added.append(path)
        temporary = path.with_name(path.name + ".tmp")
        temporary.write_text(synthetic._dump(value), encoding="utf-8")
        os.replace(temporary, path)

    def paper(self, ident: str) -> dict[str, Any]:
        if self.layout == "single":
            return next(p for p in self.data["papers"] if p["id"] == ident)
        return yaml.load((self.folder / f"{ident}.yaml").read_text(encoding="utf-8"), Loader=Loader)

    def save_paper(self, paper: dict[str, Any], new: bool = False) -> None:
        if self.layout == "single":
            if new:
                self.data["papers"].append(paper)
            self._write(self.main, self.data)
        else:
            self._write(self.folder / f"{paper['id']}.yaml", paper)

    def save_main(self) -> None:
        self._write(self.main, self.data)

    def restore(self) -> None:
        for path in self.added:
            path.unlink(missing_ok=True)
        for path, raw in self.originals.items():
            path.write_bytes(raw)


EDITS = ("note", "title", "added paper", "topic renamed")


def edit(library: Library, kind: str, k: int, n: int) -> tuple[str, str]:
    """Save one edit of ``kind``; return the page that shows it and a text that is on it once it does."""
    token = f"Edited{k}x{time.time_ns() % 10**9}"
    ident = f"paper-{(n // 2 + k) % n}"
    if kind == "note":
        paper = library.paper(ident)
        section = next(iter(paper["notes"]))
        paper["notes"][section] = f"{token} {paper['notes'][section]}"
        library.save_paper(paper)
        return f"papers/{ident}/", token
    if kind == "title":
        paper = library.paper(ident)
        paper["title"] = f"{token} {paper['title']}"
        library.save_paper(paper)
        return f"papers/{ident}/", token
    if kind == "added paper":
        new = {"id": f"added-{token.lower()}", "title": f"{token} an added paper", "authors": ["Ada Lovelace"],
               "published": "2024-05", "topics": [library.data["topics"][1]["id"]], "status": "to-read",
               "notes": {"gap": f"Why {token} matters."}}  # fmt: skip
        library.save_paper(new, new=True)
        return f"papers/{new['id']}/", token
    topic = library.data["topics"][1 + k % 4]
    topic["name"] = f"{token} {topic['name']}"
    library.save_main()
    return f"topics/{topic['id']}/", token


def save_seconds(project: Path, n: int, layout: str, repeats: int = 3) -> dict[str, Any]:
    """Under `mkdocs serve`: each kind of edit saved ``repeats`` times, and how long until the served page shows it
    (median per kind and of all), and how long the rest of the site took to rebuild after it (median)."""
    library = Library(project, layout)
    times: dict[str, list[float]] = {kind: [] for kind in EDITS}
    try:
        with Served(project, n) as served:
            for k in range(repeats):
                for kind in EDITS:
                    time.sleep(1.0)  # let the watcher settle
                    before = len(served.builds())
                    path, token = edit(library, kind, k, n)
                    times[kind].append(served.wait_for(path, token))
                    served.settle(before)
            rest = served.builds()
    finally:
        library.restore()
    every = [t for kind in EDITS for t in times[kind]]
    return {"median": statistics.median(every), "kinds": {kind: statistics.median(times[kind]) for kind in EDITS},
            "rest": statistics.median(rest) if rest else None}  # fmt: skip


def memory_over_saves(project: Path, n: int, saves: int) -> list[float]:
    """The server's RSS (MB) after it started and after each of ``saves`` title edits has been rebuilt whole."""
    library = Library(project, "split")
    try:
        with Served(project, n) as served:
            rss = [served.rss_mb()]
            for k in range(saves):
                time.sleep(0.6)
                before = len(served.builds())
                path, token = edit(library, "title", k % 5, n)
                served.wait_for(path, token)
                served.settle(before)
                rss.append(served.rss_mb())
    finally:
        library.restore()
    return rss


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
    rows = ["| papers | build: plain static / static / ours | ours ÷ plain | ours ÷ static "
            "| peak RSS, largest process: plain / static / ours | ours ÷ static | all processes (PSS): ours "
            "| site/: static / ours | data load |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]  # fmt: skip
    for n in sizes:
        ours, static, plain = by[(n, "ours")], by[(n, "static")], by[(n, "plain")]
        rows.append(
            f"| {n:,} | {plain.seconds:.1f} / {static.seconds:.1f} / {ours.seconds:.1f} s "
            f"| {ours.seconds / plain.seconds:.2f}× | {ours.seconds / static.seconds:.2f}× "
            f"| {plain.peak_mb:.0f} / {static.peak_mb:.0f} / {ours.peak_mb:.0f} MB | {ours.peak_mb / static.peak_mb:.2f}× "
            f"| {ours.total_mb:.0f} MB | {static.site_mb:.0f} / {ours.site_mb:.0f} MB | {ours.load_seconds:.2f} s |"
        )
    firsts = [f"{n:,} papers {by[(n, 'ours')].first_seconds:.1f} s ({by[(n, 'ours')].first_seconds / by[(n, 'plain')].seconds:.2f}× plain)"
              for n in sizes if by[(n, "ours")].first_seconds is not None]  # fmt: skip
    if firsts:
        rows += ["", "Our first build, with no compiled templates kept (an empty cache folder): " + ", ".join(firsts) + "."]
    saves = [(n, layout, found) for n in sizes for layout, found in by[(n, "ours")].saves.items()]
    if saves:
        rows += ["", "| papers | layout | save → page, median | " + " | ".join(EDITS) + " | rest of the site rebuilt |",
                 "|---:|---|---:|" + "---:|" * len(EDITS) + "---:|"]  # fmt: skip
        for n, layout, found in saves:
            kinds = " | ".join(f"{found['kinds'][kind]:.2f} s" for kind in EDITS)
            rest = f"{found['rest']:.1f} s" if found["rest"] is not None else "–"
            rows.append(f"| {n:,} | {layout} | {found['median']:.2f} s | {kinds} | {rest} |")
    for n in sizes:
        memory = by[(n, "ours")].memory
        if memory:
            rows += ["", f"Under `mkdocs serve` at {n:,} papers, the server's RSS: {memory[0]:.0f} MB once started, "
                     f"{memory[1]:.0f} MB after the first save, {memory[-1]:.0f} MB after {len(memory) - 1} saves "
                     f"(at most {max(memory):.0f} MB)."]  # fmt: skip
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000], help="numbers of papers")
    parser.add_argument("--runs", type=int, default=3, help="full builds per size and variant; the median is shown")
    parser.add_argument("--serve-sizes", type=int, nargs="*", default=None,
                        help="sizes at which to time saves under mkdocs serve (default: 1,000 and 10,000)")  # fmt: skip
    parser.add_argument("--layouts", nargs="+", default=["split", "single"], choices=["split", "single"],
                        help="a file per paper, and every paper in data/papers.yaml")  # fmt: skip
    parser.add_argument("--repeats", type=int, default=3, help="saves of each kind of edit; the median is shown")
    parser.add_argument("--saves", type=int, default=50, help="saves under one serve session to follow its memory")
    parser.add_argument("--memory-sizes", type=int, nargs="*", default=None,
                        help="sizes at which to follow memory over --saves saves (default: 1,000)")  # fmt: skip
    parser.add_argument("--no-profile", action="store_true", help="leave out the profile (a long one at 10,000)")
    parser.add_argument("--json", type=Path, help="also write every figure here")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it (default: a temporary folder)")
    args = parser.parse_args(argv)
    serve_sizes = set(args.serve_sizes if args.serve_sizes is not None else [n for n in args.sizes if n in (1000, 10000)])
    memory_sizes = set(args.memory_sizes if args.memory_sizes is not None else [n for n in args.sizes if n == 1000])
    results: list[Result] = []
    profiled = ""
    work = args.keep or Path(tempfile.mkdtemp(prefix="paper-notes-bench-"))
    cache = work / "cache"  # the builds' cache folder (XDG_CACHE_HOME): not the user's
    ENV["XDG_CACHE_HOME"] = str(cache)
    compile_package()
    try:
        for n in args.sizes:
            data = synthetic.library(n)
            ours_dir = synthetic.write_project(work / f"ours-{n}", data)
            static_dir = synthetic.static_site(work / f"static-{n}", data)
            plain_dir = synthetic.plain_site(work / f"plain-{n}", data)
            single_dir = synthetic.write_project(work / f"single-{n}", data, "single") if n in serve_sizes else None
            del data
            ours, static, plain = Result(n, "ours"), Result(n, "static"), Result(n, "plain")
            first_build(ours_dir, ours, cache)
            for _ in range(args.runs):  # alternate, so that a slow moment of the machine hits all three
                build(plain_dir, plain, 1)
                build(static_dir, static, 1)
                build(ours_dir, ours, 1)
            ours.load_seconds = load_seconds(ours_dir)
            if n in serve_sizes:
                for layout in args.layouts:
                    project = ours_dir if layout == "split" else single_dir
                    assert project is not None
                    ours.saves[layout] = save_seconds(project, n, layout, args.repeats)
            if n in memory_sizes and args.saves:
                ours.memory = memory_over_saves(ours_dir, n, args.saves)
            if not profiled and not args.no_profile and (n >= 1000 or n == args.sizes[-1]):
                profiled = f"Profile of our build at {n:,} papers (top 10, cumulative):\n{profile(ours_dir)}"
            results += [plain, static, ours]
            print(f"{n:,} papers: plain {plain.seconds:.1f} s, static {static.seconds:.1f} s, ours {ours.seconds:.1f} s",
                  file=sys.stderr, flush=True)  # fmt: skip
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    about = machine()
    print(f"Machine: {about['cpu']}, {about['cores']} cores, {about['memory_gib']} GiB, Python {about['python']}, "
          f"{about['system']}; {time.strftime('%Y-%m-%d')}; median of {args.runs} builds.\n")  # fmt: skip
    print(table(results))
    print()
    print(profiled)
    if args.json:
        args.json.write_text(
            json.dumps(
                {"machine": about, "date": time.strftime("%Y-%m-%d"), "runs": args.runs, "table": table(results),
                 "profile": profiled,
                 "results": [{**asdict(r), "seconds": r.seconds, "peak_mb": r.peak_mb, "total_mb": r.total_mb} for r in results]},
                indent=2,
            ),  # fmt: skip
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
