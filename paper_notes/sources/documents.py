"""Markdown documents as a source of papers: READMEs, blog posts, reading logs and digests.

``read_documents`` reads one file the way a person skims it. It first tells the document's
shape from its content, then hands it to the reader for that shape:

- key-value: blocks of ``title: ...`` followed by more ``key: value`` lines;
- digest: numbered citations (``1. Title. Venue, 2023.``) with bullets beneath each;
- blog: plain text whose papers are lines like ``Title (https://arxiv.org/pdf/...)``;
- markdown: anything else, parsed with markdown-it: headings, lists, tables, paragraphs.

Each shape reader turns the text into drafts: a ``Found`` plus what is needed to finish it
(its notes as written, the heading date above it, how sure we are that it is a paper). The
drafts are then finished the same way for every shape: weak candidates kept or skipped,
heading dates applied, notes split into sections, the same paper listed twice merged into
one, mentions of other papers named, the default status applied.
"""

from __future__ import annotations

import codecs
import html
import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal
from urllib.parse import unquote, urlsplit

import yaml
from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from ..identifiers import (
    ARXIV_NEW,
    ARXIV_OLD,
    NotAnIdentifier,
    arxiv_in_text,
    bare_arxiv,
    clean_doi,
    is_preprint_server,
    parse_reference,
)
from ..importing import normal_title
from ..model import suggest_slug
from .base import ROLES, Found, Hints, Skipped, Source, SourceUnreadable
from .common import (
    CHECKED,
    PAPER_HOSTS,
    STATUSES,
    UNCHECKED,
    WrittenDate,
    find_date,
    fold_name,
    front_matter,
    host_of,
    link_key,
    loose_date,
    on_host,
    rating,
    role_of,
    split_authors,
    split_list,
)

MAX_BYTES = 5_000_000  # the largest READMEs and logs are well under 1 MB; parsing runs at about 1 MB a second
MAX_NOTES_FILE_BYTES = 2_000_000
MAX_TITLE = 300  # characters; longer "titles" are sentences
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")
TEXT_SUFFIXES = (".txt", ".text", "")

Shape = Literal["key-value", "digest", "blog", "markdown"]


# ---------------------------------------------------------------------------
# Entry points


def read_documents(path: Path, hints: Hints) -> Source:
    """Every paper a Markdown or plain-text document lists, in document order, with what was left out and why."""
    text = _read_text(path)
    reader = _Reader(path, hints)
    shape = document_shape(text)
    if shape == "key-value":
        _read_key_value(text, reader)
    elif shape == "digest":
        _read_digest(text, reader)
    elif shape == "blog":
        _read_blog(text, reader)
    else:
        _MarkdownReader(text, reader).read()
    found = reader.finish()
    if not found and text.strip():
        reader.warnings.append(f"{path.name}: no papers found (read as a {shape} document)")
    return Source("markdown", path, found, reader.skipped, reader.warnings)


def looks_like_documents(path: Path) -> bool:
    """Whether auto-detection should read ``path`` as documents: a Markdown file, or text with paper-like items."""
    if not path.is_file():
        return False
    suffix = path.suffix.lower()
    if suffix in MARKDOWN_SUFFIXES:
        return True
    if suffix not in TEXT_SUFFIXES:
        return False
    try:
        with path.open("rb") as handle:
            data = handle.read(1_000_000)
        # the first megabyte may end inside a character: decode as a stream that is not finished
        text = codecs.getincrementaldecoder("utf-8-sig")().decode(data, final=False)
    except (OSError, UnicodeDecodeError):
        return False
    if "\x00" in text:
        return False
    if document_shape(text) != "markdown":
        return True
    ids = len(_ARXIV_URL_IN_TEXT.findall(text)) + len(_DOI_IN_TEXT.findall(text))
    marked = len(re.findall(r"^\s*《[^》\n]{4,}》", text, re.M))
    return ids >= 1 or marked >= 2


def document_shape(text: str) -> Shape:
    """Which reader a document needs, from its content (see the module's docstring)."""
    lines = [line for line in _without_front_matter(text).split("\n") if line.strip()]
    if not lines:
        return "markdown"
    titles = sum(1 for line in lines if _KV_TITLE.match(line))
    pairs = sum(1 for line in lines if _kv_line(line))
    if titles >= 2 and pairs >= 0.5 * len(lines) or titles == 1 and pairs >= 3 and pairs >= 0.8 * len(lines):
        return "key-value"
    markdown_links = sum(1 for line in lines if _MD_LINK_START.search(line))
    digest = sum(1 for line in lines if (item := _digest_item(line)) is not None and item.year)
    if digest >= 2 and digest > markdown_links:
        return "digest"
    blog = sum(1 for line in lines if _blog_title(line))
    if blog >= 2 and blog > markdown_links:
        return "blog"
    return "markdown"


def _read_text(path: Path) -> str:
    """The document's text with '\\n' line ends; SourceUnreadable with one line when it cannot be read as text."""
    try:
        if path.is_dir():
            raise SourceUnreadable(f"{path}: is a folder; give one Markdown or text file")
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise SourceUnreadable(
                f"{path}: {size:,} bytes is too large for a Markdown document (the limit is {MAX_BYTES:,} bytes)"
            )
        data = path.read_bytes()
    except OSError as error:
        raise SourceUnreadable(f"{path}: cannot be read ({error.strerror or error})") from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise SourceUnreadable(f"{path}: is not readable UTF-16 text") from None
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise SourceUnreadable(
                f"{path} is not UTF-8 text (byte {data[error.start]:#04x} at offset {error.start}); save it as UTF-8"
            ) from None
    if "\x00" in text:
        raise SourceUnreadable(f"{path}: looks like a binary file, not a Markdown or text document")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _without_front_matter(text: str) -> str:
    """The text after a leading '---' YAML block, with that block's lines left blank (line numbers stay)."""
    block, body, lines = front_matter(text)
    return "\n" * lines + body if block is not None else text


# ---------------------------------------------------------------------------
# Plain text


