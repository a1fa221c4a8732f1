"""The OpenAPI 3.1 document of the JSON API, built from the engine's own field lists."""

from __future__ import annotations

from functools import cache
from typing import Any

from matcher.request import (
    DISTANCE_UNITS,
    FORMATS,
    IMPORTANCE_LEVELS,
    LIST_PREFERENCES,
    MAX_LIMIT,
    MAX_TEXT,
    REQUEST_FIELDS,
    STYLE_DIMENSIONS,
)
from matcher.schema import PROFILE_FIELDS, Field
from matcher.scoring import FACTOR_NAMES
from matcher.vocab import vocabulary

from .security import SMALL_BODY_BYTES

VERSION = "1.0.0"
STYLE_IMPORTANCE = ["high", "medium", "low", None]  # style cannot be a must
PREFERENCE_DOC = (
    "A list of values (or one value), or {value, importance}. `must` makes it a "
    "hard filter; high, medium (the default; high for concerns) and low weight "
    "it in the score. A must needs a value."
)


def ref(name: str) -> dict[str, str]:
    """Point at a schema in components."""
    return {"$ref": f"#/components/schemas/{name}"}


def _text(doc: str, **extra: Any) -> dict[str, Any]:
    return {"type": "string", "description": doc, **extra}


def request_properties() -> dict[str, Any]:
    """Describe every request field the engine parses (matcher.request.PARSERS)."""
    properties: dict[str, Any] = {
        "request_id": {
            "type": ["string", "integer"],
            "description": "Your own id for the request, echoed in the answer "
            "(text up to 100 characters).",
        },
        "state": _text("US state or territory code where the client lives."),
        "format": {"type": "string", "enum": list(FORMATS), "default": "either"},
        "postal_code": _text(
            "Client's 5-digit US ZIP code, as text.", pattern=r"^\s*\d{5}(-\d{4})?\s*$"
        ),
        "max_distance_km": {
            "type": "number",
            "minimum": 1,
            "maximum": 1000,
            "description": "Hard limit for in-person therapists; needs postal_code.",
        },
        "distance_unit": {
            "type": "string",
            "enum": list(DISTANCE_UNITS),
            "default": "km",
            "description": "Unit of the distances the answer's words give; "
            "max_distance_km stays in km.",
        },
        "concerns": ref("ListPreference"),
        "concerns_text": _text("The client's own words.", maxLength=MAX_TEXT),
        "session_format": _text(
            "Session format the therapist must offer (aliases accepted).",
            examples=vocabulary("session_formats").keys,
        ),
        "age_group": _text(
            "Age group the therapist must serve (aliases accepted).",
            examples=vocabulary("populations").keys,
        ),
        "style": ref("Style"),
        "lgbtq_affirming": ref("YesPreference"),
        "insurance": _text("Insurance payer name.", maxLength=100),
        "max_fee": {"type": "number", "minimum": 0, "maximum": 10_000},
        "include_not_accepting": {"type": "boolean", "default": False},
        "limit": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": 10},
    }
    properties |= {name: ref("ListPreference") for name in LIST_PREFERENCES}
    # Follow the engine's own list, so a field it adds cannot go undocumented.
    return {name: properties[name] for name in REQUEST_FIELDS}


def request_schemas() -> dict[str, Any]:
    """Return the schemas of a client request and its parts."""
    importance = {
        "type": ["string", "null"],
        "enum": [*IMPORTANCE_LEVELS, None],
        "description": "null or omitted: the default",
    }
    values = {"type": ["array", "string", "null"], "items": {"type": "string"}}
    style_points = {"type": ["integer", "null"], "minimum": -3, "maximum": 3}
    return {
        "Importance": importance,
        "ListPreference": {
            "description": PREFERENCE_DOC,
            "oneOf": [
                {"type": "string"},
                {"type": "array", "items": {"type": "string"}},
                {
                    "type": "object",
                    "properties": {"value": values, "importance": ref("Importance")},
                    "additionalProperties": False,
                },
            ],
        },
        "YesPreference": {
            "description": "true (or {value: true, importance}) asks for it.",
            "oneOf": [
                {"type": "boolean"},
                {
                    "type": "object",
                    "properties": {
                        "value": {"type": ["boolean", "null"]},
                        "importance": ref("Importance"),
                    },
                    "additionalProperties": False,
                },
            ],
        },
        "Style": {
            "type": "object",
            "description": "C-NIP scales, -3..+3 as in the profile; null for none.",
            "properties": {d: style_points for d in STYLE_DIMENSIONS}
            | {"importance": {"type": ["string", "null"], "enum": STYLE_IMPORTANCE}},
            "additionalProperties": False,
        },
        "Request": {
            "type": "object",
            "description": "Client preferences; an omitted field is no preference.",
            "required": ["state"],
            "properties": request_properties(),
            "additionalProperties": False,
        },
    }


