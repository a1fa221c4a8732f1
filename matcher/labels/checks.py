"""The admin overview's label checks, worked out once per directory version.

Finding the filters that "will exclude almost everyone" reads every stored
profile (about two seconds at 20,000). The answer only changes when the
directory does (its version) or the vocabulary files do (a new release), so
it is saved in the database under both and read back on later loads.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from typing import Any

import sqlite_utils

from .. import store
from ..vocab import vocabulary
from .report import FILTER_FIELDS, stored_blind_filters


@lru_cache(maxsize=1)
def vocabulary_stamp() -> str:
    """Return a short digest of the filter fields' keys (they change on release)."""
    keys = {name: sorted(vocabulary(name).entries) for name in FILTER_FIELDS}
    return hashlib.sha256(json.dumps(keys).encode()).hexdigest()[:16]


def directory_blind_filters(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Return the stored directory's blind filters, saved once per version."""
    version = store.directory_version(db)
    stamp = f"{version}:{vocabulary_stamp()}"
    found = store.aliases.saved_check(db, stamp)
    if found is None:
        found = stored_blind_filters(store.upkeep.iter_profiles(db))
        # A change committed while the profiles were read has its own version.
        if store.directory_version(db) == version:
            store.aliases.save_check(db, stamp, found)
    return found
