"""How build time and memory grow with the number of papers.

Generates synthetic libraries of several sizes (realistic notes, topics, re-reads,
related papers), builds each with the real mkdocs.yml into a temporary folder, and
prints seconds, peak memory, and the ratio to the smallest size. Linear scaling
shows as time ratios close to the size ratios.

Usage: python benchmarks/build_scale.py [SIZE ...]      (default: 250 1000 3000)
"""
from __future__ import annotations

import datetime as dt
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
WORDS = (
    "attention model training data scaling transformer diffusion latent sparse retrieval "
    "benchmark token image video graph anomaly ranking recommendation loss gradient"
).split()


def sentence(rng: random.Random, n: int = 14) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def synthetic_library(n: int, seed: int = 1) -> dict:
    rng = random.Random(seed)
    topics = [{"id": f"t{i}", "name": f"Topic {i}"} for i in range(20)]
    topics += [{"id": f"t{i}-{j}", "name": f"Topic {i}.{j}", "parent": f"t{i}"} for i in range(20) for j in range(3)]
    papers = []
    start = dt.date(2019, 1, 1)
    for i in range(n):
        reads = sorted({(start + dt.timedelta(days=rng.randrange(2000))).isoformat() for _ in range(rng.choice([0, 1, 1, 2]))})
        paper = {
            "id": f"paper-{i}",
            "title": f"{sentence(rng, 8)[:-1]} {i}",
            "aliases": [f"P{i}"],
            # as in real libraries, most names appear once and a few people write many papers
            "authors": list(dict.fromkeys(
                f"Author {rng.randrange(n // 10 + 20)}" if rng.random() < 0.3 else f"Writer {rng.randrange(3 * n)}"
                for _ in range(rng.randint(1, 8))
            )),
            "published": f"{rng.randint(2015, 2018)}-{rng.randint(1, 12):02d}",
            "arxiv": f"{rng.randint(15, 18)}{rng.randint(1, 12):02d}.{rng.randint(10000, 99999)}",
            "topics": [rng.choice(topics)["id"] for _ in range(rng.randint(1, 2))],
            "summary": sentence(rng),
            "notes": {k: " ".join(sentence(rng) for _ in range(4)) for k in ("gap", "method", "results", "thoughts")},
            "related": [f"paper-{rng.randrange(i)}" for _ in range(rng.randint(0, 2))] if i else [],
        }
        paper["topics"] = list(dict.fromkeys(paper["topics"]))
        paper["related"] = list(dict.fromkeys(paper["related"]))
        if reads:
            paper["read"] = reads
        else:
            paper["status"] = "to-read"
        papers.append(paper)
    return {"topics": topics, "papers": papers}


def build(n: int, workdir: Path) -> tuple[float, float]:
    data = workdir / f"papers-{n}.yaml"
    data.write_text(yaml.safe_dump(synthetic_library(n), allow_unicode=True, sort_keys=False), encoding="utf-8")
    script = (
        "import resource, sys; sys.path.insert(0, 'tests');"
        "from conftest import build_site; from pathlib import Path;"
        f"build_site(Path({str(data)!r}), Path({str(workdir / f'site-{n}')!r}));"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    start = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    seconds = time.perf_counter() - start
    peak_mib = int(out.stdout.strip().splitlines()[-1]) / 1024
    return seconds, peak_mib


def main(sizes: list[int]) -> None:
    print(f"{'papers':>8} {'seconds':>9} {'peak MiB':>9} {'size x':>7} {'time x':>7} {'s/paper':>8}")
    base: tuple[int, float] | None = None
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            seconds, peak = build(n, Path(tmp))
            base = base or (n, seconds)
            print(f"{n:>8} {seconds:>9.1f} {peak:>9.0f} {n / base[0]:>7.1f} {seconds / base[1]:>7.1f} {seconds / n:>8.4f}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [250, 1000, 3000])
