"""What several readers need to understand the same way: field names, people, dates, links and HTML notes."""

from __future__ import annotations

import datetime as dt
import html
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

import nh3
from markdownify import markdownify

from ..identifiers import arxiv_in_text, arxiv_of_doi, bare_arxiv, clean_doi
from ..markdown import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, URL_SCHEMES
from .base import Found

# How people name a column or a front-matter key, in English and Chinese, by the role it plays.
NAMES: dict[str, tuple[str, ...]] = {
    "title": ("title", "paper", "papers", "paper title", "name", "标题", "题目", "论文", "论文名", "论文标题",
              "名字", "名称", "文章", "paper name"),
    "authors": ("author", "authors", "creator", "creators", "作者", "author(s)", "by"),
    "published": ("year", "date", "published", "publication year", "pub year", "publication date",
                  "date published", "date of publish", "年份", "年", "发表时间", "发表年份", "时间", "发布时间"),
    "venue": ("venue", "journal", "conference", "publication", "publication title", "proceedings title",
              "booktitle", "book title", "container", "source", "会议", "期刊", "会议/期刊", "出处", "发表于", "刊物"),
    "arxiv": ("arxiv", "arxiv id", "eprint"),
    "doi": ("doi",),
    "url": ("url", "link", "links", "paper link", "pdf", "链接", "论文链接", "地址"),
    "code": ("code", "github", "repo", "repository", "代码", "源码"),
    "summary": ("summary", "tldr", "tl;dr", "one line", "简介", "描述", "概要", "总结", "一句话", "摘要总结",
                "description", "comment", "comments", "remark", "remarks", "备注", "说明"),
    "notes": ("notes", "note", "笔记", "review", "my notes", "thoughts", "想法", "心得"),
    "abstract": ("abstract", "abstract note", "摘要"),
    "read": ("date read", "read", "read on", "read date", "date_read", "dateread", "reading date", "阅读日期",
             "阅读时间", "日期", "读于"),
    "done": ("done", "finished", "completed", "read?", "已读", "完成", "是否阅读", "是否完成", "读完"),
    "status": ("status", "state", "状态", "进度"),
    "topic": ("topic", "topics", "category", "categories", "field", "area", "section", "分类", "类别", "方向",
              "领域", "主题", "collection", "collections"),
    "tags": ("tags", "tag", "keywords", "keyword", "manual tags", "automatic tags", "标签", "关键词", "key_work"),
    "alias": ("alias", "aliases", "short name", "short title", "abbr", "abbreviation", "nickname", "简称", "缩写",
              "model", "method name", "模型"),
    "added": ("date added", "added", "created", "date created", "added on", "添加日期", "创建时间", "收藏时间"),
    "rating": ("rating", "stars", "score", "评分", "推荐指数", "推荐"),
    "org": ("org", "organisation", "organization", "institution", "affiliation", "lab", "机构", "单位"),
}  # fmt: skip
_BY_NAME = {
    " ".join(name.replace("_", " ").replace("-", " ").split()): role for role, names in NAMES.items() for name in names
}

_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(?:(.*?)\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)


def front_matter(text: str) -> tuple[str | None, str, int]:
    """A note's leading '---' YAML block (None without one), the text after it, and how many lines the block took."""
    match = _FRONT_MATTER.match(text)
    if match is None:
        return None, text, 0
    return match.group(1) or "", text[match.end() :], match.group(0).count("\n")


def clean_title(text: str) -> str:
    """A title as plain text: HTML tags (Zotero's <i>, <sub>, small caps), entities, wiki and Markdown links, marks gone."""
    text = re.sub(r"\[\[(?:[^\]|]+\|)?([^\]]+)\]\]", r"\1", str(text))  # [[Note]], [[Note|shown]]
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    text = html.unescape(re.sub(r"<[^>]*>", "", text))
    text = re.sub(r"(\*\*|__|`)", "", text).replace("《", "").replace("》", "")
    return " ".join(text.split()).strip()


