"""Fixtures for the client pages and the API: the app on a fresh directory file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from matcher import store
from matcher.directory.importer import import_bytes
from tests.conftest import to_csv
from tests.web.helpers import DIRECTORY
from web import create_app


def load(db_path: Path, rows: list[dict[str, Any]], *, replace: bool = False) -> None:
    """Import rows into the database file through the real import."""
    db = store.connect(db_path)
    report = import_bytes(db, to_csv(rows), "directory.csv", replace=replace)
    db.conn.close()
    assert report.outcome == "imported", report.errors


@pytest.fixture
def make_app(db_path: Path) -> Callable[..., Flask]:
    """Build the app on this test's database file, with config overrides."""

    def make(rows: list[dict[str, Any]] | None = None, **config: Any) -> Flask:
        load(db_path, DIRECTORY if rows is None else rows)
        settings = {
            "DATABASE": str(db_path),
            "TESTING": True,
            "SECRET_KEY": "tests",
            "WTF_CSRF_ENABLED": False,
        }
        return create_app(settings | config)

    return make


@pytest.fixture
def app(make_app: Callable[..., Flask]) -> Flask:
    """The app on the small directory above, CSRF off for form tests."""
    return make_app()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client of that app."""
    return app.test_client()


# The admin area's fixtures, shared by every test module of this folder.
from tests.web.admin_fixtures import (  # noqa: E402, F401
    admin_app,
    admin_client,
    admin_db,
    logged_in,
)