_SCRIPT_OPEN = re.compile(r"<(script|style|textarea|iframe|object)\b", re.I)
_TAG = re.compile(r"<!--.*?-->|</?[A-Za-z][^<>]*>", re.S)
_INVISIBLE = re.compile("[\u0000-\u0008\u000b-\u001f\u007f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
_EMPHASIS = re.compile(r"\*{1,3}|(?<![A-Za-z0-9])_{1,3}|_{1,3}(?![A-Za-z0-9])|~~|`+")
_BOOK = re.compile(r"[《》〈〉「」『』]")
_LEADING_MARK = re.compile(r"^(?:\s*(?:[-*+•·▪●◦]|\d{1,3}[.)、]|\(\d{1,3}\)|\[\d{1,3}\]|\[[ xX✓✔]\])\s+)+")
_TRAILING_PUNCT = re.compile(r"[\s.,;:，。；：、|/\\\-–—·]+$")
_LEADING_PUNCT = re.compile(r"^[\s.,;:，。；：、|/\\\-–—·>]+")
_SPACES = re.compile(r"\s+")


def _is_cjk(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff" or "\u3040" <= char <= "\u30ff"


def _strip_scripts(text: str, keep_lines: bool = False) -> str:
    """``text`` without <script>, <style>... elements (an unclosed one runs to the end), in linear time.

    With ``keep_lines`` an element's line breaks stay, so line numbers do not move."""
    lower = text.lower()
    out = []
    at = 0
    for match in _SCRIPT_OPEN.finditer(text):
        if match.start() < at:
            continue
        close = lower.find(f"</{match.group(1).lower()}", match.end())
        end = len(text) if close < 0 else lower.find(">", close) + 1 or len(text)
        out.append(text[at : match.start()])
        out.append("\n" * text.count("\n", match.start(), end) if keep_lines else " ")
        at = end
        if close < 0:
            break
    out.append(text[at:])
    return "".join(out)


def _plain(text: str) -> str:
    """One line of plain text from Markdown or HTML: no tags (nor what scripts hold), entities decoded, spaces folded."""
    for _ in range(2):  # twice: '&lt;script&gt;' decodes to a tag
        if "<" in text:
            text = _TAG.sub(" ", _strip_scripts(text))
        if "&" in text:
            text = html.unescape(text)
    text = _INVISIBLE.sub("", text)
    return _SPACES.sub(" ", text).strip()  # \s covers no-break, thin and ideographic spaces


def _clean_title(text: str) -> str:
    """A title as the data wants it: plain, no Markdown marks, no 《》, no list marker, no trailing punctuation."""
    text = _plain(text)
    text = _EMPHASIS.sub("", text)
    text = _BOOK.sub(" ", text)
    text = re.sub(r"\[\s*\]|【\s*】|\(\s*\)(?!\s*:)", " ", text)  # what '[[paper](...)]' leaves; not 'LLM.int8():'
    text = _LEADING_MARK.sub("", text)
    text = _SPACES.sub(" ", text)
    text = _TRAILING_PUNCT.sub("", _LEADING_PUNCT.sub("", text))
    return text.strip()


_STOPWORDS = frozenset(
    "a an the of for and or on in to with via by from is are at as into over under without vs using its it be do we"
    " you all your our not".split()
)


def _looks_like_title(text: str) -> bool:
    """Whether plain text reads as a paper title (Latin words in title or sentence case), not a note or a to-do."""
    text = text.strip()
    if not text or len(text) > MAX_TITLE or _is_cjk(text[0]):
        return False
    if re.search(r"->|=>|<-|==|https?://|[=+{}<>]", text):
        return False
    words = text.split()
    if len(words) < 2 or len(words) > 40:
        return False
    if not (text[0].isupper() or text[0].isdigit() or text[0] in "\"'“‘(["):
        return False
    alphabetic = [w for w in words if re.search(r"[A-Za-z]", w)]
    if len(alphabetic) < 0.75 * len(words):
        return False
    content = [w for w in alphabetic if w.lower().strip("\"'“”‘’()[]:,.!?") not in _STOPWORDS]
    capitalized = [w for w in content if w.lstrip("\"'“‘([")[:1].isupper() or w[:1].isdigit()]
    if ":" in text and len(words) >= 3:
        return True
    if content and len(capitalized) >= 0.6 * len(content):
        return True
    return len(words) >= 5


def _alias_like(text: str) -> bool:
    """Whether text in brackets after a title is a short name ('Chinchilla', 'Mixtral 8x7B'), not a remark."""
    text = text.strip()
    words = text.split()
    if not words or len(words) > 3 or len(text) > 30:
        return False
    if re.fullmatch(r"(?:19|20)\d{2}", text) or _venue_like(text):
        return False
    if any(_is_cjk(c) for c in text) or re.search(r"[.,;:!?]$", text):
        return False
    if any(w.isalpha() and w.islower() and len(w) > 1 for w in words):
        return False
    return bool(re.search(r"[A-Z0-9]", text))


def _split_list(text: str) -> list[str]:
    """'a, b; c and d' -> ['a', 'b', 'c', 'd']."""
    pieces = re.split(r"\s*(?:[,;，；、]|\band\b|&)\s*", _plain(text))
    return [p.strip() for p in pieces if p.strip()]


# ---------------------------------------------------------------------------
# Dates


_DATE_FILLER = re.compile(
    r"\b(?:week(?:ly)?|w\d{1,2}|of|the|on|in|from|to|until|read(?:ing)?|log|notes?|papers?|day|daily|monthly|month"
    r"|year|updates?|mon(?:day)?|tue(?:sday)?|wed(?:nesday)?|thu(?:rsday)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)\b"
    r"|第|周[一二三四五六日天]?|星期[一二三四五六日天]|阅读|论文|记录|笔记|月份|[\d\s\W_]",
    re.I,
)


_WEEK = re.compile(r"^(?:(?:19|20)\d{2}\s*[-/]?\s*)?(?:week|wk|w)\s*\d{1,2}$|^第\s*\d{1,2}\s*周$", re.I)


def _heading_date(text: str) -> WrittenDate | None:
    """The date a heading is ('2024.9.1', 'March 2024', '2024年9月1日', 'Week of 2024-03-18', 'Week 12'), or None."""
    if _WEEK.match(text.strip()):
        return WrittenDate("", "period")
    found = find_date(text)
    if found is None:
        return None
    date, start, end = found
    rest = text[:start] + " " + text[end:]
    if _DATE_FILLER.sub("", rest).strip():
        return None  # the heading says more than a date: 'Papers on GPT-4 (2023)' is a topic
    second = find_date(rest)
    if date.kind == "day" and second is not None and second[0].kind == "day":
        return WrittenDate("", "period")  # a range of days: '2024-03-18 ~ 2024-03-24'
    return date


# ---------------------------------------------------------------------------
# Links


LinkKind = Literal["arxiv", "doi", "link", "notes", "anchor", "ignore"]


@dataclass(frozen=True)
class _Url:
    """What a link is to a paper: its arXiv id, its DOI, a link of some kind, a notes file, or nothing."""

    kind: LinkKind
    value: str = ""  # the id, the DOI, the URL, or the relative path
    key: str = ""  # for a link: 'code', 'pdf', 'blog'...
    strong: bool = False  # evidence enough that the item is a paper


_ARXIV_PATH = re.compile(
    rf"^/(?:abs|pdf|html|format|papers|paper|overview)/(?P<id>{ARXIV_NEW}|{ARXIV_OLD})(?:v\d+)?(?:\.pdf)?/?$", re.I
)
_ARXIV_HOSTS = (
    "arxiv.org",
    "export.arxiv.org",
    "ar5iv.org",
    "ar5iv.labs.arxiv.org",
    "alphaxiv.org",
    "arxiv-vanity.com",
)
_DOI_IN_PATH = re.compile(r"(?:^|/)(10\.\d{4,9}/[^?#\s]+?)(?:/(?:abstract|full|pdf|epdf|fulltext|meta))?/?$")
_KIND_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("code", ("code", "github", "repo", "repository", "source", "pytorch", "tensorflow", "jax", "implementation", "official code", "代码", "源码")),
    ("pdf", ("pdf",)),
    ("paper", ("paper", "full text", "arxiv", "abs", "论文", "原文", "doi")),
    ("project", ("project", "project page", "website", "homepage", "home page", "page", "site", "主页", "项目", "项目主页")),
    ("blog", ("blog", "post", "blog post", "article", "zhihu", "知乎", "博客", "解读")),
    ("video", ("video", "youtube", "talk", "bilibili", "视频", "讲解")),
    ("slides", ("slides", "slide", "ppt", "poster")),
    ("demo", ("demo", "colab", "notebook", "space", "playground")),
    ("data", ("data", "dataset", "datasets", "benchmark", "数据", "数据集")),
    ("model", ("model", "models", "weights", "checkpoint", "checkpoints", "huggingface", "hf", "模型")),
    ("openreview", ("openreview", "reviews")),
    ("papers-with-code", ("papers with code", "paperswithcode", "pwc")),
    ("bibtex", ("bib", "bibtex", "cite", "citation")),
    ("notes", ("notes", "note", "笔记", "summary", "review")),
    ("link", ("link", "links", "url", "here", "链接", "地址")),
)  # fmt: skip


def _kind_word(label: str) -> str | None:
    """The link key a link's text names ('Code' -> 'code', '[PDF]' -> 'pdf'), or None if the text is a title."""
    text = re.sub(r"[\[\]()【】（）:：|]", " ", _plain(label)).strip().lower()
    text = re.sub(r"^[^\w\u4e00-\u9fff]+|[^\w\u4e00-\u9fff]+$", "", text)
    if not text:
        return "link"
    for key, words in _KIND_WORDS:
        if text in words:
            return key
    if re.fullmatch(r"https?://\S+|www\.\S+", text) or bare_arxiv(text) or arxiv_in_text(text) or clean_doi(text):
        return "link"
    return None


def _classify_url(url: str) -> _Url:
    """What a link's target is (an arXiv id, a DOI, a link of some kind, a local notes file...)."""
    url = url.strip()
    if not url or url.startswith("#"):
        return _Url("anchor")
    try:
        parts = urlsplit(url)
    except ValueError:
        return _Url("ignore")
    if not parts.scheme and not parts.netloc:
        path = unquote(parts.path)
        if path.lower().endswith((".md", ".markdown")):
            return _Url("notes", path)
        return _Url("ignore")
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or re.search(r"\s", url) or len(url) > 2000:
        return _Url("ignore")
    host = host_of(url)
    path = unquote(parts.path)
    if on_host(host, _ARXIV_HOSTS) or host == "huggingface.co" and path.startswith("/papers/"):
        match = _ARXIV_PATH.match(path)
        if match:
            return _Url("arxiv", match["id"], strong=True)
    if host in ("doi.org", "dx.doi.org"):
        return _doi_url(path.lstrip("/"), url)
    match = _DOI_IN_PATH.search(path)
    if match and clean_doi(match.group(1)):
        return _doi_url(match.group(1), url)
    return _Url("link", url, link_key(host, path), strong=_link_strong(host, path))


def _doi_url(doi: str, url: str) -> _Url:
    """A DOI link: its DOI, or the arXiv id of an arXiv DOI (10.48550/arXiv.2106.09685)."""
    try:
        ref = parse_reference(doi)
    except NotAnIdentifier:
        return _Url("link", url, "doi")
    return _Url("arxiv" if ref.kind == "arxiv" else "doi", ref.value, strong=True)


def _link_strong(host: str, path: str) -> bool:
    return (
        path.lower().endswith(".pdf")
        or on_host(host, PAPER_HOSTS)
        or host == "huggingface.co"
        and path.startswith("/papers/")
    )


@dataclass(frozen=True)
class _Badge:
    """What a shields.io badge says about its paper."""

    date: WrittenDate | None = None
    read: bool = False  # a 'read' badge: the date is when it was read
    venue: str | None = None
    arxiv: str | None = None
    code: str | None = None


def _badge(src: str) -> _Badge | None:
    """A badge's date, venue, arXiv id or repository ('/badge/12.2023-08a045' -> December 2023), or None."""
    try:
        parts = urlsplit(src)
    except ValueError:
        return None
    if host_of(src) not in ("img.shields.io", "shields.io", "badgen.net", "flat.badgen.net"):
        return None
    path = unquote(parts.path)
    stars = re.match(
        r"^/github/(?:stars|forks|watchers|last-commit|license|issues|v/release)/([\w.-]+)/([\w.-]+)", path
    )
    if stars:
        return _Badge(code=f"https://github.com/{stars[1]}/{stars[2]}")
    if not path.startswith("/badge/"):
        return None
    content = re.sub(r"\.(?:svg|png)$", "", path.removeprefix("/badge/"))
    pieces = [p.replace("\0", "-").replace("_", " ").strip() for p in content.replace("--", "\0").split("-")]
    if len(pieces) >= 3:
        label, message = pieces[0], "-".join(pieces[1:-1])
    else:
        label, message = "", pieces[0]
    date = find_date(message) if label.lower() != "arxiv" else None
    badge = _Badge(
        date=date[0] if date else None,
        read=bool(re.search(r"read|阅读|读", label, re.I)),
        venue=f"{label} {date[0].value[:4]}" if date and label and _venue_like(label) else None,
        arxiv=bare_arxiv(message) if label.lower() == "arxiv" else None,
    )
    return badge if badge != _Badge() else None


# ---------------------------------------------------------------------------
# Citations: 'Title. Authors. Venue, 2023.'


_VENUES = frozenset(
    "iclr neurips nips icml cvpr iccv eccv acl emnlp naacl eacl coling aaai ijcai kdd www sigir wsdm cikm recsys tpami"
    " pami jmlr tmlr tacl ijcv tip tog siggraph nature science pnas icassp interspeech miccai wacv bmvc 3dv uai"
    " aistats colt icra iros rss corl chi uist mlsys osdi sosp nsdi vldb sigmod icde icdm sdm ecml tkde tnnls"
    " findings lrec conll iclr-w ieee acm".split()
)
_VENUE_WORDS = re.compile(r"\b(?:conference|journal|proceedings|transactions|workshop|symposium|findings)\b", re.I)
_ORG_WORDS = re.compile(
    r"\b(?:research|labs?|laboratory|ai|university|institute|group|team|inc|corp|google|meta|deepmind|microsoft|openai"
    r"|facebook|fair|nvidia|amazon|apple|baidu|alibaba|tencent|bytedance|huawei|salesforce|ibm|intel|adobe|anthropic)\b",
    re.I,
)


def _venue_like(text: str) -> bool:
    first = re.split(r"[\s'’,\d]", text.strip(), maxsplit=1)[0].lower()
    return first in _VENUES or bool(_VENUE_WORDS.search(text))


@dataclass
class _Citation:
    """A plain title line taken apart."""

    title: str
    aliases: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    venue: str | None = None
    org: list[str] = field(default_factory=list)
    year: str | None = None
    remark: str = ""  # what follows the title that is not part of it ('2014年，提出了GRU')
    marked: bool = False  # the title was written in 《》


_CITATION = re.compile(r"^(?P<head>.+?[.?!])\s+(?P<venue>[^.?!\n]{2,80}?)[,，]?\s*(?P<year>(?:19|20)\d{2})\.?$")
_CITATION_YEAR = re.compile(r"^(?P<head>.+?[.?!])\s+(?P<year>(?:19|20)\d{2})\.?$")
_NAME = re.compile(
    r"^(?:[A-Z][\w'’-]*\.?|[A-Z]\.|de|van|der|von|la|le|da|di)(?:\s+(?:[A-Z][\w'’-]*\.?|[A-Z]\.|de|van|der|von|la|le|da|di)){0,4}$"
)


def _authors_like(text: str) -> list[str]:
    """The names in 'A. Smith, B. Jones and C. Lee' or 'Smith et al.', or [] if it is not a list of people."""
    text = re.sub(r"\s*,?\s*et al\.?$", "", text.strip())
    names = [n.strip() for n in re.split(r"\s*(?:,|;|\band\b|&)\s*", text) if n.strip()]
    if not names or not all(_NAME.match(n) and 1 <= len(n.split()) <= 5 for n in names):
        return []
    if len(names) == 1 and len(names[0].split()) < 2:
        return []
    return names


def _citation(text: str) -> _Citation:
    """'Title. Author1, Author2. Venue 2023.' split into its parts; just the title when it is only a title."""
    text = text.strip()
    result = _Citation(text)
    if len(text) > 600:
        return result
    match = _CITATION.match(text) or _CITATION_YEAR.match(text)
    if not match:
        return _comma_citation(text) or result
    groups = match.groupdict()
    head = groups["head"].rstrip(".").strip()
    if len(head.split()) < 2:
        return result
    result.year = groups["year"]
    where = (groups.get("venue") or "").strip().strip(",，")
    people = _authors_like(where) if where else []
    if len(people) >= 2 and not _ORG_WORDS.search(where):
        result.authors = people
    elif where and _venue_like(where):
        result.venue = f"{where} {result.year}" if result.year not in where else where
    elif where and not is_preprint_server(where):
        result.org = [o for o in _split_list(where) if o]
    for cut in (m.start() for m in re.finditer(r"\.\s+", head)):
        authors = _authors_like(head[cut + 1 :])
        if authors and len(head[:cut].split()) >= 2:
            result.authors = result.authors or authors
            head = head[:cut]
            break
    result.title = head
    return result


_COMMA_CITATION = re.compile(r"^(?P<head>.+?)[,，]\s*(?P<venue>[^,，]{2,60}?)[,，]?\s*(?P<year>(?:19|20)\d{2})\.?$")


def _comma_citation(text: str) -> _Citation | None:
    """'Title, Xiao et al., ICML 2023.' (commas between the parts, a known venue last), or None."""
    match = _COMMA_CITATION.match(text)
    if not match or not _venue_like(match["venue"]):
        return None
    head = match["head"].strip()
    result = _Citation(head, venue=f"{match['venue'].strip()} {match['year']}", year=match["year"])
    authors = re.search(r"[,，]\s*([^,，]+?\s+et\s+al\.?)$", head)
    if authors:
        result.title, result.authors = head[: authors.start()].strip(), []
    else:
        parts = [p.strip() for p in head.split(",")]
        for cut in range(1, len(parts)):
            names = _authors_like(", ".join(parts[cut:]))
            if names and len(" ".join(parts[:cut]).split()) >= 2:
                result.title, result.authors = ", ".join(parts[:cut]), names
                break
    return result if len(result.title.split()) >= 2 else None


def _split_remark(text: str) -> tuple[str, str, str | None]:
    """An English title and the note written after it ('Title 视觉DNN的可解释性', 'Title2014年，提出了GRU'), and a year it gives."""
    if not text or _is_cjk(text[0]) or text[0] in "《（":
        return text, "", None
    year = None
    glued = re.search(r"(?<=[A-Za-z)])((?:19|20)\d{2})年", text)
    cut = len(text)
    if glued:
        cut, year = glued.start(1), glued.group(1)
    for i, char in enumerate(text[:cut]):
        if _is_cjk(char) or char in "（，。；！？【":
            cut = i
            break
    return text[:cut].rstrip(), text[cut:].strip(), year


_PAREN = re.compile(r"\s*[(（]([^()（）]{1,60})[)）]")


@dataclass(frozen=True)
class _Aside:
    """What '(...)' after a title says: the venue with its year, a year, or a short name."""

    venue: str | None = None
    year: str | None = None
    alias: str | None = None


def _aside(inner: str) -> _Aside | None:
    """'(NeurIPS 2020)', '(2020)' or '(Chinchilla)'; None for anything else."""
    date = find_date(inner)
    if _venue_like(inner) and date:
        return _Aside(venue=inner, year=date[0].value[:4])
    if re.fullmatch(r"(?:19|20)\d{2}", inner):
        return _Aside(year=inner)
    return _Aside(alias=inner) if _alias_like(inner) else None


def _split_title(text: str) -> _Citation:
    """A plain title line taken apart: 《》 marks, '(ABBR)Title', 'Title (ABBR)', remarks, 'Title. Venue, 2023.'."""
    text = _LEADING_MARK.sub("", _plain(text))
    text = re.sub(r"\[\s*\]", " ", text).strip()  # what '[[code](...)]' leaves behind
    credited: list[str] = []
    bold = re.search(r"\*\*(.+?)\*\*|__(.+?)__", text)
    if bold and len((bold.group(1) or bold.group(2)).split()) >= 2 and _plain(text[: bold.start()] + text[bold.end() :]).strip(" .,;:-|"):
        # 'Zhang et al. **The Title**. arXiv 2023.': the bold part is the title, the text before it names people
        people = re.sub(r"\bet\s+al\.?", "", text[: bold.start()]).strip(" .,;:-|")
        credited = [p for p in split_authors(people) if len(p.split()) <= 4] if people and not _is_cjk(people[0]) else []
        text = (bold.group(1) or bold.group(2)) + text[bold.end() :]
    text = _EMPHASIS.sub("", text).strip()
    marked = False
    remark = ""
    year = None
    if text.startswith("《"):
        end = text.find("》")
        inner, remark = (text[1:end], text[end + 1 :].strip()) if end > 0 else (text[1:], "")
        text, marked = inner.strip(), True
    else:
        text, remark, year = _split_remark(text)
    aliases = []
    lead = re.match(r"^[(（]([^()（）]{1,20})[)）]\s*(?=\S)", text)
    if lead and _alias_like(lead.group(1)):
        aliases.append(lead.group(1).strip())
        text = text[lead.end() :]
    result = _citation(text)
    while True:
        trailing = re.search(r"\s*[(（]([^()（）]{1,60})[)）]\s*$", result.title)
        if not trailing:
            break
        aside = _aside(trailing.group(1).strip())
        if aside is None:
            break
        result.venue = result.venue or aside.venue
        result.year = result.year or aside.year
        if aside.alias:
            aliases.insert(0, aside.alias)
        result.title = result.title[: trailing.start()]
    result.title = _clean_title(result.title)
    result.aliases = aliases + result.aliases
    result.remark = remark
    result.marked = marked
    result.year = result.year or year
    result.authors = result.authors or credited
    return result


# ---------------------------------------------------------------------------
# Notes: the text under a paper, split into sections where it is labelled


@dataclass
class _Notes:
    sections: dict[str, str] = field(default_factory=dict)
    body: str | None = None
    summary: str | None = None


@dataclass
class _Part:
    """One paragraph, list item or headed section of a paper's notes."""

    first: str  # its first line, without the list marker
    lines: list[str]  # the lines after the first, as written
    item: bool = False  # a list item (or a numbered line)
    heading: bool = False
    label: str | None = None
    content: str = ""


_PART_MARK = re.compile(r"^(?:[-*+•]|\d{1,2}[.)、，,]|[（(]\d{1,2}[)）])\s*")
_LABEL = re.compile(r"^(?P<label>[^:：\n]{1,40}?)\s*[:：]\s*(?P<rest>.*)$", re.S)
_COMMA_LABELS = frozenset(
    "背景 动机 问题 想法 思路 方法 模型 数据 数据集 实验 实验结果 结果 结论 贡献 创新 创新点 总结 不足 局限 评价 感想 思考 启发 亮点 缺点"
    " 优点 核心 核心思想 要点 架构 训练 评估 效果".split()
)
_FENCE = re.compile(r"^\s*(```|~~~)")
_HEADING_LINE = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")


def _label_ok(label: str) -> bool:
    label = label.strip()
    if not label or len(label) > 30 or re.search(r"https?|[.,;!?，。；！？]$|^\d+$|^\d{1,2}:\d{2}", label):
        return False
    if any(_is_cjk(c) for c in label):
        return sum(1 for c in label if _is_cjk(c)) <= 8 and not re.search(r"[，。；]", label)
    return len(label.split()) <= 4 and label[0].isalpha() and "," not in label


def _clean_label(text: str) -> str:
    text = _EMPHASIS.sub("", _plain(text))
    return re.sub(r"\s*\[[^\]]{0,12}\]\s*$", "", text).strip()


def _parts(lines: list[str]) -> list[_Part]:
    """The notes' paragraphs, top-level list items and sections under top-level headings."""
    levels = [len(m.group(1)) for line in lines if (m := _HEADING_LINE.match(line))]
    top = min(levels) if levels else 0
    parts: list[_Part] = []
    fenced = False
    blank = True
    for line in lines:
        if fenced:
            if parts:
                parts[-1].lines.append(line)
            fenced = not _FENCE.match(line)
            continue
        heading = _HEADING_LINE.match(line)
        indented = line[:1] in (" ", "\t")
        if heading and len(heading.group(1)) <= top:
            parts.append(_Part(heading.group(2), [], heading=True))
        elif parts and parts[-1].heading:
            parts[-1].lines.append(line)  # a section runs to the next heading of its level
        elif not line.strip():
            if parts:
                parts[-1].lines.append(line)
        elif parts and (indented or not blank and not _PART_MARK.match(line)):
            parts[-1].lines.append(line)
        else:
            mark = _PART_MARK.match(line)
            parts.append(_Part(line[mark.end() :] if mark else line, [], item=bool(mark)))
        if _FENCE.match(line):
            fenced = True
        blank = not line.strip()
    return parts


def _label(part: _Part) -> None:
    """Find the part's label ('Method: ...', '1，背景：...', 'Summary' over sub-bullets, a heading) and its content."""
    children = textwrap.dedent("\n".join(part.lines)).strip("\n")
    first = _EMPHASIS.sub("", part.first).strip()
    if part.heading:
        part.label, part.content = _clean_label(first) or None, children
        return
    match = _LABEL.match(first)
    if match and _label_ok(_clean_label(match["label"])) and (match["rest"].strip() or children):
        part.label = _clean_label(match["label"])
        part.content = "\n".join(t for t in (match["rest"].strip(), children) if t)
        return
    comma = re.match(r"^(?P<label>[\u4e00-\u9fff]{2,5})[，,]\s*(?P<rest>.+)$", first, re.S)
    if comma and comma["label"] in _COMMA_LABELS:
        part.label = comma["label"]
        part.content = "\n".join(t for t in (comma["rest"].strip(), children) if t)
        return
    label = _clean_label(first)
    nested = [line for line in part.lines if line.strip()]
    if (
        nested
        and all(line[:1] in (" ", "\t") for line in nested)
        and _label_ok(label)
        and not re.search(r"[.:：]$", first)
    ):
        part.label, part.content = label, children


def _lead_in(text: str) -> str:
    """A lead paragraph without its closing 'Key points:' / '要点：'."""
    stripped = text.rstrip()
    if not stripped.endswith((":", "：")):
        return text
    cut = max(stripped.rfind(c) for c in "，,。.;；")
    if cut >= 0 and len(stripped) - cut <= 14:
        return stripped[:cut].rstrip("，, ")
    return text


def _notes(text: str) -> _Notes:
    """A paper's notes: labelled parts become sections, a one-line lead the summary, the rest the body, as written."""
    text = textwrap.dedent(text).strip("\n")
    if not text.strip():
        return _Notes()
    parts = _parts(text.split("\n"))
    for part in parts:
        _label(part)
    labelled = [i for i, part in enumerate(parts) if part.label]
    if not labelled:
        return _Notes(body=text.strip())
    first, last = labelled[0], labelled[-1]
    lead, trail = parts[:first], parts[last + 1 :]
    if any(p.label is None for p in parts[first : last + 1]) or any(p.item for p in lead) or any(p.item for p in trail):
        return _Notes(body=text.strip())
    sections: dict[str, str] = {}
    for part in parts[first : last + 1]:
        assert part.label is not None
        content = part.content.strip()
        if content:
            sections[part.label] = f"{sections[part.label]}\n\n{content}" if part.label in sections else content
    lead_text = _lead_in(_join_parts(lead)).strip()
    summary = None
    if lead_text and "\n" not in lead_text and len(lead_text) <= 300:
        summary, lead_text = _plain(lead_text).rstrip("，,") or None, ""
    body = "\n\n".join(t for t in (lead_text, _join_parts(trail).strip()) if t) or None
    if not sections:
        return _Notes(body=text.strip())
    return _Notes(sections, body, summary)


def _join_parts(parts: Sequence[_Part]) -> str:
    return "\n".join("\n".join([p.first, *p.lines]) for p in parts).strip()


# ---------------------------------------------------------------------------
# Drafts and what every reader shares


@dataclass
class _Draft:
    """A paper as one reader saw it, before it is finished (see ``_Reader.finish``)."""

    found: Found
    evidence: int = 0  # 2: an arXiv id, a DOI or a paper's page; 1: some other link or a marked title; 0: plain text
    task: str | None = None  # ' ' for '- [ ]', 'x' for '- [x]'
    title_like: bool = True
    date: WrittenDate | None = None  # the date heading above it
    period_read: bool = True  # a month or year heading above it is when it was read (else when it was published)
    status_heading: str | None = None
    block: int = 0  # which list, table or paragraph it came from
    list_share: float = 0.0  # the share of its list's items with strong evidence
    notes: list[tuple[int, str]] = field(default_factory=list)  # notes as written, with line numbers
    notes_file: str | None = None
    rest: str = ""  # text on the title line after the title ('- [LoRA](...) - low-rank adapters')
    structured: bool = False  # notes and fields are already final (key-value blocks)
    explicit: bool = (
        False  # the shape says this is a paper (a heading title, a table's title column, a numbered citation)
    )


@dataclass
class _Mention:
    """An arXiv id or DOI written inside notes or prose, not as an item of its own."""

    where: str
    key: str  # 'arxiv:2403.11901' or 'doi:10.1/x'
    owner: _Draft | None


_REPO_DOCUMENT = re.compile(
    r"(?:^|/)(?:docs?/|(?:readme|contributing|license|licence|changelog|changes|history|code_of_conduct|security"
    r"|install|installation|usage|faq|index|support|authors|todo)(?:\.[a-z_-]+)?\.(?:md|markdown)$)",
    re.I,
)


class _Reader:
    """What one read of one document collects (drafts, mentions, skips, warnings), and how drafts are finished."""

    def __init__(self, path: Path, hints: Hints) -> None:
        self.path = path
        self.name = path.name
        self.hints = hints
        self.drafts: list[_Draft] = []
        self.mentions: list[_Mention] = []
        self.skipped: list[Skipped] = []
        self.warnings: list[str] = []

    def where(self, line: int) -> str:
        """'README.md:12'."""
        return f"{self.name}:{line}"

    def add(self, draft: _Draft) -> None:
        """Keep a draft for finishing."""
        self.drafts.append(draft)

    def mentions_in(self, line: int, text: str, owner: _Draft | None) -> None:
        """Note the arXiv ids and DOIs written in a line of notes or prose."""
        for match in _ARXIV_URL_IN_TEXT.finditer(text):
            arxiv = arxiv_in_text(match.group(0))
            if arxiv:
                self.mentions.append(_Mention(self.where(line), f"arxiv:{arxiv}", owner))
        for match in _DOI_IN_TEXT.finditer(text):
            doi = clean_doi(match.group(0).rstrip(".,;)]"))
            if doi and not doi.lower().startswith("10.48550/"):
                self.mentions.append(_Mention(self.where(line), f"doi:{doi.lower()}", owner))

    def finish(self) -> list[Found]:
        """Keep the drafts that are papers, date them, give them their notes, merge repeats, name mentions."""
        strong_blocks = {d.block for d in self.drafts if d.evidence >= 2}
        kept = [d for d in self.drafts if self._accept(d, strong_blocks)]
        for draft in kept:
            self._date(draft)
            if not draft.structured:
                self._notes(draft)
            self._scan(draft)
        found, merged = _merge(kept)
        self._relate(found, merged)
        return found

    def _scan(self, draft: _Draft) -> None:
        """The mentions in a paper's notes: its lines as written, and what tables, blocks and notes files gave it."""
        before = len(self.mentions)
        for number, text in draft.notes:
            self.mentions_in(number, text, draft)
        seen = {m.key for m in self.mentions[before:]}
        line = int(draft.found.where.rpartition(":")[2] or 0)
        at = len(self.mentions)
        for text in [*draft.found.notes.values(), draft.found.body or "", draft.found.summary or ""]:
            self.mentions_in(line, text, draft)
        self.mentions[at:] = [m for m in self.mentions[at:] if m.key not in seen]  # where the notes say it, if they do

    def _accept(self, draft: _Draft, strong_blocks: set[int]) -> bool:
        """Whether a draft is a paper: sure evidence, or a weaker one in a place where papers are listed."""
        title = draft.found.title
        if not title:
            return False
        if len(title) > MAX_TITLE:
            self.skipped.append(
                Skipped(draft.found.where, f"a title of {len(title)} characters is a sentence, not a title")
            )
            return False
        if draft.notes_file and _REPO_DOCUMENT.search(draft.notes_file):
            return False  # a README's own pages: CONTRIBUTING.md, docs/...
        if draft.evidence >= 2 or draft.explicit or draft.notes_file and draft.title_like:
            return True
        # a day of a reading log, or a to-read / read section: what is listed there was read or is to be
        listed = draft.status_heading is not None or draft.date is not None and draft.date.kind == "day"
        if draft.evidence == 1:  # a link that is not a paper's page, or a 《》 title
            if draft.title_like and (draft.block in strong_blocks or listed or draft.date is not None or draft.task):
                return True
            if draft.title_like:
                reason = "a link with no arXiv id, DOI or paper page, and no papers in the same list"
                self.skipped.append(Skipped(draft.found.where, f"'{title}': {reason}"))
            return False
        if draft.title_like and (listed or draft.list_share >= 0.5):
            return True
        if draft.task and listed and len(title.split()) >= 3 and not _is_cjk(title[0]):
            self.skipped.append(
                Skipped(draft.found.where, f"'{title}': a to-do item that does not read as a paper title")
            )
        return False

    def _date(self, draft: _Draft) -> None:
        """Status and dates from the item's check box, the heading above it and its section."""
        paper = draft.found
        if draft.task == "x":
            paper.status = "read"
        elif draft.task == " ":
            paper.status = "to-read"
        elif draft.status_heading and paper.status is None:
            paper.status = draft.status_heading
        date = draft.date
        if date is not None:
            if date.kind == "day":
                if paper.status == "to-read":
                    paper.added = paper.added or date.value  # planned that day
                elif not paper.read:
                    paper.read = [date.value]
            elif date.kind == "period" or draft.period_read:
                paper.status = paper.status or "read"  # read that month or week; only days are kept
            else:
                paper.published = paper.published or date.value
        if paper.read and paper.status is None:
            paper.status = "read"

    def _notes(self, draft: _Draft) -> None:
        """The text under the item (and the notes file its title links to) as summary, sections and body."""
        paper = draft.found
        if draft.notes_file:
            self._notes_file(draft)
        notes = _notes("\n".join(line for _, line in draft.notes))
        rest = draft.rest.strip()
        if rest and len(rest) <= 300 and not notes.summary and "\n" not in rest:
            notes.summary = rest
        elif rest:
            notes.body = "\n\n".join(t for t in (rest, notes.body) if t)
        for name, content in notes.sections.items():
            paper.notes.setdefault(name, content)
        if notes.body:
            paper.body = "\n\n".join(t for t in (paper.body, notes.body) if t)
        paper.summary = paper.summary or notes.summary

    def _notes_file(self, draft: _Draft) -> None:
        """Bring in the notes file the title links to; a warning, not a failure, when it cannot be read."""
        assert draft.notes_file is not None
        relative = draft.notes_file
        where = draft.found.where
        root = self.path.parent.resolve()
        target = (root / relative).resolve()
        if not target.is_relative_to(root):
            self.warnings.append(f"{where}: {relative} is outside the document's folder; its notes are not read")
            return
        if not target.is_file():
            self.warnings.append(f"{where}: {relative} does not exist; the paper is imported without its notes")
            return
        try:
            if target.stat().st_size > MAX_NOTES_FILE_BYTES:
                raise ValueError("it is larger than 2 MB")
            text = target.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
        except (OSError, UnicodeDecodeError, ValueError) as error:
            self.warnings.append(
                f"{where}: {relative} cannot be read ({error}); the paper is imported without its notes"
            )
            return
        block, rest, _ = front_matter(text)
        if block is not None:
            try:
                meta = yaml.safe_load(block)
            except yaml.YAMLError:
                meta = None
                self.warnings.append(f"{where}: {relative}: its front matter is not valid YAML; it is left out")
            if isinstance(meta, dict):
                _apply_fields(draft.found, {str(k): v for k, v in meta.items()}, self.hints, self.warnings, where)
            text = rest
        text = re.sub(r"\A\s*#\s+[^\n]*\n", "", text)  # its title is the paper's title
        notes = _notes(text)
        draft.found.notes.update(notes.sections)
        draft.found.body = "\n\n".join(t for t in (draft.found.body, notes.body) if t) or None
        draft.found.summary = draft.found.summary or notes.summary

    def _relate(self, found: list[Found], merged: dict[int, Found]) -> None:
        """A paper whose notes mention another found paper is related to it; other mentions are named as skipped."""
        by_key: dict[str, Found] = {}
        for paper in found:
            for key in _merge_keys(paper):
                by_key.setdefault(key, paper)
        named: set[str] = set()
        for mention in sorted(self.mentions, key=lambda m: int(m.where.rpartition(":")[2] or 0)):
            owner = merged.get(id(mention.owner.found)) if mention.owner is not None else None
            other = by_key.get(mention.key)
            if other is not None:
                if owner is not None and other is not owner and other.title not in owner.related:
                    owner.related.append(other.title)
                continue
            if mention.key in named:
                continue
            named.add(mention.key)
            kind, value = mention.key.split(":", 1)
            label = f"arXiv {value}" if kind == "arxiv" else f"DOI {value}"
            context = f" (in the notes of '{owner.title}')" if owner is not None else ""
            self.skipped.append(
                Skipped(mention.where, f"{label} is only mentioned in passing{context}, not listed as a paper")
            )


def _merge(drafts: list[_Draft]) -> tuple[list[Found], dict[int, Found]]:
    """One Found per paper, in order of first appearance, and which Found each draft's paper went into.

    A paper listed twice is merged keeping the richer of each field; a list or table that mostly
    repeats papers listed before (a summary table under a list) adds details but not its topics."""
    blocks: dict[int, list[set[str]]] = {}  # each draft's keys, by block
    for draft in drafts:
        blocks.setdefault(draft.block, []).append(set(_merge_keys(draft.found)))
    repeating = set()
    known: set[str] = set()
    for block, members in blocks.items():
        repeats = sum(1 for member in members if known & member)
        if len(members) >= 2 and repeats >= 0.5 * len(members):
            repeating.add(block)
        for member in members:
            known.update(member)
    found: list[Found] = []
    index: dict[str, Found] = {}
    merged: dict[int, Found] = {}
    for draft in drafts:
        paper = draft.found
        keys = _merge_keys(paper)
        target = next((index[k] for k in keys if k in index and _compatible(index[k], paper)), None)
        if target is None:
            found.append(paper)
            target = paper
        else:
            _merge_into(target, paper, topics=draft.block not in repeating)
            keys = _merge_keys(target)
        merged[id(paper)] = target
        for key in keys:
            index.setdefault(key, target)
    return found, merged


def _norm_url(url: str) -> str:
    parts = urlsplit(url)
    return (host_of(url) + parts.path.rstrip("/") + ("?" + parts.query if parts.query else "")).lower()


def _merge_keys(paper: Found) -> list[str]:
    """What identifies a paper within one document: its arXiv id, DOI, main link and folded title."""
    keys = []
    if paper.arxiv:
        keys.append(f"arxiv:{paper.arxiv}")
    if paper.doi:
        keys.append(f"doi:{paper.doi.lower()}")
    for key in ("paper", "pdf", "blog") + (("code",) if paper.kind == "repo" else ()):
        if key in paper.links:
            keys.append(f"url:{_norm_url(paper.links[key])}")
    title = normal_title(paper.title)
    if len(title) >= 4:
        keys.append(f"title:{title}")
    return keys


def _compatible(a: Found, b: Found) -> bool:
    """Two entries with different arXiv ids or DOIs are different papers, whatever their titles."""
    return not (a.arxiv and b.arxiv and a.arxiv != b.arxiv) and not (a.doi and b.doi and a.doi.lower() != b.doi.lower())


_STATUS_ORDER = (None, "to-read", "skimmed", "reading", "read")  # a later listing can move a paper along, not back


def _merge_into(a: Found, b: Found, topics: bool = True) -> None:
    """Fold ``b`` (a later listing of the same paper) into ``a``, keeping the richer of each field."""
    title_a, title_b = a.title, b.title
    if len(title_b.split()) > len(title_a.split()):
        a.title, title_a, title_b = title_b, title_b, title_a
    for alias in [*b.aliases, *([_short(title_b)] if _short(title_b) else [])]:
        if alias and alias not in a.aliases and normal_title(alias) != normal_title(a.title):
            a.aliases.append(alias)
    if len(b.authors) > len(a.authors):
        a.authors = b.authors
    if b.published and (not a.published or len(b.published) > len(a.published) and b.published.startswith(a.published)):
        a.published = b.published
    a.venue = a.venue or b.venue
    a.org += [o for o in b.org if o not in a.org]
    a.arxiv = a.arxiv or b.arxiv
    a.doi = a.doi or b.doi
    for key, url in b.links.items():
        if url not in a.links.values():
            a.links.setdefault(key, url)
    if topics:
        a.topics += [t for t in b.topics if t not in a.topics]
    a.tags += [t for t in b.tags if t not in a.tags]
    if _rank(b.status) > _rank(a.status):
        a.status = b.status
    a.read = sorted(set(a.read) | set(b.read))
    if b.added and (not a.added or b.added < a.added):
        a.added = b.added
    a.rating = a.rating if a.rating is not None else b.rating
    a.summary = a.summary or b.summary
    for name, text in b.notes.items():
        if name not in a.notes:
            a.notes[name] = text
        elif text not in a.notes[name]:
            a.notes[name] = f"{a.notes[name]}\n\n{text}"
    if b.body and (not a.body or b.body not in a.body):
        a.body = f"{a.body}\n\n{b.body}" if a.body else b.body
    a.related += [r for r in b.related if r not in a.related]
    if a.kind == "paper" and b.kind != "paper" and not a.arxiv:
        a.kind = b.kind


def _rank(status: str | None) -> int:
    return _STATUS_ORDER.index(status) if status in _STATUS_ORDER else 0


def _short(title: str) -> str | None:
    """A listing's title as an alias of the paper: 'InstructGPT (RLHF with GPT-3)' -> 'InstructGPT'."""
    title = re.sub(r"\s*\([^()]*\)\s*$", "", title).strip()
    return title if title and len(title.split()) <= 3 and len(title) <= 30 else None


# ---------------------------------------------------------------------------
# Fields by role (table columns, key-value keys, front matter)


def _role_of(name: str, hints: Hints, number: int | None = None) -> str | None:
    """The role the user gives a column or key (``--column``, by name or number), else the one its name says.

    Names mean what they mean to every reader (``common.NAMES``), except a bare 'Date', which
    the column's content decides: full days in a hand-kept table are the days papers were read."""
    name = fold_name(_EMPHASIS.sub("", _plain(name)))
    for given, role in hints.columns.items():
        if fold_name(given) == name or number is not None and given.strip() == str(number):
            return role
    if name in ("date", "dates", "day"):
        return "date"
    return role_of(name)


def _status_word(text: str) -> str | None:
    """The status a cell or value says: a check mark, an empty box or a word ('done', '在读')."""
    mark = fold_name(_plain(text))
    if mark in CHECKED:
        return "read"
    if mark in UNCHECKED:
        return "to-read"
    return STATUSES.get(mark)


def _apply_fields(paper: Found, fields: dict[str, object], hints: Hints, warnings: list[str], where: str) -> None:
    """Set a paper's fields from a notes file's front matter, by each key's role; keys without one are left out."""
    for key, value in fields.items():
        values = value if isinstance(value, list) else [value]
        text = ", ".join(str(v) for v in values if v is not None)
        role = _role_of(key, hints)
        if role is not None:
            _apply_role(paper, "read" if role == "date" else role, text, key, [], warnings, where)


def _apply_role(
    paper: Found, role: str, text: str, header: str, urls: list[str], warnings: list[str], where: str
) -> None:
    """Set what one value says about a paper, given the value's role."""
    plain = _plain(text)
    if role in ("ignore", "title") or not plain and not urls:
        return
    if role == "authors":
        paper.authors = paper.authors or split_authors(plain)
    elif role in ("published", "date"):
        paper.published = paper.published or loose_date(plain)
    elif role == "venue":
        if not is_preprint_server(plain):
            paper.venue = paper.venue or plain
        if not paper.published and find_date(plain):
            paper.published = loose_date(plain)
    elif role in ("arxiv", "doi", "url", "code", "links"):
        _apply_links(paper, role, plain, urls)
    elif role == "summary":
        if len(plain) <= 300 and not re.search(r"[.!?。！？]\s+\S", plain):
            paper.summary = paper.summary or plain
        else:
            paper.notes.setdefault(_section_name(header, "Summary"), text.strip())
    elif role in ("notes", "abstract"):
        paper.notes.setdefault(_section_name(header, "Notes"), text.strip())
    elif role == "added":
        date = find_date(plain)
        if date and date[0].kind == "day":
            paper.added = paper.added or date[0].value
    elif role in ("read", "done", "status"):
        date = find_date(plain) if role != "status" else None
        if date and date[0].kind == "day":
            paper.read = sorted(set(paper.read) | {date[0].value})
        if date:
            paper.status = "read"  # read on that day, or in that month
        else:
            paper.status = _status_word(plain) or paper.status
    elif role == "topic":
        for topic in split_list(plain):
            path = tuple(p.strip() for p in re.split(r"\s*(?:/|>|›|»)\s*", topic.strip("#")) if p.strip())
            if path and path not in paper.topics:
                paper.topics.append(path)
    elif role in ("tags", "alias", "org"):
        values = {"tags": paper.tags, "alias": paper.aliases, "org": paper.org}[role]
        values += [v.lstrip("#") for v in split_list(plain) if v.lstrip("#") not in values]
    elif role == "rating":
        paper.rating = paper.rating or rating(plain)
    elif role not in ROLES:
        warnings.append(f"{where}: '{role}' is not a role a column can have ({', '.join(ROLES)})")


def _section_name(header: str, default: str) -> str:
    name = _plain(header).strip()
    return name if name and len(name) <= 40 else default


def _apply_links(paper: Found, role: str, plain: str, urls: list[str]) -> None:
    """arXiv ids, DOIs and links from a value: its links, and ids written as text."""
    if not urls:
        urls = [m.group(0).rstrip(".,;)]") for m in _BARE_URL.finditer(plain)]
    for url in urls:
        _add_url(paper, _classify_url(url), "code" if role == "code" else "paper" if role == "url" else None)
    if not paper.arxiv and role in ("arxiv", "url", "links"):
        paper.arxiv = bare_arxiv(plain) or arxiv_in_text(plain)
    if not paper.doi and role in ("doi", "url", "links"):
        doi = clean_doi(plain) or next(
            (clean_doi(m.group(0).rstrip(".,;)]")) for m in _DOI_IN_TEXT.finditer(plain)), None
        )
        if doi:
            try:
                ref = parse_reference(doi)
            except NotAnIdentifier:
                ref = None
            if ref is not None and ref.kind == "arxiv":
                paper.arxiv = paper.arxiv or ref.value
            elif ref is not None:
                paper.doi = ref.value


def _add_url(paper: Found, url: _Url, key: str | None = None, title_link: bool = False) -> None:
    """Put a classified link on a paper: its arXiv id, its DOI, or a link under a slug key."""
    if url.kind == "arxiv":
        paper.arxiv = paper.arxiv or url.value
    elif url.kind == "doi":
        paper.doi = paper.doi or url.value
    elif url.kind == "link":
        if url.value in paper.links.values():
            return
        name = url.key if url.key != "link" or not key else key
        if title_link and name == "link":
            name = "paper"
        if key and url.key in ("link", "paper", "project"):
            name = key
        name = suggest_slug(name) or "link"
        if name in paper.links:
            n = 2
            while f"{name}-{n}" in paper.links:
                n += 1
            name = f"{name}-{n}"
        paper.links[name] = url.value


# ---------------------------------------------------------------------------
# Markdown lines: segments of text, links and images


@dataclass
class _Seg:
    """A piece of an inline: text, a link (with its text and the images inside it), an image, or raw HTML."""

    kind: Literal["text", "link", "image", "html", "break"]
    text: str = ""
    url: str = ""
    images: list[str] = field(default_factory=list)


_HTML_A = re.compile(r"""^<a\s[^>]*?href\s*=\s*["']?([^"'\s>]+)""", re.I)
_HTML_A_END = re.compile(r"^</a\s*>", re.I)
_HTML_IMG = re.compile(r"""<img\s[^>]*?src\s*=\s*["']?([^"'\s>]+)""", re.I)
_BARE_URL = re.compile(r"https?://[^\s<>()（）\[\]\"'，。；、]+")
_ARXIV_URL_IN_TEXT = re.compile(rf"(?:arxiv\.org/(?:abs|pdf|html)/|arxiv:\s*)(?:{ARXIV_NEW}|{ARXIV_OLD})", re.I)
_DOI_IN_TEXT = re.compile(r"\b10\.\d{4,9}/[^\s\"<>()\[\]]+")
_MD_LINK_START = re.compile(r"\]\((?:https?://|\.{0,2}/|[\w-]+\.md)")


def _segments(inline: SyntaxTreeNode | None) -> list[_Seg]:
    """An inline node as a flat list of segments (HTML links and images included)."""
    walker = _InlineWalker()
    if inline is not None:
        walker.walk(inline)
        walker.close()
    return walker.out


class _InlineWalker:
    """Flattens markdown-it's inline tree; a link (Markdown or <a href>) gathers the text and images inside it."""

    def __init__(self) -> None:
        self.out: list[_Seg] = []
        self.link: _Seg | None = None
        self.html_link = False  # the open link is an <a> tag, closed by </a>

    def text(self, text: str) -> None:
        if self.link is not None:
            self.link.text += text
        elif self.out and self.out[-1].kind == "text":
            self.out[-1].text += text
        else:
            self.out.append(_Seg("text", text))

    def image(self, src: str, alt: str) -> None:
        if self.link is not None:
            self.link.images.append(src)
        else:
            self.out.append(_Seg("image", alt, src))

    def close(self) -> None:
        if self.link is not None:
            self.out.append(self.link)
        self.link, self.html_link = None, False

    def walk(self, node: SyntaxTreeNode) -> None:
        for child in node.children:
            kind = child.type
            if kind in ("text", "code_inline"):
                self.text(child.content)
            elif kind in ("softbreak", "hardbreak"):
                if self.link is not None:
                    self.text(" ")
                else:
                    self.out.append(_Seg("break"))
            elif kind == "link":
                self.close()
                self.link = _Seg("link", url=str(child.attrs.get("href", "")))
                self.walk(child)
                self.close()
            elif kind == "image":
                self.image(str(child.attrs.get("src", "")), child.content)
            elif kind == "html_inline":
                self.html(child.content)
            elif kind == "strong" and self.link is None:
                self.text("**")  # kept outside links: a bold title among other text is the title (_split_title)
                self.walk(child)
                self.text("**")
            else:
                self.walk(child)

    def html(self, tag: str) -> None:
        """Raw inline HTML: <a href> opens a link, </a> closes it, <img src> is an image, <br> a space."""
        opening = _HTML_A.match(tag)
        image = _HTML_IMG.search(tag)
        if opening and self.link is None:
            self.link, self.html_link = _Seg("link", url=html.unescape(opening.group(1))), True
        elif _HTML_A_END.match(tag) and self.html_link:
            self.close()
        elif image:
            self.image(html.unescape(image.group(1)), "")
        elif re.match(r"^<br\s*/?>$", tag, re.I):
            self.text(" ")
        else:
            self.out.append(_Seg("html", tag))


def _split_lines(segs: list[_Seg]) -> list[list[_Seg]]:
    lines: list[list[_Seg]] = [[]]
    for seg in segs:
        if seg.kind == "break":
            lines.append([])
        else:
            lines[-1].append(seg)
    return lines


def _with_bare_urls(segs: list[_Seg]) -> list[_Seg]:
    """Bare URLs in text become links without text."""
    out: list[_Seg] = []
    for seg in segs:
        if seg.kind != "text" or "://" not in seg.text:
            out.append(seg)
            continue
        at = 0
        for match in _BARE_URL.finditer(seg.text):
            url = match.group(0).rstrip(".,;:!?")
            out.append(_Seg("text", seg.text[at : match.start()]))
            out.append(_Seg("link", "", url))
            at = match.start() + len(url)
        out.append(_Seg("text", seg.text[at:]))
    return [s for s in out if s.kind != "text" or s.text]


@dataclass
class _LineRead:
    """What one line of a list, paragraph, heading or cell says."""

    drafts: list[_Draft] = field(default_factory=list)
    badges: list[_Badge] = field(default_factory=list)
    empty: bool = False  # nothing but badges, images, HTML and spaces
    task: str | None = None
    text: str = ""  # the line's plain text


_CONJUNCTION = re.compile(r"^[\s,;&/、，和与及+]*(?:and|or|vs\.?|versus|和|与|及|以及)?[\s,;&/、，+]*$", re.I)
_TASK = re.compile(r"^\s*\[([ xX✓✔])\]\s+")


def _read_line(segs: list[_Seg], *, standalone: bool) -> _LineRead:
    """The papers a title line names: title links with their other links, aliases and badges, or a plain title.

    ``standalone`` lines stand in a paragraph among prose, so they count only when they read as
    a title line: a link first and little text after it, a 《》 title, or 'Title (URL)'.
    """
    result = _LineRead()
    segs = list(segs)
    if segs and segs[0].kind == "text":
        task = _TASK.match(segs[0].text)
        if task:
            result.task = " " if task.group(1) == " " else "x"
            segs[0] = _Seg("text", segs[0].text[task.end() :])
    result.text = _plain("".join(s.text for s in segs if s.kind in ("text", "link")))
    for seg in segs:
        for src in [seg.url] if seg.kind == "image" else seg.images if seg.kind == "link" else []:
            badge = _badge(src)
            if badge:
                result.badges.append(badge)
    if not result.text.strip(" |"):
        result.empty = True
        return result
    bare_title = _blog_title(result.text) if standalone else None
    segs = _with_bare_urls(segs)
    links = [s for s in segs if s.kind == "link"]
    if links and all(_classify_url(s.url).kind == "anchor" for s in links):
        return result  # a line of a table of contents
    linked = _linked_papers(segs)
    if linked.drafts:
        leftover = _plain(_CONJUNCTION.sub("", linked.after)).split()
        described = re.match(r"^\s*[:：\-–—|]", linked.after)
        if standalone and (len(linked.before.split()) > 3 or len(leftover) > 3 and not described):
            return result  # prose that has a link in it
        drafts = linked.drafts
    else:
        text = linked.before
        if standalone and not (text.lstrip().startswith("《") or bare_title):
            return result
        title = _split_title(bare_title[0] if bare_title else text)
        if not title.title:
            return result
        paper = Found(
            title=title.title, where="", aliases=title.aliases, authors=title.authors, venue=title.venue, org=title.org
        )
        paper.published = title.year
        # a full reference ('Title. Authors. Venue 2017.') is as sure as a link to the paper
        cited = bool(title.year and (title.venue or title.authors)) and _looks_like_title(title.title)
        evidence = 2 if cited else 1 if title.marked else 0
        draft = _Draft(paper, evidence=evidence, title_like=title.marked or _looks_like_title(title.title))
        draft.rest = (bare_title[2] or "") if bare_title else title.remark
        drafts = [draft]
    for url, kind in linked.pending:  # links before any title link: they belong to the first paper
        _add_url(drafts[0].found, url, kind)
        if url.kind == "notes":
            drafts[0].notes_file = drafts[0].found.key = url.value
        if url.kind != "ignore":
            drafts[0].evidence = max(drafts[0].evidence, 2 if url.strong else 1)
    for draft in drafts:
        draft.task = result.task
        _apply_badges(draft.found, result.badges)
    result.drafts = drafts
    return result


@dataclass
class _Linked:
    """A line's title links as papers, with the text before the first and after the last."""

    drafts: list[_Draft] = field(default_factory=list)
    before: str = ""
    after: str = ""
    pending: list[tuple[_Url, str | None]] = field(default_factory=list)  # links before any title


def _linked_papers(segs: list[_Seg]) -> _Linked:
    """Each link whose text is a title starts a paper ('[A](...) (A1) and [B](...)' is two); links named
    'code', 'pdf'... and links after a title that are not joined by 'and' are that paper's links."""
    result = _Linked()
    before: list[str] = []
    gap: list[str] = []  # text since the current title link
    current: _Draft | None = None
    for seg in segs:
        if seg.kind == "text":
            (gap if current else before).append(seg.text)
        if seg.kind != "link":
            continue
        url = _classify_url(seg.url)
        label = _plain(seg.text)
        if url.kind == "anchor" or url.kind == "ignore" and label:
            (gap if current else before).append(label)
            continue
        kind = _kind_word(label) if url.kind != "notes" else None
        lead = _clean_title("".join(before))
        if kind is not None or current is None and len(lead.split()) >= 2 and _looks_like_title(lead):
            # 'Code', '[PDF]', a badge; or 'Title [Author](...)', where the text before is the title
            if current is None:
                result.pending.append((url, kind))
            else:
                _add_url(current.found, url, kind)
                current.evidence = max(current.evidence, 2 if url.strong else 1)
            continue
        joined = _CONJUNCTION.match(_PAREN.sub("", "".join(gap)))
        if current is not None and not (
            joined and (url.strong or url.key in ("blog", "code", "paper", "project", "pdf"))
        ):
            _add_url(current.found, url, suggest_slug(label)[:30] if len(label.split()) <= 2 else None)
            continue
        if current is not None:
            _absorb(current, "".join(gap))
            gap = []
        title = _split_title(label)
        current = _Draft(Found(title=title.title, where="", aliases=title.aliases), evidence=2 if url.strong else 1)
        if url.kind == "notes":
            current.notes_file = url.value
            current.found.key = url.value
        else:
            _add_url(current.found, url, title_link=True)
            if url.key == "code" and url.kind == "link":
                current.found.kind = "repo"
            elif url.key == "blog" and url.kind == "link":
                current.found.kind = "blog"
        if current.found.title:
            result.drafts.append(current)
    if current is not None:
        result.after = _absorb(current, "".join(gap))
    result.before = "".join(before)
    return result


def _absorb(draft: _Draft, text: str) -> str:
    """What follows a title link: '(Chinchilla)' is an alias, '(NeurIPS 2020)' the venue, the rest a description."""
    paper = draft.found

    def take(match: re.Match[str]) -> str:
        aside = _aside(match.group(1).strip())
        if aside is None:
            return match.group(0)
        paper.venue = paper.venue or aside.venue
        paper.published = paper.published or aside.year
        if aside.alias and aside.alias not in paper.aliases:
            paper.aliases.append(aside.alias)
        return " "

    lead = re.match(r"^(?:\s*[(（][^()（）]{1,60}[)）])+", text)
    rest = (_PAREN.sub(take, lead.group(0)) + text[lead.end() :]) if lead else text
    described = _plain(rest).strip()
    colon = described.startswith((":", "："))
    described = re.sub(r"^[\s:：\-–—|,.]+", "", described)
    if re.search(r"[\w\u4e00-\u9fff]", described) and not _CONJUNCTION.match(described):
        info = _tail_info(described)
        paper.authors = paper.authors or info.authors
        paper.venue = paper.venue or info.venue
        paper.published = paper.published or info.year
        full = _clean_title(info.title)
        if colon and _alias_like(paper.title) and ":" not in paper.title and _looks_like_title(full):
            paper.title = f"{paper.title}: {full}"  # '[AWQ](...): Activation-aware Weight Quantization'
        else:
            draft.rest = info.title  # what is left: a description
    return rest


def _tail_info(text: str) -> _Citation:
    """'Vaswani, Shazeer et al. NeurIPS 2017' after a title link: authors, venue and year; what else remains."""
    result = _Citation("")
    pieces = [p.strip() for p in re.split(r"(?<=[.?!])\s+|\s*[|·]\s*", text) if p.strip()]
    remaining = []
    for piece in pieces:
        core = piece.strip(" .,;")
        date = find_date(core)
        if date and _venue_like(core) and len(core.split()) <= 6:
            result.venue, result.year = core, date[0].value[:4]
        elif re.fullmatch(r"(?:19|20)\d{2}", core):
            result.year = core
        elif _authors_like(core) and len(_authors_like(core)) >= 2 or "et al" in core:
            result.authors = _authors_like(core) or result.authors
        else:
            remaining.append(piece)
    result.title = " ".join(remaining)
    return result


def _apply_badges(paper: Found, badges: Sequence[_Badge]) -> None:
    """Badges date their paper (the month of publication, or the day read for a 'read' badge) and may name ids."""
    for badge in badges:
        if badge.arxiv:
            paper.arxiv = paper.arxiv or badge.arxiv
        if badge.code and "code" not in paper.links:
            paper.links["code"] = badge.code
        if badge.venue:
            paper.venue = paper.venue or badge.venue
        if badge.date and badge.date.kind != "period":
            if badge.read and badge.date.kind == "day":
                paper.read = sorted(set(paper.read) | {badge.date.value})
            elif not badge.read:
                paper.published = paper.published or badge.date.value


# ---------------------------------------------------------------------------
# Shape: Markdown (headings, lists, tables, paragraphs)


HeadingKind = Literal["topic", "date", "status", "skip", "title", "paper", "none"]


@dataclass
class _Heading:
    level: int
    text: str
    kind: HeadingKind
    date: WrittenDate | None = None
    status: str | None = None


_BOILERPLATE = re.compile(
    r"^(?:table of contents|contents|toc|index|references?|bibliography|licen[cs]e|contributing|contributors?|contributions?"
    r"|citation|citations|cite|how to cite|citing|acknowledge?ments?|thanks|credits|star history|stargazers|contact|changelog"
    r"|faq|installation|install|usage|getting started|related (?:repos|repositories|projects|lists|resources)|sponsors?"
    r"|目录|参考文献|参考资料|参考|引用|致谢|许可|许可证|贡献|贡献者|联系|联系方式|更新日志)$",
    re.I,
)
_STATUS_HEADINGS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("to-read", re.compile(
        r"^(?:papers?\s+)?(?:to[\s-]?read|pending|todo|to[\s-]do|backlog|queue|wish\s?list|unread|up\s+next|inbox|read\s+later"
        r"|want\s+to\s+read|not\s+yet\s+read)(?:\s+(?:list|papers?|queue|items?))?$|^(?:待读|待看|待阅读|未读|待办|稍后读|计划阅读)",
        re.I)),
    ("read", re.compile(r"^(?:papers?\s+)?(?:read|done|finished|completed|already\s+read)(?:\s+(?:list|papers?))?$|^(?:已读|已完成|读完|读过|已看)", re.I)),
    ("reading", re.compile(r"^(?:currently\s+)?reading(?:\s+now)?$|^in\s+progress$|^(?:在读|正在读)", re.I)),
)  # fmt: skip


