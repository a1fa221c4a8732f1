"""Relaxing a search: the engine's suggested changes applied to the request dict."""

from __future__ import annotations

import json

import pytest

from matcher.engine.request import RequestError, parse_request
from tests.web.helpers import form_data, hidden_value, ranked_ids
from web.search import apply_change

BASE = {"state": "MA", "format": "in_person", "postal_code": "02139"}


@pytest.mark.parametrize(
    ("request_dict", "change", "expected"),
    [
        (BASE, "format=either", BASE | {"format": "either"}),
        (BASE | {"max_distance_km": 10}, "max_distance_km=none", BASE),
        (BASE, "include_not_accepting=true", BASE | {"include_not_accepting": True}),
        (
            BASE | {"languages": {"value": ["Spanish"], "importance": "must"}},
            "languages.importance=high",
            BASE | {"languages": {"value": ["Spanish"], "importance": "high"}},
        ),
        (
            BASE | {"gender": ["woman"]},
            "gender.importance=high",
            BASE | {"gender": {"value": ["woman"], "importance": "high"}},
        ),
        (
            BASE | {"lgbtq_affirming": True},
            "lgbtq_affirming.importance=high",
            BASE | {"lgbtq_affirming": {"value": True, "importance": "high"}},
        ),
    ],
)
def test_each_suggested_change_maps_onto_the_request(request_dict, change, expected):
    relaxed = apply_change(request_dict, change)
    assert relaxed == expected
    parse_request(relaxed)  # still a request the API accepts
    assert request_dict is not relaxed


@pytest.mark.parametrize(
    "change", ["", "format", "colour=red", "languages.value=x", "=either", "state."]
)
def test_unknown_changes_are_refused(change):
    with pytest.raises(RequestError):
        apply_change(BASE, change)


def test_results_say_who_was_left_out_and_relax_on_one_click(client):
    fields = form_data({"languages-value": ["Spanish"]})
    fields["languages-importance"] = "must"
    html = client.post("/results", data=fields).get_data(as_text=True)
    assert ranked_ids(html) == ["ma-cbt"]
    assert "Not licensed in your state: 1" in html
    assert "Not taking new clients: 1" in html
    assert "Not offering therapy in a language you required: 2" in html
    relax = "Making Spanish important rather than required would add 2 therapists"
    assert relax in html

    carried = hidden_value(html, "request_json")
    relaxed = client.post(
        "/results/relaxed",
        data={"request_json": carried, "change": hidden_value(html, "change")},
    ).get_data(as_text=True)
    assert "These results loosen what you required" in relaxed
    assert ranked_ids(relaxed)[0] == "ma-cbt"
    assert set(ranked_ids(relaxed)) == {"ma-cbt", "ma-dyn", "ma-xss"}
    again = json.loads(hidden_value(relaxed, "request_json"))
    assert again["languages"] == {"value": ["Spanish"], "importance": "high"}
