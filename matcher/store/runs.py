"""Re-score runs: each request's top k and what changed since its previous run.

A run writes one row per request (the marker that it is done), its top k and,
when the request was scored by an earlier finished run, what changed. Chunks
are written whole, each in one transaction with the run's progress, so a run
killed at any point can be finished without repeating or losing a request.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from . import SCHEMA_HOOKS, now_utc, transaction
from .saved import SAVED_KEY_PREFIX, SAVED_SOURCE, SavedRequest, saved_key

# Why a therapist in a request's previous top k is not in it now.
GONE_REASONS = ("deactivated", "not_accepting", "fell_out", "not_eligible")
COUNTERS = (
    "scored", "compared", "requests_changed", "new_matches",
    *(f"gone_{reason}" for reason in GONE_REASONS),
)  # fmt: skip

TABLES = (
    f"""CREATE TABLE IF NOT EXISTS rescore_runs (
        id INTEGER PRIMARY KEY,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        today TEXT NOT NULL,
        directory_version INTEGER NOT NULL,
        settings TEXT NOT NULL,
        source TEXT NOT NULL,
        input_digest TEXT,
        max_saved_id INTEGER,
        k INTEGER NOT NULL,
        chunk_size INTEGER NOT NULL,
        status TEXT NOT NULL,
        total INTEGER NOT NULL,
        skipped INTEGER NOT NULL DEFAULT 0,
        skipped_lines TEXT,
        chunks_done INTEGER NOT NULL DEFAULT 0,
        {", ".join(f"{name} INTEGER NOT NULL DEFAULT 0" for name in COUNTERS)}
    )""",
    """CREATE TABLE IF NOT EXISTS rescore_requests (
        run_id INTEGER NOT NULL REFERENCES rescore_runs (id) ON DELETE CASCADE,
        request_key TEXT NOT NULL,
        request_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        state TEXT NOT NULL,
        considered INTEGER NOT NULL,
        eligible INTEGER NOT NULL,
        matches INTEGER NOT NULL,
        previous_run_id INTEGER,
        PRIMARY KEY (run_id, request_key)
    )""",
    "CREATE INDEX IF NOT EXISTS rescore_requests_key"
    " ON rescore_requests (request_key, run_id)",
    """CREATE TABLE IF NOT EXISTS rescore_results (
        run_id INTEGER NOT NULL,
        request_key TEXT NOT NULL,
        rank INTEGER NOT NULL,
        therapist_id TEXT NOT NULL,
        name TEXT,
        score REAL NOT NULL,
        factor_points TEXT NOT NULL,
        PRIMARY KEY (run_id, request_key, rank),
        FOREIGN KEY (run_id, request_key)
            REFERENCES rescore_requests (run_id, request_key) ON DELETE CASCADE
    )""",
    """CREATE TABLE IF NOT EXISTS rescore_changes (
        run_id INTEGER NOT NULL,
        request_key TEXT NOT NULL,
        previous_run_id INTEGER NOT NULL,
        new_ids TEXT NOT NULL,
        gone TEXT NOT NULL,
        PRIMARY KEY (run_id, request_key),
        FOREIGN KEY (run_id, request_key)
            REFERENCES rescore_requests (run_id, request_key) ON DELETE CASCADE
    )""",
)


def ensure_runs_schema(db: sqlite_utils.Database) -> None:
    """Create the re-score tables if they are missing."""
    for statement in TABLES:
        db.execute(statement)


SCHEMA_HOOKS.append(ensure_runs_schema)


@dataclass(frozen=True)
class ScoredMatch:
    """One therapist in a request's top k, as a run stores it."""

    rank: int
    therapist_id: str
    name: str
    score: float
    factor_points: dict[str, float]


@dataclass(frozen=True)
class ScoredRequest:
    """One request's result in a run, with what changed since its previous run."""

    key: str
    request_id: str
    position: int
    state: str
    considered: int
    eligible: int
    matches: tuple[ScoredMatch, ...]
    previous_run_id: int | None = None
    new_ids: tuple[str, ...] = ()
    gone: tuple[tuple[str, str], ...] = field(default=())  # (therapist id, reason)

    @property
    def changed(self) -> bool:
        """Tell whether the top k gained or lost a therapist since the last run."""
        return bool(self.new_ids or self.gone)


RUN_FIELDS = (
    "started_at", "today", "directory_version", "settings", "source",
    "input_digest", "max_saved_id", "k", "chunk_size", "total", "skipped",
    "skipped_lines",
)  # fmt: skip


def create_run(db: sqlite_utils.Database, run: Mapping[str, Any]) -> int:
    """Record a new run (status 'running') and return its id."""
    values = {name: run.get(name) for name in RUN_FIELDS}
    values["started_at"] = values["started_at"] or now_utc()
    for name in ("settings", "skipped_lines"):
        values[name] = json.dumps(values[name] or ({} if name == "settings" else []))
    with transaction(db):
        cursor = db.execute(
            f"INSERT INTO rescore_runs ({', '.join(values)}, status)"
            f" VALUES ({', '.join('?' for _ in values)}, 'running')",
            list(values.values()),
        )
    return cursor.lastrowid