def fold_name(text: str) -> str:
    """A header or key as compared: NFKC, lower case, spacing and punctuation at the ends gone."""
    text = unicodedata.normalize("NFKC", text).strip().lower().replace("_", " ").replace("-", " ")
    return " ".join(text.strip(" :：*#`'\"").split())


def role_of(header: str) -> str | None:
    """The role a column or key named ``header`` plays, if its name says so."""
    name = fold_name(header)
    return _BY_NAME.get(name) or _BY_NAME.get(name.rstrip("s")) or _BY_NAME.get(re.sub(r"\s*\(.*\)$", "", name))


# --- people -----------------------------------------------------------------------------------


def person(text: str) -> str:
    """'Vaswani, Ashish' -> 'Ashish Vaswani'; other names as written, spacing tidied."""
    text = " ".join(text.strip().strip(",;").split())
    if text.count(",") == 1:
        last, first = (p.strip() for p in text.split(","))
        if first and last and first.lower().rstrip(".") not in ("jr", "sr", "ii", "iii", "iv"):
            return f"{first} {last}"
    return text


def split_authors(text: str) -> list[str]:
    """People from one text: 'Last, First; Last, First', 'A, B and C', 'A and B', 'A、B' (Chinese lists)."""
    text = " ".join(text.replace("\n", " ").split()).strip()
    if not text:
        return []
    if ";" in text or "；" in text:
        parts = re.split(r"\s*[;；]\s*", text)
        return [person(p) for p in parts if p.strip() and p.strip().lower() not in ("others", "et al")]
    if "、" in text or "，" in text:
        return [p.strip() for p in re.split(r"\s*[、，]\s*", text) if p.strip()]
    parts = re.split(r"\s*,\s*(?:and\s+|&\s*)?|\s+and\s+|\s*&\s*", text)
    people = [p.strip() for p in parts if p.strip()]
    if (
        len(people) == 2
        and len(people[0].split()) == 1
        and len(people[1].split()) <= 2
        and "," in text
        and " and " not in text
    ):
        return [person(text)]  # 'Vaswani, Ashish' is one person
    return [p for p in people if p.lower() not in ("others", "et al", "et al.")]


# --- dates ------------------------------------------------------------------------------------


DateKind = Literal["day", "month", "year", "period"]


@dataclass(frozen=True)
class WrittenDate:
    """A date as the source gives it: a day, a month, a year, or a period (a week, a range)."""

    value: str  # 'YYYY-MM-DD', 'YYYY-MM' or 'YYYY' ('' for a period)
    kind: DateKind


MONTH_NAMES = (
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
)  # fmt: skip
_MON = r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_YEAR = r"(?P<y>(?:19|20)\d{2})"
DATE_PATTERNS: tuple[tuple[re.Pattern[str], DateKind], ...] = (
    (
        re.compile(
            rf"(?<![\d.]){_YEAR}\s*[-./年]\s*(?P<m>\d{{1,2}})\s*[-./月]\s*(?P<d>\d{{1,2}})\s*[日号]?(?![\d.]*\d)"
        ),
        "day",
    ),
    (re.compile(rf"(?<!\d){_YEAR}(?P<m>[01]\d)(?P<d>[0-3]\d)(?!\d)"), "day"),
    (re.compile(rf"\b{_MON}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+{_YEAR}(?!\d)", re.I), "day"),
    (re.compile(rf"(?<!\d)(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MON},?\s+{_YEAR}(?!\d)", re.I), "day"),
    (re.compile(rf"(?<![\d.]){_YEAR}\s*[-./年]\s*(?P<m>\d{{1,2}})(?:\s*月)?(?![\d])"), "month"),
    (re.compile(rf"\b{_MON},?\s+{_YEAR}(?!\d)", re.I), "month"),
    (re.compile(rf"(?<![\d.])(?P<m>\d{{1,2}})\s*[./-]\s*{_YEAR}(?!\d)"), "month"),
    (re.compile(rf"(?<![\d.]){_YEAR}(?:\s*年)?(?![\d.]*\d)"), "year"),
)


