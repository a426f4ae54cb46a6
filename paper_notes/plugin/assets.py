"""What the plugin adds to every site: its search worker, KaTeX, the papers table's sorting and its stylesheet.

They ship inside the package (``paper_notes/assets/``), so a site of one's own needs to copy
nothing. A file the site's docs folder has at the same path wins, so a site can replace any
of them, as it replaces a theme's. Every page links the stylesheet and the scripts; KaTeX is
only copied into the site, and the math script loads it on the pages that have math.
"""
from __future__ import annotations

from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from ..siteassets import PACKAGE, SCRIPTS, WORKER, asset_files, stylesheets


def add_to_config(config: MkDocsConfig, styles_and_scripts: bool, group: bool = False) -> None:
    """Our stylesheets and scripts on every page, before the site's own (which can then restyle ours); not KaTeX's.
    ``group``: the site is a reading group's, whose pages have a stylesheet of their own."""
    if not styles_and_scripts:
        return
    listed_css = {str(item) for item in config.extra_css}
    config.extra_css[:0] = [path for path in stylesheets(group) if path not in listed_css]
    listed_js = {str(item) for item in config.extra_javascript}
    config.extra_javascript[:0] = [ExtraScriptValue(path) for path in SCRIPTS if path not in listed_js]


def add_files(config: MkDocsConfig, files: Files, styles_and_scripts: bool, group: bool = False) -> None:
    """Our files into the site (the search worker always; the rest with ``assets``), except where the site has its own."""
    for src in asset_files(group):
        if not styles_and_scripts and src != WORKER:
            continue
        if files.get_file_from_path(src) is None:
            files.append(File(src, str(PACKAGE), config.site_dir, config.use_directory_urls))
