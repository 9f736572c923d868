"""Date labels show an event at its true precision."""

from datetime import date

import pytest

from timeline.labels import date_label
from timeline.models import Modifier, Precision

D = date


@pytest.mark.parametrize(
    ("start", "end", "precision", "modifier", "label"),
    [
        (D(2022, 9, 12), D(2022, 9, 13), Precision.DAY, None, "12–13 Sep 2022"),
        (D(2022, 9, 13), D(2022, 9, 13), Precision.DAY, None, "13 Sep 2022"),
        (D(2022, 8, 30), D(2022, 9, 2), Precision.DAY, None, "30 Aug–2 Sep 2022"),
        (D(2021, 12, 30), D(2022, 1, 2), Precision.DAY, None, "30 Dec 2021–2 Jan 2022"),
        (D(2022, 7, 1), D(2022, 7, 31), Precision.MONTH, None, "Jul 2022"),
        (D(2022, 7, 1), D(2022, 8, 31), Precision.MONTH, None, "Jul–Aug 2022"),
        (D(1992, 1, 1), D(1994, 12, 31), Precision.YEAR, None, "1992–1994"),
        (D(1988, 1, 1), D(1988, 12, 31), Precision.YEAR, None, "1988"),
        (D(1990, 1, 1), D(1999, 12, 31), Precision.DECADE, None, "1990s"),
        (D(1987, 1, 1), D(1989, 12, 31), Precision.DECADE, Modifier.LATE, "late 1980s"),
        (D(2019, 5, 1), D(2019, 8, 31), Precision.YEAR, Modifier.MID, "mid-2019"),
        (D(2012, 6, 1), D(2012, 8, 31), Precision.SEASON, None, "Summer 2012"),
        (D(2019, 7, 1), D(2019, 9, 30), Precision.QUARTER, None, "Q3 2019"),
        (D(2022, 9, 5), D(2022, 9, 11), Precision.WEEK, None, "week of 5 Sep 2022"),
        (D(2020, 1, 1), D(2020, 12, 31), Precision.YEAR, Modifier.AFTER, "after 2020"),
        (D(1900, 1, 1), D(1999, 12, 31), Precision.CENTURY, None, "1900s"),
    ],
)
def test_label(start, end, precision, modifier, label) -> None:
    assert date_label(start, end, precision, modifier) == label
