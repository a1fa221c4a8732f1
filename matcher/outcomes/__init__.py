"""Outcome records and therapists' track records (CONTRACT §5.2); no Flask.

One public entry per capability: ``import_outcomes`` loads a file,
``delete_outcomes`` removes a therapist's or an episode's records, and
``TrackRecords`` fits track records on the clinic's episodes.
"""

from __future__ import annotations

from .importer import (
    OutcomeReport,
    delete_outcomes,
    format_outcome_report,
    import_outcomes,
)

__all__ = [
    "OutcomeReport",
    "delete_outcomes",
    "format_outcome_report",
    "import_outcomes",
]
