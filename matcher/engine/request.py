"""Client requests: parse and validate the preferences of CONTRACT §2."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..directory.schema import ZIP_PATTERN, FieldError, parse_bool, parse_state
from ..directory.vocab import vocabulary
from .geo import zip_centroid

IMPORTANCE_LEVELS = ("must", "high", "medium", "low")
FORMATS = ("in_person", "telehealth", "either")
DISTANCE_UNITS = ("km", "mi")
STYLE_DIMENSIONS = ("directiveness", "intensity", "orientation", "challenge")
MAX_LIMIT = 100
MAX_TEXT = 2000


@dataclass(frozen=True)
class PreferenceField:
    """A preference on a profile field: what it is matched against, how it reads.

    ``vocabulary`` is None for a yes/no preference. ``wanted`` words what the
    preference asks for, ``{}`` standing for its values' short labels (for
    availability, written with ``words.times`` instead).
    """

    name: str
    profile_field: str
    vocabulary: str | None
    wanted: str


# Every preference on a profile field, in the order they filter as must-haves.
PREFERENCES: dict[str, PreferenceField] = {
    p.name: p
    for p in (
        PreferenceField("concerns", "specialties", "specialties", "treatment for {}"),
        PreferenceField("approaches", "approaches", "approaches", "{}"),
        PreferenceField("gender", "gender", "gender", "the therapist's gender ({})"),
        PreferenceField(
            "ethnicity", "ethnicity", "ethnicity", "the therapist's background ({})"
        ),
        PreferenceField("faith", "faith", "faith", "the therapist's faith ({})"),
        PreferenceField(
            "lgbtq_affirming", "lgbtq_affirming", None, "LGBTQ+-affirming care"
        ),
        PreferenceField(
            "identities", "identities", "identities", "shared lived experience ({})"
        ),
        PreferenceField("languages", "languages", "languages", "{}"),
        PreferenceField("availability", "availability", "availability", ""),
    )
}
# Preferences given as {"value": [...], "importance": ...}, with their vocabulary,
# in the order the forms and the API schema list them.
LIST_PREFERENCES: dict[str, str] = {
    name: PREFERENCES[name].vocabulary
    for name in (
        "gender", "ethnicity", "faith", "languages", "identities", "availability",
        "approaches",
    )
}  # fmt: skip
DEFAULT_IMPORTANCE = "medium"
# A lone UTF-16 surrogate ("\ud800" in JSON) is no character: it cannot be
# written as UTF-8, so it could be neither stored nor shown.
LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")
INVALID_TEXT = "is not valid text: it holds a lone surrogate such as \\ud800"


def list_field(name: str) -> str:
    """Return the profile field a preference is matched against."""
    return PREFERENCES[name].profile_field if name in PREFERENCES else name


def vocabulary_of(name: str) -> str:
    """Return the vocabulary of a preference's values (or of a profile field)."""
    preference = PREFERENCES.get(name)
    return preference.vocabulary if preference and preference.vocabulary else name


