"""The package as PyPI would ship it: the release workflow's build and check, and a site of one's own built from it.

The wheel is built from this checkout with the release workflow's tools (`python -m build`,
`twine check --strict`) and installed into a fresh virtual environment, with the versions
requirements.txt pins. A folder that is not this repository, with its own mkdocs.yml, docs/ and
data/, then builds with --strict using that environment's MkDocs alone.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import ROOT
from paper_notes.siteassets import KATEX_ON_DEMAND

pytestmark = pytest.mark.package


def _run(*args: str, cwd: Path | None = None, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        list(args), cwd=cwd, capture_output=True, text=True, timeout=timeout,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1"},
    )  # fmt: skip
    assert result.returncode == 0, f"{' '.join(args)}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sdist and the wheel, built and checked as .github/workflows/release.yml does."""
    out = tmp_path_factory.mktemp("dist")
    # from a copy: setuptools writes build/ and *.egg-info beside the sources, and two workers building
    # in the checkout at once trip over each other's files
    source = tmp_path_factory.mktemp("source") / "paper-notes"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".git", ".venv", "site", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache"))  # fmt: skip
    _run(sys.executable, "-m", "build", "--outdir", str(out), str(source))
    _run(sys.executable, "-m", "twine", "check", "--strict", *map(str, sorted(out.iterdir())))
    return out


