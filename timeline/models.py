"""The data contract of conflict-tui: every structure that crosses a module boundary.

The JSON of an `Event` (``Event.model_dump(mode="json")``) is a public contract: its field
names are documented in the README and must never be renamed; fields may only be added.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class Precision(StrEnum):
    """How fine a date is known, finest first."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    SEASON = "season"
    QUARTER = "quarter"
    YEAR = "year"
    DECADE = "decade"
    CENTURY = "century"


class TimeKind(StrEnum):
    """TIMEX3-like classes of time expression."""

    DATE = "date"  # a calendar date or period: "13 September 2022", "July", "the 1990s"
    RANGE = "range"  # two calendar points: "from 1992 until 1994", "12-13 September"
    DURATION = "duration"  # a length of time: "three decades", "18 months"
    SET = "set"  # a recurrence: "every week", "annually"
    TIME = "time"  # a time of day: "3 p.m. Friday", "Tuesday morning"


class Modifier(StrEnum):
    """Qualifiers written next to a time expression."""

    EARLY = "early"
    MID = "mid"
    LATE = "late"
    BEFORE = "before"
    AFTER = "after"
    APPROXIMATELY = "approximately"


class AnchorKind(StrEnum):
    """What an expression's value was worked out from."""

    EXPLICIT = "explicit"  # the text says it all: "13 September 2022", "1992"
    PUBLICATION = "publication"  # the document's publication date: "yesterday", "in March"
    NARRATIVE = "narrative"  # the time the story has reached: "the next day", "On 15 April"
    EVENT = "event"  # a named event's date in the document: "the day after the ceasefire"


class ExpressionRole(StrEnum):
    """What a calendar expression does in its clause (issue 10): only happenings are rows."""

    HAPPENING = "happening"  # dates what the clause reports: "Shelling killed 12 on Sunday"
    REFERENCE = "reference"  # names or qualifies a thing: "his 1997 book", "the 2020 war"
    REPORT = "report"  # when something was said: "..., officials said on Tuesday"
    QUOTED = "quoted"  # a quotation's own deixis: '"Today, we have gained ..."'
    PLAN = "plan"  # a plan or intention: "will be prolonged until 2034", "scheduled for June"


class Genre(StrEnum):
    """How a document tells time (a sidecar can say; otherwise read from the text)."""

    NEWS = "news"
    NARRATIVE = "narrative"


class ActorKind(StrEnum):
    COUNTRY = "country"
    ORGANIZATION = "organization"
    PERSON = "person"
    ARMED_FORCE = "armed_force"
    OTHER = "other"


class Model(BaseModel):
    """Base for all models: strict about unknown input, but tolerant of added fields on read."""

    model_config = ConfigDict(extra="ignore", frozen=False)


class Span(Model):
    """A run of a document's text: ``text == document.text[start:end]``."""

    text: str
    start: int
    end: int


class Sentence(Span):
    pass


class Paragraph(Span):
    sentences: list[Sentence] = Field(default_factory=list)


class TimeAnchor(Model):
    """Where an expression's value comes from, for an analyst to trust or correct."""

    kind: AnchorKind
    date: str | None = Field(
        default=None,
        description='The anchoring date as a TIMEX3 value ("1992", "2022-09-15"); None for '
        "explicit expressions.",
    )


class TimeExpression(Model):
    """One temporal expression found in a text, normalized.

    ``start``/``end`` are character offsets into the document text; ``date_start`` and
    ``date_end`` are the inclusive calendar bounds when the expression is anchored.
    """

    text: str
    start: int
    end: int
    value: str = Field(description='TIMEX3-style value: "2022-09-12", "2022-07", "199", "P3Y"')
    kind: TimeKind
    modifier: Modifier | None = None
    precision: Precision | None = None
    date_start: date | None = None
    date_end: date | None = None
    anchored: bool = Field(
        default=False,
        description="True when the expression resolves to calendar dates.",
    )
    anchor: TimeAnchor | None = Field(
        default=None,
        description="What the value was resolved against: the text itself (explicit), the "
        "publication date, the narrative's current time, or a named event's date.",
    )
    role: ExpressionRole | None = Field(
        default=None,
        description="For calendar expressions: whether it dates a happening, names a thing, "
        "dates a report or belongs to a quotation. None where no role was decided.",
    )


class DocumentRef(Model):
    """What an event carries of its document."""

    id: str
    title: str
    path: str
    published: date | None = None


