"""Error pages of the admin area, in words an admin can act on."""

from __future__ import annotations

from flask import current_app, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import RequestEntityTooLarge

from . import bp


@bp.errorhandler(RequestEntityTooLarge)
def too_large(_error: RequestEntityTooLarge) -> tuple[str, int]:
    """Say how large a file may be, instead of a bare 413."""
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    return render_template("admin/too_large.html", limit=limit), 413


@bp.errorhandler(CSRFError)
def form_expired(error: CSRFError) -> tuple[str, int]:
    """Explain a missing or expired form token; nothing was changed."""
    return render_template("admin/form_expired.html", reason=error.description), 400