def find_date(text: str) -> tuple[WrittenDate, int, int] | None:
    """The most precise date written in ``text`` with where it is, or None."""
    for pattern, kind in DATE_PATTERNS:
        for match in pattern.finditer(text):
            groups = match.groupdict()
            year = int(groups["y"])
            month = int(groups["m"]) if groups.get("m") else month_number(groups.get("mon"))
            try:
                if kind == "day":
                    assert month is not None
                    value = dt.date(year, month, int(groups["d"])).isoformat()
                elif kind == "month":
                    if month is None or not 1 <= month <= 12:
                        continue
                    value = f"{year:04d}-{month:02d}"
                else:
                    value = f"{year:04d}"
            except (ValueError, AssertionError):
                continue
            return WrittenDate(value, kind), match.start(), match.end()
    return None


def month_number(name: str | None) -> int | None:
    """1-12 for a month's English name or abbreviation."""
    if not name:
        return None
    key = name.lower()[:3]
    return MONTH_NAMES.index(key) + 1 if key in MONTH_NAMES else None


def loose_date(text: str) -> str | None:
    """'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' from a cell or a value, or None."""
    found = find_date(text)
    return found[0].value if found and found[0].kind != "period" else None


def day(text: str) -> str | None:
    """A full day 'YYYY-MM-DD' from ``text``, or None when it does not name one."""
    found = loose_date(text)
    return found if found and len(found) == 10 else None


# --- links ------------------------------------------------------------------------------------

PAPER_HOSTS = (
    "openreview.net", "aclanthology.org", "aclweb.org", "proceedings.neurips.cc", "papers.nips.cc", "papers.neurips.cc",
    "proceedings.mlr.press", "openaccess.thecvf.com", "ieeexplore.ieee.org", "dl.acm.org", "ojs.aaai.org",
    "ijcai.org", "link.springer.com", "semanticscholar.org", "www.semanticscholar.org", "jmlr.org",
    "nature.com", "science.org", "sciencedirect.com", "biorxiv.org", "medrxiv.org", "researchgate.net",
)  # fmt: skip
CODE_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "codeberg.org", "gitee.com")
VIDEO_HOSTS = ("youtube.com", "youtu.be", "vimeo.com", "bilibili.com", "b23.tv")
BLOG_HOSTS = (
    "medium.com", "substack.com", "towardsdatascience.com", "zhuanlan.zhihu.com", "mp.weixin.qq.com", "lilianweng.github.io",
    "distill.pub", "thegradient.pub", "jalammar.github.io", "openai.com", "deepmind.google", "ai.googleblog.com",
    "research.google", "ai.meta.com", "blogs.nvidia.com", "mistral.ai", "anthropic.com",
)  # fmt: skip

def host_of(url: str) -> str:
    netloc = urlsplit(url).netloc.lower().rsplit("@", 1)[-1].split(":", 1)[0]
    return netloc.removeprefix("www.")


def on_host(host: str, domains: Iterable[str]) -> bool:
    return any(host == d or host.endswith("." + d) for d in domains)


def link_key(host: str, path: str) -> str:
    """The key a link is kept under, from where it points."""
    lower = path.lower()
    if on_host(host, CODE_HOSTS):
        return "code" if len([p for p in path.split("/") if p]) >= 2 else "link"
    if on_host(host, VIDEO_HOSTS):
        return "video"
    if host in ("twitter.com", "x.com"):
        return "thread"
    if host == "huggingface.co":
        for prefix, key in (
            ("/blog/", "blog"),
            ("/spaces/", "demo"),
            ("/datasets/", "data"),
            ("/papers/", "huggingface"),
            ("/docs/", "docs"),
        ):
            if path.startswith(prefix):
                return key
        return "model"
    if host == "paperswithcode.com":
        return "papers-with-code"
    if host == "openreview.net":
        return "openreview"
    if host == "colab.research.google.com":
        return "colab"
    if host.endswith("semanticscholar.org"):
        return "semantic-scholar"
    if host in ("speakerdeck.com", "slideshare.net") or "/presentation/" in lower or lower.endswith((".ppt", ".pptx")):
        return "slides"
    if lower.endswith(".pdf"):
        return "pdf"
    if (
        on_host(host, BLOG_HOSTS)
        or host.startswith("blog.")
        or re.search(r"/(?:blog|blogs|news|posts?|articles?)/", lower)
    ):
        return "blog"
    if on_host(host, PAPER_HOSTS):
        return "paper"
    if host.endswith(".github.io"):
        return "project"
    return "link"


