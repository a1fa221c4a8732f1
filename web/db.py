"""One database connection per request, closed on teardown; the fitted engine."""

from __future__ import annotations

from typing import Any

import sqlite_utils
from flask import Flask, current_app, g, request, session

from matcher import store
from matcher.engine.matcher import Matcher

from .refit import Refitter

# The saved-search page compares its answer with the latest re-score run, made
# on the directory as it is now: it waits for that directory too.
CURRENT_DIRECTORY_BLUEPRINTS = frozenset({"saved"})


def get_db() -> sqlite_utils.Database:
    """Return this request's database connection, opening it on first use."""
    if "db" not in g:
        g.db = store.connect(current_app.config["DATABASE"])
    return g.db


def close_db(_error: BaseException | None = None) -> None:
    """Close the request's connection if one was opened."""
    db = g.pop("db", None)
    if db is not None:
        db.conn.close()


def init_app(app: Flask) -> None:
    """Register the teardown that closes connections; set up the engine's refits."""
    app.teardown_appcontext(close_db)
    app.extensions["matcher_refitter"] = Refitter(
        app.config["DATABASE"],
        app.config["MATCHER_REFIT"],
        weights=app.config.get("MATCHER_WEIGHTS"),
        stale_after_days=app.config["STALE_AFTER_DAYS"],
    )


def get_cards(version: int | None, ids: list[str]) -> dict[str, dict[str, Any]]:
    """Return stored profiles by id for result cards, kept per directory version."""
    refitter: Refitter = current_app.extensions["matcher_refitter"]
    return refitter.cards.get(version, ids)


def get_matcher() -> Matcher:
    """Return the engine to answer this request with (see ``web.refit``).

    Clients are answered from the newest fitted directory, which may be the one
    before a change still being fitted; a browser with an admin session always
    searches the directory as it is now, so an admin sees their own edit, and
    so does the saved-search page.
    """
    from .admin.auth import SESSION_KEY  # here: the admin package imports this one

    refitter: Refitter = current_app.extensions["matcher_refitter"]
    if refitter.mode == "inline":
        return refitter.inline.get(get_db())
    current = request.blueprint in CURRENT_DIRECTORY_BLUEPRINTS or (
        SESSION_KEY in session
    )
    return refitter.matcher(current=current)
