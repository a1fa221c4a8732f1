"""Validate outcome rows: the CONTRACT §5.2 fields, and no column naming a person."""

from __future__ import annotations

import math
import re
from typing import Any

from ..directory.importer import ImportFileError
from ..directory.schema import FieldError, parse_bool, parse_date
from ..directory.vocab import vocabulary
from .measures import find_measure

REQUIRED = ("episode_id", "therapist_id", "domain", "measure", "baseline", "final")
OPTIONAL = ("sessions", "completed", "alliance", "ended_on")
FIELDS = REQUIRED + OPTIONAL
EPISODE_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
# Parts of a column name that suggest it identifies a person. Matched inside
# the normalised name, so 'Client Name', 'DateOfBirth' and 'e-mail' all hit.
IDENTIFYING = (
    ("name", "a name"),
    ("birth", "a birth date"),
    ("dob", "a birth date"),
    ("address", "an address"),
    ("street", "an address"),
    ("postcode", "an address"),
    ("zip", "an address"),
    ("email", "an email address"),
    ("e_mail", "an email address"),
    ("phone", "a phone number"),
    ("mobile", "a phone number"),
    ("mrn", "a medical record number"),
    ("record", "a record number"),
    ("medical", "a medical record number"),
    ("ssn", "a social security number"),
    ("social_security", "a social security number"),
    ("nhs", "a health service number"),
)


def identifying_column(column: str) -> str | None:
    """Return what a column name suggests it holds when that identifies a person."""
    for part, meaning in IDENTIFYING:
        if part in column:
            return meaning
    return None


def check_columns(columns: list[str]) -> None:
    """Refuse a file whose header names a person-identifying column or lacks one."""
    for column in columns:
        meaning = identifying_column(column)
        if meaning is not None:
            raise ImportFileError(
                f"column {column!r} looks like {meaning}, which identifies a person: "
                "outcome records must be de-identified, so the whole file is "
                "refused; remove the column and import again"
            )
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        found = ", ".join(columns[:12]) or "none"
        raise ImportFileError(
            f"missing required columns: {', '.join(missing)} (found: {found})"
        )


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _number(value: Any) -> float:
    if isinstance(value, bool):
        raise FieldError(f"expected a number, got {value!r}")
    try:
        number = float(str(value).strip()) if isinstance(value, str) else float(value)
    except (TypeError, ValueError, OverflowError):
        raise FieldError(f"expected a number, got {str(value)[:40]!r}") from None
    if not math.isfinite(number):
        raise FieldError(f"expected a finite number, got {str(value)[:40]!r}")
    return number


def _sessions(value: Any) -> int:
    number = _number(value)
    if not number.is_integer() or number < 1:
        raise FieldError(f"expected a whole number of at least 1, got {value!r}")
    return int(number)


def _alliance(value: Any) -> float:
    number = _number(value)
    if not 0 <= number <= 10:
        raise FieldError(f"expected a rating from 0 to 10, got {value!r}")
    return number


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise FieldError(f"expected text, got {type(value).__name__}")
    return value.strip()[:64]


def parse_outcome(raw: dict[str, Any], profiles: set[str]) -> tuple[dict, list]:
    """Validate one row; return its store-ready values and (field, reason) errors."""
    values: dict[str, Any] = {}
    errors: list[tuple[str, str]] = []
    for name in REQUIRED:
        if _blank(raw.get(name)):
            errors.append((name, "required"))
    parsers = {
        "episode_id": _episode_id, "therapist_id": _therapist(profiles),
        "domain": _domain, "measure": _text, "baseline": _number, "final": _number,
        "sessions": _sessions, "completed": _completed, "alliance": _alliance,
        "ended_on": parse_date,
    }  # fmt: skip
    for name, parse in parsers.items():
        if _blank(raw.get(name)):
            values[name] = None
            continue
        try:
            values[name] = parse(raw[name])
        except FieldError as error:
            errors.append((name, str(error)))
    errors += _range_errors(values)
    return values, errors


def _episode_id(value: Any) -> str:
    text = str(value).strip()
    if not EPISODE_ID.fullmatch(text):
        raise FieldError(
            "expected 1-64 characters of A-Z, a-z, 0-9, '.', '_' or '-', "
            f"got {text[:40]!r}"
        )
    return text


def _therapist(profiles: set[str]):
    def parse(value: Any) -> str:
        text = str(value).strip()
        if text not in profiles:
            raise FieldError(f"unknown therapist_id {text[:64]!r}: no such profile")
        return text

    return parse


def _domain(value: Any) -> str:
    key = vocabulary("specialties").canonical(str(value))
    if key is None:
        raise FieldError(
            f"unknown domain {str(value)[:40]!r}: use a concern key such as "
            "depression, anxiety, trauma or insomnia"
        )
    return key


def _completed(value: Any) -> int:
    return int(parse_bool(value))


def _range_errors(values: dict[str, Any]) -> list[tuple[str, str]]:
    measure = find_measure(values["measure"]) if values.get("measure") else None
    if measure is None:
        return []
    values["measure"] = measure.key
    errors = []
    for name in ("baseline", "final"):
        score = values.get(name)
        if score is not None and not measure.low <= score <= measure.high:
            reason = (
                f"{score:g} is outside the {measure.key} range "
                f"{measure.low:g}-{measure.high:g}"
            )
            errors.append((name, reason))
    return errors
