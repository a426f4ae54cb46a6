"""Properties over arbitrary Unicode: every data file validates and builds, or fails with a message; never a crash."""
from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hostile import unsafe_parts
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import escape

from conftest import build_site
from paper_notes.language import lang_attribute
from paper_notes.latex import math_html
from paper_notes.library import check_file

TODAY = dt.date(2026, 1, 1)
# any code point, surrogates and controls included: the loader must cope with all of them
TEXT = st.text(st.characters(codec=None), min_size=0, max_size=40)
LINE = st.text(st.characters(codec=None, exclude_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=40).filter(
    lambda s: s.strip() != ""
)


def data_file(values: dict[str, Any]) -> dict[str, Any]:
    """A data file with one paper (and friends) carrying ``values`` in every text field."""
    return {
        "topics": [{"id": "t", "name": values["name"], "description": values["markdown"]}],
        "papers": [
            {
                "id": "p",
                "title": values["title"],
                "aliases": [values["alias"]],
                "authors": [values["author"]],
                "venue": values["venue"],
                "summary": values["summary"],
                "topics": ["t"],
                "read": "2024-01-02",
                "notes": {values["section"]: values["markdown"]},
                "body": values["markdown"],
                "figures": [{"src": "https://example.org/x.png", "caption": values["markdown"], "alt": values["alias"]}],
            }
        ],
        "log": [{"date": "2024-01-02", "title": values["title"], "body": values["markdown"], "papers": ["p"]}],
        "collections": [{"id": "c", "title": values["title"], "intro": values["markdown"], "items": [{"paper": "p", "comment": values["markdown"]}]}],
        "todo": [{"text": values["summary"]}],
    }


FIELDS = ("title", "alias", "author", "venue", "summary", "section", "name", "markdown")


def write(path: Path, data: dict[str, Any]) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    # lone surrogates cannot be UTF-8: they reach the file as the bytes a careless editor would write
    path.write_bytes(text.encode("utf-8", errors="surrogatepass"))


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.fixed_dictionaries({name: TEXT for name in FIELDS}))
def test_any_text_validates_or_gets_a_message(values: dict[str, str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "papers.yaml"
        write(path, data_file(values))
        library, problems = check_file(path, today=TODAY)
    if library is None:
        assert problems, "an invalid file must say why"
        assert all(p.message and p.line >= 0 for p in problems)


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.fixed_dictionaries({name: LINE for name in FIELDS}))
def test_valid_text_builds_escaped(values: dict[str, str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "papers.yaml"
        write(path, data_file(values))
        library, problems = check_file(path, today=TODAY)
        if library is None:
            return  # refused with a message, which the property above covers
        site = build_site(path, Path(tmp) / "site")
        page = (site / "papers" / "p" / "index.html").read_text(encoding="utf-8")
        title = library.papers[0].title
        # escaped, its $math$ marked for KaTeX, and marked lang="zh" if it is written in Chinese
        assert f'<h1 id="title"{lang_attribute(title, None, "en")}>{math_html(title)}</h1>' in page
        assert str(escape(library.papers[0].authors[0])) in page
        assert unsafe_parts(page) == []
