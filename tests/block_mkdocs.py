"""A pytest plugin that makes `import mkdocs` (and Material, and mkdocs-macros) fail, as on a machine without them.

Used as `python -m pytest -p block_mkdocs ...` to show the command line and the data layer
need none of them.
"""
from __future__ import annotations

import importlib.abc
import sys
from typing import Any

BLOCKED = ("mkdocs", "material", "mkdocs_macros", "properdocs")


class _Blocker(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname: str, path: Any, target: Any = None) -> None:
        if fullname.split(".")[0] in BLOCKED:
            raise ImportError(f"{fullname} is blocked: this test run checks that MkDocs is not needed")
        return None


def pytest_configure(config: Any) -> None:
    for name in list(sys.modules):
        if name.split(".")[0] in BLOCKED:
            del sys.modules[name]
    sys.meta_path.insert(0, _Blocker())
