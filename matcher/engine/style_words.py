"""Words for the style factor, stated or estimated (CONTRACT §5.4).

A dimension the profile states reads as before. One it leaves empty but that
the style estimator could read from its approaches and bio reads "Seems to …
(estimated from …)", and its caveat names what to check in the free
consultation. One with nothing to go on stays "Doesn't describe their style".
"""

from __future__ import annotations

import re

import numpy as np

from ..style_estimate import StyleEstimate, approach_name, profile_estimates
from ..style_estimate.estimate import BALANCED
from .explain import FULL, STRONG, STYLE_WORDS
from .kept_profile import derived
from .questions import Profile
from .request import Request
from .words import join

ACRONYM = re.compile(r"^.+ \((?P<short>[^)]+)\)$")

FAR = 2  # points apart on a -3..+3 scale that earn a caveat
MIDDLE = BALANCED  # an estimate closer to 0 reads as a balance of both ends
WEAK = 1.5  # one closer to 0 than this reads as a slight lean
MAX_SOURCES = 3  # approaches named in "estimated from …"
# The leans, by dimension: (client-led side, middle, therapist-directed side),
# with who the therapist works with left open: the client reading the card
# ("Seems to …") or clients in general, as the client asks ("Would you say you …?").
LEANS = {
    "directiveness": (
        "let {you} lead at {your} own pace",
        "balance structure with following {whose} lead",
        "work in a structured, therapist-directed way",
    ),
    "intensity": (
        "keep sessions emotionally calm",
        "balance feeling and reflecting",
        "work closely with strong emotions",
    ),
    "orientation": (
        "focus on the present and the future",
        "balance the past with the present",
        "focus on the past and how it shapes {people}",
    ),
    "challenge": (
        "offer warm, gentle support more than challenge",
        "balance support with challenge",
        "challenge {you} directly",
    ),
}


def _leans(**who: str) -> dict[str, tuple[str, ...]]:
    """Fill in who the leans speak of: the client, or clients in general."""
    return {dim: tuple(t.format(**who) for t in ends) for dim, ends in LEANS.items()}


SEEMS = _leans(you="you", your="your", whose="your", people="you")
ASK = _leans(you="clients", your="their", whose="the client's", people="people")
# What to check in the consultation when a dimension is estimated.
CHECKS = {
    "directiveness": "how structured sessions are and who leads",
    "intensity": "how much sessions go into strong feelings",
    "orientation": "how much time goes to the past",
    "challenge": "how much they would challenge you",
}
UNSTATED = "Doesn't describe their style; ask how sessions are structured"
# The style factor's detail, by how close the match is (the first band it
# reaches): plain words, since the page shows the percentage beside them.
CLOSENESS = (
    (FULL, "Style just as you described"),
    (STRONG, "Style close to what you described"),
    (0.5, "Style partly like what you described"),
    (0.0, "Style different from what you described"),
)


def side(value: float) -> int:
    """Return 0 (client-led side), 1 (middle) or 2 (therapist-directed side)."""
    return 1 if abs(value) < MIDDLE else (2 if value > 0 else 0)


def _given(profile: Profile, dim: str) -> float | None:
    value = profile.get(f"style_{dim}")
    return None if value is None or value != value or value == "" else float(value)


def _approach_words(key: str) -> str:
    """Name an approach as a list reads: 'CBT', 'psychodynamic therapy'."""
    found = ACRONYM.match(approach_name(key))
    return found["short"] if found else approach_name(key)


def sources(estimates: list[StyleEstimate]) -> str:
    """Say what estimates were read from: 'CBT, DBT and their description'."""
    keys = dict.fromkeys(k for e in estimates for k in e.approaches)
    named = [_approach_words(k) for k in list(keys)[:MAX_SOURCES]]
    if len(keys) > MAX_SOURCES:
        named.append("other approaches")
    if any(e.described for e in estimates) or not named:
        named.append("their description")
    return join(named)


def _estimated(profile: Profile, request: Request) -> dict[str, StyleEstimate]:
    """Return the estimates of the asked dimensions the profile leaves empty.

    Kept with a kept profile by the dimensions asked (at most 15 sets of 4).
    Do not change the returned dict.
    """
    asked = tuple(request.style)
    return derived(profile, ("estimated", asked), lambda: _estimates(profile, asked))


def _estimates(profile: Profile, asked: tuple[str, ...]) -> dict[str, StyleEstimate]:
    found = profile_estimates(profile)
    return {d: found[d] for d in asked if _given(profile, d) is None and d in found}


def lean_words(dim: str, value: float) -> str:
    """Say where an estimate leans: 'to work in …', 'a little inclined to …'."""
    slight = "a little inclined " if MIDDLE <= abs(value) < WEAK else ""
    return f"{slight}to {SEEMS[dim][side(value)]}"


