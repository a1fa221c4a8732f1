"""A lone surrogate ("\\ud800") in a request is invalid text, never a 500."""

from __future__ import annotations

import json

import pytest

from tests.web.test_saved import saved_rows

# As a JSON escape: what a browser or a program can send inside request_json.
CARRIED = [
    '{"state": "MA", "concerns_text": "night \\ud800 panic"}',
    '{"state": "MA", "request_id": "\\udc00"}',
    '{"state": "MA", "concerns": ["anxiety", "\\ud800"]}',
    '{"state": "MA", "style": {"directiveness": 1, "importance": "\\ud800"}}',
    '{"state": "MA", "\\ud800": 1}',
]


@pytest.mark.parametrize("carried", CARRIED)
def test_the_form_refuses_carried_answers_with_invalid_text(client, carried):
    response = client.post("/", data={"request_json": carried})
    assert response.status_code == 400
    assert "fill in the form again" in response.get_data(as_text=True)


@pytest.mark.parametrize("carried", CARRIED)
def test_a_relaxed_search_refuses_invalid_text(client, carried):
    form = {"request_json": carried, "change": "format=either"}
    assert client.post("/results/relaxed", data=form).status_code == 400


@pytest.mark.parametrize("carried", CARRIED)
def test_a_saved_search_with_invalid_text_is_refused_and_nothing_kept(
    client, db_path, carried
):
    response = client.post("/saved", data={"request_json": carried, "consent": "y"})
    assert response.status_code == 400
    assert "Nothing was saved" in response.get_data(as_text=True)
    assert saved_rows(db_path) == []


@pytest.mark.parametrize(
    ("body", "field"),
    [(text, "request" if '"\\ud800": 1' in text else None) for text in CARRIED],
)
def test_the_api_answers_invalid_text_with_a_field_message(client, body, field):
    response = client.post(
        "/api/v1/matches", data=body, content_type="application/json"
    )
    assert response.status_code == 400
    errors = response.get_json()["errors"]
    named = field or next(k for k in json.loads(body) if k != "state")
    assert list(errors) == [named]
    assert "not valid text" in errors[named]


def test_the_api_refuses_a_surrogate_sent_as_raw_bytes(client):
    body = b'{"state": "MA", "concerns_text": "\xed\xa0\x80"}'
    response = client.post(
        "/api/v1/matches", data=body, content_type="application/json"
    )
    assert response.status_code == 400
    assert list(response.get_json()["errors"]) == ["concerns_text"]
