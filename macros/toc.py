"""A page's table of contents, read from the headings of its final HTML.

Generated page bodies are raw HTML blocks, which Markdown's toc extension does not
see; reading the headings back gives those pages the same sidebar as any other.
"""
from __future__ import annotations

import html
import re
from typing import Any

from mkdocs.structure.toc import TableOfContents, get_toc

# h2/h3 with an id; the HTML comes from our templates or from Markdown, so it is well formed
HEADING = re.compile(r'<h([23])\b[^>]*?\bid="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
PERMALINK = re.compile(r'<a class="headerlink".*?</a>', re.S)
TAG = re.compile(r"<[^>]+>")


def toc_from_html(content: str) -> TableOfContents:
    """Nest the h2/h3 headings that carry an id into mkdocs' TableOfContents."""
    tokens: list[dict[str, Any]] = []
    for match in HEADING.finditer(content):
        level, ident, inner = int(match.group(1)), html.unescape(match.group(2)), match.group(3)
        text = " ".join(html.unescape(TAG.sub("", PERMALINK.sub("", inner))).split())
        token = {"level": level, "id": ident, "name": html.escape(text, quote=False), "children": []}
        if level == 3 and tokens:
            tokens[-1]["children"].append(token)
        else:
            tokens.append(token)
    return get_toc(tokens)  # type: ignore[arg-type]
