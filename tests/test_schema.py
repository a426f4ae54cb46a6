"""data/schema.json is generated from the model, valid, and accepts what the loader accepts."""
from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from conftest import FIXTURES, ROOT
from paper_notes.datafiles import Layout
from paper_notes.editing import write_checked
from paper_notes.relayout import split
from paper_notes.schema import SCHEMAS, paper_schema_text, schema_text


def _as_editors_see_it(value: Any) -> Any:
    """YAML 1.1 turns dates into date objects; the YAML language server (1.2) keeps them text."""
    if isinstance(value, dict):
        return {str(k): _as_editors_see_it(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_editors_see_it(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def test_committed_schemas_are_generated_from_the_model() -> None:
    for name, make in SCHEMAS.items():
        assert (ROOT / "data" / name).read_text(encoding="utf-8") == make(), "run: python -m macros schema"


def test_schemas_are_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(json.loads(schema_text()))
    jsonschema.Draft202012Validator.check_schema(json.loads(paper_schema_text()))


def _errors(validator: jsonschema.Draft202012Validator, path: Path) -> list[str]:
    data = _as_editors_see_it(yaml.safe_load(path.read_text(encoding="utf-8")))
    return [f"{path.name} {list(e.path)}: {e.message}" for e in validator.iter_errors(data)]


def test_schemas_accept_what_the_loader_accepts(tmp_path: Path) -> None:
    data = jsonschema.Draft202012Validator(json.loads(schema_text()))
    paper = jsonschema.Draft202012Validator(json.loads(paper_schema_text()))
    errors = _errors(data, FIXTURES / "papers.yaml") + _errors(data, FIXTURES / "search.yaml")
    main = tmp_path / "papers.yaml"
    shutil.copy(FIXTURES / "papers.yaml", main)
    write_checked(split(main))  # the same library, one file per paper
    errors += _errors(data, main)
    errors += [e for path in Layout(main).paper_files() for e in _errors(paper, path)]
    assert errors == []


def test_schema_flags_common_mistakes() -> None:
    validator = jsonschema.Draft202012Validator(json.loads(schema_text()))
    bad = {"papers": [{"id": "Bad Id", "title": "T", "status": "done", "titel": "x", "rating": 9}]}
    messages = " ".join(e.message for e in validator.iter_errors(bad))
    assert "does not match" in messages  # the id pattern
    assert "'done' is not one of" in messages
    assert "'titel' was unexpected" in messages
    assert "9 is not valid under any of the given schemas" in messages  # rating is 1-5 or absent
    paper = jsonschema.Draft202012Validator(json.loads(paper_schema_text()))
    assert "'titel' was unexpected" in " ".join(e.message for e in paper.iter_errors(bad["papers"][0]))
