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
        return self._digest(record)

    def of(self, *values: Any) -> str:
        """The fingerprint of ``values``, as hex."""
        return self._digest(list(values)).hex()

    def _digest(self, value: Any) -> bytes:
        if value is None or isinstance(value, (str, int, float, bool, dt.date)):
            return _hash(f"{type(value).__name__}:{value!r}".encode("utf-8", "surrogatepass"))
        if isinstance(value, (list, tuple)):
            return _hash(b"[" + b"".join(self._digest(item) for item in value))
        if isinstance(value, Mapping):
            return _hash(b"{" + b"".join(self._digest(k) + self._digest(v) for k, v in value.items()))
        if isinstance(value, (set, frozenset)):
            return _hash(b"<" + b"".join(sorted(self._digest(item) for item in value)))
        known = self._known.get(id(value))
        if known is not None and known[0] is value:
            return known[1]
        if id(value) in self._open:
            raise Unfingerprintable(f"a {type(value).__name__} that contains itself")
        self._open.add(id(value))
        try:
            digest = self._compound(value)
        finally:
            self._open.discard(id(value))
        self._known[id(value)] = (value, digest)
        return digest

    def _compound(self, value: Any) -> bytes:
        name = type(value).__name__.encode()
        if isinstance(value, BaseModel):
            return _hash(b"R" + name + value.model_dump_json().encode("utf-8", "surrogatepass"))
        if hasattr(value, "fingerprint_parts"):
            return _hash(b"P" + name + self._digest(value.fingerprint_parts()))
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            fields = dataclasses.fields(value)
            return _hash(b"D" + name + b"".join(f.name.encode() + self._digest(getattr(value, f.name)) for f in fields))
        raise Unfingerprintable(f"cannot fingerprint a {type(value).__name__}")


def _hash(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()
