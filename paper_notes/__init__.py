"""Paper Notes: a knowledge base of reading notes, rendered from YAML data into a Material for MkDocs site.

The MkDocs plugin is ``paper_notes.plugin`` (``plugins: - paper-notes`` in mkdocs.yml); the
command line is ``paper-notes`` (or ``python -m paper_notes``). The package is also a
mkdocs-macros module (``macros: modules: [paper_notes]``): ``define_env`` gives hand-written
pages their macros ({{ home() }}, {{ reading_log() }}...). MkDocs is imported only when it is
used, so the command line and the data layer never load it.
"""
from __future__ import annotations

from typing import Any

__version__ = "0.1.0"


def define_env(env: Any) -> None:
    """mkdocs-macros entry point: register the page macros for this build."""
    from .plugin.macros import define_env as define

    define(env)
