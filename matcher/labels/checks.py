"""The admin overview's label checks, worked out once per directory state.

Finding the filters that "will exclude almost everyone" reads every stored
profile (about three seconds at 20,000). The answer only changes when the
directory does (its version, profile count and latest change) or the
vocabulary files do (a new release), so each process keeps the latest answer
under both and gives it back while they hold. Nothing is written to the
database: a page load changes nothing.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import sqlite_utils

from .. import store
from ..directory.vocab import vocabulary
from ..store.faults import database_path
from .report import FILTER_FIELDS, stored_blind_filters

# Database file -> (directory fingerprint, vocabulary stamp, blind filters).
_KEPT: dict[Path, tuple[tuple, str, list[dict[str, Any]]]] = {}


@lru_cache(maxsize=1)
def vocabulary_stamp() -> str:
    """Return a short digest of the filter fields' keys (they change on release)."""
    keys = {name: sorted(vocabulary(name).entries) for name in FILTER_FIELDS}
    return hashlib.sha256(json.dumps(keys).encode()).hexdigest()[:16]


def directory_blind_filters(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Return the stored directory's blind filters, worked out once per state."""
    where = database_path(db)
    if where is None:  # a database in memory: nothing to tell it from another
        return stored_blind_filters(store.upkeep.iter_profiles(db))
    fingerprint = store.aliases.directory_fingerprint(db)
    stamp = vocabulary_stamp()
    kept = _KEPT.get(where)
    if kept is not None and kept[:2] == (fingerprint, stamp):
        return kept[2]
    found = stored_blind_filters(store.upkeep.iter_profiles(db))
    # A change committed while the profiles were read has its own fingerprint.
    if store.aliases.directory_fingerprint(db) == fingerprint:
        _KEPT[where] = (fingerprint, stamp, found)
    return found


def forget() -> None:
    """Forget every kept check (the next read works it out again)."""
    _KEPT.clear()
