"""Hostile data for the security tests: XSS vectors, template injection, and a checker for built HTML.

The vectors follow the OWASP XSS filter evasion cheat sheet; every one that could run
calls alert(1337), so the checker can tell our own scripts from injected ones.
"""
from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import yaml

MARKER = "1337"

XSS_VECTORS = [
    "<SCRIPT SRC=https://xss.example/xss.js></SCRIPT>",
    "javascript:/*--></title></style></textarea></script></xmp><svg/onload='+/\"/+/onmouseover=1/+/[*/[]/+alert(1337)//'>",
    '<IMG SRC="javascript:alert(1337);">',
    "<IMG SRC=JaVaScRiPt:alert(1337)>",
    "<IMG SRC=`javascript:alert(1337)`>",
    '<a onmouseover="alert(1337)">xxs link</a>',
    '<IMG """><SCRIPT>alert(1337)</SCRIPT>"\\>',
    '<IMG SRC=# onmouseover="alert(1337)">',
    '<IMG SRC=/ onerror="alert(1337)"></img>',
    "<img src=x onerror=\"&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112"
    "&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000049&#0000051&#0000051"
    "&#0000055&#0000041\">",
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;"
    "&#40;&#49;&#51;&#51;&#55;&#41;>",
    '<IMG SRC="jav\tascript:alert(1337);">',
    '<IMG SRC="jav&#x09;ascript:alert(1337);">',
    '<IMG SRC=" &#14;  javascript:alert(1337);">',
    '<SCRIPT/XSS SRC="https://xss.example/xss.js"></SCRIPT>',
    "<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert(1337)>",
    "<<SCRIPT>alert(1337);//\\<</SCRIPT>",
    "<iframe src=https://xss.example/scriptlet.html <",
    "</TITLE><SCRIPT>alert(1337);</SCRIPT>",
    '<INPUT TYPE="IMAGE" SRC="javascript:alert(1337);">',
    '<BODY BACKGROUND="javascript:alert(1337)">',
    '<STYLE>li {list-style-image: url("javascript:alert(1337)");}</STYLE><UL><LI>XSS</br>',
    "<svg/onload=alert(1337)>",
    "<svg><script>alert(1337)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1337)"><text x="20" y="20">XSS</text></a></svg>',
    '<LINK REL="stylesheet" HREF="javascript:alert(1337);">',
    '<META HTTP-EQUIV="refresh" CONTENT="0;url=javascript:alert(1337);">',
    '<IFRAME SRC="javascript:alert(1337);"></IFRAME>',
    '<FRAMESET><FRAME SRC="javascript:alert(1337);"></FRAMESET>',
    '<DIV STYLE="background-image: url(javascript:alert(1337))">div</DIV>',
    '<DIV STYLE="width: expression(alert(1337));">div</DIV>',
    '<BASE HREF="javascript:alert(1337);//">',
    '<OBJECT TYPE="text/x-scriptlet" DATA="https://xss.example/scriptlet.html"></OBJECT>',
    '<EMBED SRC="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMTMzNyk+" type="image/svg+xml"></EMBED>',
    '<a href="javascript:alert(1337)">click</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxMzM3KTwvc2NyaXB0Pg==">data</a>',
    "<details open ontoggle=alert(1337)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1337)></style></mglyph></table></mtext></math>",
    '"><script>alert(1337)</script>',
    "'';!--\"<XSS>=&{()}",
    '<form action="javascript:alert(1337)"><button>go</button></form>',
    '<img src="x" onerror="alert(1337)" style="display:none">',
    '<p title="&lt;/p&gt;&lt;script&gt;alert(1337)&lt;/script&gt;">quoted</p>',
]

TEMPLATE_VECTORS = [
    "{{ cycler.__init__.__globals__.os.getcwd() }}",
    "{% for x in range(3) %}loop{% endfor %}",
    "{# a Jinja comment #}",
    "{{ 6 * 111111 }}",
]

ALL_VECTORS = XSS_VECTORS + TEMPLATE_VECTORS


def markdown_payload() -> str:
    """Every vector as raw HTML in Markdown, plus template syntax in code, inline code and math."""
    parts = [*ALL_VECTORS]
    parts.append("```python\n{{ cycler.__init__.__globals__.os.getcwd() }}\n<script>alert(1337)</script>\n```")
    parts.append("Inline `{{ 6 * 111111 }}` and `{% raw %}` and math $\\{{x}}^{2}$ and $$ {% if %} $$")
    return "\n\n".join(parts)


