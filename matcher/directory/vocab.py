"""Canonical vocabularies and their aliases, kept as data in ``data/vocab``."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
VOCAB_DIR = DATA_DIR / "vocab"

_PARENTHESES = re.compile(r"\(([^)]*)\)")


def normalise(text: str) -> str:
    """Fold case, '&', spaces and punctuation so that label variants compare equal."""
    folded = unicodedata.normalize("NFKC", text).casefold().replace("&", " and ")
    return "".join(ch for ch in folded if ch.isalnum())


@dataclass(frozen=True)
class Entry:
    """One canonical value with its display label and plain-words description."""

    key: str
    label: str
    plain: str = ""
    aliases: tuple[str, ...] = ()


@dataclass
class Vocabulary:
    """A canonical key set with a lookup that accepts labels and aliases."""

    name: str
    description: str
    entries: dict[str, Entry]
    lookup_: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for entry in self.entries.values():
            for spelling in (entry.key, entry.label, *entry.aliases):
                self.lookup_.setdefault(normalise(spelling), entry.key)

    def canonical(self, value: str) -> str | None:
        """Return the key a value stands for, or None when it maps to no key.

        A value such as ``Obsessive-Compulsive (OCD)`` is tried whole, then by
        the text inside its parentheses, then by the text outside them.
        """
        found = self.lookup_.get(normalise(value))
        if found is not None:
            return found
        inside = _PARENTHESES.findall(value)
        outside = _PARENTHESES.sub(" ", value)
        for candidate in (*inside, outside):
            found = self.lookup_.get(normalise(candidate))
            if found is not None:
                return found
        return None

    def label(self, key: str) -> str:
        """Return the display label of a key, or the value itself when unknown."""
        entry = self.entries.get(key)
        return entry.label if entry else key

    def plain(self, key: str) -> str:
        """Return the plain-words description of a key (its label when none)."""
        entry = self.entries.get(key)
        return (entry.plain or entry.label) if entry else key

    @property
    def keys(self) -> list[str]:
        """The canonical keys in file order."""
        return list(self.entries)


def _read(path: Path) -> Vocabulary:
    raw = json.loads(path.read_text(encoding="utf-8"))
    entries = {
        item["key"]: Entry(
            key=item["key"],
            label=item.get("label", item["key"]),
            plain=item.get("plain", ""),
            aliases=tuple(item.get("aliases", ())),
        )
        for item in raw["entries"]
    }
    return Vocabulary(raw.get("name", path.stem), raw.get("description", ""), entries)


@cache
def vocabulary(name: str) -> Vocabulary:
    """Load one vocabulary by name (``specialties``, ``approaches``, ...)."""
    path = VOCAB_DIR / f"{name}.json"
    if not path.is_file():
        raise KeyError(f"no vocabulary named {name!r} in {VOCAB_DIR}")
    return _read(path)


US_STATES: dict[str, str] = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas",
    "CA": "California", "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware",
    "DC": "District of Columbia", "FL": "Florida", "GA": "Georgia", "HI": "Hawaii",
    "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "IA": "Iowa", "KS": "Kansas",
    "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland",
    "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota",
    "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska",
    "NV": "Nevada", "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico",
    "NY": "New York", "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio",
    "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania", "RI": "Rhode Island",
    "SC": "South Carolina", "SD": "South Dakota", "TN": "Tennessee",
    "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia",
    "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
    "AS": "American Samoa", "GU": "Guam", "MP": "Northern Mariana Islands",
    "PR": "Puerto Rico", "VI": "U.S. Virgin Islands",
}  # fmt: skip
