"""Admin accounts: password policy, Argon2id hashing, login with throttling, sessions.

Passwords are hashed with Argon2id at OWASP's minimum cost or above (19 MiB of
memory, 2 passes). A password is at least 8 characters; long ones are accepted
unchanged, never truncated or normalised; common ones are refused. Logging in
with an unknown name costs one Argon2 verification against a dummy hash, like a
wrong password does, and gives the same answer. Failed attempts are counted in
the database per account and per client address, so the limits hold across
server workers. An account that has failed too often is closed only to the
addresses that have been failing: from an address with no recent failure the
right password still logs in (OWASP ASVS V6.3), so failing a known admin's
password from elsewhere cannot lock that admin out. A session is the admin's id,
session version and login time: it ends when the version is bumped (logout,
password change) or the lifetime ends.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sqlite_utils
from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

from . import store
from .directory.vocab import DATA_DIR

ARGON2_TIME_COST = 2
ARGON2_MEMORY_KIB = 19_456  # 19 MiB, OWASP's minimum for Argon2id
ARGON2_PARALLELISM = 1
MIN_PASSWORD_LENGTH = 8
# Far above any passphrase, low enough that hashing cannot be made a burden.
MAX_PASSWORD_LENGTH = 1024
NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._@-]{1,63}$")
COMMON_PASSWORDS_FILE = DATA_DIR / "common_passwords.txt"


class PasswordRejectedError(ValueError):
    """A new password breaks the policy; the message says which rule."""


class AccountNameError(ValueError):
    """An account name is not 2-64 of a-z 0-9 . _ @ - (starting with a letter/digit)."""


def make_hasher(
    time_cost: int = ARGON2_TIME_COST,
    memory_cost: int = ARGON2_MEMORY_KIB,
    parallelism: int = ARGON2_PARALLELISM,
) -> PasswordHasher:
    """Return an Argon2id hasher with the given cost (defaults: OWASP minimum)."""
    return PasswordHasher(
        time_cost=time_cost,
        memory_cost=memory_cost,
        parallelism=parallelism,
        type=Type.ID,
    )


HASHER = make_hasher()


@functools.cache
def common_passwords() -> frozenset[str]:
    """Return the refused common passwords, lower-cased."""
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(
        line.strip().casefold() for line in lines if line.strip()[:1] not in ("", "#")
    )


def normalise_name(name: str) -> str:
    """Return the account name as stored: trimmed and lower-cased."""
    return name.strip().casefold()


def check_name(name: str) -> str:
    """Return the normalised account name or raise AccountNameError."""
    normalised = normalise_name(name)
    if not NAME_PATTERN.match(normalised):
        raise AccountNameError(
            "an account name is 2-64 characters of a-z 0-9 . _ @ -, "
            "starting with a letter or digit"
        )
    return normalised


def check_password(password: str, name: str = "") -> None:
    """Raise PasswordRejectedError if a new password breaks the policy."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise PasswordRejectedError(
            f"use at least {MIN_PASSWORD_LENGTH} characters; a few unrelated words "
            "make a password that is long and easy to remember"
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise PasswordRejectedError(f"use at most {MAX_PASSWORD_LENGTH} characters")
    folded = password.casefold()
    if folded in common_passwords():
        raise PasswordRejectedError(
            "this password is on the list of common passwords; choose another"
        )
    if name and folded == normalise_name(name):
        raise PasswordRejectedError("the password must not be the account name")


def hash_password(password: str, hasher: PasswordHasher | None = None) -> str:
    """Return the Argon2id hash of a password (default hasher: ``HASHER``)."""
    return (hasher or HASHER).hash(password)


def verify_password(
    password_hash: str, password: str, hasher: PasswordHasher | None = None
) -> bool:
    """Tell whether a password matches its hash (never raises on a mismatch)."""
    try:
        return (hasher or HASHER).verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@functools.cache
def dummy_hash() -> str:
    """Return a hash no password matches, to verify unknown names against."""
    return hash_password("no account has this password: " + "x" * 32)


def create_admin(db: sqlite_utils.Database, name: str, password: str) -> int:
    """Create an admin account after checking its name and password; return its id."""
    name = check_name(name)
    check_password(password, name)
    return store.accounts.insert_admin(db, name, hash_password(password), _now_text())


