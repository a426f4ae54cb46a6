"""Shared fixtures: paths, writing data files, and real mkdocs builds into tmp_path."""
from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Callable

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def build_site(data: Path, site_dir: Path, strict: bool = True) -> Path:
    """Build the real mkdocs.yml and docs/ with ``data`` as the data file; return site_dir."""
    config = load_config(
        config_file=str(ROOT / "mkdocs.yml"),
        site_dir=str(site_dir),
        strict=strict,
        extra={"paper_notes": {"data": str(data), "branch": "main"}},
    )
    build(config)
    return site_dir


@pytest.fixture
def write_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[str], Path]:
    """Write YAML text to a data file; the test runs in its folder, so reports say 'papers.yaml:N'."""
    monkeypatch.chdir(tmp_path)

    def write(text: str, name: str = "papers.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return Path(name)

    return write


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built once from tests/fixtures/papers.yaml."""
    return build_site(FIXTURES / "papers.yaml", tmp_path_factory.mktemp("fixture-site"))


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A copy of the project (config, docs, macros, data) to run mkdocs commands in."""
    dest = tmp_path / "project"
    dest.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    for folder in ("docs", "macros", "data"):
        shutil.copytree(ROOT / folder, dest / folder, ignore=shutil.ignore_patterns("__pycache__"))
    return dest
