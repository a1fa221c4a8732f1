"""The exact assignment: SciPy's ``milp`` (HiGHS), solved in lexicographic stages.

Stage 1 places as many urgent clients as possible, then high, then normal (one
objective whose integer weights make one more client of a priority worth more
than every client of the priorities below). Stage 2 keeps those counts and
maximises the total fit, in hundredths of a point, so it is an integer. Stage 3
keeps that total and prefers clients who have waited longer. The constraint
matrix of a capacitated bipartite assignment is totally unimodular, so every
stage's optimum is integral and HiGHS proves it (``mip_rel_gap`` 0).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_array

from .candidates import ClientOptions
from .waitlist import PRIORITIES


class SolverError(RuntimeError):
    """The solver did not prove an optimum (it should not happen)."""


@dataclass(frozen=True)
class Edges:
    """Every (client, candidate) pair as flat arrays, in client then rank order."""

    client: np.ndarray
    choice: np.ndarray  # the candidate's position in the client's candidates
    therapist: np.ndarray  # column in the therapist list
    fit: np.ndarray  # hundredths of a point, integers


def edges_of(options: Sequence[ClientOptions], therapists: Sequence[str]) -> Edges:
    """Flatten the clients' candidates into edge arrays."""
    column = {tid: j for j, tid in enumerate(therapists)}
    client, choice, therapist, fit = [], [], [], []
    for i, option in enumerate(options):
        for c, candidate in enumerate(option.candidates):
            client.append(i)
            choice.append(c)
            therapist.append(column[candidate.therapist_id])
            fit.append(round(candidate.score * 100))
    as_int = lambda v: np.asarray(v, dtype=np.int64)  # noqa: E731
    return Edges(as_int(client), as_int(choice), as_int(therapist), as_int(fit))


def priority_weights(priorities: Sequence[str]) -> dict[str, int]:
    """Weights where one more client of a level beats all clients of lower levels."""
    weights, below = {}, 0
    for level in reversed(PRIORITIES):
        weights[level] = below + 1
        below += weights[level] * sum(1 for p in priorities if p == level)
    return weights


def solve(
    options: Sequence[ClientOptions],
    priorities: Sequence[str],
    waiting_weight: Sequence[int],
    slots: Mapping[str, int],
) -> list[int | None]:
    """Return each client's chosen candidate position, or None when unplaced."""
    therapists = sorted({c.therapist_id for o in options for c in o.candidates})
    edges = edges_of(options, therapists)
    chosen: list[int | None] = [None] * len(options)
    if not len(edges.client):
        return chosen
    n, m = len(options), len(therapists)
    rows = np.arange(len(edges.client))
    ones = np.ones(len(rows))
    capacity = [
        LinearConstraint(csr_array((ones, (edges.client, rows)), (n, len(rows))), 0, 1),
        LinearConstraint(
            csr_array((ones, (edges.therapist, rows)), (m, len(rows))),
            0,
            np.array([slots[t] for t in therapists], dtype=float),
        ),
    ]
    level = np.array([priorities[i] for i in edges.client])
    weight = priority_weights(priorities)
    placed = np.array([weight[p] for p in level], dtype=float)
    x = _stage(placed, capacity)
    counts = [np.where(level == p, 1.0, 0.0) for p in PRIORITIES]
    for count in counts:
        capacity.append(_at_least(count, x))
    fit = edges.fit.astype(float)
    x = _stage(fit, capacity)
    capacity.append(_at_least(fit, x))
    wait = np.asarray(waiting_weight, dtype=float)[edges.client]
    x = _stage(wait, capacity)
    for e in np.flatnonzero(x > 0.5):
        chosen[int(edges.client[e])] = int(edges.choice[e])
    return chosen


def _at_least(row: np.ndarray, x: np.ndarray) -> LinearConstraint:
    """Keep a stage's optimum: the integer objective may not fall below it."""
    best = float(np.round(row @ np.round(x)))
    return LinearConstraint(row.reshape(1, -1), best - 0.5, np.inf)


def _stage(gain: np.ndarray, constraints: list[LinearConstraint]) -> np.ndarray:
    result = milp(
        -gain,
        constraints=constraints,
        integrality=np.ones(len(gain)),
        bounds=Bounds(0, 1),
        options={"mip_rel_gap": 0},
    )
    if result.status != 0 or result.x is None:
        raise SolverError(f"the assignment solver stopped: {result.message}")
    return result.x
