"""The exact assignment, per independent problem: a min-cost flow, else staged LPs.

Each set of clients and therapists that share candidate pairs (in practice a
state) is solved alone by OR-Tools' min-cost flow with the staged objective
folded into integer gains (``matcher.assign.flow``, which says why that is
exact). A problem too large for those gains to fit in int64 is solved by
SciPy's ``linprog`` (HiGHS dual simplex), in stages.

The stages, each optimal among the optima of the ones before: placed urgent
clients, placed high, placed normal, total fit (hundredths of a point), then
waiting (clients earlier in waiting order count more). A capacitated bipartite
assignment has a totally unimodular constraint matrix, so each LP's vertex
optimum is integral. Between stages the optimal set is kept exactly by
complementary slackness rather than by an objective row (which would break
unimodularity): with the stage's dual prices, only pairs of zero reduced cost
stay, and a client or therapist whose constraint has a nonzero price must stay
placed or full. The next stage is again an assignment, on fewer pairs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import csr_array
from scipy.sparse.csgraph import connected_components

from .candidates import ClientOptions
from .flow import flow_gains, max_gain_assignment
from .waitlist import PRIORITIES

# Urgent 3, high 2, normal 1: any weights in that order give the same optimum.
LEVEL = {p: len(PRIORITIES) - i for i, p in enumerate(PRIORITIES)}
TOLERANCE = 1e-6  # objectives are integers: a reduced cost is 0 or at least 1


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
    level = np.array([LEVEL[p] for p in priorities], dtype=np.int64)[edges.client]
    wait = np.asarray(waiting_weight, dtype=np.int64)[edges.client]
    capacity = np.array([slots[t] for t in therapists], dtype=np.int64)
    staged = Staged(edges, n, m, capacity)
    for pairs in _components(edges, n, m):
        picked = _by_flow(edges, pairs, level, wait, capacity)
        if picked is None:
            picked = staged.solve(pairs, *(level == LEVEL[p] for p in PRIORITIES), wait)
        for e in pairs[picked]:
            chosen[int(edges.client[e])] = int(edges.choice[e])
    return chosen


def _by_flow(edges, pairs, level, wait, capacity) -> np.ndarray | None:
    """Solve one independent problem by min-cost flow; None if it cannot be."""
    clients, client = np.unique(edges.client[pairs], return_inverse=True)
    columns, therapist = np.unique(edges.therapist[pairs], return_inverse=True)
    most = min(len(clients), int(capacity[columns].sum()))
    nodes = len(clients) + len(columns) + 2
    gain = flow_gains(level[pairs], edges.fit[pairs], wait[pairs], client, most, nodes)
    if gain is None:
        return None
    return max_gain_assignment(client, therapist, gain, capacity[columns])


@dataclass(frozen=True)
class Staged:
    """The staged LPs over all pairs, for problems too large for one flow."""

    edges: Edges
    clients: int
    therapists: int
    capacity: np.ndarray

    def solve(self, pairs: np.ndarray, *stages: np.ndarray) -> np.ndarray:
        """Return which of ``pairs`` are chosen, each stage optimal in turn."""
        edges, n = self.edges, self.clients
        incidence = _incidence(edges, n, self.therapists)
        limits = np.concatenate([np.ones(n), self.capacity.astype(float)])
        gains = [*stages[:-1], edges.fit, stages[-1]]
        rows = np.unique(
            np.concatenate([edges.client[pairs], n + edges.therapist[pairs]])
        )
        problem = Problem(
            rows=incidence[rows][:, pairs],
            limits=limits[rows],
            tight=np.zeros(len(rows), dtype=bool),
            kept=np.ones(len(pairs), dtype=bool),
        )
        for gain in gains:
            x = problem.stage(np.asarray(gain, dtype=float)[pairs])
        if np.abs(x - np.round(x)).max() > TOLERANCE:
            raise SolverError("the assignment solver gave a fractional answer")
        return x > 0.5


def _components(edges: Edges, clients: int, therapists: int) -> list[np.ndarray]:
    """Split the pairs into independent problems: no client or therapist shared.

    Each is solved alone (smaller LPs); the optimum of the whole is the union,
    as every objective is a sum over pairs.
    """
    size = clients + therapists
    graph = csr_array(
        (np.ones(len(edges.client)), (edges.client, clients + edges.therapist)),
        shape=(size, size),
    )
    _, label = connected_components(graph, directed=False)
    pair_label = label[edges.client]
    order = np.argsort(pair_label, kind="stable")
    cuts = np.flatnonzero(np.diff(pair_label[order])) + 1
    return np.split(order, cuts)


def _incidence(edges: Edges, clients: int, therapists: int) -> csr_array:
    """Rows: one per client (its pairs), then one per therapist (its pairs)."""
    pairs = len(edges.client)
    rows = np.concatenate([edges.client, clients + edges.therapist])
    columns = np.concatenate([np.arange(pairs), np.arange(pairs)])
    shape = (clients + therapists, pairs)
    return csr_array((np.ones(2 * pairs), (rows, columns)), shape=shape)


@dataclass
class Problem:
    """The assignment still open: pairs kept, and rows that must stay tight."""

    rows: csr_array
    limits: np.ndarray
    tight: np.ndarray
    kept: np.ndarray

    def stage(self, gain: np.ndarray) -> np.ndarray:
        """Maximise ``gain`` over the optimal set so far, then narrow the set."""
        pairs = np.flatnonzero(self.kept)
        matrix = self.rows[:, pairs]
        eq, ub = self.tight, ~self.tight
        result = linprog(
            -gain[pairs],
            A_ub=matrix[ub] if ub.any() else None,
            b_ub=self.limits[ub] if ub.any() else None,
            A_eq=matrix[eq] if eq.any() else None,
            b_eq=self.limits[eq] if eq.any() else None,
            bounds=(0, None),
            method="highs-ds",
        )
        if result.status != 0:
            raise SolverError(f"the assignment solver stopped: {result.message}")
        prices = np.zeros(len(self.limits))
        if ub.any():
            prices[ub] = result.ineqlin.marginals
        if eq.any():
            prices[eq] = result.eqlin.marginals
        reduced = -gain[pairs] - matrix.T @ prices
        self.kept[pairs[np.abs(reduced) > TOLERANCE]] = False
        self.tight |= np.abs(prices) > TOLERANCE
        x = np.zeros(len(self.kept))
        x[pairs] = result.x
        return x
