"""The client form: every field's validation, and the request dict it produces."""

from __future__ import annotations

import html
import json
import re
from html import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matcher.engine.request import REQUEST_FIELDS
from tests.web.helpers import (
    PREFERENCES,
    field_errors,
    form_data,
    hidden_value,
    ranked_ids,
)
from tests.web.test_json_api import REQUESTS
from web.convert import API_ONLY_FIELDS, READERS

LONG_TEXT = "I keep waking at four and my mind races. " * 50  # over 2,000 characters


def test_every_request_field_is_read_from_the_form_or_is_api_only():
    assert set(READERS) | set(API_ONLY_FIELDS) == set(REQUEST_FIELDS)
    assert not set(READERS) & set(API_ONLY_FIELDS)


def test_form_page_labels_every_control(client):
    html = client.get("/").get_data(as_text=True)
    assert '<form method="post" action="/results"' in html
    for legend in (
        "How would you like to meet?",
        "What would you like help with?",
        "Who should lead the sessions?",
        "More about how sessions feel",
        "Language of therapy",
        "How much should sessions dig into strong feelings?",
        "Gender",
        "LGBTQ+-affirming care",
        "When can you have sessions?",
    ):
        assert legend in html
    assert "Worry, nerves, panic or fear that gets in the way" in html
    assert "Practical, structured work on the links between thoughts" in html
    assert "I lead and we work it out together" in html
    assert "The therapist leads: structure, advice and things to practise" in html
    assert html.count('type="radio" value=""') >= 5  # "no preference" everywhere
    assert "<script" not in html


# (posted fields, id of the field the message sits next to, message, what is kept)
INVALID = [
    ({"state": ""}, "state", "Choose the state you live in", None),
    ({"state": "ZZ"}, "state", "Not a valid choice.", None),
    ({"format": "boat"}, "format", "Not a valid choice.", None),
    ({"postal_code": "12a"}, "postal_code", "Enter a 5-digit ZIP code", 'value="12a"'),
    (
        {"postal_code": "00000"},
        "postal_code",
        "locate",
        'value="00000"',
    ),
    (
        {"max_distance_miles": "15"},
        "max_distance_miles",
        "Enter your ZIP code above so we can measure distance",
        '<option selected value="15">',
    ),
    ({"max_distance_miles": "far"}, "max_distance_miles", "Choose a distance", None),
    ({"max_distance_miles": "900"}, "max_distance_miles", "Choose a distance", None),
    # A superscript digit passes str.isdigit() but not int().
    ({"max_distance_miles": "\u00b9"}, "max_distance_miles", "Choose a distance", None),
    ({"concerns": ["anxiety", "x"]}, "concerns", "not a valid choice", None),
    (
        {"concerns_text": LONG_TEXT},
        "concerns_text",
        "Please keep this under 2,000 characters",
        "I keep waking at four and my mind races.",
    ),
    ({"style-directiveness": "5"}, "style-directiveness", "Not a valid choice.", None),
    ({"style-intensity": "x"}, "style-intensity", "Not a valid choice.", None),
    ({"style-importance": "must"}, "style-importance", "Not a valid choice.", None),
    (
        {"approaches-value": ["cbt"], "approaches-not_sure": "y"},
        "approaches-value",
        "Choose approaches or &#39;not sure&#39;, not both",
        'checked id="approaches-value-0"',
    ),
    ({"approaches-value": ["tarot"]}, "approaches-value", "not a valid choice", None),
    ({"gender-importance": "urgent"}, "gender-importance", "Not a valid choice.", None),
    ({"ethnicity-value": ["martian"]}, "ethnicity-value", "not a valid choice", None),
    ({"faith-value": ["jedi"]}, "faith-value", "not a valid choice", None),
    (
        {"lgbtq_affirming-importance": "x"},
        "lgbtq_affirming-importance",
        "Not a valid choice.",
        None,
    ),
    ({"identities-value": ["wizard"]}, "identities-value", "not a valid choice", None),
    ({"languages-value": ["Klingon"]}, "languages-value", "not a valid choice", None),
    ({"availability-value": ["nights"]}, "availability-value", "not a valid", None),
    ({"insurance": "A" * 101}, "insurance", "under 100 characters", 'value="AAAA'),
    ({"max_fee": "abc"}, "max_fee", "amount in dollars", 'value="abc"'),
    ({"max_fee": "120.50"}, "max_fee", "whole dollars", 'value="120.50"'),
    ({"max_fee": "1" * 13}, "max_fee", "amount in dollars", None),
    ({"max_fee": "20000"}, "max_fee", "from 0 to 10,000 dollars", 'value="20000"'),
    ({"age_group": "babies"}, "age_group", "Not a valid choice.", None),
    ({"session_format": "crowd"}, "session_format", "Not a valid choice.", None),
    ({"limit": "1000"}, "limit", "Not a valid choice.", None),
]


@pytest.mark.parametrize(("fields", "field_id", "message", "kept"), INVALID)
def test_invalid_answer_is_marked_next_to_its_field_and_kept(
    client, fields, field_id, message, kept
):
    response = client.post("/results", data=form_data(fields))
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Your matches" not in html
    messages = field_errors(html, field_id)
    assert any(message in text for text in messages), messages
    assert f'href="#{field_id}-error"' in html  # and listed in the summary
    if kept:
        assert kept in html


def test_typed_answers_are_kept_when_another_field_is_wrong(client):
    fields = form_data(
        {"style-directiveness": "-2", "gender-value": ["woman"]},
        concerns=["anxiety"],
        concerns_text="Panic before meetings",
        insurance="Aetna",
        max_fee="abc",
    )
    html = client.post("/results", data=fields).get_data(as_text=True)
    assert 'value="-2" checked' in html or 'checked id="style-directiveness-2"' in html
    assert 'checked id="concerns-0"' in html
    assert "Panic before meetings</textarea>" in html
    assert 'value="Aetna"' in html
    assert 'checked id="gender-value-0"' in html


