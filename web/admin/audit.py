"""The audit log: recording admin actions, and the page that lists them."""

from __future__ import annotations

import dataclasses
from typing import Any

from flask import current_app, g, render_template, request
from werkzeug.wrappers import Response

from matcher import store

from ..db import get_db
from . import bp
from .paging import past_the_end, requested_page


def client_address() -> str:
    """Return the client's address, read through the trusted proxies if any."""
    hops = current_app.config["ADMIN_TRUSTED_PROXIES"]
    forwarded = request.headers.get("X-Forwarded-For", "").split(",")
    forwarded = [address.strip() for address in forwarded if address.strip()]
    if hops and len(forwarded) >= hops:
        return forwarded[-hops]
    return request.remote_addr or "unknown"


def record(
    action: str,
    *,
    actor: str | None = None,
    target: str | None = None,
    **detail: Any,
) -> None:
    """Add an event by the current admin (or the given actor) to the audit log."""
    actor = actor or g.admin["name"]
    store.audit.record_event(
        get_db(), actor, action, target=target, detail=detail, address=client_address()
    )


@bp.get("/audit")
def audit_log() -> str | Response:
    """List the audit log, newest first, one page at a time."""
    page = requested_page()
    events, total = store.audit.audit_events(
        get_db(), limit=page.size, offset=page.offset
    )
    page = dataclasses.replace(page, total=total)
    return past_the_end(page) or render_template(
        "admin/audit.html", events=events, page=page
    )
