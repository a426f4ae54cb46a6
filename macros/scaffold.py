"""An entry with every field, the optional ones commented out, for people who prefer typing."""
from __future__ import annotations

from dataclasses import dataclass

from .editing import yaml_scalar
from .model import Paper

# An example value for each optional field, as it would be written in the file;
# "{f}" stands for the indentation of the entry's fields.
EXAMPLES = {
    "kind": "paper",
    "aliases": "[Short name]",
    "authors": "[First Author, Second Author]",
    "published": "2024-05",
    "venue": "NeurIPS 2024",
    "org": "Some Lab",
    "arxiv": "2106.09685",
    "doi": "10.1145/3292500.3330701",
    "links": "{code: 'https://github.com/owner/repo', project: 'https://example.org'}",
    "topics": "[topic-id]",
    "status": "to-read",
    "read": "2024-05-02",
    "rating": "4",
    "lang": "en",
    "summary": "One line on what the paper does.",
    "notes": "\n{f}  # gap: What was missing before.\n{f}  # method: How it works; math as $x^2$.\n"
    "{f}  # results: What it finds.\n{f}  # thoughts: What you make of it.",
    "body": "|\n{f}  # Free Markdown after the notes.",
    "figures": "\n{f}  # - src: https://example.org/figure.png\n{f}  #   caption: What the figure shows.",
    "related": "[other-paper-id]",
}


def scaffold(ident: str, title: str, indent: str | None = "  ") -> str:
    """The entry as YAML: id and title filled in, every other field commented with its meaning.

    ``indent`` places it as a list item under 'papers:'; None makes it a paper file's whole document.
    """
    quoted = yaml_scalar(title)
    first, fields = (f"{indent}- ", f"{indent}  ") if indent is not None else ("", "")
    lines = [f"{first}id: {ident}", f"{fields}title: {quoted}"]
    for name, info in Paper.model_fields.items():
        if name in ("id", "title"):
            continue
        example = EXAMPLES.get(name, "").replace("{f}", fields)
        head, _, rest = example.partition("\n")
        line = f"{fields}# {name}: {head}".rstrip()
        lines.append(f"{line:<60} # {info.description}" if info.description else line)
        if rest:
            lines.extend(rest.split("\n"))
    return "\n".join(lines) + "\n"


@dataclass
class Scaffold:
    """A new entry to fill in by hand, as something the editor can add."""

    ident: str
    title: str

    def text(self, indent: str | None) -> str:
        """The entry as a list item (indented) or as a paper file (None)."""
        return scaffold(self.ident, self.title, indent)
