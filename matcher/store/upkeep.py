"""Directory upkeep by admins: search, edit one profile, (de)activate, export."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import sqlite_utils

from . import (
    WRITTEN_COLUMNS,
    _bump_version,
    from_row,
    now_utc,
    transaction,
)

STATUSES = ("all", "active", "inactive", "stale")
ORDERS = {
    "stale": "stale DESC, coalesce(updated_at, '') ASC, id",
    "name": "name COLLATE NOCASE, id",
    "id": "id",
    "changed": "last_changed_at DESC, id",
}
LISTED_COLUMNS = (
    "id", "name", "city", "state", "license_states", "accepting_new_clients",
    "updated_at", "active", "inactive_reason", "last_changed_at",
)  # fmt: skip


class EditConflictError(RuntimeError):
    """The profile changed (or vanished) since the admin opened it."""


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _filters(query: str, status: str, stale_before: str) -> tuple[str, list[Any]]:
    clauses, params = [], []
    if query.strip():
        pattern = f"%{_escape_like(query.strip())}%"
        clauses.append(
            "(" + " OR ".join(f"{c} LIKE ? ESCAPE '\\'" for c in
                              ("id", "name", "city", "email")) + ")"
        )  # fmt: skip
        params += [pattern] * 4
    if status == "active":
        clauses.append("active = 1")
    elif status == "inactive":
        clauses.append("active = 0")
    elif status == "stale":
        clauses.append("active = 1 AND (updated_at IS NULL OR updated_at < ?)")
        params.append(stale_before)
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def search_profiles(
    db: sqlite_utils.Database,
    *,
    query: str = "",
    status: str = "all",
    stale_before: str,
    order: str = "stale",
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[dict[str, Any]], int]:
    """Return one page of profiles matching a search, and how many match in all.

    ``stale_before`` is the ISO date before which a confirmation is stale; a
    profile with no confirmation date is stale too.
    """
    where, params = _filters(query, status, stale_before)
    total = db.execute(f"SELECT count(*) FROM therapists{where}", params).fetchone()[0]
    sql = (
        f"SELECT {', '.join(LISTED_COLUMNS)},"
        " (updated_at IS NULL OR updated_at < ?) AS stale"
        f" FROM therapists{where} ORDER BY {ORDERS.get(order, ORDERS['stale'])}"
        " LIMIT ? OFFSET ?"
    )
    cursor = db.execute(sql, [stale_before, *params, limit, offset])
    columns = [d[0] for d in cursor.description]
    rows = [from_row(dict(zip(columns, r, strict=True))) for r in cursor]
    for row in rows:
        row["active"], row["stale"] = bool(row["active"]), bool(row["stale"])
    return rows, total


def directory_counts(db: sqlite_utils.Database, stale_before: str) -> dict[str, int]:
    """Count profiles: all, active, inactive, and active but stale."""
    row = db.execute(
        "SELECT count(*), coalesce(sum(active), 0),"
        " coalesce(sum(active = 1 AND (updated_at IS NULL OR updated_at < ?)), 0)"
        " FROM therapists",
        [stale_before],
    ).fetchone()
    return {"all": row[0], "active": row[1], "inactive": row[0] - row[1],
            "stale": row[2]}  # fmt: skip


def save_profile(
    db: sqlite_utils.Database, row: dict[str, Any], expected_hash: str
) -> int:
    """Overwrite one stored profile if it is unchanged since read; return the version.

    ``row`` is a store-ready row (see ``matcher.directory.importer.stored_row``); the
    profile keeps its status and first import time.
    """
    columns = [c for c in WRITTEN_COLUMNS if c not in ("id", "first_imported_at")]
    assignments = ", ".join(f"{c} = ?" for c in columns)
    with transaction(db):
        cursor = db.execute(
            f"UPDATE therapists SET {assignments}, last_changed_at = ?"
            " WHERE id = ? AND content_hash = ?",
            [*(row.get(c) for c in columns), now_utc(), row["id"], expected_hash],
        )
        if cursor.rowcount != 1:
            raise EditConflictError(
                f"profile {row['id']!r} changed or was removed since it was opened"
            )
        return _bump_version(db)


def set_profile_active(
    db: sqlite_utils.Database, therapist_id: str, *, active: bool, reason: str | None
) -> bool:
    """Activate or deactivate one profile; tell whether anything changed."""
    with transaction(db):
        cursor = db.execute(
            "UPDATE therapists SET active = ?, inactive_reason = ?,"
            " last_changed_at = ? WHERE id = ? AND active = ?",
            [int(active), reason, now_utc(), therapist_id, int(not active)],
        )
        if cursor.rowcount:
            _bump_version(db)
    return bool(cursor.rowcount)


def iter_profiles(
    db: sqlite_utils.Database, *, include_inactive: bool = False
) -> Iterator[dict[str, Any]]:
    """Yield stored profiles (lists and booleans restored) in id order."""
    where = "" if include_inactive else "active = 1"
    for row in db["therapists"].rows_where(where or None, order_by="id"):
        yield from_row(row)
