"""The outcome measures the import knows, read from data/outcomes/measures.json."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..directory.vocab import DATA_DIR, normalise

MEASURES_FILE = DATA_DIR / "outcomes" / "measures.json"


@dataclass(frozen=True)
class Measure:
    """One known instrument: its score range, the domains it tracks, its source."""

    key: str
    low: float
    high: float
    domains: tuple[str, ...]
    source: str

    @property
    def span(self) -> float:
        """Return the width of the score range."""
        return self.high - self.low


@cache
def known_measures(path: Path = MEASURES_FILE) -> dict[str, Measure]:
    """Return the known measures keyed by every normalised spelling of their name."""
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    found: dict[str, Measure] = {}
    for item in raw["measures"]:
        measure = Measure(
            item["key"],
            item["min"],
            item["max"],
            tuple(item["domains"]),
            item["source"],
        )
        for spelling in (item["key"], *item.get("aliases", ())):
            found[normalise(spelling)] = measure
    return found


def find_measure(name: str) -> Measure | None:
    """Return the known measure a name stands for (any case or dash), or None."""
    return known_measures().get(normalise(name))