def answer_schemas() -> dict[str, Any]:
    """Return the schemas of the ranked answer and its parts."""
    texts = {"type": "array", "items": {"type": "string"}}
    count = {"type": "integer", "minimum": 0}
    return {
        "Factor": _object(
            factor={"type": "string", "enum": list(FACTOR_NAMES)},
            weight={"type": "number", "minimum": 0},
            match={"type": "number", "minimum": 0, "maximum": 1},
            points={"type": "number", "minimum": 0, "maximum": 100},
            detail={"type": "string"},
        ),
        "Match": _object(
            rank={"type": "integer", "minimum": 1},
            therapist_id={"type": "string"},
            name={"type": "string"},
            score={"type": "number", "minimum": 0, "maximum": 100},
            factors={"type": "array", "items": ref("Factor")},
            reasons=texts,
            caveats=texts,
            consultation_questions=texts,
        ),
        "Suggestion": _object(
            change={
                "type": "string",
                "description": "field=value, field=none or field.importance=high; "
                "several joined with & for a combination.",
            },
            adds={"type": "integer", "minimum": 1},
            text={"type": "string"},
        ),
        "Notice": _object(
            kind={"type": "string", "enum": ["crisis", "no_coverage"]},
            text={"type": "string"},
        ),
        "Answer": _object(
            request_id={"type": ["string", "null"]},
            matches={"type": "array", "items": ref("Match")},
            considered=count,
            eligible=count,
            excluded={"type": "object", "additionalProperties": count},
            suggestions={"type": "array", "items": ref("Suggestion")},
            directory_version={"type": ["integer", "null"]},
            notices={"type": "array", "items": ref("Notice")},
        ),
    }


def _object(**properties: Any) -> dict[str, Any]:
    return {
        "type": "object",
        "required": list(properties),
        "properties": properties,
        "additionalProperties": False,
    }


PROFILE_TYPES = {
    "list": {"type": ["array", "null"], "items": {"type": "string"}},
    "states": {"type": ["array", "null"], "items": {"type": "string"}},
    "bool": {"type": ["boolean", "null"]},
    "int": {"type": ["integer", "null"]},
    "number": {"type": ["number", "null"]},
    "date": {"type": ["string", "null"], "format": "date"},
}


def profile_property(field: Field) -> dict[str, Any]:
    """Describe one profile field as a JSON schema."""
    schema = dict(PROFILE_TYPES.get(field.kind, {"type": ["string", "null"]}))
    schema["description"] = field.doc
    if field.low is not None:
        schema |= {"minimum": field.low, "maximum": field.high}
    if field.max_length is not None:
        schema["maxLength"] = field.max_length
    if field.required:
        schema["type"] = [t for t in schema["type"] if t != "null"]
    return schema


def profile_schema() -> dict[str, Any]:
    """Return the schema of a therapist profile (CONTRACT §1)."""
    return {
        "type": "object",
        "required": [f.name for f in PROFILE_FIELDS],
        "properties": {f.name: profile_property(f) for f in PROFILE_FIELDS},
        "additionalProperties": False,
    }


ERRORS = {
    "type": "object",
    "required": ["errors"],
    "properties": {
        "errors": {
            "type": "object",
            "description": "One message per field (or `request` for the whole).",
            "additionalProperties": {"type": "string"},
        }
    },
    "additionalProperties": False,
}


def _json(schema: str, description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": ref(schema)}},
    }


def paths() -> dict[str, Any]:
    """Return the API's paths and their responses."""
    return {
        "/api/v1/matches": {
            "post": {
                "operationId": "rankTherapists",
                "summary": "Rank therapists for a client's preferences",
                "requestBody": {
                    "required": True,
                    "description": f"At most {SMALL_BODY_BYTES:,} bytes.",
                    "content": {"application/json": {"schema": ref("Request")}},
                },
                "responses": {
                    "200": _json("Answer", "The ranked matches with reasons"),
                    "400": _json("Errors", "Invalid JSON or invalid fields"),
                    "405": _json("Errors", "Only POST is allowed here"),
                    "413": _json("Errors", "The body is too large"),
                    "415": _json("Errors", "The body is not sent as JSON"),
                    "500": _json("Errors", "An unexpected failure (nothing is kept)"),
                },
            }
        },
        "/api/v1/therapists/{therapist_id}": {
            "get": {
                "operationId": "getTherapist",
                "summary": "One therapist's profile",
                "parameters": [
                    {
                        "name": "therapist_id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string"},
                    }
                ],
                "responses": {
                    "200": _json("Profile", "The profile"),
                    "404": _json("Errors", "No matchable therapist has this id"),
                    "500": _json("Errors", "An unexpected failure"),
                },
            }
        },
        "/api/v1/openapi.json": {
            "get": {
                "operationId": "getOpenAPI",
                "summary": "This document",
                "responses": {
                    "200": {
                        "description": "The OpenAPI document",
                        "content": {"application/json": {"schema": {"type": "object"}}},
                    }
                },
            }
        },
    }


@cache
def openapi_document() -> dict[str, Any]:
    """Return the whole OpenAPI document."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Therapist matcher API",
            "version": VERSION,
            "description": "Rank therapists by fit with a client's stated "
            "preferences, with the reasons behind each score.",
            "license": {"name": "MIT", "identifier": "MIT"},
        },
        "paths": paths(),
        "components": {
            "schemas": {
                **request_schemas(),
                **answer_schemas(),
                "Profile": profile_schema(),
                "Errors": ERRORS,
            }
        },
    }
