"""The batch path for large states: one request at a time, over the state's part.

In a state of thousands of therapists, one request's arithmetic already fills
each NumPy call, so scoring requests together as (requests x therapists)
matrices saves little, and such matrices outgrow the processor's cache. What
a batch can share there is the state itself: its part of the index
(``DirectoryIndex.part``) holds the state's rows as arrays of their own, read
whole as views, and keeps each list value's column once worked out. Parts are
kept between calls, as a re-score sends a state's requests in several chunks.

Every filter and factor value comes from the single path's own code run on
the part, so it is the same to the last bit; the candidates for the top k are
picked on a total summed here by the matrix path's own rule
(``matcher.engine.candidates``).
"""

from __future__ import annotations

import threading
from collections import OrderedDict

import numpy as np

from .candidates import Scored, candidate_rows, factor_shares
from .factors import MATCHERS, factor_plan
from .index import DirectoryIndex
from .index_kept import WHOLE, KeptValues
from .index_text import TextQuery
from .request import Request
from .scoring import filter_inputs, passing

PART_ROWS = 2_000  # states with at least this many therapists are scored here
PART_REQUESTS = 16  # requests of a state in one call that pay for a new part
PARTS_KEPT = 2  # states whose parts a matcher keeps between calls


class StatePart:
    """One state's therapists as a part of the index, and where its rows sit."""

    def __init__(self, index: DirectoryIndex, state: str):
        self.index = index.part(state)
        self.rows = index.by_state.get(state, np.zeros(0, dtype=np.int64))
        self.outside = index.size - len(self.rows)
        self._passing = KeptValues()

    def passing(self, request: Request) -> tuple[np.ndarray, dict[str, int]]:
        """Return ``scoring.passing`` over the part, kept for equal filters."""
        inputs = filter_inputs(request)
        if inputs is None:
            return passing(self.index, request, WHOLE)
        alive, removed = self._passing.get(
            inputs, lambda: passing(self.index, request, WHOLE)
        )
        return alive.copy(), dict(removed)


class StateParts:
    """The parts of the states a matcher's recent batches read, a few kept."""

    def __init__(self, index: DirectoryIndex, room: int = PARTS_KEPT):
        self.index, self.room = index, room
        self._parts: OrderedDict[str, StatePart] = OrderedDict()
        self._lock = threading.Lock()

    def __getstate__(self) -> dict:
        # Sent to other processes (Dask workers) empty: parts are made there.
        return {"index": self.index, "room": self.room}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["index"], state["room"])

    def get(self, state: str, requests: int, always: bool = False) -> StatePart | None:
        """Return the state's part: kept, new, or None if too few requests for one.

        ``always`` makes a new part whatever the number of requests.
        """
        with self._lock:
            part = self._parts.get(state)
            if part is None:
                if requests < PART_REQUESTS and not always:
                    return None
                part = self._parts[state] = StatePart(self.index, state)
                if len(self._parts) > self.room:
                    self._parts.popitem(last=False)
            self._parts.move_to_end(state)
            return part


def score_in_state(
    part: StatePart,
    request: Request,
    query: TextQuery | None,
    scale: dict[str, float],
    keep: int,
) -> Scored:
    """Score one request of the part's state; only rows that can reach its top k.

    The total over the state decides which rows can reach the top ``keep``;
    every row within CANDIDATE_MARGIN of the k-th best goes on, with its exact
    factor values, to the same ranking as a single ``rank``.
    """
    alive, removed = part.passing(request)
    excluded = ({"license_state": part.outside} if part.outside else {}) | removed
    names, weights = factor_plan(request, query, scale, part.index)
    values = [
        MATCHERS[name](part.index, request, WHOLE, query)
        if name != "requirements" else np.ones(len(part.rows))
        for name in names
    ]  # fmt: skip
    shares = factor_shares(weights).tolist()
    totals = shares[0] * values[0]
    for share, column in zip(shares[1:], values[1:], strict=True):
        totals += share * column
    eligible = int(np.count_nonzero(alive))
    if eligible > keep:  # as on the matrix path: only rows that can reach top k
        alive = candidate_rows(totals[None, :], alive[None, :], np.array([keep]))[0]
    picked = np.flatnonzero(alive)
    matches = np.column_stack([column[picked] for column in values])
    return Scored(part.rows[picked], excluded, names, weights, matches, eligible)
