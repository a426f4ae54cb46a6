"""data/schema.json is generated from the model, valid, and accepts what the loader accepts."""
from __future__ import annotations

import datetime as dt
import json
from typing import Any

import jsonschema
import yaml

from conftest import FIXTURES, ROOT
from macros.schema import schema_text


def _as_editors_see_it(value: Any) -> Any:
    """YAML 1.1 turns dates into date objects; the YAML language server (1.2) keeps them text."""
    if isinstance(value, dict):
        return {str(k): _as_editors_see_it(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_editors_see_it(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def test_committed_schema_is_generated_from_the_model() -> None:
    committed = (ROOT / "data" / "schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(), "run: python -m macros schema"


def test_schema_is_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(json.loads(schema_text()))


def test_schema_accepts_the_shipped_and_fixture_data() -> None:
    validator = jsonschema.Draft202012Validator(json.loads(schema_text()))
    for path in (ROOT / "data" / "papers.yaml", FIXTURES / "papers.yaml"):
        data = _as_editors_see_it(yaml.safe_load(path.read_text(encoding="utf-8")))
        errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(data)]
        assert errors == [], path


def test_schema_flags_common_mistakes() -> None:
    validator = jsonschema.Draft202012Validator(json.loads(schema_text()))
    bad = {"papers": [{"id": "Bad Id", "title": "T", "status": "done", "titel": "x", "rating": 9}]}
    messages = " ".join(e.message for e in validator.iter_errors(bad))
    assert "does not match" in messages  # the id pattern
    assert "'done' is not one of" in messages
    assert "'titel' was unexpected" in messages
    assert "9 is not valid under any of the given schemas" in messages  # rating is 1-5 or absent


def test_data_file_points_editors_at_the_schema() -> None:
    first = (ROOT / "data" / "papers.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=./schema.json"
