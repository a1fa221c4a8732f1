"""Words for the concerns factor: which concerns are listed, and how much focus.

They read the parts ``focus.py`` adds up: the profile's specialties and top
specialties, and how much its bio speaks of each concern (``bio_focus``, read
from the same table as the score). Every shortfall below a full match is
named in the caveat (the concerns not listed first and alone), so the words
never tell a different story from the points.
"""

from __future__ import annotations

from typing import Any

from . import words
from .focus import BREADTH_REF, MAX_TOP
from .request import vocabulary_of

SPEAKS = 0.6  # a bio part at or above this "speaks of" the concern
FULLY = 0.999  # a bio part at or above this leaves nothing to ask about


def _label(concern: str) -> str:
    return words.labels(vocabulary_of("concerns"), (concern,), "and")


def _values(profile: dict[str, Any], name: str) -> list[str]:
    value = profile.get(name)
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def main_specialties(profile: dict[str, Any]) -> list[str]:
    """Return the concerns that count fully: top specialties, or a short list."""
    top = _values(profile, "top_specialties")[:MAX_TOP]
    listed = list(dict.fromkeys(_values(profile, "specialties")))
    if top:
        return [c for c in top if c in listed]
    return listed if len(listed) <= BREADTH_REF else []


def bio_part(profile: dict[str, Any], concern: str) -> float:
    """Return how much the bio speaks of a concern (0..1), as the score read it."""
    return float((profile.get("bio_focus") or {}).get(concern, 0.0))


def _main_words(concern: str, main: list[str]) -> str:
    if len(main) == 1:
        return f"{_label(concern)} is their main specialty"
    return f"{_label(concern)} is one of their {len(main)} main specialties"


def focus_phrase(profile: dict[str, Any], concern: str) -> str | None:
    """Say how a profile treats one concern, or None when it shows nothing of it."""
    listed = list(dict.fromkeys(_values(profile, "specialties")))
    main, bio = main_specialties(profile), bio_part(profile, concern)
    if concern not in listed:
        if bio < SPEAKS:
            return None
        return f"Doesn't list {_label(concern)}, but their description speaks of it"
    if concern in main:
        head = _main_words(concern, main)
    else:
        head = f"Lists {_label(concern)} among {len(listed)} specialties"
    if bio >= SPEAKS:
        return f"{head}, and their description speaks of it"
    return head


def shortfall(profile: dict[str, Any], concern: str) -> str | None:
    """Name what keeps a listed concern below a full match, or None."""
    listed = list(dict.fromkeys(_values(profile, "specialties")))
    if concern not in listed:
        return None  # named with the concerns not listed
    label = _label(concern)
    if concern not in main_specialties(profile):
        if _values(profile, "top_specialties"):
            return f"{label} is not among their top specialties"
        return f"{label} is one of {len(listed)} specialties they list"
    bio = bio_part(profile, concern)
    if bio >= FULLY:
        return None
    if bio >= SPEAKS:
        return f"their description speaks of {label} only briefly"
    return f"their description says little about {label}"


def _sentence(parts: list[str]) -> str:
    """Join clauses with semicolons, capitalising only the first."""
    lowered = [p if p[1:2].isupper() else p[:1].lower() + p[1:] for p in parts[1:]]
    return "; ".join([words.capitalised(parts[0]), *lowered])


def concern_words(
    profile: dict[str, Any], wanted: tuple[str, ...], missing_caveat: str | None
) -> tuple[str | None, str | None]:
    """Return (detail or None, caveat or None) for the concerns a client named.

    ``missing_caveat`` names the concerns not listed: the plainest gap, the
    caveat when there is one. Otherwise the caveat names each listed concern's
    shortfall (a broad list, or a description that says little of it).
    """
    phrases = [p for c in wanted if (p := focus_phrase(profile, c))]
    short = [s for c in wanted if (s := shortfall(profile, c))]
    caveats = [missing_caveat] if missing_caveat else short
    detail = _sentence(phrases) if phrases else None
    return detail, _sentence(caveats) if caveats else None
