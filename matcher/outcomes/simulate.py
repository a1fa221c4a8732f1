"""Simulated clinics with known therapist effects, for the benchmark and tests."""

from __future__ import annotations

import numpy as np
import pandas as pd

PHQ9_MAX = 27
CHANGE_SD = 5.0  # PHQ-9 points of change not explained by baseline


def simulate_clinic(
    rng: np.random.Generator,
    episodes_per_therapist: list[int],
    therapist_share: float = 0.05,
) -> tuple[pd.DataFrame, pd.Series]:
    """Return a clinic's PHQ-9 episodes and each therapist's true effect.

    Therapist effects explain ``therapist_share`` of the variance of change
    left after baseline (Baldwin & Imel 2013: about 5%); the true effect is in
    standard deviations of that change. Scores are rounded to whole points
    and kept within 0-27, as a real measure is.
    """
    count = len(episodes_per_therapist)
    ids = [f"t{index:03d}" for index in range(count)]
    truth = pd.Series(rng.normal(0, np.sqrt(therapist_share), count), index=ids)
    noise_sd = np.sqrt(1 - therapist_share)
    rows = []
    for therapist, n in zip(ids, episodes_per_therapist, strict=True):
        baseline = rng.integers(5, PHQ9_MAX + 1, n)
        change = 0.4 * baseline + CHANGE_SD * (
            truth[therapist] + rng.normal(0, noise_sd, n)
        )
        final = np.clip(np.round(baseline - change), 0, PHQ9_MAX)
        rows += [
            {"episode_id": f"{therapist}-{i}", "therapist_id": therapist,
             "domain": "depression", "measure": "PHQ-9",
             "baseline": float(b), "final": float(f)}
            for i, (b, f) in enumerate(zip(baseline, final, strict=True))
        ]  # fmt: skip
    return pd.DataFrame(rows), truth
