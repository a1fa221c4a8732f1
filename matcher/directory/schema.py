"""The therapist profile format: every field, its type and its validation."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..labels import MAPPED_FIELDS, map_label
from .vocab import US_STATES, vocabulary

ID_PATTERN = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
ZIP_PATTERN = re.compile(r"^\d{5}(-\d{4})?$")
INT_PATTERN = re.compile(r"^[+-]?\d+(\.0*)?$")
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
TRUE_WORDS = frozenset({"true", "yes", "1", "y"})
FALSE_WORDS = frozenset({"false", "no", "0", "n"})
LIST_SEPARATOR = ";"
MAX_INT_DIGITS = 15  # more than any field's range; int() of more is slow or refused
SURROGATE = re.compile("[\ud800-\udfff]")


class FieldError(ValueError):
    """A value that does not fit its field; the message is shown to the user."""


@dataclass(frozen=True)
class Field:
    """One profile field: its storage kind, validation and documentation."""

    name: str
    kind: str  # text, list, states, state, bool, int, number, date, ...
    doc: str
    required: bool = False
    vocab: str | None = None
    low: float | None = None
    high: float | None = None
    max_length: int | None = None
    default: Any = None
    # Invisible format characters (bidi controls, zero-width spaces: Unicode
    # category Cf) are stripped from names and free text, and refused where
    # they would change what a reader dials, writes to, opens or looks up.
    invisible: str = "strip"  # or "refuse"

    @property
    def sql_type(self) -> type:
        """The Python type sqlite-utils maps to this field's column type."""
        return {"bool": int, "int": int, "number": float}.get(self.kind, str)


def _f(name: str, kind: str, doc: str, **options: Any) -> Field:
    return Field(name, kind, doc, **options)


STYLE_DOC = "integer from -3 to +3 on the C-NIP scale: "
PROFILE_FIELDS: tuple[Field, ...] = (
    _f("id", "id", "stable key, 1-64 of A-Za-z0-9._-", required=True,
       invisible="refuse"),
    _f("name", "text", "display name", required=True, max_length=200),
    _f("credentials", "list", "degrees and licences", vocab="credentials"),
    _f("license_states", "states", "US states where licensed", required=True),
    _f("city", "text", "office city", max_length=100),
    _f("state", "state", "office state, 2-letter code"),
    _f("postal_code", "postal_code", "office ZIP code, kept as typed"),
    _f("latitude", "number", "office latitude", low=-90, high=90),
    _f("longitude", "number", "office longitude", low=-180, high=180),
    _f("in_person", "bool", "offers in-person sessions"),
    _f("telehealth", "bool", "offers telehealth sessions"),
    _f("accepting_new_clients", "bool", "taking new clients", default=True),
    _f("gender", "vocab_text", "gender", vocab="gender", max_length=100),
    _f("pronouns", "text", "pronouns", max_length=50),
    _f("ethnicity", "list", "ethnic background", vocab="ethnicity"),
    _f("faith", "list", "faith background", vocab="faith"),
    _f("lgbtq_affirming", "bool", "practises LGBTQ+-affirming care"),
    _f("identities", "list", "lived experience shared", vocab="identities"),
    _f("languages", "list", "languages of therapy", vocab="languages",
       default=("English",)),
    _f("approaches", "list", "therapy approaches", vocab="approaches"),
    _f("specialties", "list", "concerns treated", vocab="specialties"),
    _f("top_specialties", "list", "the concerns treated most, most first: at most "
       "5, each also in specialties", vocab="specialties"),
    _f("populations", "list", "age groups served", vocab="populations"),
    _f("session_formats", "list", "individual, couples, family, group",
       vocab="session_formats"),
    _f("style_directiveness", "int", STYLE_DOC + "client-led to directive",
       low=-3, high=3),
    _f("style_intensity", "int", STYLE_DOC + "reserved to intense", low=-3, high=3),
    _f("style_orientation", "int", STYLE_DOC + "present/future to past",
       low=-3, high=3),
    _f("style_challenge", "int", STYLE_DOC + "warm support to challenge",
       low=-3, high=3),
    _f("insurance", "list", "insurance payers taken", vocab="insurance"),
    _f("fee", "number", "standard fee per session, USD", low=0, high=10_000),
    _f("sliding_scale", "bool", "offers a sliding scale"),
    _f("free_consultation", "bool", "offers a free first call"),
    _f("availability", "list", "weekdays, evenings, weekends", vocab="availability"),
    _f("years_experience", "int", "years in practice", low=0, high=80),
    _f("open_slots", "int", "new clients the therapist can take now",
       low=0, high=1000),
    _f("bio", "text", "the therapist's own words", max_length=5000),
    _f("email", "email", "contact email", max_length=254, invisible="refuse"),
    _f("phone", "text", "contact phone, kept as typed", max_length=50,
       invisible="refuse"),
    _f("website", "url", "http(s) address", max_length=500, invisible="refuse"),
    _f("updated_at", "date", "date the profile was last confirmed, YYYY-MM-DD"),
)  # fmt: skip
FIELDS_BY_NAME: dict[str, Field] = {f.name: f for f in PROFILE_FIELDS}
FIELD_NAMES: tuple[str, ...] = tuple(FIELDS_BY_NAME)
REQUIRED_COLUMNS: tuple[str, ...] = tuple(f.name for f in PROFILE_FIELDS if f.required)
LIST_KINDS = frozenset({"list", "states"})