# words that make a lone first H1 the document's title ('Awesome Vision Papers', '论文阅读记录'), not a topic
_DOCUMENT_TITLE = re.compile(
    r"\b(?:papers?|reading|list|notes|log|awesome|readme|collection|digest|daily|weekly|monthly|library|bibliography"
    r"|must[- ]reads?|curated|my)\b|论文|阅读|笔记|清单|记录|列表|合集|汇总|精选",
    re.I,
)


def _topic_name(text: str) -> str:
    text = _clean_title(text)
    text = re.sub(r"^(?:[\d.]+\s+|[一二三四五六七八九十]+[、.]\s*)", "", text)
    text = re.sub(r"^[^\w\u4e00-\u9fff(（\"'“]+", "", text)  # a leading emoji
    text = re.sub(r"\s*[(（]\s*\d+\s*[)）]\s*$", "", text)  # a count: 'Vision (12)'
    return text.strip()


def _periods_read(drafts: list[_Draft], has_days: bool) -> dict[str, bool]:
    """For month and year headings: whether they say when papers were read (a log) rather than published.

    A log with day headings reads its months and years as when it read things. Otherwise the arXiv
    ids decide: when most papers under month (year) headings have ids from that month (year), the
    headings are publication dates. With no ids to go by, a month is when a paper was read and a
    year when it appeared: '## March 2024' heads a reading log more often, '## 2017' a list by year."""
    if has_days:
        return {"month": True, "year": True}
    votes: dict[str, list[bool]] = {"month": [], "year": []}
    for draft in drafts:
        date, arxiv = draft.date, draft.found.arxiv
        if date is not None and date.kind in votes and arxiv and re.match(r"^\d{4}\.", arxiv):
            stamp = f"20{arxiv[:2]}-{arxiv[2:4]}"
            votes[date.kind].append(stamp[: len(date.value)] == date.value)
    return {kind: sum(agree) < 0.6 * len(agree) if agree else kind == "month" for kind, agree in votes.items()}


