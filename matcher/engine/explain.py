"""Words for a match: factor details, reasons, caveats and consultation questions.

Everything here reads the match values that ranked the therapist, so the words
cannot tell a different story from the score.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any, NamedTuple

import numpy as np

from ..directory.vocab import US_STATES, vocabulary
from . import focus_words, words
from .answer import FactorTable
from .evidence import evidence_credit, sources_for
from .index_lists import insurance_key
from .kept_profile import derived
from .questions import consultation_questions
from .request import Request, list_field
from .requirement_words import requirements_words
from .scoring import COST_MATCH
from .words import labels

# The profile fields the words below read.
EXPLAINED_FIELDS = (
    "specialties", "approaches", "gender", "ethnicity", "faith", "identities",
    "languages", "availability", "insurance", "fee", "lgbtq_affirming",
    "accepting_new_clients", "updated_at", "state", "style_directiveness",
    "style_intensity", "style_orientation", "style_challenge", "telehealth",
    "sliding_scale", "track_records", "top_specialties", "bio_focus",
    "approach_focus",
    "bio",  # an unstated style is estimated from it (style_words)
)  # fmt: skip
FULL = 0.999  # a match at or above this is fully met
STRONG = 0.75  # a match at or above this is worth a reason
STYLE_WORDS = {
    "directiveness": ("client-led and collaborative", "directive and structured"),
    "intensity": ("emotionally reserved", "emotionally intense"),
    "orientation": ("focused on the present and future", "focused on the past"),
    "challenge": ("gently supportive", "challenging"),
}
NOT_LISTED = {
    "gender": "their gender",
    "ethnicity": "their background",
    "faith": "a faith background",
    "identities": "any shared lived experience",
    "languages": "the languages they work in",
}
NOUNS = {
    "gender": "the gender you preferred",
    "ethnicity": "the background you asked for",
    "faith": "the faith background you asked for",
    "identities": "the lived experience you asked for",
    "languages": "the language you asked for",
}


def listed(profile: dict[str, Any], name: str) -> list[str]:
    """Return a profile's values for a list preference (empty when not given)."""
    value = profile.get(list_field(name))
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


GENDER_WORDS = {"woman": "a woman", "man": "a man"}  # others read as adjectives
LISTED_WORDS = {
    "ethnicity": ("Background: {}", "Has the background you asked for ({})"),
    "faith": ("Faith: {}", "Shares the faith background you asked for ({})"),
    "identities": (
        "Lived experience: {}",
        "Shares the lived experience you asked for ({})",
    ),
    "languages": ("Works in {}", "Offers therapy in {}"),
}


def _set_words(profile, request, name, match):
    wanted = request.preference(name).values
    if name == "concerns":  # all they read of the request: the concerns asked
        return derived(
            profile, ("concerns", wanted), lambda: _asked_concerns(profile, wanted)
        )
    values = listed(profile, name)
    have = tuple(v for v in wanted if v in values)
    if name == "approaches":
        return focus_words.approach_words(profile, have, wanted)
    if have:
        return (*_listed_words(name, have), None)
    if not values:
        return "Not listed", None, f"Doesn't list {NOT_LISTED[name]}"
    wanted_words = labels(name, wanted, "or")
    return "No match", None, f"Doesn't list {NOUNS[name]} ({wanted_words})"


# Sentences depend on a few keys only (the values asked, the values met), which
# recur from match to match: each is worded once and kept.
SENTENCES_KEPT = 4096


@lru_cache(maxsize=SENTENCES_KEPT)
def _listed_words(name: str, have: tuple[str, ...]) -> tuple[str, str]:
    if name == "gender":
        who = " and ".join(GENDER_WORDS.get(k, labels(name, [k])) for k in have)
        return f"Is {who}", f"Is {who}, as you asked"
    detail, reason = LISTED_WORDS[name]
    values = labels(name, have)
    return detail.format(values), reason.format(values)


# The concern words read these profile fields only (focus_words.py): the bio's
# focus on each concern asked, and the specialties, listed and top.
CONCERN_FIELDS = ("specialties", "top_specialties")


def _asked_concerns(profile, wanted):
    specialties = _concern_fields(profile)[0]
    return _concern_words(profile, tuple(v for v in wanted if v in specialties), wanted)


def _concern_words(profile, have, wanted):
    bio = profile.get("bio_focus") or {}
    specialties, top = _concern_fields(profile)
    bio_asked = tuple((c, bio[c]) for c in wanted if c in bio)
    return _concern_sentences(have, wanted, specialties, top, bio_asked)


