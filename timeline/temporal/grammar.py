"""The temporal grammar: every rule, in the order the engine runs them.

The rules live in their families, each a module of regexes, builders and named vetoes:

- `dates`: calendar dates ("13 September 2022", "13.09.2022", "May 2021", "July"), seasons
  and quarters of a year, named holidays;
- `years`: years in context, decades, centuries, spoken years, eras ("480 BC"), bare years
  where narratives put them;
- `relative`: expressions read from the document date or from the time the text has reached
  ("yesterday", "last week", "two years later", "that morning", "Friday", "3 p.m.", "now");
- `durations`: durations ("three years", "the past decade") and sets ("every week", "daily");
- `ranges`: ranges written in one piece ("1992-94", "June 3-4", "499-493 BC").

Shared machinery (the `Rule` class, the ``@rule`` decorator, triggers, span helpers and the
vetoes several families use) is in `base`; word lists and normalisation tables are data, in
``rules/*.toml`` (read by `lexicon`); each rule's examples and negatives are in
``rules/<family>.examples.toml`` and run as parametrised tests (``tests/test_rule_examples.py``).

To add a rule: write its regex and builder in its family with ``@rule(...)`` (see `base.rule`
for the trigger), list it below at the place it should run, and give it examples and
negatives in the family's examples file. Order matters: when two candidates tie, `select`
keeps the earlier rule's (range rules all run before point rules).

Span conventions (kept consistent on purpose):
- prepositions are never part of a span ("in 1988" → "1988"; "After the 2020 war" → "2020"
  with modifier after; "May 2021 onwards" → "May 2021" with modifier after);
- modifier words are ("early September", "mid-2019", "the late 1980s", "the end of 2019");
- "the" is part of nominal expressions (decades, centuries, seasons, quarters, "the past three
  decades", "the following year") but not of plain years ("the 2020 war" → "2020").
"""

from __future__ import annotations

from timeline.temporal import dates, durations, ranges, relative, years
from timeline.temporal.base import RULES, Builder, Rule
from timeline.temporal.ranges import BARE_YEAR

__all__ = ["BARE_YEAR", "POINT_RULES", "RANGE_RULES", "Rule"]


def _in_order(*builders: Builder) -> list[Rule]:
    return [RULES[build] for build in builders]


# Rules that spot a range in one piece; they run before the point rules.
RANGE_RULES: list[Rule] = _in_order(
    ranges._year_range,
    ranges._month_day_range,
    ranges._day_day_month_range,
    ranges._month_range,
    ranges._bc_range,
    ranges._day_month_pair_range,
    ranges._month_day_pair_range,
    ranges._month_to_day_range,
    ranges._day_to_month_range,
)

# Rules that spot one point, period, duration or set.
POINT_RULES: list[Rule] = _in_order(
    dates._iso_date,
    dates._numeric_date,
    dates._year_first_date,
    dates._dashed_month_date,
    dates._month_day_year,
    dates._day_month_year,
    dates._month_day,
    dates._day_month,
    dates._week_of,
    dates._month_year,
    dates._month_relative_year,
    dates._month_alone,
    years._year_in_context,
    years._modified_year,
    years._fiscal_year,
    years._year_possessive,
    years._spoken_year,
    years._decade,
    years._short_decade,
    years._decade_word,
    years._century,
    dates._season_year,
    relative._season_rel,
    relative._season_context,
    dates._quarter,
    dates._quarter_code,
    dates._half,
    relative._day_word,
    relative._this_part_of_day,
    relative._dct_unit,
    relative._the_weekend,
    relative._ago,
    relative._anchor_offset,
    relative._the_following,
    relative._the_following_part_of_day,
    relative._that_unit,
    relative._weekday,
    relative._day_beside_weekday,
    relative._clock_time,
    relative._clock_24h,
    relative._noon,
    relative._the_nth,
    relative._ref_word,
    relative._current,
    relative._recent_units,
    relative._units_of,
    relative._the_following_units,
    relative._that_part_of_day,
    relative._that_same_unit,
    relative._the_day_before,
    relative._part_of_dated_day,
    relative._night,
    relative._season_campaign,
    relative._part_of_season,
    relative._that_season,
    relative._onset_of_season,
    relative._present_words,
    durations._period_duration,
    durations._duration,
    durations._fraction_duration,
    durations._duration_adjective,
    durations._vague_duration,
    durations._set_adverb,
    durations._set_every,
    durations._set_named,
    durations._set_frequency,
    years._year_before_event,
    dates._holiday,
    relative._relative_month,
    relative._the_year,
    relative._the_quarter,
    relative._year_earlier,
    relative._year_earlier_count,
    relative._period_year_before,
    relative._year_quarter,
    years._bc_date,
    years._bc_decade,
    years._era_century,
    years._ad_year,
    relative._of_that_year,
    dates._week_of_month,
    years._year_alone,
    years._approximate_year,
    dates._holiday_year,
)
