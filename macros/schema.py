"""The JSON Schema of the data file, generated from the model (never edited by hand)."""
from __future__ import annotations

import json
from typing import Any

from .model import DataFile

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def data_schema() -> dict[str, Any]:
    """JSON Schema for data/papers.yaml, for editors' YAML language servers."""
    schema = DataFile.model_json_schema(mode="validation")
    return {"$schema": SCHEMA_DIALECT, **schema}


def schema_text() -> str:
    """The schema as the exact text committed in data/schema.json."""
    return json.dumps(data_schema(), indent=2, ensure_ascii=False) + "\n"
