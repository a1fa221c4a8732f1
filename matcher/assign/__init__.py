"""Waitlist assignment: give each waiting client at most one therapist.

``assign`` ranks every client with the engine's batch path, keeps the eligible
therapists that have open slots, and solves the capacitated assignment exactly
(``matcher.assign.solve``): as many urgent clients placed as possible, then
high, then normal; among those, the highest total fit; then the longest
waiting. It also runs first-come greedy on the same candidates for comparison.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from ..engine.matcher import Matcher
from .candidates import Candidate, ClientOptions, client_options, options_on_dask
from .result import Placement, Summary, greedy, placements, summarise
from .solve import SolverError, solve
from .waitlist import (
    PRIORITIES,
    WaitingClient,
    Waitlist,
    parse_waiting,
    parse_waitlist,
    read_waitlist,
)

__all__ = [
    "PRIORITIES",
    "Assignment",
    "Candidate",
    "ClientOptions",
    "Placement",
    "SolverError",
    "Summary",
    "WaitingClient",
    "Waitlist",
    "assign",
    "assign_options",
    "client_options",
    "options_on_dask",
    "parse_waiting",
    "parse_waitlist",
    "read_waitlist",
    "slots_of",
]


@dataclass(frozen=True)
class Assignment:
    """The optimal placements, their summary, and greedy's summary to compare."""

    placements: list[Placement]
    summary: Summary
    greedy: Summary
    options: list[ClientOptions]


def waiting_order(clients: Sequence[WaitingClient]) -> list[int]:
    """Client positions by waiting date (earliest first, undated last), then input."""
    last = dt.date.max
    return sorted(
        range(len(clients)), key=lambda i: (clients[i].waiting_since or last, i)
    )


def assign(
    matcher: Matcher,
    clients: Sequence[WaitingClient],
    open_slots: Mapping[str, int],
    scheduler: str | None = None,
) -> Assignment:
    """Assign waiting clients to therapists within each one's ``open_slots``.

    ``matcher`` is fitted on the directory; ``open_slots`` maps therapist id to
    slots (missing or 0: no slot). Every pair is one the client's own ranking
    lists, so every hard filter holds and the score is the one they would see.
    With ``scheduler`` (see ``options_on_dask``) the ranking runs on Dask, one
    task per state, with the same candidates. The same input always gives the
    same output.
    """
    slots = {tid: int(n) for tid, n in open_slots.items() if n and n > 0}
    if scheduler is None:
        options = client_options(matcher, clients, slots)
    else:
        options = options_on_dask(matcher, clients, slots, scheduler)
    return assign_options(clients, options, slots)


def assign_options(
    clients: Sequence[WaitingClient],
    options: Sequence[ClientOptions],
    slots: Mapping[str, int],
) -> Assignment:
    """Solve the assignment over candidates already ranked (``client_options``)."""
    order = waiting_order(clients)
    weight = [0] * len(clients)
    for place, i in enumerate(order):
        weight[i] = len(clients) - place
    chosen = solve(options, [c.priority for c in clients], weight, slots)
    baseline = greedy(options, order, slots)
    return Assignment(
        placements=placements(clients, options, chosen, slots),
        summary=summarise(clients, options, chosen),
        greedy=summarise(clients, options, baseline),
        options=list(options),
    )


def slots_of(profiles: pd.DataFrame) -> dict[str, int]:
    """Return each profile's open slots, leaving out those with none stated or 0."""
    if "open_slots" not in profiles:
        return {}
    stated = profiles[["id", "open_slots"]].dropna()
    pairs = zip(stated["id"], stated["open_slots"], strict=True)
    return {str(tid): int(n) for tid, n in pairs if n > 0}
