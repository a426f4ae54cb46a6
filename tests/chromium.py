"""Debian's Chromium driven by Playwright: one browser per test session, however many folders ask for it.

The suite's conftest.py and the sample's checks both give their tests a ``browser`` fixture; Playwright's
sync API cannot run twice at once in one thread, so both take this one browser (`pytest tests sample`).
"""
from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

_shared: dict[str, Any] = {"users": 0, "playwright": None, "browser": None}


def missing() -> str | None:
    """Why the browser tests cannot run here, or None."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is missing: pip install -r requirements-test.txt"
    if not CHROMIUM.exists():
        return "Chromium is missing: apt-get install -y chromium (Debian's package, at /usr/bin/chromium)"
    return None


@contextlib.contextmanager
def shared_browser() -> Iterator[Any]:
    """The session's browser, started by its first user and closed after its last."""
    if _shared["users"] == 0:
        from playwright.sync_api import sync_playwright

        _shared["playwright"] = sync_playwright().start()
        _shared["browser"] = _shared["playwright"].chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    _shared["users"] += 1
    try:
        yield _shared["browser"]
    finally:
        _shared["users"] -= 1
        if _shared["users"] == 0:
            _shared["browser"].close()
            _shared["playwright"].stop()
