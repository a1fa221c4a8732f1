"""Combine approach priors and cue phrases into one estimate per style dimension."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

import numpy as np
import scipy.sparse as sp

from ..directory.vocab import vocabulary
from .sources import DIMENSIONS, ApproachPriors, CueModel, approach_priors, cue_model

# Points an approach-only profile gets for its mean prior: a strong +3 prior
# gives 1.5 points, as much as a clear phrase and a half in the bio.
PRIOR_SCALE = 1.5
# confidence = 1 - exp(-|points| / CONFIDENCE_POINTS): 1 point gives 0.57.
CONFIDENCE_POINTS = 1.2
MAX_CONFIDENCE = 0.95
# value = 3 tanh(points / VALUE_POINTS): 1 point gives 1.4, 3 points 2.7.
VALUE_POINTS = 2.0
# Below this confidence nothing is estimated: the dimension stays unknown.
MIN_CONFIDENCE = 0.05
MAX_EVIDENCE = 6
# An estimate closer to 0 than this leans neither way: both sides moved it.
BALANCED = 0.5

LEANS: dict[str, tuple[str, str]] = {
    "directiveness": (
        "client-led and collaborative",
        "structured and therapist-directed",
    ),
    "intensity": ("emotionally reserved", "emotionally intense"),
    "orientation": ("focused on the present and future", "focused on the past"),
    "challenge": ("warm and supportive", "challenging"),
}


@dataclass(frozen=True)
class StyleEstimate:
    """An estimated C-NIP score for a dimension a profile leaves empty.

    ``value`` is on the profile's own −3…+3 scale, ``confidence`` in 0…1 says
    how much there was to go on and how well it agreed, and ``evidence`` names
    the approaches and phrases that moved the value, in a client's words.
    """

    value: float
    confidence: float
    evidence: tuple[str, ...]
    # What moved it, for the words of a match: approach keys, and whether the
    # bio did too.
    approaches: tuple[str, ...] = ()
    described: bool = False

    def as_dict(self) -> dict[str, Any]:
        """Return the contract's shape: value, confidence and a list of evidence."""
        return {
            "value": self.value,
            "confidence": self.confidence,
            "evidence": list(self.evidence),
        }


def approach_keys(profile: Mapping[str, Any]) -> list[str]:
    """Return a profile's approach keys (a list or ';'-joined text, labels mapped)."""
    raw = profile.get("approaches") or []
    values = raw.split(";") if isinstance(raw, str) else list(raw)
    index, keys = approach_priors().index, []
    for value in (v.strip() for v in values if v and v.strip()):
        key = value if value in index else vocabulary("approaches").canonical(value)
        if key is not None and key not in keys:
            keys.append(key)
    return keys


def stated(profile: Mapping[str, Any], dimension: str) -> bool:
    """Say whether a profile states its own value for a dimension."""
    value = profile.get(f"style_{dimension}")
    return value is not None and value == value and str(value).strip() != ""


def _approach_matrix(rows: list[list[str]], priors: ApproachPriors) -> sp.csr_matrix:
    """Return a (profiles x approaches) 0/1 matrix of the approaches with a prior."""
    cols = [[priors.index[k] for k in keys if k in priors.index] for keys in rows]
    indptr = np.cumsum([0, *map(len, cols)])
    indices = np.fromiter((c for row in cols for c in row), dtype=np.int64)
    shape = (len(rows), len(priors.keys))
    return sp.csr_matrix((np.ones(len(indices)), indices, indptr), shape=shape)


def prior_points(approaches: sp.csr_matrix, priors: ApproachPriors) -> np.ndarray:
    """Return (profiles x dimensions) points from the mean prior of the approaches.

    The mean runs over the approaches with a view on the dimension, so
    approaches on opposite sides cancel and the bio decides.
    """
    pull = approaches @ priors.points
    views = approaches @ priors.has_view.astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(views > 0, pull / views, 0.0)
    return PRIOR_SCALE * mean


