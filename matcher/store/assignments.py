"""Stored waitlist assignment runs, for the admins' review and confirmation.

A run keeps its summaries and one row per waiting client: the request id, the
priority, the therapist, the fit and the reasons, never the client's answers.
Nothing in the directory changes until an admin confirms a run; ``confirm``
then lowers the assigned therapists' ``open_slots`` in one transaction with an
audit entry, once, however often it is called. Runs expire after
``DEFAULT_TTL_DAYS``; ``purge`` removes expired ones (``scripts/purge_saved.py``
runs it).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from . import SCHEMA_HOOKS, _bump_version, content_hash, now_utc, transaction
from .audit import record_event

DEFAULT_TTL_DAYS = 30
ROW_COLUMNS = (
    "request_id", "priority", "therapist_id", "score", "choice_rank", "reason",
    "first_choice_id", "first_choice_note",
)  # fmt: skip

TABLES = (
    # AUTOINCREMENT: a purged run's id is never reused by a later run.
    """CREATE TABLE IF NOT EXISTS assignment_runs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        source TEXT NOT NULL,
        file_name TEXT,
        directory_version INTEGER,
        summary_json TEXT NOT NULL,
        greedy_json TEXT NOT NULL,
        confirmed_at TEXT,
        confirmed_by TEXT
    )""",
    """CREATE TABLE IF NOT EXISTS assignment_rows (
        run_id INTEGER NOT NULL REFERENCES assignment_runs(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        request_id TEXT NOT NULL,
        priority TEXT NOT NULL,
        therapist_id TEXT,
        score REAL,
        choice_rank INTEGER,
        reason TEXT,
        first_choice_id TEXT,
        first_choice_note TEXT,
        PRIMARY KEY (run_id, position)
    )""",
)


class ConfirmRefused(RuntimeError):
    """The run cannot be confirmed (expired, or the slots are no longer there)."""


@dataclass(frozen=True)
class Confirmed:
    """What a confirmation did: lowered slots now, or nothing (already done)."""

    already: bool
    confirmed_at: str
    confirmed_by: str
    lowered: dict[str, int]


def ensure_assignment_schema(db: sqlite_utils.Database) -> None:
    """Create the assignment tables if they are missing."""
    for statement in TABLES:
        db.execute(statement)


SCHEMA_HOOKS.append(ensure_assignment_schema)


def _stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")


def save_run(
    db: sqlite_utils.Database,
    rows: Iterable[Mapping[str, Any]],
    summary: Mapping[str, Any],
    greedy: Mapping[str, Any],
    *,
    source: str,
    file_name: str | None = None,
    directory_version: int | None = None,
    ttl_days: int = DEFAULT_TTL_DAYS,
) -> int:
    """Store one assignment run and its rows; return its id. Purges expired runs."""
    now = dt.datetime.now(dt.UTC)
    expires = now + dt.timedelta(days=ttl_days)
    with transaction(db):
        _purge(db, _stamp(now))
        cursor = db.execute(
            "INSERT INTO assignment_runs (created_at, expires_at, source, file_name,"
            " directory_version, summary_json, greedy_json) VALUES (?,?,?,?,?,?,?)",
            [_stamp(now), _stamp(expires), source, file_name, directory_version,
             json.dumps(summary), json.dumps(greedy)],
        )  # fmt: skip
        run_id = cursor.lastrowid
        db.conn.executemany(
            f"INSERT INTO assignment_rows (run_id, position, {', '.join(ROW_COLUMNS)})"
            f" VALUES (?, ?, {', '.join('?' * len(ROW_COLUMNS))})",
            (
                [run_id, position, *(row.get(c) for c in ROW_COLUMNS)]
                for position, row in enumerate(rows)
            ),
        )
    return run_id


def list_runs(db: sqlite_utils.Database, limit: int = 50) -> list[dict[str, Any]]:
    """Return the latest unexpired runs, newest first, with their summaries."""
    rows = db.execute(
        "SELECT * FROM assignment_runs WHERE expires_at > ? ORDER BY id DESC LIMIT ?",
        [now_utc(), limit],
    )
    return [_run(db, row) for row in rows]


def get_run(db: sqlite_utils.Database, run_id: int) -> dict[str, Any] | None:
    """Return one unexpired run with its summaries, or None."""
    row = db.execute(
        "SELECT * FROM assignment_runs WHERE id = ? AND expires_at > ?",
        [run_id, now_utc()],
    ).fetchone()
    return _run(db, row) if row else None


def _run(db: sqlite_utils.Database, row: tuple) -> dict[str, Any]:
    run = dict(zip(db["assignment_runs"].columns_dict, row, strict=True))
    run["summary"] = json.loads(run.pop("summary_json"))
    run["greedy"] = json.loads(run.pop("greedy_json"))
    return run


def run_rows(db: sqlite_utils.Database, run_id: int) -> list[dict[str, Any]]:
    """Return a run's rows in waitlist order."""
    cursor = db.execute(
        f"SELECT {', '.join(ROW_COLUMNS)} FROM assignment_rows WHERE run_id = ?"
        " ORDER BY position",
        [run_id],
    )
    return [dict(zip(ROW_COLUMNS, row, strict=True)) for row in cursor]


def previous_run_id(db: sqlite_utils.Database, run_id: int) -> int | None:
    """Return the unexpired run stored just before this one, if any."""
    row = db.execute(
        "SELECT max(id) FROM assignment_runs WHERE id < ? AND expires_at > ?",
        [run_id, now_utc()],
    ).fetchone()
    return row[0]


def confirm(
    db: sqlite_utils.Database, run_id: int, actor: str, address: str | None = None
) -> Confirmed:
    """Lower the assigned therapists' ``open_slots``, once, with an audit entry.

    One transaction: the run is marked confirmed, each therapist's slots go
    down by its placed clients, the directory version moves on and the audit
    log says so. A second call changes nothing and says when it was done.
    Raises ``ConfirmRefused`` (nothing written) when the run is missing or
    expired, or a therapist no longer has the slots.
    """
    with transaction(db):
        run = db.execute(
            "SELECT confirmed_at, confirmed_by FROM assignment_runs"
            " WHERE id = ? AND expires_at > ?",
            [run_id, now_utc()],
        ).fetchone()
        if run is None:
            raise ConfirmRefused(f"assignment run {run_id} is gone or has expired")
        if run[0] is not None:
            return Confirmed(True, run[0], run[1], {})
        placed = _placed_counts(db, run_id)
        _lower_slots(db, placed)
        at = now_utc()
        db.execute(
            "UPDATE assignment_runs SET confirmed_at = ?, confirmed_by = ?"
            " WHERE id = ?",
            [at, actor, run_id],
        )
        detail = {"placed": sum(placed.values()), "therapists": dict(placed)}
        record_event(db, actor, "assignment-confirm", target=f"assignment run {run_id}",
                     detail=detail, address=address)  # fmt: skip
    return Confirmed(False, at, actor, dict(placed))


def _placed_counts(db: sqlite_utils.Database, run_id: int) -> Counter:
    cursor = db.execute(
        "SELECT therapist_id FROM assignment_rows"
        " WHERE run_id = ? AND therapist_id IS NOT NULL AND therapist_id != ''",
        [run_id],
    )
    return Counter(row[0] for row in cursor)


def _lower_slots(db: sqlite_utils.Database, placed: Mapping[str, int]) -> None:
    at = now_utc()
    for therapist_id, count in sorted(placed.items()):
        row = db.execute(
            "SELECT open_slots, content_hash FROM therapists"
            " WHERE id = ? AND active = 1",
            [therapist_id],
        ).fetchone()
        if row is None or (row[0] or 0) < count:
            have = "is not active" if row is None else f"has {row[0] or 0} open slots"
            raise ConfirmRefused(
                f"{therapist_id} {have} for {count} clients: the directory changed "
                "since the run; run the assignment again"
            )
        # A new digest: an open edit form sees the change, an import rewrites it.
        digest = content_hash({"after": row[1], "open_slots": row[0] - count})
        db.execute(
            "UPDATE therapists SET open_slots = ?, content_hash = ?,"
            " last_changed_at = ? WHERE id = ?",
            [row[0] - count, digest, at, therapist_id],
        )
    if placed:
        _bump_version(db)


def purge(db: sqlite_utils.Database, now: dt.datetime | None = None) -> int:
    """Remove expired assignment runs and their rows; return how many."""
    with transaction(db):
        return _purge(db, _stamp(now or dt.datetime.now(dt.UTC)))


def _purge(db: sqlite_utils.Database, now: str) -> int:
    ids = [r[0] for r in db.execute(
        "SELECT id FROM assignment_runs WHERE expires_at <= ?", [now]
    )]  # fmt: skip
    for table, key in (("assignment_rows", "run_id"), ("assignment_runs", "id")):
        db.conn.executemany(f"DELETE FROM {table} WHERE {key} = ?", ([i] for i in ids))
    return len(ids)


def open_slots(db: sqlite_utils.Database) -> dict[str, int]:
    """Return each active therapist's open slots, leaving out none stated or 0."""
    cursor = db.execute(
        "SELECT id, open_slots FROM therapists WHERE active = 1 AND open_slots > 0"
    )
    return {str(tid): int(n) for tid, n in cursor}
