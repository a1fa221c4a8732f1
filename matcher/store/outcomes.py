"""Outcome records: one de-identified row per episode of care (CONTRACT §5.2)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
import sqlite_utils

from . import SCHEMA_HOOKS, _bump_version, now_utc

OUTCOME_COLUMNS: dict[str, type] = {
    "episode_id": str,
    "therapist_id": str,
    "domain": str,
    "measure": str,
    "baseline": float,
    "final": float,
    "sessions": int,
    "completed": int,
    "alliance": float,
    "ended_on": str,
    "imported_at": str,
}
RECORD_FIELDS = tuple(c for c in OUTCOME_COLUMNS if c != "imported_at")
LAST_IMPORT_KEY = "outcomes_last_import"


def create_tables(db: sqlite_utils.Database) -> None:
    """Create the outcome_records table if it is missing."""
    if not db["outcome_records"].exists():
        db["outcome_records"].create(OUTCOME_COLUMNS, pk="episode_id")
        db["outcome_records"].create_index(["therapist_id", "domain"])


SCHEMA_HOOKS.append(create_tables)


def existing_episodes(db: sqlite_utils.Database) -> dict[str, tuple]:
    """Return every stored episode id with its recorded values, for comparison."""
    columns = ", ".join(RECORD_FIELDS)
    rows = db.execute(f"SELECT {columns} FROM outcome_records")
    return {row[0]: tuple(row) for row in rows}


def record_values(row: dict[str, Any]) -> tuple:
    """Return a row's values in store order, as existing_episodes gives them."""
    return tuple(row.get(name) for name in RECORD_FIELDS)


def upsert_outcomes(db: sqlite_utils.Database, rows: Sequence[dict[str, Any]]) -> None:
    """Insert or update episodes by episode_id, inside the caller's transaction.

    Changed records change the ranking (track records), so they bump the
    directory version: every fitted engine refits, and each answer names the
    version of the data it came from.
    """
    stamp = now_utc()
    names = (*RECORD_FIELDS, "imported_at")
    updates = ", ".join(f"{c} = excluded.{c}" for c in names if c != "episode_id")
    db.conn.executemany(
        f"INSERT INTO outcome_records ({', '.join(names)})"
        f" VALUES ({', '.join('?' for _ in names)})"
        f" ON CONFLICT(episode_id) DO UPDATE SET {updates}",
        ([*record_values(row), stamp] for row in rows),
    )
    db.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?)"
        " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [LAST_IMPORT_KEY, stamp],
    )
    if rows:
        _bump_version(db)


def delete_outcomes(
    db: sqlite_utils.Database,
    *,
    therapist_id: str | None = None,
    episode_id: str | None = None,
) -> int:
    """Delete one therapist's or one episode's records; return how many went."""
    if (therapist_id is None) == (episode_id is None):
        raise ValueError("name exactly one of therapist_id or episode_id")
    column, value = (
        ("therapist_id", therapist_id) if therapist_id else ("episode_id", episode_id)
    )
    cursor = db.execute(f"DELETE FROM outcome_records WHERE {column} = ?", [value])
    if cursor.rowcount:
        _bump_version(db)  # the ranking changes, as on import
    return cursor.rowcount


def load_outcomes(db: sqlite_utils.Database) -> pd.DataFrame:
    """Return every episode as a DataFrame, completed as True/False/None."""
    frame = pd.read_sql_query(
        f"SELECT {', '.join(RECORD_FIELDS)} FROM outcome_records ORDER BY episode_id",
        db.conn,
    )
    frame["completed"] = (
        frame["completed"].map(lambda v: None if pd.isna(v) else bool(v)).astype(object)
    )
    return frame


def last_outcome_import(db: sqlite_utils.Database) -> str | None:
    """Return when outcome records were last imported (UTC ISO text), or None."""
    row = db.execute("SELECT value FROM meta WHERE key = ?", [LAST_IMPORT_KEY])
    found = row.fetchone()
    return found[0] if found else None


def therapist_ids(db: sqlite_utils.Database) -> set[str]:
    """Return every stored profile id, active or not."""
    return {row[0] for row in db.execute("SELECT id FROM therapists")}