class _MarkdownReader:
    """Reads a Markdown document's blocks in order, keeping the headings above each paper."""

    def __init__(self, text: str, reader: _Reader) -> None:
        self.text = _strip_scripts(_without_front_matter(text), keep_lines=True)
        self.lines = self.text.split("\n")
        self.reader = reader
        self.mode = reader.hints.headings
        self.stack: list[_Heading] = []
        self.seen: list[_Heading] = []
        self.block = 0
        self.open: _Draft | None = None  # the paper whose notes the next blocks are
        self.open_level = 7  # the level of the heading that is the open paper's title (7: none)
        self.title_line: int | None = None  # a lone H1 first: the document's title, not a topic
        self.drafts: list[_Draft] = []

    def read(self) -> None:
        """Walk the document's top-level blocks, then decide what its month and year headings mean."""
        md = MarkdownIt("commonmark", {"html": True}).enable("table")
        root = SyntaxTreeNode(md.parse(self.text))
        headings = [n for n in root.children if n.type == "heading"]
        if headings and headings[0].tag == "h1" and sum(1 for h in headings if h.tag == "h1") == 1:
            self.title_line = _start(headings[0])
        for node in root.children:
            self._block(node)
        read = _periods_read(self.drafts, any(h.kind == "date" and h.date and h.date.kind == "day" for h in self.seen))
        for draft in self.drafts:
            draft.period_read = draft.date is not None and read.get(draft.date.kind, True)

    # -- context

    def _skipping(self) -> bool:
        return any(h.kind == "skip" for h in self.stack)

    def _context(self, draft: _Draft, extra: tuple[str, ...] = ()) -> None:
        """The topic path, date and status the headings above (and list labels, ``extra``) give an item."""
        topics = tuple(h.text for h in self.stack if h.kind == "topic") + extra
        if topics and self.mode in ("auto", "topics"):
            draft.found.topics.append(topics)
        dates = [h.date for h in self.stack if h.kind == "date" and h.date]
        draft.date = dates[-1] if dates else None
        statuses = [h.status for h in self.stack if h.kind == "status"]
        draft.status_heading = statuses[-1] if statuses else None

    def _add(self, draft: _Draft, line: int, extra: tuple[str, ...] = ()) -> None:
        draft.found.where = self.reader.where(line)
        draft.block = draft.block or self.block
        self._context(draft, extra)
        self.reader.add(draft)
        self.drafts.append(draft)

    def _close(self) -> None:
        self.open = None
        self.open_level = 7

    def _notes_lines(self, start: int, end: int) -> None:
        """Lines [start, end) are notes of the open paper."""
        if self.open is None:
            for i in range(start, min(end, len(self.lines))):
                self.reader.mentions_in(i + 1, self.lines[i], None)
            return
        for i in range(start, min(end, len(self.lines))):
            self.open.notes.append((i + 1, self.lines[i]))
        self.open.notes.append((end, ""))

    # -- blocks

    def _block(self, node: SyntaxTreeNode) -> None:
        kind = node.type
        if kind == "heading":
            self._heading(node)
            return
        if self._skipping():
            return
        if kind == "paragraph":
            self._paragraph(node)
        elif kind in ("bullet_list", "ordered_list"):
            self._list(node)
        elif kind == "table":
            self._table(node)
        elif kind == "hr":
            self._close()
        elif node.map:
            self._notes_lines(*node.map)

    def _heading(self, node: SyntaxTreeNode) -> None:
        level = int(node.tag[1])
        start = _start(node)
        if self.open is not None and level > self.open_level:
            self._notes_lines(start, start + 1)
            return
        self._close()
        while self.stack and self.stack[-1].level >= level:
            self.stack.pop()
        segs = _segments(node.children[0]) if node.children else []
        text = _plain("".join(s.text for s in segs if s.kind in ("text", "link")))
        heading = self._classify_heading(level, text, start)
        self.stack.append(heading)
        self.seen.append(heading)
        if heading.kind in ("skip", "title"):
            return
        # a heading that is a paper's title ('### [Title](arxiv link)', '## 《Title》'): what follows is its notes
        read = _read_line(segs, standalone=True)
        paper = next((d for d in read.drafts if d.evidence >= 2 or text.lstrip().startswith("《")), None)
        if paper is not None:
            heading.kind = "paper"
            self.block += 1
            paper.explicit = True
            self._add(paper, start + 1)
            self.open, self.open_level = paper, level

    def _classify_heading(self, level: int, text: str, start: int) -> _Heading:
        """What a heading is: a section to skip, a status, a date, the document's title, a topic, or nothing."""
        name = _topic_name(text)
        if _BOILERPLATE.match(name.strip(" :：")):
            return _Heading(level, name, "skip")
        if self.mode != "none":
            for status, pattern in _STATUS_HEADINGS:
                if pattern.match(name.strip()):
                    return _Heading(level, name, "status", status=status)
        if self.mode in ("auto", "dates"):
            date = _heading_date(text)
            if date is not None:
                return _Heading(level, name, "date", date=self._checked_date(date, text, start))
        if start == self.title_line and (_DOCUMENT_TITLE.search(name) or len(name.split()) >= 5):
            return _Heading(level, name, "title")
        if self.mode in ("auto", "topics") and name:
            return _Heading(level, name, "topic")
        return _Heading(level, name, "none")

    def _checked_date(self, date: WrittenDate, text: str, start: int) -> WrittenDate:
        """A day heading under a month heading of another year ('2023.3.22' in '2024.3') takes the month's year."""
        parent = next((h.date for h in reversed(self.stack) if h.kind == "date" and h.date), None)
        if date.kind == "day" and parent is not None and parent.kind == "month":
            year, month = parent.value.split("-")
            if date.value[5:7] == month and date.value[:4] != year:
                fixed = f"{year}{date.value[4:]}"
                self.reader.warnings.append(
                    f"{self.reader.where(start + 1)}: the heading '{text}' is under '{parent.value}'; read as {fixed}"
                )
                return WrittenDate(fixed, "day")
        return date

    def _paragraph(self, node: SyntaxTreeNode) -> None:
        start = _start(node)
        self.block += 1
        lines = _split_lines(_segments(node.children[0])) if node.children else []
        pending: list[_Badge] = []
        for i, segs in enumerate(lines):
            index = start + i
            raw = self.lines[index] if index < len(self.lines) else ""
            read = _read_line(segs, standalone=True)
            if read.drafts:
                self._close()
                for draft in read.drafts:
                    _apply_badges(draft.found, pending)
                    self._add(draft, index + 1)
                pending = []
                self.open = read.drafts[-1]
            elif read.empty:
                pending += read.badges
            elif self.open is not None:
                self.open.notes.append((index + 1, raw))
            else:
                self.reader.mentions_in(index + 1, raw, None)
        if self.open is not None:
            self.open.notes.append((start + len(lines), ""))

    def _list(self, node: SyntaxTreeNode) -> None:
        self.block += 1
        drafts = self._items(node, ())
        strong = any(d.evidence >= 2 for d, _, _ in drafts)
        if not drafts or self.open is not None and not strong:
            if node.map and not self._is_toc(node):
                self._notes_lines(*node.map)
            return
        self._close()
        for draft, line, extra in drafts:
            self._add(draft, line, extra)

    def _is_toc(self, node: SyntaxTreeNode) -> bool:
        links = [str(n.attrs.get("href", "")) for n in node.walk() if n.type == "link"]
        return bool(links) and all(h.startswith("#") for h in links)

    def _items(self, node: SyntaxTreeNode, topics: tuple[str, ...]) -> list[tuple[_Draft, int, tuple[str, ...]]]:
        """The papers of a list: each item's first line is a title; what is under it is its notes or, under a label, more items."""
        out: list[tuple[_Draft, int, tuple[str, ...]]] = []
        level: list[_Draft] = []
        for item in node.children:
            children = item.children
            first = children[0] if children and children[0].type == "paragraph" else None
            nested = [c for c in children if c.type in ("bullet_list", "ordered_list")]
            if first is None or not first.children:
                for child in nested:
                    out += self._items(child, topics)
                continue
            lines = _split_lines(_segments(first.children[0]))
            read = _read_line(lines[0], standalone=False)
            line = _start(first) + 1
            if read.drafts and (not nested or any(d.evidence > 0 or d.title_like for d in read.drafts)):
                draft = read.drafts[-1]
                end = item.map[1] if item.map else line
                notes = _dedent_lines(self.lines[line:end])
                draft.notes += [(line + 1 + i, text) for i, text in enumerate(notes)]
                for d in read.drafts:
                    out.append((d, line, topics))
                    level.append(d)
                continue
            label = _topic_name(read.text)
            sub = topics + (label,) if read.task is None and label and _group_label(label) else topics
            for child in nested:
                out += self._items(child, sub)
        if level:
            share = sum(1 for d in level if d.evidence >= 2) / len(level)
            for d in level:
                d.list_share = share
        return out

    def _table(self, node: SyntaxTreeNode) -> None:
        self.block += 1
        rows = [tr for part in node.children for tr in part.children if tr.type == "tr"]
        if not rows:
            return
        header = [_plain(c.children[0].content) if c.children else "" for c in rows[0].children]
        body = rows[1:]
        cells = [[(c.children[0] if c.children else None) for c in row.children] for row in body]
        roles = _column_roles(
            header, cells, self.reader.hints, self.reader.warnings, self.reader.where(_start(node) + 1)
        )
        drafts: list[tuple[_Draft, int]] = []
        for row, row_cells in zip(body, cells, strict=True):
            line = _start(row) + 1
            draft = _row(row_cells, header, roles, self.reader, line)
            if draft is not None:
                drafts.append((draft, line))
        if not drafts or self.open is not None and not any(d.evidence >= 2 for d, _ in drafts):
            if node.map:
                self._notes_lines(*node.map)
            return
        self._close()
        share = sum(1 for d, _ in drafts if d.evidence >= 2) / len(drafts)
        for draft, line in drafts:
            draft.list_share = share
            self._add(draft, line)


