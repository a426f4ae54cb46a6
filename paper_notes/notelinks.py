"""Links inside Markdown fields: ``[LoRA](paper:lora)`` names a paper by id; other targets are checked.

``paper:``, ``topic:``, ``collection:`` and ``journal:`` links are resolved to the
page of that record when a note is rendered, and validated with the rest of the data,
so a link to a paper that does not exist fails the build. Web links must be
well-formed http(s) or mailto; any other scheme (``javascript:``, ``data:``,
``file:``...) is refused. A relative link (``assets/plot.png``, ``papers/lora/``) is read from the
docs folder, as a figure's ``src`` is, and must name a page or a file of the site.
"""
from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .model import LINKABLE, LISTING_PAGES

WEB_SCHEMES = {"http", "https", "mailto"}

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,}).*?^ {0,3}\1[^\S\n]*$", re.M | re.S)
_CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.S)
_INLINE = re.compile(r"\]\(\s*<?([^\s)>]+)")
_REFERENCE = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*<?([^\s>]+)>?", re.M)
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*)>")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")

def link_targets(markdown: str) -> list[str]:
    """Every link and image target in Markdown text, outside code blocks and code spans."""
    text = _CODE_SPAN.sub("", _FENCE.sub("", markdown))
    found = [m.group(1) for pattern in (_INLINE, _REFERENCE, _AUTOLINK) for m in pattern.finditer(text)]
    return found


_INTERNAL = re.compile(rf"({'|'.join(LINKABLE)}):([^#?\s]+)(#[^\s]*)?")


def internal_target(href: str) -> tuple[str, str, str] | None:
    """(scheme, id, #fragment) for a ``paper:id``-style link, or None for any other link."""
    match = _INTERNAL.fullmatch(href)
    if not match:
        return None
    return match.group(1), match.group(2), match.group(3) or ""


def check_target(href: str, known: dict[str, set[str]]) -> str | None:
    """Why a link target is not allowed, or None if it is fine."""
    internal = internal_target(href)
    if internal is not None:
        kind, ident, _ = internal
        if ident not in known.get(kind, set()):
            return f"links to {kind} '{ident}', which does not exist"
        return None
    scheme = _SCHEME.match(href)
    if scheme is None:
        return None  # a relative link or an #anchor
    name = scheme.group(1).lower()
    if name in LINKABLE:
        return f"link '{href}' has no id: write {name}:<id>"
    if name not in WEB_SCHEMES:
        return f"link to '{href[:60]}' is not allowed: use http(s), mailto, or paper:<id>"
    if name in ("http", "https"):
        parts = urlsplit(href)
        if not parts.netloc or "." not in parts.netloc and parts.hostname != "localhost":
            return f"link '{href[:60]}' is not a well-formed web address"
    return None


def relative_path(href: str) -> str | None:
    """The site path a relative link names, read from the docs folder ('papers/lora/', 'assets/x.png', '' for
    the home page); None for a web link, a ``paper:``-style link or an anchor on the same page."""
    if not href or href.startswith(("#", "//")) or _SCHEME.match(href):
        return None
    path = unquote(re.split(r"[?#]", href, maxsplit=1)[0])
    trailing = "/" if path.endswith("/") else ""
    path = posixpath.normpath(path.lstrip("/"))
    return "" if path == "." else path + trailing


def check_relative(path: str, docs_dir: Path, pages: Mapping[str, tuple[str, set[str]]]) -> str | None:
    """Why a relative link's path (from ``relative_path``) names nothing on the site, or None if it names a page or a file.

    ``pages`` maps a folder of generated pages ('papers') to its link scheme and the ids it holds.
    """
    if path == "":
        return None
    bare = path.rstrip("/").removesuffix(".md")
    if not path.startswith("../") and path != "..":
        folder, _, ident = bare.rpartition("/")
        if folder in pages and ident in pages[folder][1]:
            return None
        if f"{bare}.md" in LISTING_PAGES or f"{bare}/index.md" in LISTING_PAGES:
            return None  # a listing page: the site's own, or the one the plugin writes for it
        source = docs_dir / path
        if (source.is_file() and not path.endswith("/")) or (source / "index.md").is_file() or (docs_dir / f"{bare}.md").is_file():
            return None
    name = bare.rpartition("/")[2]
    schemes = [scheme for scheme, ids in pages.values() if name in ids]
    hint = f"; did you mean `{schemes[0]}:{name}`?" if schemes else ""
    return (
        f"relative link '{path}' names no page or file of the site (a relative link is read from the docs folder,"
        f" whatever page shows it){hint}"
    )
