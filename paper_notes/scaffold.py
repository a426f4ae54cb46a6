"""An entry with every field, the optional ones commented out, for people who prefer typing.

The example of each field is the one the model gives (and the JSON Schema shows in editors).
"""
from __future__ import annotations

from dataclasses import dataclass

from .editing import entry_yaml, yaml_scalar
from .model import Paper


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
