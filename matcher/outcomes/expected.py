"""Expected change per episode, risk-adjusted across the whole clinic.

Each episode's improvement (baseline minus final, as a share of the measure's
range) is modelled from its baseline and its measure with a Huber regressor:
linear, few parameters, and robust to the few extreme episodes (a crisis, a
data-entry slip) that small clinical samples always hold. The residual,
observed minus expected, is divided by the spread of residuals on the same
measure, so that PHQ-9 and another depression measure pool within a domain.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.linear_model import HuberRegressor

from .measures import find_measure

# Below this many episodes on a measure, its own residual spread is too
# unsteady to standardise by: the clinic-wide spread is used instead.
MIN_EPISODES_FOR_OWN_SPREAD = 10


def score_scale(episodes: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Return each episode's measure floor and range (known, else as observed)."""
    floor = pd.Series(0.0, index=episodes.index)
    span = pd.Series(1.0, index=episodes.index)
    for name, rows in episodes.groupby("measure").groups.items():
        measure = find_measure(str(name))
        if measure is not None:
            floor[rows], span[rows] = measure.low, measure.span
        else:
            scores = episodes.loc[rows, ["baseline", "final"]].to_numpy()
            floor[rows] = 0.0
            span[rows] = max(float(np.abs(scores).max()), 1.0)
    return floor, span


def design(baseline: pd.Series, measure: pd.Series, measures: list[str]) -> np.ndarray:
    """Return the model's features: the scaled baseline and one column per measure."""
    dummies = [(measure == name).to_numpy(float) for name in measures[1:]]
    return np.column_stack([baseline.to_numpy(float), *dummies])


def fit_expected_change(
    episodes: pd.DataFrame, epsilon: float = 1.35
) -> tuple[HuberRegressor, list[str]]:
    """Fit the clinic-wide model of improvement from baseline and measure."""
    floor, span = score_scale(episodes)
    baseline = (episodes["baseline"] - floor) / span
    change = (episodes["baseline"] - episodes["final"]) / span
    measures = sorted(episodes["measure"].unique())
    model = HuberRegressor(epsilon=epsilon, alpha=1e-4, max_iter=1000)
    model.fit(design(baseline, episodes["measure"], measures), change.to_numpy())
    return model, measures


def standardised_residuals(
    episodes: pd.DataFrame, epsilon: float = 1.35
) -> pd.DataFrame:
    """Return the episodes with expected change, residual and standardised residual.

    ``expected`` and ``residual`` are shares of the measure's range; ``z`` is
    the residual over the residual spread of its measure (positive: improved
    more than comparable clients of the clinic).
    """
    model, measures = fit_expected_change(episodes, epsilon)
    floor, span = score_scale(episodes)
    baseline = (episodes["baseline"] - floor) / span
    out = episodes.copy()
    out["expected"] = model.predict(design(baseline, episodes["measure"], measures))
    out["residual"] = (episodes["baseline"] - episodes["final"]) / span - out[
        "expected"
    ]
    overall = _spread(out["residual"])
    spread = out.groupby("measure")["residual"].transform(
        lambda r: _spread(r) if len(r) >= MIN_EPISODES_FOR_OWN_SPREAD else overall
    )
    out["z"] = out["residual"] / spread
    return out


def _spread(residuals: pd.Series) -> float:
    sd = float(residuals.std(ddof=1)) if len(residuals) > 1 else 0.0
    return sd if sd > 1e-9 else 1.0
