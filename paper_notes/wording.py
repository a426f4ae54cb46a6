"""Counting in words: '1 paper', '2 papers', '3 journal entries'. One rule for the site and the CLI."""
from __future__ import annotations


def plural(count: int, singular: str, many: str | None = None) -> str:
    """The noun for ``count`` of it: ``many`` for irregular plurals, else 'entry' -> 'entries', 'paper' -> 'papers'."""
    if count == 1:
        return singular
    if many:
        return many
    if singular.endswith("y") and singular[-2:-1] not in ("a", "e", "i", "o", "u", ""):
        return singular[:-1] + "ies"
    return singular + "s"


def counted(count: int, singular: str, many: str | None = None) -> str:
    """'1 paper', '2 papers'."""
    return f"{count} {plural(count, singular, many)}"
