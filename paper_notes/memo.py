"""Work one build hands to the next in the same process (`mkdocs serve`), by what the work was done on.

A record that did not change between two builds is the same object in both (its file is not parsed
again, and its entry is not validated again), so what was worked out from it (the words a paper
uses, its search terms) can be reused by the object's identity; what was worked out from plain
values (an entry as written) is kept by a digest of the value. A table keeps what the last build
that used it used, and drops the rest: memory stays flat however many times a library is saved.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")


def digest(value: Any) -> bytes:
    """A digest of a plain value (what YAML gives: mappings, lists, text, numbers...), by its repr."""
    return hashlib.blake2b(repr(value).encode("utf-8", "surrogatepass"), digest_size=16).digest()


class Table:
    """One kind of work, kept from the last build that used it."""

    def __init__(self, build: int) -> None:
        self.build = build
        self._old: dict[Hashable, tuple[Any, Any]] = {}
        self._new: dict[Hashable, tuple[Any, Any]] = {}

    def rotate(self, build: int) -> None:
        """A new build: what the last one used is kept, the rest dropped."""
        self.build = build
        self._old, self._new = self._new, {}

    def by_value(self, key: Hashable, compute: Callable[..., T], *args: Any) -> T:
        """The value for ``key`` (a digest, a string...), ``compute(*args)`` if no earlier build had it."""
        found = self._new.get(key) or self._old.get(key)
        if found is None:
            found = (None, compute(*args))
        self._new[key] = found
        return found[1]

    def by_object(self, obj: Any, compute: Callable[..., T], *args: Any) -> T:
        """``compute(obj, *args)``, worked out once for ``obj`` (kept alive with it, so its identity is not reused)."""
        key = id(obj)
        found = self._new.get(key) or self._old.get(key)
        if found is None or found[0] is not obj:
            found = (obj, compute(obj, *args))
        self._new[key] = found
        return found[1]

    def __len__(self) -> int:
        return len(self._new.keys() | self._old.keys())


class Memo:
    """Tables of work by name; each rotates when a build first uses it, and a table no build used for two builds goes."""

    def __init__(self) -> None:
        self._build = 0
        self._tables: dict[str, Table] = {}

    def next_build(self) -> None:
        self._build += 1
        for name in [name for name, table in self._tables.items() if table.build < self._build - 2]:
            del self._tables[name]

    def table(self, name: str) -> Table:
        table = self._tables.get(name)
        if table is None:
            table = self._tables[name] = Table(self._build)
        elif table.build != self._build:
            table.rotate(self._build)
        return table

    def sizes(self) -> dict[str, int]:
        """How many values each table holds (for tests and benchmarks)."""
        return {name: len(table) for name, table in self._tables.items()}


class NoMemo(Memo):
    """No build before or after: every table forgets at once (``mkdocs build``, the command line)."""

    def table(self, name: str) -> Table:
        return Table(0)
