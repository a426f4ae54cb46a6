"""Paper Notes: a knowledge base of reading notes, rendered from data/papers.yaml.

This package is the mkdocs-macros module (``module_name: macros``); ``define_env``
only wires the page macros to the build that ``hooks.py`` has loaded.
"""
from __future__ import annotations

from typing import Any


def define_env(env: Any) -> None:
    """mkdocs-macros entry point: register the page macros for this build."""
    from .pages import page_macros
    from .site import current

    for name, function in page_macros(current(), lambda: env.page.file).items():
        env.macro(function, name)
