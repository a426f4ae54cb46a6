"""Typed records for everything in the data file, and the rules each field follows.

Each field's ``description`` is user documentation: the JSON Schema (for editors) and
the "Data format" page are both generated from it.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
import zoneinfo
from collections.abc import Iterator
from dataclasses import dataclass
from types import UnionType
from typing import Annotated, Any, ClassVar, Literal, Union, get_args, get_origin
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    WithJsonSchema,
    model_validator,
)

from .identifiers import (
    ARXIV_PATTERN,
    DOI_PATTERN,
    arxiv_pdf_url,
    arxiv_problem,
    arxiv_url,
    doi_problem,
    doi_url,
    main_url,
)

# ---------------------------------------------------------------------------
# Scalars


SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
LANG_RE = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")
DATE_RE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
LOOSE_DATE_RE = re.compile(r"(\d{4})[./年-](\d{1,2})(?:[./月-](\d{1,2})日?)?")
RESERVED_IDS = frozenset({"index"})


def suggest_slug(value: str) -> str:
    """An ASCII slug close to ``value``: accents folded, other characters turned to hyphens."""
    folded = unicodedata.normalize("NFKD", value.replace("×", "x")).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", folded.lower()))


def _slug(value: str) -> str:
    if not SLUG_RE.fullmatch(value):
        hint = suggest_slug(value)
        suggestion = f"; try '{hint}'" if hint else ""
        raise ValueError(
            f"'{value}' is not a valid id: use lowercase ASCII letters, digits and single"
            f" hyphens, e.g. 'attention-is-all-you-need'{suggestion}"
        )
    if value in RESERVED_IDS:
        raise ValueError(f"'{value}' is reserved for index pages; choose another id")
    return value


def _one_line(value: str) -> str:
    value = value.strip()
    if not value:
        raise ValueError("must not be empty")
    if "\n" in value or "\r" in value:
        raise ValueError("must be a single line of text")
    return value


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value


def _url(value: str) -> str:
    value = value.strip()
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or re.search(r"[\s<>\"]", value):
        raise ValueError(f"'{value}' is not a web address: expected an http:// or https:// URL")
    return value


def _arxiv(value: str) -> str:
    value = value.strip()
    problem = arxiv_problem(value)
    if problem:
        raise ValueError(problem)
    return value


def _doi(value: str) -> str:
    value = value.strip()
    problem = doi_problem(value)
    if problem:
        raise ValueError(problem)
    return value


def _lang(value: str) -> str:
    if not LANG_RE.fullmatch(value):
        raise ValueError(f"'{value}' is not a language code: expected e.g. 'en', 'zh' or 'zh-Hant'")
    return value


def _rating(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
        raise ValueError(f"expected a whole number from 1 to 5, got {value!r}")
    return value


def _minutes(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 1440:
        raise ValueError(f"expected a number of minutes from 1 to 1440, got {value!r}")
    return value


def _loose_date_hint(value: str) -> str:
    loose = LOOSE_DATE_RE.fullmatch(value.strip())
    if not loose:
        return ""
    parts = [loose[1]] + [f"{int(p):02d}" for p in loose.groups()[1:] if p]
    return f"; write it as {'-'.join(parts)}"


GITHUB_RE = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}")
ORCID_RE = re.compile(r"\d{4}-\d{4}-\d{4}-\d{3}[\dX]")
_WHEN_RE = re.compile(
    r"(\d{4}-\d{2}-\d{2})(?:[ T](\d{1,2}):(\d{2})(?:\s*(Z|[+-]\d{2}:?\d{2}|[A-Za-z_]+(?:/[A-Za-z0-9_+-]+)*))?)?"
)


def _github(value: str) -> str:
    value = value.strip()
    if value.startswith("@") or "github.com" in value:
        bare = value.rstrip("/").rsplit("/", 1)[-1].lstrip("@")
        raise ValueError(f"'{value}' is not a GitHub user name: write the name alone, '{bare}'")
    if not GITHUB_RE.fullmatch(value):
        raise ValueError(f"'{value}' is not a GitHub user name: letters, digits and single hyphens, e.g. 'octocat'")
    return value


def _orcid(value: str) -> str:
    value = value.strip()
    if "orcid.org" in value:
        raise ValueError(f"'{value}' is an address: write the bare iD, e.g. '{value.rstrip('/').rsplit('/', 1)[-1]}'")
    if not ORCID_RE.fullmatch(value):
        raise ValueError(f"'{value}' is not an ORCID iD: expected four groups of four digits, e.g. 0000-0002-1825-0097")
    total = 0
    for digit in value.replace("-", "")[:-1]:
        total = (total + int(digit)) * 2
    check = (12 - total % 11) % 11
    if value[-1] != ("X" if check == 10 else str(check)):
        raise ValueError(f"'{value}' is not an ORCID iD: its last character does not match the others (a typo?)")
    return value


@dataclass(frozen=True, order=True)
class PartialDate:
    """A publication date known to the year, the month or the day (missing parts are 0)."""

    year: int
    month: int = 0
    day: int = 0

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month:
            text += f"-{self.month:02d}"
        if self.day:
            text += f"-{self.day:02d}"
        return text

    @property
    def first_day(self) -> dt.date:
        """The earliest day this date can mean."""
        return dt.date(self.year, self.month or 1, self.day or 1)


def date_key(date: PartialDate | None) -> tuple[int, int, int]:
    """A date's place in order, as a tuple (compared in C: sorting ten thousand papers by PartialDate's own
    comparison was a tenth of a rebuild); no date comes first."""
    return (date.year, date.month, date.day) if date is not None else (0, 0, 0)


def parse_partial_date(value: Any) -> PartialDate:
    """Read YYYY, YYYY-MM or YYYY-MM-DD (a bare YAML integer counts as a year)."""
    if isinstance(value, PartialDate):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        value = f"{value:04d}" if value >= 0 else str(value)
    if not isinstance(value, str):
        raise ValueError(f"expected a date as YYYY, YYYY-MM or YYYY-MM-DD, got {value!r}")
    match = DATE_RE.fullmatch(value.strip())
    if not match:
        raise ValueError(
            f"'{value}' is not a date: expected YYYY, YYYY-MM or YYYY-MM-DD{_loose_date_hint(value)}"
        )
    year, month, day = (int(g) if g else 0 for g in match.groups())
    try:
        dt.date(year, month or 1, day or 1)
    except ValueError:
        raise ValueError(f"'{value}' is not a real date") from None
    return PartialDate(year, month, day)


def parse_day(value: Any) -> dt.date:
    """Read a full YYYY-MM-DD date."""
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not DATE_RE.fullmatch(value.strip()) or value.count("-") != 2:
        shown = value if isinstance(value, str) else repr(value)
        hint = _loose_date_hint(value) if isinstance(value, str) else ""
        raise ValueError(f"'{shown}' is not a day: expected YYYY-MM-DD{hint}")
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"'{value}' is not a real date") from None


@dataclass(frozen=True)
class When:
    """A session's day, and its time and time zone when they are given (a time without a zone is local to everyone)."""

    day: dt.date
    time: dt.time | None = None
    zone: str | None = None  # an IANA name such as 'Europe/Berlin', or a UTC offset such as '+01:00'

    def __str__(self) -> str:
        text = self.day.isoformat()
        if self.time is not None:
            text += f" {self.time:%H:%M}"
        if self.zone is not None:
            text += f" {self.zone}"
        return text

    @property
    def sort_key(self) -> tuple[dt.date, dt.time]:
        """Day first, then time (a session without a time comes first on its day)."""
        return self.day, self.time or dt.time.min

    @property
    def start(self) -> dt.datetime | None:
        """When it starts, aware of its time zone if it has one; None for a day without a time."""
        if self.time is None:
            return None
        start = dt.datetime.combine(self.day, self.time)
        return start.replace(tzinfo=_tzinfo(self.zone)) if self.zone else start


