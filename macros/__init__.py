"""Paper Notes: a knowledge base of reading notes, rendered from the data in data/.

This package is also the mkdocs-macros module (``module_name: macros``): ``define_env``
gives hand-written pages their macros ({{ home() }}, {{ reading_log() }}...). The import
of the adapter stays inside it, so the command line and the data layer never load MkDocs.
"""
from __future__ import annotations

from typing import Any


def define_env(env: Any) -> None:
    """mkdocs-macros entry point: register the page macros for this build."""
    from .adapter import page_macros

    for name, function in page_macros(env.conf, lambda: env.page).items():
        env.macro(function, name)