class Document(DocumentRef):
    """A loaded article: its text and metadata."""

    text: str
    language: str = "en"
    byline: str | None = None
    source: str | None = None
    url: str | None = Field(
        default=None,
        description="The document's web address (http or https only) from its sidecar or "
        "front matter.",
    )
    genre: Genre | None = Field(
        default=None,
        description='"news" or "narrative" when a sidecar or front matter says so; None lets '
        "the temporal engine decide per expression from the text.",
    )

    def ref(self) -> DocumentRef:
        return DocumentRef(id=self.id, title=self.title, path=self.path, published=self.published)


class Found(StrEnum):
    """How an actor or place was recognised."""

    GAZETTEER = "gazetteer"  # a name or alias of the gazetteer
    CONTEXT = "context"  # its shape and context: "Rapid Support Forces", "the village of X"


class Actor(Model):
    name: str
    kind: ActorKind
    role: str | None = None
    country: str | None = None
    found: Found = Found.GAZETTEER


class Place(Model):
    name: str
    country: str | None = Field(default=None, description="The country's name, as written.")
    found: Found = Found.GAZETTEER
    latitude: float | None = None
    longitude: float | None = None
    admin1: str | None = Field(
        default=None, description="The first-level region (GeoNames admin1 name)."
    )
    country_code: str | None = Field(default=None, description="ISO 3166-1 alpha-2.")
    geonames_id: int | None = None
    geo_precision: int | None = Field(
        default=None,
        description="ACLED's geo_precision: 1 a town or village, 2 a region or its part, "
        "3 a province or country.",
    )


class Mention(Model):
    """Where an actor or place is named in the text (document offsets)."""

    text: str
    start: int
    end: int
    name: str = Field(description="The canonical name of the actor or place.")
    entity: str = Field(description='"actor" or "place"')


class Casualty(Model):
    """One figure as the text states it. ``count`` is the best estimate; ``low``/``high`` are
    the bounds of a range or of competing estimates ("between 485 and 613"), as UCDP keeps
    them."""

    count: int
    approximate: bool = False
    who: str | None = None
    outcome: str = Field(
        description='"killed", "dead", "wounded", "missing", "captured", "displaced", ...'
    )
    text: str
    start: int | None = None
    end: int | None = None
    low: int | None = None
    high: int | None = None
    side: str | None = Field(
        default=None,
        description="The side the figure counts, as the text names it, when it does: "
        '"Palestinians", "Israeli soldiers" (its country, when evident, is in `who`).',
    )


class DateSpan(Model):
    """A calendar date or range at its precision (a report date)."""

    start: date
    end: date
    precision: Precision
    text: str = Field(description="The words that state it.")


class Source(Model):
    """One mention of a happening: a document, the sentences that state it, what they say."""

    id: str = Field(description="The mention's stable id (document and span of its date).")
    document: DocumentRef
    expression: TimeExpression
    sentences: list[Sentence]
    start: date
    end: date
    precision: Precision
    casualties: list[Casualty] = Field(default_factory=list)
    reported: DateSpan | None = None


class Event(Model):
    """A dated happening, tied to the sentences that state it.

    The singular fields (`document`, `expression`, `sentences`, `casualties`) describe the
    primary mention: the most precise date, then the earliest-published document. `sources`
    lists every mention, the primary first; `mention_ids` holds their ids, so a saved
    selection finds the event again after another file adds a mention to it.
    """

    id: str
    start: date
    end: date
    precision: Precision
    label: str
    headline: str
    expression: TimeExpression
    document: DocumentRef
    sentences: list[Sentence]
    actors: list[Actor] = Field(default_factory=list)
    places: list[Place] = Field(default_factory=list)
    casualties: list[Casualty] = Field(default_factory=list)
    mentions: list[Mention] = Field(default_factory=list)
    paragraph: Span | None = None
    reported: DateSpan | None = Field(
        default=None, description="When the source says this was reported, if it says."
    )
    event_type: str | None = Field(
        default=None, description='ACLED event type: "Battles", "Protests", ...'
    )
    sub_event_type: str | None = Field(
        default=None, description='ACLED sub-event type: "Armed clash", "Air/drone strike", ...'
    )
    sources: list[Source] = Field(default_factory=list)
    mention_ids: list[str] = Field(default_factory=list)


class UndatedExpression(Model):
    """An expression that needs an anchor the document lacks ("yesterday" with no date)."""

    expression: TimeExpression
    document: DocumentRef
    sentence: Sentence


class Problem(Model):
    """A file that could not be read (or only partly): shown to the user, never fatal."""

    path: str
    message: str
    fatal: bool = Field(
        default=True,
        description="True when the file was skipped; False when it loaded with a warning.",
    )

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"
