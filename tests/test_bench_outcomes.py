"""The track-record simulation: its scoring and its simulated clinics."""

from __future__ import annotations

import numpy as np

from bench.bench_outcomes import scores
from matcher.outcomes.simulate import simulate_clinic


def pair(called: str, truth: float) -> dict:
    return {"n": 30, "class": called, "truth": truth, "min_effect": 0.1}


def test_precision_and_recall_count_against_the_minimum_effect():
    pairs = [
        pair("effective", 0.3),  # right
        pair("effective", 0.05),  # better than average, below the minimum
        pair("neutral", 0.4),  # missed
        pair("ineffective", -0.2),
        pair("neutral", 0.0),
    ]
    found = scores(pairs)
    assert found["effective"] == {
        "classified": 2, "truly": 2, "precision": 0.5,
        "precision_vs_average": 1.0, "recall": 0.5,
    }  # fmt: skip
    assert found["ineffective"]["precision"] == 1.0


def test_simulated_scores_stay_in_range_and_effects_have_the_asked_share():
    frame, truth = simulate_clinic(np.random.default_rng(0), [40] * 400)
    assert (
        frame["baseline"].between(0, 27).all() and frame["final"].between(0, 27).all()
    )
    assert abs(truth.var() - 0.05) < 0.01