def _concern_fields(profile) -> tuple[tuple, ...]:
    """Return the profile's CONCERN_FIELDS as tuples (kept with a kept profile)."""
    return derived(profile, "concern_fields", lambda: _listed_as(profile))


def _listed_as(profile) -> tuple[tuple, ...]:
    return tuple(_values(profile.get(name)) for name in CONCERN_FIELDS)


def _values(value) -> tuple:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


@lru_cache(maxsize=SENTENCES_KEPT)
def _concern_sentences(have, wanted, specialties, top, bio):
    # Worded from only what the key holds, so a key can never stand for more.
    profile = {"specialties": specialties, "top_specialties": top}
    profile["bio_focus"] = dict(bio)
    missing = [c for c in wanted if c not in have]
    caveat = f"Doesn't list {labels('concerns', missing, 'or')} among their specialties"
    # How much of the profile each concern is (focus_words.py), when it shows.
    focus_detail, focus_caveat = focus_words.concern_words(
        profile, wanted, caveat if missing else None
    )
    if have:
        detail = f"Treats {labels('concerns', have)}"
    elif len(wanted) > 1:
        detail = "Lists none of the concerns you named"
    else:
        detail = f"Doesn't list {labels('concerns', wanted)}"
    if not have:
        reason = None
    elif not missing:
        both = "both of which" if len(wanted) == 2 else "all of which"
        reason = f"{detail}, {both if len(wanted) > 1 else 'which'} you named"
    else:
        reason = f"{detail}, {len(have)} of the {len(wanted)} concerns you named"
    return focus_detail or detail, reason, focus_caveat


@lru_cache(maxsize=SENTENCES_KEPT)
def _approach_words(have, wanted):
    if not have:
        text = f"Doesn't list {labels('approaches', wanted, 'or')}"
        return "None of them", None, text
    the = "the approaches" if len(have) > 1 else "an approach"
    detail = f"Uses {labels('approaches', have)}"
    return detail, f"{detail}, {the} you asked for", None


def _evidence_words(profile, request, match):
    used = tuple(listed(profile, "approaches"))
    return _evidence_sentences(request.concerns.values, used, match >= FULL)


@lru_cache(maxsize=SENTENCES_KEPT)
def _evidence_sentences(concerns, used, full):
    credit = evidence_credit()
    found = []
    for concern in concerns:
        best = max(used, key=lambda a: credit.get(concern, {}).get(a, 0), default=None)
        if best and credit.get(concern, {}).get(best, 0) > 0:
            found.append((concern, best))
    if not found:
        text = (
            "Doesn't list an approach with strong research evidence for your concerns"
        )
        return "No evidence-based approach listed", None, text
    concern, approach = found[0]
    source = sources_for(concern, approach)[0].source.split(":")[0]
    detail = (
        f"Uses {labels('approaches', [approach])}, an approach with good research "
        f"evidence for {labels('concerns', [concern])}, according to {source}"
    )
    return detail, detail, None if full else _evidence_gap(concerns, found)


def _evidence_gap(concerns, found):
    covered = {c for c, _ in found}
    gaps = [c for c in concerns if c in evidence_credit() and c not in covered]
    if gaps:
        gap_words = labels("concerns", gaps, "or")
        return f"Doesn't list an approach with strong evidence for {gap_words}"
    return "Uses approaches with some, not the strongest, evidence for your concerns"


def _lgbtq_words(profile, request, match):
    if match >= FULL:
        return "Affirming", "Practises LGBTQ+-affirming care", None
    return "Not stated", None, "Doesn't say they practise LGBTQ+-affirming care"


def _availability_words(profile, request, match):
    wanted = request.availability.values
    hours = listed(profile, "availability")
    have = [v for v in wanted if v in hours]
    if not hours:
        return (
            "Not listed",
            None,
            "Doesn't list their hours; ask about appointment times",
        )
    missing = [v for v in wanted if v not in have]
    detail = f"Offers {labels('availability', have)}" if have else "No overlap"
    reason = f"Has {words.times(have)} appointments" if have else None
    caveat = f"Doesn't list {words.times(missing, 'or')} appointments"
    return detail, reason, caveat if missing else None


