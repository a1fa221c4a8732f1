"""Combine approach priors and cue phrases into one estimate per style dimension."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import scipy.sparse as sp

from ..vocab import vocabulary
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


def scores(points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Turn total points into values (−3…+3, one decimal) and confidences (0…1)."""
    value = np.round(3.0 * np.tanh(points / VALUE_POINTS), 1)
    confidence = 1.0 - np.exp(-np.abs(points) / CONFIDENCE_POINTS)
    return value, np.round(np.minimum(confidence, MAX_CONFIDENCE), 2)


def _approach_evidence(
    key: str, dim: int, sign: float, views: float, priors: ApproachPriors
) -> tuple[float, str] | None:
    """Return (pull, words) for an approach that moved a dimension toward sign."""
    pull = priors.points[priors.index[key], dim]
    if pull * sign <= 0:
        return None
    return PRIOR_SCALE * abs(pull) / views, _approach_words(key, dim, sign > 0)


@cache
def _approach_words(key: str, dim: int, directive_side: bool) -> str:
    """Say which approach moved a dimension and where it usually leans."""
    label = vocabulary("approaches").label(key)
    return f"Practises {label}, usually {LEANS[DIMENSIONS[dim]][directive_side]}"


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


def _bio(profile: Mapping[str, Any]) -> str:
    """Return a profile's bio, or "" when it has none."""
    bio = profile.get("bio")
    return bio if isinstance(bio, str) else ""


def estimate_styles(
    profiles: Sequence[Mapping[str, Any]],
) -> list[dict[str, StyleEstimate]]:
    """Estimate the unstated style dimensions of many profiles in one pass.

    Returns one dict per profile, in order, keyed by dimension; a dimension is
    absent when the profile states it or nothing in the profile bears on it.
    The bios are counted by one vectoriser call and the points are two matrix
    products, so a whole directory is estimated at fit time.
    """
    priors, cues = approach_priors(), cue_model()
    keys = [approach_keys(p) for p in profiles]
    approaches = _approach_matrix(keys, priors)
    phrases = cues.count([_bio(p) for p in profiles])
    points = prior_points(approaches, priors) + phrases @ cues.weights
    values, confidences = scores(np.asarray(points))
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
            found[dim] = StyleEstimate(value, confidence, why)
        results.append(found)
    return results


def estimate_style(profile: Mapping[str, Any]) -> dict[str, StyleEstimate]:
    """Estimate the style dimensions one profile leaves empty.

    ``profile`` holds the contract's fields (``approaches`` as keys, labels or
    ';'-joined text; ``bio``; ``style_<dimension>``). A stated dimension is
    never estimated; one with nothing to go on is left out (unknown).
    """
    return estimate_styles([profile])[0]
