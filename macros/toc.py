"""A page's table of contents, read from the headings of its final HTML.

Generated page bodies are raw HTML blocks, which Markdown's toc extension does not
see; reading the headings back gives those pages the same sidebar as any other.
"""
from __future__ import annotations

import html
from html.parser import HTMLParser
from typing import Any

from mkdocs.structure.toc import TableOfContents, get_toc

LEVELS = (2, 3)


class _Headings(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str, str]] = []
        self._current: tuple[int, str] | None = None
        self._text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if len(tag) == 2 and tag[0] == "h" and tag[1].isdigit() and int(tag[1]) in LEVELS:
            if attributes.get("id"):
                self._current, self._text = (int(tag[1]), attributes["id"] or ""), []
        elif self._current and tag == "a" and "headerlink" in (attributes.get("class") or ""):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if self._skip and tag == "a":
            self._skip -= 1
        elif self._current and tag == f"h{self._current[0]}":
            level, ident = self._current
            self.found.append((level, ident, " ".join("".join(self._text).split())))
            self._current = None

    def handle_data(self, data: str) -> None:
        if self._current and not self._skip:
            self._text.append(data)


def toc_from_html(content: str) -> TableOfContents:
    """Nest the h2/h3 headings that carry an id into mkdocs' TableOfContents."""
    parser = _Headings()
    parser.feed(content)
    tokens: list[dict[str, Any]] = []
    for level, ident, text in parser.found:
        token = {"level": level, "id": ident, "name": html.escape(text, quote=False), "children": []}
        if level == LEVELS[-1] and tokens:
            tokens[-1]["children"].append(token)
        else:
            tokens.append(token)
    return get_toc(tokens)  # type: ignore[arg-type]