def _run(row: Mapping[str, Any]) -> dict[str, Any]:
    run = dict(row)
    run["settings"] = json.loads(run["settings"])
    run["skipped_lines"] = json.loads(run["skipped_lines"] or "[]")
    return run


def get_run(db: sqlite_utils.Database, run_id: int) -> dict[str, Any] | None:
    """Return one run record by id, or None."""
    rows = list(db["rescore_runs"].rows_where("id = ?", [run_id]))
    return _run(rows[0]) if rows else None


def unfinished_run(
    db: sqlite_utils.Database, source: str, input_digest: str | None
) -> dict[str, Any] | None:
    """Return the latest unfinished run of the same source and input, or None."""
    return _latest_of(db, source, input_digest, "status = 'running' AND ")


def latest_run(
    db: sqlite_utils.Database, source: str, input_digest: str | None
) -> dict[str, Any] | None:
    """Return the latest run (finished or not) of the same source and input, or None."""
    return _latest_of(db, source, input_digest)


def _latest_of(
    db: sqlite_utils.Database, source: str, input_digest: str | None, where: str = ""
) -> dict[str, Any] | None:
    rows = db["rescore_runs"].rows_where(
        f"{where}source = ? AND input_digest IS ?",
        [source, input_digest],
        order_by="id desc",
        limit=1,
    )
    return next((_run(row) for row in rows), None)


def list_runs(db: sqlite_utils.Database, limit: int = 50) -> list[dict[str, Any]]:
    """Return the latest runs, newest first, with their counts and changes."""
    rows = db["rescore_runs"].rows_where(order_by="id desc", limit=limit)
    return [_run(row) for row in rows]


def done_keys(db: sqlite_utils.Database, run_id: int) -> set[str]:
    """Return the keys of the requests a run has already written."""
    rows = db.execute(
        "SELECT request_key FROM rescore_requests WHERE run_id = ?", [run_id]
    )
    return {row[0] for row in rows}


def previous_matches(
    db: sqlite_utils.Database, run_id: int, keys: Sequence[str]
) -> dict[str, tuple[int, tuple[str, ...]]]:
    """Return, per key, the latest earlier finished run and its top k in order."""
    rows = db.execute(
        """
        WITH latest AS (
            SELECT q.request_key AS request_key, max(q.run_id) AS run_id
            FROM rescore_requests q JOIN rescore_runs r ON r.id = q.run_id
            WHERE r.status = 'finished' AND q.run_id < ?
              AND q.request_key IN (SELECT value FROM json_each(?))
            GROUP BY q.request_key
        )
        SELECT latest.request_key, latest.run_id, s.therapist_id
        FROM latest LEFT JOIN rescore_results s
          ON s.run_id = latest.run_id AND s.request_key = latest.request_key
        ORDER BY latest.request_key, s.rank
        """,
        [run_id, json.dumps(list(keys))],
    )
    found: dict[str, tuple[int, list[str]]] = {}
    for key, previous_run, therapist_id in rows:
        ids = found.setdefault(key, (previous_run, []))[1]
        if therapist_id is not None:
            ids.append(therapist_id)
    return {key: (run, tuple(ids)) for key, (run, ids) in found.items()}


def write_chunk(
    db: sqlite_utils.Database, run_id: int, chunk: Sequence[ScoredRequest]
) -> int:
    """Write a chunk of results, its changes and the run's progress, all or nothing.

    A saved request deleted while its chunk was being scored is left out, so
    nothing of it comes back. Returns how many requests were written.
    """
    with transaction(db):
        chunk = _still_saved(db, run_id, chunk)
        counts = _chunk_counts(chunk)
        db.conn.executemany(
            "INSERT INTO rescore_requests (run_id, request_key, request_id, position,"
            " state, considered, eligible, matches, previous_run_id)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                [run_id, s.key, s.request_id, s.position, s.state, s.considered,
                 s.eligible, len(s.matches), s.previous_run_id]
                for s in chunk
            ),
        )  # fmt: skip
        db.conn.executemany(
            "INSERT INTO rescore_results (run_id, request_key, rank, therapist_id,"
            " name, score, factor_points) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                [run_id, s.key, m.rank, m.therapist_id, m.name, m.score,
                 json.dumps(m.factor_points)]
                for s in chunk for m in s.matches
            ),
        )  # fmt: skip
        db.conn.executemany(
            "INSERT INTO rescore_changes (run_id, request_key, previous_run_id,"
            " new_ids, gone) VALUES (?, ?, ?, ?, ?)",
            (
                [run_id, s.key, s.previous_run_id, json.dumps(s.new_ids),
                 json.dumps([{"therapist_id": t, "reason": r} for t, r in s.gone])]
                for s in chunk if s.changed
            ),
        )  # fmt: skip
        db.execute(
            "UPDATE rescore_runs SET chunks_done = chunks_done + 1, "
            + ", ".join(f"{name} = {name} + ?" for name in COUNTERS)
            + " WHERE id = ?",
            [*(counts[name] for name in COUNTERS), run_id],
        )
    return len(chunk)


