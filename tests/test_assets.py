"""The files the package ships for every site (paper_notes/assets/): what they name is there, and what every
page links (not KaTeX, which the pages with math load)."""
from __future__ import annotations

import posixpath
import re
from pathlib import Path

from paper_notes.siteassets import (
    ASSETS,
    KATEX,
    KATEX_LOADER,
    KATEX_ON_DEMAND,
    PACKAGE,
    SCRIPTS,
    STYLESHEETS,
    asset_files,
)


def test_every_url_in_the_shipped_css_names_a_shipped_file() -> None:
    """A url(...) that names no file is a 404 on every site (KaTeX's CSS named a .woff and a .ttf per font)."""
    sheets = sorted(ASSETS.rglob("*.css"))
    assert sheets, "no stylesheet found under paper_notes/assets"
    checked = 0
    for sheet in sheets:
        for raw in re.findall(r"url\(\s*([^)]*?)\s*\)", sheet.read_text(encoding="utf-8")):
            url = raw.strip("'\"")
            if url.startswith(("data:", "#")) or re.match(r"^[a-z][a-z0-9+.-]*://", url):
                continue  # inline data and other sites: nothing of ours to ship
            target = (sheet.parent / url.split("#")[0].split("?")[0]).resolve()
            assert target.is_file(), f"{sheet.relative_to(ASSETS)}: url({raw}) names no shipped file"
            assert target.is_relative_to(ASSETS), f"{sheet.relative_to(ASSETS)}: url({raw}) leaves the assets folder"
            checked += 1
    assert checked >= 20  # KaTeX's 20 fonts at least: the pattern found the urls


def test_katex_fonts_are_only_the_woff2_files_the_css_names() -> None:
    katex = next(ASSETS.glob("vendor/katex-*"))
    css = (katex / "katex.min.css").read_text(encoding="utf-8")
    named = set(re.findall(r"url\((fonts/[^)]+)\)", css))
    shipped = {path.relative_to(katex).as_posix() for path in (katex / "fonts").iterdir()}
    assert named == shipped and len(shipped) == 20
    assert all(Path(name).suffix == ".woff2" for name in shipped)


def test_katex_is_not_on_every_page_but_its_loader_is_and_knows_where_it_is() -> None:
    everyday = STYLESHEETS + SCRIPTS
    assert KATEX_LOADER in SCRIPTS and not any(path.startswith(KATEX) for path in everyday)
    assert [Path(path).suffix for path in KATEX_ON_DEMAND] == [".css", ".js", ".js"]  # the stylesheet, then katex before auto-render
    shipped = set(asset_files())
    assert set(everyday) | set(KATEX_ON_DEMAND) <= shipped  # copied into every site, linked or not
    loader = (PACKAGE / KATEX_LOADER).read_text(encoding="utf-8")
    folder = posixpath.relpath(KATEX, posixpath.dirname(KATEX_LOADER)) + "/"
    assert f'new URL("{folder}", here)' in loader  # KaTeX's folder, from the loader's own URL
    for path in KATEX_ON_DEMAND:
        assert f'new URL("{posixpath.relpath(path, KATEX)}", katex)' in loader, path
    names = [posixpath.relpath(path, KATEX) for path in KATEX_ON_DEMAND[1:]]
    assert loader.index(names[0]) < loader.index(names[1])  # the scripts run in the order they are added


def test_a_built_page_links_the_loader_and_the_site_holds_katex(fixture_site: Path) -> None:
    page = (fixture_site / "papers" / "alpha" / "index.html").read_text(encoding="utf-8")
    assert 'class="arithmatex"' in page  # a page with math...
    assert '<script src="../../assets/javascripts/katex.js"></script>' in page
    assert "katex.min" not in page and "auto-render" not in page  # ...gets KaTeX from the loader, not from its HTML
    for path in KATEX_ON_DEMAND:
        assert (fixture_site / path).is_file(), path
