"""Fit track records once per state of the outcome records, not once per fit.

A directory change refits the engine's index, but the track records depend on
the outcome records alone (``TrackRecords.fit`` reads nothing else), and
fitting them takes seconds on a clinic's history. So the latest fitted track
records are kept with a digest of the outcome records they came from, the
outcome data's own version, and reused while the digest stays the same.
"""

from __future__ import annotations

import hashlib
import threading

import pandas as pd

from .track import TrackRecords

_latest: tuple[str, TrackRecords] | None = None
_lock = threading.Lock()


def outcomes_digest(outcomes: pd.DataFrame) -> str:
    """Return a digest of outcome records: their columns, order and values."""
    digest = hashlib.sha256("\x1f".join(map(str, outcomes.columns)).encode())
    digest.update(pd.util.hash_pandas_object(outcomes, index=False).to_numpy())
    return digest.hexdigest()


def fitted_track_records(outcomes: pd.DataFrame) -> TrackRecords:
    """Return track records fitted on these outcome records, reusing the latest."""
    global _latest
    digest = outcomes_digest(outcomes)
    with _lock:  # one fit at a time: a second caller reuses the first's
        if _latest is None or _latest[0] != digest:
            _latest = (digest, TrackRecords().fit(outcomes))
        return _latest[1]


def latest() -> tuple[str, TrackRecords] | None:
    """Return the latest fitted track records with their digest, if any."""
    return _latest


def remember(digest: str, records: TrackRecords) -> None:
    """Keep track records fitted elsewhere (another process) for reuse."""
    global _latest
    with _lock:
        _latest = (digest, records)
