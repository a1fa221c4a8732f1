"""Name the storage fault behind a database error: full disk, read-only, no access.

SQLite reports these faults in its own words ("database or disk is full",
"attempt to write a readonly database", "unable to open database file"), which
point an operator at the wrong cause. ``storage_fault`` turns them, and the
matching OS errors, into one ``StorageFault`` whose message says what to fix.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path

import sqlite_utils

from . import StoreError

DISK_FULL = "the disk is full"
READ_ONLY_FILE = "the database file is read-only"
READ_ONLY_FILESYSTEM = "the filesystem is read-only"
PERMISSION_DENIED = "permission denied"
DISK_IO = "the disk reported an input/output error"

_SQLITE_CODES = {
    sqlite3.SQLITE_FULL: DISK_FULL,
    sqlite3.SQLITE_READONLY: READ_ONLY_FILE,
    sqlite3.SQLITE_IOERR: DISK_IO,
    sqlite3.SQLITE_PERM: PERMISSION_DENIED,
}
_SQLITE_WORDS = (
    ("disk is full", DISK_FULL),
    ("readonly database", READ_ONLY_FILE),
    ("disk i/o error", DISK_IO),
    ("unable to open database file", ""),  # the cause is found on disk
)
_OS_CODES = {
    errno.ENOSPC: DISK_FULL,
    errno.EDQUOT: DISK_FULL,
    errno.EROFS: READ_ONLY_FILESYSTEM,
    errno.EACCES: PERMISSION_DENIED,
    errno.EPERM: PERMISSION_DENIED,
    errno.EIO: DISK_IO,
}


class StorageFault(StoreError):
    """The storage under the database failed: full, read-only or not allowed."""

    def __init__(
        self, cause: str, path: str | Path | None = None, action: str = "write to"
    ) -> None:
        self.cause = cause
        self.path = None if path is None else str(path)
        where = f"cannot {action} {self.path}: " if self.path else ""
        super().__init__(f"{where}{cause}; nothing was written")


def storage_fault(
    error: BaseException, path: str | Path | None = None, action: str = "write to"
) -> StorageFault | None:
    """Return the storage fault an error stands for, or None if it is another kind."""
    if isinstance(error, StorageFault):
        return error
    if isinstance(error, OSError) and error.errno in _OS_CODES:
        return StorageFault(_OS_CODES[error.errno], error.filename or path, action)
    if not isinstance(error, sqlite3.Error):
        return None
    code = getattr(error, "sqlite_errorcode", None)
    cause = _SQLITE_CODES.get(code & 0xFF) if isinstance(code, int) else None
    text = str(error).lower()
    for words, named in _SQLITE_WORDS:
        if cause is None and words in text:
            cause = named
    if isinstance(code, int) and code & 0xFF == sqlite3.SQLITE_CANTOPEN:
        cause = ""
    if cause is None:
        return None
    if cause in ("", DISK_IO, READ_ONLY_FILE):
        # SQLite's word may hide the cause: a read-only or full filesystem.
        cause = _cause_on_disk(path, cause)
    return StorageFault(cause, path, action)


def database_path(db: sqlite_utils.Database) -> Path | None:
    """Return the file behind a connection (None in memory or if unknown)."""
    try:
        rows = db.conn.execute("PRAGMA database_list").fetchall()
    except sqlite3.Error:
        return None
    files = [row[2] for row in rows if row[1] == "main" and row[2]]
    return Path(files[0]) if files else None


def _cause_on_disk(path: str | Path | None, said: str) -> str:
    """Say why a database file cannot be used, from the file and its folder."""
    unknown = said or "the database file cannot be opened"
    if path is None:
        return unknown
    path = Path(path)
    folder = path.parent if path.parent != Path("") else Path(".")
    if _read_only_filesystem(folder):
        return READ_ONLY_FILESYSTEM
    if said == READ_ONLY_FILE:
        return said
    for target in (path, folder):
        if target.exists() and not os.access(target, os.R_OK | os.W_OK):
            return PERMISSION_DENIED
    if _free_bytes(folder) == 0:
        return DISK_FULL
    return unknown


def _read_only_filesystem(folder: Path) -> bool:
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def _free_bytes(folder: Path) -> int | None:
    try:
        stats = os.statvfs(folder)
    except OSError:
        return None
    return stats.f_bavail * stats.f_frsize
