"""One database connection per request, closed on teardown."""

from __future__ import annotations

import sqlite_utils
from flask import Flask, current_app, g

from matcher import store
from matcher.engine import Matcher


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
    """Register the teardown that closes connections."""
    app.teardown_appcontext(close_db)


def get_matcher() -> Matcher:
    """Return the engine fitted on the current directory version."""
    return current_app.extensions["directory_matcher"].get(get_db())
