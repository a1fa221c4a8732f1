"""Admin accounts, their session versions and the login attempts that throttle them."""

from __future__ import annotations

import sqlite3
from typing import Any

import sqlite_utils

from . import SCHEMA_HOOKS, transaction


class AccountExistsError(ValueError):
    """An admin account with that name already exists."""


def create_tables(db: sqlite_utils.Database) -> None:
    """Create the admin_users and login_attempts tables if they are missing."""
    if not db["admin_users"].exists():
        db["admin_users"].create(
            {
                "id": int, "name": str, "password_hash": str, "session_version": int,
                "active": int, "created_at": str, "password_changed_at": str,
                "last_login_at": str,
            },
            pk="id",
            not_null={"name", "password_hash", "session_version", "active"},
            defaults={"session_version": 1, "active": 1},
        )  # fmt: skip
        db["admin_users"].create_index(["name"], unique=True)
    if not db["login_attempts"].exists():
        db["login_attempts"].create(
            {"id": int, "at": str, "account": str, "address": str}, pk="id"
        )
        db["login_attempts"].create_index(["account", "at"])
        db["login_attempts"].create_index(["address", "at"])


SCHEMA_HOOKS.append(create_tables)


def insert_admin(
    db: sqlite_utils.Database, name: str, password_hash: str, at: str
) -> int:
    """Store a new admin account and return its id."""
    try:
        cursor = db.execute(
            "INSERT INTO admin_users (name, password_hash, created_at,"
            " password_changed_at) VALUES (?, ?, ?, ?)",
            [name, password_hash, at, at],
        )
    except sqlite3.IntegrityError:
        raise AccountExistsError(f"an admin named {name!r} already exists") from None
    return cursor.lastrowid


def admin_by_name(db: sqlite_utils.Database, name: str) -> dict[str, Any] | None:
    """Return one admin account by its (normalised) name, or None."""
    rows = list(db["admin_users"].rows_where("name = ?", [name]))
    return rows[0] if rows else None


def admin_by_id(db: sqlite_utils.Database, user_id: Any) -> dict[str, Any] | None:
    """Return one admin account by id, or None."""
    if not isinstance(user_id, int) or isinstance(user_id, bool):
        return None
    rows = list(db["admin_users"].rows_where("id = ?", [user_id]))
    return rows[0] if rows else None


def list_admins(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Return every admin account without its password hash."""
    return list(
        db["admin_users"].rows_where(
            select="id, name, active, created_at, last_login_at", order_by="name"
        )
    )


def set_password_hash(
    db: sqlite_utils.Database, user_id: int, password_hash: str, at: str
) -> None:
    """Replace an admin's password hash and end every session it had."""
    db.execute(
        "UPDATE admin_users SET password_hash = ?, password_changed_at = ?,"
        " session_version = session_version + 1 WHERE id = ?",
        [password_hash, at, user_id],
    )


def rehash_password(
    db: sqlite_utils.Database, user_id: int, password_hash: str
) -> None:
    """Store a stronger hash of the same password (sessions stay valid)."""
    db.execute(
        "UPDATE admin_users SET password_hash = ? WHERE id = ?",
        [password_hash, user_id],
    )


def set_admin_active(db: sqlite_utils.Database, user_id: int, *, active: bool) -> None:
    """Enable or disable an admin account; either way its sessions end."""
    db.execute(
        "UPDATE admin_users SET active = ?, session_version = session_version + 1"
        " WHERE id = ?",
        [int(active), user_id],
    )


def bump_session_version(db: sqlite_utils.Database, user_id: int) -> None:
    """End every session of one admin: cookies carrying the old version fail."""
    db.execute(
        "UPDATE admin_users SET session_version = session_version + 1 WHERE id = ?",
        [user_id],
    )


def begin_login_attempt(
    db: sqlite_utils.Database,
    account: str,
    address: str,
    *,
    since: str,
    at: str,
    max_per_account: int,
    max_per_address: int,
) -> int | None:
    """Count an attempt as failed up front, or return None when throttled.

    Throttled: an address that has failed ``max_per_address`` times (on any
    names) or ``max_per_account`` times on this account; and, once the account
    has failed ``max_per_account`` times in all, every address that has itself
    failed since. An address with no recent failure may still try, so nobody
    can lock an admin out by failing its password from elsewhere.

    The attempt is written in the same write transaction that counts earlier
    failures, so several workers racing on one account cannot exceed the limit;
    a successful login deletes it again (see ``login_succeeded``).
    """
    with transaction(db):
        on_account, from_address, pair = _failures_since(db, account, address, since)
        if (
            from_address >= max_per_address
            or pair >= max_per_account
            or (on_account >= max_per_account and from_address > 0)
        ):
            return None
        db.execute("DELETE FROM login_attempts WHERE at < ?", [since])
        cursor = db.execute(
            "INSERT INTO login_attempts (at, account, address) VALUES (?, ?, ?)",
            [at, account, address],
        )
    return cursor.lastrowid


def _failures_since(
    db: sqlite_utils.Database, account: str, address: str, since: str
) -> tuple[int, int, int]:
    return db.execute(
        "SELECT (SELECT count(*) FROM login_attempts WHERE account = ? AND at >= ?),"
        " (SELECT count(*) FROM login_attempts WHERE address = ? AND at >= ?),"
        " (SELECT count(*) FROM login_attempts"
        "  WHERE account = ? AND address = ? AND at >= ?)",
        [account, since, address, since, account, address, since],
    ).fetchone()


def login_succeeded(
    db: sqlite_utils.Database, user_id: int, account: str, address: str, at: str
) -> None:
    """Forget the account's failures from this address; note the login time.

    Failures from other addresses stay counted: someone else guessing the
    password keeps being throttled after the admin has logged in.
    """
    with transaction(db):
        db.execute(
            "DELETE FROM login_attempts WHERE account = ? AND address = ?",
            [account, address],
        )
        db.execute(
            "UPDATE admin_users SET last_login_at = ? WHERE id = ?", [at, user_id]
        )


def clear_login_attempts(db: sqlite_utils.Database, account: str) -> None:
    """Forget an account's failed attempts (after a password reset)."""
    db.execute("DELETE FROM login_attempts WHERE account = ?", [account])