def _cost_words(profile, request, match):
    fee, payers = profile.get("fee"), listed(profile, "insurance")
    payer = vocabulary("insurance").label(request.insurance or "")
    if match >= FULL:
        wanted = insurance_key(request.insurance or "")
        takes = request.insurance and wanted in map(insurance_key, payers)
        text = f"Takes {payer}" if takes else f"Fee ${fee:,.0f} is within your budget"
        return text, text, None
    parts = [f"doesn't take {payer}"] if request.insurance else []
    if fee is None or fee != fee:
        parts.append("doesn't list a fee")
    elif request.max_fee is not None:
        parts.append(f"fee ${fee:,.0f} is above your ${request.max_fee:,.0f} budget")
    caveat = words.capitalised("; ".join(parts))
    if match == COST_MATCH["sliding_scale"]:
        return (
            "Sliding scale",
            None,
            f"{caveat}; offers a sliding scale: ask what you would pay",
        )
    if fee is None or fee != fee:
        return "Fee not listed", None, f"{caveat}: ask what sessions would cost"
    detail = "Outside your budget" if request.max_fee is not None else caveat
    return detail, None, caveat


FAR = 0.5  # without a limit of their own, an office this far off earns a caveat


def _distance_words(profile, request, match, distance_km):
    if distance_km is None or distance_km != distance_km:
        return "Office location unknown", None, "Office location not listed"
    text = f"Office {words.distance(distance_km, request.distance_unit)} from you"
    if request.max_distance_km or match >= FAR:  # inside the client's limit: a fact
        return text, text, None
    return text, None, f"{text}, farther than you might like"


def _text_words(profile, request, match):
    if match >= STRONG:
        text = "Their profile speaks to what you described in your own words"
        return "Close to your own words", text, None
    return (
        "Little overlap with your own words",
        None,
        "Their profile says little about what you described in your own words",
    )


@cache
def _own_caveats_only() -> set[str]:
    # Read on first use, as the registry imports this module.
    from .factors import OWN_CAVEATS_ONLY

    return OWN_CAVEATS_ONLY


@cache
def _caveat_thresholds() -> dict[str, float]:
    # The registry names each factor's threshold and imports this module, so it
    # is read on first use (once: the registry fills this dict in place).
    from .factors import CAVEAT_BELOW

    return CAVEAT_BELOW


def caveat_below(name: str, request: Request) -> float:
    """Return the match under which a factor earns a caveat for this request."""
    if name == "distance" and request.max_distance_km:
        return 0.0  # every office that passed is inside the client's own limit
    return _caveat_thresholds().get(name, FULL)


@cache
def _registry_words() -> dict:
    # The registry names each factor's words; it imports this module, so it is
    # read on first use (once: an import statement per call costs 2 us).
    from .factors import WORDS

    return WORDS


def word_factor(
    name: str, profile: dict[str, Any], request: Request, match: float, distance: float
) -> tuple[str, str | None, str | None]:
    """Return (detail, reason or None, caveat or None) for one factor of one match."""
    return _worded(word_plan([name], request)[0], profile, request, match, distance)


class FactorWording(NamedTuple):
    """What wording one factor reads of a request, worked out once per answer.

    ``words`` is the registry's words (None for ``requirements``, whose words
    are ``met``), ``below`` its caveat threshold for the request, ``must``
    whether the client required it and ``partly`` the generic caveat, or None
    where the factor's own words alone give its caveats.
    """

    name: str
    words: Any
    below: float
    must: bool
    partly: str | None
    met: str | None = None


def word_plan(names: list[str], request: Request) -> tuple[FactorWording, ...]:
    """Return each factor's wording for a request: ``word_factor``'s lookups, once."""
    plan = []
    for name in names:
        if name == "requirements":
            met = requirements_words(request)
            plan.append(FactorWording(name, None, 0.0, False, None, met))
            continue
        own_only = name in _own_caveats_only()
        partly = f"Only partly meets your {name.replace('_', ' ')} preference"
        plan.append(
            FactorWording(
                name,
                _registry_words()[name],
                caveat_below(name, request),
                pref_is_must(request, name),
                None if own_only else partly,
            )
        )
    return tuple(plan)


def _worded(
    wording: FactorWording,
    profile: dict[str, Any],
    request: Request,
    match: float,
    distance: float | None,
) -> tuple[str, str | None, str | None]:
    """Return ``word_factor``'s words for one factor of one match, from its plan."""
    if wording.words is None:
        return wording.met, wording.met, None
    detail, reason, caveat = wording.words(profile, request, match, distance)
    if match >= wording.below:
        caveat = None
    elif caveat is None:
        caveat = wording.partly
    if wording.must and reason:
        reason = f"{reason} (you required this)"
    return detail, reason, caveat


