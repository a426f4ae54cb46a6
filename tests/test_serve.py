"""`mkdocs serve`: saving the data (or a template) rebuilds; a bad save keeps the last good site."""
from __future__ import annotations

import time
import urllib.request
from pathlib import Path
from typing import Callable

import pytest

from conftest import mkdocs_serve


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback only
        return response.read().decode("utf-8")


def wait_for(check: Callable[[], bool], what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def served(project_copy: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    with (tmp_path / "serve.log").open("w+", encoding="utf-8") as log, mkdocs_serve(project_copy, log) as url:
        wait_for(lambda: "LoRA" in fetch(f"{url}/papers/lora/"), "the first build", timeout=60)
        yield project_copy, url, Path(log.name)


def test_saves_rebuild_and_bad_saves_keep_the_last_good_site(served) -> None:  # type: ignore[no-untyped-def]
    project, url, log = served
    data = project / "data" / "papers.yaml"
    original = data.read_text(encoding="utf-8")
    page = f"{url}/papers/lora/"

    data.write_text(original.replace("title: \"LoRA: Low-Rank", "title: \"LoRA EDITED: Low-Rank"), encoding="utf-8")
    wait_for(lambda: "LoRA EDITED" in fetch(page), "the rebuild after a save")

    broken = original.replace("title: \"LoRA: Low-Rank", "title: \"LoRA BROKEN: Low-Rank").replace(
        "    rating: 4\n", "    rating: 9\n", 1
    )
    data.write_text(broken, encoding="utf-8")
    wait_for(lambda: "expected a whole number from 1 to 5, got 9" in log.read_text(encoding="utf-8"), "the report")
    text = log.read_text(encoding="utf-8")
    assert "data/papers.yaml:" in text and "paper 'lora': rating: error:" in text
    assert "Traceback" not in text
    # the server still answers, with the last good build
    assert "LoRA EDITED" in fetch(page)

    data.write_text(original.replace("title: \"LoRA: Low-Rank", "title: \"LoRA FIXED: Low-Rank"), encoding="utf-8")
    wait_for(lambda: "LoRA FIXED" in fetch(page), "the site to come back after the fix")


def test_template_saves_rebuild(served) -> None:  # type: ignore[no-untyped-def]
    project, url, _ = served
    template = project / "macros" / "templates" / "paper.html"
    template.write_text(
        template.read_text(encoding="utf-8").replace("Related papers", "Related reading"), encoding="utf-8"
    )
    wait_for(lambda: "Related reading" in fetch(f"{url}/papers/lora/"), "the rebuild after a template save")
