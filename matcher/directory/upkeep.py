"""Directory upkeep by admins: staged uploads, profile edits, (de)activation.

An upload is validated as a dry run first and its bytes are kept in the store
under a random token bound to the admin; confirming applies exactly those bytes
(checked by their SHA-256 digest) through the same ``import_bytes`` as the
command-line import. Edits go through the import's own validation. Admins
also teach the label vocabulary: an alias they accept re-maps the stored
profiles that carry its label, and removing it restores them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from .. import store
from ..labels import MAPPED_FIELDS, split_parts, teach
from .importer import ImportReport, import_bytes, kept_raw_labels, stored_row
from .schema import (
    FIELD_NAMES,
    FIELDS_BY_NAME,
    ParsedProfile,
    mapped_list,
    parse_profile,
)
from .vocab import normalise, vocabulary

UPLOAD_LIFETIME = dt.timedelta(hours=1)
# Checked files wait in the database: a few per admin, a bounded number in all.
# Checking one more drops the oldest beyond the caps.
UPLOADS_PER_ADMIN = 5
UPLOADS_TOTAL = 50
ADMIN_INACTIVE_REASON = "admin"


class UploadNotFoundError(LookupError):
    """No pending upload with that token for this admin (expired or applied)."""


class UploadMismatchError(ValueError):
    """The confirmed digest is not the digest of the file that was checked."""


def file_digest(data: bytes) -> str:
    """Return the SHA-256 hex digest of an uploaded file."""
    return hashlib.sha256(data).hexdigest()


def _token_hash(token: str) -> str:
    # Only a digest of the token is stored: the database alone cannot confirm.
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _now() -> str:
    return store.now_utc()


@dataclass
class StagedUpload:
    """A dry-run report and, when the file is importable, the token to confirm it."""

    report: ImportReport
    token: str | None = None
    digest: str = ""


def stage_upload(
    db: sqlite_utils.Database,
    user_id: int,
    data: bytes,
    file_name: str,
    *,
    replace: bool,
    lifetime: dt.timedelta = UPLOAD_LIFETIME,
    per_admin: int = UPLOADS_PER_ADMIN,
    total: int = UPLOADS_TOTAL,
) -> StagedUpload:
    """Dry-run an uploaded file; keep it for confirmation if it would import.

    Expired files are purged first, and the oldest ones beyond ``per_admin``
    for this admin or ``total`` for everyone, so the new one fits.
    """
    with store.transaction(db):  # names a storage fault (store.StorageFault)
        store.uploads.purge_expired_uploads(db, _now())
    report = import_bytes(
        db, data, file_name, replace=replace, dry_run=True, priority="low"
    )
    staged = StagedUpload(report, digest=file_digest(data))
    if not report.ok:
        return staged
    staged.token = secrets.token_urlsafe(32)
    created = dt.datetime.now(dt.UTC)
    with store.transaction(db):
        store.uploads.trim_uploads(db, user_id, per_admin=per_admin, total=total)
        store.uploads.save_pending_upload(
            db,
            {
                "token_hash": _token_hash(staged.token), "user_id": user_id,
                "file_name": report.file_name, "digest": staged.digest, "data": data,
                "replace": int(replace),
                "directory_version": report.directory_version,
                "created_at": created.isoformat(timespec="seconds"),
                "expires_at": (created + lifetime).isoformat(timespec="seconds"),
            },
        )  # fmt: skip
    return staged


@dataclass
class ConfirmedUpload:
    """The report of a confirmed upload; ``applied`` is False if it needs a re-check."""

    report: ImportReport
    applied: bool
    digest: str
    replace: bool


def confirm_upload(
    db: sqlite_utils.Database, user_id: int, token: str, digest: str, actor: str
) -> ConfirmedUpload:
    """Apply a staged upload in one transaction, or re-check it if the directory moved.

    When the directory changed since the dry run the counts shown may be wrong,
    so nothing is applied: a fresh dry-run report is returned for a new
    confirmation instead.
    """
    pending = store.uploads.pending_upload(db, _token_hash(token), user_id, _now())
    if pending is None:
        raise UploadNotFoundError("this upload expired or was already applied")
    data, replace = pending["data"], bool(pending["replace"])
    if not secrets.compare_digest(digest, pending["digest"]) or not (
        secrets.compare_digest(file_digest(data), pending["digest"])
    ):
        raise UploadMismatchError("the file to apply is not the file that was checked")
    name = pending["file_name"]
    if store.directory_version(db) != pending["directory_version"]:
        report = import_bytes(db, data, name, replace=replace, dry_run=True)
        store.uploads.set_pending_version(
            db, _token_hash(token), report.directory_version
        )
        return ConfirmedUpload(report, False, pending["digest"], replace)
    report = import_bytes(db, data, name, replace=replace, actor=actor, priority="low")
    with store.transaction(db):
        store.uploads.delete_pending_upload(db, _token_hash(token))
    return ConfirmedUpload(report, True, pending["digest"], replace)


def cancel_upload(db: sqlite_utils.Database, user_id: int, token: str) -> bool:
    """Forget a staged upload; tell whether there was one."""
    pending = store.uploads.pending_upload(db, _token_hash(token), user_id, _now())
    if pending is not None:
        store.uploads.delete_pending_upload(db, _token_hash(token))
    return pending is not None


@dataclass
class EditResult:
    """The outcome of an edit: errors by field, or the changed fields."""

    errors: dict[str, str] = field(default_factory=dict)
    changed: list[str] = field(default_factory=list)
    unrecognised: list[tuple[str, str]] = field(default_factory=list)
    cleaned: list[tuple[str, str]] = field(default_factory=list)  # as the import

    @property
    def ok(self) -> bool:
        """Tell whether the edit was valid (and saved, if anything changed)."""
        return not self.errors


def edit_profile(
    db: sqlite_utils.Database,
    therapist_id: str,
    raw: Mapping[str, Any],
    expected_hash: str,
) -> EditResult:
    """Validate an edited profile with the import's rules and save it.

    The id cannot change. ``expected_hash`` is the content digest the admin
    opened; if the profile changed since, ``EditConflictError`` is raised.
    """
    old = store.get_profile(db, therapist_id)
    if old is None:
        raise store.upkeep.EditConflictError(f"no profile {therapist_id!r}")
    fields = {**_same_text_kept(raw, old), "id": therapist_id}
    teach(store.aliases.aliases_in_force(db))
    parsed = parse_profile(fields)
    if parsed.errors:
        errors: dict[str, str] = {}
        for name, reason in parsed.errors:
            errors.setdefault(name, reason)
        return EditResult(errors=errors, unrecognised=parsed.unrecognised)
    changed = [n for n in FIELD_NAMES if parsed.values.get(n) != old.get(n)]
    if changed:
        row = stored_row(parsed.values, kept_raw_labels(old, parsed))
        store.upkeep.save_profile(db, row, expected_hash)
    return EditResult(
        changed=changed, unrecognised=parsed.unrecognised, cleaned=parsed.cleaned
    )


def _same_text_kept(raw: Mapping[str, Any], old: Mapping[str, Any]) -> dict:
    # Browsers send a textarea's line breaks as CRLF: an untouched bio must not
    # count as changed because its line endings did.
    fields = dict(raw)
    for name, value in raw.items():
        before = old.get(name)
        spec = FIELDS_BY_NAME.get(name)
        if spec and spec.kind == "text" and isinstance(before, str) and value:
            if value.replace("\r\n", "\n") == before.replace("\r\n", "\n"):
                fields[name] = before
    return fields


def set_active(db: sqlite_utils.Database, therapist_id: str, active: bool) -> bool:
    """Reactivate a profile, or deactivate it as an admin; tell if anything changed.

    A profile an admin deactivated stays inactive when a later import lists it;
    only profiles deactivated by a whole-directory import come back that way.
    """
    reason = None if active else ADMIN_INACTIVE_REASON
    return store.upkeep.set_profile_active(
        db, therapist_id, active=active, reason=reason
    )


NO_KEY = "none"  # what an admin types for a value that is no label at all


class AliasError(ValueError):
    """An alias that cannot be accepted or removed, with the reason in words."""


@dataclass
class AliasChange:
    """What accepting or removing an alias did."""

    alias: dict[str, Any]
    profiles: list[str]  # ids of the stored profiles re-mapped
    directory_version: int


def check_alias(field_name: str, raw: str, key: str) -> str | None:
    """Check an alias before storing it; return its key (None for ``none``)."""
    if field_name not in MAPPED_FIELDS:
        raise AliasError(f"{field_name!r} is not a list field with a vocabulary")
    if not normalise(raw or ""):
        raise AliasError("the value needs at least one letter or digit")
    key = (key or "").strip()
    if key == NO_KEY:
        return None
    if key not in vocabulary(field_name).entries:
        raise AliasError(f"{key!r} is not a key of {field_name} (or {NO_KEY!r})")
    return key


def accept_alias(
    db: sqlite_utils.Database,
    field_name: str,
    raw: str,
    key: str,
    actor: str,
    *,
    address: str | None = None,
) -> AliasChange:
    """Store an alias and re-map every stored profile carrying that label.

    One transaction: the alias, the re-mapped profiles, the directory version
    and the audit line are all written, or none of them.
    """
    found_key = check_alias(field_name, raw, key)
    folded, at = normalise(raw), store.now_utc()
    try:
        with store.transaction(db):
            if store.aliases.alias_in_force(db, field_name, folded):
                raise AliasError(f"{field_name} {raw!r} has an alias: remove it first")
            alias_id = store.aliases.insert_alias(
                db, field_name, raw.strip(), folded, found_key, at=at, actor=actor
            )
            teach(store.aliases.aliases_in_force(db))
            changed = _remap_carriers(db, field_name, folded, at, alias_id)
            version = _bumped(db, changed)
            detail = {"field": field_name, "key": key, "profiles": len(changed)}
            store.audit.record_event(
                db, actor, "vocab.alias_accept", target=raw.strip(),
                detail=detail, address=address,
            )  # fmt: skip
    finally:
        teach(store.aliases.aliases_in_force(db))
    alias = store.aliases.alias_in_force(db, field_name, folded) or {}
    return AliasChange(alias, changed, version)


def remove_alias(
    db: sqlite_utils.Database,
    field_name: str,
    raw: str,
    actor: str,
    *,
    address: str | None = None,
) -> AliasChange:
    """Take an alias out of force and restore the profiles it re-mapped.

    A profile untouched since the alias re-mapped it gets its stored columns
    back exactly; one changed since (or imported with the alias in force) is
    mapped again without the alias.
    """
    folded, at = normalise(raw or ""), store.now_utc()
    try:
        with store.transaction(db):
            alias = store.aliases.alias_in_force(db, field_name, folded)
            if alias is None:
                raise AliasError(f"no alias for {field_name} {raw!r}")
            store.aliases.mark_removed(db, alias["id"], at=at, actor=actor)
            teach(store.aliases.aliases_in_force(db))
            changed = _restore(db, alias, at)
            store.aliases.forget_undo(db, alias["id"])
            version = _bumped(db, changed)
            detail = {"field": field_name, "key": alias["key"] or NO_KEY,
                      "profiles": len(changed)}  # fmt: skip
            store.audit.record_event(
                db, actor, "vocab.alias_remove", target=alias["raw"],
                detail=detail, address=address,
            )  # fmt: skip
    finally:
        teach(store.aliases.aliases_in_force(db))
    return AliasChange(alias, changed, version)


def _bumped(db: sqlite_utils.Database, changed: list[str]) -> int:
    if changed:
        return store.aliases.bump_directory_version(db)
    return store.directory_version(db)


def _carriers(db: sqlite_utils.Database, field_name: str, folded: str) -> list[dict]:
    """The stored rows whose field, as the therapist typed it, has that label.

    The label may be a whole value or a part of a multi-value cell.
    """
    return [
        row
        for row in store.aliases.profiles_with_values(db, field_name)
        if any(folded in _folded_forms(v) for v in typed_labels(row, field_name))
    ]


def _folded_forms(value: str) -> set[str]:
    return {normalise(part) for part in [value, *split_parts(value)]}


def typed_labels(row: dict[str, Any], field_name: str) -> list[str]:
    """A stored row's labels in a list field exactly as typed."""
    kept = json.loads(row.get("raw_labels") or "{}").get(field_name)
    return kept if kept is not None else json.loads(row.get(field_name) or "[]")


