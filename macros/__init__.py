"""The project's mkdocs-macros module (``module_name: macros`` in mkdocs.yml), and ``python -m macros``.

Everything lives in the installed ``paper_notes`` package; this folder only hands over to it,
so that mkdocs.yml and the commands in the docs keep working as written.
"""
from __future__ import annotations

from paper_notes import define_env  # noqa: F401 - mkdocs-macros' entry point: the page macros of the plugin
