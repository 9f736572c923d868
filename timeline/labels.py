"""Human date labels at an event's true precision: "12–13 Sep 2022", "Jul 2022", "1992–1994"."""

from __future__ import annotations

from datetime import date

from timeline.models import Modifier, Precision

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
SEASONS = {3: "Spring", 6: "Summer", 9: "Autumn", 12: "Winter"}
DASH = "\u2013"  # en dash, the typographic range separator


def day_label(d: date) -> str:
    """ "13 Sep 2022": a day as labels write it, the same in every locale."""
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def _month(d: date) -> str:
    return f"{MONTHS[d.month - 1]} {d.year}"


def _day_range(start: date, end: date) -> str:
    if start == end:
        return day_label(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}{DASH}{end.day} {MONTHS[start.month - 1]} {start.year}"
    if start.year == end.year:
        return f"{start.day} {MONTHS[start.month - 1]}{DASH}{day_label(end)}"
    return f"{day_label(start)}{DASH}{day_label(end)}"


def _single(start: date, end: date, precision: Precision) -> str:
    """Label a period that is one unit of ``precision`` long, or a range of such units."""
    match precision:
        case Precision.DAY:
            return _day_range(start, end)
        case Precision.WEEK:
            return (
                f"week of {day_label(start)}" if (end - start).days <= 6 else _day_range(start, end)
            )
        case Precision.MONTH:
            if (start.year, start.month) == (end.year, end.month):
                return _month(start)
            if start.year == end.year:
                return f"{MONTHS[start.month - 1]}{DASH}{_month(end)}"
            return f"{_month(start)}{DASH}{_month(end)}"
        case Precision.SEASON:
            season = SEASONS.get(start.month)
            if season is None:
                return _month_span(start, end)
            return f"{season} {start.year}"
        case Precision.QUARTER:
            quarter = (start.month - 1) // 3 + 1
            if (end.year, (end.month - 1) // 3 + 1) == (start.year, quarter):
                return f"Q{quarter} {start.year}"
            return _month_span(start, end)
        case Precision.YEAR:
            return str(start.year) if start.year == end.year else f"{start.year}{DASH}{end.year}"
        case Precision.DECADE:
            first, last = start.year // 10 * 10, end.year // 10 * 10
            return f"{first}s" if first == last else f"{first}s{DASH}{last}s"
        case Precision.CENTURY:
            return f"{start.year // 100 * 100}s"
    return _day_range(start, end)


def _month_span(start: date, end: date) -> str:
    return _single(start, end, Precision.MONTH)


_PREFIX = {
    Modifier.EARLY: "early ",
    Modifier.MID: "mid-",
    Modifier.LATE: "late ",
    Modifier.BEFORE: "before ",
    Modifier.AFTER: "after ",
    Modifier.APPROXIMATELY: "c. ",
}


def date_label(
    start: date, end: date, precision: Precision, modifier: Modifier | None = None
) -> str:
    """The label a reader expects for an event spanning ``start``..``end`` (inclusive).

    Early/mid/late narrow the dates of a decade or year, so the label names the unit the
    text named ("late 1980s"), not the narrowed span.
    """
    if modifier in (Modifier.EARLY, Modifier.MID, Modifier.LATE) and precision in (
        Precision.DECADE,
        Precision.YEAR,
        Precision.MONTH,
    ):
        if precision is Precision.DECADE:
            base = f"{start.year // 10 * 10}s"
        elif precision is Precision.YEAR:
            base = str(start.year)
        else:
            base = _month(start)
        return _PREFIX[modifier] + base
    label = _single(start, end, precision)
    if modifier is not None:
        return _PREFIX[modifier] + label
    return label
