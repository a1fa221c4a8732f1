"""Client-facing pages."""

from __future__ import annotations

from flask import Blueprint, render_template

from matcher import store

from .db import get_db

bp = Blueprint("main", __name__)


@bp.get("/")
def index() -> str:
    """Show the start page with the size of the directory."""
    db = get_db()
    return render_template(
        "index.html",
        therapists=store.count_profiles(db),
        version=store.directory_version(db),
    )
