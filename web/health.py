"""The health endpoint for load balancers: can the directory database be used?"""

from __future__ import annotations

from flask import Blueprint, current_app

from matcher.store.health import check_database

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> tuple[dict[str, str], int]:
    """Answer 200 when the database can be read and written, else 503 and why."""
    health = check_database(current_app.config["DATABASE"])
    if health.ok:
        return {"status": "ok"}, 200
    return {
        "status": "unavailable",
        "reason": health.reason or "error",
        "detail": health.detail,
    }, 503
