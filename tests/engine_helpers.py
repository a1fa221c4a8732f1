"""Builders for engine tests: directories and requests made in the test itself."""

from __future__ import annotations

from typing import Any

import pandas as pd

from matcher import store
from matcher.directory.importer import import_bytes
from tests.conftest import to_csv

BASE = {
    "license_states": "MA",
    "state": "MA",
    "postal_code": "02139",
    "in_person": "true",
    "telehealth": "true",
    "accepting_new_clients": "true",
    "updated_at": "2026-10-01",
}


def therapist(therapist_id: str, **fields: Any) -> dict[str, Any]:
    """Return a CSV-style profile row with sensible defaults and overrides."""
    row = {"id": therapist_id, "name": f"Therapist {therapist_id}", **BASE}
    row.update({k: _cell(v) for k, v in fields.items()})
    return row


def _cell(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ";".join(map(str, value))
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def directory(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """Import rows through the real import into a memory store; return the frame."""
    db = store.connect(memory=True)
    report = import_bytes(db, to_csv(rows), "test.csv")
    assert report.outcome == "imported", report.errors
    return store.load_directory(db)


def ids_without_ties(matches: Any) -> list[str]:
    """Return the matches' ids best first, checking that no two scores tie."""
    scores = [m.score for m in matches]
    assert len(set(scores)) == len(scores), scores
    return [m.therapist_id for m in matches]
