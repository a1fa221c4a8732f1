"""Approaches with good research evidence for each concern (data/evidence.json)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache

from ..directory.vocab import DATA_DIR

STRENGTH_CREDIT = {"strong": 1.0, "moderate": 0.5}


@dataclass(frozen=True)
class EvidenceSource:
    """One guideline: approaches it recommends for a concern, and its source."""

    concern: str
    approaches: tuple[str, ...]
    strength: str
    source: str
    url: str = ""
    note: str = ""


@cache
def evidence_sources() -> tuple[EvidenceSource, ...]:
    """Load every entry of the evidence map."""
    raw = json.loads((DATA_DIR / "evidence.json").read_text(encoding="utf-8"))
    return tuple(
        EvidenceSource(
            concern=e["concern"],
            approaches=tuple(e["approaches"]),
            strength=e["strength"],
            source=e["source"],
            url=e.get("url", ""),
            note=e.get("note", ""),
        )
        for e in raw["entries"]
    )


@cache
def evidence_credit() -> dict[str, dict[str, float]]:
    """Map concern -> approach -> credit (1 strong, 0.5 moderate; best source wins)."""
    credit: dict[str, dict[str, float]] = {}
    for entry in evidence_sources():
        per_approach = credit.setdefault(entry.concern, {})
        for approach in entry.approaches:
            value = STRENGTH_CREDIT[entry.strength]
            per_approach[approach] = max(per_approach.get(approach, 0.0), value)
    return credit


def sources_for(concern: str, approach: str) -> list[EvidenceSource]:
    """Return the sources that recommend an approach for a concern."""
    return [
        e
        for e in evidence_sources()
        if e.concern == concern and approach in e.approaches
    ]
