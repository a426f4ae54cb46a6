"""An entry with every field, the optional ones commented out, for people who prefer typing.

The example of each field is the one the model gives (and the JSON Schema shows in editors).
"""
from __future__ import annotations

from dataclasses import dataclass

from .datafiles import READER_MODELINE
from .editing import entry_yaml, yaml_scalar
from .model import Paper, ReaderNotes


def _commented(name: str, description: str | None, example: object, fields: str) -> list[str]:
    """The field written with its example, commented out, its meaning beside the first line."""
    lines = entry_yaml({name: example}, None).rstrip("\n").split("\n")
    first = f"{fields}# {lines[0]}"
    out = [f"{first:<60} # {description}" if description else first]
    out += [f"{fields}# {line}" for line in lines[1:]]
    return out


def scaffold(ident: str, title: str, indent: str | None = "  ") -> str:
    """The entry as YAML: id and title filled in, every other field commented with its meaning.

    ``indent`` places it as a list item under 'papers:'; None makes it a paper file's whole document.
    """
    first, fields = (f"{indent}- ", f"{indent}  ") if indent is not None else ("", "")
    lines = [f"{first}id: {ident}", f"{fields}title: {yaml_scalar(title)}"]
    for name, info in Paper.model_fields.items():
        if name in ("id", "title"):
            continue
        example = info.examples[0] if info.examples else ""
        lines += _commented(name, info.description, example, fields)
    return "\n".join(lines) + "\n"


@dataclass
class Scaffold:
    """A new entry to fill in by hand, as something the editor can add."""

    ident: str
    title: str

    def text(self, indent: str | None) -> str:
        """The entry as a list item (indented) or as a paper file (None)."""
        return scaffold(self.ident, self.title, indent)


def reader_scaffold(reader: str, paper: str, title: str) -> str:
    """A reader's new notes file: the schema's modeline, a line on whose notes these are, ``status: reading``, and every
    other field commented out with its example and meaning."""
    lines = [READER_MODELINE, f"# {reader}'s notes on {title} (papers/{paper}/): fill in what you like, delete the rest.",
             "status: reading"]  # fmt: skip
    for name, info in ReaderNotes.model_fields.items():
        if name == "status":
            continue
        example = info.examples[0] if info.examples else ""
        lines += _commented(name, info.description, example, "")
    return "\n".join(lines) + "\n"
