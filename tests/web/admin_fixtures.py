"""Fixtures and helpers for the admin area's tests: an app per test, a logged-in admin.

Test modules bind the fixtures they use to module names (``admin_client =
fixtures.admin_client``) so pytest finds them there, and import the helpers.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from matcher import accounts, store
from matcher.directory import export
from matcher.directory.importer import import_bytes
from tests.conftest import profile, to_csv
from web import create_app

ADMIN_NAME = "dana.admin"
ADMIN_PASSWORD = "violet tugboat ledger 42"
HTML = {"Accept": "text/html,application/xhtml+xml"}
CSRF_PATTERN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
HIDDEN_PATTERN = r'name="{}" type="hidden" value="([^"]*)"'


def build_admin_app(db_path: Path, **config: Any) -> Flask:
    """Return the real app on a database file, with CSRF protection left on."""
    return create_app(
        {"DATABASE": str(db_path), "SECRET_KEY": "admin-tests", "TESTING": True}
        | config
    )


@pytest.fixture
def admin_db(db_path: Path) -> Iterator[Any]:
    """The test's database with one admin account and a small directory."""
    database = store.connect(db_path)
    accounts.create_admin(database, ADMIN_NAME, ADMIN_PASSWORD)
    rows = [
        profile(
            id="ma-0001", name="Dana Reyes", city="Boston", updated_at="2020-01-02"
        ),
        profile(id="ma-0002", name="Sam Okafor", city="Worcester", updated_at=today()),
        profile(id="ma-0003", name="Lee Park", city="Salem"),
    ]
    assert import_bytes(database, to_csv(rows), "seed.csv").ok
    yield database
    database.conn.close()


@pytest.fixture
def admin_app(admin_db, db_path: Path) -> Flask:
    """The app over the admin test database."""
    return build_admin_app(db_path)


@pytest.fixture
def admin_client(admin_app: Flask) -> FlaskClient:
    """A browser-like client with no session yet."""
    return admin_app.test_client()


@pytest.fixture
def logged_in(admin_client: FlaskClient) -> FlaskClient:
    """A client logged in as the test admin."""
    response = login(admin_client)
    assert response.status_code == 302, response.get_data(as_text=True)
    return admin_client


def today() -> str:
    """Return today's date as YYYY-MM-DD."""
    return dt.date.today().isoformat()


def csrf_token(client: FlaskClient, path: str = "/admin/login") -> str:
    """Return a CSRF token for the client's session, read from a page's form."""
    html = client.get(path, headers=HTML).get_data(as_text=True)
    match = CSRF_PATTERN.search(html)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def hidden_value(html: str, name: str) -> str | None:
    """Return the value of a hidden input in a page, or None."""
    match = re.search(HIDDEN_PATTERN.format(re.escape(name)), html)
    return match.group(1) if match else None


def login(
    client: FlaskClient,
    name: str = ADMIN_NAME,
    password: str = ADMIN_PASSWORD,
    **options: Any,
):
    """Post the login form (with a valid CSRF token) and return the response."""
    data = {"username": name, "password": password, "csrf_token": csrf_token(client)}
    return client.post("/admin/login", data=data, headers=HTML, **options)


def post(client: FlaskClient, path: str, data: dict | None = None, **options: Any):
    """Post a form as a logged-in admin would, CSRF token included."""
    token = csrf_token(client, "/admin/upload")
    return client.post(path, data={"csrf_token": token, **(data or {})}, **options)


def upload(
    client: FlaskClient, content: bytes, name: str = "profiles.csv", **fields: Any
):
    """Upload a profile file for its dry run and return the response."""
    data = {"file": (io.BytesIO(content), name), **fields}
    return post(client, "/admin/upload", data, content_type="multipart/form-data")


def confirm(client: FlaskClient, report_html: str, **overrides: str):
    """Confirm the upload whose report page is given."""
    data = {
        "token": hidden_value(report_html, "token"),
        "digest": hidden_value(report_html, "digest"),
    } | overrides
    return post(client, "/admin/upload/confirm", data)


def edit_data(database: Any, therapist_id: str, **changes: str) -> dict[str, str]:
    """Return the edit form's fields for a stored profile, with some changed."""
    stored = store.get_profile(database, therapist_id)
    values = export.form_values(stored) | {"content_hash": stored["content_hash"]}
    values.pop("id")
    return values | changes
