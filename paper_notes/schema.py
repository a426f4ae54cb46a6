"""The JSON Schemas of the data file, of a paper file and of a reader's file, generated from the model (never edited by hand)."""
from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from .datafiles import PAPER_SCHEMA_NAME, READER_SCHEMA_NAME
from .model import DataFile, Paper, ReaderNotes

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
DATA_SCHEMA_NAME = "schema.json"


def data_schema() -> dict[str, Any]:
    """JSON Schema for data/papers.yaml, for editors' YAML language servers."""
    schema = DataFile.model_json_schema(mode="validation")
    return {"$schema": SCHEMA_DIALECT, **schema}


def paper_schema() -> dict[str, Any]:
    """JSON Schema for one paper file, data/papers/<id>.yaml."""
    schema = Paper.model_json_schema(mode="validation")
    return {"$schema": SCHEMA_DIALECT, **schema}


def reader_schema() -> dict[str, Any]:
    """JSON Schema for one reader's notes on a paper, data/readers/<reader-id>/<paper-id>.yaml."""
    schema = ReaderNotes.model_json_schema(mode="validation")
    return {"$schema": SCHEMA_DIALECT, **schema}


def _text(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def schema_text() -> str:
    """The data file's schema as the exact text committed in data/schema.json."""
    return _text(data_schema())


def paper_schema_text() -> str:
    """A paper file's schema as the exact text committed in data/paper.schema.json."""
    return _text(paper_schema())


def reader_schema_text() -> str:
    """A reader's file's schema as the exact text committed in data/reader.schema.json."""
    return _text(reader_schema())


# file name (in data/) -> its text
SCHEMAS: dict[str, Callable[[], str]] = {
    DATA_SCHEMA_NAME: schema_text, PAPER_SCHEMA_NAME: paper_schema_text, READER_SCHEMA_NAME: reader_schema_text,
}