def exact_scores(points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Turn total points into values (−3…+3) and confidences (0…0.95), unrounded."""
    value = 3.0 * np.tanh(points / VALUE_POINTS)
    confidence = 1.0 - np.exp(-np.abs(points) / CONFIDENCE_POINTS)
    return value, np.minimum(confidence, MAX_CONFIDENCE)


def scores(points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Turn total points into values (−3…+3, one decimal) and confidences (0…1)."""
    value, confidence = exact_scores(points)
    return np.round(value, 1), np.round(confidence, 2)


def _approach_evidence(
    key: str, dim: int, sign: float, views: float, priors: ApproachPriors
) -> tuple[float, str] | None:
    """Return (pull, words) for an approach that moved a dimension toward sign."""
    pull = priors.points[priors.index[key], dim]
    if pull * sign <= 0:
        return None
    return PRIOR_SCALE * abs(pull) / views, _approach_words(key, dim, sign > 0)


# Approach labels named after a person keep their capital.
NAMED = frozenset({"Gottman", "Jungian", "Adlerian"})
THERAPY_WORDS = ("therapy", "method", "treatment", "interviewing", "activation")


@cache
def approach_name(key: str) -> str:
    """Name an approach mid-sentence: 'EMDR', 'person-centered therapy'."""
    text = vocabulary("approaches").label(key)
    if "(" in text or text.replace("-", "").isupper():
        return text
    text = " ".join(w if w in NAMED else w.lower() for w in text.split(" "))
    return text if text.endswith(THERAPY_WORDS) else f"{text} therapy"


@cache
def _approach_words(key: str, dim: int, directive_side: bool) -> str:
    """Say which approach moved a dimension and where it usually leans."""
    lean = LEANS[DIMENSIONS[dim]][directive_side]
    return f"Practises {approach_name(key)}, usually {lean}"


def _phrase_evidence(
    phrase: int, dim: int, sign: float, cues: CueModel
) -> tuple[float, str] | None:
    """Return (pull, words) for a phrase of the bio that moved a dimension."""
    pull = cues.weights[phrase, dim]
    if pull * sign <= 0:
        return None
    return abs(pull), cues.evidence_words[phrase]


def evidence(
    keys: list[str], phrases: np.ndarray, dim: int, sign: float, views: float
) -> tuple[str, ...]:
    """Return the strongest reasons that moved one dimension, strongest first."""
    priors, cues = approach_priors(), cue_model()
    found = [
        _approach_evidence(k, dim, sign, views, priors)
        for k in keys
        if k in priors.index
    ]
    found += [_phrase_evidence(int(p), dim, sign, cues) for p in phrases]
    ranked = sorted((f for f in found if f is not None), key=lambda f: -f[0])
    return tuple(dict.fromkeys(words for _, words in ranked))[:MAX_EVIDENCE]


def moved_by(
    keys: list[str], phrases: np.ndarray, dim: int, sign: float
) -> tuple[tuple[str, ...], bool]:
    """Return the approaches that moved a dimension toward sign, and if the bio did.

    ``sign`` 0 (a balanced estimate) counts what pulled either way.
    """
    priors, cues = approach_priors(), cue_model()

    def toward(pull: np.ndarray) -> np.ndarray:
        return pull * sign > 0 if sign else pull != 0

    pulled = tuple(
        k
        for k in keys
        if k in priors.index and toward(priors.points[priors.index[k], dim])
    )
    return pulled, bool(toward(cues.weights[phrases, dim]).any())


def _bio(profile: Mapping[str, Any]) -> str:
    """Return a profile's bio, or "" when it has none."""
    bio = profile.get("bio")
    return bio if isinstance(bio, str) else ""


def _points(
    profiles: Sequence[Mapping[str, Any]],
) -> tuple[list[list[str]], sp.csr_matrix, sp.csr_matrix, np.ndarray]:
    """Return approach keys, approaches, bio phrases and (profiles x dims) points."""
    priors, cues = approach_priors(), cue_model()
    keys = [approach_keys(p) for p in profiles]
    approaches = _approach_matrix(keys, priors)
    phrases = cues.count([_bio(p) for p in profiles])
    points = prior_points(approaches, priors) + phrases @ cues.weights
    return keys, approaches, phrases, np.asarray(points)


def _stated_mask(profiles: Sequence[Mapping[str, Any]]) -> np.ndarray:
    """Return (profiles x dimensions) True where a profile states its value."""
    return np.array(
        [[stated(p, dim) for dim in DIMENSIONS] for p in profiles], dtype=bool
    ).reshape(len(profiles), len(DIMENSIONS))


def estimate_arrays(
    profiles: Sequence[Mapping[str, Any]],
) -> tuple[np.ndarray, np.ndarray]:
    """Return (profiles x dimensions) estimated values and their confidences.

    The numbers of ``estimate_styles`` before rounding, without the evidence,
    for the ranking index: unrounded, two profiles whose evidence differs in
    strength keep different scores even near the ends of the scale. Where a
    profile states a dimension, or nothing bears on it, the value and the
    confidence are both 0 (an estimate that weighs nothing). Profiles that
    state every dimension are not read at all.
    """
    values = np.zeros((len(profiles), len(DIMENSIONS)))
    confidences = np.zeros((len(profiles), len(DIMENSIONS)))
    given = _stated_mask(profiles)
    open_rows = np.flatnonzero(~given.all(axis=1))
    if len(open_rows):
        _, _, _, points = _points([profiles[i] for i in open_rows])
        found, sure = exact_scores(points)
        kept = (np.round(sure, 2) >= MIN_CONFIDENCE) & ~given[open_rows]
        values[open_rows] = np.where(kept, found, 0.0)
        confidences[open_rows] = np.where(kept, sure, 0.0)
    return values, confidences


def estimate_styles(
    profiles: Sequence[Mapping[str, Any]],
) -> list[dict[str, StyleEstimate]]:
    """Estimate the unstated style dimensions of many profiles in one pass.

    Returns one dict per profile, in order, keyed by dimension; a dimension is
    absent when the profile states it or nothing in the profile bears on it.
    The bios are counted by one vectoriser call and the points are two matrix
    products, so a whole directory is estimated at fit time.
    """
    priors = approach_priors()
    keys, approaches, phrases, points = _points(profiles)
    values, confidences = scores(points)
    views = approaches @ priors.has_view.astype(np.float64)
    results = []
    for i, profile in enumerate(profiles):
        row = phrases.indices[phrases.indptr[i] : phrases.indptr[i + 1]]
        found = {}
        for d, dim in enumerate(DIMENSIONS):
            confidence = float(confidences[i, d])
            if confidence < MIN_CONFIDENCE or stated(profile, dim):
                continue
            value = float(values[i, d])
            sign = float(np.sign(points[i, d]))
            why = evidence(keys[i], row, d, sign, float(views[i, d]))
            balanced = 0.0 if abs(value) < BALANCED else sign
            pulled, described = moved_by(keys[i], row, d, balanced)
            found[dim] = StyleEstimate(value, confidence, why, pulled, described)
        results.append(found)
    return results


@lru_cache(maxsize=4096)
def _cached(
    approaches: tuple[str, ...], bio: str, stated_dims: tuple[str, ...]
) -> dict[str, StyleEstimate]:
    profile = {"approaches": list(approaches), "bio": bio}
    profile |= {f"style_{dim}": 0 for dim in stated_dims}
    return estimate_styles([profile])[0]


def profile_estimates(profile: Mapping[str, Any]) -> dict[str, StyleEstimate]:
    """Return ``estimate_style(profile)``, kept for the profiles words are asked for.

    Answers word a few matches each, often the same therapists: their
    estimates are worked out once (the fitted index holds only the numbers).
    Do not change the returned dict.
    """
    dims = tuple(d for d in DIMENSIONS if stated(profile, d))
    return _cached(tuple(approach_keys(profile)), _bio(profile), dims)


def as_stated(value: float) -> int:
    """Round an estimated value to the whole point an admin may accept as stated."""
    return int(np.sign(value) * np.floor(abs(value) + 0.5))


def style_estimates(profile: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Return the contract's ``style_estimates``: {dimension: value, confidence,
    evidence}.

    Only the dimensions a profile leaves empty and that something in it bears
    on are present.
    """
    return {dim: found.as_dict() for dim, found in profile_estimates(profile).items()}


def estimate_style(profile: Mapping[str, Any]) -> dict[str, StyleEstimate]:
    """Estimate the style dimensions one profile leaves empty.

    ``profile`` holds the contract's fields (``approaches`` as keys, labels or
    ';'-joined text; ``bio``; ``style_<dimension>``). A stated dimension is
    never estimated; one with nothing to go on is left out (unknown).
    """
    return estimate_styles([profile])[0]
