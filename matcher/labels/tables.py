"""Per-vocabulary lookup tables for the mapper's stages, built once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..directory.vocab import Vocabulary, normalise, vocabulary
from .forms import acronym, fold, loose

_PARENTHESES = re.compile(r"\(([^)]*)\)")


@dataclass(frozen=True)
class Tables:
    """What the stages look a label up in, for one vocabulary."""

    vocab: Vocabulary
    loose: dict[str, str]  # loose form -> key, only forms that name one key
    acronyms: dict[str, str]  # derived initials -> key, only unambiguous ones
    spellings: tuple[tuple[str, str], ...]  # (loose or folded form, key): fuzzy stage
    readable: tuple[tuple[str, str], ...]  # (folded spelling, key) for suggestions


def _unambiguous(pairs: list[tuple[str, str]]) -> dict[str, str]:
    found: dict[str, set[str]] = {}
    for form, key in pairs:
        if form:
            found.setdefault(form, set()).add(key)
    return {form: keys.pop() for form, keys in found.items() if len(keys) == 1}


def _spellings(vocab: Vocabulary) -> list[tuple[str, str]]:
    """Every spelling of every key, and "Name (ACRONYM)" also as its two halves."""
    pairs = []
    for entry in vocab.entries.values():
        for spelling in (entry.key.replace("_", " "), entry.label, *entry.aliases):
            halves = [_PARENTHESES.sub(" ", spelling), *_PARENTHESES.findall(spelling)]
            pairs += [(s, entry.key) for s in dict.fromkeys([spelling, *halves])]
    return pairs


@cache
def tables(name: str) -> Tables:
    """Build (once) the lookup tables of the vocabulary called ``name``."""
    vocab = vocabulary(name)
    spellings = _spellings(vocab)
    loose_pairs = [(loose(s), k) for s, k in spellings]
    taken = {form for form, _ in loose_pairs} | set(vocab.lookup_)
    acronyms = _unambiguous([(acronym(s), k) for s, k in spellings])
    return Tables(
        vocab=vocab,
        loose=_unambiguous(loose_pairs),
        acronyms={a: k for a, k in acronyms.items() if a not in taken},
        spellings=tuple(
            sorted({(f, k) for f, k in loose_pairs if f} | fuzzy_folded(spellings))
        ),
        readable=tuple(sorted({(fold(s), k) for s, k in spellings})),
    )


def fuzzy_folded(spellings: list[tuple[str, str]]) -> set[tuple[str, str]]:
    """Spellings folded but with every word kept, so a typo in "therapy" counts."""
    return {(normalise(s), k) for s, k in spellings if normalise(s)}
