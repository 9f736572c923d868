"""ACLED event types: every example and negative of ``timeline/data/event_types.toml``, run as
parametrised tests (ids name the rule: "armed_clash:2"), plus precedence, the acting side,
negation, whole words, and user files (validation and merge).

To add a phrase, add a clause to the rule's ``examples`` or ``negatives`` in the TOML file.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from timeline import event_types as event_types_module
from timeline.event_types import (
    EventType,
    EventTypes,
    EventTypesError,
    Example,
    Rule,
    classify,
    load_event_types,
)

BUILTIN = load_event_types()


def _cases(kind: str) -> list[object]:
    return [
        pytest.param(rule, example, id=f"{rule.name}:{i}")
        for rule in BUILTIN.rules
        for i, example in enumerate(getattr(rule, kind))
    ]


def _classify(example: Example) -> EventType | None:
    return classify(example.clause, state_actor=example.state_actor)


@pytest.mark.parametrize(("rule", "example"), _cases("examples"))
def test_example(rule: Rule, example: Example) -> None:
    found = _classify(example)
    sub = example.sub_event_type or rule.sub_event_type
    assert found is not None, f"nothing found in {example.clause!r}"
    assert (found.event_type, found.sub_event_type) == (BUILTIN.event_type_of(sub), sub), found
    assert example.clause[found.start : found.end] == found.trigger
    if example.trigger is not None:
        assert found.trigger == example.trigger


@pytest.mark.parametrize(("rule", "example"), _cases("negatives"))
def test_negative(rule: Rule, example: Example) -> None:
    found = _classify(example)
    assert found is None or found.sub_event_type not in rule.sub_event_types, found


@pytest.mark.parametrize(
    "example", [pytest.param(e, id=f"unclassified:{i}") for i, e in enumerate(BUILTIN.unclassified)]
)
def test_unclassified(example: Example) -> None:
    assert _classify(example) is None


# ── the data file itself ──


def test_taxonomy_is_acled_and_every_sub_event_type_has_a_rule_and_examples() -> None:
    assert list(BUILTIN.taxonomy) == [
        "Battles",
        "Explosions/Remote violence",
        "Violence against civilians",
        "Protests",
        "Riots",
        "Strategic developments",
    ]
    assert len([s for subs in BUILTIN.taxonomy.values() for s in subs]) == 25
    counts: dict[str, int] = {}
    for rule in BUILTIN.rules:
        for example in rule.examples:
            sub = example.sub_event_type or rule.sub_event_type
            counts[sub] = counts.get(sub, 0) + 1
    for subs in BUILTIN.taxonomy.values():
        for sub in subs:
            assert counts.get(sub, 0) >= 4, (sub, counts.get(sub, 0))
    negatives = sum(len(r.negatives) for r in BUILTIN.rules) + len(BUILTIN.unclassified)
    assert negatives >= 25


def test_builtin_is_cached() -> None:
    event_types_module._builtin.cache_clear()
    event_types_module._builtin_raw.cache_clear()
    first = load_event_types()
    assert load_event_types() is first


# ── precedence ──


@pytest.mark.parametrize(
    ("clause", "sub", "trigger"),
    [
        # An attack by a drone on civilians is remote violence, not violence against civilians.
        ("A drone strike killed 12 civilians at a market in Omdurman.", "Air/drone strike", None),
        ("Shelling killed five residents of Kherson.", "Shelling/artillery/missile attack", None),
        # A battle that changes hands is the change of territory.
        ("After heavy fighting, the army retook the town of Bara.", None, "retook"),
        # Civilians killed in a battle are the battle's.
        ("Four civilians died in clashes between the army and the RSF.", "Armed clash", None),
        # Protesters who turn violent make a riot, whatever the police did in reply.
        ("Police fired tear gas at protesters who threw stones.", "Violent demonstration", None),
        # Arrested protesters are a protest met with intervention, not Arrests.
        ("Police arrested 30 protesters in Lomé.", "Protest with intervention", None),
        # A ceasefire in the background does not hide what happened.
        ("Shelling continued despite the ceasefire.", "Shelling/artillery/missile attack", None),
        # A surrender that ends a battle is the change of territory it ends in (ACLED codes
        # the territory change), not an armed clash, and not the fighting it ended.
        (
            "The Ukrainian garrison surrendered after a three-week siege.",
            "Non-state actor overtakes territory",
            "surrendered",
        ),
        (
            "Russia said the remaining defenders of the city surrendered after they were "
            "ordered to cease fighting.",
            "Non-state actor overtakes territory",
            "surrendered",
        ),
    ],
)
def test_precedence(clause: str, sub: str | None, trigger: str | None) -> None:
    found = classify(clause)
    assert found is not None
    if sub is not None:
        assert found.sub_event_type == sub, found
    if trigger is not None:
        assert found.trigger == trigger, found


def test_drone_strike_on_civilians_is_explosions_remote_violence() -> None:
    found = classify("A drone strike on a market in Tigray killed at least 30 civilians.")
    assert found == EventType(
        "Explosions/Remote violence", "Air/drone strike", "drone strike", 2, 14
    )


# ── the acting side ──


@pytest.mark.parametrize(
    ("clause", "state_actor", "sub"),
    [
        ("The town of Bara was retaken on Sunday.", None, "Government regains territory"),
        ("The town of Bara was retaken on Sunday.", True, "Government regains territory"),
        ("The town of Bara was retaken on Sunday.", False, "Non-state actor overtakes territory"),
        ("The town of Bara was captured on Sunday.", None, "Non-state actor overtakes territory"),
        ("The town of Bara was captured on Sunday.", True, "Government regains territory"),
        # Told by the clause: the nearest force before the trigger, else the first after it.
        ("The army captured the town of Bara.", None, "Government regains territory"),
        ("The RSF recaptured the town of Bara.", None, "Non-state actor overtakes territory"),
        (
            "The army said rebels had captured the town.",
            None,
            "Non-state actor overtakes territory",
        ),
        ("The town was captured by the army.", None, "Government regains territory"),
        ("The town was captured by the Arakan Army.", None, "Non-state actor overtakes territory"),
        # The caller's word wins over the clause.
        ("The army captured the town of Bara.", False, "Non-state actor overtakes territory"),
        # A surrender: the side that surrenders is not the side that takes the place.
        (
            "The remaining rebels in the town surrendered to the army after a siege.",
            None,
            "Government regains territory",
        ),
        (
            "The remaining government forces in Kidal surrendered to the rebels.",
            None,
            "Non-state actor overtakes territory",
        ),
        # A person captured: arrested by a state's force, else abducted.
        ("Police captured the suspect in Goma.", None, "Arrests"),
        ("Militants captured the suspect in Goma.", None, "Abduction/forced disappearance"),
    ],
)
def test_state_or_non_state(clause: str, state_actor: bool | None, sub: str) -> None:
    found = classify(clause, state_actor=state_actor)
    assert found is not None and found.sub_event_type == sub, found


# ── negation and modality ──


@pytest.mark.parametrize(
    "clause",
    [
        "No shelling was reported overnight.",
        "There were no reports of fighting in Omdurman.",
        "The army did not shell the village.",
        "Rebels threatened to attack the town.",
        "Rebels could attack the town at any moment.",
        "The ministry denied bombing the hospital.",
        "The UN warned of possible airstrikes on El Fasher.",
        "Protesters will march on Friday.",
        "No one was killed.",
        # A happening called off or ended is not that happening.
        "The army ordered its troops to stop shelling the town.",
        "Mediators brokered an end to the fighting in El Fasher.",
        "Both sides agreed to cease hostilities on Friday.",
        "The rebels ceased fighting around the airport on Sunday.",
    ],
)
def test_negated_or_modal_triggers_give_nothing(clause: str) -> None:
    assert classify(clause) is None


@pytest.mark.parametrize(
    ("clause", "sub"),
    [
        # A break word or a punctuation mark ends the cue's reach.
        ("No one was hurt, but shelling resumed at dawn.", "Shelling/artillery/missile attack"),
        ("There were no casualties from shelling in Kharkiv.", "Shelling/artillery/missile attack"),
        ("Not far from the border, rebels clashed with troops.", "Armed clash"),
        # A cue too far before the trigger does not reach it.
        ("No statement was issued by the army after it shelled Kadugli.", None),
        ("Protesters said they would return after police dispersed them.", None),
    ],
)
def test_cues_reach_only_so_far(clause: str, sub: str | None) -> None:
    found = classify(clause)
    assert found is not None
    if sub is not None:
        assert found.sub_event_type == sub, found


# ── whole words, any case ──


@pytest.mark.parametrize(
    "clause",
    [
        "The market sells shellfish and dried fish.",
        "Unshelled peanuts are exported from Kordofan.",
        "Students of artillerymen's history met in Kyiv.",
        "The riotous party lasted until dawn.",
    ],
)
def test_whole_words_only(clause: str) -> None:
    assert classify(clause) is None


def test_case_insensitive_and_offsets() -> None:
    clause = "  KHARTOUM: RSF DRONES STRUCK the airport."
    found = classify(clause)
    assert found is not None and found.sub_event_type == "Air/drone strike"
    assert clause[found.start : found.end] == found.trigger == "DRONES"
    spaced = classify("Saudi-led   air\nstrikes hit Saada.")
    assert spaced is not None and spaced.trigger == "air\nstrikes"


def test_shellfish_is_not_shelling() -> None:
    assert classify("Fishermen sold shellfish in Aden.") is None
    found = classify("Fishermen sold shellfish in Aden before the shelling.")
    assert found is not None and found.trigger == "shelling"


# ── user files ──


def _write(tmp_path: Path, text: str, name: str = "mine.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_user_file_extends_lists_and_replaces_scalars(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        """
[classes]
civilian = ["cattle keepers"]