def test_a_valid_form_sends_the_request_the_api_takes(client):
    fields = form_data(
        {"style-directiveness": "2", "languages-value": ["Spanish"]},
        concerns=["anxiety"],
        insurance="Aetna",
    )
    fields["languages-importance"] = "must"
    html = client.post("/results", data=fields).get_data(as_text=True)
    sent = json.loads(hidden_value(html, "request_json"))
    assert sent == {
        "state": "MA",
        "format": "either",
        "distance_unit": "mi",
        "limit": 10,
        "concerns": ["anxiety"],
        "insurance": "Aetna",
        "languages": {"value": ["Spanish"], "importance": "must"},
        "style": {
            "directiveness": 2,
            "intensity": None,
            "orientation": None,
            "challenge": None,
            "importance": "medium",
        },
    }
    answer = client.post("/api/v1/matches", json=sent).get_json()
    assert ranked_ids(html) == [m["therapist_id"] for m in answer["matches"]]
    assert ranked_ids(html) == ["ma-cbt"]


def test_results_rank_the_closer_therapist_first_with_reasons(client):
    fields = form_data({"style-directiveness": "2"}, concerns=["anxiety"])
    response = client.post("/results", data=fields)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert ranked_ids(html)[0] == "ma-cbt"
    assert "ny-only" not in ranked_ids(html)  # licensed elsewhere
    assert "ma-full" not in ranked_ids(html)  # not taking new clients
    assert "Why they may fit" in html and "Worth checking" in html
    assert "Questions to ask in your free consultation" in html
    assert "Why this order?" in html
    assert "We looked at <strong>5</strong> therapists." in html


def test_results_address_shows_no_answers_from_its_address(client):
    response = client.get("/results?state=MA&concerns_text=secret")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "secret" not in html and "Massachusetts" not in html
    assert 'id="rebuild"' in html and 'name="request_json" value=""' in html
    assert "needs JavaScript" in html  # and says what to do without it


def test_change_my_answers_refills_the_form(client):
    sent = {
        "state": "MA",
        "format": "in_person",
        "postal_code": "02139",
        "max_distance_km": 24.14,  # 15 miles
        "concerns": ["anxiety"],
        "style": {"directiveness": -1, "importance": "high"},
        "gender": {"value": ["woman"], "importance": "must"},
        "lgbtq_affirming": {"value": True, "importance": "low"},
        "max_fee": 90,
        "include_not_accepting": True,
        "limit": 20,
    }
    response = client.post("/", data={"request_json": json.dumps(sent)})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<option selected value="MA">' in html
    assert 'checked id="format-1"' in html
    assert 'value="02139"' in html
    assert '<option selected value="15">Within 15 miles</option>' in html
    assert 'checked id="concerns-0"' in html
    assert 'checked id="style-directiveness-3"' in html
    assert 'checked id="gender-value-0"' in html
    assert 'checked id="gender-importance-0"' in html
    assert 'checked id="lgbtq_affirming-value"' in html
    assert 'value="90"' in html
    assert 'checked id="include_not_accepting"' in html


@pytest.mark.parametrize("carried", ["", "not json", "[1, 2]", '{"state": "ZZ"}'])
def test_unreadable_carried_answers_show_an_empty_form(client, carried):
    for path in ("/", "/results/relaxed"):
        response = client.post(path, data={"request_json": carried, "change": "x=y"})
        html = response.get_data(as_text=True)
        assert response.status_code == 400
        assert "couldn&#39;t read your earlier answers" in html
        assert escape(carried) not in html or not carried


FORM_FIELDS = [
    "state", "format", "postal_code", "max_distance_miles", "concerns", "concerns_text",
    "insurance", "max_fee", "age_group", "session_format", "include_not_accepting",
    "limit", "approaches-not_sure", "style-importance",
    *(f"style-{d}" for d in ("directiveness", "intensity", "orientation", "challenge")),
    *(f"{p}-{part}" for p in PREFERENCES for part in ("value", "importance")),
]  # fmt: skip
FORM_VALUES = st.text(max_size=10) | st.sampled_from(
    ["MA", "2", "-3", "must", "anxiety", "cbt", "Spanish", "02139", "25", "y", ""]
)
CHANGES = st.sampled_from(
    ["format=either", "max_distance_km=none", "include_not_accepting=true",
     "languages.importance=high", "state=NY", "limit.x=1", "nothing"]
) | st.text(max_size=12)  # fmt: skip


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(fields=st.dictionaries(st.sampled_from(FORM_FIELDS), st.lists(FORM_VALUES)))
def test_no_form_input_makes_the_page_fail(client, fields):
    response = client.post("/results", data=form_data(fields))
    assert response.status_code in (200, 400)


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(carried=REQUESTS, change=CHANGES)
def test_no_carried_answers_make_the_pages_fail(client, carried, change):
    data = {"request_json": json.dumps(carried), "change": change}
    assert client.post("/results/relaxed", data=data).status_code in (200, 400)
    assert client.post("/", data=data).status_code in (200, 400)


@pytest.mark.parametrize(
    ("typed", "dollars"), [("$1,200", 1200), ("150.00", 150), (" 90 ", 90)]
)
def test_a_budget_is_read_as_people_type_it(client, typed, dollars):
    response = client.post("/results", data=form_data({"max_fee": typed}))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    carried = re.search(r'name="request_json" value="([^"]*)"', page)
    assert json.loads(html.unescape(carried.group(1)))["max_fee"] == dollars
