"""The one conversion between the client form and the request dict the API takes.

The form, the "change my answers" button and the suggestion buttons all go
through here, so a search from the page is exactly a search through the API.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from wtforms import FormField

from matcher.directory.vocab import vocabulary
from matcher.engine.request import (
    LIST_PREFERENCES,
    REQUEST_FIELDS,
    STYLE_DIMENSIONS,
    Preference,
    Request,
)

from .forms import (
    IMPORTANCE,
    STYLE_IMPORTANCE,
    MatchForm,
    km_to_miles,
    miles_to_km,
)

API_ONLY_FIELDS = ("request_id",)
PAGE_UNIT = "mi"  # the pages write distances in miles; the API's default is km
# Request fields whose form field has another name.
FORM_NAMES = {"max_distance_km": "max_distance_miles"}
DEFAULT_SHOWN = "high"  # importance shown for a level the form does not offer


def _text(name: str) -> Callable[[MatchForm], Any]:
    return lambda form: (getattr(form, name).data or "").strip() or None


def _choice(name: str) -> Callable[[MatchForm], Any]:
    return lambda form: getattr(form, name).data or None


def _number(name: str) -> Callable[[MatchForm], Any]:
    def read(form: MatchForm) -> int | None:
        value = getattr(form, name).data
        return int(value) if value else None

    return read


def _preference(name: str) -> Callable[[MatchForm], Any]:
    def read(form: MatchForm) -> dict[str, Any] | None:
        sub = getattr(form, name).form
        if not sub.value.data:
            return None
        return {"value": sub.value.data, "importance": sub.importance.data}

    return read


def _style(form: MatchForm) -> dict[str, Any] | None:
    sub = form.style.form
    answers = {d: getattr(sub, d).data for d in STYLE_DIMENSIONS}
    if not any(answers.values()):
        return None
    chosen = {d: int(v) if v else None for d, v in answers.items()}
    return {**chosen, "importance": sub.importance.data}


# One reader per request field: how the form says it, None for "no preference".
READERS: dict[str, Callable[[MatchForm], Any]] = {
    "state": _choice("state"),
    "format": _choice("format"),
    "postal_code": _text("postal_code"),
    "max_distance_km": lambda form: miles_to_km(form.max_distance_miles.data),
    "concerns": lambda form: form.concerns.data or None,
    "concerns_text": _text("concerns_text"),
    "session_format": _choice("session_format"),
    "age_group": _choice("age_group"),
    "style": _style,
    "lgbtq_affirming": _preference("lgbtq_affirming"),
    "insurance": _text("insurance"),
    "max_fee": lambda form: form.max_fee.data,
    "include_not_accepting": lambda form: form.include_not_accepting.data or None,
    "limit": _number("limit"),
    "distance_unit": lambda form: PAGE_UNIT,
} | {name: _preference(name) for name in LIST_PREFERENCES}


def to_request(form: MatchForm) -> dict[str, Any]:
    """Turn a validated form into the request dict the JSON API accepts."""
    values = {
        name: READERS[name](form)  # a new engine field without a reader fails here
        for name in REQUEST_FIELDS
        if name not in API_ONLY_FIELDS
    }
    return {name: value for name, value in values.items() if value is not None}


def _shown(preference: Preference | None, yes: bool = False) -> dict[str, Any]:
    values: Any = list(preference.values) if preference else []
    importance = preference.importance if preference else DEFAULT_SHOWN
    return {
        "value": bool(values) if yes else values,
        "importance": importance if importance in dict(IMPORTANCE) else DEFAULT_SHOWN,
    }


def _whole(number: float | None) -> str:
    return "" if number is None else f"{number:g}"


def form_data(request: Request) -> dict[str, Any]:
    """Turn a parsed request back into form data, to show the answers again."""
    style = {d: _whole(request.style.get(d)) for d in STYLE_DIMENSIONS}
    style_importance = request.style_importance
    if style_importance not in dict(STYLE_IMPORTANCE):
        style_importance = "medium"
    data = {
        "state": request.state,
        "format": request.format,
        "postal_code": request.postal_code or "",
        "max_distance_miles": km_to_miles(request.max_distance_km),
        "concerns": list(request.concerns.values) if request.concerns else [],
        "concerns_text": request.concerns_text,
        "style": style | {"importance": style_importance},
        "lgbtq_affirming": _shown(request.lgbtq_affirming, yes=True),
        "insurance": vocabulary("insurance").label(request.insurance or ""),
        "max_fee": request.max_fee,
        "include_not_accepting": request.include_not_accepting,
        "limit": str(request.limit),
        "age_group": request.age_group or "",
        "session_format": request.session_format or "",
    }
    return data | {name: _shown(request.preference(name)) for name in LIST_PREFERENCES}


def add_request_errors(form: MatchForm, errors: dict[str, str]) -> None:
    """Show the engine's validation messages next to the fields they concern."""
    for name, message in errors.items():
        field = form._fields.get(FORM_NAMES.get(name, name))
        if isinstance(field, FormField):
            sub = field.form
            field = sub.value if hasattr(sub, "value") else next(iter(sub))
        words = message[:1].upper() + message[1:]
        if field is None:
            form.form_errors.append(words)
        else:
            field.errors = [*field.errors, words]


SECTION_TITLES = {
    "concerns": "What brings you",
    "style": "How sessions feel",
    "approaches": "Approaches",
    "gender": "Gender",
    "ethnicity": "Background",
    "faith": "Faith",
    "lgbtq_affirming": "LGBTQ+-affirming care",
    "identities": "Lived experience",
    "languages": "Languages",
    "availability": "When you can have sessions",
}


def error_summary(form: MatchForm) -> list[tuple[str, str, str]]:
    """List (field id, what the field is called, message) for every error."""
    found = []
    for field in form:
        title = SECTION_TITLES.get(field.name) or field.label.text
        members = field.form if isinstance(field, FormField) else [field]
        found += [(sub.id, title, message) for sub in members for message in sub.errors]
    return found
