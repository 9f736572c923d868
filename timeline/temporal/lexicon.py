"""Gazetteers of the temporal grammar: month, weekday, number and unit words, plus regex pieces.

Month and weekday names are matched case-sensitively (Title or UPPER case), so that the verb
"may", the noun "march" or the word "sun" never start a date. Every regex piece here is built
without nested unbounded quantifiers, so no pattern can backtrack catastrophically.
"""

from __future__ import annotations

from timeline.text import NUMBER_WORDS as _CARDINALS
from timeline.text import TENS_WORDS, UNIT_WORDS, alternation, words

MONTHS: dict[str, int] = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
}
MONTH_ABBREVIATIONS: dict[str, int] = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
WEEKDAYS: dict[str, int] = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}
SEASONS: dict[str, str] = {
    "spring": "SP",
    "summer": "SU",
    "autumn": "FA",
    "fall": "FA",
    "winter": "WI",
}
PARTS_OF_DAY: dict[str, str] = {
    "morning": "MO",
    "afternoon": "AF",
    "evening": "EV",
    "night": "NI",
}
# The cardinals, and the article and quantity words that count in a duration ("a day").
NUMBER_WORDS: dict[str, int] = dict(_CARDINALS)
NUMBER_WORDS.update({"a": 1, "an": 1, "hundred": 100, "a hundred": 100, "dozen": 12})
NUMBER_WORDS.update({"a dozen": 12, "a couple of": 2, "couple of": 2, "a half": 1})
ORDINALS: dict[str, int] = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "twenty-first": 21,
    "1st": 1,
    "2nd": 2,
    "3rd": 3,
    "4th": 4,
}
# Vague quantities: "several days" → PXD.
VAGUE_QUANTITIES = ("a few", "few", "several", "some", "many", "numerous", "a number of")
# Quantifiers written before a duration or an "ago" expression, included in the span.
APPROX_WORDS = ("about", "around", "nearly", "almost", "some", "roughly", "approximately")

# Nouns after a four-digit number that make it a count, not a year: "2020 people".
COUNT_NOUNS = words(
    """people persons troops soldiers servicemen civilians homes houses km kms kilometres
    kilometers miles metres meters feet foot tanks men women children kids refugees families
    deaths dead casualties killed wounded injured dollars euros pounds yen residents fighters
    militants members votes cases units rounds shells rockets missiles tonnes tons barrels jobs
    workers employees students prisoners detainees police officers policemen protesters
    demonstrators rebels insurgents migrants victims patients buildings villages vehicles
    aircraft planes jets drones guns rifles weapons hectares acres square sq points shares
    copies seats delegates hours minutes seconds mph kph kg kilograms lbs households
    inhabitants staff personnel marines sailors airmen guards volunteers doctors nurses
    teachers children's infants babies adults voters ballots signatures names bodies graves
    mines bombs tents beds rooms flights passengers trucks cars ships boats vessels sorties
    strikes airstrikes arrests complaints reports incidents violations posts positions
    percent per pct %"""
)
# Plural nouns that may follow "the YEAR" as an event: "the 2020 elections".
EVENT_PLURALS = words(
    """elections talks protests olympics games riots attacks clashes floods hostilities accords
    negotiations polls hearings sanctions midterms primaries playoffs finals bombings killings
    reforms events uprisings demonstrations wars fires earthquakes
    agreements results figures numbers statistics accounts records budgets"""
)
# Nouns after a four-digit number that make it a year: "the 2020 war", "Turkey's 2016 coup".
EVENT_NOUNS = words(
    """war wars election elections coup ceasefire truce agreement accord accords deal crisis
    revolution census referendum invasion offensive conflict uprising protests protest summit
    earthquake olympics games budget campaign attack attacks massacre vote treaty talks law
    constitution reform report season riots bombing bombings flood floods tsunami hurricane
    pandemic outbreak recession crash war's cup championship world final midterms primary
    primaries race contest poll polls merger acquisition peace intervention incursion siege
    blockade famine genocide war-time withdrawal election's"""
)
# Capitalized words that, right after a month name, make the month part of a name.
NAME_HEADS = words(
    """Revolution Revolutions War Wars Crisis Manifesto Uprising Movement Offensive Agreement
    Agreements Accord Accords Declaration Massacre Coup Putsch Front Group Party Memorandum
    Plot Rising Events Treaty Protocol Constitution Decree Laws Fund Days Theses Insurrection
    Revolt Incident Attacks Riots Strike War's Coalition Alliance Brigade Brigades Battalion
    Pact Statement Program Programme Plan Decision Session Storm Surprise"""
)
# Words before a weekday that make it a holiday name: "Black Friday", "Bloody Sunday".
WEEKDAY_NAME_PREFIXES = words(
    "Black Good Bloody Super Cyber Ash Palm Easter Holy Maundy Shrove Whit Giving"
)


