"""The fuzzy stage (typos) and the suggestions for labels nothing mapped."""

from __future__ import annotations

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from .forms import fold, loose
from .tables import Tables

MIN_LENGTH = 8  # shorter words are too often other real words one edit away
MARGIN = 2  # the runner-up key must need this many more edits
SUGGESTIONS = 3
SUGGESTION_FLOOR = 70.0


def allowed_edits(length: int) -> int:
    """Return how many edits a loose form of this length may be from a spelling."""
    if length < MIN_LENGTH:
        return 0
    return 1 if length < 14 else 2 if length < 20 else 3


def fuzzy_key(table: Tables, *forms: str) -> str | None:
    """Return the one key whose spelling is within a few edits of ``forms``.

    Each form may be off by ``allowed_edits`` of its length, and the runner-up
    key must be at least ``MARGIN`` edits further away; forms that name
    different keys name none.
    """
    found = {_closest(table, form) for form in forms} - {None}
    return found.pop() if len(found) == 1 else None


def _closest(table: Tables, form: str) -> str | None:
    allowed = allowed_edits(len(form))
    if not allowed:
        return None
    best: dict[str, int] = {}
    for spelling, key in table.spellings:
        edits = OSA.distance(form, spelling, score_cutoff=allowed + MARGIN)
        best[key] = min(best.get(key, edits), edits)
    ranked = sorted(best.items(), key=lambda item: item[1])
    if not ranked or ranked[0][1] > allowed:
        return None
    if len(ranked) > 1 and ranked[1][1] < ranked[0][1] + MARGIN:
        return None
    return ranked[0][0]


def suggest(table: Tables, raw: str) -> tuple[tuple[str, float], ...]:
    """Return up to three (key, score 0-100) a person might mean by ``raw``.

    The score is the best plain edit similarity between the label and any
    spelling of the key, by whole text or by meaningful words.
    """
    best: dict[str, float] = {}
    for form, choices in ((fold(raw), table.readable), (loose(raw), table.spellings)):
        spellings = [spelling for spelling, _ in choices]
        found = process.extract(
            form, spellings, scorer=fuzz.ratio, limit=20, score_cutoff=SUGGESTION_FLOOR
        )
        for _, score, index in found:
            key = choices[index][1]
            best[key] = max(best.get(key, 0.0), round(score, 1))
    ranked = sorted(best.items(), key=lambda item: (-item[1], item[0]))
    return tuple(ranked[:SUGGESTIONS])
