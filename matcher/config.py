"""Settings shared by the app and the scripts, read from the environment."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DB_ENV_VAR = "MATCHER_DB"
DEFAULT_DB_PATH = PROJECT_ROOT / "instance" / "matcher.db"


def default_db_path() -> Path:
    """Return the database path: $MATCHER_DB if set, else instance/matcher.db."""
    configured = os.environ.get(DB_ENV_VAR, "").strip()
    return Path(configured) if configured else DEFAULT_DB_PATH
