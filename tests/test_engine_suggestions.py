"""Suggestions: single changes, and the smallest combinations when none helps."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given

from matcher.engine import relax
from matcher.engine.matcher import Matcher
from matcher.engine.relax import Counter, relaxations
from matcher.engine.relax_steps import RATHER
from matcher.engine.request import parse_request
from tests.engine_helpers import directory, therapist
from tests.test_engine_properties import SETTINGS, directories, requests
from web.search import apply_change

TODAY = dt.date(2026, 11, 1)
# The dead end of issue 12: in person within 10 km, three must-haves.
DEAD_END = {
    "state": "MA",
    "format": "in_person",
    "postal_code": "02139",
    "max_distance_km": 10,
    "gender": {"value": ["nonbinary"], "importance": "must"},
    "languages": {"value": ["American Sign Language"], "importance": "must"},
    "availability": {"value": ["weekends"], "importance": "must"},
}
REMOTE = {"in_person": False, "telehealth": True, "languages": []}
ALL_MUSTS = dict(
    telehealth=False,
    gender="nonbinary", languages=["English", "American Sign Language"],
    availability=["weekends"],
)  # fmt: skip


def engine(rows) -> Matcher:
    return Matcher(today=TODAY).fit(directory(rows))


def applied(request: dict, change: str) -> dict:
    """Apply a suggestion's change, each of its '&' parts in turn."""
    for part in change.split("&"):
        request = apply_change(request, part)
    return request


def test_two_changes_together_are_offered_when_no_single_change_helps():
    rows = [
        # 14 km away (Woburn), no weekends: needs the distance and the hours.
        therapist("far", postal_code="01801", **{**ALL_MUSTS, "availability": []}),
        # Telehealth only and no ASL: needs the format and the language.
        therapist("remote", **ALL_MUSTS | REMOTE),
        # A woman without weekends, far away: would need three changes.
        therapist("three", postal_code="01801", **{**ALL_MUSTS, "gender": "woman",
                                                   "availability": []}),
    ]  # fmt: skip
    answer = engine(rows).rank(DEAD_END)
    assert answer.eligible == 0
    assert [(s.change, s.adds) for s in answer.suggestions] == [
        ("format=either&languages.importance=high", 1),
        ("max_distance_km=25&availability.importance=high", 1),
    ]
    assert answer.suggestions[1].text == (
        "Widening the distance limit to 25 km and making weekend appointments "
        "important rather than required would add 1 therapist"
    )


def test_each_combination_adds_what_it_says_once_applied():
    rows = [
        therapist("far", postal_code="01801", **{**ALL_MUSTS, "availability": []}),
        therapist(
            "remote",
            in_person=False,
            **{**ALL_MUSTS, "languages": [], "telehealth": True},
        ),
    ]
    matcher = engine(rows)
    for found in matcher.rank(DEAD_END).suggestions:
        after = matcher.rank(applied(DEAD_END, found.change))
        assert after.eligible == found.adds
        assert [m.therapist_id for m in after.matches]


def test_miles_step_in_miles_and_say_so():
    rows = [therapist("far", postal_code="01801", **{**ALL_MUSTS, "availability": []})]
    answer = engine(rows).rank(DEAD_END | {"distance_unit": "mi"})
    (found,) = answer.suggestions
    assert found.change == "max_distance_km=16.093&availability.importance=high"
    assert found.text.startswith("Widening the distance limit to 10 miles and ")
    assert "km" not in found.text


def test_a_single_change_that_helps_is_offered_alone():
    rows = [therapist("near", postal_code="01801", **ALL_MUSTS | {"telehealth": True})]
    answer = engine(rows).rank(DEAD_END)
    assert [(s.change, s.adds) for s in answer.suggestions] == [
        ("format=either", 1),  # the office is far, but it offers telehealth
        ("max_distance_km=25", 1),
    ]


def test_a_distance_step_and_no_limit_are_both_offered_when_no_limit_adds_more():
    rows = [
        therapist("woburn", postal_code="01801", telehealth=False),
        therapist("amherst", postal_code="01002", telehealth=False),
    ]
    request = {key: DEAD_END[key] for key in ("state", "postal_code")}
    answer = engine(rows).rank(request | {"max_distance_km": 10})
    assert [(s.change, s.adds) for s in answer.suggestions] == [
        ("max_distance_km=25", 1),
        ("max_distance_km=none", 2),
    ]
    assert (
        answer.suggestions[1].text
        == "Removing the distance limit would add 2 therapists"
    )


