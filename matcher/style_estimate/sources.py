"""The two sources of a style estimate, loaded from data/style/ as arrays."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import CountVectorizer

from ..directory.vocab import DATA_DIR
from .text import NEGATED, NegationRules, PhraseFinder, phrase_key

STYLE_DIR: Path = DATA_DIR / "style"
DIMENSIONS: tuple[str, ...] = ("directiveness", "intensity", "orientation", "challenge")


def _read(name: str) -> dict[str, Any]:
    """Return one JSON file of data/style/."""
    return json.loads((STYLE_DIR / name).read_text(encoding="utf-8"))


@dataclass(frozen=True)
class ApproachPriors:
    """Each approach's lean on the four scales, weighted by its evidence.

    ``points[a, d]`` is approach a's pull on dimension d (strength x lean / 3);
    ``has_view[a, d]`` says whether the literature gives it a lean there at all
    (a lean of 0 is a view: it dilutes the others).
    """

    keys: tuple[str, ...]
    index: dict[str, int]
    points: np.ndarray
    has_view: np.ndarray
    strength: tuple[str, ...]

    @classmethod
    def load(cls, name: str = "approach_priors.json") -> ApproachPriors:
        """Read the priors file."""
        data = _read(name)
        weights, entries = data["strength_weights"], data["approaches"]
        keys = tuple(entries)
        leans = np.array(
            [
                [np.nan if e[d] is None else e[d] for d in DIMENSIONS]
                for e in entries.values()
            ],
            dtype=np.float64,
        )
        if np.nanmax(np.abs(leans)) > 3:
            raise ValueError(f"{name}: a lean lies outside -3..3")
        strength = np.array([weights[e["strength"]] for e in entries.values()])
        has_view = ~np.isnan(leans)
        points = np.where(has_view, leans, 0.0) * strength[:, None] / 3.0
        return cls(
            keys=keys,
            index={key: i for i, key in enumerate(keys)},
            points=points,
            has_view=has_view,
            strength=tuple(e["strength"] for e in entries.values()),
        )


@dataclass(frozen=True)
class CueModel:
    """Cue phrases counted by a fixed-vocabulary CountVectorizer.

    The vectoriser's analyser is a PhraseFinder (negation scopes marked, only
    n-grams that start a phrase tried); the vectoriser builds the sparse
    (texts x phrases) matrix.

    ``weights[p, d]`` is phrase p's points on dimension d; the vocabulary holds
    each phrase twice, as written and negated ("not_"-prefixed words).
    """

    phrases: tuple[str, ...]
    negated: np.ndarray
    weights: np.ndarray
    vectorizer: CountVectorizer
    inside: sp.csr_matrix
    evidence_words: tuple[str, ...]

    def count(self, texts: list[str]) -> sp.csr_matrix:
        """Return (texts x phrases) 0/1: the phrases each text uses.

        A phrase found inside a longer phrase the same text uses is not
        counted again ("explore" within "explore together").
        """
        found = self.vectorizer.transform(texts).tocsr()
        covered = (found @ self.inside).astype(bool)
        return (found - found.multiply(covered)).tocsr()

    @classmethod
    def load(cls, name: str = "cues.json") -> CueModel:
        """Read the cue file and build the vectoriser."""
        data = _read(name)
        rules = NegationRules.from_data(data["negation"])
        table: dict[str, np.ndarray] = {}
        written: dict[str, str] = {}  # key -> the phrase as the cue file writes it
        for cue in data["cues"]:
            _add_cue(table, cue, data["negated_factor"], rules)
            written.update({phrase_key(p): p for p in reversed(cue["phrases"])})
        phrases = tuple(table)
        vectorizer = CountVectorizer(
            analyzer=PhraseFinder.of(phrases, rules),
            vocabulary={phrase: i for i, phrase in enumerate(phrases)},
            binary=True,
            dtype=np.float64,
        )
        return cls(
            phrases=phrases,
            negated=np.array([p.startswith(NEGATED) for p in phrases]),
            weights=np.array([table[p] for p in phrases]),
            vectorizer=vectorizer,
            inside=_inside(phrases),
            evidence_words=_evidence_words(phrases, written),
        )


def _add_cue(
    table: dict[str, np.ndarray],
    cue: dict[str, Any],
    negated_factor: float,
    rules: NegationRules,
) -> None:
    """Add a cue's phrases, as written and negated, to the phrase table."""
    dim = DIMENSIONS.index(cue["dimension"])
    plain_weight = cue["weight"]
    negated_weight = cue.get("negated_weight", plain_weight * negated_factor)
    for phrase in cue["phrases"]:
        key = phrase_key(phrase)
        words = key.split()
        if not words or any(w in rules.words or w in rules.scope_ends for w in words):
            raise ValueError(f"cue phrase {phrase!r} is empty or holds a negation")
        negated = " ".join(NEGATED + w for w in words)
        for form, weight in ((key, plain_weight), (negated, negated_weight)):
            row = table.setdefault(form, np.zeros(len(DIMENSIONS)))
            row[dim] += weight


def _inside(phrases: tuple[str, ...]) -> sp.csr_matrix:
    """Return (phrases x phrases) with [p, q] = 1 when q lies inside longer p."""
    index = {phrase: i for i, phrase in enumerate(phrases)}
    rows, cols = [], []
    for p, phrase in enumerate(phrases):
        words = phrase.split()
        for size in range(1, len(words)):
            for start in range(len(words) - size + 1):
                q = index.get(" ".join(words[start : start + size]))
                if q is not None:
                    rows.append(p)
                    cols.append(q)
    shape = (len(phrases), len(phrases))
    return sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=shape)


def _evidence_words(
    phrases: tuple[str, ...], written: dict[str, str]
) -> tuple[str, ...]:
    """Return 'Their description says "x"' or 'rules out "x"' per phrase.

    The phrase is quoted as the cue file writes it ("I'm direct",
    "goal-oriented"), not as its folded key ("im direct", "goal oriented").
    """

    def quoted(key: str) -> str:
        return written.get(key, key)

    return tuple(
        f'Their description rules out "{quoted(p.replace(NEGATED, ""))}"'
        if p.startswith(NEGATED)
        else f'Their description says "{quoted(p)}"'
        for p in phrases
    )


@cache
def approach_priors() -> ApproachPriors:
    """Return the approach priors (read once)."""
    return ApproachPriors.load()


@cache
def cue_model() -> CueModel:
    """Return the cue model (read once)."""
    return CueModel.load()
