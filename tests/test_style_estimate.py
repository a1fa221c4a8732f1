"""The style estimator: known answers from approaches and words, and properties."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher.directory.vocab import vocabulary
from matcher.style_estimate import DIMENSIONS, estimate_style, estimate_styles
from matcher.style_estimate.sources import (
    _add_cue,
    approach_priors,
    cue_model,
)
from matcher.style_estimate.text import NegationRules, marked

CONFIDENT = 0.5


def profile(approaches=(), bio="", **style):
    """Return a profile with the fields the estimator reads."""
    row = {"id": "t-1", "approaches": list(approaches), "bio": bio}
    row.update({f"style_{dim}": value for dim, value in style.items()})
    return row


def directiveness(approaches=(), bio=""):
    """Return the directiveness estimate of a profile (None when unknown)."""
    return estimate_style(profile(approaches, bio)).get("directiveness")


# ---------------------------------------------------------------- known answers
def test_cbt_dbt_with_structure_skills_homework_leans_directive():
    found = directiveness(["cbt", "dbt"], "Structured sessions, skills and homework.")
    assert found.value >= 2 and found.confidence >= CONFIDENT
    assert any("Cognitive Behavioral Therapy" in e for e in found.evidence)
    assert 'Their description says "homework"' in found.evidence


def test_psychodynamic_at_your_own_pace_exploring_together_leans_client_led():
    bio = "We work at your own pace, and we explore together what comes up."
    found = directiveness(["psychodynamic"], bio)
    assert found.value <= -2 and found.confidence >= CONFIDENT
    assert 'Their description says "at your own pace"' in found.evidence


@pytest.mark.parametrize(
    ("bio", "side"),
    [
        ("I give practical tools, structure and homework between sessions.", 1),
        ("You lead, and we explore together at your own pace.", -1),
    ],
)
def test_an_eclectic_profile_follows_its_words(bio, side):
    mixed = ["cbt", "psychodynamic", "person_centered"]
    found = directiveness(mixed, bio)
    assert np.sign(found.value) == side and found.confidence >= CONFIDENT
    assert directiveness(mixed).confidence < CONFIDENT  # the approaches alone


def test_no_approaches_and_an_empty_bio_stay_unknown():
    assert estimate_style(profile()) == {}
    assert estimate_style(profile(bio="I see adults in Boston on weekdays.")) == {}
    assert estimate_style({"id": "bare"}) == {}


def test_an_approach_without_a_style_lean_says_nothing():
    assert estimate_style(profile(["multicultural", "faith_based"])) == {}


@pytest.mark.parametrize(
    ("negated", "stated"),
    [
        (
            "Mine is not a structured approach, and there is no homework.",
            "Mine is a structured approach, and there is homework.",
        ),
        (
            "I don't set homework or follow a structured plan.",
            "I set homework and follow a structured plan.",
        ),
        (
            "Rather than a structured program, sessions are open conversations.",
            "A structured program: sessions are conversations.",
        ),
    ],
)
def test_negated_structure_leans_client_led(negated, stated):
    assert directiveness(bio=negated).value < 0 < directiveness(bio=stated).value


def test_negated_phrases_are_named_as_ruled_out():
    found = directiveness(bio="There is no homework here.")
    assert found.evidence == ('Their description rules out "homework"',)


def test_a_negation_ends_with_its_clause():
    found = directiveness(bio="I never rush you, but I do give homework.")
    assert found.value > 0


def test_not_just_counts_the_phrase_neither_way():
    bare = directiveness(["cbt"], "I want to understand you as a person.")
    muted = directiveness(
        ["cbt"], "I don't just teach skills. I want to understand you as a person."
    )
    assert muted == bare


def test_dwelling_on_the_past_is_ruled_out_toward_the_present():
    bio = "Rather than dwelling on the past, we concentrate on your goals."
    assert estimate_style(profile(bio=bio))["orientation"].value < 0
    bio = "We explore how your childhood and the past shape you today."
    assert estimate_style(profile(bio=bio))["orientation"].value > 0


def test_warmth_against_challenge():
    warm = estimate_style(profile(bio="A warm, gentle and nonjudgmental space."))
    push = estimate_style(profile(bio="I will challenge you and give direct feedback."))
    assert warm["challenge"].value < 0 < push["challenge"].value


def test_a_longer_phrase_absorbs_the_phrases_inside_it():
    once = directiveness(bio="Let us explore together.")
    assert once.evidence == ('Their description says "explore together"',)


def test_approach_labels_and_joined_text_are_read_as_keys():
    as_keys = estimate_style(profile(["cbt", "psychodynamic"]))
    as_text = estimate_style(
        {"approaches": "Cognitive Behavioral (CBT); Psychodynamic therapy"}
    )
    assert as_text == as_keys


# ------------------------------------------------------------------ properties
PHRASES = [
    "structured",
    "homework",
    "at your own pace",
    "explore together",
    "childhood",
    "here and now",
    "challenge you",
    "warm",
    "deep emotions",
    "calm",
    "skills",
]
FILLER = ["I", "we", "not", "no", "never", "just", "but", "and", ",", ".", "you"]
APPROACH_KEYS = vocabulary("approaches").keys
STYLE_VALUES = st.one_of(st.none(), st.just(""), st.integers(-3, 3))

bios = st.lists(st.sampled_from(PHRASES + FILLER), max_size=25).map(" ".join)
profiles = st.fixed_dictionaries(
    {
        "approaches": st.lists(st.sampled_from(APPROACH_KEYS), max_size=5),
        "bio": bios,
        **{f"style_{dim}": STYLE_VALUES for dim in DIMENSIONS},
    }
)


@settings(max_examples=150, deadline=None)
@given(profiles)
def test_a_stated_value_is_never_estimated_or_changed(row):
    before = dict(row)
    found = estimate_style(row)
    assert row == before
    for dim in DIMENSIONS:
        if row[f"style_{dim}"] not in (None, ""):
            assert dim not in found


@settings(max_examples=150, deadline=None)
@given(profiles)
def test_values_and_confidences_stay_in_range(row):
    for estimate in estimate_style(row).values():
        assert -3 <= estimate.value <= 3
        assert 0 <= estimate.confidence <= 1
        assert estimate.evidence


@settings(max_examples=100, deadline=None)
@given(profiles)
def test_field_order_does_not_matter(row):
    assert estimate_style(dict(reversed(row.items()))) == estimate_style(row)


@settings(max_examples=30, deadline=None)
@given(st.lists(profiles, min_size=1, max_size=8))
def test_many_at_once_equals_one_at_a_time(rows):
    assert estimate_styles(rows) == [estimate_style(row) for row in rows]


# ---------------------------------------------------------------------- data
def test_every_prior_is_a_known_approach_with_sources():
    priors = approach_priors()
    assert set(priors.keys) <= set(APPROACH_KEYS)
    assert np.all(np.abs(priors.points) <= 1)
    assert {"cbt", "psychodynamic", "person_centered"} <= set(priors.keys)


@pytest.mark.parametrize(
    ("key", "side"),
    [
        ("cbt", 1), ("dbt", 1), ("exposure_response_prevention", 1),
        ("prolonged_exposure", 1), ("behavioral_activation", 1),
        ("solution_focused", 1), ("trauma_focused_cbt", 1),
        ("psychodynamic", -1), ("psychoanalytic", -1), ("person_centered", -1),
        ("humanistic", -1), ("existential", -1),
    ],
)  # fmt: skip
def test_the_approaches_the_literature_places_lean_to_their_side(key, side):
    priors = approach_priors()
    assert np.sign(priors.points[priors.index[key], 0]) == side


def test_every_cue_phrase_reaches_the_vectoriser():
    cues = cue_model()
    rows = cues.count([p.replace("not_", "") for p in cues.phrases])
    assert rows.sum(axis=1).min() >= 1


def test_a_cue_phrase_holding_a_negation_word_is_refused():
    rules = NegationRules.from_data(
        {"words": ["not", "rather than"], "muted_by_next": [], "scope_ends": ["."]}
    )
    with pytest.raises(ValueError, match="negation"):
        _add_cue(
            {},
            {"dimension": "challenge", "weight": 1, "phrases": ["not warm"]},
            -1,
            rules,
        )  # noqa: E501


def test_marking_negation_scopes():
    rules = cue_model().vectorizer.analyzer.rules
    words = marked("No homework, but skills; rather than advice I listen.", rules)
    assert words == [
        "not_homework", "|", "|", "skills", "|", "not_advice", "not_i", "not_listen",
        "|",
    ]  # fmt: skip
