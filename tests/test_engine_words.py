"""The engine's words: units, lists, labels mid-sentence, and no contradictions."""

from __future__ import annotations

import pytest

from matcher.engine import Matcher
from matcher.request import RequestError, parse_request
from tests.engine_helpers import directory, therapist


def test_distance_unit_defaults_to_km_and_accepts_mi():
    assert parse_request({"state": "MA"}).distance_unit == "km"
    assert parse_request({"state": "MA", "distance_unit": "MI"}).distance_unit == "mi"
    with pytest.raises(RequestError) as error:
        parse_request({"state": "MA", "distance_unit": "furlongs"})
    assert "distance_unit" in error.value.errors


def test_the_unit_changes_no_number_of_the_answer():
    rows = [therapist(f"t{i}", specialties=["anxiety"]) for i in range(6)]
    matcher = Matcher().fit(directory(rows))
    request = {"state": "MA", "format": "in_person", "postal_code": "02446",
               "max_distance_km": 30, "concerns": ["anxiety"]}  # fmt: skip
    km = matcher.rank(request).to_dict()
    mi = matcher.rank(request | {"distance_unit": "mi"}).to_dict()
    numbers = ("therapist_id", "score", "rank")
    assert [[m[n] for n in numbers] for m in km["matches"]] == [
        [m[n] for n in numbers] for m in mi["matches"]
    ]
