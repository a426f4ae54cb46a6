"""The files the package ships for every site (paper_notes/assets/): what they name is there."""
from __future__ import annotations

import re
from pathlib import Path

from paper_notes.siteassets import ASSETS


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
