"""The admin area: login, profile upload, directory upkeep, audit log.

Every route needs a logged-in admin except the login page itself (see
``auth.require_admin``); the first admin is created on the command line with
``flask --app web admin create-user NAME``. README.md in this folder has the
commands and settings.
"""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

# The views register themselves on bp.
from . import (  # noqa: E402, F401
    assignments,
    audit,
    auth,
    cli,
    dates,
    directory,
    errors,
    outcomes,
    runs,
    style,
    upload,
    vocabulary,
)