class RequestError(ValueError):
    """A request with invalid fields; ``errors`` maps each field to its message."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class Preference:
    """A preference on a list of values, or a yes/no one, with its importance."""

    values: tuple[str, ...]
    importance: str = DEFAULT_IMPORTANCE

    @property
    def must(self) -> bool:
        """Tell whether this preference is a hard filter."""
        return self.importance == "must"


@dataclass(frozen=True)
class Request:
    """A validated client request; an omitted preference is None or empty."""

    state: str
    request_id: str | None = None
    format: str = "either"
    postal_code: str | None = None
    origin: tuple[float, float] | None = None
    max_distance_km: float | None = None
    distance_unit: str = "km"
    concerns: Preference | None = None
    concerns_text: str = ""
    approaches: Preference | None = None
    session_format: str | None = None
    age_group: str | None = None
    style: dict[str, int] = field(default_factory=dict)
    style_importance: str = DEFAULT_IMPORTANCE
    gender: Preference | None = None
    ethnicity: Preference | None = None
    faith: Preference | None = None
    lgbtq_affirming: Preference | None = None
    languages: Preference | None = None
    identities: Preference | None = None
    availability: Preference | None = None
    insurance: str | None = None
    max_fee: float | None = None
    include_not_accepting: bool = False
    limit: int = 10

    def preference(self, name: str) -> Preference | None:
        """Return a list or yes/no preference by field name."""
        return getattr(self, name)


def _importance(
    value: Any, default: str, levels: tuple[str, ...] = IMPORTANCE_LEVELS
) -> str:
    if value is None or value == "":
        return default
    word = value.strip().lower() if isinstance(value, str) else None
    if word not in levels:
        raise FieldError(f"importance must be one of {', '.join(levels)}")
    return word


def _split_preference(value: Any, default: str) -> tuple[Any, str]:
    if isinstance(value, Mapping):
        unknown = set(value) - {"value", "importance"}
        if unknown:
            raise FieldError(
                f"unknown keys {sorted(unknown)}; use value and importance"
            )
        importance = _importance(value.get("importance"), default)
        if importance == "must" and value.get("value") in (None, "", []):
            raise FieldError("a must-have needs a value")
        return value.get("value"), importance
    return value, default


def _as_list(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        return [v for v in value if v.strip()]
    raise FieldError("expected a list of text values")


def canonical_values(values: list[str], vocab_name: str) -> tuple[str, ...]:
    """Map client values onto vocabulary keys, refusing unknown ones."""
    vocab = vocabulary(vocab_name)
    keys, unknown = [], []
    for value in values:
        key = vocab.canonical(value)
        (keys if key else unknown).append(key or value)
    if unknown:
        examples = ", ".join(vocab.keys[:6])
        raise FieldError(
            f"unknown values {unknown}; expected values such as {examples}"
        )
    return tuple(dict.fromkeys(keys))


def parse_list_preference(
    value: Any, vocab_name: str, default: str = DEFAULT_IMPORTANCE
) -> Preference | None:
    """Read a list preference (bare list, one value, or {value, importance})."""
    raw, importance = _split_preference(value, default)
    if raw is None:
        return None
    values = canonical_values(_as_list(raw), vocab_name)
    return Preference(values, importance) if values else None


def parse_yes_preference(value: Any) -> Preference | None:
    """Read a yes/no preference; only a yes expresses a preference."""
    raw, importance = _split_preference(value, DEFAULT_IMPORTANCE)
    if raw is None or not parse_bool(raw):
        if importance == "must":
            raise FieldError("a must-have needs the value true")
        return None
    return Preference(("yes",), importance)


def parse_one_of(
    value: Any, choices: tuple[str, ...] | list[str], vocab: str = ""
) -> str:
    """Read one value from a fixed set (through a vocabulary when named)."""
    if not isinstance(value, str):
        raise FieldError(f"expected one of {', '.join(choices)}")
    key = vocabulary(vocab).canonical(value) if vocab else value.strip().lower()
    if key not in choices:
        raise FieldError(f"expected one of {', '.join(choices)}, got {value!r}")
    return key


def parse_number(value: Any, low: float, high: float) -> float:
    """Read a number within [low, high]."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise FieldError("expected a number")
    try:
        number = float(value)
    except (ValueError, OverflowError):
        raise FieldError(f"expected a number, got {str(value)[:40]!r}") from None
    if not low <= number <= high or number != number:
        raise FieldError(f"must be between {low:g} and {high:g}")
    return number


def parse_style(value: Any) -> tuple[dict[str, int], str]:
    """Read the C-NIP style answers: each dimension -3..3 or null."""
    if not isinstance(value, Mapping):
        raise FieldError(f"expected an object with {', '.join(STYLE_DIMENSIONS)}")
    unknown = set(value) - {*STYLE_DIMENSIONS, "importance"}
    if unknown:
        raise FieldError(f"unknown style dimensions {sorted(unknown)}")
    style = {}
    for name in STYLE_DIMENSIONS:
        answer = value.get(name)
        if answer is None or answer == "":
            continue
        try:
            number = parse_number(answer, -3, 3)
        except FieldError:
            number = 0.5  # reported below, with the dimension's name
        if not number.is_integer():
            raise FieldError(f"{name} must be a whole number from -3 to 3")
        style[name] = int(number)
    if str(value.get("importance")).strip().lower() == "must":
        raise FieldError("style cannot be a must-have; use high, medium or low")
    weighed = tuple(level for level in IMPORTANCE_LEVELS if level != "must")
    importance = _importance(value.get("importance"), DEFAULT_IMPORTANCE, weighed)
    return style, importance