def _remap_carriers(db, field_name: str, folded: str, at: str, alias_id: int):
    changed = []
    for row in _carriers(db, field_name, folded):
        columns = remapped_columns(row, field_name, at)
        if columns is not None:
            before = {c: row[c] for c in (field_name, *store.aliases.REMAPPED_COLUMNS)}
            store.aliases.update_columns(db, row["id"], columns)
            store.aliases.save_undo(
                db, alias_id, row["id"], before, columns["content_hash"]
            )
            changed.append(row["id"])
    return changed


def _restore(db: sqlite_utils.Database, alias: dict[str, Any], at: str) -> list[str]:
    field_name, changed = alias["field"], []
    undo = {u["therapist_id"]: u for u in store.aliases.undo_rows(db, alias["id"])}
    for row in _carriers(db, field_name, alias["folded"]):
        kept = undo.get(row["id"])
        if kept is not None and kept["after_hash"] == row["content_hash"]:
            columns = kept["before"]
        else:
            columns = remapped_columns(row, field_name, at)
        if columns is not None:
            store.aliases.update_columns(db, row["id"], columns)
            changed.append(row["id"])
    return changed


def remapped_columns(
    row: dict[str, Any], field_name: str, at: str
) -> dict[str, Any] | None:
    """Map a stored row's typed labels of one field again; None if nothing changes."""
    values = store.from_row(row)
    raw_labels = json.loads(row.get("raw_labels") or "{}")
    parsed = ParsedProfile()
    keys = mapped_list(
        list(typed_labels(row, field_name)), FIELDS_BY_NAME[field_name], parsed
    )
    merged = {
        k: v for k, v in raw_labels.items() if k != field_name
    } | parsed.raw_labels
    kept = {name: merged[name] for name in FIELD_NAMES if name in merged}
    new = stored_row({n: values.get(n) for n in FIELD_NAMES} | {field_name: keys}, kept)
    columns = {
        field_name: new[field_name], "raw_labels": new.get("raw_labels"),
        "content_hash": new["content_hash"], "last_changed_at": at,
    }  # fmt: skip
    if all(columns[c] == row[c] for c in (field_name, "raw_labels")):
        return None
    return columns


def export_vocabulary(db: sqlite_utils.Database, field_name: str) -> dict[str, Any]:
    """Return a field's aliases in force as a vocabulary file (data/vocab format).

    Entries carry each key's label and the labels taught for it; ``not_labels``
    lists the values taught as no label at all (``none``).
    """
    if field_name not in MAPPED_FIELDS:
        raise AliasError(f"{field_name!r} is not a list field with a vocabulary")
    vocab = vocabulary(field_name)
    taught = [a for a in store.aliases.stored_aliases(db) if a["field"] == field_name]
    by_key: dict[str, list[str]] = {}
    for alias in taught:
        if alias["key"] is not None:
            by_key.setdefault(alias["key"], []).append(alias["raw"])
    return {
        "name": field_name,
        "description": f"Aliases taught by admins for {field_name} (vocabulary "
        f"version {store.aliases.vocabulary_version(db)}).",
        "entries": [
            {"key": key, "label": vocab.label(key), "aliases": by_key[key]}
            for key in vocab.keys
            if key in by_key
        ],
        "not_labels": [a["raw"] for a in taught if a["key"] is None],
    }