def is_blank(value: Any) -> bool:
    """Tell whether a cell counts as not given (None, empty or blank text, [])."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, list | tuple) and not value


def parse_bool(value: Any) -> bool:
    """Read true/false, yes/no, 1/0 or y/n in any case."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    word = str(value).strip().casefold()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise FieldError(f"expected true/false, yes/no, 1/0 or y/n, got {_shown(value)}")


def parse_int(value: Any, spec: Field) -> int:
    """Read a whole number within the field's range."""
    if isinstance(value, bool):
        raise FieldError(f"expected a whole number, got {_shown(value)}")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and INT_PATTERN.match(value.strip()):
        whole = value.strip().partition(".")[0]
        if len(whole.lstrip("+-")) > MAX_INT_DIGITS:
            raise FieldError(f"is a {len(whole):,}-digit number; far out of range")
        value = int(whole)
    if not isinstance(value, int):
        raise FieldError(f"expected a whole number, got {_shown(value)}")
    return _in_range(value, spec)


def parse_number(value: Any, spec: Field) -> float:
    """Read a number (a leading $ and thousands commas are allowed)."""
    if isinstance(value, bool):
        raise FieldError(f"expected a number, got {_shown(value)}")
    if isinstance(value, str):
        cleaned = value.strip().removeprefix("$").replace(",", "")
        try:
            value = float(cleaned)
        except ValueError:
            raise FieldError(f"expected a number, got {_shown(value)}") from None
    if not isinstance(value, int | float) or value != value:
        raise FieldError(f"expected a number, got {_shown(value)}")
    return float(_in_range(value, spec))


def _in_range(value: Any, spec: Field) -> Any:
    if spec.low is not None and value < spec.low:
        raise FieldError(f"must be at least {spec.low:g}, got {_shown(value)}")
    if spec.high is not None and value > spec.high:
        raise FieldError(f"must be at most {spec.high:g}, got {_shown(value)}")
    return value


def _shown(value: Any) -> str:
    # A JSON integer can have thousands of digits: too long to show, and
    # beyond what float() or the :g format accept.
    if (
        isinstance(value, int)
        and not isinstance(value, bool)
        and (abs(value) >= 10**MAX_INT_DIGITS)
    ):
        return f"a {len(str(abs(value))):,}-digit number"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f"{value:g}"
    if isinstance(value, str) and len(value) > 60:
        return repr(value[:60]) + "..."
    return repr(value) if isinstance(value, str | bool) else type(value).__name__