[rules.air_drone_strike]
triggers = ["loitering munition"]
examples = ["A loitering munition hit a fuel depot near Mekelle."]

[rules.grenade]
priority = 99

[rules.attack_on_civilians]
examples = ["Raiders killed three cattle keepers near Bor."]

[rules.ambush_on_civilians]
event_type = "Violence against civilians"
sub_event_type = "Attack"
priority = 48
triggers = ["waylaid"]
requires = ["@civilian after 4"]
examples = ["Bandits waylaid traders on the Kano road."]
""",
    )
    merged = load_event_types([path])
    assert isinstance(merged, EventTypes) and merged is not BUILTIN
    strike = merged.classify("A loitering munition hit a fuel depot near Mekelle.")
    assert strike is not None and strike.sub_event_type == "Air/drone strike"
    assert strike.trigger == "loitering munition"
    # The built-in triggers are still there: the list was extended, not replaced.
    still = merged.classify("Saudi-led airstrikes hit Saada.")
    assert still is not None and still.sub_event_type == "Air/drone strike"
    # A scalar is replaced: a grenade now wins over the drone that dropped it.
    dropped = merged.classify("A drone dropped grenades on a trench near Bakhmut.")
    assert dropped is not None and dropped.sub_event_type == "Grenade"
    builtin = classify("A drone dropped grenades on a trench near Bakhmut.")
    assert builtin is not None and builtin.sub_event_type == "Air/drone strike"
    # Class words are extended too, and a new rule adds itself.
    cattle = merged.classify("Raiders killed three cattle keepers near Bor.")
    assert cattle is not None and cattle.sub_event_type == "Attack"
    waylaid = merged.classify("Bandits waylaid traders on the Kano road.")
    assert waylaid is not None and waylaid.trigger == "waylaid"
    rule = {r.name: r for r in merged.rules}["air_drone_strike"]
    assert (
        len(rule.examples)
        == len({r.name: r for r in BUILTIN.rules}["air_drone_strike"].examples) + 1
    )
    # The built-in is untouched.
    assert classify("A loitering munition hit a fuel depot near Mekelle.") is None


def test_user_files_merge_in_order(tmp_path: Path) -> None:
    first = _write(tmp_path, "[rules.grenade]\npriority = 99\n", "first.toml")
    second = _write(tmp_path, "[rules.grenade]\npriority = 10\n", "second.toml")
    merged = load_event_types([first, second])
    found = merged.classify("A drone dropped grenades on a trench near Bakhmut.")
    assert found is not None and found.sub_event_type == "Air/drone strike"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("[rule.armed_clash]\ntriggers = ['melee']\n", ["unknown table [rule]"]),
        ("[rules.armed_clash]\ntrigger = ['melee']\n", ["[rules.armed_clash]", "'trigger'"]),
        ("[rules.armed_clash]\npriority = 'high'\n", ["[rules.armed_clash].priority", "integer"]),
        (
            "[rules.melee]\nevent_type = 'Battles'\nsub_event_type = 'Brawl'\npriority = 1\n"
            "triggers = ['melee']\n",
            ["[rules.melee].sub_event_type", "'Brawl'"],
        ),
        (
            "[rules.melee]\nevent_type = 'Fights'\nsub_event_type = 'Armed clash'\n"
            "priority = 1\ntriggers = ['melee']\n",
            ["[rules.melee].event_type", "'Fights'"],
        ),
        ("[rules.melee]\ntriggers = ['melee']\n", ["[rules.melee]", "'event_type'"]),
        ("[rules.armed_clash]\nrequires = ['@soldiery after 3']\n", ["unknown class @soldiery"]),
        ("[rules.armed_clash]\nif_state = 'Coup'\n", ["[rules.armed_clash].if_state", "'Coup'"]),
        ("[cues.negation]\nwindows = 3\n", ["[cues.negation]", "'windows'"]),
        ("[cues.hedge]\nwords = 'perhaps'\n", ["[cues.hedge]", "'window'"]),
        ("[classes]\nPlace = 'town'\n", ["[classes] 'Place'"]),
        ("[rules.armed_clash]\nexamples = [{ text = 'x' }]\n", ["examples[0]", "'text'"]),
        ("[rules.armed_clash\n", ["invalid TOML"]),
    ],
)
def test_bad_user_file_names_the_file_and_the_key(
    tmp_path: Path, text: str, words: list[str]
) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(EventTypesError) as caught:
        load_event_types([path])
    message = str(caught.value)
    assert str(path) in message
    assert caught.value.path == path
    for word in words:
        assert word in message, message


def test_missing_user_file(tmp_path: Path) -> None:
    with pytest.raises(EventTypesError, match="cannot read"):
        load_event_types([tmp_path / "absent.toml"])
