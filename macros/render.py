"""Turn records into HTML through Jinja templates; Markdown from the data is converted and sanitised.

Data text is only ever passed *into* templates as values (autoescaped) or converted
from Markdown and cleaned by nh3; it never becomes template source.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import jinja2
import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

from .notelinks import internal_target
from .problems import Problem

TEMPLATES = Path(__file__).parent / "templates"

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
MONTH_NAMES = list(calendar.month_name)


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


class _DataNoteExtension(Treeprocessor):
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
    """Point ``paper:<id>`` (and topic:, collection:, journal:) links at that record's page."""

    def __init__(self, md: markdown.Markdown, owner: DataMarkdown) -> None:
        super().__init__(md)
        self.owner = owner

    def run(self, root: etree.Element) -> None:
        for element in root.iter("a"):
            href = element.get("href")
            if href and self.owner.resolve is not None:
                target = internal_target(href)
                if target is not None:
                    folder, ident, fragment = target
                    element.set("href", self.owner.resolve(folder, ident) + fragment)


class DataNoteExtension(Extension):
    """Data Markdown's own steps: headings shifted below the section, CJK lines joined, paper: links resolved."""

    def __init__(self, shift: int, owner: DataMarkdown) -> None:
        super().__init__()
        self.shift = shift
        self.owner = owner

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Markdown's API
        # before toc (priority 5) so that anchors are made for the shifted headings
        md.treeprocessors.register(_DataNoteExtension(md, self.shift), "pn_shift_headings", 6)
        md.treeprocessors.register(_JoinCjkLines(md), "pn_join_cjk_lines", 4)
        md.treeprocessors.register(_ResolveLinks(md, self.owner), "pn_resolve_links", 3)


class DataMarkdown:
    """Converts Markdown from the data file with the site's own extensions, then sanitises it."""

    def __init__(self, config: MkDocsConfig) -> None:
        # set by the renderer for the page being rendered: (folder, id) -> relative URL
        self.resolve: Callable[[str, str], str] | None = None
        extensions = [e for e in config.markdown_extensions if e != "pymdownx.snippets"]
        self._md = markdown.Markdown(
            extensions=[*extensions, DataNoteExtension(2, self)],
            extension_configs={k: v for k, v in config.mdx_configs.items() if k in extensions},
        )

    def block(self, text: str | None) -> Markup:
        """Markdown to safe HTML."""
        if not text:
            return Markup("")
        self._md.reset()
        return Markup(sanitize(self._md.convert(text)))

    def inline(self, text: str | None) -> Markup:
        """Markdown for a single line: the same, without the surrounding paragraph."""
        html = str(self.block(text)).strip()
        if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
            html = html[3:-4]
        return Markup(html)


class Renderer:
    """Renders the project's templates for a given page, with links relative to it."""

    def __init__(self, config: MkDocsConfig, context: dict[str, Any]) -> None:
        self.markdown = DataMarkdown(config)
        self.files: dict[str, File] = {}
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(TEMPLATES),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters.update(
            md=self.markdown.block,
            md_inline=self.markdown.inline,
            longdate=longdate,
            month_name=lambda m: MONTH_NAMES[m],
            weekday=lambda d: d.strftime("%a"),
            plural=plural,
        )
        self.env.globals.update(context)

    def url(self, page: File, target: str, ident: str | None = None) -> str:
        """Relative URL from ``page`` to a docs file, or to a generated page by kind and id."""
        src = target if ident is None else f"{target}/{ident}.md"
        file = self.files.get(src)
        if file is None:
            raise jinja2.UndefinedError(f"no page '{src}' in this site")
        return file.url_relative_to(page)

    def asset(self, page: File, src: str) -> str:
        """URL of an image: web addresses as they are, docs paths relative to the page."""
        if src.startswith(("http://", "https://")):
            return src
        return get_relative_url(src, page.url)

    def render(self, template: str, page: File, **context: Any) -> str:
        """Render ``template`` for ``page``; the result is one raw HTML block."""
        self.markdown.resolve = partial(self.url, page)
        try:
            html = self.env.get_template(template).render(
                url=partial(self.url, page), asset=partial(self.asset, page), **context
            )
        finally:
            self.markdown.resolve = None
        return html.strip() + "\n"


def overlay_html(problems: list[Problem]) -> str:
    """The development server's banner listing the data's problems (escaped like every template)."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, undefined=jinja2.StrictUndefined)
    errors = sum(not p.warning for p in problems)
    return env.get_template("overlay.html").render(problems=problems, errors=errors, warnings=len(problems) - errors)


def plural(count: int, singular: str, many: str | None = None) -> str:
    """'1 paper', '2 papers'; ``many`` for irregular plurals."""
    return singular if count == 1 else (many or singular + "s")


def longdate(value: dt.date) -> str:
    """'1 September 2024'."""
    return f"{value.day} {MONTH_NAMES[value.month]} {value.year}"
