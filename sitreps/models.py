"""The plain records that flow between the pipeline's stages."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field


@dataclass
class Article:
    id: str
    text: str
    title: str = ""
    url: str | None = None
    outlet: str | None = None
    published: dt.date | None = None
    source: str | None = None  # the file or URL it was read from


@dataclass
class Failure:
    """An input that could not become an article, and why."""

    source: str
    reason: str
    stage: str = "read"
    article_id: str | None = None


@dataclass
class Figure:
    """A reported number of people: 'at least 19' is low=best=19, high=None."""

    low: int | None
    best: int | None
    high: int | None

    def as_dict(self) -> dict:
        return {"low": self.low, "best": self.best, "high": self.high}

    @classmethod
    def from_dict(cls, d: dict | None) -> Figure | None:
        return cls(d.get("low"), d.get("best"), d.get("high")) if d else None


@dataclass
class Evidence:
    article_id: str
    start: int
    end: int
    text: str


@dataclass
class Claim:
    """A figure or a claim of responsibility, with who made it."""

    source: str | None
    article_id: str
    killed: Figure | None = None
    injured: Figure | None = None
    responsibility: bool = False
    text: str = ""


@dataclass
class Actor:
    name: str  # ACLED-style normalized name, e.g. "Police Forces of Afghanistan"
    kind: str  # state | rebel | civilian | political | external
    text: str = ""  # as written in the article


@dataclass
class Place:
    name: str | None = None  # the most specific place named
    country: str | None = None  # ISO 3166-1 alpha-2
    admin1: str | None = None
    admin1_code: str | None = None  # ISO 3166-2
    admin2: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    precision: int = 3  # geo_precision: 1 town, 2 near it or district, 3 province or wider


@dataclass
class Mention:
    """One incident as one article tells it."""

    article_id: str
    event_type: str
    sub_event_type: str
    actor1: Actor | None = None
    actor2: Actor | None = None
    place: Place = field(default_factory=Place)
    date_start: dt.date | None = None
    date_end: dt.date | None = None
    time_precision: int = 3
    fatalities: Figure | None = None
    injured: Figure | None = None
    claims: list[Claim] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    trigger: str = ""
    confidence: float = 0.5
    id: str = ""
    published: dt.date | None = None  # of the article: orders reports of one event


@dataclass
class Event:
    """One real-world incident, merged from the mentions of every article that reports it."""

    event_id: str
    mentions: list[Mention]
    event_type: str
    sub_event_type: str
    actor1: Actor | None
    actor2: Actor | None
    place: Place
    date_start: dt.date | None
    date_end: dt.date | None
    time_precision: int
    fatalities: Figure | None
    injured: Figure | None
    merge_reasons: list[str] = field(default_factory=list)

    @property
    def article_ids(self) -> list[str]:
        return sorted({m.article_id for m in self.mentions})

    @property
    def claims(self) -> list[Claim]:
        return [c for m in self.mentions for c in m.claims]

    @property
    def evidence(self) -> list[Evidence]:
        return [e for m in self.mentions for e in m.evidence]


def to_plain(obj):
    """Dataclasses, dates and lists to JSON-ready values."""
    if isinstance(obj, dt.date):
        return obj.isoformat()
    if hasattr(obj, "__dataclass_fields__"):
        return {k: to_plain(v) for k, v in asdict(obj).items()}
    if isinstance(obj, dict):
        return {k: to_plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [to_plain(v) for v in obj]
    return obj
