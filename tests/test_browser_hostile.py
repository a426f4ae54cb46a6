"""In a real browser, pages built from hostile data open no dialog and log nothing."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hostile import ALL_VECTORS

from conftest import keep_offline, serve_folder

pytestmark = pytest.mark.browser


def test_hostile_pages_stay_silent(browser: Any, hostile_site: Path) -> None:
    pages = ["", "log/", "to-read/", "topics/", "topics/t/", "collections/c/", "journal/2024-01-02/", "papers/"]
    pages += [f"papers/p{i}/" for i, v in enumerate(ALL_VECTORS) if "TITLE" in v or "svg" in v or "onload" in v][:6]
    events: list[str] = []
    with serve_folder(hostile_site) as url:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        keep_offline(context)
        page = context.new_page()
        page.on("dialog", lambda dialog: (events.append(f"dialog: {dialog.message}"), dialog.dismiss()))
        # a broken <img src=x> from the data is a 404 for an image, not code: only that noise is allowed
        page.on(
            "console",
            lambda message: None
            if message.text.startswith("Failed to load resource")
            else events.append(f"console {message.type}: {message.text}"),
        )
        page.on(
            "response",
            lambda response: events.append(f"{response.status} for {response.request.resource_type} {response.url}")
            if response.status >= 400 and response.request.resource_type != "image"
            else None,
        )
        page.on("pageerror", lambda error: events.append(f"page error: {error}"))
        for path in pages:
            page.goto(f"{url}/{path}", wait_until="load")
            for y in range(0, 900, 150):  # sweep the mouse to fire any hover handler that survived
                for x in range(0, 1280, 320):
                    page.mouse.move(x, y)
            page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
            assert events == [], f"{path}: {events}"
        context.close()
