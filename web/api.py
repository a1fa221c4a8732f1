"""The JSON API under /api/v1: matches, therapist profiles, the OpenAPI document."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, jsonify, request

from matcher.engine.request import RequestError
from matcher.style_estimate import style_estimates

from .openapi import openapi_document
from .search import active_profile, find_matches, load_json
from .security import SMALL_BODY_BYTES

bp = Blueprint("api", __name__, url_prefix="/api/v1")
JSON_ONLY = "send the request as JSON, with Content-Type: application/json"


def read_json_body() -> Any:
    """Return the parsed JSON body; 415 when it isn't JSON, 400 when it is broken."""
    if not request.is_json:
        abort(415, JSON_ONLY)
    data = request.get_data(cache=False)
    if request.content_length is None and len(data) >= SMALL_BODY_BYTES:
        # A chunked body is cut at the limit rather than refused: refuse it here.
        abort(413, f"the body is larger than {SMALL_BODY_BYTES:,} bytes")
    try:
        return load_json(data)
    except ValueError as error:
        raise RequestError({"request": f"not valid JSON: {error}"}) from None


@bp.errorhandler(RequestError)
def invalid_request(error: RequestError) -> tuple[Response, int]:
    """Answer invalid input with 400 and a message per field."""
    return jsonify(errors=error.errors), 400


# No automatic OPTIONS replies: they would be empty, and every reply here is
# JSON; OPTIONS gets the JSON 405 with the Allow header instead.
@bp.post("/matches", provide_automatic_options=False)
def matches() -> Response:
    """Rank the directory for one request (CONTRACT §2) and return the answer (§3)."""
    return jsonify(find_matches(read_json_body()).to_dict())


@bp.get("/therapists/<therapist_id>", provide_automatic_options=False)
def therapist(therapist_id: str) -> Response | tuple[Response, int]:
    """Return one matchable therapist's profile, with its estimated style."""
    profile = active_profile(therapist_id)
    if profile is None:
        return jsonify(errors={"therapist_id": "no therapist with this id"}), 404
    return jsonify(profile | {"style_estimates": style_estimates(profile)})


@bp.get("/openapi.json", provide_automatic_options=False)
def openapi() -> Response:
    """Return the OpenAPI document describing this API."""
    return jsonify(openapi_document())
