"""A digest of what a page is made from, so that a page whose inputs did not change need not be made again.

A page's template is given a context: records (papers, topics...), the views computed from
them (a topic's subtree, a paper's suggestions) and plain values. The fingerprint of a
context covers all of it: every record by a digest of its whole content, every view field
by field, every value by its text. Two equal fingerprints mean the template was given
the same things. A view that links to a graph (an author's co-authors, who have co-authors
of their own) says what of it a page shows through ``fingerprint_parts()``.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel


class Unfingerprintable(TypeError):
    """A context holds a value this module cannot digest; the page is then always made afresh."""


class Fingerprints:
    """Digests for one build: each record and view is digested once, however many pages show it.

    Objects are remembered by identity, so a Fingerprints lives no longer than the objects it has seen.
    """

    def __init__(self) -> None:
        self._known: dict[int, tuple[Any, bytes]] = {}
        self._open: set[int] = set()

    def record(self, record: BaseModel) -> bytes:
        """A digest of the record's whole content."""
        return self._object(record)

    def of(self, *values: Any) -> str:
        """The fingerprint of ``values``, as hex."""
        return hashlib.blake2b(repr(self._token(values)).encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()

    def _token(self, value: Any) -> Any:
        """A value whose repr stands for ``value``: plain values as they are, containers as tuples, objects by digest."""
        if value is None or isinstance(value, (str, int, float, bool, dt.date)):
            return value
        if isinstance(value, (list, tuple)):
            return tuple(self._token(item) for item in value)
        if isinstance(value, Mapping):
            return ("map", tuple((self._token(k), self._token(v)) for k, v in value.items()))
        if isinstance(value, (set, frozenset)):
            return ("set", tuple(sorted(repr(self._token(item)) for item in value)))
        return self._object(value)

    def _object(self, value: Any) -> bytes:
        known = self._known.get(id(value))
        if known is not None and known[0] is value:
            return known[1]
        if id(value) in self._open:
            raise Unfingerprintable(f"a {type(value).__name__} that contains itself")
        self._open.add(id(value))
        try:
            if isinstance(value, BaseModel):
                text = type(value).__name__ + value.model_dump_json()
            elif hasattr(value, "fingerprint_parts"):
                text = repr((type(value).__name__, self._token(value.fingerprint_parts())))
            elif dataclasses.is_dataclass(value) and not isinstance(value, type):
                fields = dataclasses.fields(value)
                text = repr((type(value).__name__, tuple((f.name, self._token(getattr(value, f.name))) for f in fields)))
            else:
                raise Unfingerprintable(f"cannot fingerprint a {type(value).__name__}")
        finally:
            self._open.discard(id(value))
        digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
        self._known[id(value)] = (value, digest)
        return digest