def seems(estimated: dict[str, StyleEstimate]) -> str:
    """Return 'Seems to … (estimated from …)' for estimated dimensions."""
    leans = join([lean_words(d, e.value) for d, e in estimated.items()])
    return f"Seems {leans} (estimated from {sources(list(estimated.values()))})"


def _far(dim: str, wanted: int, estimate: float) -> str:
    """Word an estimate far from the wanted point without contradicting its lean.

    One on the client's side but short of it reads "less" of that side (a
    "Seems to let you lead" is not "more directive" than a -3); any other
    reads "more" of the side it lies toward.
    """
    if wanted and np.sign(estimate) == np.sign(wanted) and abs(estimate) < abs(wanted):
        return f"Seems less {STYLE_WORDS[dim][wanted > 0]} than you said you prefer"
    return f"Seems more {STYLE_WORDS[dim][estimate > wanted]} than you said you prefer"


def _checks(dims: list[str]) -> str:
    """Join what to ask about: 'how structured …, and how much time …'."""
    found = [CHECKS[d] for d in dims]
    return ", and ".join(found) if len(found) > 1 else found[0]


def _caveats(
    profile: Profile, request: Request, estimated: dict[str, StyleEstimate]
) -> list[str]:
    caveats, unknown = [], []
    for dim, wanted in request.style.items():
        given = _given(profile, dim)
        if given is not None and abs(given - wanted) >= FAR:
            lean = STYLE_WORDS[dim][given > wanted]
            caveats.append(f"More {lean} than you said you prefer")
        elif dim in estimated and abs(estimated[dim].value - wanted) >= FAR:
            caveats.append(_far(dim, wanted, estimated[dim].value))
        elif given is None and dim not in estimated:
            unknown.append(dim)
    if estimated:
        partly = "partly " if len(estimated) < len(request.style) else ""
        checks = _checks([*estimated, *unknown])
        caveats.append(f"Their style is {partly}estimated, not stated: ask {checks}")
    elif unknown:
        caveats.append(UNSTATED)
    return caveats


def style_words(
    profile: Profile, request: Request, match: float
) -> tuple[str, str | None, str | None]:
    """Return the style factor's (detail, reason, caveat) for one match."""
    estimated = _estimated(profile, request)
    caveats = _caveats(profile, request, estimated)
    unknown = any(
        _given(profile, d) is None and d not in estimated for d in request.style
    )
    detail = _closeness(match, estimated, profile, request)
    if estimated:
        detail += f". {seems(estimated)}"
    reason = None
    if match >= STRONG and not unknown:
        reason = _reason(request, estimated)
    caveat = "; ".join([caveats[0], *map(_lowered, caveats[1:])]) if caveats else None
    if match < FULL and not caveat:
        caveat = "Their style is a little different from what you described"
    return detail, reason, caveat


def _closeness(
    match: float,
    estimated: dict[str, StyleEstimate],
    profile: Profile,
    request: Request,
) -> str:
    """Say how close the style is in words; a style with nothing to go on says so."""
    if not estimated and all(_given(profile, d) is None for d in request.style):
        return "Doesn't describe their style"
    return next(words for least, words in CLOSENESS if match >= least)


def _reason(request: Request, estimated: dict[str, StyleEstimate]) -> str:
    close = [
        STYLE_WORDS[d][w > 0]
        for d, w in request.style.items()
        if w and d not in estimated
    ]
    if estimated and len(estimated) == len(request.style):
        read = sources(list(estimated.values()))
        close_to = "Seems to work in a style close to what you described"
        return f"{close_to} (estimated from {read})"
    reason = "Works in a style close to what you described" + (
        f" ({', '.join(close)})" if close else ""
    )
    return f"{reason}; {_lowered(seems(estimated))}" if estimated else reason


def _lowered(text: str) -> str:
    return text[:1].lower() + text[1:]


def style_question(profile: Profile, request: Request) -> str:
    """Return the consultation question for a style not fully met."""
    asked = tuple(request.style)  # all it reads of the request: kept by it
    return derived(
        profile, ("style_question", asked), lambda: _question(profile, request)
    )


def _question(profile: Profile, request: Request) -> str:
    estimated = _estimated(profile, request)
    if not estimated:
        return "How would we decide together what to work on first?"
    dim, estimate = next(iter(estimated.items()))
    read = list(estimated.values())
    approaches = any(e.approaches for e in read)
    described = any(e.described for e in read) or not approaches
    suggests = {
        (True, True): "your approaches and description suggest",
        (True, False): "your approaches suggest",
        (False, True): "your description suggests",
    }[(approaches, described)]
    return f"Would you say you {ASK[dim][side(estimate.value)]}, as {suggests}?"