def web_address(text: str) -> str | None:
    """``text`` as an http(s) address the model accepts, or None."""
    text = text.strip().strip("<>")
    parts = urlsplit(text)
    if parts.scheme in ("http", "https") and parts.netloc and not re.search(r"[\s<>\"]", text):
        return text
    return None


def identifiers_in(url: str) -> tuple[str | None, str | None]:
    """The arXiv id and DOI an address names (arxiv.org abs/pdf/html, doi.org, arXiv's own DOIs)."""
    host = urlsplit(url).netloc.lower()
    if host.endswith("arxiv.org"):
        return arxiv_in_text(url), None
    if host.endswith("doi.org"):
        doi = clean_doi(url.split("doi.org/", 1)[1]) if "doi.org/" in url else None
        return arxiv_of_doi(doi) if doi else None, doi
    return None, None


def link_kind(url: str, taken: dict[str, str] | None = None) -> str:
    """The key an item's own address goes under in ``links`` (code, blog, video, pdf... else paper), unique in ``taken``."""
    parts = urlsplit(url)
    kind = link_key(host_of(url), parts.path)
    kind = "paper" if kind == "link" else kind
    if taken is None or kind not in taken:
        return kind
    n = 2
    while f"{kind}-{n}" in taken:
        n += 1
    return f"{kind}-{n}"


# --- notes written as HTML (Zotero) ----------------------------------------------------------------


def html_to_markdown(html: str) -> str:
    """A note written as HTML, as Markdown: cleaned first (scripts and their text gone), then converted."""
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        strip_comments=True,
    )
    text = markdownify(clean, heading_style="ATX", bullets="-", escape_underscores=False, escape_asterisks=False)
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


# --- a record given as named values (a CSV row, a note's front matter) -----------------------------

STATUSES = {
    "read": "read", "done": "read", "finished": "read", "complete": "read", "completed": "read", "已读": "read",
    "读完": "read", "已完成": "read", "完成": "read", "reading": "reading", "in progress": "reading", "在读": "reading",
    "正在读": "reading", "to read": "to-read", "to-read": "to-read", "toread": "to-read", "todo": "to-read",
    "unread": "to-read", "want to read": "to-read", "not started": "to-read", "backlog": "to-read",
    "queued": "to-read", "未读": "to-read", "待读": "to-read",
    "skimmed": "skimmed", "skim": "skimmed", "略读": "skimmed", "粗读": "skimmed",
}  # fmt: skip
CHECKED = {
    "x", "[x]", "✓", "✔", "✔️", "✅", "☑", "☑️", "√", "yes", "y", "true", "1", "done", "read",
    "是", "已读", "完成", "已完成", "读完",
}  # fmt: skip
UNCHECKED = {"", "[ ]", "✗", "✘", "❌", "☐", "×", "no", "n", "false", "0", "否", "未读", "待读", "-"}


def as_texts(value: object) -> list[str]:
    """A value that may be one text or a list of them, as a list of non-empty texts."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [t for v in value for t in as_texts(v)]
    text = str(value).strip()
    return [text] if text else []


def split_list(text: str) -> list[str]:
    """'a; b', 'a, b', '#a #b' or one item per line, as items."""
    if "\n" in text:
        return [t.strip(" -*•") for t in text.splitlines() if t.strip(" -*•")]
    if ";" in text or "；" in text:
        return [t.strip() for t in re.split(r"[;；]", text) if t.strip()]
    if "#" in text and re.fullmatch(r"(?:\s*#[^\s#]+)+\s*", text):
        return re.findall(r"#([^\s#]+)", text)
    return [t.strip() for t in re.split(r"[,，、]", text) if t.strip()]


def rating(value: object) -> int | None:
    """1-5 from 4, '4/5', '★★★★☆', '⭐⭐⭐'."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 1 <= value <= 5 else None
    text = str(value).strip()
    stars = text.count("★") + text.count("⭐")
    if stars:
        return min(stars, 5)
    match = re.match(r"(\d+(?:\.\d+)?)\s*(?:/\s*(\d+))?", text)
    if not match:
        return None
    number = float(match[1])
    if match[2] and int(match[2]) not in (0, 5):
        number = number * 5 / int(match[2])
    whole = round(number)
    return whole if 1 <= whole <= 5 else None


