"""List fields as boolean matrices: a row per therapist, a column per value."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..directory.vocab import normalise, vocabulary

BEST_KEPT = 64  # credits whose best a list column keeps (one per concern asked)


@dataclass
class ListColumn:
    """One list field as a boolean matrix: a row per therapist, a column per value."""

    columns: dict[str, int]
    matrix: np.ndarray  # bool, (n, len(columns))
    given: np.ndarray  # bool, (n,): the profile lists at least one value

    def has_any(self, values: tuple[str, ...], rows: np.ndarray | slice) -> np.ndarray:
        """Tell, per row, whether the therapist lists at least one of the values."""
        return self.count(values, rows) > 0

    def count(self, values: tuple[str, ...], rows: np.ndarray | slice) -> np.ndarray:
        """Count, per row, how many of the values the therapist lists."""
        cols = [self.columns[v] for v in values if v in self.columns]
        if not cols:
            return np.zeros(self.given[rows].shape[0], dtype=np.int32)
        return self.take(rows, cols).sum(axis=1, dtype=np.int32)

    def best_of(self, credit: dict[str, float], rows: np.ndarray | slice) -> np.ndarray:
        """Return, per row, the highest credit among the values listed (0 if none)."""
        known = [(self.columns[v], c) for v, c in credit.items() if v in self.columns]
        if not known:
            return np.zeros(self.given[rows].shape[0])
        best = self._best_everywhere(tuple(known))[rows]
        return best.copy() if isinstance(rows, slice) else best  # never the kept one

    def _best_everywhere(self, known: tuple[tuple[int, float], ...]) -> np.ndarray:
        """Return best_of over every row, worked out once per credit and kept.

        Each row's value is its own maximum, so reading the rows of a request
        from it gives the values worked out over those rows alone.
        """
        kept = self.__dict__.setdefault("_best_kept", {})  # not a field: not saved
        found = kept.get(known)
        if found is None:
            found = np.zeros(self.matrix.shape[0])
            for column, credit in known:  # column by column: max is exact
                np.maximum(found, self.matrix[:, column] * credit, out=found)
            if len(kept) >= BEST_KEPT:
                kept.clear()
            kept[known] = found
        return found

    def take(self, rows: np.ndarray | slice, cols: list[int]) -> np.ndarray:
        """Return the given rows of the given columns, copying nothing else."""
        if isinstance(rows, slice):
            return self.matrix[rows, cols]
        # Broadcast indexing: np.ix_ does the same with more Python-level checks.
        return self.matrix[rows[:, None], np.asarray(cols)]


def insurance_key(value: str) -> str:
    """Compare payers by key, or by folded text when a payer has no key."""
    return value if value in vocabulary("insurance").entries else normalise(value)


def text_of(cell: object) -> tuple[str, ...]:
    if cell is None or (isinstance(cell, float) and np.isnan(cell)):
        return ()
    return (cell,) if isinstance(cell, str) else tuple(cell)


def build_list_column(
    cells: list[tuple[str, ...]], assumed: tuple[str, ...] = ()
) -> ListColumn:
    """Build the boolean matrix of one list field."""
    columns: dict[str, int] = {}
    for values in cells:
        for value in values:
            columns.setdefault(value, len(columns))
    for value in assumed:
        columns.setdefault(value, len(columns))
    matrix = np.zeros((len(cells), len(columns)), dtype=bool)
    given = np.fromiter((bool(v) for v in cells), dtype=bool, count=len(cells))
    rows, cols = [], []
    for row, values in enumerate(cells):
        for value in values or assumed:
            rows.append(row)
            cols.append(columns[value])
    matrix[rows, cols] = True
    return ListColumn(columns, matrix, given)
