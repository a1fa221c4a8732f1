"""Values a state's part works out once over all its rows and keeps."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from contextlib import suppress
from typing import Any

import numpy as np

from .index_lists import ListColumn

WHOLE = slice(None)  # every row of an index, read as a view
KEPT_VALUES = 64  # values a state's part keeps of each kind, the least recent out first


class KeptValues:
    """The values of the latest ``room`` keys read, the least recent let go first.

    Safe to share between threads: at worst two of them work a value out.
    """

    def __init__(self, room: int = KEPT_VALUES):
        self.room = room
        self._values: OrderedDict[Hashable, Any] = OrderedDict()

    def get(self, key: Hashable, work: Callable[[], Any]) -> Any:
        """Return the key's value, worked out now if it is not kept."""
        value = self._values.get(key)
        if value is not None:
            with suppress(KeyError):  # another thread may have let it go
                self._values.move_to_end(key)
            return value
        value = self._values[key] = work()
        while len(self._values) > self.room:
            with suppress(KeyError):
                self._values.popitem(last=False)
        return value

    def __len__(self) -> int:
        return len(self._values)


def whole(rows: np.ndarray | slice) -> bool:
    return isinstance(rows, slice) and rows == WHOLE


class KeptListColumn(ListColumn):
    """A list field that keeps what it has worked out over all its rows.

    A state's part (``DirectoryIndex.part``) is read over all its rows by
    every request of the state, most asking for a few common values: each
    value's column and each credit's best (one per concern) are worked out
    once. Reads of some rows only are not kept.
    """

    def __init__(self, columns, matrix, given):
        super().__init__(columns, matrix, given)
        self._kept: dict[object, np.ndarray] = {}

    def _keep(self, key: object, work: Callable[[], np.ndarray]) -> np.ndarray:
        if key not in self._kept:
            self._kept[key] = work()
        return self._kept[key]

    def count(self, values: tuple[str, ...], rows: np.ndarray | slice) -> np.ndarray:
        """Count, per row, how many of the values the therapist lists."""
        if not whole(rows):
            return super().count(values, rows)
        total = np.zeros(len(self.given), dtype=np.int32)
        for value in values:
            if value in self.columns:
                column = self.columns[value]
                total += self._keep(value, lambda c=column: self.matrix[:, c].copy())
        return total

    def best_of(self, credit: dict[str, float], rows: np.ndarray | slice) -> np.ndarray:
        """Return, per row, the highest credit among the values listed (0 if none)."""
        if not whole(rows):
            return super().best_of(credit, rows)
        work = super().best_of
        return self._keep(("best_of", *credit.items()), lambda: work(credit, rows))