def _still_saved(
    db: sqlite_utils.Database, run_id: int, chunk: Sequence[ScoredRequest]
) -> Sequence[ScoredRequest]:
    source = db.execute("SELECT source FROM rescore_runs WHERE id = ?", [run_id])
    if source.fetchone()[0] != SAVED_SOURCE or not chunk:
        return chunk
    ids = [int(s.key.removeprefix(SAVED_KEY_PREFIX)) for s in chunk]
    live = {
        saved_key(row[0])
        for row in db.execute(
            "SELECT id FROM saved_requests WHERE deleted_at IS NULL"
            " AND id IN (SELECT value FROM json_each(?))",
            [json.dumps(ids)],
        )
    }
    return [s for s in chunk if s.key in live]


def _chunk_counts(chunk: Sequence[ScoredRequest]) -> dict[str, int]:
    counts = dict.fromkeys(COUNTERS, 0)
    counts["scored"] = len(chunk)
    for scored in chunk:
        counts["compared"] += scored.previous_run_id is not None
        counts["requests_changed"] += scored.changed
        counts["new_matches"] += len(scored.new_ids)
        for _, reason in scored.gone:
            counts[f"gone_{reason}"] += 1
    return counts


def finish_run(db: sqlite_utils.Database, run_id: int) -> None:
    """Mark a run finished: its results become the baseline of later runs."""
    db.execute(
        "UPDATE rescore_runs SET status = 'finished', finished_at = ? WHERE id = ?",
        [now_utc(), run_id],
    )


def run_changes(db: sqlite_utils.Database, run_id: int) -> list[dict[str, Any]]:
    """Return every request a run found changed: new matches, and gone ones why."""
    rows = db.execute(
        "SELECT c.request_key, q.request_id, c.previous_run_id, c.new_ids, c.gone"
        " FROM rescore_changes c JOIN rescore_requests q"
        " ON q.run_id = c.run_id AND q.request_key = c.request_key"
        " WHERE c.run_id = ? ORDER BY q.position, q.request_key",
        [run_id],
    )
    return [
        {
            "request_key": key, "request_id": request_id,
            "previous_run_id": previous, "new_ids": json.loads(new_ids),
            "gone": json.loads(gone),
        }
        for key, request_id, previous, new_ids, gone in rows
    ]  # fmt: skip


def run_results(db: sqlite_utils.Database, run_id: int) -> Iterator[dict[str, Any]]:
    """Yield each request of a run in input order, with its top k."""
    rows = db.execute(
        "SELECT q.request_key, q.request_id, q.considered, q.eligible, s.rank,"
        " s.therapist_id, s.name, s.score, s.factor_points"
        " FROM rescore_requests q LEFT JOIN rescore_results s"
        " ON s.run_id = q.run_id AND s.request_key = q.request_key"
        " WHERE q.run_id = ? ORDER BY q.position, q.request_key, s.rank",
        [run_id],
    )
    current: dict[str, Any] | None = None
    for key, request_id, considered, eligible, rank, tid, name, score, points in rows:
        if current is None or current["request_key"] != key:
            if current is not None:
                yield current
            current = {
                "request_key": key, "request_id": request_id,
                "considered": considered, "eligible": eligible, "matches": [],
            }  # fmt: skip
        if rank is not None:
            current["matches"].append(
                {
                    "rank": rank, "therapist_id": tid, "name": name,
                    "score": score, "factor_points": json.loads(points),
                }
            )  # fmt: skip
    if current is not None:
        yield current


def latest_results(
    db: sqlite_utils.Database, key: str
) -> tuple[int, tuple[str, ...]] | None:
    """Return the latest finished run that scored a request, and its top k ids."""
    row = db.execute(
        "SELECT max(q.run_id) FROM rescore_requests q"
        " JOIN rescore_runs r ON r.id = q.run_id"
        " WHERE q.request_key = ? AND r.status = 'finished'",
        [key],
    ).fetchone()
    if row[0] is None:
        return None
    ids = db.execute(
        "SELECT therapist_id FROM rescore_results WHERE run_id = ? AND request_key = ?"
        " ORDER BY rank",
        [row[0], key],
    )
    return row[0], tuple(r[0] for r in ids)


def new_since_viewed(
    db: sqlite_utils.Database, entry: SavedRequest, shown: int
) -> tuple[list[str], int | None]:
    """Return what a saved search's latest run added to its first ``shown`` ids.

    The ids of the latest finished run's top ``shown`` (what the client's own
    list shows; the run may keep more) that the client had not seen, none if
    the client already looked after that run; and the run the client has now
    seen (their last one when no run scored the search yet).
    """
    latest = latest_results(db, entry.key)
    if latest is None:
        return [], entry.last_viewed_run
    run_id, ids = latest
    if run_id == entry.last_viewed_run:
        return [], run_id
    return [t for t in ids[:shown] if t not in entry.seen_ids], run_id