def set_password(db: sqlite_utils.Database, name: str, password: str) -> None:
    """Give an admin a new password, ending its sessions and clearing its lockout."""
    user = store.accounts.admin_by_name(db, normalise_name(name))
    if user is None:
        raise LookupError(f"no admin named {normalise_name(name)!r}")
    check_password(password, user["name"])
    store.accounts.set_password_hash(
        db, user["id"], hash_password(password), _now_text()
    )
    store.accounts.clear_login_attempts(db, attempt_key(user["name"]))


def disable_admin(db: sqlite_utils.Database, name: str) -> None:
    """Disable an admin account: it cannot log in and its sessions end."""
    _set_active(db, name, active=False)


def enable_admin(db: sqlite_utils.Database, name: str) -> None:
    """Enable a disabled admin account again (its old sessions stay ended)."""
    _set_active(db, name, active=True)


def _set_active(db: sqlite_utils.Database, name: str, *, active: bool) -> None:
    user = store.accounts.admin_by_name(db, normalise_name(name))
    if user is None:
        raise LookupError(f"no admin named {normalise_name(name)!r}")
    store.accounts.set_admin_active(db, user["id"], active=active)


@dataclass(frozen=True)
class ThrottlePolicy:
    """How many failed logins are allowed per account and per address, and when."""

    max_per_account: int = 5
    max_per_address: int = 20
    window: dt.timedelta = dt.timedelta(minutes=15)


@dataclass(frozen=True)
class LoginResult:
    """The outcome of one login attempt: ok, failed or throttled."""

    outcome: str
    user: dict[str, Any] | None = None
    name_known: bool = False

    @property
    def ok(self) -> bool:
        """Tell whether the admin is now logged in."""
        return self.outcome == "ok"


def authenticate(
    db: sqlite_utils.Database,
    name: str,
    password: str,
    address: str,
    policy: ThrottlePolicy = ThrottlePolicy(),  # noqa: B008 - frozen, never mutated
    now: dt.datetime | None = None,
) -> LoginResult:
    """Check a login; unknown names cost the same Argon2 work as wrong passwords."""
    now = now or dt.datetime.now(dt.UTC)
    account = normalise_name(name)
    attempt = store.accounts.begin_login_attempt(
        db,
        attempt_key(account),
        address,
        since=_text(now - policy.window),
        at=_text(now),
        max_per_account=policy.max_per_account,
        max_per_address=policy.max_per_address,
    )
    if attempt is None:
        # Named in the audit log when it is an account: the admins must see
        # which account is being tried. The answer is the same either way.
        known = store.accounts.admin_by_name(db, account) is not None
        return LoginResult("throttled", name_known=known)
    user = store.accounts.admin_by_name(db, account)
    stored_hash = user["password_hash"] if user else dummy_hash()
    if not verify_password(stored_hash, password) or not (user and user["active"]):
        return LoginResult("failed", name_known=user is not None)
    store.accounts.login_succeeded(
        db, user["id"], attempt_key(account), address, _text(now)
    )
    if HASHER.check_needs_rehash(stored_hash):
        store.accounts.rehash_password(db, user["id"], hash_password(password))
    return LoginResult("ok", user=user)


def attempt_key(account: str) -> str:
    """Return the digest failed attempts are counted under (never the typed name)."""
    # Someone may type a password into the name field: keep only a digest of it.
    return hashlib.blake2b(account.encode("utf-8"), digest_size=16).hexdigest()


def session_data(user: Mapping[str, Any], now: dt.datetime | None = None) -> dict:
    """Return what the session cookie carries for a logged-in admin."""
    now = now or dt.datetime.now(dt.UTC)
    return {"uid": user["id"], "ver": user["session_version"], "at": _text(now)}


def admin_for_session(
    db: sqlite_utils.Database,
    data: Any,
    lifetime: dt.timedelta,
    now: dt.datetime | None = None,
) -> dict[str, Any] | None:
    """Return the admin a session belongs to, or None if it has ended."""
    if not isinstance(data, Mapping):
        return None
    user = store.accounts.admin_by_id(db, data.get("uid"))
    if user is None or not user["active"] or user["session_version"] != data.get("ver"):
        return None
    try:
        started = dt.datetime.fromisoformat(str(data.get("at")))
    except ValueError:
        return None
    now = now or dt.datetime.now(dt.UTC)
    return user if started <= now < started + lifetime else None


def end_sessions(db: sqlite_utils.Database, user_id: int) -> None:
    """End every session of one admin (logout)."""
    store.accounts.bump_session_version(db, user_id)


def _text(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")


def _now_text() -> str:
    return _text(dt.datetime.now(dt.UTC))
