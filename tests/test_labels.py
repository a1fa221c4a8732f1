"""The label mapper: each stage, each trap and each list field, by known answers."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher.directory.vocab import vocabulary
from matcher.labels import STAGES, LabelMapping, map_label, teach
from matcher.labels.ages import age_range, bands_for
from matcher.labels.forms import loose
from matcher.labels.fuzzy import allowed_edits

LIST_VOCABS = (
    "specialties approaches populations session_formats languages credentials "
    "ethnicity faith identities"
).split()


EXACT, NORM, SPLIT, FUZZY = STAGES


def mapped(name: str, raw: str) -> tuple[tuple[str, ...], str | None]:
    result = map_label(name, raw)
    return result.keys, result.stage


@pytest.mark.parametrize(
    ("name", "raw", "keys", "stage"),
    [
        ("approaches", "Internal Family Systems (IFS)", "ifs", EXACT),
        ("approaches", "Internal Family Sytems", "ifs", FUZZY),
        ("approaches", "IFS, Internal Family Systems", "ifs", SPLIT),
        ("approaches", "Internal Family Systems Therapy L1 & L2", "ifs", NORM),
        ("approaches", "Internal Family Systems: Richard Schwartz", "ifs", NORM),
        ("approaches", "Acceptance/Commitment Therapy", "act", NORM),
        ("approaches", "Client-Centered / Rogerian (CCT)", "person_centered", NORM),
        ("approaches", "Client-Centered / Rogerian", "person_centered", SPLIT),
        ("approaches", "Client-Centered/Person-Centered", "person_centered", SPLIT),
        ("approaches", "Gottman Level 1 & 2", "gottman", NORM),
        ("approaches", "EMDR - EMDRIA Approved Consultant", "emdr", NORM),
        ("approaches", "Person-Centred Counselling", "person_centered", NORM),
        ("approaches", "CBT Therapist", "cbt", NORM),
        ("approaches", "CBT-I", "cbt_insomnia", EXACT),
        ("approaches", "CCT", "person_centered", NORM),
        ("approaches", "CBT, DBT, and EMDR", "cbt dbt emdr", SPLIT),
        ("specialties", "Anxiety & Depression", "anxiety depression", SPLIT),
        ("specialties", "Depresion", "depression", FUZZY),
        ("specialties", "Self-Esteem Issues", "self_esteem", NORM),
        ("populations", "Adolescents / Teenagers (14 to 19)", "adolescents", SPLIT),
        ("populations", "Preteens / Tweens (11 to 13)", "adolescents", SPLIT),
        ("populations", "Elders (65+)", "older_adults", EXACT),
        ("populations", "Ages 13-25", "adolescents adults", NORM),
        ("session_formats", "Family TX", "family", NORM),
        ("session_formats", "Couples Theraphy", "couples", FUZZY),
        ("languages", "Farsi/Persian", "Farsi", SPLIT),
        ("credentials", "L.C.S.W.", "LCSW", EXACT),
        ("credentials", "LMFT License #98765", "LMFT", NORM),
        ("credentials", "M.A., LPC", "MA LPC", SPLIT),
        ("ethnicity", "White/Caucasian", "white", SPLIT),
        ("faith", "Christian (Non-denominational)", "christian", EXACT),
        ("identities", "LGBTQ+ Therapist", "lgbtq", NORM),
    ],
)
def test_known_answers_with_their_stage(name, raw, keys, stage):
    assert mapped(name, raw) == (tuple(keys.split()), stage)


@pytest.mark.parametrize(
    ("name", "raw"),
    [
        ("approaches", "Dysfunctional Family"),
        ("approaches", "Systems"),
        ("approaches", "Acceptance"),
        ("approaches", "Attachment issues"),
        ("approaches", "Psychodynamic and Something Else"),  # one part unknown
        ("approaches", "CBT, coffee and good conversation"),
        ("specialties", "Currently accepting new self pay clients"),
        ("specialties", "Traumatic Brain Injury"),
        ("populations", "Couples"),
        ("session_formats", "Telehealth"),
        ("languages", "Chinese"),  # Mandarin or Cantonese: not ours to guess
        ("languages", "Creole"),
        ("languages", "Sorbian"),  # one letter from Serbian, and a language
        ("credentials", "PhD Candidate"),
        ("ethnicity", "Jewish"),
        ("faith", "Religious"),
        ("identities", "LGBTQ+ Ally"),
    ],
)
def test_traps_map_to_nothing(name, raw):
    assert mapped(name, raw) == ((), None)


def test_family_systems_and_mindfulness_keep_their_own_keys():
    assert mapped("approaches", "Family Systems")[0] == ("family_systems",)
    assert mapped("approaches", "Mindfulness-based (MBCT)")[0] == ("mindfulness_based",)


@pytest.mark.parametrize("name", LIST_VOCABS)
def test_every_spelling_of_every_list_vocabulary_maps_exactly_to_its_key(name):
    vocab = vocabulary(name)
    for entry in vocab.entries.values():
        for spelling in (entry.label, *entry.aliases):
            assert mapped(name, spelling) == ((entry.key,), "exact"), spelling


def test_a_split_needs_every_part():
    assert mapped("specialties", "Anxiety, Depression")[0] == ("anxiety", "depression")
    assert mapped("specialties", "Anxiety, Depression, Knitting") == ((), None)


def test_a_key_from_a_fuzzy_part_says_fuzzy():
    result = map_label("approaches", "CBT, Internal Family Sytems")
    assert dict(zip(result.keys, result.stages, strict=True)) == {
        "cbt": "split",
        "ifs": "fuzzy",
    }
    assert result.stage == "fuzzy"


def test_unmapped_labels_carry_up_to_three_scored_suggestions():
    result = map_label("specialties", "Anxeity")
    assert result.keys == ()
    assert 1 <= len(result.suggestions) <= 3
    assert result.suggestions[0][0] == "anxiety"
    scores = [score for _, score in result.suggestions]
    assert scores == sorted(scores, reverse=True) and all(0 < s <= 100 for s in scores)


def test_mapped_labels_carry_no_suggestions():
    assert map_label("specialties", "Anxiety").suggestions == ()


def test_fuzzy_needs_a_clear_margin_over_the_runner_up():
    # "LCSWW" is one edit from LCSW but also two from LICSW, and too short anyway.
    assert mapped("credentials", "LCSWW") == ((), None)
    assert allowed_edits(7) == 0 and allowed_edits(8) == 1 and allowed_edits(20) == 3


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(14 to 19)", (14, 19)),
        ("Ages 0-5", (0, 5)),
        ("Elders 65+", (65, 120)),
        ("65 and older", (65, 120)),
        ("Adults", None),
        ("19 to 14", None),
    ],
)
def test_age_ranges_are_read(text, expected):
    assert age_range(text) == expected


@pytest.mark.parametrize(
    ("low", "high", "keys"),
    [
        (14, 19, ["adolescents"]),  # two adult years are not enough
        (11, 13, ["adolescents"]),
        (0, 6, ["children"]),
        (13, 25, ["adolescents", "adults"]),
        (60, 120, ["adults", "older_adults"]),
        (18, 18, ["adults"]),
    ],
)
def test_age_ranges_map_to_the_bands_they_span(low, high, keys):
    assert bands_for(low, high) == keys


def test_words_win_over_a_range_that_disagrees():
    assert mapped("populations", "Seniors (60+)")[0] == ("older_adults",)


def test_loose_forms_drop_setting_and_training_words_only():
    assert loose("Internal Family Systems Therapy L1 & L2") == "internalfamilysystem"
    assert loose("Bipolar II") == "bipolarii"  # not a training level here
    assert loose("Level II EMDR") == "emdr"


def test_stage_of_an_unmapped_label_is_none():
    assert LabelMapping("approaches", "x").stage is None
    assert STAGES == ("exact", "normalised", "split", "fuzzy")


def test_a_dash_or_colon_before_another_value_splits_instead_of_dropping_it():
    assert mapped("specialties", "Depression - Anxiety") == (
        ("depression", "anxiety"),
        SPLIT,
    )
    assert mapped("approaches", "CBT: DBT") == (("cbt", "dbt"), SPLIT)
    assert mapped("approaches", "Gottman - Level 2") == (("gottman",), NORM)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(LIST_VOCABS), st.text(max_size=60))
def test_any_text_maps_only_to_keys_of_its_vocabulary(name, raw):
    result = map_label(name, raw)
    assert set(result.keys) <= set(vocabulary(name).keys)
    assert len(result.stages) == len(result.keys)
    assert all(stage in STAGES for stage in result.stages)
    assert len(result.suggestions) <= 3


def test_an_admin_alias_maps_its_part_of_a_split_cell():
    cell = "Teens / Adolescents; Kupuna"
    assert map_label("populations", cell).keys == ()  # "Kupuna" maps to nothing
    try:
        teach([("populations", "KUPUNA", "older_adults")])
        result = map_label("populations", cell)
        assert dict(zip(result.keys, result.stages, strict=True)) == {
            "adolescents": "split",
            "older_adults": "admin",
        }
        assert (result.stage, result.taught) == ("split", False)
        assert map_label("populations", "Kupuna, Kupuna").stage == "admin"
        # an alias for a whole cell is not one for the words inside it
        assert map_label("populations", "Teens / Kupuna Hale").keys == ()
    finally:
        teach([])
    assert map_label("populations", cell).keys == ()


def test_a_part_taught_as_no_label_adds_no_key_and_spares_the_cell():
    cell = "Adults, Walk-ins welcome"
    assert map_label("populations", cell).keys == ()
    try:
        teach([("populations", "walk-ins welcome", None)])
        assert map_label("populations", cell).keys == ("adults",)
        only_none = "Walk-ins welcome / walk-ins welcome"
        assert map_label("populations", only_none).keys == ()
    finally:
        teach([])
