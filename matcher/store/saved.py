"""Saved requests, kept only with consent; their re-score runs are in ``runs``.

A saved request is reached through a private link holding a random token; only
the token's SHA-256 digest is stored, so the database alone cannot rebuild a
link. Deleting blanks the request and its results at once; ``purge`` removes
the rows of deleted and expired requests for good.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from . import SCHEMA_HOOKS, now_utc, transaction

DEFAULT_TTL_DAYS = 90
TOKEN_BYTES = 32
SAVED_KEY_PREFIX = "saved:"
SAVED_SOURCE = "saved"  # the source of a run over the saved requests

TABLES = (
    """CREATE TABLE IF NOT EXISTS saved_requests (
        id INTEGER PRIMARY KEY,
        token_digest TEXT NOT NULL UNIQUE,
        request_json TEXT,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        deleted_at TEXT,
        last_viewed_run INTEGER,
        seen_ids TEXT
    )""",
    "CREATE INDEX IF NOT EXISTS saved_requests_expires_at"
    " ON saved_requests (expires_at)",
)


def ensure_saved_schema(db: sqlite_utils.Database) -> None:
    """Create the saved-request table if it is missing."""
    for statement in TABLES:
        db.execute(statement)


SCHEMA_HOOKS.append(ensure_saved_schema)


def stamp(moment: dt.datetime | None = None) -> str:
    """Return a moment (default: now) as UTC ISO 8601 text, which sorts by time."""
    if moment is None:
        return now_utc()
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")


# ----------------------------------------------------------- saved requests
def new_token() -> str:
    """Return a fresh unguessable token (256 random bits, URL-safe text)."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_digest(token: str) -> str:
    """Return the SHA-256 digest under which a token's request is stored."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def saved_key(saved_id: int) -> str:
    """Return the request key a saved request has in re-score runs."""
    return f"{SAVED_KEY_PREFIX}{saved_id}"


@dataclass(frozen=True)
class SavedRequest:
    """A live saved request: the client's request and what they last saw."""

    id: int
    request: dict[str, Any]
    created_at: str
    expires_at: str
    last_viewed_run: int | None
    seen_ids: tuple[str, ...]

    @property
    def key(self) -> str:
        """The key of this request in re-score runs."""
        return saved_key(self.id)


def save_request(
    db: sqlite_utils.Database,
    request: Mapping[str, Any],
    ttl_days: int = DEFAULT_TTL_DAYS,
    now: dt.datetime | None = None,
    *,
    seen_ids: Sequence[str] = (),
) -> str:
    """Store a request the client consented to save; return its private token.

    Only the token's digest is stored: the token itself is shown once, to the
    client, and cannot be recovered from the database. ``seen_ids`` are the
    therapists the client was shown when saving, so later runs can say what is new.
    """
    if ttl_days < 1:
        raise ValueError(f"ttl_days must be at least 1, got {ttl_days}")
    now = now or dt.datetime.now(dt.UTC)
    token = new_token()
    db.execute(
        "INSERT INTO saved_requests (token_digest, request_json, created_at,"
        " expires_at, seen_ids) VALUES (?, ?, ?, ?, ?)",
        [
            token_digest(token),
            json.dumps(dict(request), ensure_ascii=False, sort_keys=True),
            stamp(now),
            stamp(now + dt.timedelta(days=ttl_days)),
            json.dumps(list(seen_ids)),
        ],
    )
    return token


SAVED_COLUMNS = "id, request_json, created_at, expires_at, last_viewed_run, seen_ids"
LIVE = "deleted_at IS NULL AND expires_at > ?"


def _saved(row: tuple[Any, ...]) -> SavedRequest:
    saved_id, request_json, created, expires, last_run, seen = row
    return SavedRequest(
        saved_id,
        json.loads(request_json),
        created,
        expires,
        last_run,
        tuple(json.loads(seen or "[]")),
    )


def get_saved(
    db: sqlite_utils.Database, token: str, now: dt.datetime | None = None
) -> SavedRequest | None:
    """Return the live saved request a token opens, or None (unknown, gone)."""
    row = db.execute(
        f"SELECT {SAVED_COLUMNS} FROM saved_requests WHERE token_digest = ? AND {LIVE}",
        [token_digest(token), stamp(now)],
    ).fetchone()
    return _saved(row) if row else None


def live_saved(
    db: sqlite_utils.Database,
    now: dt.datetime | None = None,
    max_id: int | None = None,
) -> list[SavedRequest]:
    """Return every saved request live at ``now`` (up to ``max_id``), by id."""
    rows = db.execute(
        f"SELECT {SAVED_COLUMNS} FROM saved_requests WHERE {LIVE} AND id <= ?"
        " ORDER BY id",
        [stamp(now), max_id if max_id is not None else max_saved_id(db)],
    )
    return [_saved(row) for row in rows]


def max_saved_id(db: sqlite_utils.Database) -> int:
    """Return the highest saved-request id so far (0 when none)."""
    return db.execute("SELECT coalesce(max(id), 0) FROM saved_requests").fetchone()[0]


def mark_viewed(
    db: sqlite_utils.Database,
    saved_id: int,
    run_id: int | None,
    seen_ids: Sequence[str],
) -> None:
    """Record what the client was shown, and the latest run they have seen."""
    db.execute(
        "UPDATE saved_requests SET last_viewed_run = ?, seen_ids = ? WHERE id = ?",
        [run_id, json.dumps(list(seen_ids)), saved_id],
    )


def delete_saved(
    db: sqlite_utils.Database, token: str, now: dt.datetime | None = None
) -> bool:
    """Delete a saved request and its run results now; tell whether it existed."""
    row = db.execute(
        "SELECT id FROM saved_requests WHERE token_digest = ? AND deleted_at IS NULL",
        [token_digest(token)],
    ).fetchone()
    if row is None:
        return False
    with transaction(db):
        db.execute(
            "UPDATE saved_requests SET deleted_at = ?, request_json = NULL,"
            " seen_ids = NULL WHERE id = ?",
            [stamp(now), row[0]],
        )
        _forget_results(db, [row[0]])
    return True


def purge(db: sqlite_utils.Database, now: dt.datetime | None = None) -> int:
    """Remove deleted and expired saved requests and their results; return how many."""
    with transaction(db):
        ids = [
            row[0]
            for row in db.execute(
                "SELECT id FROM saved_requests"
                " WHERE deleted_at IS NOT NULL OR expires_at <= ?",
                [stamp(now)],
            )
        ]
        _forget_results(db, ids)
        db.conn.executemany(
            "DELETE FROM saved_requests WHERE id = ?", ([i] for i in ids)
        )
    return len(ids)


def _forget_results(db: sqlite_utils.Database, saved_ids: Iterable[int]) -> None:
    # Results and changes cascade from the per-request rows.
    db.conn.executemany(
        "DELETE FROM rescore_requests WHERE request_key = ?",
        ([saved_key(i)] for i in saved_ids),
    )
