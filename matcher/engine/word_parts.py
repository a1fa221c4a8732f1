"""The parts of a match's words that depend only on the therapist, kept per fit.

A fitted Matcher holds one ``WordParts`` for its directory version: a search
words its matches from these parts instead of working them out again for every
answer. A new directory version is a new fit, so a new, empty ``WordParts``;
nothing here outlives the version it was worded from, and nothing here holds a
client's answers (keys are therapist rows and the Matcher's own settings).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .explain import EXPLAINED_FIELDS, status_caveats
from .index import DirectoryIndex, profile_at
from .kept_profile import KeptProfile

# Rows worded and kept at most; past this they are all dropped and worded again
# as searches need them, so a large directory keeps a bounded memory.
MAX_KEPT = 20_000


class WordParts:
    """Word once per directory version what a therapist's matches always say."""

    def __init__(self, index: DirectoryIndex, max_kept: int = MAX_KEPT):
        self.index = index
        self.max_kept = max_kept
        self._profiles: dict[int, dict[str, Any]] = {}
        self._status: dict[tuple[int, dt.date, int], tuple[str, ...]] = {}

    def profile(self, row: int) -> dict[str, Any]:
        """Return the profile fields the words read, for one indexed row.

        A ``KeptProfile``: what the words derive from it alone is kept with it.
        """
        found = self._profiles.get(row)
        if found is None:
            found = KeptProfile(profile_at(self.index, row, EXPLAINED_FIELDS))
            _keep(self._profiles, row, found, self.max_kept)
        return found

    def status_caveats(
        self, row: int, today: dt.date, stale_days: int
    ) -> tuple[str, ...]:
        """Return the caveats about the listing itself (stale, not taking clients)."""
        key = (row, today, stale_days)
        found = self._status.get(key)
        if found is None:
            found = tuple(status_caveats(self.profile(row), today, stale_days))
            _keep(self._status, key, found, self.max_kept)
        return found


def _keep(kept: dict, key: Any, value: Any, max_kept: int) -> None:
    """Keep value under key, starting afresh when full."""
    if len(kept) >= max_kept:
        kept.clear()  # one call: safe while other threads read and add
    kept[key] = value
