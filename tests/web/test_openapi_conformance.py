"""The served OpenAPI document and the server agree (schemathesis, in-process WSGI).

Requests generated from the document, valid and invalid, go to the real app on a
small directory; every answer must be documented (status, content type, headers
and body schema) and none may be a server error.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from jsonschema import Draft202012Validator
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from matcher.engine.request import RequestError, parse_request
from web.openapi import openapi_document

# Cases per generation mode, spread over the three operations: under a minute
# in all on this 2-core machine (the API's speed is measured in bench/).
EXAMPLES = 400
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_every_answer_is_documented_and_none_is_a_server_error(make_app, mode):
    # The document as the real app serves it, loaded through its WSGI interface.
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", make_app())

    @given(case=schema.as_strategy(mode))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    def answer_conforms(case):
        case.call_and_validate(checks=CHECKS)

    answer_conforms()


def request_validator() -> Draft202012Validator:
    document = openapi_document()
    schema = {"$ref": "#/components/schemas/Request"} | {
        "components": document["components"]
    }
    return Draft202012Validator(schema)


def server_accepts(body: dict) -> bool:
    try:
        parse_request(body)
    except RequestError:
        return False
    return True


@pytest.mark.parametrize(
    "body",
    [
        {"state": ""},
        {"state": "XX"},
        {"state": "MA", "lgbtq_affirming": {"value": None, "importance": "must"}},
        {"state": "MA", "lgbtq_affirming": {"importance": "must"}},
        {"state": "MA", "lgbtq_affirming": {"value": False, "importance": "must"}},
        {"state": "MA", "languages": {"value": [], "importance": "must"}},
        {"state": "MA", "max_fee": "a lot"},
        {"state": "MA", "limit": 0},
        {"state": "MA", "max_distance_km": 5000},
        {"state": "MA", "style": {"directiveness": 4}},
        {"state": "MA", "include_not_accepting": "maybe"},
    ],
)
def test_requests_the_server_refuses_are_invalid_in_the_schema(body):
    assert not server_accepts(body)
    assert not request_validator().is_valid(body)


@pytest.mark.parametrize(
    "body",
    [
        {"state": "MA"},
        {"state": " ma "},
        {"state": "MA", "style": None, "format": None, "concerns": None},
        {"state": "MA", "max_fee": "120", "limit": "5"},
        {"state": "MA", "postal_code": "02139", "max_distance_km": "25"},
        {"state": "MA", "postal_code": "02139", "max_distance_km": 25.5},
        {"state": "MA", "include_not_accepting": "Yes"},
        {"state": "MA", "lgbtq_affirming": {"value": True, "importance": "must"}},
        {"state": "MA", "lgbtq_affirming": None},
        {"state": "MA", "style": {"directiveness": "-2", "intensity": None}},
        {"state": "MA", "request_id": 1187},
    ],
)
def test_requests_the_server_accepts_are_valid_in_the_schema(body):
    assert server_accepts(body)
    assert request_validator().is_valid(body), list(
        request_validator().iter_errors(body)
    )


def test_an_unknown_zip_code_is_documented_in_the_schema():
    body = {"state": "MA", "postal_code": "00000"}
    assert not server_accepts(body)  # well-formed, but not in the ZIP table
    postal_code = openapi_document()["components"]["schemas"]["Request"]
    assert "00000" in postal_code["properties"]["postal_code"]["description"]


@pytest.mark.parametrize(
    ("body", "accepted"),
    [
        ({"state": "MA", "gender": {"value": ["woman"], "importance": " HIGH "}}, True),
        ({"state": "MA", "gender": {"value": ["woman"], "importance": ""}}, True),
        ({"state": "MA", "gender": {"value": ["woman"], "importance": "  "}}, False),
        ({"state": "MA", "gender": {"value": ["woman"], "importance": "huge"}}, False),
        ({"state": "MA", "lgbtq_affirming": {"importance": "MUST"}}, False),
        ({"state": "MA", "style": {"directiveness": 2, "importance": "Low"}}, True),
        ({"state": "MA", "style": {"directiveness": 2, "importance": "must"}}, False),
    ],
)
def test_importance_words_agree_in_any_case(body, accepted):
    assert server_accepts(body) is accepted
    assert request_validator().is_valid(body) is accepted
