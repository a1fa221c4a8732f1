"""Health checks the database cheaply; storage faults answer 503, never 500."""

from __future__ import annotations

import sqlite3

import pytest

from matcher import store
from matcher.store import health as store_health
from matcher.store import saved
from web import create_app
from web import search as web_search

TEST_CONFIG = {"TESTING": True, "SECRET_KEY": "tests", "WTF_CSRF_ENABLED": False}


@pytest.fixture
def make_client(db_path):
    """Return a test client of the app on this test's database file."""

    def make():
        return create_app({"DATABASE": str(db_path)} | TEST_CONFIG).test_client()

    return make


@pytest.fixture
def ready(db_path):
    """Create a directory database with its tables, and close it."""
    store.connect(db_path).conn.close()
    return db_path


def health(client) -> tuple[int, dict]:
    response = client.get("/healthz")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    return response.status_code, response.get_json()


def test_a_readable_writable_database_is_healthy(ready, make_client):
    assert health(make_client()) == (200, {"status": "ok"})


def test_a_missing_database_is_unhealthy_and_is_not_created(db_path, make_client):
    status, body = health(make_client())
    assert (status, body["status"], body["reason"]) == (503, "unavailable", "missing")
    assert not db_path.exists()


def test_a_broken_file_is_unhealthy(db_path, make_client):
    db_path.write_bytes(b"this is not SQLite " * 100)
    status, body = health(make_client())
    assert (status, body["reason"]) == (503, "not_a_database")
    assert db_path.read_bytes() == b"this is not SQLite " * 100  # left untouched


def test_a_path_that_cannot_be_opened_is_unhealthy(db_path, make_client):
    db_path.mkdir()  # a folder where the file should be: unreadable even for root
    assert health(make_client())[1]["reason"] == "unreadable"


def test_a_missing_table_is_unhealthy(ready, make_client):
    with sqlite3.connect(ready) as conn:
        conn.execute("DROP TABLE meta")
    status, body = health(make_client())
    assert (status, body["reason"]) == (503, "missing_table")
    assert "meta" in body["detail"]


def test_a_read_only_database_is_unhealthy(ready, make_client, monkeypatch):
    # Tests may run as root, whom file modes do not stop: open it as SQLite
    # does a file it may not write, read-only.
    connect = sqlite3.connect

    def read_only(address, **options):
        return connect(address.replace("mode=rw", "mode=ro"), **options)

    monkeypatch.setattr(store_health.sqlite3, "connect", read_only)
    assert health(make_client()) == (
        503,
        {
            "status": "unavailable",
            "reason": "read_only",
            "detail": "the database file (or its folder) is read-only",
        },
    )


def test_a_database_being_written_is_healthy(ready, make_client):
    writer = sqlite3.connect(ready, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    try:
        assert health(make_client()) == (200, {"status": "ok"})
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_a_failing_query_is_unhealthy(ready, make_client, monkeypatch):
    def disk_error(*_args, **_options):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(store_health, "_probe", disk_error)
    status, body = health(make_client())
    assert (status, body["reason"]) == (503, "error")
    assert "disk I/O error" in body["detail"]


def test_pages_and_api_answer_a_broken_file_with_503(db_path, make_client):
    db_path.write_bytes(b"this is not SQLite " * 100)
    client = make_client()
    page = client.get("/")
    assert page.status_code == 503
    assert "not available just now" in page.get_data(as_text=True)
    assert page.headers["Retry-After"] == "60"
    api = client.post("/api/v1/matches", json={"state": "MA"})
    assert api.status_code == 503
    assert list(api.get_json()["errors"]) == ["storage"]
    login = {"username": "admin", "password": "a long passphrase"}
    assert client.post("/admin/login", data=login).status_code == 503


def test_a_failed_write_answers_a_calm_503_and_keeps_nothing(
    ready, make_client, monkeypatch
):
    def read_only(*_args, **_options):
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(saved, "save_request", read_only)
    form = {"request_json": '{"state": "MA", "concerns_text": "private"}'}
    response = make_client().post("/saved", data=form | {"consent": "y"})
    assert response.status_code == 503
    page = response.get_data(as_text=True)
    assert "Nothing you typed was kept" in page and "private" not in page


def test_the_api_answers_a_query_failure_with_json_503(
    ready, make_client, monkeypatch, caplog
):
    def disk_error():
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(web_search, "get_matcher", disk_error)
    body = {"state": "MA", "concerns_text": "my private words"}
    response = make_client().post("/api/v1/matches", json=body)
    assert response.status_code == 503
    assert response.is_json and set(response.get_json()) == {"errors"}
    assert "disk I/O error" in caplog.text  # the operator learns the cause
    assert "private" not in caplog.text  # and nothing the client sent


def test_a_bug_is_still_a_500_not_a_storage_503(ready, make_client, monkeypatch):
    def bug():
        raise sqlite3.ProgrammingError("a misused cursor")

    monkeypatch.setattr(web_search, "get_matcher", bug)
    client = make_client()
    client.application.config["PROPAGATE_EXCEPTIONS"] = False
    assert client.post("/api/v1/matches", json={"state": "MA"}).status_code == 500
