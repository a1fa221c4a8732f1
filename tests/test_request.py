"""Request validation: every invalid field gets its own message."""

from __future__ import annotations

import pytest

from matcher.engine.request import REQUEST_FIELDS, RequestError, parse_request
from tests.conftest import CONTRACT_EXAMPLE


def errors_of(data):
    with pytest.raises(RequestError) as caught:
        parse_request(data)
    return caught.value.errors


def test_the_contract_example_parses():
    request = parse_request(CONTRACT_EXAMPLE)
    assert request.state == "MA" and request.origin is not None
    assert request.concerns.values == ("anxiety", "insomnia")
    assert request.concerns.importance == "high"
    assert request.approaches.importance == "high"
    assert request.style == {"directiveness": 2, "orientation": -1}
    assert request.languages.must and request.lgbtq_affirming.must
    assert request.insurance == "aetna"
    assert set(CONTRACT_EXAMPLE) <= set(REQUEST_FIELDS)


def test_only_state_is_required():
    assert parse_request({"state": "ny"}).state == "NY"
    assert errors_of({}) == {"state": "is required"}


def test_aliases_are_accepted_on_input():
    request = parse_request(
        {
            "state": "MA",
            "concerns": ["Trauma and PTSD", "Obsessive-Compulsive (OCD)"],
            "approaches": ["Cognitive Behavioral (CBT)"],
            "languages": "Español",
            "age_group": "Teens",
        }
    )
    assert request.concerns.values == ("trauma", "ocd")
    assert request.approaches.values == ("cbt",)
    assert request.languages.values == ("Spanish",)
    assert request.age_group == "adolescents"


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("state", "ZZ", "not a US state"),
        ("format", "carrier pigeon", "in_person, telehealth, either"),
        ("postal_code", 2446, "5-digit"),
        ("postal_code", "00000", "cannot locate"),
        ("max_distance_km", -5, "between"),
        ("max_distance_km", "far", "number"),
        ("concerns", ["anxiety", "moon sickness"], "moon sickness"),
        ("concerns", {"value": ["anxiety"], "importance": "urgent"}, "importance"),
        ("concerns_text", "x" * 2001, "at most 2,000"),
        ("approaches", {"value": ["cbt"], "weight": 3}, "unknown keys"),
        ("session_format", "telepathy", "expected one of"),
        ("age_group", "toddlers and dogs", "expected one of"),
        ("style", {"directiveness": 4}, "directiveness must be a whole number"),
        ("style", {"challenge": True}, "challenge must be a whole number"),
        ("gender", {"importance": "must"}, "needs a value"),
        ("style", {"directiveness": 1.5}, "whole number"),
        ("style", {"bossiness": 1}, "unknown style"),
        ("style", "very", "expected an object"),
        ("style", {"directiveness": 1, "importance": "must"}, "cannot be a must"),
        ("style", {"directiveness": 1, "importance": "vital"}, "of high, medium, low"),
        ("gender", {"value": ["woman"], "importance": {}}, "importance must be"),
        ("gender", {"value": ["woman"], "importance": 3}, "importance must be"),
        ("lgbtq_affirming", {"value": False, "importance": "must"}, "value true"),
        ("gender", {"value": "robot"}, "unknown values"),
        ("lgbtq_affirming", {"value": "perhaps"}, "true/false"),
        ("languages", [1, 2], "list of text"),
        ("insurance", 42, "text"),
        ("max_fee", True, "number"),
        ("include_not_accepting", "sometimes", "true/false"),
        ("limit", 0, "between"),
        ("limit", 2.5, "whole number"),
        ("request_id", ["a"], "text"),
        ("favourite_colour", "teal", "unknown field"),
    ],
)
def test_each_invalid_field_has_its_own_message(field, value, words):
    data = {"state": "MA", "postal_code": "02446", field: value}
    errors = errors_of(data)
    assert list(errors) == [field]
    assert words in errors[field]


def test_all_bad_fields_are_reported_together():
    errors = errors_of({"state": "ZZ", "limit": 0, "format": "x", "extra": 1})
    assert set(errors) == {"state", "limit", "format", "extra"}


def test_distance_needs_a_postal_code():
    assert errors_of({"state": "MA", "max_distance_km": 10}) == {
        "postal_code": "is needed to measure max_distance_km"
    }


@pytest.mark.parametrize("data", [None, [], "MA", 3])
def test_a_request_must_be_an_object(data):
    assert "request" in errors_of(data)


def test_a_null_importance_means_the_default():
    request = parse_request(
        {"state": "MA", "gender": {"value": ["woman"], "importance": None}}
    )
    assert request.gender.importance == "medium"
    assert parse_request({"state": "MA", "style": {"importance": None}}).style == {}


def test_a_no_to_lgbtq_affirming_below_must_is_no_preference():
    request = parse_request({"state": "MA", "lgbtq_affirming": {"value": False}})
    assert request.lgbtq_affirming is None


LONE = "\ud800"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("request_id", f"intake{LONE}"),
        ("state", LONE),
        ("postal_code", f"0213{LONE}"),
        ("concerns", ["anxiety", LONE]),
        ("concerns_text", f"I cannot sleep {LONE}"),
        ("approaches", {"value": ["cbt"], "importance": f"high{LONE}"}),
        ("style", {"directiveness": 1, "importance": LONE}),
        ("languages", {"value": LONE, "importance": "must"}),
        ("insurance", f"Aetna{LONE}"),
        ("session_format", "\udfff"),
        ("max_fee", f"12{LONE}"),
    ],
)
def test_a_lone_surrogate_is_invalid_text_in_its_own_field(field, value):
    data = {"state": "MA", "concerns": ["anxiety"]} | {field: value}
    errors = errors_of(data)
    assert list(errors) == [field]
    assert "not valid text" in errors[field]


def test_a_field_name_with_a_lone_surrogate_is_reported_for_the_request():
    errors = errors_of({"state": "MA", f"limit{LONE}": 3})
    assert list(errors) == ["request"]
    assert errors["request"].startswith("a field name is not valid text")


def test_paired_surrogates_and_other_scripts_are_valid_text():
    text = "Ich schlafe schlecht 😴 (不眠) \u00e9"
    assert parse_request({"state": "MA", "concerns_text": text}).concerns_text == text