def _start(node: SyntaxTreeNode) -> int:
    return node.map[0] if node.map else 0


def _dedent_lines(lines: list[str]) -> list[str]:
    text = textwrap.dedent("\n".join(lines)).rstrip()
    return text.split("\n") if text.strip() else []


def _group_label(label: str) -> bool:
    """Whether a list item without a paper is a category for the items under it ('Vision', '**NLP**')."""
    if not label or len(label) > 40 or re.search(r"[：:（(。，]", label):
        return False
    return len(label.split()) <= 5


def _column_roles(
    header: list[str], rows: list[list[SyntaxTreeNode | None]], hints: Hints, warnings: list[str], where: str
) -> list[str]:
    """Each column's role: from ``--column`` (by header text or number), else the header's words, else its content."""
    roles = []
    for number, name in enumerate(header, 1):
        role = _role_of(name, hints, number)
        cells = [row[number - 1] if number - 1 < len(row) else None for row in rows]
        values = [_cell_text(c) for c in cells]
        raw = [c.content if c is not None else "" for c in cells]
        if role is not None and role not in ROLES and role != "date":
            warnings.append(f"{where}: column '{name}': '{role}' is not a role ({', '.join(ROLES)}); inferred instead")
            role = None
        if role == "date":
            days = [v for v in values if v and (d := find_date(v)) and d[0].kind == "day"]
            role = "read" if days and len(days) >= 0.5 * len([v for v in values if v]) else "published"
        roles.append(role or _content_role(values, raw))
    return roles


