"""What a reader sees on a built page, for checks such as 'no raw TeX' (used by the tests and the sample's checks)."""
from __future__ import annotations

import html.parser
import re


class _Visible(html.parser.HTMLParser):
    """The text a reader sees before scripts run, less code blocks and the math KaTeX typesets."""

    SKIP = {"script", "style", "pre", "code", "title", "svg"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = dict(attrs).get("class") or ""
        self.stack.append("skip" if tag in self.SKIP or "arithmatex" in classes else tag)

    def handle_endtag(self, tag: str) -> None:
        if self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if "skip" not in self.stack:
            self.text.append(data)


RAW_TEX = re.compile(r"\$[^$\n]*\\[A-Za-z]+[^$\n]*\$|\\(?:mathcal|frac|sqrt|alpha|times|mathbb)\b")


def raw_tex(page: str) -> list[str]:
    """Raw TeX a reader would see on the page."""
    parser = _Visible()
    parser.feed(page)
    return RAW_TEX.findall(" ".join(parser.text))
