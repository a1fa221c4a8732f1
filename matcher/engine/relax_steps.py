"""Each hard filter's relaxations, mildest first: the changes a suggestion offers.

The ``FILTERS`` table (``matcher/engine/scoring.py``) names one of these per filter;
``matcher/engine/relax.py`` counts what each relaxation, alone or combined, adds.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .request import PREFERENCES, Request
from .words import KM_PER_MILE, distance, labels, times

DISTANCE_STEPS = {"km": (10.0, 25.0, 50.0, 100.0), "mi": (5.0, 10.0, 25.0, 50.0)}
RATHER = "important rather than required"


@dataclass(frozen=True)
class Relaxation:
    """One relaxation of one filter: the change, its words, the fields it sets."""

    filter: str
    change: str
    phrase: str
    fields: tuple[tuple[str, object], ...]
    wanted: str = ""  # for a must-have: what stops being required


def format_steps(_request: Request) -> list[Relaxation]:
    """Allow either way of meeting."""
    phrase = "allowing either in-person or telehealth sessions"
    return [Relaxation("format", "format=either", phrase, (("format", "either"),))]


def distance_steps(request: Request) -> list[Relaxation]:
    """Widen the distance limit a step at a time, then remove it."""
    unit = request.distance_unit
    steps = [s * (KM_PER_MILE if unit == "mi" else 1) for s in DISTANCE_STEPS[unit]]
    wider = [round(km, 3) for km in steps if km > request.max_distance_km + 1e-6]
    options = [
        Relaxation("distance", f"max_distance_km={km:g}",
                   f"widening the distance limit to {distance(km, unit)}",
                   (("max_distance_km", km),))
        for km in wider
    ]  # fmt: skip
    none = (("max_distance_km", None),)
    removed = "removing the distance limit"
    return [*options, Relaxation("distance", "max_distance_km=none", removed, none)]


def accepting_steps(_request: Request) -> list[Relaxation]:
    """Include therapists with a waitlist."""
    return [
        Relaxation(
            "not_accepting",
            "include_not_accepting=true",
            "showing therapists with a waitlist",
            (("include_not_accepting", True),),
        )
    ]


def age_group_steps(request: Request) -> list[Relaxation]:
    """Drop the age group."""
    who = labels("populations", (request.age_group,))
    phrase = f"including therapists who don't say they work with {who}"
    return [Relaxation("age_group", "age_group=none", phrase, (("age_group", None),))]


def session_format_steps(request: Request) -> list[Relaxation]:
    """Drop the session format."""
    kind = labels("session_formats", (request.session_format,))
    phrase = f"including therapists who don't say they offer {kind} sessions"
    fields = (("session_format", None),)
    return [Relaxation("session_format", "session_format=none", phrase, fields)]


def must_steps(name: str):
    """Make a must-have preference ``high`` instead."""

    def steps(request: Request) -> list[Relaxation]:
        relaxed = (name, replace(request.preference(name), importance="high"))
        wanted = _wanted(name, request)
        phrase = f"making {wanted} {RATHER}"
        return [Relaxation(name, f"{name}.importance=high", phrase, (relaxed,), wanted)]

    return steps


def _wanted(name: str, request: Request) -> str:
    """Word what a must-have asks for: 'American Sign Language'."""
    if name == "availability":
        return f"{times(request.availability.values, 'or')} appointments"
    wanted = PREFERENCES[name].wanted
    if name == "lgbtq_affirming":
        return wanted
    values = request.preference(name).values
    return wanted.format(labels(name, values, "or", short=True))