def test_four_needed_changes_still_give_one_suggestion():
    rows = [
        therapist("everything-else", postal_code="01801", in_person=True,
                  telehealth=False, gender="woman", languages=["English"],
                  availability=["weekdays"]),
    ]  # fmt: skip
    answer = engine(rows).rank(DEAD_END)
    assert [(s.change, s.adds) for s in answer.suggestions] == [
        (
            "max_distance_km=25&gender.importance=high&languages.importance=high"
            "&availability.importance=high",
            1,
        )
    ]


def test_the_licence_state_and_a_changeless_request_get_no_suggestion():
    matcher = engine([therapist("ny", license_states="NY", state="NY")])
    assert matcher.rank({"state": "MA"}).suggestions == []
    assert matcher.rank({"state": "NY", "limit": 5}).suggestions == []


@pytest.mark.parametrize(
    ("request_fields", "words"),
    [
        ({"age_group": "adolescents"}, "who don't say they work with teens"),
        ({"session_format": "couples"}, "who don't say they offer couples sessions"),
        (
            {"lgbtq_affirming": {"value": True, "importance": "must"}},
            "Making LGBTQ+-affirming care important rather than required",
        ),
        (
            {"concerns": {"value": ["trauma", "grief"], "importance": "must"}},
            "Making treatment for trauma or grief important rather than required",
        ),
    ],
)
def test_dropping_a_filter_is_worded_with_its_value(request_fields, words):
    answer = engine([therapist("plain")]).rank({"state": "MA", **request_fields})
    (found,) = answer.suggestions
    assert words in found.text and found.adds == 1


def test_the_search_is_bounded():
    musts = {
        name: {"value": [value], "importance": "must"}
        for name, value in [
            ("gender", "nonbinary"), ("languages", "Spanish"), ("faith", "jewish"),
            ("ethnicity", "black"), ("identities", "veteran"),
            ("availability", "weekends"), ("approaches", "cbt"),
            ("concerns", "ocd"),
        ]
    }  # fmt: skip
    request = parse_request(DEAD_END | musts | {"age_group": "children"})
    matcher = engine([therapist(f"t{i}") for i in range(3)])
    counter = Counter(matcher.index_, request)
    found = relax._combined(counter, relaxations(request))
    assert counter.tried == relax.MAX_TRIED  # reached, and not passed
    assert found == []  # each plain therapist fails more than three filters


@SETTINGS
@given(rows=directories(), request=requests())
def test_someone_a_relaxation_helps_never_meets_a_dead_end(rows, request):
    matcher = engine(rows)
    answer = matcher.rank(request)
    state_rows = matcher.index_.by_state.get(request["state"], ())
    if answer.eligible or not len(state_rows):
        return
    parsed = parse_request(request)
    everything = tuple(levels[-1] for levels in relaxations(parsed))
    if Counter(matcher.index_, parsed).count(everything):
        assert answer.suggestions
    for found in answer.suggestions:
        again = applied(request, found.change)
        assert again["state"] == request["state"]
        assert matcher.rank(again).eligible == found.adds


def test_must_haves_relaxed_together_are_named_in_one_phrase():
    rows = [therapist("t", faith=["christian"], languages=["English"])]
    request = {
        "state": "MA",
        "faith": {"value": ["muslim"], "importance": "must"},
        "languages": {"value": ["American Sign Language"], "importance": "must"},
    }
    (found,) = engine(rows).rank(request).suggestions
    assert found.change == "faith.importance=high&languages.importance=high"
    assert found.text == (
        "Making the therapist's faith (Muslim) and American Sign Language "
        "important rather than required would add 1 therapist"
    )


def test_joined_changes_keep_each_or_inside_its_own_phrase():
    either = relax.Relaxation(
        "format",
        "format=either",
        "allowing either in-person or telehealth sessions",
        (),
    )
    wanted = "treatment for OCD or grief"
    concerns = relax.Relaxation(
        "concerns", "concerns.importance=high", f"making {wanted} {RATHER}", (), wanted
    )
    language = relax.Relaxation(
        "languages",
        "languages.importance=high",
        "",
        (),
        "sessions in Spanish or French",
    )
    assert relax.suggestion((either, concerns), 5).text == (
        "Allowing either in-person or telehealth sessions, and making treatment for"
        " OCD or grief important rather than required, would add 5 therapists"
    )
    assert relax.suggestion((concerns, language), 2).text == (
        "Making treatment for OCD or grief, and sessions in Spanish or French,"
        " important rather than required would add 2 therapists"
    )
