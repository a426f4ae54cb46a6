"""The files every Paper Notes site gets besides its pages: the search worker, KaTeX, Tablesort and the stylesheet.

They ship inside the package, under ``paper_notes/assets/``, at the paths they have on the
site. The MkDocs plugin adds them to a build; ``python -m macros pages`` copies them beside
the pages it writes, for other site generators.
"""
from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent  # its assets/ folder maps onto the site's assets/
ASSETS = PACKAGE / "assets"
KATEX = "assets/vendor/katex-0.19.1"
TABLESORT = "assets/vendor/tablesort-5.7.1"
WORKER = "assets/javascripts/workers/paper-notes-search.js"  # runs Material's search worker
STYLESHEETS = (f"{KATEX}/katex.min.css", "assets/stylesheets/paper-notes.css")
SCRIPTS = (
    f"{KATEX}/katex.min.js",
    f"{KATEX}/contrib/auto-render.min.js",
    "assets/javascripts/katex.js",  # typesets the notes' math
    f"{TABLESORT}/tablesort.min.js",
    f"{TABLESORT}/sorts/tablesort.number.min.js",
    "assets/javascripts/papers-table.js",  # sorts and filters the table of papers
)


def asset_files() -> list[str]:
    """Every file the sites get, by its path on the site ('assets/...')."""
    return sorted(path.relative_to(PACKAGE).as_posix() for path in ASSETS.rglob("*") if path.is_file())
