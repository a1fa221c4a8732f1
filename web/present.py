"""Plain words for the templates: labels, fit, style, cost and who was left out."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from matcher.directory.vocab import US_STATES, vocabulary
from matcher.engine.factors import FACTOR_LABELS
from matcher.engine.scoring import FILTERS

from .convert import error_summary
from .forms import COMMON_CONCERNS, COMMON_LANGUAGES, STYLE_SCALES

FIT_WORDS = ((80, "Strong fit"), (60, "Good fit"), (40, "Some fit"), (0, "Weak fit"))
FACTOR_WORDS = FACTOR_LABELS
EXCLUDED_WORDS = {hard.name: hard.excluded for hard in FILTERS}
# How a therapist's style reads at each end of a C-NIP scale.
STYLE_PROFILE_WORDS = {
    "directiveness": (
        "follows your lead and works things out with you",
        "leads, with structure, advice and things to practise",
    ),
    "intensity": ("keeps sessions calm and steady", "goes deep into strong feelings"),
    "orientation": (
        "focuses on now and what comes next",
        "explores your past and how it shaped you",
    ),
    "challenge": (
        "offers warm support and encouragement",
        "offers straight talk that challenges you",
    ),
}
DEGREES = {1: "Somewhat", 2: "Mostly", 3: "Strongly"}
# Short captions under a scale's points: whole words that fit a phone's column.
POINT_WORDS = {0: "Both", 1: "A little", 2: "Mostly", 3: "Very much"}


def label(vocab: str, key: str) -> str:
    """Return the display label of one vocabulary key."""
    return vocabulary(vocab).label(key)


def plain(vocab: str, key: str) -> str:
    """Return the plain-words description of one vocabulary key."""
    return vocabulary(vocab).plain(key)


def labels(vocab: str, keys: Iterable[str] | None) -> str:
    """Join the labels of several keys with commas."""
    return ", ".join(label(vocab, key) for key in keys or ())


def fit_words(score: float) -> str:
    """Say in two words how well a score fits."""
    return next(words for floor, words in FIT_WORDS if score >= floor)


def fit_class(score: float) -> str:
    """Return a CSS class name for the fit badge."""
    return fit_words(score).split()[0].lower()


def factor_words(name: str) -> str:
    """Name a scoring factor in plain words."""
    return FACTOR_WORDS.get(name, name.replace("_", " ").capitalize())


def excluded_words(name: str) -> str:
    """Say why a hard filter left therapists out."""
    return EXCLUDED_WORDS.get(name, f"Not meeting your {name.replace('_', ' ')} need")


def style_words(dimension: str, value: Any) -> str | None:
    """Describe a therapist's place on a style scale, or None when not given."""
    if value is None or value != value:
        return None
    value = int(value)
    low, high = STYLE_PROFILE_WORDS[dimension]
    if value == 0:
        return f"Balanced: sometimes {low}, sometimes {high}"
    return f"{DEGREES[abs(value)]} {high if value > 0 else low}"


def style_profile(profile: dict[str, Any]) -> list[str]:
    """Describe every style scale a profile gives a value for."""
    found = (style_words(d, profile.get(f"style_{d}")) for d in STYLE_PROFILE_WORDS)
    return [words for words in found if words]


def point_words(dimension: str, point: str) -> str:
    """Describe one point of a style scale for screen readers."""
    value = int(point)
    _, left, right = STYLE_SCALES[dimension]
    if value == 0:
        return "Both equally: a balance of the two ends"
    return f"{POINT_WORDS[abs(value)]}: {right if value > 0 else left}"


def short_point(point: str) -> str:
    """Return the short visible caption under one point of a scale."""
    return POINT_WORDS[abs(int(point))]


def money(amount: Any) -> str:
    """Format a fee in dollars."""
    return f"${amount:,.0f}"


def state_name(code: str | None) -> str:
    """Return a state's name from its code."""
    return US_STATES.get(code or "", code or "")


def state_names(codes: Iterable[str] | None) -> str:
    """Join the names of several states."""
    return ", ".join(state_name(code) for code in codes or ())


def percent(share: float) -> str:
    """Show a 0..1 share as a whole percentage."""
    return f"{share:.0%}"


def meeting_words(profile: dict[str, Any]) -> str:
    """Say how a therapist meets clients: in person (where) and/or by telehealth."""
    ways = []
    if profile.get("in_person"):
        place = ", ".join(p for p in (profile.get("city"), profile.get("state")) if p)
        ways.append(f"In person ({place})" if place else "In person")
    if profile.get("telehealth"):
        ways.append("telehealth" if ways else "Telehealth")
    return " and ".join(ways) or "Not listed"


def vocab_keys(name: str) -> list[str]:
    """Return the keys of a vocabulary in file order."""
    return vocabulary(name).keys


def safe_website(url: str | None) -> str | None:
    """Return a website only when it is a plain http(s) address."""
    if url and url.strip().lower().startswith(("http://", "https://")):
        return url.strip()
    return None


def shared_caveats(matches: Sequence[Any]) -> list[str]:
    """Return the caveats every match shares, to say once above the cards.

    Only for two matches or more: a single card's caveats are its own. The API
    keeps every caveat on every match, as the contract promises.
    """
    if len(matches) < 2:
        return []
    first, *rest = matches
    return [c for c in first.caveats if all(c in m.caveats for m in rest)]


HELPERS = {
    name: globals()[name]
    for name in (
        "label", "plain", "labels", "fit_words", "fit_class", "factor_words",
        "excluded_words", "style_words", "point_words", "short_point", "money",
        "state_name", "meeting_words", "safe_website", "vocab_keys",
        "style_profile", "state_names", "percent", "shared_caveats",
    )
}  # fmt: skip
HELPERS |= {
    "style_scales": STYLE_SCALES,
    "error_summary": error_summary,
    "common_concerns": COMMON_CONCERNS,
    "common_languages": COMMON_LANGUAGES,
}
