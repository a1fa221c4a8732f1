"""The OpenAPI 3.1 document of the JSON API, built from the engine's own field lists."""

from __future__ import annotations

from functools import cache
from typing import Any

from matcher.directory.schema import FALSE_WORDS, PROFILE_FIELDS, TRUE_WORDS, Field
from matcher.directory.vocab import US_STATES, vocabulary
from matcher.engine.factors import FACTOR_NAMES
from matcher.engine.request import (
    DISTANCE_UNITS,
    FORMATS,
    IMPORTANCE_LEVELS,
    LIST_PREFERENCES,
    MAX_LIMIT,
    MAX_TEXT,
    REQUEST_FIELDS,
    STYLE_DIMENSIONS,
)

from .security import SMALL_BODY_BYTES

VERSION = "1.0.0"
STYLE_IMPORTANCE = ["high", "medium", "low"]  # style cannot be a must
STORAGE_DOC = (
    "The directory database cannot be used just now (key `storage`); "
    "retry after the Retry-After seconds"
)
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


# The server reads numeric text ("25") and yes/no words as numbers and
# booleans (docs/api.md, "Forgiving inputs"): the schema says so, so that a
# validator built from it accepts what the API accepts.
NUMBER_TEXT = r"^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$"
NULL_DOC = " null is the same as leaving the field out."
TEXT_RULE = (
    " Text must be real characters: a lone surrogate (\\ud800) is refused (400)."
)


def _any_case(word: str) -> str:
    return "".join(f"[{c.upper()}{c.lower()}]" if c.isalpha() else c for c in word)


def _words_pattern(words: list[str]) -> str:
    """Match any of the words in any case, with spaces around (as the server reads)."""
    return r"^\s*(" + "|".join(_any_case(w) for w in sorted(words)) + r")\s*$"


def _number(low: float, high: float, doc: str, whole: bool = False) -> dict[str, Any]:
    kind = "integer" if whole else "number"
    return {
        "type": [kind, "string", "null"],
        "minimum": low,
        "maximum": high,
        "pattern": NUMBER_TEXT,
        "description": f"{doc} A {kind} from {low:g} to {high:g}, or its text "
        '("25"), read as that number.' + NULL_DOC,
    }


def _boolean(doc: str) -> dict[str, Any]:
    return {
        "type": ["boolean", "string", "null"],
        "pattern": _words_pattern([*TRUE_WORDS, *FALSE_WORDS]),
        "description": f"{doc} Also true/false, yes/no, 1/0 or y/n as text, in "
        "any case." + NULL_DOC,
    }


def request_properties() -> dict[str, Any]:
    """Describe every request field the engine parses (engine.request.PARSERS)."""
    properties: dict[str, Any] = {
        "request_id": {
            "type": ["string", "integer", "null"],
            "maxLength": 100,
            "description": "Your own id for the request, echoed in the answer "
            "(text up to 100 characters)." + NULL_DOC,
        },
        "state": _text(
            "US state or territory code where the client lives (any case).",
            pattern=_words_pattern(list(US_STATES)),
        ),
        "format": {
            "type": ["string", "null"],
            "enum": [*FORMATS, None],
            "default": "either",
        },
        "postal_code": {
            "type": ["string", "null"],
            "pattern": r"^\s*\d{5}(-\d{4})?\s*$",
            "description": "Client's 5-digit US ZIP code, as text. The server "
            "refuses (400, field postal_code) a well-formed code that its offline "
            "ZIP table cannot locate, such as 00000." + NULL_DOC,
        },
        "max_distance_km": _number(
            1, 1000, "Hard limit for in-person therapists; needs postal_code."
        ),
        "distance_unit": {
            "type": ["string", "null"],
            "enum": [*DISTANCE_UNITS, None],
            "default": "km",
            "description": "Unit of the distances the answer's words give; "
            "max_distance_km stays in km." + NULL_DOC,
        },
        "concerns": ref("ListPreference"),
        "concerns_text": _nullable_text("The client's own words.", MAX_TEXT),
        "session_format": _nullable_text(
            "Session format the therapist must offer (aliases accepted).",
            examples=vocabulary("session_formats").keys,
        ),
        "age_group": _nullable_text(
            "Age group the therapist must serve (aliases accepted).",
            examples=vocabulary("populations").keys,
        ),
        "style": ref("Style"),
        "lgbtq_affirming": ref("YesPreference"),
        "insurance": _nullable_text("Insurance payer name.", 100),
        "max_fee": _number(0, 10_000, "Most the client can pay per session, USD."),
        "include_not_accepting": _boolean(
            "Also list therapists not taking new clients."
        ),
        "limit": _number(1, MAX_LIMIT, "How many matches to return.", whole=True)
        | {"default": 10},
    }
    properties |= {name: ref("ListPreference") for name in LIST_PREFERENCES}
    # Follow the engine's own list, so a field it adds cannot go undocumented.
    return {name: properties[name] for name in REQUEST_FIELDS}


