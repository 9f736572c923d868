"""Resolution of spotted expressions into values and calendar bounds.

A grammar rule turns a match into a `Candidate` whose ``resolve`` closure receives a
`Context` (the document creation date, the tense of the sentence, the last explicit year of
the sentence and the last anchored expression of the document) and returns a `Resolved`.
Nothing here ever looks at today's date: without a dct, dct-relative expressions come back
unanchored with a partial value such as "XXXX-07".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Protocol

from timeline.models import AnchorKind, Genre, Modifier, Precision, TimeKind
from timeline.temporal.calendar import (
    Period,
    day_period,
    last_day,
    month_period,
    narrow,
    quarter_period,
    season_of,
    season_period,
    shift_month,
    year_period,
)

PRECISION_ORDER = (
    Precision.DAY,
    Precision.WEEK,
    Precision.MONTH,
    Precision.SEASON,
    Precision.QUARTER,
    Precision.YEAR,
    Precision.DECADE,
    Precision.CENTURY,
)


@dataclass(frozen=True)
class Resolved:
    """The normalized reading of one expression (before it becomes a TimeExpression)."""

    kind: TimeKind
    value: str
    precision: Precision | None = None
    start: date | None = None
    end: date | None = None
    mod: Modifier | None = None
    # The year written in the expression itself ("27 September 2020"): carried to later
    # month-day expressions of the same sentence.
    year: int | None = None
    # What the value was resolved against: (AnchorKind, the anchoring TIMEX3 value or None).
    anchor: tuple[AnchorKind, str | None] | None = None

    @property
    def anchored(self) -> bool:
        return self.start is not None and self.end is not None


class TextReader(Protocol):
    """What the engine tells a `Context` of the text around the expression being resolved."""

    def tense(self, start: int, end: int) -> str | None:
        """ "future", "past" or None for the words around ``start:end``."""
        ...

    def present(self, start: int, end: int) -> bool:
        """Whether the paragraph around ``start:end`` speaks of the present."""
        ...

    def breaks(self, start: int, end: int) -> bool:
        """Whether a paragraph ends between ``start`` and ``end``."""
        ...

    def heading(self, start: int, end: int) -> bool:
        """Whether ``start:end`` stands alone on its line (a section heading: "February")."""
        ...


@dataclass
class Context:
    """What a resolver may look at besides its own match.

    Two reference times: the publication date (``dct``, for deictic words and news) and the
    time the story has reached (``story``: the last date read that moves it, see
    `anchoring.moves_story`, and ``story_at``, where it was read). ``anchor`` is the last date
    read at all, which anaphora such as "two years later" count from. `narrative` says which
    reference a year-less or anaphoric expression follows. Reading the dct, the anchor or the
    story is recorded, so the engine can say what each value was resolved against.
    """

    publication: date | None
    genre: Genre | None = None
    # Reads the text around the expression being resolved (its tense, whether its paragraph
    # speaks of the present, paragraph ends); asked only when a resolver needs it.
    reader: TextReader | None = None
    end: int = 0  # where the expression being resolved ends (``position``: where it starts)
    # The tense around the expression ("future", "past" or None), read on first use.
    _tense: str | None = None
    _tense_known: bool = False
    sentence_year: int | None = None
    sentence_month: tuple[int, int] | None = None
    _anchor: Resolved | None = None
    # The last calendar quarter the document named ("the third quarter of 1989") and where it
    # ended, and where the expression being resolved starts: business news compares "a year
    # ago" with the quarter it is reporting on.
    quarter: Resolved | None = None
    quarter_at: int = -(10**9)
    position: int = 0
    # The last quarter the document named, comparison periods included ("that quarter").
    last_quarter: Resolved | None = None
    # Set by a resolver whose result is a comparison period ("a year ago" → 1988-Q3).
    comparison: bool = False
    # What the expression being resolved was read against (reset before each expression).
    used_publication: bool = False
    story_value: str | None = None
    # Whether the document as a whole reads as a narrative (see `anchoring.guess_narrative`),
    # and where the story's date was read: in news, only a date read nearby moves the story.
    narrative_document: bool = False
    story_at: int = -(10**9)
    # The date the story has reached: the last anchored date read that moves it (not "since
    # 1990", a date naming a thing, a plan or a look back: see `anchoring.moves_story`).
    story: Resolved | None = None
    # A story before Christ (which `date` cannot hold): the year BC it has reached and, when
    # known, the month ("480 BC", "August 480 BC"). Set instead of ``story``.
    story_bc: tuple[int, int | None] | None = None
    # The days written in full so far ((month, day) → year), latest last: a later "24
    # February" is that day again.
    written_days: dict[tuple[int, int], int] = field(default_factory=dict)
    # Set when the expression being resolved returned to such a day: the story goes there.
    returned: bool = False

    @property
    def dct(self) -> date | None:
        """The publication date (reading it records that the expression depends on it)."""
        if self.publication is not None:
            self.used_publication = True
        return self.publication

    @property
    def anchor(self) -> Resolved | None:
        """The last date the story reached (reading it records the dependency)."""
        if self._anchor is not None:
            self.read_story(self._anchor.value)
        return self._anchor

    @anchor.setter
    def anchor(self, value: Resolved | None) -> None:
        self._anchor = value

    def read_story(self, value: str) -> None:
        """Record that the expression is resolved against the story's ``value`` (the first
        such reading is the one reported)."""
        if self.story_value is None:
            self.story_value = value

    def story_sentence_year(self) -> int | None:
        """The explicit year written earlier in the sentence, if any (recorded when used)."""
        if self.sentence_year is not None:
            self.read_story(str(self.sentence_year))
        return self.sentence_year

    def peek_anchor(self) -> Resolved | None:
        """The last date read, without recording that the expression depends on it."""
        return self._anchor

    def begin(self) -> None:
        """Forget what the previous expression was resolved against."""
        self.used_publication = False
        self.story_value = None
        self.returned = False

    @property
    def narrative(self) -> bool:
        """Whether a year-less or anaphoric expression follows the story, not the dct.

        A sidecar's genre decides when given. Otherwise: without a dct, always; with one, once
        the last date read lies in another year than the publication (the text has moved to
        another time), unless the words around look ahead ("will", "next"), which in news
        points past the dct, or the paragraph speaks of the present ("now", "this winter"). A
        deictic word anchored on the dct ("yesterday", "this year") brings the story back to
        the publication year.
        """
        if self.genre is Genre.NEWS:
            return False
        if self.genre is Genre.NARRATIVE or self.publication is None:
            return True
        if self.story_bc is None:
            ref = self.story
            year = story_year(ref) if ref is not None else None
            if year is None or year > self.publication.year:
                return False  # not moved, or ahead: in news a later year is a forecast
            if year == self.publication.year and not self.narrative_document:
                return False  # not moved away (a history may reach its publication year)
        if self.future:
            return False  # "will open in March": news looks ahead from its date
        reader = self.reader
        if not self.narrative_document and (
            self.position - self.story_at > NEWS_REACH
            or (reader is not None and reader.breaks(self.story_at, self.position))
        ):
            return False  # news: background dates hold only for the lines that follow them
        # A paragraph that speaks of the present ("is now intertwined", "this winter") has
        # come back from the background to the time of publication.
        return not (reader is not None and reader.present(self.position, self.end))

    def at(self, start: int, end: int) -> None:
        """Move to the next expression, at ``start:end``."""
        self.position, self.end = start, end
        self._tense_known = False

    def _read_tense(self) -> str | None:
        if not self._tense_known:
            reader = self.reader
            self._tense = reader.tense(self.position, self.end) if reader is not None else None
            self._tense_known = True
        return self._tense

    @property
    def future(self) -> bool:
        """Whether the words around the expression look ahead ("will", "next", "payable")."""
        return self._read_tense() == "future"

    @property
    def past(self) -> bool:
        """Whether the words around the expression are clearly past tense ("was", "had")."""
        return self._read_tense() == "past"


def story_year(ref: Resolved) -> int | None:
    """The year a reference date puts the story in: the end of a range, else its start."""
    if ref.kind is TimeKind.RANGE and ref.end is not None:
        return ref.end.year
    return ref.start.year if ref.start is not None else ref.year


def story_month(ref: Resolved) -> int | None:
    """The month the story has reached, when the reference is that fine (else None)."""
    if ref.precision not in (Precision.DAY, Precision.WEEK, Precision.MONTH):
        return None
    point = ref.end if ref.kind is TimeKind.RANGE else ref.start
    return point.month if point is not None else None


# In a news document, how far (in characters, within the paragraph) a date of another year
# keeps the story in that year.
NEWS_REACH = 300

# A year-less month this many months before the story's month is read in the next year: the
# story moves forward ("On 7 December 1941 … In January, …" is January 1942), while a month
# closer before it is a look back in the same year ("In December … Earlier, in June, …").
FORWARD_GAP = 8


def narrative_year(ctx: Context, month: int, day: int | None = None) -> int | None:
    """The year of a year-less month (and day) in narrative: the year of the same day written
    in full earlier in the document when the story is behind it ("24 February 2022" in the
    lead, then "24 February" after a background section on 2014), else the story's year, or
    the next."""
    if (y := ctx.story_sentence_year()) is not None:
        return y
    written = ctx.written_days.get((month, day)) if day is not None else None
    told = story_year(ctx.story) if ctx.story is not None else None
    if written is not None and told is not None and written >= told:
        # Back from a background section to a day the text has announced in full: not a
        # look back ("June 22" after "June 22, 1941" and a story at 1944 is 1944's).
        ctx.read_story(f"{written:04d}-{month:02d}-{day:02d}")
        ctx.returned = True
        return written
    ref = ctx.story
    if ref is None or not ref.anchored or ref.precision not in _YEAR_OR_FINER:
        return None  # no story yet, or one known only to the decade: the year is not known
    ctx.read_story(ref.value)
    year = story_year(ref)
    if year is None:
        return None
    reached = story_month(ref)
    if reached is not None and month < reached - FORWARD_GAP:
        # Not for a section heading: a history's sections restart after a summary that ran
        # to the end ("… ended on 11 November 2022." then "February" is February 2022).
        reader = ctx.reader
        if reader is None or not reader.heading(ctx.position, ctx.end):
            year += 1
    return year


# How far (in characters) a named quarter stays the reference period of "a year ago".
QUARTER_REACH = 350


def recent_quarter(ctx: Context) -> Resolved | None:
    """The quarter named shortly before the expression being resolved, if any."""
    if ctx.quarter is not None and ctx.position - ctx.quarter_at <= QUARTER_REACH:
        return ctx.quarter
    return None


def year_before_quarter(ctx: Context) -> Resolved | None:
    """The same quarter a year earlier than the recent quarter ("up from $5 million a year
    ago" after "third-quarter profit" is 1988-Q3 when the quarter is 1989-Q3)."""
    quarter = recent_quarter(ctx)
    return shift_period(quarter, "year", -1) if quarter is not None else None


Resolver = Callable[[Context], "Resolved | None"]


@dataclass
class Candidate:
    """A span found by the grammar, with the closure that normalizes it."""

    start: int
    end: int
    resolve: Resolver
    priority: int = 5
    is_range: bool = False
    extra: dict[str, object] = field(default_factory=dict)


def from_period(
    period: Period,
    mod: Modifier | None = None,
    kind: TimeKind = TimeKind.DATE,
    year: int | None = None,
    value_suffix: str = "",
) -> Resolved:
    start, end = narrow(period, mod)
    return Resolved(kind, period.value + value_suffix, period.precision, start, end, mod, year)


def unanchored(
    value: str,
    precision: Precision | None,
    mod: Modifier | None = None,
    kind: TimeKind = TimeKind.DATE,
) -> Resolved:
    return Resolved(kind, value, precision, None, None, mod)


def coarser(a: Precision | None, b: Precision | None) -> Precision | None:
    if a is None or b is None:
        return a or b
    return a if PRECISION_ORDER.index(a) >= PRECISION_ORDER.index(b) else b


# How fine the story's date must be for an expression counted in a unit: "the end of the
# month" needs the month the story is in; "the following year" only its year.
_FINE_ENOUGH: dict[str, frozenset[Precision]] = {
    "day": frozenset({Precision.DAY}),
    "week": frozenset({Precision.DAY, Precision.WEEK}),
    "weekend": frozenset({Precision.DAY, Precision.WEEK}),
    "month": frozenset({Precision.DAY, Precision.WEEK, Precision.MONTH}),
}
_YEAR_OR_FINER = frozenset(PRECISION_ORDER[: PRECISION_ORDER.index(Precision.YEAR) + 1])


def reference_point(ctx: Context, unit: str, deictic: bool) -> date | None:
    """The day an expression counted in ``unit`` starts from: the dct, or in narrative the
    date the story has reached, when it is fine enough for the unit (else None: unanchored,
    never guessed).

    Anaphoric words ("the end of the month", "during the year") follow the story whenever
    `Context.narrative` says so; deictic ones ("this year", "last month", "on Friday") count
    from the publication date, unless the document is declared a narrative or has no dct.
    """
    if deictic and ctx.publication is not None and ctx.genre is not Genre.NARRATIVE:
        return ctx.dct
    if not ctx.narrative:
        return ctx.dct
    ref = ctx.story
    if ref is None or not ref.anchored or ref.precision is None:
        return None
    if ref.precision not in _FINE_ENOUGH.get(unit, _YEAR_OR_FINER):
        return None
    ctx.read_story(ref.value)
    return ref.end if ref.kind is TimeKind.RANGE else ref.start


def story_day(ctx: Context) -> date | None:
    """The day the story of a narrative document has reached, when it is known to the day and
    the expression follows the story (`Context.narrative`: not declared news, not looking
    ahead, not in a paragraph of the present)."""
    if not ctx.narrative_document and ctx.genre is not Genre.NARRATIVE:
        return None
    if not ctx.narrative:
        return None
    ref = ctx.story
    if ref is None or ref.precision is not Precision.DAY or ref.start is None:
        return None
    ctx.read_story(ref.value)
    return ref.end if ref.kind is TimeKind.RANGE and ref.end else ref.start


def pick_year(ctx: Context, month: int, day: int | None = None) -> int | None:
    """The year of a month (and day) written without one.

    An explicit year earlier in the same sentence wins ("On 27 September 2020 … until 10
    November"), unless future-tense words put the date after the dct. Otherwise the dct's
    year, moved back a year when a past-tense sentence would put the date more than a month
    after the dct, or forward when a future-tense sentence would put it more than a month
    before. In narrative (see `Context.narrative`), the year the story has reached.
    """
    if ctx.narrative:
        return narrative_year(ctx, month, day)
    if ctx.dct is None:
        return ctx.story_sentence_year()
    y = ctx.sentence_year
    # Unless the tense contradicts it: "X, which applied in July 1997, will join on March 12"
    # is next March, not a March of 1997.
    if y is not None and not (
        ctx.future and date(y, month, last_day(y, month)) < ctx.dct - timedelta(days=31)
    ):
        return ctx.story_sentence_year()
    year = ctx.dct.year
    first = date(year, month, min(day or 1, last_day(year, month)))
    final = date(year, month, day or last_day(year, month))
    if ctx.future:
        return year + 1 if final < ctx.dct - timedelta(days=31) else year
    if ctx.past:
        return year - 1 if first > ctx.dct + timedelta(days=31) else year
    # No tense either way ("payable Dec. 7", "effective June 1", "in January"): the reading
    # nearest the dct, as news rarely names a month more than half a year away without a year.
    if first > ctx.dct + timedelta(days=183):
        return year - 1
    if final < ctx.dct - timedelta(days=183):
        return year + 1
    return year


def weekday_date(dct: date, weekday: int, direction: str) -> date:
    """The ``weekday`` (0 = Monday) nearest ``dct`` in a direction.

    "past": on or before the dct; "future": on or after; "last": strictly before;
    "next": strictly after; "this": within the dct's ISO week; "nearest": within three days
    either side.
    """
    delta = weekday - dct.weekday()
    if direction == "nearest":
        ahead = delta % 7
        return dct + timedelta(days=ahead - 7 if ahead > 3 else ahead)
    if direction == "this":
        return dct + timedelta(days=delta)
    if direction in ("past", "last"):
        back = (-delta) % 7
        if back == 0 and direction == "last":
            back = 7
        return dct - timedelta(days=back)
    ahead = delta % 7
    if ahead == 0 and direction == "next":
        ahead = 7
    return dct + timedelta(days=ahead)


def season_instance(dct: date, code: str, relation: str) -> tuple[int, str]:
    """The (year, code) of "this/last/next <season>" relative to the dct."""
    current_year, current_code = season_of(dct)
    year = dct.year - 1 if code == "WI" and dct.month <= 2 else dct.year
    if relation == "this":
        return (current_year, code) if code == current_code else (year, code)
    candidate = season_period(year, code)
    if relation == "last":
        while candidate.end >= dct:
            year -= 1
            candidate = season_period(year, code)
        return year, code
    while candidate.start <= dct:
        year += 1
        candidate = season_period(year, code)
    return year, code


def shift_period(anchor: Resolved, unit: str, n: int) -> Resolved | None:
    """The anchor moved by ``n`` units, at the coarser of the unit's and the anchor's precision.

    "two years later" after "in 1988" → 1990; "a year earlier" after "the third quarter of
    1989" → 1988-Q3 (business news compares quarters); "three days later" after a day → a day.
    """
    if not anchor.anchored or anchor.start is None or anchor.precision is None:
        return None
    p = anchor.precision
    s = anchor.start
    if unit == "year":
        if p is Precision.QUARTER and "-Q" in anchor.value:
            quarter = int(anchor.value.rsplit("Q", 1)[1])
            return from_period(quarter_period(s.year + n, quarter))
        if p in (Precision.DECADE, Precision.CENTURY):
            return None
        return from_period(year_period(s.year + n))
    if unit == "month":
        if p in (Precision.DAY, Precision.WEEK, Precision.MONTH):
            y, m = shift_month(s.year, s.month, n)
            return from_period(month_period(y, m))
        return None
    if unit in ("day", "week") and p is Precision.DAY:
        days = n * (7 if unit == "week" else 1)
        return from_period(day_period(s + timedelta(days=days)))
    return None