def _tzinfo(zone: str) -> dt.tzinfo:
    """A zone of When: 'Z', an offset such as '+01:00', or an IANA name."""
    if zone == "Z":
        return dt.timezone.utc
    if zone[0] in "+-":
        hours, minutes = int(zone[1:3]), int(zone[-2:])
        sign = 1 if zone[0] == "+" else -1
        return dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes))
    return zoneinfo.ZoneInfo(zone)


def parse_when(value: Any) -> When:
    """Read YYYY-MM-DD, optionally followed by HH:MM and a time zone (an IANA name, an offset or Z)."""
    if isinstance(value, When):
        return value
    if isinstance(value, dt.date):
        return When(value)
    shown = value if isinstance(value, str) else repr(value)
    match = _WHEN_RE.fullmatch(value.strip()) if isinstance(value, str) else None
    if match is None:
        hint = _loose_date_hint(value) if isinstance(value, str) else ""
        raise ValueError(
            f"'{shown}' is not a session date: expected YYYY-MM-DD, optionally with a time and a time zone,"
            f" e.g. '2025-03-04 18:00 Europe/Berlin'{hint}"
        )
    day_text, hour, minute, zone = match.groups()
    try:
        day = dt.date.fromisoformat(day_text)
    except ValueError:
        raise ValueError(f"'{day_text}' is not a real date") from None
    if hour is None:
        return When(day)
    if int(hour) > 23 or int(minute) > 59:
        raise ValueError(f"'{hour}:{minute}' is not a time of day: expected HH:MM from 00:00 to 23:59")
    time = dt.time(int(hour), int(minute))
    if zone is None:
        return When(day, time)
    if zone[0] in "+-":
        digits = zone[1:].replace(":", "")
        if int(digits[:2]) > 18 or int(digits[2:]) > 59:
            raise ValueError(f"'{zone}' is not a UTC offset: expected +HH:MM, e.g. +01:00")
        zone = f"{zone[0]}{digits[:2]}:{digits[2:]}"
    elif zone != "Z":
        try:
            zoneinfo.ZoneInfo(zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            close = difflib.get_close_matches(zone, sorted(zoneinfo.available_timezones()), n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ": use an IANA name such as 'Europe/Berlin', or an offset such as +01:00"
            raise ValueError(f"unknown time zone '{zone}'{hint}") from None
    return When(day, time, zone)


def _one_or_many(value: Any) -> Any:
    """Let a single value stand where a list is allowed (``read: 2024-01-02``)."""
    return [value] if isinstance(value, (str, int, dt.date)) and not isinstance(value, bool) else value


def _schema(schema: dict[str, Any]) -> WithJsonSchema:
    return WithJsonSchema(schema)


@dataclass(frozen=True)
class Role:
    """What a field's text is to the rest of the program, beside its type.

    Read from the model by ``marked_values``, so that a new Markdown field is link-checked
    and a new reference is resolved without being listed anywhere else.
    """

    kind: Literal["markdown", "inline-markdown", "math-text", "reference", "plain"]
    target: str | None = None  # for a reference: the kind of record it names ("paper", "topic")


MARKDOWN = Role("markdown")
INLINE_MARKDOWN = Role("inline-markdown")
MATH_TEXT = Role("math-text")  # plain text whose $...$ math is typeset

Slug = Annotated[str, AfterValidator(_slug), _schema({"type": "string", "pattern": SLUG_PATTERN})]
OneLine = Annotated[str, AfterValidator(_one_line), _schema({"type": "string", "minLength": 1})]
Markdown = Annotated[
    str,
    AfterValidator(_not_blank),
    _schema({"type": "string", "minLength": 1, "description": "Markdown"}),
    MARKDOWN,
]
InlineMarkdown = Annotated[
    str, AfterValidator(_one_line), _schema({"type": "string", "minLength": 1}), INLINE_MARKDOWN
]
MathLine = Annotated[str, AfterValidator(_one_line), _schema({"type": "string", "minLength": 1}), MATH_TEXT]
PaperId = Annotated[Slug, Role("reference", "paper")]
TopicId = Annotated[Slug, Role("reference", "topic")]
ReaderId = Annotated[Slug, Role("reference", "reader")]
GitHubHandle = Annotated[
    str, AfterValidator(_github), _schema({"type": "string", "pattern": r"^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$"})
]
Orcid = Annotated[str, AfterValidator(_orcid), _schema({"type": "string", "pattern": r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$"})]
SessionDate = Annotated[
    When,
    PlainValidator(parse_when),
    PlainSerializer(str),
    _schema(
        {
            "type": "string",
            "pattern": r"^\d{4}-\d{2}-\d{2}([ T]\d{1,2}:\d{2}(\s*\S+)?)?$",
            "examples": ["2025-03-04", "2025-03-04 18:00", "2025-03-04 18:00 Europe/Berlin"],
        }
    ),
]
Minutes = Annotated[int, PlainValidator(_minutes), _schema({"type": "integer", "minimum": 1, "maximum": 1440})]
Url = Annotated[str, AfterValidator(_url), _schema({"type": "string", "format": "uri", "pattern": "^https?://"})]
ArxivId = Annotated[
    str,
    # an unquoted id like 2106.09685 is a number to YAML tooling; we read it as text
    AfterValidator(_arxiv),
    _schema({"type": ["string", "number"], "pattern": ARXIV_PATTERN}),
]
Doi = Annotated[str, AfterValidator(_doi), _schema({"type": "string", "pattern": DOI_PATTERN})]
Lang = Annotated[str, AfterValidator(_lang), _schema({"type": "string", "examples": ["en", "zh"]})]
Rating = Annotated[int, PlainValidator(_rating), _schema({"type": "integer", "minimum": 1, "maximum": 5})]
PublishedDate = Annotated[
    PartialDate,
    PlainValidator(parse_partial_date),
    PlainSerializer(str),
    _schema(
        {
            "type": ["string", "integer"],
            "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$",
            "examples": ["2017", "2017-06", "2017-06-12"],
        }
    ),
]
Day = Annotated[
    dt.date,
    PlainValidator(parse_day),
    PlainSerializer(lambda d: d.isoformat()),
    _schema({"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}),
]
DayList = Annotated[
    list[Day],
    BeforeValidator(_one_or_many),
    _schema(
        {
            "anyOf": [
                {"type": "string", "format": "date"},
                {"type": "array", "items": {"type": "string", "format": "date"}},
            ]
        }
    ),
]
OneLineList = Annotated[
    list[OneLine],
    BeforeValidator(lambda v: [v] if isinstance(v, str) else v),
    _schema({"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}),
]
LinkKey = Annotated[str, AfterValidator(_slug), _schema({"type": "string", "pattern": SLUG_PATTERN})]
# a volume, an issue or pages: text, though YAML reads 'volume: 33' as a number
NumberLine = Annotated[
    str,
    BeforeValidator(lambda v: str(v) if isinstance(v, int) and not isinstance(v, bool) else v),
    AfterValidator(_one_line),
    _schema({"type": ["string", "integer"], "minLength": 1}),
]

Status = Literal["to-read", "reading", "read", "skimmed"]
Kind = Literal["paper", "report", "survey", "blog", "repo", "book", "talk", "thesis", "dataset", "other"]
VenueKind = Literal["conference", "journal"]


# ---------------------------------------------------------------------------
# Records


class Record(BaseModel):
    """Base for every record: strict types, unknown keys refused, immutable."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True, arbitrary_types_allowed=True)

    noun: ClassVar[str] = "record"  # what messages call it
    link_scheme: ClassVar[str | None] = None  # 'paper' for Markdown links such as [LoRA](paper:lora)
    page_folder: ClassVar[str | None] = None  # where its pages are, when not its section's name


class Figure(Record):
    """An image with a caption, shown on the paper's page."""

    noun: ClassVar[str] = "figure"

    src: str = Field(
        description="Image address: an https:// URL, or a path inside docs/ such as"
        " 'figures/sam-overview.png'."
    )
    caption: Markdown | None = Field(None, description="Caption, Markdown.")
    alt: OneLine | None = Field(None, description="Text for screen readers; defaults to the caption.")

    @model_validator(mode="after")
    def _check_src(self) -> Figure:
        src = self.src.strip()
        if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", src):
            _url(src)
        elif not src or src.startswith(("/", "\\")) or ".." in src.replace("\\", "/").split("/"):
            raise ValueError(
                f"figure src '{self.src}' must be an http(s) URL or a path inside docs/"
                " such as 'figures/x.png'"
            )
        return self


class Paper(Record):
    """One paper (or post, repository, report...) and your notes on it."""

    noun: ClassVar[str] = "paper"
    link_scheme: ClassVar[str | None] = "paper"

    id: Slug = Field(description="Unique slug; the page lives at papers/<id>/.", examples=["attention-is-all-you-need"])
    title: MathLine = Field(
        description="The official title, as published; math between dollar signs is typeset.",
        examples=["Attention Is All You Need"],
    )
    kind: Kind = Field("paper", description="What the item is.", examples=["paper"])
    aliases: list[OneLine] = Field(
        default_factory=list,
        description="Short names people use, e.g. [GPT-3]. The first is shown as the short name.",
        examples=[["Short name"]],
    )
    authors: list[OneLine] = Field(
        default_factory=list, description="Authors in order, 'First Last'.", examples=[["First Author", "Second Author"]]
    )
    published: PublishedDate | None = Field(
        None, description="Publication date: YYYY, YYYY-MM or YYYY-MM-DD.", examples=["2024-05"]
    )
    venue: OneLine | None = Field(None, description="Where it appeared, e.g. 'NeurIPS 2020'.", examples=["NeurIPS 2024"])
    venue_kind: VenueKind | None = Field(
        None,
        description="Conference or journal, when the venue's name does not say which (BibTeX: @inproceedings or"
        " @article).",
        examples=["conference"],
    )
    volume: NumberLine | None = Field(None, description="The journal's or series' volume.", examples=[33])
    issue: NumberLine | None = Field(None, description="The journal's issue (BibTeX's number).", examples=[4])
    pages: NumberLine | None = Field(None, description="Pages, e.g. 1877–1901.", examples=["1877–1901"])
    publisher: OneLine | None = Field(
        None, description="Who published it, e.g. 'Curran Associates' (not an affiliation: that is org).",
        examples=["Curran Associates"],
    )
    org: OneLineList = Field(
        default_factory=list, description="Organisation(s) behind it; one name or a list.", examples=["Some Lab"]
    )
    arxiv: ArxivId | None = Field(
        None, description="arXiv id, e.g. 2106.09685 (no URL, no 'arXiv:').", examples=["2106.09685"]
    )
    doi: Doi | None = Field(
        None, description="DOI, e.g. 10.18653/v1/N19-1423 (no URL).", examples=["10.1145/3292500.3330701"]
    )
    links: dict[LinkKey, Url] = Field(
        default_factory=dict,
        description="Other links by kind: pdf, code, project, blog, video, slides, data, demo...",
        examples=[{"code": "https://github.com/owner/repo", "project": "https://example.org"}],
    )
    topics: list[TopicId] = Field(
        default_factory=list, description="Topic ids from the topics registry.", examples=[["topic-id"]]
    )
    tags: list[OneLine] = Field(
        default_factory=list,
        description="Free keywords, e.g. tags brought over from Zotero; search finds the paper by them.",
        examples=[["contrastive", "to-cite"]],
    )
    status: Status = Field(
        "to-read",
        description="to-read, reading, read or skimmed. Defaults to read when read dates are given.",
        examples=["to-read"],
    )
    read: DayList = Field(
        default_factory=list,
        description="The day you read it (YYYY-MM-DD), or a list of days for re-reads.",
        examples=["2024-05-02"],
    )
    added: Day | None = Field(
        None,
        description="The day it entered your library (YYYY-MM-DD), e.g. Zotero's date added; the to-read queue"
        " lists the oldest first.",
        examples=["2024-04-28"],
    )
    rating: Rating | None = Field(None, description="Your rating, 1 to 5.", examples=[4])
    lang: Lang = Field("en", description="Language of your notes: en, zh...", examples=["en"])
    summary: MathLine | None = Field(
        None,
        description="One line: what the paper does; math between dollar signs is typeset.",
        examples=["One line on what the paper does."],
    )
    notes: dict[OneLine, Markdown] = Field(
        default_factory=dict,
        description="Structured notes: section name to Markdown, shown in the order written"
        " (gap, method, results, thoughts... or any names you like).",
        examples=[
            {
                "gap": "What was missing before.",
                "method": "How it works; math as $x^2$.",
                "results": "What it finds.",
                "thoughts": "What you make of it.",
            }
        ],
    )
    body: Markdown | None = Field(
        None,
        description="Free Markdown shown after the notes; math with $...$.",
        examples=["Free Markdown after the notes.\n"],
    )
    figures: list[Figure] = Field(
        default_factory=list,
        description="Images with captions.",
        examples=[[{"src": "https://example.org/figure.png", "caption": "What the figure shows."}]],
    )
    related: list[PaperId] = Field(
        default_factory=list,
        description="Ids of related papers; each is linked back automatically.",
        examples=[["other-paper-id"]],
    )
    votes: list[ReaderId] = Field(
        default_factory=list,
        description="In a reading group, on a to-read paper: the ids of the readers who want it discussed; the to-read"
        " queue puts the most wanted first.",
        examples=[["reader-id"]],
    )

    @model_validator(mode="before")
    @classmethod
    def _default_status(cls, data: Any) -> Any:
        if isinstance(data, dict) and "status" not in data and data.get("read"):
            return {**data, "status": "read"}
        return data

    @property
    def short_name(self) -> str | None:
        """The name people call it by, if any."""
        return self.aliases[0] if self.aliases else None

    @property
    def main_url(self) -> str | None:
        """The paper's main address: arXiv, its DOI, or its most paper-like link."""
        return main_url(self.arxiv, self.doi, self.links)

    @property
    def arxiv_url(self) -> str | None:
        """Its abstract page on arXiv."""
        return arxiv_url(self.arxiv) if self.arxiv else None

    @property
    def arxiv_pdf_url(self) -> str | None:
        """Its PDF on arXiv."""
        return arxiv_pdf_url(self.arxiv) if self.arxiv else None

    @property
    def doi_url(self) -> str | None:
        """Its DOI's resolver address."""
        return doi_url(self.doi) if self.doi else None


class Topic(Record):
    """A topic; topics nest through ``parent``."""

    noun: ClassVar[str] = "topic"
    link_scheme: ClassVar[str | None] = "topic"

    id: Slug = Field(description="Unique slug; the page lives at topics/<id>/.")
    name: OneLine = Field(description="Display name.")
    aliases: list[OneLine] = Field(
        default_factory=list,
        description="Other names for the topic, e.g. [GNN, 图神经网络]: searching for one finds the topic's page.",
        examples=[["GNN", "图神经网络"]],
    )
    parent: TopicId | None = Field(None, description="Id of the parent topic, for nesting.")
    description: Markdown | None = Field(None, description="What the topic covers, Markdown.")
    table: list[OneLine] = Field(
        default_factory=list,
        description="Note sections to compare side by side on the topic's page: one row per paper, one column"
        " per section, e.g. [method, data, results].",
        examples=[["method", "data", "results"]],
    )


class JournalEntry(Record):
    """A dated journal entry that is not one paper's notes."""

    noun: ClassVar[str] = "journal entry"
    link_scheme: ClassVar[str | None] = "journal"
    page_folder: ClassVar[str | None] = "journal"

    date: Day = Field(description="The day, YYYY-MM-DD.")
    title: OneLine = Field(description="A short title.")
    id: Slug | None = Field(None, description="Slug for its page; defaults to the date (plus -2, -3... on a busy day).")
    body: Markdown = Field(description="The entry, Markdown.")
    papers: list[PaperId] = Field(default_factory=list, description="Ids of papers the entry is about.")
    topics: list[TopicId] = Field(default_factory=list, description="Topic ids.")
    lang: Lang = Field("en", description="Language of the entry.")


class CollectionItem(Record):
    """One paper in a collection, with why it is there."""

    noun: ClassVar[str] = "item"

    paper: PaperId = Field(description="Id of the paper.")
    comment: Markdown | None = Field(None, description="Why it is in the list, Markdown.")
    section: OneLine | None = Field(
        None, description="Heading this item falls under, e.g. 'Speed round'; consecutive items share it."
    )


class Collection(Record):
    """A curated, ordered reading list."""

    noun: ClassVar[str] = "collection"
    link_scheme: ClassVar[str | None] = "collection"

    id: Slug = Field(description="Unique slug; the page lives at collections/<id>/.")
    title: OneLine = Field(description="Title of the list.")
    date: PublishedDate | None = Field(None, description="When the list was made: YYYY, YYYY-MM or YYYY-MM-DD.")
    source: Url | None = Field(None, description="Where the list first appeared, if elsewhere.")
    intro: Markdown | None = Field(None, description="Introduction, Markdown.")
    lang: Lang = Field("en", description="Language of the intro and comments.")
    items: list[CollectionItem] = Field(min_length=1, description="The papers, in order.")


class Author(Record):
    """A person as the library should show them, and the other ways papers write their name."""

    noun: ClassVar[str] = "author"

    name: OneLine = Field(description="The name to show, e.g. 'Kaiming He'.")
    aliases: list[OneLine] = Field(
        default_factory=list, description="Other spellings in papers' author lists, e.g. ['K. He']; they count as this person."
    )
    url: Url | None = Field(None, description="A home page.")


class Reader(Record):
    """A member of a reading group; their notes on a paper are in data/readers/<id>/<paper-id>.yaml."""

    noun: ClassVar[str] = "reader"
    link_scheme: ClassVar[str | None] = "reader"

    id: Slug = Field(
        description="Unique slug: the folder of their notes, data/readers/<id>/, and their page, readers/<id>/.",
        examples=["ada"],
    )
    name: OneLine = Field(description="The name to show, e.g. 'Ada Lovelace'.", examples=["Ada Lovelace"])
    github: GitHubHandle | None = Field(
        None,
        description="GitHub user name, without @: `python -m macros codeowners` makes them the owner of their folder.",
        examples=["octocat"],
    )
    url: Url | None = Field(None, description="A home page.", examples=["https://example.org/ada"])
    orcid: Orcid | None = Field(None, description="ORCID iD, e.g. 0000-0002-1825-0097 (no URL).", examples=["0000-0002-1825-0097"])


class Session(Record):
    """A meeting of the reading group: when, which papers, who presents."""

    noun: ClassVar[str] = "session"
    link_scheme: ClassVar[str | None] = "session"

    date: SessionDate = Field(
        description="The day, YYYY-MM-DD, optionally with a time and a time zone: '2025-03-04 18:00 Europe/Berlin'"
        " (an IANA name, an offset such as +01:00, or Z). A time without a zone is the same clock time everywhere.",
        examples=["2025-03-04 18:00 Europe/Berlin"],
    )
    id: Slug | None = Field(
        None, description="Slug for its page, sessions/<id>/; defaults to the date (plus -2, -3... on a busy day)."
    )
    title: OneLine | None = Field(None, description="A title; defaults to the papers' short names.")
    papers: list[PaperId] = Field(default_factory=list, description="Ids of the papers discussed.", examples=[["paper-id"]])
    presenter: ReaderId | None = Field(None, description="Id of the reader who presents.", examples=["reader-id"])
    location: OneLine | None = Field(None, description="Where: a room, or 'online'.", examples=["Room 2.14"])
    links: dict[LinkKey, Url] = Field(
        default_factory=dict,
        description="Links by kind: slides, video, recording, call, notes...",
        examples=[{"slides": "https://example.org/slides.pdf", "video": "https://example.org/recording"}],
    )
    duration: Minutes | None = Field(
        None, description="Length in minutes, for calendars (a session with a time lasts 60 unless told).", examples=[90]
    )
    body: Markdown | None = Field(None, description="Agenda or minutes, Markdown.")
    lang: Lang = Field("en", description="Language of the title and body.")


class ReaderNotes(Record):
    """One reader's take on one paper: the file data/readers/<reader-id>/<paper-id>.yaml."""

    noun: ClassVar[str] = "notes"

    read: DayList = Field(
        default_factory=list,
        description="The day they read it (YYYY-MM-DD), or a list of days for re-reads.",
        examples=["2024-05-02"],
    )
    status: Status = Field(
        "reading",
        description="to-read, reading, read or skimmed. Defaults to read when read dates or a rating are given,"
        " else reading.",
        examples=["read"],
    )
    rating: Rating | None = Field(None, description="Their rating, 1 to 5.", examples=[4])
    summary: MathLine | None = Field(
        None, description="One line: their take on the paper; math between dollar signs is typeset.",
        examples=["One line on what they make of it."],
    )
    notes: dict[OneLine, Markdown] = Field(
        default_factory=dict,
        description="Structured notes: section name to Markdown, shown in the order written, as a paper's.",
        examples=[{"method": "How it works, as they read it.", "thoughts": "What they make of it."}],
    )
    body: Markdown | None = Field(
        None, description="Free Markdown shown after the notes; math with $...$.", examples=["Free Markdown after the notes."]
    )
    lang: Lang | None = Field(
        None, description="Language of these notes, when it is not the paper's (en, zh...).", examples=["zh"]
    )

    @model_validator(mode="before")
    @classmethod
    def _default_status(cls, data: Any) -> Any:
        if isinstance(data, dict) and "status" not in data and (data.get("read") or data.get("rating") is not None):
            return {**data, "status": "read"}
        return data


class TodoItem(Record):
    """A pending task or paper to find; items nest."""

    noun: ClassVar[str] = "todo"

    text: InlineMarkdown = Field(description="What is pending (inline Markdown).")
    done: bool = Field(False, description="Ticked off.")
    paper: PaperId | None = Field(None, description="Id of the paper it refers to, if it has an entry.")
    items: list[TodoItem] = Field(default_factory=list, description="Sub-items.")


class DataFile(Record):
    """The whole data file, data/papers.yaml."""

    model_config = ConfigDict(
        strict=True,
        extra="forbid",
        frozen=True,
        title="Paper Notes data file",
    )

    papers: list[Paper] = Field(
        default_factory=list,
        description="Every paper, in any order. Required unless the papers have their own files in data/papers/.",
    )
    topics: list[Topic] = Field(default_factory=list, description="The topics registry.")
    log: list[JournalEntry] = Field(default_factory=list, description="Journal entries for the reading log.")
    collections: list[Collection] = Field(default_factory=list, description="Curated reading lists.")
    todo: list[TodoItem] = Field(
        default_factory=list, description="Pending tasks and papers without an entry yet, shown on the to-read page."
    )
    authors: list[Author] = Field(
        default_factory=list,
        description="How to show people whose names are written several ways (only those need an entry).",
    )
    readers: list[Reader] = Field(
        default_factory=list,
        description="The members of a reading group; each one's notes on a paper are in data/readers/<id>/<paper-id>.yaml.",
    )
    sessions: list[Session] = Field(default_factory=list, description="The reading group's meetings, past and planned.")


# the top-level lists of the data file and the record each holds, from DataFile itself
SECTIONS: dict[str, type[Record]] = {name: get_args(info.annotation)[0] for name, info in DataFile.model_fields.items()}
# 'paper' -> 'papers': which list the ids of a Markdown link such as paper:<id> come from
LINKABLE: dict[str, str] = {m.link_scheme: name for name, m in SECTIONS.items() if m.link_scheme}
# 'paper' -> 'papers': the folder of the pages a relative link such as papers/lora/ names
PAGE_FOLDERS: dict[str, str] = {m.link_scheme: m.page_folder or name for name, m in SECTIONS.items() if m.link_scheme}
# the listing pages every site has (the plugin writes those the site does not), which a relative link may name
LISTING_PAGES = ("papers/index.md", "topics/index.md", "authors/index.md", "venues.md", "timeline.md",
                 "collections/index.md", "log.md", "to-read.md", "stats.md")  # fmt: skip
# and those a library has once it declares readers or sessions (a reading group's)
GROUP_LISTING_PAGES = ("readers/index.md", "sessions/index.md")


PLAIN = Role("plain")  # what marked_values(..., plain=True) gives text without a role of its own

Marked = Iterator[tuple[tuple[Any, ...], str, Role]]


def marked_values(model: type[Record], raw: Any, loc: tuple[Any, ...] = (), plain: bool = False) -> Marked:
    """Every text in raw data (valid or not) whose field has a Role, with its location, guided by the model.

    With ``plain``, the texts without a role come too, as PLAIN.
    """
    if not isinstance(raw, dict):
        return
    for name, info in model.model_fields.items():
        if name in raw:
            yield from _marked(info.annotation, list(info.metadata), raw[name], (*loc, name), plain)


def _marked(annotation: Any, metadata: list[Any], value: Any, loc: tuple[Any, ...], plain: bool) -> Marked:
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is Annotated:
        yield from _marked(args[0], [*args[1:], *metadata], value, loc, plain)
        return
    role = next((m for m in metadata if isinstance(m, Role)), None)
    if role is not None:
        if isinstance(value, str):
            yield loc, value, role
        return
    if plain and isinstance(value, str) and annotation is str:
        yield loc, value, PLAIN
        return
    if origin in (Union, UnionType):
        for option in args:
            if option is not type(None):
                yield from _marked(option, [], value, loc, plain)
    elif origin is list and isinstance(value, list):
        for index, item in enumerate(value):
            yield from _marked(args[0], [], item, (*loc, index), plain)
    elif origin is dict and isinstance(value, dict):
        for key, item in value.items():
            yield from _marked(args[1], [], item, (*loc, key), plain)
    elif isinstance(annotation, type) and issubclass(annotation, Record):
        yield from marked_values(annotation, value, loc, plain)
