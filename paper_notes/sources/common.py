"""What several readers need to understand the same way: field names, people, dates, links and HTML notes."""

from __future__ import annotations

import calendar
import datetime as dt
import html
import re
import unicodedata
from urllib.parse import urlsplit

import nh3
from markdownify import markdownify

from ..identifiers import arxiv_in_text, bare_arxiv, clean_doi
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

MONTHS = (
    {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
    | {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
    | {"sept": 9}
)


def clean_title(text: str) -> str:
    """A title as plain text: HTML tags (Zotero's <i>, <sub>, small caps), entities, Markdown links and marks gone."""
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", str(text))
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


def loose_date(text: str) -> str | None:
    """'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' from the ways people write dates, or None.

    2023-05-01 10:00:00, 2023/5/1, 2023.5, 5/2023, 12.2023 (a badge), May 2023, 1 May 2023,
    2023年5月1日; a bare year 1900-2099.
    """
    text = unicodedata.normalize("NFKC", text).strip()
    if not text:
        return None
    match = re.search(r"(?<!\d)((?:19|20)\d\d)\s*[-/.年]\s*(\d{1,2})(?:\s*[-/.月]\s*(\d{1,2}))?(?!\d)", text)
    if match:
        return _date(int(match[1]), int(match[2]), int(match[3]) if match[3] else 0)
    match = re.search(r"(?<!\d)(\d{1,2})\s*[-/.]\s*((?:19|20)\d\d)(?!\d)", text)  # 12.2023, 5/2023
    if match:
        return _date(int(match[2]), int(match[1]), 0)
    match = re.search(r"(?<!\d)(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+((?:19|20)\d\d)(?!\d)", text)
    if match and match[2].lower() in MONTHS:
        return _date(int(match[3]), MONTHS[match[2].lower()], int(match[1]))
    match = re.search(r"\b([A-Za-z]{3,9})\.?\s+(?:(\d{1,2})(?:st|nd|rd|th)?,?\s+)?((?:19|20)\d\d)(?!\d)", text)
    if match and match[1].lower() in MONTHS:
        return _date(int(match[3]), MONTHS[match[1].lower()], int(match[2]) if match[2] else 0)
    match = re.search(r"(?<!\d)((?:19|20)\d\d)(?:年)?(?!\d)", text)
    return match[1] if match else None


def _date(year: int, month: int, day: int) -> str | None:
    if not 1 <= month <= 12:
        return f"{year}"
    if day:
        try:
            dt.date(year, month, day)
        except ValueError:
            return f"{year}-{month:02d}"
        return f"{year}-{month:02d}-{day:02d}"
    return f"{year}-{month:02d}"


def day(text: str) -> str | None:
    """A full day 'YYYY-MM-DD' from ``text``, or None when it does not name one."""
    found = loose_date(text)
    return found if found and len(found) == 10 else None


# --- links ------------------------------------------------------------------------------------

_LINK_KINDS = (
    (r"(^|\.)github\.com$|(^|\.)gitlab\.com$|(^|\.)bitbucket\.org$|(^|\.)gitee\.com$", "code"),
    (r"(^|\.)huggingface\.co$", "huggingface"),
    (r"(^|\.)paperswithcode\.com$", "papers-with-code"),
    (r"(^|\.)openreview\.net$", "openreview"),
    (r"(^|\.)youtube\.com$|(^|\.)youtu\.be$|(^|\.)bilibili\.com$|(^|\.)vimeo\.com$", "video"),
    (
        r"(^|\.)medium\.com$|(^|\.)substack\.com$|(^|\.)zhihu\.com$|(^|\.)mp\.weixin\.qq\.com$|(^|\.)csdn\.net$|blog",
        "blog",
    ),
    (r"(^|\.)semanticscholar\.org$|(^|\.)scholar\.google\.", "scholar"),
    (r"(^|\.)twitter\.com$|(^|\.)x\.com$", "thread"),
)


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


def arxiv_of_doi(doi: str | None) -> str | None:
    """The arXiv id in one of arXiv's DOIs, '10.48550/arXiv.2106.09685' in any case."""
    match = re.fullmatch(r"10\.48550/arxiv\.(.+)", (doi or "").strip(), re.I)
    return bare_arxiv(match[1]) if match else None


def link_kind(url: str, taken: dict[str, str] | None = None) -> str:
    """The key a link goes under in ``links``: code, project, blog, video, pdf..., unique in ``taken``."""
    parts = urlsplit(url)
    host = parts.netloc.lower().removeprefix("www.")
    kind = next((k for pattern, k in _LINK_KINDS if re.search(pattern, host)), "")
    if not kind:
        kind = "pdf" if parts.path.lower().endswith(".pdf") else "project" if host.endswith("github.io") else "paper"
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
    "unread": "to-read", "want to read": "to-read", "not started": "to-read", "backlog": "to-read", "queued": "to-read", "未读": "to-read", "待读": "to-read",
    "skimmed": "skimmed", "skim": "skimmed", "略读": "skimmed", "粗读": "skimmed",
}  # fmt: skip
CHECKED = {
    "x",
    "[x]",
    "✓",
    "✔",
    "✔️",
    "✅",
    "☑",
    "☑️",
    "√",
    "yes",
    "y",
    "true",
    "1",
    "done",
    "read",
    "是",
    "已读",
    "完成",
    "已完成",
    "读完",
}
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
