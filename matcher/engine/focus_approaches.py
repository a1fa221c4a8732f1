"""Focus for approaches: listing an approach, and the bio speaking of it.

An approach's match for one therapist (0..1) adds three parts, each counted
only when the profile lists the approach:

- **listed** (``LISTED``): the approach is among the profile's approaches;
- **breadth** (``BREADTH`` x 0..1): how much of the list it is, diluted as
  a concern is among many specialties (``focus.breadth``) but with its own
  reference length ``BREADTH_REF``;
- **own words** (``WORDS`` x 0..1): how much the bio speaks of it, read as a
  concern's words are read (``focus.bio_projection``) on the approach's
  label, aliases and ``data/focus/terms.json`` words.

The bio counts only beside a listing: an approach's words are common words
("patterns", "present", "parts", "family"), so a bio that uses them without
listing the approach says too little about practising it. Everything is
worked out once per fit into a (therapists x approaches) table; a request's
match is the best of the approaches it names (any one will do, as before).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..directory.vocab import vocabulary

LISTED = 0.60  # share of an approach's match for listing it at all
BREADTH = 0.15  # share for how much of the list it is
WORDS = 0.25  # share for the bio speaking of it
BREADTH_K = 1.0  # BM25's k1, as for concerns
BREADTH_REF = 4  # this many approaches or fewer count as a short list


def row_count(table: np.ndarray, rows: np.ndarray | slice) -> int:
    """Return how many of the table's rows ``rows`` reads, copying none of them."""
    if isinstance(rows, slice):
        return len(range(table.shape[0])[rows])
    return len(rows)


def approach_breadth(count: np.ndarray | int) -> np.ndarray:
    """Return how fully one listed approach counts among ``count`` (0..1)."""
    count = np.asarray(count, dtype=np.float64)
    return np.minimum(1.0, (1.0 + BREADTH_K) / (1.0 + BREADTH_K * count / BREADTH_REF))


@dataclass
class ApproachFocus:
    """Each therapist's match for each approach, and its bio's part of it."""

    keys: dict[str, int]  # approach key -> column
    match: np.ndarray  # float64 (therapists, approaches), 0..1
    bio: np.ndarray  # float64 (therapists, approaches), 0..1, where listed

    def part(self, rows: np.ndarray) -> ApproachFocus:
        """Return the focus of some rows (a state's), in their order."""
        return ApproachFocus(self.keys, self.match[rows], self.bio[rows])

    def approaches_match(
        self, approaches: Sequence[str], rows: np.ndarray | slice
    ) -> np.ndarray:
        """Return, per row, the best match among the approaches asked."""
        columns = [self.keys[a] for a in approaches if a in self.keys]
        if not columns:
            return np.zeros(row_count(self.match, rows))
        # Only the columns asked: the rows' whole block would be copied first.
        if isinstance(rows, slice):
            return self.match[rows, columns].max(axis=1)
        return self.match[rows[:, None], np.asarray(columns)].max(axis=1)

    def bio_words(self, row: int) -> dict[str, float]:
        """Return one row's bio part per listed approach its bio speaks of."""
        found = np.flatnonzero(self.bio[row])
        names = list(self.keys)
        return {names[c]: float(self.bio[row, c]) for c in found.tolist()}


def approach_keys(listed: dict[str, int]) -> dict[str, int]:
    """Return every approach key: the vocabulary's, then any other listed value."""
    known = vocabulary("approaches").entries
    keys = [*known, *(k for k in listed if k not in known)]
    return {k: j for j, k in enumerate(keys)}


def listed_matrix(cells: Sequence[Sequence[str]], keys: dict[str, int]) -> np.ndarray:
    """Return the (rows, keys) bool matrix of the values each row lists."""
    listed = np.zeros((len(cells), len(keys)), dtype=bool)
    for row, values in enumerate(cells):
        listed[row, [keys[v] for v in values]] = True
    return listed


def approach_match(listed: np.ndarray, bio: np.ndarray) -> np.ndarray:
    """Return every row's match for every approach from its list and bio parts."""
    count = np.maximum(listed.sum(axis=1, keepdims=True), 1)
    spread = approach_breadth(count)
    return listed * (LISTED + BREADTH * spread + WORDS * bio)


def build_approach_focus(approaches: Sequence[Sequence[str]], project) -> ApproachFocus:
    """Work out every therapist's match for every approach, once per fit.

    ``project(field, keys)`` returns the bios' shares on each key's words
    (``focus.bio_projection`` over the fit's one TF-IDF model).
    """
    keys = approach_keys({v: 0 for values in approaches for v in values})
    listed = listed_matrix(approaches, keys)
    bio = np.where(listed, project("approaches", list(keys)), 0.0)
    return ApproachFocus(keys, approach_match(listed, bio), bio)