def _cell_text(cell: SyntaxTreeNode | None) -> str:
    """A cell's plain text, without its images."""
    return _plain("".join(s.text for s in _segments(cell) if s.kind in ("text", "link"))) if cell is not None else ""


def _content_role(values: list[str], raw: list[str]) -> str:
    """A column's role from what its cells hold: check marks, years, dates, links, stars, or text."""
    filled = [v for v in values if v.strip()]
    if not filled:
        return "ignore"  # empty, or only images (a figure column)
    if all(fold_name(v) in CHECKED | UNCHECKED for v in values):
        return "done"
    if all(re.fullmatch(r"\s*(?:19|20)\d{2}\s*", v) for v in filled):
        return "published"
    dates = [d for v in filled if (d := find_date(v)) and d[2] - d[1] >= len(v.strip()) - 2]
    if len(dates) == len(filled):
        return "read" if all(d[0].kind == "day" for d in dates) else "published"
    if all(rating(v) for v in filled) and any("★" in v or "⭐" in v for v in filled):
        return "rating"
    if all(re.search(r"https?://|\]\(", r) for r in raw if r.strip()) and all(len(v) < 40 for v in filled):
        return "links"
    return "notes"


_LINK_ROLES = ("arxiv", "doi", "url", "code", "links")


def _row(
    cells: list[SyntaxTreeNode | None], header: list[str], roles: list[str], reader: _Reader, line: int
) -> _Draft | None:
    """One table row as a draft paper; None for an empty row or one without a title."""
    if not any(_cell_text(c) for c in cells):
        return None
    title_cols = [i for i, r in enumerate(roles) if r == "title" and i < len(cells)]
    draft, used, rest = _row_title(cells, roles, title_cols)
    if draft is None:
        if title_cols:
            reader.skipped.append(Skipped(reader.where(line), "a table row with no title"))
        return None
    # a column named 'Paper' or '论文' says its rows are papers; one named 'Name' may list anything
    papers_column = bool(title_cols) and fold_name(_plain(header[title_cols[0]])) not in ("name", "名字", "名称")
    draft.explicit = papers_column and draft.title_like
    paper = draft.found
    for i, (cell, role) in enumerate(zip(cells, roles, strict=False)):
        name = header[i] if i < len(header) else ""
        if i == used:
            if rest:  # the rest of the cell that held the title link, e.g. a summary under it
                _apply_role(
                    paper,
                    role if role in ("summary", "notes") else "notes",
                    rest,
                    name,
                    [],
                    reader.warnings,
                    paper.where,
                )
            continue
        if cell is None or role == "ignore":
            continue
        segs = _segments(cell)
        urls = [s.url for s in _with_bare_urls(segs) if s.kind == "link"]
        _apply_badges(paper, [b for s in segs for src in _images(s) if (b := _badge(src))])
        if role in ("read", "done") and not _cell_text(cell):
            paper.status = paper.status or "to-read"  # an empty check column
        _apply_role(paper, role, cell.content, name, urls if role in _LINK_ROLES else [], reader.warnings, paper.where)
        if role not in _LINK_ROLES + ("summary", "notes"):
            for url in urls:
                classified = _classify_url(url)
                if classified.kind in ("arxiv", "doi"):
                    _add_url(paper, classified)
    if paper.arxiv or paper.doi:
        draft.evidence = 2
    return draft


