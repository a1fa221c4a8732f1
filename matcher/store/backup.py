"""Online backup: a consistent, checked copy of the database while it is in use.

SQLite's online backup API copies the database page by page inside one read
transaction, so the copy is the last committed state, including what is still
in the write-ahead log, while the app serves requests and an import writes. A
plain file copy of ``matcher.db`` can miss the log or catch a write half done.

The copy is written beside the target under a temporary name, switched out of
WAL mode so that it is one self-contained file, checked with
``PRAGMA integrity_check``, and only then renamed to the target: a failed
backup never leaves a file at the target, nor replaces an earlier backup.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

from . import BUSY_TIMEOUT_MS, StoreError

INTEGRITY_LINES_SHOWN = 5


class BackupError(StoreError):
    """The backup failed or its copy failed the check; the target is untouched."""


class TargetExistsError(BackupError):
    """A file is already at the backup target and replacing it was not asked."""


def backup_database(
    source_path: str | Path, target_path: str | Path, *, overwrite: bool = False
) -> dict[str, Any]:
    """Copy a live directory database to ``target_path`` and check the copy.

    Safe while the web app runs and while an import holds a write transaction:
    the copy holds the last committed state. Returns what the copy holds
    (``therapists``, ``active``, ``directory_version``), its size in ``bytes``,
    its path as ``target`` and ``integrity`` (``"ok"``). Raises ``BackupError``
    when the source is missing or not a directory database, when the target
    exists (unless ``overwrite``) or is the source, or when the check fails.
    """
    source, target = Path(source_path), Path(target_path)
    _check_paths(source, target, overwrite)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".partial"
    )
    os.close(handle)
    partial = Path(name)
    try:
        _copy(source, partial)
        summary = _check_copy(partial)
        _flush_to_disk(partial)
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return {"target": str(target), "bytes": target.stat().st_size, **summary}


def _check_paths(source: Path, target: Path, overwrite: bool) -> None:
    if not source.is_file():
        raise BackupError(f"no database at {source}")
    if target.exists() and target.resolve() == source.resolve():
        raise BackupError("the backup target is the database itself")
    if target.is_dir():
        raise BackupError(f"{target} is a folder; name the backup file")
    if target.exists() and not overwrite:
        raise TargetExistsError(f"{target} already exists")


def _copy(source: Path, partial: Path) -> None:
    # mode=rw: a missing source must not be created as an empty database.
    uri = f"{source.resolve().as_uri()}?mode=rw"
    timeout = BUSY_TIMEOUT_MS / 1000
    try:
        with (
            contextlib.closing(sqlite3.connect(uri, uri=True, timeout=timeout)) as live,
            contextlib.closing(sqlite3.connect(partial)) as copy,
        ):
            # pages=-1: one step, one read transaction, hence one snapshot;
            # in WAL mode it does not block the app's or an import's writes.
            live.backup(copy, pages=-1)
            # A backup is one file: no -wal or -shm beside it.
            copy.execute("PRAGMA journal_mode = DELETE")
    except sqlite3.Error as error:
        raise BackupError(f"cannot back up {source}: {error}") from None


def _check_copy(partial: Path) -> dict[str, Any]:
    with contextlib.closing(sqlite3.connect(partial)) as copy:
        try:
            problems = [row[0] for row in copy.execute("PRAGMA integrity_check")]
        except sqlite3.DatabaseError as error:
            raise BackupError(f"the copy fails its integrity check: {error}") from None
        if problems != ["ok"]:
            shown = "; ".join(problems[:INTEGRITY_LINES_SHOWN])
            raise BackupError(
                f"the copy fails its integrity check ({len(problems)} problems: "
                f"{shown}); the database itself may be damaged"
            )
        return {**_directory_counts(copy), "integrity": "ok"}


def _directory_counts(copy: sqlite3.Connection) -> dict[str, int]:
    try:
        therapists, active = copy.execute(
            "SELECT count(*), coalesce(sum(active), 0) FROM therapists"
        ).fetchone()
        version = copy.execute(
            "SELECT value FROM meta WHERE key = 'directory_version'"
        ).fetchone()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"this is not a directory database: {error}") from None
    return {
        "therapists": therapists,
        "active": active,
        "directory_version": int(version[0]) if version else 0,
    }


def _flush_to_disk(path: Path) -> None:
    with path.open("rb") as file:
        os.fsync(file.fileno())
