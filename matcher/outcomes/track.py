"""Track records per therapist and domain: shrunken effects, intervals, classes.

Empirical Bayes, as in the meta-analytic random-effects model (DerSimonian &
Laird 1986) and the shrinkage of Morris (1983): within a domain, each
therapist's mean standardised residual is pulled towards the clinic's mean in
proportion to how little it rests on, using the between-therapist variance
estimated from the clinic's own data.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import norm
from sklearn.exceptions import NotFittedError

from .expected import standardised_residuals

CLASSES = ("effective", "neutral", "ineffective", "too_few")
RECORD_COLUMNS = (
    "therapist_id", "domain", "n", "mean_residual", "effect", "low", "high",
    "track_record", "dropout_rate", "dropout_known", "alliance_mean", "alliance_n",
)  # fmt: skip
# Fewer episodes than this in the whole clinic fit no model at all.
MIN_CLINIC_EPISODES = 5


class TrackRecords:
    """Fit therapists' track records per domain from a clinic's outcome records.

    ``min_episodes``: below it a record reads ``too_few`` (Match trial: 15).
    ``min_effect``: the smallest effect worth acting on, in standard
    deviations of risk-adjusted change; ``level``: the interval's coverage.
    """

    def __init__(
        self,
        min_episodes: int = 15,
        min_effect: float = 0.1,
        level: float = 0.9,
        epsilon: float = 1.35,
    ) -> None:
        self.min_episodes = min_episodes
        self.min_effect = min_effect
        self.level = level
        self.epsilon = epsilon

    def fit(self, episodes: pd.DataFrame) -> TrackRecords:
        """Model expected change across the clinic and summarise each record."""
        if self.min_episodes < 1 or self.min_effect < 0 or not 0 < self.level < 1:
            raise ValueError("need min_episodes >= 1, min_effect >= 0, 0 < level < 1")
        episodes = _with_optional_columns(episodes.reset_index(drop=True))
        if len(episodes) >= MIN_CLINIC_EPISODES:
            self.episodes_ = standardised_residuals(episodes, self.epsilon)
        else:
            self.episodes_ = episodes.assign(expected=np.nan, residual=np.nan, z=0.0)
        parts = [
            self._domain_records(rows) for _, rows in self.episodes_.groupby("domain")
        ]
        self.records_ = (
            pd.concat(parts, ignore_index=True)
            if parts
            else pd.DataFrame(columns=list(RECORD_COLUMNS))
        )
        return self

    def record(self, therapist_id: str, domain: str) -> dict[str, Any] | None:
        """Return one therapist's record in one domain, or None with no episodes."""
        if not hasattr(self, "records_"):
            raise NotFittedError("call fit() with the outcome records first")
        found = self.records_[
            (self.records_["therapist_id"] == therapist_id)
            & (self.records_["domain"] == domain)
        ]
        return found.iloc[0].to_dict() if len(found) else None

    def _domain_records(self, rows: pd.DataFrame) -> pd.DataFrame:
        groups = rows.groupby("therapist_id")
        table = groups["z"].agg(n="size", mean_residual="mean", var="var")
        table = table.reset_index().assign(domain=rows["domain"].iloc[0])
        effect, sd = shrink(table["n"].to_numpy(), table["mean_residual"].to_numpy(),
                            table["var"].to_numpy(), rows["z"].mean())  # fmt: skip
        half = norm.ppf(0.5 + self.level / 2) * sd
        table["effect"], table["low"], table["high"] = (
            effect,
            effect - half,
            effect + half,
        )
        table["track_record"] = self._classify(table)
        return table.join(_dropout_and_alliance(groups), on="therapist_id")[
            list(RECORD_COLUMNS)
        ]

    def _classify(self, table: pd.DataFrame) -> np.ndarray:
        """Read each record's class from its n and interval."""
        return np.select(
            [
                table["n"] < self.min_episodes,
                table["low"] > self.min_effect,
                table["high"] < -self.min_effect,
            ],
            ["too_few", "effective", "ineffective"],
            "neutral",
        )


def shrink(
    n: np.ndarray, means: np.ndarray, variances: np.ndarray, grand_mean: float
) -> tuple[np.ndarray, np.ndarray]:
    """Return shrunken effects (against the grand mean) and their standard errors.

    The within-therapist variance is pooled; the between-therapist variance
    is the one-way ANOVA moment estimate, floored at zero. With no spread
    between therapists every effect shrinks to zero: the data cannot tell
    them apart.
    """
    n = n.astype(float)
    within = _pooled_variance(n, variances)
    between = _between_variance(n, means, within)
    weight = between / (between + within / n) if between > 0 else np.zeros_like(n)
    effect = weight * (means - grand_mean)
    return effect, np.sqrt(weight * within / n)


def _pooled_variance(n: np.ndarray, variances: np.ndarray) -> float:
    usable = (n > 1) & np.isfinite(variances)
    if usable.sum() == 0 or (n[usable] - 1).sum() == 0:
        return 1.0  # standardised residuals have unit spread clinic-wide
    pooled = float(((n[usable] - 1) * variances[usable]).sum() / (n[usable] - 1).sum())
    return pooled if pooled > 1e-12 else 1e-12


def _between_variance(n: np.ndarray, means: np.ndarray, within: float) -> float:
    total = n.sum()
    if len(n) < 2:
        return 0.0
    weighted_mean = float((n * means).sum() / total)
    spread = float((n * (means - weighted_mean) ** 2).sum())
    n0 = total - float((n**2).sum()) / total
    return max(0.0, (spread - (len(n) - 1) * within) / n0)


def _dropout_and_alliance(groups: Any) -> pd.DataFrame:
    """Return per therapist the share who dropped out and the mean alliance."""
    return pd.DataFrame(
        {
            "dropout_rate": groups["completed"].agg(_dropout_rate),
            "dropout_known": groups["completed"].agg(lambda c: int(c.notna().sum())),
            "alliance_mean": groups["alliance"].mean(),
            "alliance_n": groups["alliance"].count(),
        }
    )


def _dropout_rate(completed: pd.Series) -> float:
    known = completed.dropna()
    return float((~known.astype(bool)).mean()) if len(known) else float("nan")


def _with_optional_columns(episodes: pd.DataFrame) -> pd.DataFrame:
    """Give a frame without dropout or alliance data those columns, empty."""
    if "completed" not in episodes:
        episodes = episodes.assign(completed=None)
    alliance = episodes["alliance"] if "alliance" in episodes else None
    return episodes.assign(alliance=pd.to_numeric(alliance, errors="coerce"))
