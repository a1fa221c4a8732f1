"""Age ranges in population labels: "(14 to 19)", "65+", "ages 0-5"."""

from __future__ import annotations

import re

# Non-overlapping bands, so a range belongs where most of it lies.
BANDS: tuple[tuple[str, int, int], ...] = (
    ("children", 0, 10),
    ("adolescents", 11, 17),
    ("adults", 18, 64),
    ("older_adults", 65, 120),
)
MIN_OVERLAP = 3  # years of a range inside a band before the band counts
_BETWEEN = re.compile(r"(\d{1,3})\s*(?:to|-|–|—|through|thru)\s*(\d{1,3})")
_AND_OVER = re.compile(r"(\d{1,3})\s*(?:\+|plus|and (?:over|older|up)|or older)")


def age_range(text: str) -> tuple[int, int] | None:
    """Return the age range a label names, or None when it names none."""
    lowered = text.casefold()
    between = _BETWEEN.search(lowered)
    if between:
        low, high = int(between.group(1)), int(between.group(2))
        return (low, high) if low <= high <= 120 else None
    over = _AND_OVER.search(lowered)
    if over and int(over.group(1)) <= 120:
        return int(over.group(1)), 120
    return None


def bands_for(low: int, high: int) -> list[str]:
    """Return the population keys a range spans by at least MIN_OVERLAP years."""
    keys = []
    for key, start, end in BANDS:
        overlap = min(high, end) - max(low, start) + 1
        if overlap >= min(MIN_OVERLAP, end - start + 1, high - low + 1):
            keys.append(key)
    return keys
