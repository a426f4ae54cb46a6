"""Markdown from the data file, converted one field at a time with the site's own extensions and sanitised.

Data text is converted and cleaned by nh3; it never becomes template source. Each field
is its own document (an unclosed code fence in one note cannot swallow the next), its
headings sit below the section heading it is shown under, ``paper:<id>``-style links
point at the record's page, and the headings it holds join the page's table of contents.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from .notelinks import internal_target, relative_path
from .toc import Heading

# What Markdown in notes may produce: text formatting, lists, tables, code, math, images.
ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del",
    "details", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp",
    "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th",
    "thead", "tr", "u", "ul", "var",
}  # fmt: skip
_CELL = {"align", "colspan", "rowspan", "style"}
ALLOWED_ATTRIBUTES = {
    "*": {"class", "title", "lang", "dir"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": _CELL,
    "th": _CELL,
    "ol": {"start", "type"},
    "details": {"open"},
    # ids only where Markdown puts them (headings, footnotes), never on arbitrary elements
    **{f"h{n}": {"id"} for n in range(1, 7)},
    "li": {"id"},
    "sup": {"id"},
}
URL_SCHEMES = {"http", "https", "mailto"}
# a note may not read files from disk into the page
UNSAFE_EXTENSIONS = {"pymdownx.snippets"}

Resolve = Callable[[str, str], str]  # (kind, id) -> URL of that record's page; (DOCS, path) -> URL of a site path
DOCS = ""  # the "kind" of a path read from the docs folder: 'assets/plot.png', 'papers/lora/', 'about.md'


def sanitize(html: str) -> str:
    """Keep safe formatting; drop scripts, handlers, styles, frames and non-web URLs."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        filter_style_properties={"text-align"},
        strip_comments=True,
        link_rel="noopener noreferrer",
    )


class _ShiftHeadings(Treeprocessor):
    """A note's own '# Heading' sits below the section heading it appears under."""

    def __init__(self, md: markdown.Markdown, shift: int) -> None:
        super().__init__(md)
        self.shift = shift

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if len(element.tag) == 2 and element.tag[0] == "h" and element.tag[1].isdigit():
                element.tag = f"h{min(6, int(element.tag[1]) + self.shift)}"


# Han, kana, Hangul and CJK punctuation: a line break between two of these is not a space
_CJK = "\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef"
_CJK_BREAK = re.compile(f"(?<=[{_CJK}])[ \\t]*\\n[ \\t]*(?=[{_CJK}])")


class _JoinCjkLines(Treeprocessor):
    """Drop soft line breaks between CJK characters, which browsers would show as spaces."""

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if element.tag in ("pre", "code"):
                continue
            if element.text and "\n" in element.text:
                element.text = _CJK_BREAK.sub("", element.text)
            if element.tail and "\n" in element.tail:
                element.tail = _CJK_BREAK.sub("", element.tail)


class _ResolveLinks(Treeprocessor):
    """Point ``paper:<id>`` (and topic:, collection:, journal:) links at that record's page, and relative links
    and images, which are read from the docs folder, at that path as seen from the page showing them."""

    resolve: Resolve | None = None  # set for the length of one conversion

    def run(self, root: etree.Element) -> None:
        if self.resolve is None:
            return
        for element in root.iter():
            attribute = {"a": "href", "img": "src"}.get(element.tag)
            href = element.get(attribute) if attribute else None
            if not attribute or not href:
                continue
            target = internal_target(href)
            if target is not None:
                kind, ident, fragment = target
                element.set(attribute, self.resolve(kind, ident) + fragment)
                continue
            path = relative_path(href)
            if path is not None:
                rest = href[len(href.split("#")[0].split("?")[0]):]
                element.set(attribute, self.resolve(DOCS, path) + rest)


