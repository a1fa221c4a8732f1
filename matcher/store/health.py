"""A cheap check that the directory database can be read and written, for /healthz."""

from __future__ import annotations

import contextlib
import sqlite3
from dataclasses import dataclass
from pathlib import Path

# Tables every page reads: the directory and its version.
REQUIRED_TABLES = ("therapists", "meta")


@dataclass(frozen=True)
class Health:
    """The database's state: ``reason`` is None when it can serve requests."""

    reason: str | None = None
    detail: str = ""

    @property
    def ok(self) -> bool:
        """Tell whether the database can serve requests."""
        return self.reason is None


def check_database(path: str | Path) -> Health:
    """Open the database without creating it, read each table, try a write lock."""
    path = Path(path)
    if not path.exists():
        return Health("missing", "the database file does not exist")
    uri = f"{path.resolve().as_uri()}?mode=rw"  # rw: never creates the file
    try:
        with contextlib.closing(
            sqlite3.connect(uri, uri=True, timeout=0, isolation_level=None)
        ) as conn:
            return _probe(conn)
    except sqlite3.DatabaseError as error:
        return _classify(error)
    except OSError as error:
        reason = error.strerror or type(error).__name__
        return Health("unreadable", f"the database file cannot be opened: {reason}")


def _probe(conn: sqlite3.Connection) -> Health:
    for table in REQUIRED_TABLES:
        conn.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchall()
    try:
        # Takes the write lock and starts a write that changes no row, then
        # rolls back: a read-only file refuses it, and nothing is written.
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute("DELETE FROM meta WHERE 0")
        finally:
            conn.execute("ROLLBACK")
    except sqlite3.OperationalError as error:
        if "locked" not in str(error) and "busy" not in str(error):
            raise
        # Another connection is writing: the file is writable, so all is well.
    return Health()


def _classify(error: sqlite3.DatabaseError) -> Health:
    message = str(error)
    if "no such table" in message:
        return Health("missing_table", f"a table is missing ({message})")
    if "readonly" in message or "read-only" in message:
        return Health("read_only", "the database file (or its folder) is read-only")
    if "unable to open" in message:
        return Health("unreadable", "the database file cannot be opened")
    if not isinstance(error, sqlite3.OperationalError):
        return Health("not_a_database", f"not a usable database file ({message})")
    return Health("error", f"the database cannot be queried ({message})")
