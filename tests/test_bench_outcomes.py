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


def test_the_gain_interval_is_a_t_interval_over_seeds():
    from bench.bench_outcomes_gain import interval

    found = interval([1.0, 2.0, 3.0])
    # mean 2, sd 1, t(0.95; 2 df) = 2.919986: half-width 2.919986 / sqrt(3)
    assert found["mean"] == 2.0
    assert abs(found["high"] - (2.0 + 2.919986 / 3**0.5)) < 1e-5
    assert abs(found["low"] - (2.0 - 2.919986 / 3**0.5)) < 1e-5


def test_no_pick_beats_the_oracle_and_the_changed_share_is_a_share(monkeypatch):
    from bench import bench_outcomes_gain as gain

    monkeypatch.setattr(gain, "THERAPISTS", 12)
    found = gain.one_clinic(30, seed=1)
    assert found["oracle"] >= found["gain"] and found["oracle"] >= 0
    assert 0 <= found["changed"] <= 1
