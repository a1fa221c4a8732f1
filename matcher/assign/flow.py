"""The exact assignment as one min-cost flow: OR-Tools' ``SimpleMinCostFlow``.

The staged objective (placed urgent, high, normal clients; total fit; waiting)
is folded into one integer gain per pair:

    gain = P * level + F * fit + wait

with ``level`` 3, 2 or 1 for an urgent, high or normal client, ``fit`` the
score in hundredths and ``wait`` the client's waiting weight. Why it is exact:

* The sets of clients that can be placed together are the independent sets of
  a transversal matroid. With positive weights ordered urgent > high > normal,
  every maximum-weight independent set is a greedy one (Gale), so it places as
  many urgent clients as any placement, then as many urgent and high, then as
  many in all: maximising the sum of ``level`` is the lexicographic order of
  the three counts, and the two have the same optima.
* ``F`` is one more than the largest total waiting any placement can have (the
  sum of the ``k`` largest weights, ``k`` the most clients that fit), so one
  hundredth of fit outweighs any difference in waiting; ``P`` is one more than
  the largest difference ``F * fit + wait`` totals can have, so one unit of
  ``level`` outweighs any difference in fit and waiting.

Gains are Python integers checked against int64 before the solve, with the
room OR-Tools needs to scale costs by the number of nodes; a problem too large
for that is left to the staged LP (``matcher.assign.solve``), and ``None``
says so.
"""

from __future__ import annotations

import numpy as np
from ortools.graph.python.min_cost_flow import SimpleMinCostFlow

INT64_ROOM = 2**62  # below int64's limit, for OR-Tools' own sums


def flow_gains(
    level: np.ndarray,
    fit: np.ndarray,
    wait: np.ndarray,
    client: np.ndarray,
    most_placed: int,
    nodes: int,
) -> np.ndarray | None:
    """Fold the three objectives into int64 gains, or None if they would overflow.

    All arrays are per pair; ``client`` names each pair's client so that a
    client's waiting weight counts once in the bound; ``nodes`` is the size
    of the flow network (clients, therapists, source and sink).
    """
    weights = np.unique(np.stack([client, wait]), axis=1)[1]
    top_wait = int(np.sort(weights)[::-1][:most_placed].sum())
    fit_scale = top_wait + 1
    # Twice the largest total: a fit difference spans it even if scores were < 0.
    top_fit = 2 * most_placed * int(np.abs(fit).max(initial=0))
    level_scale = fit_scale * top_fit + top_wait + 1
    largest = 3 * level_scale + fit_scale * int(np.abs(fit).max(initial=0))
    largest += int(wait.max(initial=0))
    if largest * (nodes + 1) * 2 >= INT64_ROOM or largest * most_placed >= INT64_ROOM:
        return None
    gains = level.astype(np.int64) * level_scale + fit.astype(np.int64) * fit_scale
    return gains + wait.astype(np.int64)


def max_gain_assignment(
    client: np.ndarray,
    therapist: np.ndarray,
    gain: np.ndarray,
    capacity: np.ndarray,
) -> np.ndarray | None:
    """Return which pairs are chosen (bool per pair) in a maximum-gain assignment.

    ``client`` and ``therapist`` number the pairs' ends from 0; ``capacity``
    is each therapist's open slots. Each client gets at most one pair. None
    when OR-Tools proves no optimum (it should not happen; the caller then
    solves the problem another way).
    """
    clients, therapists = int(client.max()) + 1, len(capacity)
    source, sink = clients + therapists, clients + therapists + 1
    flow = SimpleMinCostFlow()
    pairs = flow.add_arcs_with_capacity_and_unit_cost(
        client, clients + therapist, np.ones(len(client), np.int64), -gain
    )
    everyone = np.arange(clients)
    flow.add_arcs_with_capacity_and_unit_cost(
        np.full(clients, source), everyone, np.ones(clients, np.int64),
        np.zeros(clients, np.int64),
    )  # fmt: skip
    flow.add_arcs_with_capacity_and_unit_cost(
        clients + np.arange(therapists), np.full(therapists, sink),
        capacity.astype(np.int64), np.zeros(therapists, np.int64),
    )  # fmt: skip
    # Unplaced clients' supply goes straight to the sink, at no gain.
    flow.add_arc_with_capacity_and_unit_cost(source, sink, clients, 0)
    flow.set_node_supply(source, clients)
    flow.set_node_supply(sink, -clients)
    if flow.solve() != flow.OPTIMAL:
        return None
    return flow.flows(pairs) > 0
