"""One request's candidate rows, and how both batch paths pick them.

A batch path sums each request's total over the state's rows, keeps the rows
that can reach its top k (every row within ``CANDIDATE_MARGIN`` of a safe
threshold), and hands them as a ``Scored`` to the same ranking and answer code
as a single ``rank``, which decides among them exactly.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# Candidates for the top k are picked from an approximate total, then ranked on
# the exact one; the margin covers both the rounding of the sum and top_k's
# rounding of scores to six decimals.
CANDIDATE_MARGIN = 1e-5
SAMPLE_STEP = 8  # large states take the k-th best threshold from every 8th row


@dataclass
class Scored:
    """One request's candidate rows, exclusions and factor table.

    ``rows`` are every eligible row on the single path; on the batch paths only
    the rows that can reach the top k (``eligible`` counts them all).
    """

    rows: np.ndarray
    excluded: dict[str, int]
    names: list[str]
    weights: np.ndarray
    matches: np.ndarray
    eligible: int


def factor_shares(weights: np.ndarray) -> np.ndarray:
    """Return each factor's share of 100 points: 100 x weight / total weight."""
    return 100.0 * weights / weights.sum()


def candidate_rows(
    totals: np.ndarray, alive: np.ndarray, keep: np.ndarray
) -> np.ndarray:
    """Return, per request (a row of ``totals``), the rows that can reach its top k.

    The k-th best total among every SAMPLE_STEP-th row is no higher than the
    k-th best of all rows (the ineligible counting as -inf), so it is a safe
    threshold; a few more candidates than k pass it, and the partition reads
    a fraction of the totals. ``keep`` is each request's k.
    """
    totals = np.where(alive, totals, -np.inf)
    size, most = totals.shape[1], int(max(keep))
    step = SAMPLE_STEP if size >= SAMPLE_STEP * SAMPLE_STEP * most else 1
    sample = totals[:, ::step]
    most = min(most, sample.shape[1])
    if most == 0:
        return np.zeros(totals.shape, dtype=bool)
    width = sample.shape[1]
    best = np.partition(sample, width - most, axis=1)[:, width - most :]
    best.sort(axis=1)  # ascending: the k-th best of the row is at most - k
    kth = best[np.arange(len(totals)), most - np.minimum(keep, most)]
    return alive & (totals >= (kth - CANDIDATE_MARGIN)[:, None])