def parse_text(value: Any, spec: Field) -> str:
    """Keep text exactly as typed; numbers from JSON become their text."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise FieldError(f"expected text, got {type(value).__name__}")
    text = value if isinstance(value, str) else str(value)
    if spec.max_length is not None and len(text) > spec.max_length:
        raise FieldError(f"is {len(text):,} characters; at most {spec.max_length:,}")
    return text


def split_list(value: Any) -> list[str]:
    """Split a ';'-separated cell or take a JSON array; blank items are dropped."""
    if isinstance(value, str):
        items = value.split(LIST_SEPARATOR)
    elif isinstance(value, list | tuple):
        if any(
            isinstance(v, bool) or not isinstance(v, str | int | float) for v in value
        ):
            raise FieldError("list items must be text")
        items = [str(v) for v in value]
        if any(LIST_SEPARATOR in item for item in items):
            raise FieldError(
                "list items cannot contain ';' (it separates items in CSV)"
            )
    else:
        raise FieldError(f"expected a list, got {type(value).__name__}")
    return [item.strip() for item in items if item.strip()]


def parse_state(value: Any) -> str:
    """Read a 2-letter US state or territory code (any case)."""
    code = str(value).strip().upper()
    if code not in US_STATES:
        raise FieldError(f"{value!r} is not a US state or territory code")
    return code


def parse_states(value: Any) -> list[str]:
    """Read a list of US state codes, reporting every unknown one."""
    codes = split_list(value)
    if not codes:
        raise FieldError("is required")
    bad = [c for c in codes if c.strip().upper() not in US_STATES]
    if bad:
        raise FieldError(f"not US state or territory codes: {', '.join(bad)}")
    return list(dict.fromkeys(c.upper() for c in codes))


def parse_postal_code(value: Any) -> str:
    """Keep a ZIP code as typed after checking it looks like one."""
    if not isinstance(value, str):
        raise FieldError(
            f"write ZIP codes as text (in quotes in JSON): {value!r} may have "
            "lost a leading zero"
        )
    if not ZIP_PATTERN.match(value.strip()):
        hint = " (a ZIP code that lost its leading zero?)" if value.isdigit() else ""
        raise FieldError(f"{value!r} is not a 5-digit US ZIP code{hint}")
    return value


def parse_date(value: Any) -> str:
    """Read a YYYY-MM-DD date."""
    text = str(value).strip()
    try:
        if len(text) == 10:
            return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        pass
    raise FieldError(f"expected a real date as YYYY-MM-DD, got {_shown(value)}")


def parse_url(value: Any, spec: Field) -> str:
    """Accept only http:// and https:// addresses."""
    text = parse_text(value, spec)
    if not text.strip().lower().startswith(("http://", "https://")):
        raise FieldError("must start with http:// or https://")
    return text


def parse_email(value: Any, spec: Field) -> str:
    """Check an email address has one @ and a domain."""
    text = parse_text(value, spec)
    if not EMAIL_PATTERN.match(text.strip()):
        raise FieldError(f"{text!r} is not an email address")
    return text


@dataclass
class ParsedProfile:
    """A validated profile, or the reasons it is not valid."""

    values: dict[str, Any] = field(default_factory=dict)
    errors: list[tuple[str, str]] = field(default_factory=list)
    unrecognised: list[tuple[str, str]] = field(default_factory=list)
    # (field, what was removed): invisible characters stripped from a value
    cleaned: list[tuple[str, str]] = field(default_factory=list)
    # (field, raw label, keys, stage) for labels mapped beyond an exact alias
    mapped: list[tuple[str, str, tuple[str, ...], str]] = field(default_factory=list)
    raw_labels: dict[str, list[str]] = field(default_factory=dict)  # as typed


def canonical_list(items: list[str], spec: Field, out: ParsedProfile) -> list[str]:
    """Map items onto vocabulary keys, keeping and noting unrecognised ones."""
    if spec.kind == "list" and spec.vocab in MAPPED_FIELDS:
        return mapped_list(items, spec, out)
    vocab = vocabulary(spec.vocab) if spec.vocab else None
    keys = []
    for item in items:
        key = vocab.canonical(item) if vocab else item
        if key is None:
            out.unrecognised.append((spec.name, item))
            key = item
        keys.append(key)
    return list(dict.fromkeys(keys))


def mapped_list(items: list[str], spec: Field, out: ParsedProfile) -> list[str]:
    """Map a list field's labels with the label mapper, keeping the raw labels."""
    keys: list[str] = []
    for item in items:
        found = map_label(str(spec.vocab), item)
        if not found.keys and not found.taught:  # an admin's "none": not a label
            out.unrecognised.append((spec.name, item))
        elif found.stage != "exact":
            out.mapped.append((spec.name, item, found.keys, str(found.stage)))
        keys += found.keys or ([] if found.taught else [item])
    keys = list(dict.fromkeys(keys))
    if keys != items:
        out.raw_labels[spec.name] = items
    return keys


_SIMPLE: dict[str, Callable[[Any, Field], Any]] = {
    "text": parse_text,
    "int": parse_int,
    "number": parse_number,
    "url": parse_url,
    "email": parse_email,
    "bool": lambda v, _: parse_bool(v),
    "state": lambda v, _: parse_state(v),
    "states": lambda v, _: parse_states(v),
    "postal_code": lambda v, _: parse_postal_code(v),
    "date": lambda v, _: parse_date(v),
}


