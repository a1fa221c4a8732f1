"""Searches for the web layer: strict JSON, relaxed requests, profiles for cards."""

from __future__ import annotations

import json
from typing import Any

from matcher import store
from matcher.engine.answer import Answer, Match
from matcher.engine.request import REQUEST_FIELDS, Request, RequestError, parse_request

from .cards import CardProfile, card_markups, public_profile
from .db import get_cards, get_db, get_matcher

MAX_INT_DIGITS = 300  # longer integers are read as floats, so they cannot overflow
CHANGE_VALUES: dict[str, Any] = {"true": True, "false": False}


def _integer(text: str) -> int | float:
    return int(text) if len(text) <= MAX_INT_DIGITS else float(text)


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not allowed in JSON")


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # Two values for one key: which one was meant cannot be known.
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise ValueError(f"the key {key!r} appears twice in one object")
        seen[key] = value
    return seen


def load_json(data: bytes | str) -> Any:
    """Parse untrusted JSON strictly; raise ValueError for anything that is not."""
    try:
        return json.loads(
            data,
            parse_int=_integer,
            parse_constant=_no_constant,
            object_pairs_hook=_unique_keys,
        )
    except RecursionError:
        raise ValueError("the JSON is nested too deeply") from None


def parse(data: Any) -> Request:
    """Validate request data, reporting even a number too big to handle as a 400."""
    try:
        return parse_request(data)
    except OverflowError:
        # The engine's number parser overflows on huge integers from Python callers.
        raise RequestError({"request": "a number is too large"}) from None


def find_matches(data: Any) -> Answer:
    """Validate a request dict and rank the current directory for it."""
    return get_matcher().rank(parse(data))


def apply_change(request: dict[str, Any], change: str) -> dict[str, Any]:
    """Return a copy of a request dict with one of the engine's relaxations applied.

    Changes read ``field=value`` (``none`` removes the field) or
    ``field.importance=level``, as in the answer's ``suggestions``; a combined
    suggestion joins several with ``&`` and applies them all, or none.
    """
    relaxed = dict(request)
    for part in change.split("&"):
        relaxed = _apply_one(relaxed, part)
    return relaxed


def _apply_one(request: dict[str, Any], change: str) -> dict[str, Any]:
    path, _, value = change.partition("=")
    name, _, part = path.partition(".")
    if name not in REQUEST_FIELDS or not value or part not in ("", "importance"):
        raise RequestError({"change": f"unknown change {change!r}"})
    relaxed = dict(request)
    if part == "importance":
        current = relaxed.get(name)
        preference = current if isinstance(current, dict) else {"value": current}
        relaxed[name] = {**preference, "importance": value}
    elif value == "none":
        relaxed.pop(name, None)
    else:
        relaxed[name] = CHANGE_VALUES.get(value, value)
    return relaxed


def active_profile(therapist_id: str) -> dict[str, Any] | None:
    """Return a matchable therapist's profile, or None when unknown or inactive."""
    profile = store.get_profile(get_db(), therapist_id)
    if profile is None or not profile.get("active"):
        return None
    return public_profile(profile)


def result_cards(answer: Answer) -> list[tuple[Match, CardProfile]]:
    """Pair each match with its profile and its kept markup, for the cards."""
    ids = [m.therapist_id for m in answer.matches]
    profiles = get_cards(answer.directory_version, ids)
    markups = card_markups()
    return [
        (match, markups.card(match.therapist_id, profiles.get(match.therapist_id, {})))
        for match in answer.matches
    ]


def load_request(text: str) -> dict[str, Any]:
    """Read a request dict carried as JSON text; raise ValueError when it isn't one."""
    data = load_json(text)
    if not isinstance(data, dict):
        raise RequestError({"request": "expected a JSON object"})
    return data
