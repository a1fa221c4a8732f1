"""Application settings, read from the environment with safe defaults."""

from __future__ import annotations

import datetime as dt
import os
import secrets

from matcher.config import default_db_path


def env_flag(name: str, default: bool = False) -> bool:
    """Read a yes/no setting from the environment (1/true/yes/on mean yes)."""
    value = os.environ.get(name, "").strip().casefold()
    return value in ("1", "true", "yes", "on") if value else default


class Config:
    """Defaults for the web app; each can be set through the environment."""

    DATABASE = str(default_db_path())
    # A random key per process is safe but logs admins out on restart and breaks
    # multi-worker servers: production sets MATCHER_SECRET_KEY.
    SECRET_KEY = os.environ.get("MATCHER_SECRET_KEY") or secrets.token_hex(32)
    MAX_CONTENT_LENGTH = int(
        os.environ.get("MATCHER_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)
    )
    STALE_AFTER_DAYS = int(os.environ.get("MATCHER_STALE_AFTER_DAYS", 365))
    MATCHER_WEIGHTS: dict[str, float] | None = None
    # How the engine follows a changed directory: "background" answers from the
    # previous directory while the next is fitted; "inline" (the former design,
    # kept for the benchmark) fits inside the first request that sees it.
    MATCHER_REFIT = os.environ.get("MATCHER_REFIT", "background")

    # Session cookie. Behind HTTPS set MATCHER_SECURE_COOKIES=1 so the browser
    # only ever sends it over HTTPS; it stays off by default so that
    # `flask run` on http://localhost works.
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = env_flag("MATCHER_SECURE_COOKIES")
    # A form's token lasts as long as the browser session, not one hour: a
    # results page left open keeps its Save and suggestion buttons working.
    WTF_CSRF_TIME_LIMIT = None
    # An admin session lasts one working day from login, however active.
    PERMANENT_SESSION_LIFETIME = dt.timedelta(
        hours=int(os.environ.get("MATCHER_ADMIN_SESSION_HOURS", 9))
    )
    ADMIN_LOGIN_MAX_FAILURES_PER_ACCOUNT = 5
    ADMIN_LOGIN_MAX_FAILURES_PER_ADDRESS = 20
    ADMIN_LOGIN_WINDOW_MINUTES = 15
    # Reverse proxies in front of the app whose X-Forwarded-For is trusted for
    # the client address (0: use the connection's address).
    ADMIN_TRUSTED_PROXIES = int(os.environ.get("MATCHER_TRUSTED_PROXIES", 0))
    ADMIN_UPLOAD_LIFETIME_MINUTES = 60
    # Checked files waiting for confirmation, per admin and in all (oldest go).
    ADMIN_UPLOADS_PER_ADMIN = int(os.environ.get("MATCHER_UPLOADS_PER_ADMIN", 5))
    ADMIN_UPLOADS_TOTAL = int(os.environ.get("MATCHER_UPLOADS_TOTAL", 50))
    ADMIN_PAGE_SIZE = 50