def _cased(names: list[str]) -> str:
    """An alternation of the Title-case and UPPER-case spellings, longest first."""
    return alternation(form for w in names for form in (w.title(), w.upper()))


MONTH_FULL_RE = _cased(list(MONTHS))
_ABBR_RE = _cased([a for a in MONTH_ABBREVIATIONS])
# A month name followed by a day or a year: full names, or abbreviations with an optional dot.
# One flat alternation of literals (full names first, then abbreviations), not two nested
# groups: the regex engine then rejects a position on its first character, 20x faster.
MONTH_RE = (
    "(?:"
    + "|".join(
        [f for f in MONTH_FULL_RE[3:-1].split("|")]
        + [f + r"\.?" for f in _ABBR_RE[3:-1].split("|")]
    )
    + ")(?![a-z])"
)
WEEKDAY_RE = _cased(list(WEEKDAYS)) + r"(?![a-z])"
SEASON_RE = r"(?i:spring|summer|autumn|fall|winter)"
# A day of the month: 1..31 with an optional ordinal suffix, not part of a longer number.
DAY_RE = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\d]|[:.,]\d|\w)"
# A plausible year, 1000..2099, not part of a longer number.
YEAR_RE = r"(?:1\d{3}|20\d{2})(?!\d|[.,]\d)"
_NUM_WORDS = sorted(
    [w for w in NUMBER_WORDS if " " not in w and w not in ("a", "an")], key=len, reverse=True
)
_TENS_RE = "(?:" + "|".join(TENS_WORDS) + ")"
_UNIT_WORDS_RE = "(?:" + "|".join(UNIT_WORDS[1:10]) + ")"
# A number: digits, "twenty-four", "a dozen", ... (case-insensitive where used).
# A number: digits, "twenty-four", "a dozen", ... (case-insensitive where used).
NUMBER_RE = (
    rf"(?:\d{{1,4}}(?:\.\d{{1,2}})?|{_TENS_RE}[- ]{_UNIT_WORDS_RE}|a\s+hundred|a\s+dozen"
    rf"|a\s+couple\s+of|couple\s+of|" + "|".join(_NUM_WORDS) + ")"
)
VAGUE_RE = r"(?:a\s+few|few|several|some|many|numerous|a\s+number\s+of)"
UNIT_RE = (
    r"(?:seconds?|minutes?|hours?|days?|nights?|weeks?|fortnights?|months?|quarters?|years?"
    r"|decades?|century|centuries|millennium|millennia)"
)


def number_value(word: str) -> int | float | None:
    """The value of a number written in digits or words; None when vague or unknown."""
    w = " ".join(word.lower().replace("-", " ").split())
    if not w:
        return None
    if w[0].isdigit():
        try:
            number = float(w)
        except ValueError:
            return None
        return int(number) if number.is_integer() else number
    if w in NUMBER_WORDS:
        return NUMBER_WORDS[w]
    parts = w.split()
    if len(parts) == 2 and parts[0] in NUMBER_WORDS and parts[1] in NUMBER_WORDS:
        return NUMBER_WORDS[parts[0]] + NUMBER_WORDS[parts[1]]
    return None


def month_number(word: str) -> int | None:
    w = word.lower().rstrip(".")
    return MONTHS.get(w) or MONTH_ABBREVIATIONS.get(w)


def day_number(word: str) -> int:
    return int(word.rstrip("stndrh") or "0")
