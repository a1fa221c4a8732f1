"""Generate client requests: minimal, typical and rich ones, in a realistic mix."""

from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple

import numpy as np

from .draw import _choose, _zip_table
from .request_tables import (
    AVAILABILITY_WISH_P,
    CHILD_PHRASES,
    CLIENT_CONCERNS,
    CLIENT_P,
    CLIENT_PHRASES,
    CONCERN_COUNT_P,
    COUPLE_PHRASES,
    DISTANCE_KM_P,
    ETHNICITY_WISH_P,
    FAITH_WISH_P,
    FORMAT_P,
    GENDER_WISH_P,
    IMPORTANCE_P,
    INSURANCE_WISH_P,
    LANGUAGE_IMPORTANCE_P,
    LGBTQ_IMPORTANCE_P,
    LIMITS,
    REQUEST_FIELD_P,
    REQUEST_KIND_P,
    STYLE_WISH_MEAN,
    WISH_PHRASES,
)
from .tables import (
    CONCERN_APPROACHES,
    DEMO_STATES,
    KAISER_STATES,
    LANGUAGE_P,
    REQUEST_KEYS,
    STATE_WEIGHTS,
    STYLE_DIMENSIONS,
)


# ------------------------------------------------------------------ requests
class _Client(NamedTuple):
    """Who is asking: the state, the kind of client and their concerns."""

    state: str
    who: str
    concerns: list[str]


def _weighted(rng: np.random.Generator, weights: Mapping[Any, float]) -> Any:
    """Return one key of weights, chosen in proportion to its weight."""
    keys = list(weights)
    p = np.array([weights[key] for key in keys], dtype=float)
    return keys[rng.choice(len(keys), p=p / p.sum())]


def _importance(
    rng: np.random.Generator, weights: Mapping[str, float] = IMPORTANCE_P
) -> str:
    """Draw an importance level; must is rare."""
    return _weighted(rng, weights)


def _random_zip(rng: np.random.Generator, state: str) -> str:
    """Return a real zip code of the state, near its metros."""
    table = _zip_table(state)
    return str(table.zips[rng.choice(len(table.zips), p=table.p)])


def _client_concerns(rng: np.random.Generator, who: str) -> list[str]:
    """Draw one to three concerns typical for this kind of client."""
    if who == "couple":
        extra = _weighted(rng, CLIENT_CONCERNS[who])
        return ["relationships", extra] if rng.random() < 0.4 else ["relationships"]
    weights = CLIENT_CONCERNS[who]
    keys, p = list(weights), np.array(list(weights.values()), dtype=float)
    k = 1 + int(_choose(rng, 1, CONCERN_COUNT_P)[0])
    picks = rng.choice(len(keys), size=k, replace=False, p=p / p.sum())
    return [keys[i] for i in picks]


def _client_phrase(rng: np.random.Generator, who: str, concern: str) -> str:
    """Return how this client might put a concern in their own words."""
    options = CLIENT_PHRASES[concern]
    if who == "children" and concern in CHILD_PHRASES:
        options = CHILD_PHRASES[concern]
    elif who == "couple" and concern == "relationships":
        options = COUPLE_PHRASES
    return options[int(rng.integers(len(options)))]


def _want_concerns_text(rng: np.random.Generator, client: _Client) -> dict[str, Any]:
    """Describe the concerns in everyday first-person words."""
    phrases = [_client_phrase(rng, client.who, c) for c in client.concerns[:2]]
    text = ". ".join(p[0].upper() + p[1:] for p in phrases) + "."
    if rng.random() < 0.25:
        text += " " + WISH_PHRASES[int(rng.integers(len(WISH_PHRASES)))]
    return {"concerns_text": text}


def _want_location(rng: np.random.Generator, client: _Client) -> dict[str, Any]:
    """Choose a format and, for in-person care, a zip code and distance."""
    wish: dict[str, Any] = {"format": _weighted(rng, FORMAT_P)}
    if wish["format"] == "in_person" or (
        wish["format"] == "either" and rng.random() < 0.5
    ):
        wish["postal_code"] = _random_zip(rng, client.state)
        if rng.random() < 0.85:
            wish["max_distance_km"] = _weighted(rng, DISTANCE_KM_P)
    return wish


def _want_approaches(rng: np.random.Generator, client: _Client) -> dict[str, Any]:
    """Ask for one or two approaches that fit the concerns."""
    fitting = sorted({a for c in client.concerns for a in CONCERN_APPROACHES[c][:2]})
    k = min(len(fitting), 1 + int(rng.random() < 0.4))
    value = [fitting[i] for i in rng.choice(len(fitting), size=k, replace=False)]
    return {"approaches": {"value": value, "importance": _importance(rng)}}


def _want_session_format(rng: np.random.Generator, client: _Client) -> dict[str, Any]:
    """Ask for couples, family, group or individual sessions."""
    if client.who == "couple":
        return {"session_format": "couples"}
    if client.who == "children":
        return {"session_format": "family" if rng.random() < 0.5 else "individual"}
    return {"session_format": "group" if rng.random() < 0.12 else "individual"}


def _want_age_group(rng: np.random.Generator, client: _Client) -> dict[str, Any]:
    """Say whose age group therapy is for."""
    return {"age_group": "adults" if client.who == "couple" else client.who}


def _want_style(rng: np.random.Generator, client: _Client) -> dict[str, Any]:
    """State a preferred style on some C-NIP dimensions, null on the rest."""
    values = np.clip(np.rint(rng.normal(STYLE_WISH_MEAN, 1.5)), -3, 3).astype(int)
    stated = rng.random(len(STYLE_DIMENSIONS)) < 0.65
    stated[int(rng.integers(len(STYLE_DIMENSIONS)))] = True
    pairs = zip(STYLE_DIMENSIONS, values.tolist(), stated.tolist(), strict=True)
    return {"style": {dim: value if said else None for dim, value, said in pairs}}