def fill(found: Found, role: str, value: object) -> None:
    """Put one named value where its role says, in the form the model wants (lists extended, not replaced)."""
    texts = as_texts(value)
    if not texts or role == "ignore":
        return
    text = " ".join(texts) if role not in ("authors", "tags", "alias", "topic", "links", "org", "read") else ""
    if role == "title":
        found.title = found.title or " ".join(text.split())
    elif role == "authors":
        for item in texts:
            found.authors += split_authors(item) if not isinstance(value, list) else [person(item)]
    elif role == "published":
        date = loose_date(text)
        if date and (not found.published or (date.startswith(found.published) and len(date) > len(found.published))):
            found.published = date  # a day or month beats the year alone (Zotero's Date after Publication Year)
    elif role == "venue":
        found.venue = found.venue or " ".join(text.split())
    elif role == "arxiv":
        found.arxiv = found.arxiv or bare_arxiv(text) or arxiv_in_text(text)
    elif role == "doi":
        found.doi = found.doi or clean_doi(text)
        found.arxiv = found.arxiv or arxiv_of_doi(found.doi)
    elif role in ("url", "code", "links"):
        for item in texts:
            for address in re.findall(r"https?://[^\s<>\"'\])]+", item) or [item]:
                add_link(found, address, "code" if role == "code" else None)
    elif role == "summary":
        found.summary = found.summary or " ".join(text.split())
    elif role in ("notes", "abstract"):
        name = "notes" if role == "notes" else "abstract"
        found.notes[name if name not in found.notes else f"{name} {len(found.notes) + 1}"] = text.strip()
    elif role == "read":
        found.read += [d for d in (day(t) for t in texts) if d]
    elif role == "done":
        mark = fold_name(text)
        if mark in CHECKED or day(text):
            found.status = "read"
            found.read += [d for d in [day(text)] if d]
        elif mark in UNCHECKED:
            found.status = found.status or "to-read"
    elif role == "status":
        found.status = STATUSES.get(fold_name(text).replace("-", " "), STATUSES.get(fold_name(text), found.status))
    elif role == "topic":
        for item in texts:
            for topic in split_list(item) if not isinstance(value, list) else [item]:
                path = tuple(p.strip() for p in re.split(r"\s*[/>›]\s*", topic.strip("#")) if p.strip())
                if path and path not in found.topics:
                    found.topics.append(path)
    elif role == "tags":
        for item in texts:
            found.tags += [t.lstrip("#") for t in (split_list(item) if not isinstance(value, list) else [item])]
    elif role == "alias":
        found.aliases += [a for t in texts for a in (split_list(t) if not isinstance(value, list) else [t])]
    elif role == "added":
        found.added = found.added or day(text)
    elif role == "rating":
        found.rating = found.rating or rating(value if not isinstance(value, list) else text)
    elif role == "org":
        found.org += [o for t in texts for o in split_list(t)]


def add_link(found: Found, address: str, kind: str | None = None) -> None:
    """An address: the paper's arXiv id or DOI if it names one, else a link under its kind."""
    url = web_address(address)
    if url is None:
        doi = clean_doi(address)
        if doi:
            found.doi = found.doi or doi
        elif bare_arxiv(address) or address.lower().startswith("arxiv:"):
            found.arxiv = found.arxiv or bare_arxiv(address) or arxiv_in_text(address)
        return
    arxiv, doi = identifiers_in(url)
    if arxiv or doi:
        found.arxiv = found.arxiv or arxiv
        found.doi = found.doi or doi
        return
    if url in found.links.values():
        return
    key = kind if kind and kind not in found.links else link_kind(url, found.links)
    found.links[key] = url
