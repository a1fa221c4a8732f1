"""Application settings, read from the environment with safe defaults."""

from __future__ import annotations

import os
import secrets

from matcher.config import default_db_path


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
