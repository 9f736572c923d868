"""What a dated phrase does in its clause: `ExpressionRole` (issue 10).

An event is a dated *happening*. A calendar expression is one of:

* **happening** — it dates what its clause reports ("Shelling killed 12 on Sunday");
* **reference** — it names or qualifies a thing ("his 1997 book", "the 2020 war ended a
  truce", "the Treaty of 1921", "27 September was declared Memorial Day", a date in brackets
  after a name);
* **report** — it dates the saying, not what is said ("..., MSF said on Wednesday", "On
  Tuesday, officials said that ...", a dateline "KHARTOUM, April 20 (Reuters) -");
* **quoted** — a quotation's own deixis ('"Today, we have gained ..."');
* **plan** — it dates a plan or an intention ("will be prolonged until 2034", "is scheduled
  for 12 June", "In 2030, the base will close"): nothing has happened on it.

The word lists are data (`timeline/data/roles.toml`, each rule with examples that
tests/test_roles.py runs); this module keeps only the order in which the rules apply.
`timeline.events` makes rows of happenings only, and keeps a report date on the events of its
sentence as `Event.reported`.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from timeline.models import AnchorKind, ExpressionRole, TimeExpression
from timeline.text import alternation, inside_quotation, report_date_before

__all__ = ["Rules", "dateline_end", "expression_role", "rules"]

# Capital letters of a dateline's town, accented ones too: "APATZINGÁN", "ŁÓDŹ", "SÃO PAULO".
_UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮİĲĴĶĹĻĽĿŁŃŅŇŊŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽ"
# A dateline's town in capitals, a country or region after it, and their comma: "NYALA, Sudan,".
_DATELINE_PLACE = rf"[{_UPPER}][{_UPPER} .'’-]{{1,40}}(?:,\s*[A-Z][\w .'’-]{{1,30}})?,"


@dataclass(frozen=True)
class Rules:
    """The compiled rules of ``roles.toml``."""

    data: dict[str, Any]
    speech_after: re.Pattern[str]  # a speech verb (and fillers) right before the date
    opener_before: re.Pattern[str]  # "Speaking on", "In a statement on"
    speech_ahead: re.Pattern[str]  # ", officials in Nyala said" right after an opening date
    dateline_before: re.Pattern[str]
    dateline_after: re.Pattern[str]
    determiner_before: re.Pattern[str]
    dating_the_before: re.Pattern[str]
    happening_noun_after: re.Pattern[str]
    noun_after: re.Pattern[str]
    commemorated_after: re.Pattern[str]
    commemoration_before: re.Pattern[str]
    name_head_after: re.Pattern[str]
    thing_noun_after: re.Pattern[str]  # "The 2003 report", "His 1997 book": a thing dated
    state_before: re.Pattern[str]
    state_verb: re.Pattern[str]  # "tensions remained high": a state, not a happening
    by_state_verb: re.Pattern[str]  # after "By DATE,": "the rebels held the hills"
    part_of: re.Pattern[str]  # "the battle was part of the 2022 invasion": the date names it
    thing_of_before: re.Pattern[str]
    back_matter: frozenset[str]
    speaker_after: re.Pattern[str]  # right after a name: "health officials said", "said"
    commenter_after: re.Pattern[str]  # also "called it", "condemned": in follow-ups
    seam: re.Pattern[str]  # where one clause ends and the next begins
    subordinate_seam: re.Pattern[str]  # "after", "when": a seam where there is no other
    distant_clause: re.Pattern[str]  # ", two days after", "weeks before"
    said_noun_dated: re.Pattern[str]  # "statement of", "a letter dated" right before the date
    future_before: re.Pattern[str]  # "will be prolonged until", "is scheduled for"
    future_after: re.Pattern[str]  # "In 2030, the base will close"
    reported_happening: re.Pattern[str]  # "fighting was reported on": the fighting's day
    toll_before: re.Pattern[str]  # "the death toll rose to 40 on": the day of a count
    tally_by: re.Pattern[str]  # "By" right before a date ("by the end of 2024")
    tally_verb: re.Pattern[str]  # "had been killed": a count kept up to that date
    deadline_before: re.Pattern[str]  # "by", "no later than" right before the date
    directive: re.Pattern[str]  # "calling for", "ordered": what sets a deadline
    since_before: re.Pattern[str]  # "since the Six-Day War with Israel in": a reference
    since_perfect: re.Pattern[str]  # "have been active since": a state from the date on
    comparison_before: re.Pattern[str]  # "than in 2014–15": a date compared against
    office_after: re.Pattern[str]  # "In early 2012, Kofi Annan acted as": a state
    tenure_before: re.Pattern[str]  # "who ruled Azerbaijan from": a tenure, a state
    announced_ahead: re.Pattern[str]  # ", the mayor announced that": a clause announced


def _words(items: list[str]) -> str:
    return alternation(items, space=r"\s+")


@cache
def rules() -> Rules:
    """Load and compile ``timeline/data/roles.toml`` once."""
    raw = resources.files("timeline").joinpath("data/roles.toml").read_text(encoding="utf-8")
    data = tomllib.loads(raw)
    report, reference = data["report"], data["reference"]
    verbs = _words(report["speech_verbs"])
    # At most two speaker nouns after a name ("Palestinian health officials said"); after one
    # or two, the speaker's own name may follow ("the Defense Ministry's spokesman Igor
    # Konashenkov reported", capitalised words only).
    speaker_noun = rf"\s+(?:{_words(report['speaker_nouns'])})(?!\w)"
    own_name = r"(?-i:(?:\s+[A-Z][\w'’.-]*){1,3})"
    speaker_nouns = rf"(?:(?:{speaker_noun}){{1,2}}{own_name}?|(?:{speaker_noun}){{0,2}})"
    determiners = _words(reference["determiners"])
    nouns = _words(reference["happening_nouns"])
    # Words that cannot be the noun a date qualifies: "the 1990s, when", "the 2020 and 2021".
    not_noun = (
        r"(?:and|or|to|in|on|at|of|by|for|from|with|was|were|is|are|had|has|have|when|as|that"
        r"|which|who|while|after|before|until|the|a|an|this|these|those|it|its|he|she|they|we)"
    )
    plan = data["plan"]
    seam_words = _words(data["clauses"]["seams"] + data["clauses"]["subordinators"])
    clause_verbs = _words(report["clause_speech_verbs"])
    return Rules(
        data=data,
        speech_after=report_date_before(report["speech_verbs"], report["verb_fillers"]),
        opener_before=re.compile(
            rf"(?i)(?:^|[\s,;(])(?:{_words(report['openers'])})\s+(?:(?:late|early)\s+)?"
            r"(?:on\s+|in\s+)?$"
        ),
        speech_ahead=re.compile(rf"(?i)^\s*,\s*(?:[^\s,;.:!?\"“”]+\s+){{1,8}}?(?-i:{verbs})(?!\w)"),
        dateline_before=re.compile(rf"^{_DATELINE_PLACE}\s*$"),
        dateline_after=re.compile(r"^(?:,?\s*\d{4})?\s*(?:\([^)\n]{1,40}\))?\s*(?:[-–—]{1,2}|:)"),
        determiner_before=re.compile(rf"(?i)(?<!\w)(?:{determiners}|\w+['’]s)\s+$"),
        dating_the_before=re.compile(
            rf"(?i)(?<!\w)(?:{_words(reference['dating_prepositions'])})\s+the\s+$"
        ),
        happening_noun_after=re.compile(rf"(?i)^,?\s+(?:[A-Z][\w-]*\s+)?(?:{nouns})(?!\w)"),
        noun_after=re.compile(rf"(?i)^,?\s+(?!{not_noun}(?!\w))[^\W\d_][\w'’-]*"),
        commemorated_after=re.compile(
            # "27 September and 10 November were declared", "the 2016 siege is commemorated
            # every 3 October" (up to three words of the date's noun phrase between); not
            # "the 2014 protests were marked by violence".
            rf"(?i)^(?:\s*(?:and|,)\s*[^.;:!?\n]{{0,40}}?|(?:\s+[^\W\d_][\w'’-]*){{1,3}}?)?\s+"
            r"(?:was|were|is|are|has\s+been|have\s+been|had\s+been|will\s+be)\s+"
            rf"(?:officially\s+|formally\s+|later\s+|still\s+)?(?:{_words(reference['commemoration_verbs'])})"
            r"(?!\w)(?!\s+by\b)"
            # "Azerbaijan marks 8 November as Victory Day": a day named as a holiday.
            r"|^\s+as\s+(?:(?:a|the)\s+)?(?-i:(?:[A-Z][\w'’-]*\s+){0,3}(?:Day|Remembrance|Memorial))\b"
        ),
        commemoration_before=re.compile(
            rf"(?i)(?<!\w)(?:{_words(reference['commemoration_before'])})\s+(?:the\s+)?$"
        ),
        name_head_after=re.compile(
            rf"^\s+(?:[A-Z][\w'’-]*\s+)?(?-i:{_words(reference['name_heads'])})(?!\w)"
        ),
        thing_noun_after=re.compile(
            # Up to three words of the noun phrase before its head ("The 2018 Baidoa accord"),
            # not when the clause tells the thing's making ("The 2018 accord was signed").
            rf"(?i)^,?\s+(?:(?!{not_noun}(?!\w))[\w'’-]+\s+){{0,3}}?(?:{_words(reference['thing_nouns'])})"
            rf"(?!\w)(?![^.;:!?\n]{{0,60}}?\b(?:was|were)\s+(?:{_words(reference['made_verbs'])})\b)"
        ),
        state_verb=re.compile(rf"(?i)(?<!\w)(?:{_words(reference['state_verbs'])})(?!\w)"),
        by_state_verb=re.compile(
            rf"(?i)(?<!\w)(?:{_words(reference['state_verbs'] + reference['by_state_verbs'])})"
            r"(?!\w)"
        ),
        part_of=re.compile(rf"(?i)(?<!\w)(?:{_words(reference['part_of'])})\s+[^,;:.]*$"),
        state_before=re.compile(
            rf"(?i)(?<!\w)(?:{_words(reference['state_before'])})\s+(?:the\s+)?$"
        ),
        thing_of_before=re.compile(
            r"(?i)\bthe\s+(?:[\w'’-]+\s+){0,3}"
            rf"(?!(?:{_words(reference['of_year_not_names'] + reference['happening_nouns'])})\s)"
            r"[a-z][\w'’-]*\s+of\s+$"
        ),
        back_matter=frozenset(s.lower() for s in data["sections"]["back_matter"]),
        speaker_after=re.compile(
            # An appositive (", the ministry's spokesman,"), or a second speaker ("Ukrainian
            # and Russian authorities accused each other"), then at most two speaker nouns:
            # "Palestinian health officials said", "Russia, its envoy said", "UN also said";
            # an appositive's closing comma: "the UN mission, MINUSCA, said".
            r"(?:\s*,[^,.;\n]{1,60},|\s+and\s+[A-Z][\w'’-]*|\s*,(?=\s))?"
            # A possessive before the nouns: "Azerbaijan's defence ministry said".
            rf"(?:['’]s)?{speaker_nouns}"
            rf"\s+(?:also\s+|later\s+)?(?:{verbs})(?!\w)",
            re.IGNORECASE,
        ),
        commenter_after=re.compile(
            r"(?:\s*,[^,.;\n]{1,60},|\s+and\s+[A-Z][\w'’-]*)?"
            rf"{speaker_nouns}"
            rf"\s+(?:also\s+|later\s+)?(?:{verbs}|{_words(report['speaker_verbs'])}"
            # "Boychenko announced (that) the city was suffering": a clause announced.
            rf"|(?:{_words(report['clause_speech_verbs'])})(?=\s+that\b|\s+(?:[\w'’-]+\s+){{1,4}}"
            r"(?:was|were|had|would|is|are|will|has|have|could)\b))(?!\w)",
            re.IGNORECASE,
        ),
        seam=re.compile(
            rf"[,;:]\s+|\s+(?:{_words(data['clauses']['seams'])}|[–—])\s+", re.IGNORECASE
        ),
        subordinate_seam=re.compile(
            rf"\s+(?:{_words(data['clauses']['subordinators'])})\s+", re.IGNORECASE
        ),
        distant_clause=re.compile(
            r"(?:,\s*|\s+)(?:(?:\w+|\d+)\s+)?"
            rf"(?:{_words(data['clauses']['distance_units'])})\s+"
            rf"(?:{_words(data['clauses']['distance_words'])})(?!\w)",
            re.IGNORECASE,
        ),
        said_noun_dated=re.compile(
            rf"(?i)(?<!\w)(?:{_words(report['said_nouns_dated'])})\s+(?:of|dated)\s+$"
        ),
        future_before=re.compile(
            rf"(?i)(?<!\w)(?:{_words(plan['future_before'])})"
            rf"(?!\w)(?!\s+(?:{_words(plan['not_future_after'])})(?!\w))"
        ),
        # Right after the toll, or after its verb: "The death toll from Sunday's air strike"
        # names the strike, whose date it is; "The toll from the raid rose to 40 on Monday"
        # dates the count.
        toll_before=re.compile(
            rf"(?i)(?<!\w)(?:{_words(report['toll_nouns'])})(?!\w)(?!\s+on\b)"
            r"(?:(?:(?!\b(?:from|of|for|in)\b)[^,;:.!?()\n]){0,60}"
            rf"|[^,;:.!?()\n]{{0,60}}?(?<!\w)(?:{_words(report['toll_verbs'])})(?!\w)"
            r"[^,;:.!?()\n]{0,40})$"
        ),
        tally_by=re.compile(rf"(?i)(?<!\w)(?:{_words(report['tally_before'])})\s+$"),
        tally_verb=re.compile(rf"(?i)(?<!\w)(?:{_words(report['tally_verbs'])})(?!\w)"),
        reported_happening=re.compile(
            rf"(?i)(?<!\w)(?:{_words(report['reported_happenings'])})\s+(?:was|were)\s+"
            r"(?:also\s+|again\s+|first\s+)?(?:reported|recorded|heard|observed)\s+"
            r"(?:(?:late|early)\s+)?(?:on\s+|in\s+)?$"
        ),
        deadline_before=re.compile(
            rf"(?i)(?<!\w)(?:{_words(plan['deadline_before'])})\s+(?:the\s+)?$"
        ),
        directive=re.compile(rf"(?i)(?<!\w)(?:{_words(plan['directives'])})(?!\w)"),
        future_after=re.compile(
            # The date opens its clause; at most eight words that are no verb of the past
            # ("-ed", a speech verb, an auxiliary of the past) lead to the future.
            rf"(?i)^,?\s+(?:(?!(?:{verbs}|was|were|had|has|have|did)(?!\w))(?![\w'’-]+ed(?!\w))"
            rf"[\w'’-]+\s+){{0,8}}(?:{_words(plan['future_after'])})(?!\w)"
        ),
        # "since" then a phrase of up to `since_reach` words without a seam or a verb of the
        # past ("since the war began, ..."), right before the date.
        since_before=re.compile(
            rf"(?i)(?<!\w)since\s+(?:(?!(?:{seam_words}|began|started|ended|broke)(?!\w))"
            rf"[^\s,;:.!?()\[\]]+\s+){{0,{int(reference['since_reach'])}}}$"
        ),
        since_perfect=re.compile(
            rf"(?i)(?<!\w)(?:{_words(reference['since_perfect'])})\s+"
            # a figure's thousands separator is no seam: "has killed more than 11,000 people"
            rf"(?:(?:\d[\d,.]*|[^\s,;:.!?]+)\s+){{0,{int(reference['since_perfect_reach'])}}}$"
        ),
        comparison_before=re.compile(
            rf"(?i)(?<!\w)(?:{_words(reference['comparison_before'])})\s+(?:the\s+)?$"
        ),
        office_after=re.compile(
            rf"(?i)^,?\s+(?:[^\s,;:.!?]+\s+){{0,6}}?(?:{_words(reference['office_verbs'])})(?!\w)"
        ),
        tenure_before=re.compile(
            rf"(?i)(?<!\w)(?:{_words(reference['tenure_verbs'])})(?:\s+[^\s,;:.!?]+){{0,4}}?"
            r"\s+(?:from|between|until|till|since|in|during)\s+(?:the\s+)?$"
        ),
        announced_ahead=re.compile(
            rf"(?i)^\s*,\s*(?:[^\s,;.:!?\"“”]+\s+){{1,8}}?(?:{clause_verbs})\s+that(?!\w)"
        ),
    )


_NAME_QUALIFIER = re.compile(r"\b[A-Z][\w’'-]*\s+of\s+(?:the\s+)?$")
_BARE_YEAR = re.compile(r"^(?:of\s+)?\d{4}$")
# "told his men on 12 May", "told a news conference on Friday": whom a speaker told.
_TOLD = re.compile(r"(?i)(?<!\w)told(?:\s+[\w'’-]+){1,3}\s+(?:(?:late|early)\s+)?on\s+$")
# A wire dateline before the sentence proper: "NYALA, Sudan, June 16 (Reuters) - ".
_DATELINE_PREFIX = re.compile(
    rf"^{_DATELINE_PLACE}\s*[A-Z][a-z]{{2,8}}\.?\s+\d{{1,2}}"
    r"(?:,\s*\d{4})?\s*(?:\([^)\n]{1,40}\)\s*)?[-–—]{1,2}\s*"
)


_CLAUSE_STOP = re.compile(r"[.;!?\n]")


def dateline_end(text: str, sentence_start: int) -> int | None:
    """Where a wire dateline opening the sentence at ``sentence_start`` ends ("NYALA, Sudan,
    June 16 (Reuters) - "), or None when the sentence opens with none. The places it names are
    where the report was filed: no party to what it reports."""
    found = _DATELINE_PREFIX.match(text[sentence_start : sentence_start + 160])
    return sentence_start + found.end() if found else None


def expression_role(
    text: str,
    expr: TimeExpression,
    sentence_start: int,
    paragraph_start: int,
) -> ExpressionRole:
    """The role of ``expr`` in its sentence (see the module docstring).

    A report date is a report date even when nothing else in the sentence is dated: "X said
    on Tuesday that 730 had been killed since the war began" dates no happening (the toll ran
    up over months), and guessing that the Tuesday is the happening's day would put a
    cumulative figure on one day.
    """
    r = rules()
    start, end = expr.start, expr.end
    anchor = expr.anchor.kind if expr.anchor else AnchorKind.EXPLICIT
    if anchor is not AnchorKind.EXPLICIT and inside_quotation(text, paragraph_start, start):
        return ExpressionRole.QUOTED
    before = text[max(sentence_start, start - 80) : start]
    after = text[end : end + 120]
    if (
        r.speech_after.search(before) or r.opener_before.search(before) or _TOLD.search(before)
    ) and not r.reported_happening.search(before):
        return ExpressionRole.REPORT
    if r.said_noun_dated.search(before):
        return ExpressionRole.REPORT  # "the minister's statement of 20 October 2017 said"
    if r.toll_before.search(before):
        return ExpressionRole.REPORT  # "An updated death toll the following month put ..."
    if r.tally_by.search(before):
        rest = _SENTENCE_STOP.split(after, maxsplit=1)[0]
        if r.tally_verb.search(text[max(sentence_start, start - 160) : start] + " " + rest):
            return ExpressionRole.REPORT  # "By 6 June, the bombardment had killed 606 civilians"
    if _planned(r, text, sentence_start, start, before, after):
        return ExpressionRole.PLAN  # "will be prolonged until 2034": a plan's date
    head = _DATELINE_PREFIX.sub("", text[sentence_start:start], count=1)
    opening = re.fullmatch(r"\W*(?:(?:on|in)\s+)?", head, re.IGNORECASE) is not None
    if opening and r.speech_ahead.match(after):
        return ExpressionRole.REPORT  # "On Tuesday, officials in Nyala said that ..."
    if (
        opening
        and r.announced_ahead.match(after)
        and re.search(r"(?i)(?<!\w)since(?!\w)", _CLAUSE_STOP.split(after, maxsplit=1)[0])
    ):
        # "On 27 May, the mayor announced that 1,500 had been killed since the invasion": the
        # announced toll ran up since; the day is the announcement's.
        return ExpressionRole.REPORT
    if r.dateline_before.match(head) and r.dateline_after.match(after):
        return ExpressionRole.REPORT  # "KHARTOUM, April 20 (Reuters) -"
    if _BARE_YEAR.match(expr.text) and (
        _NAME_QUALIFIER.search(text, max(0, start - 60), start) or r.thing_of_before.search(before)
    ):
        return ExpressionRole.REFERENCE  # "the Treaty of 1921", "the nuclear disaster of 1986"
    if _CLAUSE_OPENER.match(head) and r.office_after.match(
        _CLAUSE_STOP.split(after, maxsplit=1)[0]
    ):
        return ExpressionRole.REFERENCE  # "In early 2012, Kofi Annan acted as the envoy"
    if r.tenure_before.search(text, max(sentence_start, start - 80), start) and not _RULING.match(
        after
    ):
        return ExpressionRole.REFERENCE  # "Heydar Aliyev, who ruled Azerbaijan from 1993 to 2003"
    if r.since_before.search(before) and _reported_since(r, text, sentence_start, start):
        return ExpressionRole.REFERENCE  # "abandoned since the Six-Day War with Israel in 1967"
    if r.state_before.search(before):
        return ExpressionRole.REFERENCE  # "As of 30 July, Russian forces controlled ..."
    if _BY_OPENER.fullmatch(head) and r.by_state_verb.search(
        _RELATIVE.split(_MAIN_CLAUSE_END.split(after.lstrip(" ,"), maxsplit=1)[0], maxsplit=1)[0]
    ):
        return ExpressionRole.REFERENCE  # "By June 2017, Raqqa remained the only city ..."
    if r.comparison_before.search(before):
        return ExpressionRole.REFERENCE  # "more were killed in those years than in 2014–15"
    in_brackets = text[start - 1 : start] == "(" and text[end : end + 1] == ")"
    if in_brackets and re.search(r"[A-Za-z]\s*$", text[max(0, start - 40) : start - 1]):
        return ExpressionRole.REFERENCE  # "the First Chechen War (1994–1996)"
    if r.commemorated_after.match(after) or r.commemoration_before.search(before):
        return ExpressionRole.REFERENCE
    if r.name_head_after.match(after):
        return ExpressionRole.REFERENCE  # "the March 23 Movement"
    lead = r.determiner_before.search(before)
    if lead is not None and r.noun_after.match(after):
        if r.dating_the_before.search(before) and r.happening_noun_after.match(after):
            rest = _CLAUSE_STOP.split(text[end : end + 240], maxsplit=1)[0]
            if r.state_verb.search(rest):
                return ExpressionRole.REFERENCE  # "After the 2018 offensive, tensions remained"
            if r.part_of.search(head):
                return ExpressionRole.REFERENCE  # "The battle was part of ... the 2022 invasion"
            return ExpressionRole.HAPPENING  # "During the 2020 war, Azerbaijan retook Shusha"
        if not _opens(text, sentence_start, start - len(lead[0])):
            return ExpressionRole.REFERENCE  # "his 1997 book", "the 1942 Soviet defeat"
        if r.thing_noun_after.match(after):
            return ExpressionRole.REFERENCE  # "The 2018 Baidoa accord was never carried out"
    return ExpressionRole.HAPPENING


_SENTENCE_STOP = re.compile(r"[.!?](?:\s|$)")
_CLAUSE_OPENER = re.compile(r"(?i)^\W*(?:(?:in|by|on|from|until|till|after|at)\s+)?$")
# "By" opening the sentence before its date: with a state verb, the time a state holds at.
_BY_OPENER = re.compile(r"(?i)\W*by\s+(?:the\s+)?")
# Where the clause that follows an opening date ends: "By 20 May, the port had fallen and ...".
_MAIN_CLAUSE_END = re.compile(r"[,;.!?\n]|\b(?:and|but|while|whereas)\b")
# A relative clause inside it tells of something else: "By 28 July, troops had retaken the
# heights that were under rebel control" (the retaking is the happening).
_RELATIVE = re.compile(r"\b(?:that|which|who|whom|where)\b")
# A lead that starts a schedule: "Starting from 12.00 noon on 23 October, the police will ...".
_SCHEDULE_LEAD = re.compile(r"(?i)^\W*(?:starting|beginning|effective|as\s+from)\b[^,.;\n]{0,40}$")


# Between a directive and a "by" date: a clause of its own ("ordered an evacuation, and by 3
# May the town was empty") or a finite verb ("urged residents to flee and had seized the town
# by 3 May"): the date is then that clause's, not the directive's deadline.
_MAIN_VERB_OR_CLAUSE = re.compile(
    r"(?i),\s*(?:and|but|while|whereas)\b|;|\b(?:had|has|have|was|were)\b"
)


def _planned(r: Rules, text: str, sentence_start: int, start: int, before: str, after: str) -> bool:
    """Whether the date at ``start`` is governed by a future, a schedule or a plan (roles.toml
    ``[plan]``): "will be prolonged until 2034", "In 2030, the base will close"."""
    seams = list(r.seam.finditer(before))
    clause = before[seams[-1].end() :] if seams else before
    if r.future_before.search(clause):
        return True
    if r.deadline_before.search(before):
        directives = list(r.directive.finditer(text, sentence_start, start))
        if directives and not _MAIN_VERB_OR_CLAUSE.search(text, directives[-1].end(), start):
            return True  # "a resolution calling for ... information about cholera by 1 June"
    lead = clause if seams else text[sentence_start:start]
    if not _CLAUSE_OPENER.match(lead) and not _SCHEDULE_LEAD.match(lead):
        return False
    rest = _CLAUSE_STOP.split(after, maxsplit=1)[0]
    return r.future_after.match(rest) is not None


def _opens(text: str, sentence_start: int, pos: int) -> bool:
    """Whether ``pos`` opens its sentence ("The 2004 election was disputed.")."""
    return not text[sentence_start:pos].strip(" \t\"“‘'(")


# "The court ruled in March 2021 that ...": a ruling, not a rule.
_RULING = re.compile(r"\s*,?\s*that\b", re.IGNORECASE)


def _reported_since(r: Rules, text: str, sentence_start: int, start: int) -> bool:
    """Whether the "since" before the date at ``start`` makes it a reference: "since the
    <named war or happening> [in DATE]" always; a bare "since DATE" inside a report ("the
    mayor said 1,500 had been killed since 24 February") dates the state the report
    describes, not the happening reported."""
    found = r.since_before.search(text, max(sentence_start, start - 120), start)
    if found is None:
        return False
    phrase = found[0].split()[1:]
    if phrase:
        # "since the Six-Day War with Israel in": a capitalised name, no happening told in
        # lower case ("since the coup on 1 February", "since the start of the Russian
        # invasion on 24 February" date the coup and the invasion).
        nouns = {n.lower() for n in r.data["reference"]["happening_nouns"]} | {"coup"}
        named = any(w[:1].isupper() for w in phrase[1:] + phrase[:1] if w.lower() != "the")
        told = any(w in nouns for w in phrase) or any(w.endswith("ed") for w in phrase)
        return named and not told
    said = text[sentence_start : found.start()]
    seams = list(r.seam.finditer(said))
    clause = said[seams[-1].end() :] if seams else said
    if r.since_perfect.search(clause):
        return True  # "cells that have been active since 2018": a state from then on
    return r.speaker_after.search(said) is not None or r.commenter_after.search(said) is not None
