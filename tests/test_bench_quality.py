"""The quality benchmark's caveat check: what a correct caveat says per near miss."""

from __future__ import annotations

import datetime as dt

import pytest

from bench.bench_quality import caveat_due, names_unmet, profiles_frame
from bench.planted import ideal_for, near_misses
from matcher.engine.matcher import Matcher

CAMBRIDGE = {"latitude": "42.3647", "longitude": "-71.1042"}  # ZIP 02139's centroid
# One degree of latitude north of it: 111.2 km, 69.1 miles.
A_DEGREE_NORTH = {"latitude": "43.3647", "longitude": "-71.1042"}


def asks(**fields) -> dict:
    return {"state": "MA", "postal_code": "02139", "format": "in_person", **fields}


@pytest.mark.parametrize(
    ("request_fields", "caveats"),
    [
        ({"approaches": ["cbt"]}, ["Doesn't list Cognitive Behavioral Therapy (CBT)"]),
        ({"approaches": ["cbt", "cft"]}, ["Doesn't list CBT or CFT"]),
        (
            {"approaches": ["mindfulness_based"]},
            ["Doesn't list mindfulness-based therapy"],
        ),
        ({"concerns": ["trauma", "grief"]}, ["Doesn't list trauma"]),
        ({"concerns": ["trauma"]}, ["Doesn't list trauma and PTSD"]),
    ],
)
def test_a_caveat_naming_the_value_as_the_engine_words_it_passes(
    request_fields, caveats
):
    factor = next(iter(request_fields))
    due = caveat_due(factor, asks(**request_fields), CAMBRIDGE)
    assert names_unmet(caveats, due)


@pytest.mark.parametrize(
    ("request_fields", "caveats"),
    [
        ({"approaches": ["cbt"]}, []),
        ({"approaches": ["cbt"]}, ["Doesn't list DBT"]),
        ({"approaches": ["cbt", "cft"]}, ["Doesn't list ACT or DBT"]),
        ({"concerns": ["trauma"]}, ["Their description says little about grief"]),
    ],
)
def test_a_missing_or_wrong_caveat_fails(request_fields, caveats):
    factor = next(iter(request_fields))
    due = caveat_due(factor, asks(**request_fields), CAMBRIDGE)
    assert not names_unmet(caveats, due)


def test_a_distance_past_the_clients_reach_asks_for_the_distance():
    due = caveat_due("distance", asks(), A_DEGREE_NORTH)
    assert due == ("111 km",)
    assert names_unmet(["Office 111 km from you, farther than you might like"], due)
    assert not names_unmet(["Office 12 km from you, farther than you might like"], due)
    assert not names_unmet([], due)


def test_the_distance_is_asked_for_in_the_clients_unit():
    due = caveat_due("distance", asks(distance_unit="mi"), A_DEGREE_NORTH)
    assert due == ("69 miles",)
    assert not names_unmet(["Office 111 km from you, farther than you might like"], due)


def test_an_office_inside_the_clients_own_limit_is_owed_no_caveat():
    assert caveat_due("distance", asks(max_distance_km=150), A_DEGREE_NORTH) == ()
    beyond = caveat_due("distance", asks(max_distance_km=100), A_DEGREE_NORTH)
    assert beyond == ("111 km",)


def test_every_planted_near_miss_owed_a_caveat_gets_a_right_one():
    request = asks(
        concerns=["anxiety", "trauma"],
        approaches=["cbt", "cft"],
        languages=["Spanish"],
        availability=["evenings"],
        max_fee=120,
        limit=20,
    )
    ideal = ideal_for(request, "ma-planted-ideal")
    misses = near_misses(request, ideal)
    planted = profiles_frame([ideal, *misses.values()])
    answer = Matcher(today=dt.date(2026, 11, 1)).fit(planted).rank(request, k=20)
    caveats = {m.therapist_id: m.caveats for m in answer.matches}
    assert {"approaches", "distance", "languages", "cost"} <= set(misses)
    for factor, row in misses.items():
        due = caveat_due(factor, request, row)
        assert due, factor  # no limit of the client's: the far office is owed one
        assert names_unmet(caveats[row["id"]], due), (factor, caveats[row["id"]])
