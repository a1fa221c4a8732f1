"""Outcome records and therapists' track records (CONTRACT §5.2); no Flask.

One public entry per capability: ``import_outcomes`` loads a file,
``delete_outcomes`` removes a therapist's or an episode's records, and
``TrackRecords`` fits track records on the clinic's episodes.
"""

from __future__ import annotations

import sqlite_utils

from ..store.outcomes import load_outcomes
from .importer import (
    OutcomeReport,
    delete_outcomes,
    format_outcome_report,
    import_outcomes,
)
from .track import CLASSES, TrackRecords

__all__ = [
    "CLASSES",
    "TrackRecords",
    "fit_track_records",
    "OutcomeReport",
    "delete_outcomes",
    "format_outcome_report",
    "import_outcomes",
]


def fit_track_records(db: sqlite_utils.Database, **settings: float) -> TrackRecords:
    """Fit track records on every outcome record in the database."""
    return TrackRecords(**settings).fit(load_outcomes(db))
