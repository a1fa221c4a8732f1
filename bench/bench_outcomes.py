"""Track records on simulated clinics: precision and recall of the classes.

Each simulated clinic has 40 therapists whose true effects explain about 5%
of the variance of change (Baldwin & Imel 2013), PHQ-9 scores rounded and
clipped to 0-27, and either the same number of episodes per therapist (10 to
60) or a mix of 10-60. A therapist is truly effective when their true effect
exceeds the minimum effect worth acting on (0.1 SD), truly ineffective below
-0.1 SD. Precision of `effective`: the share of therapists classified
effective who truly are (also against the looser truth "better than
average"); recall: the share of truly effective therapists classified so.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from matcher.outcomes import TrackRecords
from matcher.outcomes.simulate import simulate_clinic

THERAPISTS = 40
SIZES = (10, 15, 20, 30, 45, 60)
SEEDS, QUICK_SEEDS = 30, 3


def classify(episodes_per_therapist: list[int], seed: int) -> list[dict[str, Any]]:
    """Simulate one clinic, fit it, and pair each class with the true effect."""
    rng = np.random.default_rng(seed)
    frame, truth = simulate_clinic(rng, episodes_per_therapist)
    model = TrackRecords(min_episodes=10).fit(frame)
    table = model.records_.set_index("therapist_id")
    return [
        {"n": int(table.loc[t, "n"]), "class": table.loc[t, "track_record"],
         "truth": float(truth[t]), "min_effect": model.min_effect}
        for t in truth.index
    ]  # fmt: skip


def scores(pairs: list[dict[str, Any]]) -> dict[str, Any]:
    """Return precision and recall of effective and ineffective over many pairs."""
    out: dict[str, Any] = {"therapists": len(pairs)}
    for label, sign in (("effective", 1), ("ineffective", -1)):
        called = [p for p in pairs if p["class"] == label]
        real = [p for p in pairs if sign * p["truth"] > p["min_effect"]]
        hits = [p for p in called if sign * p["truth"] > p["min_effect"]]
        right_side = [p for p in called if sign * p["truth"] > 0]
        out[label] = {
            "classified": len(called),
            "truly": len(real),
            "precision": len(hits) / len(called) if called else None,
            "precision_vs_average": len(right_side) / len(called) if called else None,
            "recall": len(hits) / len(real) if real else None,
        }
    return out


def run(quick: bool = False) -> dict[str, Any]:
    """Run the simulation study and return its figures."""
    seeds = range(QUICK_SEEDS if quick else SEEDS)
    by_size = {}
    for size in SIZES:
        pairs = [p for seed in seeds for p in classify([size] * THERAPISTS, seed)]
        by_size[str(size)] = scores(pairs)
    mixed = []
    for seed in seeds:
        sizes = np.random.default_rng(10_000 + seed).integers(10, 61, THERAPISTS)
        mixed += classify([int(s) for s in sizes], 10_000 + seed)
    return {
        "therapists_per_clinic": THERAPISTS,
        "clinics_per_size": len(seeds),
        "therapist_share_of_variance": 0.05,
        "min_effect": 0.1,
        "level": 0.9,
        "by_episodes_per_therapist": by_size,
        "mixed_10_to_60": scores(mixed),
    }
