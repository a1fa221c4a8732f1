"""A trivial liveness endpoint for load balancers and the web benchmark's baseline."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> dict[str, str]:
    """Say the app is up; touches neither the database nor the engine."""
    return {"status": "ok"}
