"""The plugin's options, under ``plugins: - paper-notes:`` in mkdocs.yml; MkDocs validates them."""
from __future__ import annotations

from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c

from ..build import DEFAULT_BRANCH, DEFAULT_DATA
from ..searchindex import DEFAULT_EXCERPT


class _Characters(c.Type[int]):
    """A number of characters: 0 or more."""

    def __init__(self, default: int) -> None:
        super().__init__(int, default=default)

    def run_validation(self, value: object) -> int:
        number = super().run_validation(value)
        if isinstance(number, bool) or number < 0:
            raise c.ValidationError("a number of characters, 0 or more")
        return number


class PaperNotesConfig(base.Config):
    """The options of the paper-notes plugin."""

    # the data file, relative to mkdocs.yml; its papers' own files are in the folder beside it
    # (MkDocs' base class has a ``data`` of its own: a trailing underscore names the option 'data')
    data_ = c.Type(str, default=DEFAULT_DATA)
    # the branch that edit links open
    branch = c.Type(str, default=DEFAULT_BRANCH)
    # characters of each section of a generated page that search keeps as written; after them, only new words
    search_excerpt = _Characters(default=DEFAULT_EXCERPT)
    # pages the site does not write itself (papers/index.md, log.md...) are made with their listing
    listings = c.Type(bool, default=True)
    # KaTeX (loaded by the pages with math), the papers table's sorting and the plugin's stylesheet are added to the site
    assets = c.Type(bool, default=True)
    # on `mkdocs build` under Linux, a second process finishes a share of the generated pages (see plugin/ahead.py)
    parallel = c.Type(bool, default=True)
    # the templates, once compiled, are kept in the user's cache folder for later builds (paper_notes/templatecache.py)
    cache = c.Type(bool, default=True)


OPTIONS: dict[str, Any] = {name.rstrip("_"): option.default for name, option in PaperNotesConfig._schema}
