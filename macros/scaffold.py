"""An entry with every field, the optional ones commented out, for people who prefer typing."""
from __future__ import annotations

from .model import Paper

# An example value for each optional field, as it would be written in the file.
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
    "notes": "\n{i}      # gap: What was missing before.\n{i}      # method: How it works; math as $x^2$.\n"
    "{i}      # results: What it finds.\n{i}      # thoughts: What you make of it.",
    "body": "|\n{i}      # Free Markdown after the notes.",
    "figures": "\n{i}      # - src: https://example.org/figure.png\n{i}      #   caption: What the figure shows.",
    "related": "[other-paper-id]",
}


def scaffold(ident: str, title: str, indent: str = "  ") -> str:
    """The entry as YAML text: id and title filled in, every other field commented, with its meaning."""
    quoted = '"' + title.replace("\\", "\\\\").replace('"', '\\"') + '"'
    lines = [f"{indent}- id: {ident}", f"{indent}  title: {quoted}"]
    for name, info in Paper.model_fields.items():
        if name in ("id", "title"):
            continue
        example = EXAMPLES.get(name, "").replace("{i}", indent)
        head, _, rest = example.partition("\n")
        line = f"{indent}  # {name}: {head}".rstrip()
        lines.append(f"{line:<60} # {info.description}" if info.description else line)
        if rest:
            lines.extend(rest.split("\n"))
    return "\n".join(lines) + "\n"