class _DataNoteExtension(Extension):
    """Data Markdown's own steps: headings shifted below the section, CJK lines joined, record links resolved."""

    def __init__(self, shift: int, links: _ResolveLinks | None = None) -> None:
        super().__init__()
        self.shift = shift
        self.links = links
        self.shifter: _ShiftHeadings | None = None

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Markdown's API
        # before toc (priority 5) so that anchors are made for the shifted headings
        self.shifter = _ShiftHeadings(md, self.shift)
        md.treeprocessors.register(self.shifter, "pn_shift_headings", 6)
        md.treeprocessors.register(_JoinCjkLines(md), "pn_join_cjk_lines", 4)
        self.links = _ResolveLinks(md)
        md.treeprocessors.register(self.links, "pn_resolve_links", 3)


# Text that Markdown and the sanitiser leave as it is: lines of words, spaces and plain punctuation, each
# starting with a letter and ending without a space. About half of real notes are like this; they become
# paragraphs directly. tests/test_markdown_fast_path.py checks that the result is the same, character
# for character, as the full conversion.
_PLAIN_CHARS = (
    r"\w,.;:!?'\"()%/+\-\u2010-\u2014\u2018\u2019\u201c\u201d\u2026"
    r"\u3001\u3002\u300a-\u300f\uff01\uff08\uff09\uff0c\uff1a\uff1b\uff1f"
)
_PLAIN_LINE = re.compile(rf"[^\W\d_](?:[ {_PLAIN_CHARS}]*[{_PLAIN_CHARS}])?")


def plain_paragraphs(text: str) -> str | None:
    """The HTML of text with no Markdown in it (paragraphs, CJK line breaks joined), or None if it may have some."""
    if "_" in text:  # a word character, but _emphasis_ too
        return None
    paragraphs: list[list[str]] = [[]]
    for line in text.split("\n"):
        if not line:
            if paragraphs[-1]:
                paragraphs.append([])
        elif _PLAIN_LINE.fullmatch(line):
            paragraphs[-1].append(line)
        else:
            return None
    return "\n".join(f"<p>{_CJK_BREAK.sub('', chr(10).join(lines))}</p>" for lines in paragraphs if lines)


@dataclass(frozen=True)
class Converted:
    """A field as safe HTML, and the headings it holds."""

    html: Markup
    headings: tuple[Heading, ...]


def _flatten(tokens: Iterable[Mapping[str, Any]]) -> Iterable[Heading]:
    for token in tokens:
        yield Heading(int(token["level"]), str(token["id"]), str(token["name"]))
        yield from _flatten(token.get("children", []))


class DataMarkdown:
    """Converts Markdown from the data file with the site's Markdown extensions, then sanitises it."""

    def __init__(self, extensions: Iterable[Any], configs: Mapping[str, Mapping[str, Any]]) -> None:
        names = [e for e in extensions if e not in UNSAFE_EXTENSIONS]
        self._extension = _DataNoteExtension(2)
        self._md = markdown.Markdown(
            extensions=[*names, self._extension],
            extension_configs={k: dict(v) for k, v in configs.items() if k in names},
        )

    def convert(self, text: str | None, resolve: Resolve | None = None, shift: int = 2) -> Converted:
        """Markdown to safe HTML, with ``paper:<id>`` links made into URLs by ``resolve``; its own headings ``shift``
        levels down (a '# Heading' in a note shown under an h2 section is an h3)."""
        if not text:
            return Converted(Markup(""), ())
        plain = plain_paragraphs(text)
        if plain is not None:
            return Converted(Markup(plain), ())
        return self.convert_fully(text, resolve, shift)

    def convert_fully(self, text: str, resolve: Resolve | None = None, shift: int = 2) -> Converted:
        """The whole conversion, Markdown then the sanitiser, which ``convert`` skips for plain text."""
        self._md.reset()
        links, shifter = self._extension.links, self._extension.shifter
        assert links is not None and shifter is not None
        links.resolve = resolve
        shifter.shift = shift
        try:
            html = self._md.convert(text)
        finally:
            links.resolve = None
            shifter.shift = self._extension.shift
        headings = tuple(_flatten(getattr(self._md, "toc_tokens", [])))
        return Converted(Markup(sanitize(html)), headings)

    def inline(self, text: str | None, resolve: Resolve | None = None) -> Markup:
        """Markdown for a single line: the same, without the surrounding paragraph."""
        html = str(self.convert(text, resolve).html).strip()
        if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
            html = html[3:-4]
        return Markup(html)