def hostile_data() -> str:
    """A valid data file whose every text field carries the vectors."""
    md = markdown_payload()
    one_line = " ".join(v.replace("\n", " ") for v in ALL_VECTORS)
    papers = []
    for index, vector in enumerate(ALL_VECTORS):
        papers.append(
            {
                "id": f"p{index}",
                "title": vector,
                "aliases": [vector, "alias " + vector],
                "authors": [vector, "Ada Lovelace"],
                "venue": vector,
                "org": [vector],
                "summary": vector,
                "topics": ["t"],
                "read": "2024-01-02",
                "notes": {vector: md, "gap": vector},
                "body": md,
                "figures": [{"src": "https://example.org/x.png", "caption": vector, "alt": vector}],
                "related": [f"p{(index + 1) % len(ALL_VECTORS)}"],
            }
        )
    data = {
        "topics": [{"id": "t", "name": one_line, "description": md}],
        "papers": papers,
        "log": [{"date": "2024-01-02", "title": one_line, "body": md, "papers": ["p0"]}],
        "collections": [
            {
                "id": "c",
                "title": one_line,
                "intro": md,
                "items": [{"paper": "p1", "comment": md, "section": one_line}],
            }
        ],
        "todo": [{"text": vector, "items": [{"text": vector}]} for vector in ALL_VECTORS[:5]],
    }
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)


DANGEROUS_TAGS = {
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "link", "meta",
    "style", "form", "input", "button", "svg", "math", "body", "html", "textarea", "xmp",
}  # fmt: skip
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "background", "dynsrc", "lowsrc", "poster"}
BAD_SCHEME = re.compile(r"^(javascript|vbscript|data):", re.I)
# What our own templates draw inside a generated block, known by tag and class: the papers table's
# filter form and the charts. Data cannot add these (it cannot add tags at all); the finder must not
# flag them, and still flags any other form or svg.
OUR_WIDGETS = {("form", "pn-filters"), ("svg", "pn-columns"), ("svg", "pn-rows"), ("svg", "pn-heatmap")}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def _url_is_dangerous(value: str) -> bool:
    """As a browser reads it (WHATWG URL): trim C0 controls and spaces, drop tabs and newlines."""
    cleaned = re.sub(r"[\t\n\r]", "", html.unescape(value).strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\x0b\x0c\r\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f "))
    return bool(BAD_SCHEME.match(cleaned))


class UnsafeFinder(HTMLParser):
    """Lists what could execute: in data areas, any risky tag, handler, style or URL; anywhere, marked scripts."""

    def __init__(self, whole_is_data: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.whole_is_data = whole_is_data
        self.depth = 0  # >0 while inside a generated .pn-page block
        self.in_script = False
        self.in_widget = 0  # >0 inside one of OUR_WIDGETS

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {k.lower(): v or "" for k, v in attrs}
        if self.depth and tag not in VOID:
            self.depth += 1
        elif not self.depth and tag == "div" and "pn-page" in attributes.get("class", ""):
            self.depth = 1
        in_data = self.whole_is_data or self.depth > 0
        if tag == "script":
            self.in_script = True
            if MARKER in attributes.get("src", ""):
                self.found.append(f"<script src={attributes['src']}>")
        for name, value in attributes.items():
            if name.startswith("on") and (in_data or MARKER in value):
                self.found.append(f"<{tag} {name}={value!r}>")
            if name in URL_ATTRIBUTES and _url_is_dangerous(value):
                self.found.append(f"<{tag} {name}={value!r}>")
            if in_data and name == "style" and not re.fullmatch(r"\s*text-align:\s*\w+;?\s*", value):
                self.found.append(f"<{tag} style={value!r}>")
        ours = tag == "input" and attributes.get("type") == "checkbox" and (
            "disabled" in attributes  # task lists
            or (attributes.get("id") == "__toc" and attributes.get("class") == "md-toggle")  # what the sidebar names
        )
        widget = (tag, attributes.get("class", "").split(" ")[0]) in OUR_WIDGETS
        if widget or (self.in_widget and tag not in VOID):
            self.in_widget += 1
        ours = ours or widget or (self.in_widget > 0 and tag in {"select", "option", "label"})
        if in_data and tag in DANGEROUS_TAGS and not ours:
            self.found.append(f"<{tag}> in generated content")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self.in_script = False
        if self.depth and tag not in VOID:
            self.depth -= 1
        if self.in_widget and tag not in VOID:
            self.in_widget -= 1

    def handle_data(self, data: str) -> None:
        if self.in_script and MARKER in data:
            self.found.append(f"script running {data[:60]!r}")


def unsafe_parts(page: str, whole_is_data: bool = False) -> list[str]:
    """What in a built page (or an HTML fragment) could execute code that came from the data."""
    finder = UnsafeFinder(whole_is_data)
    finder.feed(page)
    finder.close()
    return finder.found