def _nullable_text(
    doc: str, max_length: int | None = None, **extra: Any
) -> dict[str, Any]:
    schema = {"type": ["string", "null"], "description": doc + NULL_DOC, **extra}
    return schema | ({"maxLength": max_length} if max_length else {})


def _must_needs(value: dict[str, Any]) -> dict[str, Any]:
    """Say in the schema that importance must needs a value (the server refuses)."""
    return {
        "if": {
            "properties": {
                "importance": {"type": "string", "pattern": _words_pattern(["must"])}
            },
            "required": ["importance"],
        },
        "then": {"properties": {"value": value}, "required": ["value"]},
    }


def request_schemas() -> dict[str, Any]:
    """Return the schemas of a client request and its parts."""
    importance = {
        "type": ["string", "null"],
        "pattern": "^$|" + _words_pattern(list(IMPORTANCE_LEVELS)),
        "description": f"One of {', '.join(IMPORTANCE_LEVELS)}, in any case; "
        '"", null or omitted: the default',
    }
    values = {"type": ["array", "string", "null"], "items": {"type": "string"}}
    style_points = {
        "type": ["integer", "string", "null"],
        "minimum": -3,
        "maximum": 3,
        "pattern": NUMBER_TEXT,
        "description": "A whole number from -3 to 3, or its text." + NULL_DOC,
    }
    some_values = {
        "oneOf": [
            {"type": "string", "minLength": 1},
            {"type": "array", "items": {"type": "string"}, "minItems": 1},
        ]
    }
    return {
        "Importance": importance,
        "ListPreference": {
            "description": PREFERENCE_DOC + NULL_DOC,
            "oneOf": [
                {"type": "null"},
                {"type": "string"},
                {"type": "array", "items": {"type": "string"}},
                {
                    "type": "object",
                    "properties": {"value": values, "importance": ref("Importance")},
                    "additionalProperties": False,
                }
                | _must_needs(some_values),
            ],
        },
        "YesPreference": {
            "description": "true (or {value: true, importance}) asks for it; a "
            "must-have needs the value true." + NULL_DOC,
            "oneOf": [
                {"type": ["boolean", "null"]},
                {
                    "type": "object",
                    "properties": {
                        "value": {"type": ["boolean", "null"]},
                        "importance": ref("Importance"),
                    },
                    "additionalProperties": False,
                }
                | _must_needs({"const": True}),
            ],
        },
        "Style": {
            "type": ["object", "null"],
            "description": "C-NIP scales, -3..+3 as in the profile; null for none."
            + NULL_DOC,
            "properties": {d: style_points for d in STYLE_DIMENSIONS}
            | {
                "importance": {
                    "type": ["string", "null"],
                    "pattern": "^$|" + _words_pattern(STYLE_IMPORTANCE),
                    "description": "high, medium or low, in any case; null or "
                    "omitted: medium (style cannot be a must)",
                }
            },
            "additionalProperties": False,
        },
        "Request": {
            "type": "object",
            "description": "Client preferences; an omitted field is no preference."
            + TEXT_RULE,
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
        "Notice": _optional(
            _object(
                kind={
                    "type": "string",
                    "enum": ["crisis", "no_coverage", "unanswerable_filter"],
                },
                text={"type": "string"},
                change={
                    "type": "string",
                    "description": "unanswerable_filter only: the change that "
                    "drops the filter, as in Suggestion.change.",
                },
            ),
            "change",
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


def _optional(schema: dict[str, Any], *names: str) -> dict[str, Any]:
    """Return an object schema whose named properties may be left out."""
    return schema | {"required": [n for n in schema["required"] if n not in names]}


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


ESTIMATE = {
    "type": "object",
    "required": ["value", "confidence", "evidence"],
    "properties": {
        "value": {"type": "number", "minimum": -3, "maximum": 3},
        "confidence": {"type": "number", "minimum": 0, "maximum": 1},
        "evidence": {
            "type": "array",
            "items": {"type": "string"},
            "description": "The approaches and phrases that moved the value.",
        },
    },
    "additionalProperties": False,
}


def therapist_schema() -> dict[str, Any]:
    """Return a profile as the API serves it: with ``style_estimates`` (§5.4)."""
    schema = profile_schema()
    estimates = {
        "type": "object",
        "description": "The style scales the profile leaves empty, estimated "
        "from its approaches and own words; never its stated value. A scale "
        "it states, or that nothing bears on, is absent.",
        "properties": {d: ESTIMATE for d in STYLE_DIMENSIONS},
        "additionalProperties": False,
    }
    return schema | {
        "required": [*schema["required"], "style_estimates"],
        "properties": schema["properties"] | {"style_estimates": estimates},
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
                    "503": _json("Errors", STORAGE_DOC),
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
                    "200": _json("Therapist", "The profile and its style estimates"),
                    "404": _json("Errors", "No matchable therapist has this id"),
                    "500": _json("Errors", "An unexpected failure"),
                    "503": _json("Errors", STORAGE_DOC),
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
                "Therapist": therapist_schema(),
                "Errors": ERRORS,
            }
        },
    }
