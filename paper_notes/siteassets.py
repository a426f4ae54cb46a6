"""The files every Paper Notes site gets besides its pages: the search worker, KaTeX, Tablesort and the stylesheet.

They ship inside the package, under ``paper_notes/assets/``, at the paths they have on the
site. The MkDocs plugin adds them to a build; ``python -m macros pages`` copies them beside
the pages it writes, for other site generators.

Every page links STYLESHEETS and SCRIPTS (and, on a reading group's site, GROUP_STYLESHEETS). KaTeX (KATEX_ON_DEMAND) is not among them: it is
about 300 KB, and most pages have no math. ``katex.js``, which every page runs, loads those
files on a page that has math (an element of class ``arithmatex``), from paths relative to its
own URL; they only need to be on the site, which ``asset_files()`` sees to.
"""
from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent  # its assets/ folder maps onto the site's assets/
ASSETS = PACKAGE / "assets"
KATEX = "assets/vendor/katex-0.19.1"
TABLESORT = "assets/vendor/tablesort-5.7.1"
WORKER = "assets/javascripts/workers/paper-notes-search.js"  # runs Material's search worker
KATEX_LOADER = "assets/javascripts/katex.js"  # loads KATEX_ON_DEMAND on a page with math, then typesets it
STYLESHEETS = ("assets/stylesheets/paper-notes.css",)
# a reading group's pages (readers' notes, rating spreads, the grid of who read what): linked, and copied, only on
# the site of a library that declares readers or sessions, so that any other site stays as it was
GROUP_STYLESHEETS = ("assets/stylesheets/paper-notes-group.css",)
SCRIPTS = (
    KATEX_LOADER,
    f"{TABLESORT}/tablesort.min.js",
    f"{TABLESORT}/sorts/tablesort.number.min.js",
    "assets/javascripts/papers-table.js",  # sorts and filters the table of papers
    "assets/javascripts/search-note.js",  # "Showing results for ..." when search read a typo as a word
)
# what KATEX_LOADER adds to a page with math, in this order (its stylesheet, then the scripts in the order they run)
KATEX_ON_DEMAND = (f"{KATEX}/katex.min.css", f"{KATEX}/katex.min.js", f"{KATEX}/contrib/auto-render.min.js")


def asset_files(group: bool = False) -> list[str]:
    """Every file the sites get, by its path on the site ('assets/...'): those every page links and those loaded on
    demand; a reading group's (``group``) get GROUP_STYLESHEETS too."""
    found = (path.relative_to(PACKAGE).as_posix() for path in ASSETS.rglob("*") if path.is_file())
    return sorted(path for path in found if group or path not in GROUP_STYLESHEETS)


def stylesheets(group: bool = False) -> tuple[str, ...]:
    """The stylesheets every page links (a reading group's site: theirs too)."""
    return STYLESHEETS + GROUP_STYLESHEETS if group else STYLESHEETS
