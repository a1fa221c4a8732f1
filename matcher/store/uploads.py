"""Uploaded profile files kept between the dry run and the admin's confirmation."""

from __future__ import annotations

from typing import Any

import sqlite_utils

from . import SCHEMA_HOOKS


def create_tables(db: sqlite_utils.Database) -> None:
    """Create the pending_uploads table if it is missing."""
    if not db["pending_uploads"].exists():
        db["pending_uploads"].create(
            {
                "token_hash": str, "user_id": int, "file_name": str, "digest": str,
                "data": bytes, "replace": int, "directory_version": int,
                "created_at": str, "expires_at": str,
            },
            pk="token_hash",
            not_null={"user_id", "digest", "data", "expires_at"},
        )  # fmt: skip
        db["pending_uploads"].create_index(["expires_at"])


SCHEMA_HOOKS.append(create_tables)


def save_pending_upload(db: sqlite_utils.Database, upload: dict[str, Any]) -> None:
    """Keep one uploaded file (keyed by the digest of its token) until it expires."""
    columns = ", ".join(f"[{name}]" for name in upload)
    marks = ", ".join("?" for _ in upload)
    db.execute(
        f"INSERT INTO pending_uploads ({columns}) VALUES ({marks})",
        list(upload.values()),
    )


def pending_upload(
    db: sqlite_utils.Database, token_hash: str, user_id: int, now: str
) -> dict[str, Any] | None:
    """Return the admin's unexpired pending upload with that token digest, or None."""
    rows = list(
        db["pending_uploads"].rows_where(
            "token_hash = ? AND user_id = ? AND expires_at > ?",
            [token_hash, user_id, now],
        )
    )
    return rows[0] if rows else None


def set_pending_version(
    db: sqlite_utils.Database, token_hash: str, directory_version: int
) -> None:
    """Note the directory version a pending upload's latest dry run was made on."""
    db.execute(
        "UPDATE pending_uploads SET directory_version = ? WHERE token_hash = ?",
        [directory_version, token_hash],
    )


def delete_pending_upload(db: sqlite_utils.Database, token_hash: str) -> None:
    """Forget one pending upload (applied or cancelled)."""
    db.execute("DELETE FROM pending_uploads WHERE token_hash = ?", [token_hash])


def purge_expired_uploads(db: sqlite_utils.Database, now: str) -> int:
    """Delete every expired pending upload; return how many there were."""
    return db.execute(
        "DELETE FROM pending_uploads WHERE expires_at <= ?", [now]
    ).rowcount


def trim_uploads(
    db: sqlite_utils.Database, user_id: int, *, per_admin: int, total: int
) -> int:
    """Delete the oldest pending uploads so one more fits both caps; count them."""
    newest_first = "ORDER BY created_at DESC, rowid DESC LIMIT -1 OFFSET ?"
    mine = db.execute(
        "DELETE FROM pending_uploads WHERE rowid IN (SELECT rowid FROM"
        f" pending_uploads WHERE user_id = ? {newest_first})",
        [user_id, max(per_admin - 1, 0)],
    ).rowcount
    everyone = db.execute(
        "DELETE FROM pending_uploads WHERE rowid IN (SELECT rowid FROM"
        f" pending_uploads {newest_first})",
        [max(total - 1, 0)],
    ).rowcount
    return mine + everyone