def parse_value(value: Any, spec: Field, out: ParsedProfile) -> Any:
    """Parse one non-blank cell for its field."""
    if spec.kind not in LIST_KINDS and isinstance(value, list | tuple | dict):
        raise FieldError(f"expected a single value, got {type(value).__name__}")
    value = checked_characters(value, spec, out)
    if is_blank(value):  # it held nothing but invisible characters
        if spec.required:
            raise FieldError("is required (it held only invisible characters)")
        return None
    if spec.kind == "list":
        return canonical_list(split_list(value), spec, out) or None
    if spec.kind == "vocab_text":
        text = parse_text(value, spec)
        return canonical_list([text], spec, out)[0]
    if spec.kind == "id":
        text = str(value).strip() if isinstance(value, str | int) else ""
        if not ID_PATTERN.match(text) or isinstance(value, bool):
            raise FieldError("must be 1-64 characters of A-Z a-z 0-9 . _ -")
        return text
    return _SIMPLE[spec.kind](value, spec)


# Zero-width (non-)joiners shape how Persian, Arabic and Indic names are
# written, and emoji sequences; they reorder nothing, so text keeps them.
JOINERS = frozenset("\u200c\u200d")


def invisible_characters(text: str) -> list[str]:
    """Return the invisible format characters (Unicode category Cf) in a text."""
    if text.isascii():
        return []
    return [c for c in text if unicodedata.category(c) == "Cf"]


def _code_points(characters: list[str]) -> str:
    return ", ".join(f"U+{ord(c):04X}" for c in dict.fromkeys(characters))


def checked_characters(value: Any, spec: Field, out: ParsedProfile) -> Any:
    """Refuse lone surrogates; strip or refuse invisible format characters.

    Text or a list of texts comes back without its invisible characters (noted
    in ``out.cleaned``); fields that must be typed exactly refuse them instead.
    """
    if isinstance(value, str) and value.isascii():
        return value  # the common case, and neither can hide in ASCII
    texts = value if isinstance(value, list | tuple) else [value]
    texts = [t for t in texts if isinstance(t, str) and not t.isascii()]
    if not texts:
        return value
    if any(SURROGATE.search(t) for t in texts):
        raise FieldError("holds an invalid character (a lone UTF-16 surrogate)")
    found = [c for t in texts for c in invisible_characters(t)]
    if spec.invisible == "strip":
        found = [c for c in found if c not in JOINERS]
    if not found:
        return value
    if spec.invisible == "refuse":
        raise FieldError(
            f"holds invisible formatting characters ({_code_points(found)}) that "
            "change how it reads; type it again without them"
        )
    out.cleaned.append((spec.name, _code_points(found)))
    if isinstance(value, str):
        return _without(value, found)
    return [_without(t, found) if isinstance(t, str) else t for t in value]


def _without(text: str, characters: list[str]) -> str:
    return text.translate(dict.fromkeys(map(ord, characters)))


def parse_profile(raw: Mapping[str, Any]) -> ParsedProfile:
    """Validate and normalise one profile from a row of CSV or JSON values."""
    out = ParsedProfile()
    for spec in PROFILE_FIELDS:
        value = raw.get(spec.name)
        if is_blank(value):
            if spec.required:
                out.errors.append((spec.name, "is required"))
            out.values[spec.name] = _default(spec)
            continue
        try:
            parsed = parse_value(value, spec, out)
            out.values[spec.name] = _default(spec) if parsed is None else parsed
        except FieldError as error:
            out.errors.append((spec.name, str(error)))
            out.values[spec.name] = None
    _check_across_fields(out)
    return out


def _default(spec: Field) -> Any:
    return list(spec.default) if isinstance(spec.default, tuple) else spec.default


MAX_TOP_SPECIALTIES = 5


def _check_top_specialties(out: ParsedProfile) -> None:
    top = out.values.get("top_specialties") or []
    if len(top) > MAX_TOP_SPECIALTIES:
        out.errors.append(("top_specialties", f"lists {len(top)}; give at most 5"))
    listed = out.values.get("specialties") or []
    missing = [key for key in top if key not in listed]
    if missing and "specialties" not in {name for name, _ in out.errors}:
        out.errors.append(
            ("top_specialties", f"{', '.join(missing)} must also be in specialties")
        )


def _check_across_fields(out: ParsedProfile) -> None:
    values, failed = out.values, {name for name, _ in out.errors}
    _check_top_specialties(out)
    if not ({"in_person", "telehealth"} & failed) and not (
        values.get("in_person") or values.get("telehealth")
    ):
        out.errors.append(
            ("in_person", "at least one of in_person and telehealth must be true")
        )
    has_lat, has_lon = (
        values.get("latitude") is not None,
        values.get("longitude") is not None,
    )
    if has_lat != has_lon and not ({"latitude", "longitude"} & failed):
        missing = "longitude" if has_lat else "latitude"
        out.errors.append((missing, "give latitude and longitude together"))
