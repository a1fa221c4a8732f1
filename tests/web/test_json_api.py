"""The JSON API: answers that fit the OpenAPI document, and errors of one shape."""

from __future__ import annotations

import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate

from matcher.directory.schema import FIELD_NAMES
from matcher.engine.request import REQUEST_FIELDS
from tests.conftest import CONTRACT_EXAMPLE
from tests.web.conftest import load
from tests.web.helpers import DIRECTORY
from web.openapi import openapi_document

VALID = [
    {"state": "MA"},
    {"state": "ma", "concerns": "anxiety", "limit": 1},
    {"state": "MA", "concerns": ["anxiety"], "style": {"directiveness": 2}},
    {"state": "MA", "languages": {"value": ["Spanish"], "importance": "must"}},
    {"state": "NY", "format": "in_person", "postal_code": "10001"},
    {"state": "WY"},
    CONTRACT_EXAMPLE,
]


def validator(schema_name: str) -> Draft202012Validator:
    """Return a validator for one schema of the served OpenAPI document."""
    document = openapi_document()
    schema = {"$ref": f"#/components/schemas/{schema_name}"}
    return Draft202012Validator(schema | {"components": document["components"]})


def assert_errors_shape(response, status: int) -> dict[str, str]:
    """Check an error answer: its status, JSON body and schema; return its errors."""
    assert response.status_code == status
    assert response.mimetype == "application/json"
    body = response.get_json()
    validator("Errors").validate(body)
    assert body["errors"]
    return body["errors"]


