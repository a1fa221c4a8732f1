"""Map a raw directory label onto vocabulary keys, saying which stage did it.

The stages run in order and the first that maps the whole label wins:

1. ``exact``: an alias after folding case, spaces and punctuation (as the
   vocabulary always did);
2. ``normalised``: the label's meaningful words, without "therapy", "TX",
   training levels ("L1 & L2", "Level 2", "certified"), a trainer's name after
   a colon or dash, parenthesised asides, or British spellings; a known
   acronym; for populations, an age range such as "(14 to 19)" when the words
   say nothing known;
3. ``split``: a multi-value cell ("CBT, DBT", "Anxiety/Depression"), only when
   every part maps;
4. ``fuzzy``: a typo a few edits away from exactly one key's spelling, and
   clearly further from every other key.

Before all of them, an alias an admin taught (stored in the database and put
in force here with ``teach``) maps the whole label, after folding case, spaces
and punctuation, as stage ``admin``: to its key, or to nothing for a value an
admin marked as not a label at all. The split stage asks the taught aliases
first for each part too: with an alias for "Kupuna", "Teens / Adolescents;
Kupuna" maps, its alias's key made by stage ``admin``; a part taught as no
label is left out of the cell's keys.

A label no stage maps gets up to three suggested keys with scores instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache

from ..directory.vocab import normalise
from .ages import age_range, bands_for
from .forms import loose
from .fuzzy import fuzzy_key, suggest
from .tables import Tables, tables

__all__ = [
    "ADMIN_STAGE",
    "MAPPED_FIELDS",
    "STAGES",
    "LabelMapping",
    "map_label",
    "split_parts",
    "teach",
]

STAGES = ("exact", "normalised", "split", "fuzzy")
ADMIN_STAGE = "admin"  # an alias an admin taught, consulted before every stage
# The list fields whose labels the import maps this way (insurance payers and
# availability keep their exact aliases: a payer one letter off is another payer).
MAPPED_FIELDS = frozenset(
    "specialties approaches populations session_formats languages credentials "
    "ethnicity faith identities".split()
)
_PARENTHESES = re.compile(r"\(([^)]*)\)")
_TRAINER = re.compile(r"\s*(?::|\s[-–—]\s)(.*)$")
_SEPARATORS = re.compile(r"\s*(?:,|/|&|\+|\||;|:|\s[-–—]\s|\band\b)\s*", re.I)


@dataclass(frozen=True)
class LabelMapping:
    """What one raw label maps to: keys, each with its stage, or suggestions."""

    vocab: str
    raw: str
    keys: tuple[str, ...] = ()
    stages: tuple[str, ...] = ()  # the stage that made each key
    taught: bool = False  # an admin's alias decided it (keys () means "none")

    @property
    def stage(self) -> str | None:
        """The latest stage that made any of the keys (None when unmapped).

        ``admin`` when an admin's alias decided the whole label, or every key.
        """
        made = [stage for stage in self.stages if stage in STAGES]
        if self.taught or (self.stages and not made):
            return ADMIN_STAGE
        return max(made, key=STAGES.index) if made else None

    @cached_property
    def suggestions(self) -> tuple[tuple[str, float], ...]:
        """Up to three (key, score 0-100) for a label no stage mapped, else ().

        Worked out when first asked (the import report asks), not while mapping.
        """
        if self.keys or self.taught or not normalise(self.raw):
            return ()
        return suggest(tables(self.vocab), self.raw)


# Admins' aliases in force: vocabulary -> folded label -> key (None: no key).
_TAUGHT: dict[str, dict[str, str | None]] = {}


def teach(aliases: Iterable[tuple[str, str, str | None]]) -> None:
    """Put in force exactly these admin aliases: (vocabulary, label, key or None).

    The import and profile edits call it with the database's stored aliases
    before mapping, so every process maps with what the database holds.
    """
    fresh: dict[str, dict[str, str | None]] = {}
    for vocab_name, raw, key in aliases:
        fresh.setdefault(vocab_name, {})[normalise(raw)] = key
    if fresh != _TAUGHT:
        _TAUGHT.clear()
        _TAUGHT.update(fresh)
        map_label.cache_clear()


def _taught(vocab_name: str, raw: str) -> LabelMapping | None:
    """Return the mapping an admin's alias in force gives a label, or None."""
    found = _TAUGHT.get(vocab_name, {})
    folded = normalise(raw)
    if folded not in found:
        return None
    key = found[folded]
    keys = (key,) if key is not None else ()
    stages = (ADMIN_STAGE,) * len(keys)
    return LabelMapping(vocab_name, raw, keys, stages, taught=True)