def _images(seg: _Seg) -> list[str]:
    return [seg.url] if seg.kind == "image" else seg.images if seg.kind == "link" else []


def _row_title(
    cells: list[SyntaxTreeNode | None], roles: list[str], title_cols: list[int]
) -> tuple[_Draft | None, int, str]:
    """The row's paper from its title column; without one, from the first cell whose link has a title as its text.

    Returns the draft, the column it came from and (without a title column) the rest of that cell."""
    for i in title_cols or [i for i, r in enumerate(roles) if r != "ignore" and i < len(cells)]:
        cell = cells[i]
        if cell is None:
            continue
        read = _read_line(_segments(cell), standalone=False)
        if not read.drafts or not title_cols and read.drafts[0].evidence == 0:
            continue
        draft = read.drafts[0]
        if title_cols:
            return draft, i, ""
        draft.rest = ""
        return draft, i, _after_title_link(cell.content)
    return None, -1, ""


_AFTER_LINK = re.compile(r"(?<!!)\[(?:[^\[\]\n]|\[[^\]\n]{0,300}\]){0,300}\]\([^)\s]{0,2000}(?:\s+\"[^\"]{0,300}\")?\)")


def _after_title_link(content: str) -> str:
    """A cell's text after its title link (and the alias and closing tags that follow it)."""
    match = _AFTER_LINK.search(content)
    if not match:
        return ""
    rest = content[match.end() :]
    rest = re.sub(r"^\s*\([^()]{1,40}\)", "", rest)
    rest = re.sub(r"^\s*</h\d>", "", rest, flags=re.I)
    rest = re.sub(r"(?:\s*<br\s*/?>)+\s*$", "", rest, flags=re.I)
    return rest.strip()


