"""The database: the only package that touches SQLite. This module: the directory."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import sqlite_utils

from ..directory.schema import LIST_KINDS, PROFILE_FIELDS

BUSY_TIMEOUT_MS = 10_000
LIST_FIELDS = tuple(f.name for f in PROFILE_FIELDS if f.kind in LIST_KINDS)
BOOL_FIELDS = tuple(f.name for f in PROFILE_FIELDS if f.kind == "bool")
STORE_COLUMNS: dict[str, type] = {f.name: f.sql_type for f in PROFILE_FIELDS} | {
    "geo_latitude": float,
    "geo_longitude": float,
    "active": int,
    "inactive_reason": str,
    "content_hash": str,
    "raw_labels": str,  # JSON {field: [labels as typed]} where keys differ
    "first_imported_at": str,
    "last_changed_at": str,
}


# Each module of this package that owns tables adds the function creating them.
SCHEMA_HOOKS: list[Callable[[sqlite_utils.Database], None]] = []


class StoreError(RuntimeError):
    """The database cannot be opened or is not a directory database."""


def now_utc() -> str:
    """Return the current UTC time as ISO 8601 text."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def connect(
    path: str | Path | None = None, *, memory: bool = False
) -> sqlite_utils.Database:
    """Open the directory database (WAL mode, busy timeout) and create its tables."""
    if memory:
        conn = sqlite3.connect(
            ":memory:", isolation_level=None, check_same_thread=False
        )
    else:
        path = Path(path)
        try:
            conn = _open_file(path)
        except (OSError, sqlite3.Error) as error:
            raise _open_error(error, path) from None
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if not memory:
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        db = sqlite_utils.Database(conn)
        _ensure_once(db, None if memory else path)
    except sqlite3.DatabaseError as error:
        conn.close()
        raise _open_error(error, path) from None
    return db


