"""Directory upkeep by admins: staged uploads, profile edits, (de)activation.

An upload is validated as a dry run first and its bytes are kept in the store
under a random token bound to the admin; confirming applies exactly those bytes
(checked by their SHA-256 digest) through the same ``import_bytes`` as the
command-line import. Edits go through the import's own validation.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from . import store
from .importer import ImportReport, import_bytes, kept_raw_labels, stored_row
from .schema import FIELD_NAMES, FIELDS_BY_NAME, parse_profile

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
    report = import_bytes(db, data, file_name, replace=replace, dry_run=True)
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
    report = import_bytes(db, data, name, replace=replace, actor=actor)
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