@pytest.fixture(scope="module")
def fresh_env(dist: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A new virtual environment with the wheel installed, and the pinned versions of what it needs."""
    venv = tmp_path_factory.mktemp("venv") / "env"
    _run(sys.executable, "-m", "venv", str(venv))
    pins = tmp_path_factory.mktemp("pins") / "constraints.txt"
    pins.write_text("".join(line + "\n" for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
                            if line and not line.startswith(("#", "-"))), encoding="utf-8")  # fmt: skip
    wheel = next(dist.glob("*.whl"))
    _run(str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "-c", str(pins), str(wheel), timeout=900)
    yield venv


def test_the_wheel_carries_everything_the_plugin_needs(dist: Path) -> None:
    names = zipfile.ZipFile(next(dist.glob("*.whl"))).namelist()
    for needed in ("paper_notes/plugin/plugin.py", "paper_notes/templates/paper_notes/paper.html",
                   "paper_notes/assets/javascripts/workers/paper-notes-search.js", "paper_notes/assets/stylesheets/paper-notes.css",
                   "paper_notes/assets/vendor/katex-0.19.1/katex.min.js", "paper_notes/assets/vendor/katex-0.19.1/fonts/KaTeX_Main-Regular.woff2",
                   "paper_notes/assets/vendor/tablesort-5.7.1/tablesort.min.js", "paper_notes/search_terms.txt",
                   "paper_notes/formats/bibtex.bib", "paper_notes/py.typed"):  # fmt: skip
        assert needed in names, needed
    packages = {str(p.parent.relative_to(ROOT)) for p in (ROOT / "paper_notes").rglob("__init__.py")}
    assert {str(Path(n).parent) for n in names if n.endswith("/__init__.py")} == packages  # every subpackage ships
    assert not any(name.startswith(("tests/", "docs/", "data/", "macros/")) for name in names)
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    text = zipfile.ZipFile(next(dist.glob("*.whl"))).read(entry_points).decode()
    assert "paper-notes = paper_notes.plugin.plugin:PaperNotesPlugin" in text
    assert "paper-notes = paper_notes.cli:main" in text


PAPERS = """\
topics:
  - {id: vision, name: Computer vision, aliases: [计算机视觉]}
papers:
  - id: vit
    title: "An Image is Worth 16x16 Words: Transformers for Image Recognition at Scale"
    aliases: [ViT]
    authors: [Alexey Dosovitskiy, Lucas Beyer]
    published: 2020-10
    topics: [vision]
    read: 2024-03-01
    notes:
      method: Split the image into patches of $16 \\\\times 16$ pixels and feed them to a plain Transformer.
  - id: swin
    title: "Swin Transformer: Hierarchical Vision Transformer using Shifted Windows"
    authors: [Ze Liu, Yutong Lin]
    published: 2021-03
    topics: [vision]
    lang: zh
    read: 2024-03-02
    notes:
      方法: 在移动的窗口里计算自注意力，层层合并图像块，得到多尺度的特征图。
"""


def own_site(folder: Path, plugins: str, pages: dict[str, str]) -> Path:
    folder.mkdir()
    (folder / "mkdocs.yml").write_text(
        f"site_name: A Lab Wiki\nsite_url: https://lab.example.org/wiki/\ntheme:\n  name: material\nplugins:\n{plugins}",
        encoding="utf-8",
    )
    for name, text in pages.items():
        (folder / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / "docs" / name).write_text(text, encoding="utf-8")
    (folder / "data").mkdir()
    (folder / "data" / "papers.yaml").write_text(PAPERS, encoding="utf-8")
    return folder


def test_a_site_of_ones_own_builds_from_the_wheel(fresh_env: Path, tmp_path: Path) -> None:
    """Only mkdocs.yml (Material, search, the plugin), its own pages and a data folder: no overrides, no macros."""
    site = own_site(tmp_path / "wiki", "  - search\n  - paper-notes\n",
                    {"index.md": "# Our wiki\n\nMeeting notes and how-tos.\n", "howto/printer.md": "# The printer\n\nTurn it off and on.\n"})  # fmt: skip
    _run(str(fresh_env / "bin" / "mkdocs"), "build", "--strict", cwd=site)
    out = site / "site"
    assert "Meeting notes and how-tos." in (out / "index.html").read_text(encoding="utf-8")  # its own pages, kept
    assert (out / "howto" / "printer" / "index.html").is_file()
    vit = (out / "papers" / "vit" / "index.html").read_text(encoding="utf-8")
    assert "An Image is Worth 16x16 Words" in vit and "assets/javascripts/katex.js" in vit  # which loads KaTeX for its math
    assert "katex.min.js" not in vit and "katex.min.css" not in vit  # not on every page
    for src in KATEX_ON_DEMAND:
        assert (out / src).is_file(), src
    for listing in ("papers", "topics", "authors", "log", "to-read", "stats", "timeline", "venues", "collections"):
        assert (out / listing / "index.html").is_file(), listing  # the pages our templates link to
    assert "Swin Transformer" in (out / "papers" / "index.html").read_text(encoding="utf-8")
    worker = re.search(r'"search": "([^"]+)"', vit)
    assert worker and "workers/paper-notes-search.js?material=search." in worker[1]
    assert (out / "assets" / "javascripts" / "workers" / "paper-notes-search.js").is_file()
    assert (out / "assets" / "vendor" / "katex-0.19.1" / "fonts" / "KaTeX_Main-Regular.woff2").is_file()
    sections = json.loads((out / "search" / "search_sections.json").read_text(encoding="utf-8"))["docs"]
    swin = " ".join(d["text"] for d in sections if d["location"].startswith("papers/swin/"))
    assert "\u200b自注意力\u200b" in swin, "Chinese notes are cut into words for search"
    names = json.loads((out / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert re.split(names["config"]["separator"], "a\u200bb c") == ["a", "b", "c"]
    assert any(d["location"] == "topics/vision/" and "计算机视觉" in d.get("tags", []) for d in names["docs"])
    listed = site / "list.csv"
    listed.write_text("title,year\nDeep Residual Learning for Image Recognition,2016\n", encoding="utf-8")
    _run(str(fresh_env / "bin" / "paper-notes"), "import", "list.csv", cwd=site)  # the command line's readers ship too
    assert "Deep Residual Learning" in (site / "data" / "papers.yaml").read_text(encoding="utf-8")


def test_a_site_of_ones_own_with_the_macros(fresh_env: Path, tmp_path: Path) -> None:
    """Hand-written pages that show the library through mkdocs-macros, with the macros module of the package."""
    site = own_site(tmp_path / "course", "  - search\n  - paper-notes:\n      branch: trunk\n  - macros:\n      modules: [paper_notes]\n",
                    {"index.md": "# Reading course\n\n{{ home() }}\n", "log.md": "# What we read\n\n{{ reading_log() }}\n"})  # fmt: skip
    _run(str(fresh_env / "bin" / "mkdocs"), "build", "--strict", cwd=site)
    out = site / "site"
    assert 'class="pn-page pn-home"' in (out / "index.html").read_text(encoding="utf-8")
    log = (out / "log" / "index.html").read_text(encoding="utf-8")
    assert "What we read" in log and "Swin Transformer" in log
    result = _run(str(fresh_env / "bin" / "paper-notes"), "validate", cwd=site)
    assert "2 papers" in result.stdout