def pref_is_must(request: Request, name: str) -> bool:
    """Tell whether a factor comes from a 'must' preference."""
    pref = getattr(request, name, None)
    return getattr(pref, "must", False)


def status_caveats(
    profile: dict[str, Any], today: dt.date, stale_days: int
) -> list[str]:
    """Return caveats about the listing itself: stale or not taking clients."""
    caveats = []
    if profile.get("accepting_new_clients") is False:
        caveats.append(
            "Not taking new clients right now (you asked to see them anyway)"
        )
    updated = profile.get("updated_at")
    if not updated:
        caveats.append(
            "Profile has no confirmation date: check they are taking clients"
        )
    else:
        age = (today - dt.date.fromisoformat(updated)).days
        if age > stale_days:
            months = age * 12 // 365
            caveats.append(
                f"Profile last confirmed {months} months ago: "
                "check they are taking clients"
            )
    return caveats


def location_caveats(profile: dict[str, Any], request: Request) -> list[str]:
    """Warn when in-person sessions mean crossing into another state."""
    office = profile.get("state")
    if request.format == "in_person" and office and office != request.state:
        name = US_STATES.get(office, office)
        return [f"Office is in {name}: in-person sessions mean travelling there"]
    return []


MAX_REASONS = 3


@dataclass
class Explanation:
    """The words of one match, built from the values that ranked it."""

    factors: FactorTable
    reasons: tuple[str, ...]
    caveats: tuple[str, ...]
    questions: tuple[str, ...]


def _factor_points(names, weights, matches, points, details, rounded=None):
    # One rounding call per array, and Python floats via tolist().
    if rounded is None:
        rounded = (np.round(matches, 4).tolist(), np.round(points, 2).tolist())
    return FactorTable(
        tuple(names),
        tuple(weights),
        tuple(rounded[0]),
        tuple(rounded[1]),
        tuple(details),
    )


def explain_match(
    profile: dict[str, Any],
    request: Request,
    scored: tuple[list[str], np.ndarray, np.ndarray, np.ndarray],
    distance: float | None,
    today: dt.date,
    stale_days: int,
    *,
    status: tuple[str, ...] | None = None,
    rounded: tuple[list[float], list[float]] | None = None,
    plan: tuple[FactorWording, ...] | None = None,
    asked: tuple[str, ...] | None = None,
) -> Explanation:
    """Word one match: a detail per factor, reasons, caveats and questions.

    ``status`` (the listing's own caveats) and ``rounded`` (the matches and
    points as the answer shows them) may come worked out already, and so may
    what depends on the request alone, the same for every match of an answer:
    ``plan`` (``word_plan``) and ``asked`` (``questions.request_questions``).
    """
    names, weights, matches, points = scored
    if isinstance(weights, np.ndarray):
        weights = weights.tolist()  # Python floats: the same values, faster
    plan = word_plan(names, request) if plan is None else plan
    details, reasons, caveats = [], [], []
    for wording, weight, match, point in zip(
        plan, weights, matches, points, strict=True
    ):
        detail, reason, caveat = _worded(wording, profile, request, match, distance)
        details.append(detail)
        if reason and match >= STRONG:
            reasons.append((-point, reason))
        if caveat:
            caveats.append((-weight * (1 - match), caveat, wording.name))
    # Most points lost first; the free-text hint, a weak signal, always last.
    if len(caveats) > 1:
        caveats.sort(key=_caveat_order)
    if len(reasons) > 1:
        reasons.sort(key=_points_first)  # stable: as sorted() was
    return Explanation(
        factors=_factor_points(names, weights, matches, points, details, rounded),
        reasons=tuple([text for _, text in reasons[:MAX_REASONS]]),
        caveats=(
            *[text for _, text, _ in caveats],
            *location_caveats(profile, request),
            *(status_caveats(profile, today, stale_days) if status is None else status),
        ),
        questions=tuple(
            consultation_questions(
                request, [n for _, _, n in caveats], profile, asked=asked
            )
        ),
    )


def _caveat_order(caveat: tuple[float, str, str]) -> tuple[bool, float]:
    return caveat[2] == "text", caveat[0]


def _points_first(reason: tuple[float, str]) -> float:
    return reason[0]