def test_openapi_document_is_valid_and_served(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    validate(response.get_json())
    assert response.get_json() == json.loads(json.dumps(openapi_document()))


def test_openapi_describes_every_request_and_profile_field():
    schemas = openapi_document()["components"]["schemas"]
    assert set(schemas["Request"]["properties"]) == set(REQUEST_FIELDS)
    assert set(schemas["Profile"]["properties"]) == set(FIELD_NAMES)
    validator("Request").validate(CONTRACT_EXAMPLE)


@pytest.mark.parametrize("request_body", VALID)
def test_answers_fit_the_documented_schema(client, request_body):
    response = client.post("/api/v1/matches", json=request_body)
    assert response.status_code == 200, response.get_json()
    answer = response.get_json()
    validator("Answer").validate(answer)
    validator("Request").validate(request_body)
    for match in answer["matches"]:
        assert match["score"] == pytest.approx(
            sum(f["points"] for f in match["factors"]), abs=0.05
        )


def test_answer_echoes_the_request_id_and_suggests_relaxing_a_must(client):
    body = {"request_id": "r-1", "state": "MA", "languages": ["Spanish"]}
    body["languages"] = {"value": ["Spanish"], "importance": "must"}
    answer = client.post("/api/v1/matches", json=body).get_json()
    assert answer["request_id"] == "r-1"
    assert [m["therapist_id"] for m in answer["matches"]] == ["ma-cbt"]
    assert answer["excluded"]["languages"] == 2
    assert answer["suggestions"][0]["change"] == "languages.importance=high"


INVALID = [
    ({}, "state"),
    ({"state": "ZZ"}, "state"),
    ({"state": "MA", "colour": "blue"}, "colour"),
    ({"state": "MA", "limit": 0}, "limit"),
    ({"state": "MA", "max_distance_km": 10}, "postal_code"),
    ({"state": "MA", "style": {"directiveness": 9}}, "style"),
    ({"state": "MA", "concerns": {"value": ["anxiety"], "importance": "vital"}}, None),
    ({"state": "MA", "max_fee": 10**400}, "max_fee"),
    ({"state": "MA", "request_id": 10**400}, "request_id"),
    ([], "request"),
    ("MA", "request"),
    (None, "request"),
]


@pytest.mark.parametrize(("request_body", "field"), INVALID)
def test_invalid_requests_get_400_with_a_message_per_field(client, request_body, field):
    data = json.dumps(request_body).encode()
    response = client.post(
        "/api/v1/matches", data=data, content_type="application/json"
    )
    errors = assert_errors_shape(response, 400)
    assert field is None or field in errors


@pytest.mark.parametrize(
    "raw",
    [b"", b"{", b'{"state": NaN}', b'{"state": "MA", "max_fee": Infinity}',
     b"[" * 50_000, b'{"state": "\xff"}', b'{"state": "MA", "state": "NY"}',
     b'{"state": "MA", "gender": {"value": ["woman"], "value": ["man"]}}'],
)  # fmt: skip
def test_broken_json_gets_400(client, raw):
    response = client.post("/api/v1/matches", data=raw, content_type="application/json")
    assert "request" in assert_errors_shape(response, 400)


@pytest.mark.parametrize(
    "content_type",
    [None, "text/plain", "application/x-www-form-urlencoded", "multipart/form-data"],
)
def test_anything_but_json_gets_415(client, content_type):
    response = client.post(
        "/api/v1/matches", data='{"state": "MA"}', content_type=content_type
    )
    assert "content_type" in assert_errors_shape(response, 415)


def test_integers_too_long_for_python_are_a_field_error(client):
    raw = b'{"state": "MA", "limit": ' + b"9" * 5000 + b"}"
    response = client.post("/api/v1/matches", data=raw, content_type="application/json")
    assert "limit" in assert_errors_shape(response, 400)


def test_json_with_a_charset_is_accepted(client):
    response = client.post(
        "/api/v1/matches",
        data=b'{"state": "MA"}',
        content_type="application/json; charset=utf-8",
    )
    assert response.status_code == 200


def test_oversize_body_gets_413(client):
    body = json.dumps({"state": "MA", "concerns_text": "x" * 70_000})
    response = client.post(
        "/api/v1/matches", data=body, content_type="application/json"
    )
    assert_errors_shape(response, 413)


def test_an_oversize_chunked_body_gets_413_not_a_cut_body(client):
    # Valid JSON within the first 64 KiB, then more: the whole must be refused.
    head = json.dumps({"state": "MA"}).encode()
    body = head + b" " * 70_000
    response = client.post(
        "/api/v1/matches",
        input_stream=io.BytesIO(body),
        content_type="application/json",
        headers={"Transfer-Encoding": "chunked"},
        environ_overrides={"wsgi.input_terminated": True},  # as servers set it
    )
    assert_errors_shape(response, 413)


def test_wrong_method_and_unknown_address_answer_in_json(client):
    wrong = client.get("/api/v1/matches")
    assert "method" in assert_errors_shape(wrong, 405)
    assert "POST" in wrong.headers["Allow"]
    assert_errors_shape(client.get("/api/v1/nothing-here"), 404)


def test_therapist_profile_fits_the_schema_and_keeps_text_as_typed(client):
    response = client.get("/api/v1/therapists/ma-cbt")
    profile = response.get_json()
    assert response.status_code == 200
    validator("Therapist").validate(profile)
    assert profile["phone"] == "0123 456"
    assert profile["postal_code"] == "02139"
    assert profile["languages"] == ["English", "Spanish"]
    assert set(profile) == {*FIELD_NAMES, "style_estimates"}


def test_unknown_or_inactive_therapist_gets_404(make_app, db_path):
    app = make_app()
    load(db_path, [row for row in DIRECTORY if row["id"] != "ma-dyn"], replace=True)
    client = app.test_client()
    for therapist_id in ("nobody", "ma-dyn"):
        response = client.get(f"/api/v1/therapists/{therapist_id}")
        assert "therapist_id" in assert_errors_shape(response, 404)
    assert client.get("/api/v1/therapists/ma-cbt").status_code == 200


JSON_LEAVES = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
    | st.sampled_from(["MA", "either", "must", "anxiety", "cbt", "02139", "yes"])
)
JSON_VALUES = st.recursive(
    JSON_LEAVES,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(["value", "importance", "directiveness"])
            | st.text(max_size=4),
            inner,
            max_size=3,
        )
    ),
    max_leaves=6,
)
REQUESTS = st.dictionaries(
    st.sampled_from(REQUEST_FIELDS) | st.text(max_size=6), JSON_VALUES, max_size=6
).map(lambda d: {"state": "MA"} | d)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(body=REQUESTS | JSON_VALUES)
def test_no_input_makes_the_api_fail(client, body):
    data = json.dumps(body)
    response = client.post(
        "/api/v1/matches", data=data, content_type="application/json"
    )
    assert response.status_code in (200, 400), response.get_data(as_text=True)
    schema = "Answer" if response.status_code == 200 else "Errors"
    validator(schema).validate(response.get_json())


@pytest.mark.parametrize(
    "path", ["/api/v1/matches", "/api/v1/therapists/ma-001", "/api/v1/openapi.json"]
)
def test_options_gets_a_json_405_with_allow(client, path):
    response = client.open(path, method="OPTIONS")
    assert "method" in assert_errors_shape(response, 405)
    assert "OPTIONS" not in response.headers["Allow"]
