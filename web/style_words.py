"""Estimated style in plain words for the therapist page and the admin edit page."""

from __future__ import annotations

from typing import Any

from matcher.engine.style_words import lean_words
from matcher.style_estimate import as_stated, profile_estimates

# How sure an estimate is, in words: (lowest confidence, words).
CONFIDENCE_WORDS = ((0.75, "strong signs"), (0.5, "some signs"), (0.0, "faint signs"))
SCALE_NAMES = {
    "directiveness": "Structure and who leads",
    "intensity": "Emotional intensity",
    "orientation": "Past or present",
    "challenge": "Support or challenge",
}


def confidence_words(confidence: float) -> str:
    """Say how much there was to go on: 'strong signs', 'some signs', 'faint signs'."""
    return next(words for floor, words in CONFIDENCE_WORDS if confidence >= floor)


def estimated_style(profile: dict[str, Any]) -> list[dict[str, Any]]:
    """Describe each style scale a profile leaves empty but that can be estimated."""
    return [
        {
            "dimension": dim,
            "scale": SCALE_NAMES[dim],
            "words": f"Seems {lean_words(dim, found.value)}",
            "value": found.value,
            "stated_value": as_stated(found.value),
            "confidence": found.confidence,
            "confidence_words": confidence_words(found.confidence),
            "evidence": found.evidence,
        }
        for dim, found in profile_estimates(profile).items()
    ]
