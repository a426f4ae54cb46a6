"""Build the site with Zensical from `python -m macros pages` and report what works (run by engines.yml).

Zensical, Material's successor, runs no MkDocs plugins and has no page-generation API, so
it builds the plain files that `python -m macros pages --out` writes. This script makes
that folder and a Zensical config from mkdocs.yml (without the paper-notes and macros
plugins, which Zensical cannot run, and with the stylesheets and scripts the plugin would
add), builds, and checks the features docs/engines.md lists.
It prints a Markdown table (and appends it to the job summary under GitHub Actions);
it exits non-zero only if the build itself fails.

Usage: python .ci/zensical.py [WORKDIR]      (Zensical must be installed)
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def zensical_config(text: str, docs: str) -> str:
    """mkdocs.yml without what only MkDocs runs (the paper-notes and macros plugins, the watch list), with the
    stylesheets and scripts the plugin would add to every page, which `pages --out` has copied (with KaTeX,
    which the math script loads on the pages with math)."""
    from paper_notes.siteassets import SCRIPTS, STYLESHEETS

    text = re.sub(r"\nwatch:\n(?:  - .*\n)+", "\n", text)
    text = re.sub(r"(?:  #.*\n)*  - macros:\n(?:      .*\n)+", "", text)
    text = re.sub(r"(?:  #.*\n)*  - paper-notes:\n(?:      .*\n)+", "", text)
    assets = "extra_css:\n" + "".join(f"  - {path}\n" for path in STYLESHEETS)
    assets += "extra_javascript:\n" + "".join(f"  - {path}\n" for path in SCRIPTS)
    return f"docs_dir: {docs}\n" + text + "\n" + assets


def check(site: Path, pages: Path) -> list[tuple[str, bool, str]]:
    """(feature, works, what was seen) for each thing docs/engines.md reports on."""
    from paper_notes.siteassets import KATEX_LOADER, KATEX_ON_DEMAND

    results = []
    papers = sorted(p.stem for p in (pages / "papers").glob("*.md") if p.stem != "index")
    built = [p for p in papers if (site / "papers" / p / "index.html").is_file()]
    results.append(("Every generated page is built", len(built) == len(papers), f"{len(built)} of {len(papers)} paper pages"))
    sample = site / "papers" / built[0] / "index.html" if built else None
    html = sample.read_text(encoding="utf-8") if sample else ""
    secondary = html[html.rfind('md-nav--secondary') :] if "md-nav--secondary" in html else ""
    toc = re.findall(r'class="md-nav__link" href="#', secondary.split("</nav>")[0])
    results.append(("Table of contents of a generated page", bool(toc), f"{len(toc)} entries on papers/{built[0] if built else '?'}/"))
    edit = re.search(r'href="([^"]+)"[^>]*title="Edit this page"', html)
    edit_url = edit.group(1) if edit else "none"
    results.append(("Edit button opens the paper's data file", "/data/" in edit_url, edit_url))
    index = site / "search.json" if (site / "search.json").is_file() else site / "search" / "search_index.json"
    docs = []
    if index.is_file():
        data = json.loads(index.read_text(encoding="utf-8"))
        docs = data.get("items") or data.get("docs") or []
    han = [d for d in docs if re.search(r"[\u4e00-\u9fff]{4}", d.get("text", ""))]
    segmented = [d for d in han if "\u200b" in d.get("text", "")]
    results.append(("Chinese search (words segmented for `language: en`)", bool(segmented), f"{len(segmented)} of {len(han)} Chinese entries segmented"))
    tagged = [d for d in docs if d.get("tags")]
    results.append(("Short names as search tags", bool(tagged), f"{len(tagged)} entries with tags"))
    home = (site / "index.html").read_text(encoding="utf-8") if (site / "index.html").is_file() else ""
    results.append(("Hand-written pages show the macros' output", 'class="pn-page pn-home"' in home, "home page"))
    with_math = next((p for p in built if 'class="arithmatex"' in (site / "papers" / p / "index.html").read_text(encoding="utf-8")), None)
    # katex.js, on every page, loads KaTeX (KATEX_ON_DEMAND) on the pages with math: it and those files must be there
    math = with_math is not None and KATEX_LOADER in (site / "papers" / with_math / "index.html").read_text(encoding="utf-8")
    math = math and all((site / path).is_file() for path in KATEX_ON_DEMAND)
    results.append(("Math typeset by the vendored KaTeX", math, f"KaTeX's loader on papers/{with_math}/, KaTeX on the site"))
    return results


def main() -> int:
    work = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "build" / "zensical").resolve()
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    pages = work / "docs"
    subprocess.run([sys.executable, "-m", "macros", "pages", "--out", str(pages)], cwd=ROOT, check=True)
    config = work / "mkdocs.yml"
    config.write_text(zensical_config((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), "docs"), encoding="utf-8")
    version = subprocess.run(["zensical", "--version"], capture_output=True, text=True).stdout.strip()
    build = subprocess.run(["zensical", "build", "-f", str(config)], cwd=work, capture_output=True, text=True)
    print(build.stdout + build.stderr)
    if build.returncode != 0:
        print(f"Zensical ({version}) could not build the pages.")
        return build.returncode
    rows = check(work / "site", pages)
    report = [f"### Zensical {version} on `python -m macros pages`", "", "| | Feature | Seen |", "| --- | --- | --- |"]
    report += [f"| {'✅' if ok else '❌'} | {feature} | {seen} |" for feature, ok, seen in rows]
    text = "\n".join(report) + "\n"
    print(text)
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with open(summary, "a", encoding="utf-8") as out:
            out.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