def _want_gender(rng: np.random.Generator, client: _Client) -> dict[str, Any]:
    """Prefer a therapist's gender."""
    value = list(_weighted(rng, GENDER_WISH_P))
    return {"gender": {"value": value, "importance": _importance(rng)}}


def _want_ethnicity(rng: np.random.Generator, client: _Client) -> dict[str, Any]:
    """Prefer a therapist's ethnicity."""
    value = [_weighted(rng, ETHNICITY_WISH_P)]
    return {"ethnicity": {"value": value, "importance": _importance(rng)}}


def _want_faith(rng: np.random.Generator, client: _Client) -> dict[str, Any]:
    """Prefer a therapist's faith."""
    value = [_weighted(rng, FAITH_WISH_P)]
    return {"faith": {"value": value, "importance": _importance(rng)}}


def _want_lgbtq_affirming(rng: np.random.Generator, client: _Client) -> dict[str, Any]:
    """Ask for LGBTQ+-affirming care."""
    importance = _importance(rng, LGBTQ_IMPORTANCE_P)
    return {"lgbtq_affirming": {"value": True, "importance": importance}}


def _want_languages(rng: np.random.Generator, client: _Client) -> dict[str, Any]:
    """Ask for a language commonly spoken in the state (often a must)."""
    language = _weighted(rng, LANGUAGE_P.get(client.state, LANGUAGE_P["default"]))
    importance = _importance(rng, LANGUAGE_IMPORTANCE_P)
    return {"languages": {"value": [language], "importance": importance}}


def _want_insurance(rng: np.random.Generator, client: _Client) -> dict[str, Any]:
    """Name the client's insurer (Kaiser only where it operates)."""
    weights = dict(INSURANCE_WISH_P)
    if client.state not in KAISER_STATES:
        weights["Kaiser Permanente"] = 0
    if client.who == "older_adults":
        weights["Medicare"] = 60
    return {"insurance": _weighted(rng, weights)}


def _want_max_fee(rng: np.random.Generator, client: _Client) -> dict[str, Any]:
    """Set the most the client can pay per session ($80-200)."""
    return {"max_fee": 10 * int(rng.integers(8, 21))}


def _want_availability(rng: np.random.Generator, client: _Client) -> dict[str, Any]:
    """Ask for evenings, weekends or weekdays."""
    value = list(_weighted(rng, AVAILABILITY_WISH_P))
    return {"availability": {"value": value, "importance": _importance(rng)}}


def _want_include_not_accepting(
    rng: np.random.Generator, client: _Client
) -> dict[str, Any]:
    """Say whether therapists with a waitlist may be shown."""
    return {"include_not_accepting": bool(rng.random() < 0.7)}


def _want_limit(rng: np.random.Generator, client: _Client) -> dict[str, Any]:
    """Ask for 5-20 matches."""
    return {"limit": LIMITS[int(rng.integers(len(LIMITS)))]}


Builder = Callable[[np.random.Generator, _Client], dict[str, Any]]
PREFERENCE_BUILDERS: dict[str, Builder] = {
    "location": _want_location,
    "concerns_text": _want_concerns_text,
    "approaches": _want_approaches,
    "session_format": _want_session_format,
    "age_group": _want_age_group,
    "style": _want_style,
    "gender": _want_gender,
    "ethnicity": _want_ethnicity,
    "faith": _want_faith,
    "lgbtq_affirming": _want_lgbtq_affirming,
    "languages": _want_languages,
    "insurance": _want_insurance,
    "max_fee": _want_max_fee,
    "availability": _want_availability,
    "include_not_accepting": _want_include_not_accepting,
    "limit": _want_limit,
}


def _field_p(field: str, client: _Client, rich: bool) -> float:
    """Return how likely this client states this preference."""
    if field == "age_group" and client.who not in ("adults", "couple"):
        return 0.9
    if field == "session_format" and client.who in ("couple", "children"):
        return 0.9
    return REQUEST_FIELD_P[field][rich]


def _preferences(
    rng: np.random.Generator, client: _Client, rich: bool
) -> dict[str, Any]:
    """Draw the optional preferences of a typical or rich request."""
    wishes: dict[str, Any] = {}
    for field, build in PREFERENCE_BUILDERS.items():
        if rng.random() < _field_p(field, client, rich):
            wishes |= build(rng, client)
    return wishes


def _request(
    rng: np.random.Generator, request_id: str, states: Sequence[str]
) -> dict[str, Any]:
    """Draw one request: minimal (state and concerns), typical or rich."""
    state = _weighted(rng, {s: STATE_WEIGHTS.get(s, 5.0) for s in states})
    kind, who = _weighted(rng, REQUEST_KIND_P), _weighted(rng, CLIENT_P)
    client = _Client(state, who, _client_concerns(rng, who))
    request = {"request_id": request_id, "state": state, "concerns": client.concerns}
    if kind != "minimal":
        request |= _preferences(rng, client, rich=kind == "rich")
        if "concerns_text" in request and rng.random() < 0.15:
            del request["concerns"]  # some clients only describe it in words
    return {key: request[key] for key in REQUEST_KEYS if key in request}


def make_requests(
    n: int, seed: int = 11, states: Sequence[str] = DEMO_STATES
) -> list[dict[str, Any]]:
    """Return n varied client requests (CONTRACT section 2), minimal to rich."""
    rng = np.random.default_rng(seed)
    width = max(4, len(str(n)))
    states = tuple(dict.fromkeys(states))
    return [_request(rng, f"demo-{i:0{width}d}", states) for i in range(1, n + 1)]
