"""Label aliases taught by admins, and what accepting each one changed.

An alias maps a raw value of a list field (folded as the vocabulary folds it)
to a key, or to no key (``key`` NULL: the value is not a label at all). Rows
are never deleted: removing an alias stamps ``removed_at``, so the table is
the aliases' history. Every accept and remove takes the next number of the
``vocabulary_version`` kept in ``meta``. For each profile an alias re-mapped,
``label_alias_undo`` keeps the columns as they were before, to restore them
exactly when the alias is removed.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import sqlite_utils

from . import SCHEMA_HOOKS, _bump_version, bump_meta_count, meta_count
from . import directory_version as store_version

ALIAS_COLUMNS = (
    "id", "field", "raw", "folded", "key", "version", "created_at", "created_by",
    "removed_at", "removed_by", "removed_version",
)  # fmt: skip
# The therapist columns a re-map may change (besides the field itself).
REMAPPED_COLUMNS = ("raw_labels", "content_hash", "last_changed_at")


def create_tables(db: sqlite_utils.Database) -> None:
    """Create the label_aliases and label_alias_undo tables if they are missing."""
    if not db["label_aliases"].exists():
        db["label_aliases"].create(
            {
                "id": int, "field": str, "raw": str, "folded": str, "key": str,
                "version": int, "created_at": str, "created_by": str,
                "removed_at": str, "removed_by": str, "removed_version": int,
            },
            pk="id",
            not_null={"field", "raw", "folded", "version", "created_at"},
        )  # fmt: skip
        db.execute(
            "CREATE UNIQUE INDEX idx_label_aliases_in_force"
            " ON label_aliases (field, folded) WHERE removed_at IS NULL"
        )
    if not db["label_alias_undo"].exists():
        db["label_alias_undo"].create(
            {"alias_id": int, "therapist_id": str, "before": str, "after_hash": str},
            pk=("alias_id", "therapist_id"),
            foreign_keys=[("alias_id", "label_aliases", "id")],
        )
    db.execute(
        "INSERT OR IGNORE INTO meta (key, value) VALUES ('vocabulary_version', '0')"
    )


SCHEMA_HOOKS.append(create_tables)


def _rows(cursor) -> list[dict[str, Any]]:
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


def stored_aliases(
    db: sqlite_utils.Database, *, include_removed: bool = False
) -> list[dict[str, Any]]:
    """Return the aliases in force (or every alias ever taught), by field and label."""
    where = "" if include_removed else " WHERE removed_at IS NULL"
    return _rows(
        db.execute(
            f"SELECT {', '.join(ALIAS_COLUMNS)} FROM label_aliases{where}"
            " ORDER BY field, folded, id"
        )
    )


def aliases_in_force(db: sqlite_utils.Database) -> list[tuple[str, str, str | None]]:
    """Return the aliases in force as (field, raw, key or None), for the mapper."""
    rows = db.execute(
        "SELECT field, raw, key FROM label_aliases WHERE removed_at IS NULL"
    )
    return [(f, r, k) for f, r, k in rows]


def alias_in_force(
    db: sqlite_utils.Database, field: str, folded: str
) -> dict[str, Any] | None:
    """Return the alias in force for a field's folded label, or None."""
    found = _rows(
        db.execute(
            f"SELECT {', '.join(ALIAS_COLUMNS)} FROM label_aliases"
            " WHERE field = ? AND folded = ? AND removed_at IS NULL",
            [field, folded],
        )
    )
    return found[0] if found else None


def vocabulary_version(db: sqlite_utils.Database) -> int:
    """Return the version of the taught aliases (0 before the first)."""
    return meta_count(db, "vocabulary_version")


def _bump_vocabulary_version(db: sqlite_utils.Database) -> int:
    return bump_meta_count(db, "vocabulary_version")


