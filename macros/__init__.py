"""The project's mkdocs-macros module (``module_name: macros`` in mkdocs.yml), and ``python -m macros``.

Everything lives in the installed ``paper_notes`` package; this folder only hands over to it,
so that mkdocs.yml and the commands in the docs keep working as written.
"""
from __future__ import annotations

from typing import Any


def define_env(env: Any) -> None:
    """mkdocs-macros entry point: the page macros ({{ home() }}, {{ reading_log() }}...) of the paper-notes plugin."""
    from paper_notes import define_env as define

    define(env)