def _open_file(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        # Password hashes and clients' saved searches: the owner's only.
        # SQLite gives the -wal and -shm files the same permissions.
        path.touch(mode=0o600)
    return sqlite3.connect(
        path,
        isolation_level=None,
        check_same_thread=False,
        timeout=BUSY_TIMEOUT_MS / 1000,
    )


def _open_error(error: Exception, path: Path | None) -> StoreError:
    """Name a storage fault as such; anything else is not a directory database."""
    fault = faults.storage_fault(error, path, "open")
    if fault is not None:
        return fault
    if isinstance(error, OSError):
        return StoreError(f"cannot open {path}: {error.strerror or error}")
    return StoreError(
        f"cannot open {path or ':memory:'} as a directory database: {error}"
    )


def connect_existing(path: str | Path) -> sqlite_utils.Database:
    """Open a directory database that must exist already, as scripts do.

    A mistyped path must not become a new, empty database, and another kind of
    SQLite file must not get the directory's tables: both raise StoreError.
    """
    path = Path(path)
    if not path.is_file():
        raise StoreError(f"no database at {path}")
    uri = f"{path.resolve().as_uri()}?mode=rw"  # rw: never creates the file
    try:
        with contextlib.closing(sqlite3.connect(uri, uri=True)) as probe:
            probe.execute("SELECT count(*) FROM therapists").fetchone()
            probe.execute("SELECT count(*) FROM meta").fetchone()
    except sqlite3.DatabaseError as error:
        fault = faults.storage_fault(error, path, "open")
        if fault is not None:
            raise fault from None
        raise StoreError(f"{path} is not a directory database: {error}") from None
    return connect(path)


_SCHEMA_READY: set[tuple[str, int]] = set()


def _ensure_once(db: sqlite_utils.Database, path: Path | None) -> None:
    # Checking every table costs dozens of queries: do it once per file and
    # process (a file replaced since then has a new inode and is checked again).
    key = None
    if path is not None:
        stat = path.stat()
        key = (str(path.resolve()), stat.st_ino)
    if key is None or key not in _SCHEMA_READY:
        ensure_schema(db)
        if key is not None:
            _SCHEMA_READY.add(key)


def ensure_schema(db: sqlite_utils.Database) -> None:
    """Create the directory's tables and indexes if they are missing."""
    if not db["therapists"].exists():
        db["therapists"].create(
            STORE_COLUMNS, pk="id", not_null={"active"}, defaults={"active": 1}
        )
        db["therapists"].create_index(["active"])
    add_missing_columns(db, "therapists", STORE_COLUMNS)
    if not db["import_runs"].exists():
        db["import_runs"].create(
            {
                "id": int, "started_at": str, "finished_at": str, "file_name": str,
                "file_format": str, "dry_run": int, "replace": int, "rows": int,
                "new": int, "updated": int, "unchanged": int, "deactivated": int,
                "reactivated": int, "invalid_rows": int, "unrecognised_values": int,
                "outcome": str, "message": str, "directory_version": int, "actor": str,
            },
            pk="id",
        )  # fmt: skip
    if not db["meta"].exists():
        db["meta"].create({"key": str, "value": str}, pk="key")
        db["meta"].insert({"key": "directory_version", "value": "0"})
    for hook in SCHEMA_HOOKS:
        hook(db)


def add_missing_columns(
    db: sqlite_utils.Database, table: str, columns: dict[str, type]
) -> None:
    """Add columns a newer version defines to a table an older version made."""
    have = set(db[table].columns_dict)
    for name, kind in columns.items():
        if name not in have:
            db[table].add_column(name, kind)


@contextmanager
def transaction(db: sqlite_utils.Database) -> Iterator[None]:
    """Run a block as one write transaction: all of it is written or none of it."""
    try:
        db.execute("BEGIN IMMEDIATE")
        yield
        db.execute("COMMIT")
    except BaseException as error:
        _roll_back(db)
        fault = faults.storage_fault(error, faults.database_path(db))
        if fault is not None and fault is not error:
            raise fault from error
        raise


def _roll_back(db: sqlite_utils.Database) -> None:
    # SQLite already rolled back after some faults (a full disk): a second
    # ROLLBACK would fail with "no transaction is active" and hide the cause.
    if db.conn.in_transaction:
        with contextlib.suppress(sqlite3.Error):
            db.execute("ROLLBACK")


def meta_count(db: sqlite_utils.Database, key: str) -> int:
    """Return a counter kept in ``meta`` (0 before it is first set)."""
    row = db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
    return int(row[0]) if row else 0


def bump_meta_count(db: sqlite_utils.Database, key: str) -> int:
    """Add one to a counter kept in ``meta``; return its new value."""
    db.execute(
        "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = ?", [key]
    )
    return meta_count(db, key)


def directory_version(db: sqlite_utils.Database) -> int:
    """Return the directory version, which changes whenever the directory does."""
    return meta_count(db, "directory_version")


def _bump_version(db: sqlite_utils.Database) -> int:
    return bump_meta_count(db, "directory_version")


def content_hash(values: dict[str, Any]) -> str:
    """Return a digest of a profile's values, to tell changed rows from unchanged."""
    text = json.dumps(values, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def to_row(values: dict[str, Any]) -> dict[str, Any]:
    """Turn validated profile values into a database row (lists as JSON text)."""
    row = dict(values)
    for name in LIST_FIELDS:
        if row.get(name) is not None:
            row[name] = json.dumps(row[name], ensure_ascii=False)
    for name in BOOL_FIELDS:
        if row.get(name) is not None:
            row[name] = int(row[name])
    return row


def from_row(row: dict[str, Any]) -> dict[str, Any]:
    """Turn a database row back into profile values (lists and booleans restored)."""
    values = dict(row)
    for name in LIST_FIELDS:
        if values.get(name) is not None:
            values[name] = json.loads(values[name])
    for name in BOOL_FIELDS:
        if values.get(name) is not None:
            values[name] = bool(values[name])
    return values


@dataclass
class Existing:
    """What the store holds for one id: enough to classify an incoming profile."""

    content_hash: str
    active: bool
    inactive_reason: str | None


def existing_profiles(db: sqlite_utils.Database) -> dict[str, Existing]:
    """Return every stored id with its content digest and status."""
    rows = db.execute(
        "SELECT id, content_hash, active, inactive_reason FROM therapists"
    )
    return {r[0]: Existing(r[1], bool(r[2]), r[3]) for r in rows}


@dataclass
class Changes:
    """How an import would change the directory."""

    new: list[dict[str, Any]]
    updated: list[dict[str, Any]]
    unchanged: int
    reactivated: list[str]
    deactivated: list[str]

    @property
    def touches_directory(self) -> bool:
        """Tell whether applying these changes alters the directory at all."""
        return bool(self.new or self.updated or self.reactivated or self.deactivated)


def plan_changes(
    existing: dict[str, Existing], rows: Sequence[dict[str, Any]], *, replace: bool
) -> Changes:
    """Classify incoming rows (each with a content_hash) against the store."""
    changes = Changes([], [], 0, [], [])
    for row in rows:
        old = existing.get(row["id"])
        if old is None:
            changes.new.append(row)
        elif old.content_hash != row["content_hash"]:
            changes.updated.append(row)
        else:
            changes.unchanged += 1
        if old is not None and not old.active and old.inactive_reason == "replace":
            changes.reactivated.append(row["id"])
    if replace:
        incoming = {row["id"] for row in rows}
        changes.deactivated = sorted(
            key for key, old in existing.items() if old.active and key not in incoming
        )
    return changes


WRITTEN_COLUMNS = tuple(
    c
    for c in STORE_COLUMNS
    if c not in ("active", "inactive_reason", "last_changed_at")
)
UPSERT_SQL = (
    f"INSERT INTO therapists ({', '.join(WRITTEN_COLUMNS)}, last_changed_at)"
    f" VALUES ({', '.join('?' for _ in WRITTEN_COLUMNS)}, ?)"
    " ON CONFLICT(id) DO UPDATE SET "
    + ", ".join(
        f"{c} = excluded.{c}"
        for c in (*WRITTEN_COLUMNS, "last_changed_at")
        if c != "first_imported_at"
    )
)


def apply_changes(db: sqlite_utils.Database, changes: Changes) -> int:
    """Write planned changes in the open transaction; return the directory version."""
    stamp = now_utc()
    db.conn.executemany(
        UPSERT_SQL,
        (
            [stamp if c == "first_imported_at" else row.get(c) for c in WRITTEN_COLUMNS]
            + [stamp]
            for row in (*changes.new, *changes.updated)
        ),
    )
    _set_active(db, changes.reactivated, active=True, reason=None)
    _set_active(db, changes.deactivated, active=False, reason="replace")
    return _bump_version(db) if changes.touches_directory else directory_version(db)


def _set_active(
    db: sqlite_utils.Database, ids: Sequence[str], *, active: bool, reason: str | None
) -> None:
    db.conn.executemany(
        "UPDATE therapists SET active = ?, inactive_reason = ?, last_changed_at = ?"
        " WHERE id = ?",
        ((int(active), reason, now_utc(), key) for key in ids),
    )


def record_import_run(db: sqlite_utils.Database, run: dict[str, Any]) -> int:
    """Store one import run (dry runs and refused imports too) and return its id.

    Plain SQL, so that inside ``transaction`` it is written with the import's
    change and never commits on its own.
    """
    columns = ", ".join(f"[{name}]" for name in run)
    marks = ", ".join("?" for _ in run)
    cursor = db.execute(
        f"INSERT INTO import_runs ({columns}) VALUES ({marks})", list(run.values())
    )
    return cursor.lastrowid


def import_runs(db: sqlite_utils.Database, limit: int = 50) -> list[dict[str, Any]]:
    """Return the latest import runs, newest first."""
    return list(db["import_runs"].rows_where(order_by="id desc", limit=limit))


def get_profile(db: sqlite_utils.Database, therapist_id: str) -> dict[str, Any] | None:
    """Return one stored profile (active or not) by id, or None."""
    rows = list(db["therapists"].rows_where("id = ?", [therapist_id]))
    return from_row(rows[0]) if rows else None


def get_profiles(
    db: sqlite_utils.Database, therapist_ids: Sequence[str]
) -> dict[str, dict[str, Any]]:
    """Return stored profiles by id, in one query (unknown ids are left out)."""
    if not therapist_ids:
        return {}
    marks = ", ".join("?" for _ in therapist_ids)
    cursor = db.execute(
        f"SELECT * FROM therapists WHERE id IN ({marks})", list(therapist_ids)
    )
    names = [column[0] for column in cursor.description]
    return {row[0]: from_row(dict(zip(names, row, strict=True))) for row in cursor}


def versioned_profiles(
    db: sqlite_utils.Database, therapist_ids: Sequence[str]
) -> tuple[int, dict[str, dict[str, Any]]]:
    """Return the directory version and stored profiles by id, read together."""
    db.execute("BEGIN")  # one read transaction: no change lands in between
    try:
        return directory_version(db), get_profiles(db, therapist_ids)
    finally:
        db.execute("COMMIT")


def count_profiles(db: sqlite_utils.Database, *, active_only: bool = True) -> int:
    """Count stored profiles (only matchable ones by default)."""
    where = " WHERE active = 1" if active_only else ""
    return db.execute(f"SELECT count(*) FROM therapists{where}").fetchone()[0]


def load_directory(
    db: sqlite_utils.Database, *, active_only: bool = True
) -> pd.DataFrame:
    """Return the directory as a DataFrame, lists parsed, one row per profile."""
    where = " WHERE active = 1" if active_only else ""
    frame = pd.read_sql_query(f"SELECT * FROM therapists{where} ORDER BY id", db.conn)
    for name in LIST_FIELDS:
        frame[name] = _parse_json_column(frame[name])
    for name in BOOL_FIELDS:
        frame[name] = (
            frame[name].map(lambda v: None if pd.isna(v) else bool(v)).astype(object)
        )
    return frame


def _parse_json_column(column: pd.Series) -> list[list[str] | None]:
    # One json.loads over the whole column is far faster than one per cell.
    cells = ["null" if v is None or v != v else v for v in column.tolist()]
    return json.loads("[" + ",".join(cells) + "]") if cells else []


# Modules owning other tables register their SCHEMA_HOOKS when imported.
from . import (  # noqa: E402, F401
    accounts,
    aliases,
    assignments,
    audit,
    backup,
    faults,
    outcomes,
    runs,
    saved,
    upkeep,
    uploads,
)