def insert_alias(
    db: sqlite_utils.Database,
    field: str,
    raw: str,
    folded: str,
    key: str | None,
    *,
    at: str,
    actor: str,
) -> int:
    """Store a new alias in force (in the open transaction); return its id."""
    version = _bump_vocabulary_version(db)
    cursor = db.execute(
        "INSERT INTO label_aliases (field, raw, folded, key, version, created_at,"
        " created_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [field, raw, folded, key, version, at, actor],
    )
    return cursor.lastrowid


def mark_removed(db: sqlite_utils.Database, alias_id: int, *, at: str, actor: str):
    """Take an alias out of force (its row stays, as history)."""
    version = _bump_vocabulary_version(db)
    db.execute(
        "UPDATE label_aliases SET removed_at = ?, removed_by = ?, removed_version = ?"
        " WHERE id = ?",
        [at, actor, version, alias_id],
    )


def profiles_with_values(db: sqlite_utils.Database, field: str) -> list[dict]:
    """Return the stored rows (active or not) that list anything in a field."""
    if field not in db["therapists"].columns_dict:
        raise ValueError(f"no list field {field!r}")
    return _rows(
        db.execute(
            f"SELECT * FROM therapists WHERE [{field}] IS NOT NULL"
            f" OR raw_labels LIKE ? ORDER BY id",
            [f'%"{field}"%'],
        )
    )


def update_columns(
    db: sqlite_utils.Database, therapist_id: str, columns: dict[str, Any]
) -> None:
    """Write some columns of one stored profile (in the open transaction)."""
    assignments = ", ".join(f"[{name}] = ?" for name in columns)
    db.execute(
        f"UPDATE therapists SET {assignments} WHERE id = ?",
        [*columns.values(), therapist_id],
    )


def save_undo(
    db: sqlite_utils.Database,
    alias_id: int,
    therapist_id: str,
    before: dict[str, Any],
    after_hash: str,
) -> None:
    """Keep a profile's columns as they were before an alias re-mapped it."""
    db.execute(
        "INSERT INTO label_alias_undo (alias_id, therapist_id, before, after_hash)"
        " VALUES (?, ?, ?, ?)",
        [alias_id, therapist_id, json.dumps(before, ensure_ascii=False), after_hash],
    )


def undo_rows(db: sqlite_utils.Database, alias_id: int) -> list[dict[str, Any]]:
    """Return what accepting an alias changed: before columns, hash after."""
    rows = _rows(
        db.execute(
            "SELECT therapist_id, before, after_hash FROM label_alias_undo"
            " WHERE alias_id = ? ORDER BY therapist_id",
            [alias_id],
        )
    )
    for row in rows:
        row["before"] = json.loads(row["before"])
    return rows


def forget_undo(db: sqlite_utils.Database, alias_id: int) -> None:
    """Drop the before columns of a removed alias."""
    db.execute("DELETE FROM label_alias_undo WHERE alias_id = ?", [alias_id])


def profile_row(db: sqlite_utils.Database, therapist_id: str) -> dict | None:
    """Return one stored row exactly as stored (lists as JSON text)."""
    found = _rows(db.execute("SELECT * FROM therapists WHERE id = ?", [therapist_id]))
    return found[0] if found else None


def bump_directory_version(db: sqlite_utils.Database) -> int:
    """Bump the directory version (in the open transaction) so matching refits."""
    return _bump_version(db)


def directory_fingerprint(db: sqlite_utils.Database) -> tuple:
    """Return what tells one state of the directory from another.

    The version, with a digest of every profile's id, content hash and active
    flag, which differs even when a restored backup brings back a version
    number seen before (a few milliseconds at 20,000 profiles).
    """
    (joined,) = db.execute(
        "SELECT group_concat(id || ' ' || ifnull(content_hash, '') || ' ' || active,"
        " char(10)) FROM (SELECT id, content_hash, active FROM therapists ORDER BY id)"
    ).fetchone()
    digest = hashlib.sha256((joined or "").encode()).hexdigest()
    return store_version(db), digest