# Directories repeat their labels across thousands of profiles: map each once
# (``teach`` empties this cache when the aliases in force change).
@lru_cache(maxsize=65_536)
def map_label(vocab_name: str, raw: str) -> LabelMapping:
    """Map one raw label of a list field onto zero, one or several keys."""
    admin = _taught(vocab_name, raw)
    if admin is not None:
        return admin
    table = tables(vocab_name)
    if not normalise(raw):
        return LabelMapping(vocab_name, raw)
    made = (
        _as_made(_single(table, raw, fuzzy=False))
        or _split(table, raw, vocab_name)
        or _ages(vocab_name, raw)
        or _as_made(_fuzzy(table, raw))
    )
    return LabelMapping(vocab_name, raw, tuple(made), tuple(made.values()))


def _as_made(single: tuple[str, str] | None) -> dict[str, str]:
    return {single[0]: single[1]} if single else {}


def _single(table: Tables, raw: str, fuzzy: bool = True) -> tuple[str, str] | None:
    """Map a label as one value: exact, then normalised, then (maybe) fuzzy."""
    key = table.vocab.canonical(raw)
    if key is not None:
        return key, "exact"
    key = _normalised(table, raw)
    if key is not None:
        return key, "normalised"
    return _fuzzy(table, raw) if fuzzy else None


def _fuzzy(table: Tables, raw: str) -> tuple[str, str] | None:
    base = _PARENTHESES.sub(" ", _TRAINER.sub("", raw))
    key = fuzzy_key(table, loose(base), normalise(base))
    return (key, "fuzzy") if key is not None else None


def _normalised(table: Tables, raw: str) -> str | None:
    """Look the label's loose forms up; forms that disagree map to nothing."""
    whole = _form(table, raw)
    if whole is not None:
        return whole
    trainer = _TRAINER.search(raw)
    if trainer and _form(table, trainer.group(1)):
        return None  # "Depression - Anxiety" names two values: the split stage's
    base = _TRAINER.sub("", raw).strip()
    forms = [_PARENTHESES.sub(" ", base), *_PARENTHESES.findall(base)]
    found = {_form(table, text) for text in forms} - {None}
    return found.pop() if len(found) == 1 else None


def _form(table: Tables, text: str) -> str | None:
    """Look one piece of text up by its loose form, or as an acronym."""
    key = table.loose.get(loose(text))
    if key is None and text.strip().isupper():
        key = table.acronyms.get(text.strip().casefold())
    return key


# The stage a part's key is reported with; a key two parts make keeps the
# later of their stages in _PART_RANKS (the one an admin most needs to check).
_PART_STAGES = {"fuzzy": "fuzzy", ADMIN_STAGE: ADMIN_STAGE}
_PART_RANKS = ("split", ADMIN_STAGE, "fuzzy")


def split_parts(raw: str) -> list[str]:
    """Return the parts of a multi-value cell ([] when it has fewer than two)."""
    parts = [p for p in _SEPARATORS.split(_PARENTHESES.sub(" ", raw)) if p.strip()]
    return parts if len(parts) >= 2 else []


def _split(table: Tables, raw: str, vocab_name: str) -> dict[str, str]:
    """Map every part of a multi-value cell, or nothing if any part fails.

    A part an admin taught maps by that alias; one taught as no label adds no key.
    """
    made: dict[str, str] = {}
    for part in split_parts(raw):
        admin = _taught(vocab_name, part)
        single = _single(table, part) if admin is None else _admin_part(admin)
        if single is None:
            return {}
        key, stage = single[0], _PART_STAGES.get(single[1], "split")
        if _PART_RANKS.index(stage) > _PART_RANKS.index(made.get(key, "split")):
            made[key] = stage
        else:
            made.setdefault(key, stage)
    made.pop("", None)
    return made


def _admin_part(admin: LabelMapping) -> tuple[str, str]:
    """A taught part as (key, stage); ("", stage) for a part that is no label."""
    return (admin.keys[0] if admin.keys else ""), ADMIN_STAGE


def _ages(vocab_name: str, raw: str) -> dict[str, str]:
    """Map a population label by the age range it names, if any."""
    if vocab_name != "populations":
        return {}
    found = age_range(raw)
    return dict.fromkeys(bands_for(*found), "normalised") if found else {}