def parse_text(value: Any, limit: int) -> str:
    """Read free text up to a length limit."""
    if not isinstance(value, str):
        raise FieldError("expected text")
    if len(value) > limit:
        raise FieldError(f"is {len(value):,} characters; at most {limit:,}")
    return value


def parse_postal_code(value: Any) -> str:
    """Read a US ZIP code that the offline ZIP table knows."""
    if not isinstance(value, str) or not ZIP_PATTERN.match(value.strip()):
        raise FieldError("expected a 5-digit US ZIP code, as text")
    if zip_centroid(value) is None:
        raise FieldError(f"{value!r} is a ZIP code we cannot locate")
    return value.strip()


def _insurance(value: Any) -> str:
    # A known payer becomes its key; another is kept as typed (compared folded).
    text = parse_text(value, 100).strip()
    return vocabulary("insurance").canonical(text) or text


def _limit(value: Any) -> int:
    number = parse_number(value, 1, MAX_LIMIT)
    if not number.is_integer():
        raise FieldError(f"must be a whole number from 1 to {MAX_LIMIT}")
    return int(number)


def _request_id(value: Any) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    return parse_text(value, 100)


PARSERS: dict[str, Callable[[Any], Any]] = {
    "request_id": _request_id,
    "state": parse_state,
    "format": lambda v: parse_one_of(v, FORMATS),
    "postal_code": parse_postal_code,
    "max_distance_km": lambda v: parse_number(v, 1, 1000),
    "distance_unit": lambda v: parse_one_of(v, DISTANCE_UNITS),
    "concerns": lambda v: parse_list_preference(v, "specialties", "high"),
    "concerns_text": lambda v: parse_text(v, MAX_TEXT),
    "session_format": lambda v: parse_one_of(
        v, vocabulary("session_formats").keys, "session_formats"
    ),
    "age_group": lambda v: parse_one_of(
        v, vocabulary("populations").keys, "populations"
    ),
    "style": parse_style,
    "lgbtq_affirming": parse_yes_preference,
    "insurance": _insurance,
    "max_fee": lambda v: parse_number(v, 0, 10_000),
    "include_not_accepting": parse_bool,
    "limit": _limit,
} | {
    name: (lambda v, vocab=vocab: parse_list_preference(v, vocab))
    for name, vocab in LIST_PREFERENCES.items()
}
REQUEST_FIELDS: tuple[str, ...] = tuple(PARSERS)


def is_valid_text(value: Any) -> bool:
    """Tell whether every string in a value (keys included) can be written as UTF-8."""
    if isinstance(value, str):
        return LONE_SURROGATE.search(value) is None
    if isinstance(value, Mapping):
        return all(is_valid_text(k) and is_valid_text(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return all(is_valid_text(item) for item in value)
    return True


def parse_request(data: Any) -> Request:
    """Validate a request object; raise RequestError with a message per field."""
    if not isinstance(data, Mapping):
        raise RequestError({"request": "expected a JSON object"})
    values, errors = {}, {}
    for key in data:
        if not is_valid_text(key):
            errors["request"] = f"a field name {INVALID_TEXT}"
        elif key not in PARSERS:
            errors[str(key)] = "unknown field"
    for name, parse in PARSERS.items():
        raw = data.get(name)
        if raw is None or (
            isinstance(raw, str) and not raw.strip() and name != "state"
        ):
            continue
        try:
            if not is_valid_text(raw):
                raise FieldError(INVALID_TEXT)
            values[name] = parse(raw)
        except FieldError as error:
            errors[name] = str(error)
    if "state" not in data or data.get("state") in (None, ""):
        errors["state"] = "is required"
    _check_together(values, errors)
    if errors:
        raise RequestError(errors)
    return _build(values)


def _check_together(values: dict[str, Any], errors: dict[str, str]) -> None:
    if "max_distance_km" in values and "postal_code" not in values:
        errors.setdefault("postal_code", "is needed to measure max_distance_km")


def _build(values: dict[str, Any]) -> Request:
    if "style" in values:
        values["style"], values["style_importance"] = values["style"]
    if "postal_code" in values:
        values["origin"] = zip_centroid(values["postal_code"])
    return Request(**values)
