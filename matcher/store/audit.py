"""The audit log: who did what to the directory and the admin area, and when."""

from __future__ import annotations

import json
from typing import Any

import sqlite_utils

from . import SCHEMA_HOOKS, now_utc

# Secrets and client answers never belong in the log; refuse them by name.
FORBIDDEN_DETAIL_KEYS = frozenset(
    {"password", "password_hash", "token", "csrf_token", "session", "answers"}
)


def create_tables(db: sqlite_utils.Database) -> None:
    """Create the audit_log table if it is missing."""
    if not db["audit_log"].exists():
        db["audit_log"].create(
            {
                "id": int, "at": str, "actor": str, "action": str, "target": str,
                "detail": str, "address": str,
            },
            pk="id",
            not_null={"at", "actor", "action"},
        )  # fmt: skip
        db["audit_log"].create_index(["at"])


SCHEMA_HOOKS.append(create_tables)


def record_event(
    db: sqlite_utils.Database,
    actor: str,
    action: str,
    *,
    target: str | None = None,
    detail: dict[str, Any] | None = None,
    address: str | None = None,
) -> int:
    """Append one event to the audit log and return its id."""
    forbidden = FORBIDDEN_DETAIL_KEYS & set(detail or {})
    if forbidden:
        raise ValueError(f"the audit log never stores {', '.join(sorted(forbidden))}")
    cursor = db.execute(
        "INSERT INTO audit_log (at, actor, action, target, detail, address)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [
            now_utc(),
            actor,
            action,
            target,
            json.dumps(detail, ensure_ascii=False, sort_keys=True) if detail else None,
            address,
        ],
    )
    return cursor.lastrowid


def audit_events(
    db: sqlite_utils.Database, *, limit: int = 50, offset: int = 0
) -> tuple[list[dict[str, Any]], int]:
    """Return one page of events, newest first, and the number of events."""
    total = db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    rows = db.execute(
        "SELECT id, at, actor, action, target, detail, address FROM audit_log"
        " ORDER BY id DESC LIMIT ? OFFSET ?",
        [limit, offset],
    )
    columns = ("id", "at", "actor", "action", "target", "detail", "address")
    events = [dict(zip(columns, row, strict=True)) for row in rows]
    for event in events:
        event["detail"] = json.loads(event["detail"]) if event["detail"] else {}
    return events, total
