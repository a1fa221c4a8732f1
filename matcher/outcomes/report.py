"""Report cards and the clinic overview, read from fitted track records (admins only).

Plain rows for a page or a script: numbers rounded for reading, missing
dropout or alliance data as None, never a client's own answers.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from .track import CLASSES, TrackRecords


def report_card(records: TrackRecords, therapist_id: str) -> list[dict[str, Any]]:
    """Return one therapist's record per domain, domains in alphabetical order."""
    table = records.records_
    mine = table[table["therapist_id"] == therapist_id].sort_values("domain")
    return [_readable(row) for row in mine.to_dict("records")]


def clinic_overview(records: TrackRecords) -> list[dict[str, Any]]:
    """Return per domain: therapists, episodes and how many records in each class."""
    return _counted(records, "domain", "therapists")


def therapists_with_records(records: TrackRecords) -> list[dict[str, Any]]:
    """Return each therapist with records: domains, episodes, classes counted."""
    return _counted(records, "therapist_id", "domains")


def _counted(records: TrackRecords, by: str, other: str) -> list[dict[str, Any]]:
    # One row per value of ``by``: its records (one per therapist x domain),
    # named ``other``, their episodes, and how many records in each class.
    rows = []
    for value, part in records.records_.groupby(by, sort=True):
        counts = part["track_record"].value_counts()
        rows.append(
            {by: value, other: len(part), "episodes": int(part["n"].sum())}
            | {kind: int(counts.get(kind, 0)) for kind in CLASSES}
        )
    return rows


def _readable(row: dict[str, Any]) -> dict[str, Any]:
    def rounded(value: Any, digits: int) -> float | None:
        return None if pd.isna(value) else round(float(value), digits)

    return {
        "domain": row["domain"],
        "n": int(row["n"]),
        "effect": rounded(row["effect"], 2),
        "low": rounded(row["low"], 2),
        "high": rounded(row["high"], 2),
        "track_record": row["track_record"],
        "dropout_rate": rounded(row["dropout_rate"], 2),
        "dropout_known": int(row["dropout_known"]),
        "alliance_mean": rounded(row["alliance_mean"], 1),
        "alliance_n": int(row["alliance_n"]),
    }