# ---------------------------------------------------------------------------
# Shape: key-value blocks ('title: ...', 'abstract: ...', 'date of publish: 2021')


_KV_TITLE = re.compile(r"^\s*(?:title|paper|paper title|标题|题目|论文)\s*[:：]\s*\S", re.I)
_KV = re.compile(r"^\s*(?P<key>[A-Za-z\u4e00-\u9fff][\w \-/.()\u4e00-\u9fff]{0,40}?)\s*[:：](?:\s+(?P<value>.*)|\s*$)")


def _kv_line(line: str) -> re.Match[str] | None:
    """A 'key: value' line, where the key is a short name (not a sentence that has a colon)."""
    match = _KV.match(line)
    if not match or len(match["key"].split()) > 5 or re.match(r"https?$", match["key"]):
        return None
    return match


def _read_key_value(text: str, reader: _Reader) -> None:
    """Blocks that start at a 'title:' line; each other key is a field (by its role) or a notes section."""
    lines = text.split("\n")
    block: list[tuple[int, str, list[str]]] = []  # (line, key, value lines)
    for number, line in enumerate(lines, 1):
        match = _kv_line(line)
        if match and _KV_TITLE.match(line):
            _key_value_paper(block, reader)
            block = [(number, match["key"], [match["value"] or ""])]
        elif match and block:
            block.append((number, match["key"], [match["value"] or ""]))
        elif block:
            block[-1][2].append(line)
    _key_value_paper(block, reader)


def _key_value_paper(block: list[tuple[int, str, list[str]]], reader: _Reader) -> None:
    if not block:
        return
    line, _, title_lines = block[0]
    title = _split_title(title_lines[0])
    where = reader.where(line)
    paper = Found(title=title.title, where=where, aliases=title.aliases, published=title.year)
    draft = _Draft(paper, structured=True, explicit=True, block=line)
    for _, key, value_lines in block[1:]:
        value = "\n".join([value_lines[0], textwrap.dedent("\n".join(value_lines[1:]))]).strip()
        if not value:
            continue  # 'Core idea:' with nothing after it heads the keys below
        role = _role_of(key, reader.hints)
        if role == "date":
            role = "published"
        if role is None or role in ("summary", "notes"):
            name = key.strip()
            paper.notes[name] = f"{paper.notes[name]}\n\n{value}" if name in paper.notes else value
        else:
            _apply_role(paper, role, value, key, [], reader.warnings, where)
        if role in ("arxiv", "doi", "url", "links") and (paper.arxiv or paper.doi):
            draft.evidence = 2
    reader.add(draft)


# ---------------------------------------------------------------------------
# Shape: numbered digest ('1. Title. Venue, 2023.' with '•' bullets)


_DIGEST_ITEM = re.compile(r"^\s{0,3}(?P<n>\d{1,3})[.)]\s+(?P<text>\S.*?)\s*$")
_BULLET = re.compile(r"^(?P<indent>\s*)(?P<mark>[•·▪●◦○■□\-*+]|\d{1,2}[.)])\s+(?P<text>.*)$")
_PLACEHOLDER = re.compile(r"^\s*(?:image-\d{8,}|[\s\u00a0\u3000]*)\s*$")


def _digest_item(line: str) -> _Citation | None:
    """A numbered citation at the start of a line ('1. Title. Venue, 2023.'), taken apart; None for other lines."""
    match = _DIGEST_ITEM.match(line)
    if not match or len(line) - len(line.lstrip()) >= 2 or len(line) > 600:
        return None
    return _split_title(match["text"])


def _read_digest(text: str, reader: _Reader) -> None:
    """Each numbered citation is a paper; the bullets up to the next one are its notes."""
    lines = text.split("\n")
    current: _Draft | None = None
    notes: list[tuple[int, str]] = []
    for number, line in enumerate(lines, 1):
        citation = _digest_item(line)
        if citation is not None and (citation.year or _looks_like_title(citation.title)):
            _digest_notes(current, notes)
            paper = Found(
                title=citation.title, where=reader.where(number), aliases=citation.aliases, authors=citation.authors,
                published=citation.year, venue=citation.venue, org=citation.org,
            )  # fmt: skip
            current = _Draft(paper, explicit=True, block=1)
            reader.add(current)
            notes = []
        elif current is not None:
            notes.append((number, line))
        else:
            reader.mentions_in(number, line, None)
    _digest_notes(current, notes)


def _digest_notes(draft: _Draft | None, lines: list[tuple[int, str]]) -> None:
    if draft is not None:
        draft.notes = _bullets_to_markdown(lines)


def _bullets_to_markdown(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Pasted bullets ('  • Summary', '    • text') as a Markdown list nested the way they are indented."""
    out: list[tuple[int, str]] = []
    stack: list[tuple[int, int]] = []  # (indent as written, where its text starts in Markdown)
    for number, line in lines:
        if _PLACEHOLDER.match(line):
            out.append((number, ""))
            continue
        bullet = _BULLET.match(line)
        indent = len(line) - len(line.lstrip())
        if bullet:
            while stack and stack[-1][0] >= indent:
                stack.pop()
            at = stack[-1][1] if stack else 0
            mark = bullet["mark"] if bullet["mark"][0].isdigit() else "-"
            out.append((number, " " * at + f"{mark} {bullet['text'].strip()}"))
            stack.append((indent, at + len(mark) + 1))
        else:
            while stack and stack[-1][0] >= indent:
                stack.pop()
            at = stack[-1][1] if stack else 0
            out.append((number, " " * at + line.strip()))
    while out and not out[-1][1].strip():
        out.pop()
    return out


# ---------------------------------------------------------------------------
# Shape: blog post ('Title (https://arxiv.org/pdf/2404.04125)' lines, then paragraphs)


_BLOG_TITLE = re.compile(
    r"^\s*(?:[•·▪●◦\-*]\s+)?(?P<title>[^\s(（].{0,240}?)\s*[(（]\s*(?P<url>https?://[^\s)）]+)\s*[)）]\s*(?:[:：]\s*(?P<rest>.*))?$"
)


def _blog_title(line: str) -> tuple[str, str, str | None] | None:
    """(title, URL, text after a colon) for a 'Title (URL)' line, or None."""
    match = _BLOG_TITLE.match(line)
    if not match:
        return None
    title = match["title"].strip()
    if len(title.split()) > 20 or title.endswith((".", ",", ";")) or _MD_LINK_START.search(title):
        return None
    return title, match["url"], match["rest"]


def _read_blog(text: str, reader: _Reader) -> None:
    """Title lines start papers; the paragraphs after one are its notes, up to the next title or a short section line."""
    lines = text.split("\n")
    current: _Draft | None = None
    bulleted = False  # the current paper is a bullet: its notes end where the bullet does
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        titled = _blog_title(line)
        if titled:
            title, url, rest = titled
            parts = _split_title(title)
            paper = Found(title=parts.title, where=reader.where(number), aliases=parts.aliases, published=parts.year)
            classified = _classify_url(url)
            _add_url(paper, classified, title_link=True)
            current = _Draft(paper, evidence=2 if classified.strong else 1, block=1, explicit=classified.strong)
            current.notes = [(number, rest.strip())] if rest else []
            reader.add(current)
            bulleted = bool(re.match(r"^\s*[•·▪●◦\-*]\s+", line))
            continue
        alone = bool(stripped) and _blank(lines, number - 2) and _blank(lines, number)
        if alone and _section_line(stripped) or bulleted and not (stripped and line[:1].isspace()):
            current, bulleted = (
                None,
                False,
            )  # 'Speed Round' heads a new part; a bullet ends at a blank or outdented line
            if not stripped or alone and _section_line(stripped):
                continue
        if current is not None:
            current.notes.append((number, line))
        else:
            reader.mentions_in(number, line, None)


def _blank(lines: list[str], index: int) -> bool:
    return not 0 <= index < len(lines) or not lines[index].strip()


def _section_line(text: str) -> bool:
    """A line standing alone that heads a new part of a post ('Speed Round', 'Enough of NLP!'), not a paragraph."""
    return len(text) <= 40 and len(text.split()) <= 5 and not text.endswith((".", ",", ";", ":"))
